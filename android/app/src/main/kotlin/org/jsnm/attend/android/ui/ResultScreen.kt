package org.jsnm.attend.android.ui

import androidx.compose.foundation.BorderStroke
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.height
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.safeDrawingPadding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.collectAsState
import androidx.compose.runtime.getValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.semantics.LiveRegionMode
import androidx.compose.ui.semantics.liveRegion
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.font.FontWeight
import androidx.compose.ui.unit.dp
import org.jsnm.attend.app.ResultField
import org.jsnm.attend.app.ResultViewModel

/**
 * App step ④: what was registered (congress, kind, time, credit) and the manual's
 * 表示内容を必ずご確認ください. An already registered session says when, in the core's words.
 */
@Composable
fun ResultScreen(result: ResultViewModel) {
    val state by result.state.collectAsState()
    val shown = state ?: return
    val colors = MaterialTheme.colorScheme

    Surface(Modifier.fillMaxSize()) {
        Column(
            Modifier
                .fillMaxSize()
                .safeDrawingPadding()
                .verticalScroll(rememberScrollState())
                .padding(24.dp),
            verticalArrangement = Arrangement.spacedBy(12.dp),
        ) {
            Text(shown.title, style = MaterialTheme.typography.titleMedium, modifier = Modifier.screenHeading())
            Text(
                shown.headline,
                style = MaterialTheme.typography.headlineMedium,
                fontWeight = FontWeight.Bold,
                color = if (shown.already) colors.tertiary else colors.primary,
                // The first thing a screen reader says when the result appears.
                modifier = Modifier.semantics { liveRegion = LiveRegionMode.Assertive },
            )
            shown.alreadyText?.let { Text(it, style = MaterialTheme.typography.bodyLarge) }

            shown.fields.forEach { field -> FieldRow(field) }

            Surface(
                border = BorderStroke(2.dp, colors.primary),
                shape = MaterialTheme.shapes.medium,
                modifier = Modifier.fillMaxWidth(),
            ) {
                Text(
                    shown.notice,
                    style = MaterialTheme.typography.titleMedium,
                    fontWeight = FontWeight.Bold,
                    modifier = Modifier.padding(16.dp),
                )
            }

            Button(
                onClick = result::scanAnother,
                modifier = Modifier.fillMaxWidth().height(52.dp).spoken(shown.scanAnotherLabel),
            ) {
                Text(shown.scanAnotherLabel)
            }
            OutlinedButton(
                onClick = result::backHome,
                modifier = Modifier.fillMaxWidth().height(52.dp).spoken(shown.backHomeLabel),
            ) {
                Text(shown.backHomeLabel)
            }
        }
    }
}

/** A label over its value, read as one item ("大会名, 第64回日本核医学会学術総会"). */
@Composable
private fun FieldRow(field: ResultField) {
    Column(Modifier.fillMaxWidth().semantics(mergeDescendants = true) {}) {
        Text(field.label, style = MaterialTheme.typography.labelMedium, color = MaterialTheme.colorScheme.secondary)
        Text(field.value, style = MaterialTheme.typography.bodyLarge)
    }
}
