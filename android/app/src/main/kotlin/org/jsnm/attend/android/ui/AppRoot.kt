package org.jsnm.attend.android.ui

import androidx.activity.compose.BackHandler
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.DisposableEffect
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.collectAsState
import androidx.compose.runtime.getValue
import androidx.compose.runtime.remember
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalUriHandler
import androidx.compose.ui.platform.LocalView
import org.jsnm.attend.android.platform.ScanFeedback
import org.jsnm.attend.app.AppModel
import org.jsnm.attend.app.ReminderState
import org.jsnm.attend.app.Screen
import org.jsnm.attend.app.Tab

/**
 * The live camera picture, supplied by the activity. A slot instead of a direct call so
 * the screens do not depend on CameraX (which only Google's Maven repository serves):
 * everything but the `camera/` CameraX files compiles in the JVM check.
 */
typealias CameraPreviewSlot = @Composable (modifier: Modifier, torchOn: Boolean) -> Unit

/** Shows whatever screen the model says; navigation is the model's, not Compose's. */
@Composable
fun AppRoot(model: AppModel, cameraPreview: CameraPreviewSlot) {
    val screen by model.screen.collectAsState()
    val reminder by model.reminder.collectAsState()

    // Collected here rather than in the reader: a recorded scan switches to the result
    // screen at once, and the feedback must still play after the reader has gone.
    val view = LocalView.current
    val feedback = remember { ScanFeedback() }
    DisposableEffect(feedback) { onDispose { feedback.release() } }
    LaunchedEffect(model) { model.reader.events.collect { feedback.play(view) } }

    when (val current = screen) {
        Screen.Login -> LoginScreen(model.labels, model.login)
        is Screen.Main -> {
            // Back from another tab goes home first, as the tabs are the app's top level.
            BackHandler(enabled = current.tab != Tab.HOME) { model.selectTab(Tab.HOME) }
            MainScaffold(model, current.tab, cameraPreview)
        }
        is Screen.Result -> {
            BackHandler { model.result.backHome() }
            ResultScreen(model.result)
        }
    }

    reminder?.let { ReminderDialog(it, onDismiss = model::dismissReminder) }
}

/** After a login with the temporary password: update the registration by the deadline. */
@Composable
private fun ReminderDialog(reminder: ReminderState, onDismiss: () -> Unit) {
    val uriHandler = LocalUriHandler.current
    AlertDialog(
        onDismissRequest = onDismiss,
        title = { Text(reminder.title, modifier = Modifier.screenHeading()) },
        text = { Text(reminder.text) },
        confirmButton = {
            TextButton(onClick = onDismiss, modifier = Modifier.spoken(reminder.okLabel)) {
                Text(reminder.okLabel)
            }
        },
        dismissButton = {
            TextButton(
                onClick = {
                    onDismiss()
                    uriHandler.openUri(reminder.url)
                },
                modifier = Modifier.spoken(reminder.openLabel),
            ) {
                Text(reminder.openLabel)
            }
        },
    )
}
