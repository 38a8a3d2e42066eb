package org.jsnm.attend.android.camera

import androidx.camera.core.ImageAnalysis
import androidx.camera.core.ImageProxy
import org.jsnm.attend.PixelFormat
import org.jsnm.attend.app.ReaderViewModel

/**
 * Hands each camera frame's Y plane to the reader. QR codes are black and white, so the
 * luma plane is the whole picture the decoder needs: no colour conversion on the phone.
 * Runs on the analysis executor; the view-model decodes synchronously and the image is
 * closed right after, so CameraX can deliver the next frame (KEEP_ONLY_LATEST drops the
 * ones that came meanwhile).
 */
class FrameAnalyzer(private val reader: ReaderViewModel) : ImageAnalysis.Analyzer {
    // Reused between frames (one analysis thread): a frame is ~2 MB at 1080p.
    private var scratch: ByteArray? = null

    override fun analyze(image: ImageProxy) {
        image.use { frame ->
            val plane = frame.planes.firstOrNull() ?: return
            // YUV_420_888's Y plane has one byte per pixel; anything else is not luma.
            if (plane.pixelStride != 1) return
            val luma = LumaPlane.copy(plane.buffer, frame.width, frame.height, plane.rowStride, scratch) ?: return
            scratch = luma.data
            reader.onFrame(PixelFormat.LUMA, luma.data, luma.width, luma.height, luma.rowStride)
        }
    }
}
