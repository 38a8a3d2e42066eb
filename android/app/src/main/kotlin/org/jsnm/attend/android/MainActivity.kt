package org.jsnm.attend.android

import android.os.Bundle
import androidx.activity.ComponentActivity
import androidx.activity.compose.setContent
import androidx.activity.enableEdgeToEdge
import org.jsnm.attend.android.camera.CameraPreview
import org.jsnm.attend.android.ui.AppRoot
import org.jsnm.attend.android.ui.AttendTheme
import org.jsnm.attend.android.ui.StartupErrorScreen

/**
 * The one activity. Its only job is to join the screens with the CameraX preview: it is
 * the single place outside `camera/` that names CameraX, so every other file compiles
 * without it (see android/compile-check/run.sh).
 */
class MainActivity : ComponentActivity() {
    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        enableEdgeToEdge()
        val application = application as AttendApplication
        val model = application.model
        setContent {
            AttendTheme {
                if (model == null) {
                    StartupErrorScreen(application.startupError.orEmpty())
                } else {
                    AppRoot(model) { modifier, torchOn ->
                        CameraPreview(model.reader, torchOn, modifier)
                    }
                }
            }
        }
    }
}
