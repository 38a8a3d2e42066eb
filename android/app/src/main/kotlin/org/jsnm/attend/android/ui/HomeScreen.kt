package org.jsnm.attend.android.ui

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.PaddingValues
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.height
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material3.Button
import androidx.compose.material3.Card
import androidx.compose.material3.CardDefaults
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.collectAsState
import androidx.compose.runtime.getValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.semantics.LiveRegionMode
import androidx.compose.ui.semantics.liveRegion
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.font.FontWeight
import androidx.compose.ui.unit.dp
import androidx.compose.ui.unit.sp
import org.jsnm.attend.AttendanceEntry
import org.jsnm.attend.EntryStatus
import org.jsnm.attend.UiLabels
import org.jsnm.attend.app.BannerState
import org.jsnm.attend.app.HomeViewModel

/**
 * App steps ② and ⑤: the big スキャン起動 button in the middle of the screen, the sync
 * line, and the attendance list, newest first, as the core returns it.
 */
@Composable
fun HomeScreen(labels: UiLabels, home: HomeViewModel, banner: BannerState, modifier: Modifier = Modifier) {
    val state by home.state.collectAsState()
    val view = state.view

    LazyColumn(
        modifier = modifier,
        contentPadding = PaddingValues(16.dp),
        verticalArrangement = Arrangement.spacedBy(12.dp),
    ) {
        item {
            Button(
                onClick = home::startScan,
                modifier = Modifier.fillMaxWidth().height(96.dp).spoken(labels.scanButton),
            ) {
                Text(labels.scanButton, fontSize = 24.sp, fontWeight = FontWeight.Bold)
            }
        }
        item {
            Row(verticalAlignment = Alignment.CenterVertically, modifier = Modifier.fillMaxWidth()) {
                Text(
                    banner.syncText,
                    style = MaterialTheme.typography.bodyMedium,
                    modifier = Modifier.weight(1f).semantics { liveRegion = LiveRegionMode.Polite },
                )
                TextButton(
                    onClick = { home.syncNow() },
                    enabled = !state.busy,
                    modifier = Modifier.spoken(labels.syncNow),
                ) {
                    Text(labels.syncNow)
                }
            }
        }
        state.message?.let { message ->
            item { Text(message, modifier = Modifier.semantics { liveRegion = LiveRegionMode.Polite }) }
        }
        item {
            Text(
                labels.attendanceTitle,
                style = MaterialTheme.typography.titleMedium,
                modifier = Modifier.padding(top = 8.dp).screenHeading(),
            )
        }
        view?.waitingText?.let { waiting ->
            item { Text(waiting, color = MaterialTheme.colorScheme.tertiary) }
        }
        if (view == null) {
            item { Text(labels.loading) }
        } else {
            view.emptyText?.let { empty -> item { Text(empty) } }
            items(view.entries) { entry -> EntryCard(entry) }
        }
        item {
            OutlinedButton(
                onClick = { home.logout() },
                enabled = !state.busy,
                modifier = Modifier.fillMaxWidth().padding(top = 24.dp).spoken(labels.logout),
            ) {
                Text(labels.logout)
            }
        }
    }
}

/** One attendance: date and time, kind, congress; waiting or rejected ones say so. */
@Composable
private fun EntryCard(entry: AttendanceEntry) {
    val colors = MaterialTheme.colorScheme
    val statusColor = when (entry.status) {
        EntryStatus.PENDING -> colors.tertiary
        EntryStatus.REJECTED -> colors.error
        EntryStatus.CONFIRMED -> Color.Unspecified
    }
    Card(
        colors = CardDefaults.cardColors(
            containerColor = if (entry.status == EntryStatus.REJECTED) colors.errorContainer else colors.surfaceVariant,
        ),
        modifier = Modifier.fillMaxWidth().semantics(mergeDescendants = true) {},
    ) {
        Column(Modifier.padding(12.dp), verticalArrangement = Arrangement.spacedBy(2.dp)) {
            Row(Modifier.fillMaxWidth()) {
                Text(entry.dateTime, style = MaterialTheme.typography.labelLarge, modifier = Modifier.weight(1f))
                Text(entry.statusText, color = statusColor, style = MaterialTheme.typography.labelLarge)
            }
            Text(entry.kindName, style = MaterialTheme.typography.titleSmall)
            Text(entry.congressName, style = MaterialTheme.typography.bodyMedium)
            if (entry.sessionTitle.isNotBlank()) {
                Text(entry.sessionTitle, style = MaterialTheme.typography.bodySmall)
            }
            entry.reason?.let { reason ->
                Text(reason, color = colors.error, style = MaterialTheme.typography.bodyMedium)
            }
        }
    }
}
