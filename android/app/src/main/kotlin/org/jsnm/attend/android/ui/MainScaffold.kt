package org.jsnm.attend.android.ui

import androidx.compose.foundation.background
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.RowScope
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.statusBarsPadding
import androidx.compose.material3.Icon
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.NavigationBar
import androidx.compose.material3.NavigationBarItem
import androidx.compose.material3.Scaffold
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.collectAsState
import androidx.compose.runtime.getValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.vector.ImageVector
import androidx.compose.ui.semantics.clearAndSetSemantics
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.unit.dp
import org.jsnm.attend.AccountView
import org.jsnm.attend.app.AppModel
import org.jsnm.attend.app.Tab

/**
 * The logged-in frame (app steps ②③⑥): the member's name and number on top, the offline
 * banner under it, the three tabs of the manual at the bottom.
 */
@Composable
fun MainScaffold(model: AppModel, tab: Tab, cameraPreview: CameraPreviewSlot) {
    val labels = model.labels
    val account by model.account.collectAsState()
    val banner by model.banner.collectAsState()

    Scaffold(
        topBar = {
            // Drawn edge to edge: the status bar's height is kept clear, in the header's colour.
            Column(Modifier.fillMaxWidth().background(MaterialTheme.colorScheme.primary).statusBarsPadding()) {
                AccountHeader(account)
                OfflineBanner(banner)
            }
        },
        bottomBar = {
            NavigationBar {
                TabItem(tab, Tab.HOME, labels.tabHome, TabIcons.Home, model)
                TabItem(tab, Tab.READER, labels.tabReader, TabIcons.Reader, model)
                TabItem(tab, Tab.CREDITS, labels.tabCredits, TabIcons.Credits, model)
            }
        },
    ) { padding ->
        val content = Modifier.fillMaxSize().padding(padding)
        when (tab) {
            Tab.HOME -> HomeScreen(labels, model.home, banner, content)
            Tab.READER -> ReaderScreen(labels, model.reader, cameraPreview, content)
            Tab.CREDITS -> CreditsScreen(labels, model.credits, content)
        }
    }
}

@Composable
private fun RowScope.TabItem(
    selected: Tab,
    tab: Tab,
    label: String,
    icon: ImageVector,
    model: AppModel,
) {
    NavigationBarItem(
        selected = selected == tab,
        onClick = { model.selectTab(tab) },
        // The label is spoken once, from the item; the icon is decoration.
        icon = { Icon(icon, contentDescription = null) },
        label = { Text(label) },
        modifier = Modifier.spoken(label),
    )
}

/** `核医 太郎 先生` and `会員番号 1001`, as the core words them. */
@Composable
private fun AccountHeader(account: AccountView?) {
    if (account == null) return
    Surface(color = MaterialTheme.colorScheme.primary, contentColor = MaterialTheme.colorScheme.onPrimary) {
        Column(
            Modifier
                .fillMaxWidth()
                .padding(horizontal = 16.dp, vertical = 12.dp)
                // One announcement for the two lines.
                .clearAndSetSemantics { contentDescription = "${account.headerName} ${account.headerNumber}" },
        ) {
            Text(account.headerName, style = MaterialTheme.typography.titleLarge)
            Text(account.headerNumber, style = MaterialTheme.typography.bodyMedium)
        }
    }
}
