package org.jsnm.attend.android.ui

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.semantics.LiveRegionMode
import androidx.compose.ui.semantics.clearAndSetSemantics
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.liveRegion
import androidx.compose.ui.unit.dp
import org.jsnm.attend.app.BannerState

/**
 * Screen ⑥: offline, how many scans wait to be sent, and where sync stands. A polite live
 * region, so a screen reader announces it when the phone drops offline or the count
 * changes, without the member having to find it.
 */
@Composable
fun OfflineBanner(banner: BannerState) {
    if (!banner.visible) return
    val lines = listOfNotNull(banner.offlineText, banner.waitingText, banner.syncText, banner.lastError)
        .filter { it.isNotBlank() }
        .distinct()
    val colors = MaterialTheme.colorScheme
    Surface(
        color = if (banner.offline) colors.errorContainer else colors.secondaryContainer,
        contentColor = if (banner.offline) colors.onErrorContainer else colors.onSecondaryContainer,
    ) {
        Column(
            Modifier
                .fillMaxWidth()
                .padding(horizontal = 16.dp, vertical = 8.dp)
                .clearAndSetSemantics {
                    contentDescription = lines.joinToString("\n")
                    liveRegion = LiveRegionMode.Polite
                },
        ) {
            lines.forEachIndexed { index, line ->
                Text(
                    line,
                    style = if (index == 0) MaterialTheme.typography.titleSmall else MaterialTheme.typography.bodySmall,
                )
            }
        }
    }
}
