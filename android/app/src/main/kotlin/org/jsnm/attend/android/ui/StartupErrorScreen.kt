package org.jsnm.attend.android.ui

import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp

/**
 * Shown when the core could not open its data folder (full storage, a damaged file). The
 * text is the core's, in the device's language; without the core there are no labels.
 */
@Composable
fun StartupErrorScreen(reason: String) {
    Surface(Modifier.fillMaxSize()) {
        Box(Modifier.fillMaxSize().padding(24.dp), contentAlignment = Alignment.Center) {
            Text(reason, style = MaterialTheme.typography.bodyLarge, modifier = Modifier.spoken(reason))
        }
    }
}
