package org.jsnm.attend.android.camera

import android.util.Size
import android.view.MotionEvent
import androidx.camera.core.Camera
import androidx.camera.core.CameraSelector
import androidx.camera.core.FocusMeteringAction
import androidx.camera.core.ImageAnalysis
import androidx.camera.core.Preview
import androidx.camera.core.resolutionselector.ResolutionSelector
import androidx.camera.core.resolutionselector.ResolutionStrategy
import androidx.camera.lifecycle.ProcessCameraProvider
import androidx.camera.view.PreviewView
import androidx.compose.runtime.Composable
import androidx.compose.runtime.DisposableEffect
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.viewinterop.AndroidView
import androidx.core.content.ContextCompat
import androidx.lifecycle.compose.LocalLifecycleOwner
import java.util.concurrent.Executors
import org.jsnm.attend.app.ReaderViewModel

/**
 * The live back camera for the QR reader: a preview the member aims with, an analysis
 * stream of frames for the core, the torch, and tap to focus. Everything CameraX-specific
 * of the app is here and in [FrameAnalyzer], so the rest compiles without CameraX.
 */
@Composable
fun CameraPreview(reader: ReaderViewModel, torchOn: Boolean, modifier: Modifier = Modifier) {
    val context = LocalContext.current
    val lifecycleOwner = LocalLifecycleOwner.current
    var camera by remember { mutableStateOf<Camera?>(null) }
    val previewView = remember {
        PreviewView(context).apply {
            // Below the frame guide and the buttons; keeps the aspect, fills the area.
            scaleType = PreviewView.ScaleType.FILL_CENTER
        }
    }
    // One thread: frames are decoded one at a time, in order.
    val analysisExecutor = remember { Executors.newSingleThreadExecutor() }

    DisposableEffect(lifecycleOwner) {
        val providerFuture = ProcessCameraProvider.getInstance(context)
        var provider: ProcessCameraProvider? = null
        providerFuture.addListener({
            val cameraProvider = try {
                providerFuture.get()
            } catch (e: Exception) {
                // No camera service (emulator without camera, a policy): say so, no crash.
                reader.onCameraUnavailable()
                return@addListener
            }
            provider = cameraProvider
            val preview = Preview.Builder().build().also { it.setSurfaceProvider(previewView.surfaceProvider) }
            val analysis = ImageAnalysis.Builder()
                // About 1280×720 is plenty for a poster-sized code and keeps decoding fast.
                .setResolutionSelector(
                    ResolutionSelector.Builder()
                        .setResolutionStrategy(
                            ResolutionStrategy(Size(1280, 720), ResolutionStrategy.FALLBACK_RULE_CLOSEST_HIGHER_THEN_LOWER),
                        )
                        .build(),
                )
                .setBackpressureStrategy(ImageAnalysis.STRATEGY_KEEP_ONLY_LATEST)
                .setOutputImageFormat(ImageAnalysis.OUTPUT_IMAGE_FORMAT_YUV_420_888)
                .build()
                .also { it.setAnalyzer(analysisExecutor, FrameAnalyzer(reader)) }
            camera = try {
                cameraProvider.unbindAll()
                cameraProvider.bindToLifecycle(lifecycleOwner, CameraSelector.DEFAULT_BACK_CAMERA, preview, analysis)
            } catch (e: Exception) {
                // No back camera, or it is in use by another app.
                reader.onCameraUnavailable()
                null
            }
        }, ContextCompat.getMainExecutor(context))

        onDispose {
            provider?.unbindAll()
            camera = null
        }
    }
    DisposableEffect(analysisExecutor) { onDispose { analysisExecutor.shutdown() } }

    LaunchedEffect(camera, torchOn) {
        camera?.let { bound -> if (bound.cameraInfo.hasFlashUnit()) bound.cameraControl.enableTorch(torchOn) }
    }

    AndroidView(
        factory = {
            previewView.apply {
                setOnTouchListener { view, event ->
                    if (event.action == MotionEvent.ACTION_UP) {
                        // Tap to focus (and meter) on the tapped point: posters are often
                        // off-centre or far away, where auto focus hunts.
                        val point = meteringPointFactory.createPoint(event.x, event.y)
                        camera?.cameraControl?.startFocusAndMetering(FocusMeteringAction.Builder(point).build())
                        view.performClick()
                    }
                    true
                }
            }
        },
        modifier = modifier,
    )
}
