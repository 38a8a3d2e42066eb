package org.jsnm.attend.android.ui

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.PaddingValues
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material3.Card
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.LinearProgressIndicator
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.collectAsState
import androidx.compose.runtime.getValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.font.FontWeight
import androidx.compose.ui.unit.dp
import org.jsnm.attend.CertificationView
import org.jsnm.attend.CongressView
import org.jsnm.attend.CreditRecordView
import org.jsnm.attend.FiscalYearView
import org.jsnm.attend.UiLabels
import org.jsnm.attend.app.CreditsViewModel

/**
 * App step ⑥ (単位確認): progress toward each certification's renewal, then the history by
 * fiscal year and congress. Pending credits are shown apart from confirmed ones, as the
 * core counts them apart.
 */
@Composable
fun CreditsScreen(labels: UiLabels, credits: CreditsViewModel, modifier: Modifier = Modifier) {
    val state by credits.state.collectAsState()
    val view = state.view

    LazyColumn(
        modifier = modifier,
        contentPadding = PaddingValues(16.dp),
        verticalArrangement = Arrangement.spacedBy(12.dp),
    ) {
        item {
            Text(labels.creditsTitle, style = MaterialTheme.typography.titleLarge, modifier = Modifier.screenHeading())
        }
        state.error?.let { error -> item { Text(error, color = MaterialTheme.colorScheme.error) } }
        if (view == null) {
            if (state.error == null) item { Text(labels.loading) }
            return@LazyColumn
        }
        item { Text(view.sinceText, style = MaterialTheme.typography.bodyMedium) }
        item { Text(view.totalsText, style = MaterialTheme.typography.titleMedium, fontWeight = FontWeight.Bold) }
        view.rulesNotice?.let { notice ->
            item { Text(notice, style = MaterialTheme.typography.bodySmall, color = MaterialTheme.colorScheme.tertiary) }
        }
        view.emptyText?.let { empty -> item { Text(empty) } }

        if (view.certifications.isNotEmpty()) {
            item {
                Text(
                    labels.certificationsTitle,
                    style = MaterialTheme.typography.titleMedium,
                    modifier = Modifier.padding(top = 8.dp).screenHeading(),
                )
            }
            items(view.certifications) { certification -> CertificationCard(labels, certification) }
        }

        if (view.years.isNotEmpty()) {
            item {
                Text(
                    labels.historyTitle,
                    style = MaterialTheme.typography.titleMedium,
                    modifier = Modifier.padding(top = 8.dp).screenHeading(),
                )
            }
            items(view.years) { year -> FiscalYearSection(labels, year) }
        }
    }
}

@Composable
private fun CertificationCard(labels: UiLabels, certification: CertificationView) {
    Card(Modifier.fillMaxWidth()) {
        Column(Modifier.padding(12.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
            Row(Modifier.fillMaxWidth()) {
                Text(certification.name, style = MaterialTheme.typography.titleSmall, modifier = Modifier.weight(1f))
                if (certification.met) {
                    Text(labels.met, color = MaterialTheme.colorScheme.primary, fontWeight = FontWeight.Bold)
                }
            }
            Text(certification.windowText, style = MaterialTheme.typography.bodySmall)
            // The bar only draws the core's numbers; the spoken text is the core's wording.
            val required = certification.required.toFloat()
            val confirmed = if (required > 0f) certification.confirmed.toFloat() / required else 1f
            val withPending = if (required > 0f) {
                (certification.confirmed + certification.pending).toFloat() / required
            } else {
                1f
            }
            Column(Modifier.semantics { contentDescription = certification.progressText }) {
                LinearProgressIndicator(
                    progress = { withPending.coerceIn(0f, 1f) },
                    color = MaterialTheme.colorScheme.tertiary,
                    modifier = Modifier.fillMaxWidth(),
                )
                LinearProgressIndicator(
                    progress = { confirmed.coerceIn(0f, 1f) },
                    modifier = Modifier.fillMaxWidth().padding(top = 2.dp),
                )
            }
            Text(certification.progressText, style = MaterialTheme.typography.bodyMedium)
            certification.byKind.forEach { kind ->
                KindLine(labels, kind.kindName, kind.confirmed, kind.pending)
            }
        }
    }
}

@Composable
private fun FiscalYearSection(labels: UiLabels, year: FiscalYearView) {
    Column(verticalArrangement = Arrangement.spacedBy(6.dp)) {
        Row(Modifier.fillMaxWidth()) {
            Text(
                year.label,
                style = MaterialTheme.typography.titleSmall,
                modifier = Modifier.weight(1f).screenHeading(),
            )
            Text("${labels.confirmed} ${year.confirmed} / ${labels.pending} ${year.pending}")
        }
        year.congresses.forEach { congress -> CongressCard(labels, congress) }
        HorizontalDivider()
    }
}

@Composable
private fun CongressCard(labels: UiLabels, congress: CongressView) {
    Card(Modifier.fillMaxWidth()) {
        Column(Modifier.padding(12.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
            Text(congress.congressName, style = MaterialTheme.typography.titleSmall)
            congress.records.forEach { record -> RecordLine(record) }
            congress.byKind.forEach { kind -> KindLine(labels, kind.kindName, kind.confirmed, kind.pending) }
        }
    }
}

@Composable
private fun RecordLine(record: CreditRecordView) {
    Row(Modifier.fillMaxWidth().semantics(mergeDescendants = true) {}) {
        Column(Modifier.weight(1f)) {
            Text(record.dateTime, style = MaterialTheme.typography.labelMedium)
            Text(record.kindName, style = MaterialTheme.typography.bodyMedium)
            if (record.sessionTitle.isNotBlank()) {
                Text(record.sessionTitle, style = MaterialTheme.typography.bodySmall)
            }
        }
        Text(
            record.statusText,
            color = if (record.pending) MaterialTheme.colorScheme.tertiary else MaterialTheme.colorScheme.primary,
            style = MaterialTheme.typography.labelLarge,
        )
    }
}

/** `教育講演  確定 4 / 未確定 1`: the kind's name and the core's two counts with their labels. */
@Composable
private fun KindLine(labels: UiLabels, kindName: String, confirmed: UInt, pending: UInt) {
    Row(Modifier.fillMaxWidth().semantics(mergeDescendants = true) {}) {
        Text(kindName, style = MaterialTheme.typography.bodySmall, modifier = Modifier.weight(1f))
        Text("${labels.confirmed} $confirmed / ${labels.pending} $pending", style = MaterialTheme.typography.bodySmall)
    }
}
