package org.jsnm.attend.android.ui

import android.Manifest
import android.content.Context
import android.content.Intent
import android.content.pm.PackageManager
import android.net.Uri
import android.provider.Settings
import androidx.activity.compose.rememberLauncherForActivityResult
import androidx.activity.result.PickVisualMediaRequest
import androidx.activity.result.contract.ActivityResultContracts
import androidx.compose.foundation.Canvas
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.Button
import androidx.compose.material3.FilledTonalButton
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.collectAsState
import androidx.compose.runtime.getValue
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.geometry.Offset
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.graphics.StrokeCap
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.semantics.LiveRegionMode
import androidx.compose.ui.semantics.clearAndSetSemantics
import androidx.compose.ui.semantics.liveRegion
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import androidx.core.content.ContextCompat
import androidx.lifecycle.compose.LifecycleResumeEffect
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import org.jsnm.attend.UiLabels
import org.jsnm.attend.android.camera.PickedImage
import org.jsnm.attend.app.CameraPermission
import org.jsnm.attend.app.ReaderViewModel

/**
 * App step ③: the live camera with a frame guide, the torch, and a photo from the gallery
 * as a fallback (a poster photographed earlier, or no camera permission). Frames go from
 * the preview slot to the view-model; what is read, refused or recorded is the core's.
 */
@Composable
fun ReaderScreen(labels: UiLabels, reader: ReaderViewModel, cameraPreview: CameraPreviewSlot, modifier: Modifier = Modifier) {
    val state by reader.state.collectAsState()
    val context = LocalContext.current
    val scope = rememberCoroutineScope()

    val askCamera = rememberLauncherForActivityResult(ActivityResultContracts.RequestPermission()) { granted ->
        reader.onPermission(granted)
    }
    LaunchedEffect(Unit) {
        if (cameraAllowed(context)) reader.onPermission(true) else askCamera.launch(Manifest.permission.CAMERA)
    }
    // Back from the system settings page, where the member may have allowed the camera.
    LifecycleResumeEffect(Unit) {
        if (state.permission == CameraPermission.DENIED && cameraAllowed(context)) reader.onPermission(true)
        onPauseOrDispose {}
    }

    // The core reads files, not content URIs: the picked picture is copied to the cache.
    val pickPhoto = rememberLauncherForActivityResult(ActivityResultContracts.PickVisualMedia()) { uri ->
        if (uri != null) {
            scope.launch {
                val path = withContext(Dispatchers.IO) { PickedImage.copyToCache(context, uri) }
                if (path != null) reader.scanImageFile(path)
            }
        }
    }

    Column(modifier) {
        Box(Modifier.weight(1f).fillMaxWidth()) {
            val message = state.message
            if (state.permission == CameraPermission.GRANTED && message == null) {
                cameraPreview(Modifier.fillMaxSize().spoken(labels.cameraPreview), state.torchOn)
                FrameGuide(Modifier.fillMaxSize())
            } else if (message != null) {
                CameraMessage(labels, message, state.permission == CameraPermission.DENIED, context)
            }
        }

        Column(Modifier.fillMaxWidth().padding(16.dp), verticalArrangement = Arrangement.spacedBy(8.dp)) {
            Text(state.hint, style = MaterialTheme.typography.bodyMedium)
            Row(horizontalArrangement = Arrangement.spacedBy(8.dp), modifier = Modifier.fillMaxWidth()) {
                if (state.permission == CameraPermission.GRANTED) {
                    FilledTonalButton(
                        onClick = reader::toggleTorch,
                        modifier = Modifier.weight(1f).spoken(state.torchLabel),
                    ) {
                        Text(state.torchLabel)
                    }
                }
                OutlinedButton(
                    onClick = {
                        pickPhoto.launch(PickVisualMediaRequest(ActivityResultContracts.PickVisualMedia.ImageOnly))
                    },
                    modifier = Modifier.weight(1f).spoken(labels.readPhoto),
                ) {
                    Text(labels.readPhoto)
                }
            }
        }
    }

    state.refusal?.let { refusal ->
        AlertDialog(
            onDismissRequest = reader::dismissRefusal,
            title = { Text(refusal.title, modifier = Modifier.screenHeading()) },
            text = { Text(refusal.reason, modifier = Modifier.semantics { liveRegion = LiveRegionMode.Assertive }) },
            confirmButton = {
                TextButton(onClick = reader::dismissRefusal, modifier = Modifier.spoken(labels.ok)) {
                    Text(labels.ok)
                }
            },
        )
    }
}

/** Why there is no picture, and for a refused permission the way to the app's settings. */
@Composable
private fun CameraMessage(labels: UiLabels, message: String, denied: Boolean, context: Context) {
    Surface(Modifier.fillMaxSize(), color = MaterialTheme.colorScheme.surfaceVariant) {
        Column(
            Modifier.fillMaxSize().padding(24.dp),
            verticalArrangement = Arrangement.spacedBy(16.dp, Alignment.CenterVertically),
            horizontalAlignment = Alignment.CenterHorizontally,
        ) {
            Text(
                message,
                style = MaterialTheme.typography.bodyLarge,
                modifier = Modifier.semantics { liveRegion = LiveRegionMode.Polite },
            )
            if (denied) {
                // Once refused, Android no longer shows the permission dialog: only the
                // app's system settings page can grant the camera again.
                Button(
                    onClick = {
                        val intent = Intent(
                            Settings.ACTION_APPLICATION_DETAILS_SETTINGS,
                            Uri.fromParts("package", context.packageName, null),
                        ).addFlags(Intent.FLAG_ACTIVITY_NEW_TASK)
                        context.startActivity(intent)
                    },
                    modifier = Modifier.spoken(labels.openSettings),
                ) {
                    Text(labels.openSettings)
                }
            }
        }
    }
}

/** Four corner brackets around the middle square: where to hold the code. Decoration only. */
@Composable
private fun FrameGuide(modifier: Modifier) {
    Canvas(modifier.clearAndSetSemantics {}) {
        val side = size.minDimension * 0.7f
        val left = (size.width - side) / 2f
        val top = (size.height - side) / 2f
        val arm = side * 0.18f
        val stroke = 6.dp.toPx()
        val corners = listOf(
            Offset(left, top) to Offset(1f, 1f),
            Offset(left + side, top) to Offset(-1f, 1f),
            Offset(left, top + side) to Offset(1f, -1f),
            Offset(left + side, top + side) to Offset(-1f, -1f),
        )
        corners.forEach { (corner, direction) ->
            drawLine(Color.White, corner, corner + Offset(arm * direction.x, 0f), stroke, StrokeCap.Round)
            drawLine(Color.White, corner, corner + Offset(0f, arm * direction.y), stroke, StrokeCap.Round)
        }
    }
}

private fun cameraAllowed(context: Context): Boolean =
    ContextCompat.checkSelfPermission(context, Manifest.permission.CAMERA) == PackageManager.PERMISSION_GRANTED
