package org.jsnm.attend.app

import java.util.concurrent.atomic.AtomicBoolean
import kotlinx.coroutines.Job
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.receiveAsFlow
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import org.jsnm.attend.AttendException
import org.jsnm.attend.PixelFormat
import org.jsnm.attend.ScanResultView

enum class CameraPermission { UNKNOWN, GRANTED, DENIED }

/** A code that was read and not recorded: the refusal title and the core's reason. */
data class Refusal(val title: String, val reason: String)

/** Screen ③ around the live preview (the preview itself is the platform's). */
data class ReaderState(
    val permission: CameraPermission = CameraPermission.UNKNOWN,
    /** `labels.cameraDenied` or `labels.cameraUnavailable`; null while the camera works. */
    val message: String? = null,
    val torchOn: Boolean = false,
    /** What tapping the torch button does: `labels.torchOn` / `labels.torchOff`. */
    val torchLabel: String,
    /** `labels.readerHint`, under the frame guide. */
    val hint: String,
    val refusal: Refusal? = null,
)

/** Something the UI plays once, not a state: haptic and sound on a recorded scan. */
sealed interface ReaderEvent {
    data class Recorded(val result: ScanResultView) : ReaderEvent
}

/**
 * The QR reader. Camera frames arrive on the camera's analysis thread and are decoded
 * there, synchronously, so the platform can release its buffer right after; a frame that
 * arrives while another is being decoded is dropped rather than queued (a queue would
 * only show the member an older picture later).
 */
class ReaderViewModel internal constructor(private val model: AppModel) {
    private val labels = model.labels
    private val _state = MutableStateFlow(ReaderState(torchLabel = labels.torchOn, hint = labels.readerHint))
    val state: StateFlow<ReaderState> = _state.asStateFlow()

    // Buffered, so a success is played even if the UI's collector attaches a moment late.
    private val feedback = Channel<ReaderEvent>(Channel.BUFFERED)

    /** Collect once: play the haptic and the sound for each event. */
    val events: Flow<ReaderEvent> = feedback.receiveAsFlow()

    private val decoding = AtomicBoolean(false)

    fun onPermission(granted: Boolean) = _state.update {
        it.copy(
            permission = if (granted) CameraPermission.GRANTED else CameraPermission.DENIED,
            message = if (granted) null else labels.cameraDenied,
        )
    }

    /** The camera could not be opened although permitted (in use, broken). */
    fun onCameraUnavailable() = _state.update { it.copy(message = labels.cameraUnavailable) }

    fun toggleTorch() = _state.update {
        val on = !it.torchOn
        it.copy(torchOn = on, torchLabel = if (on) labels.torchOff else labels.torchOn)
    }

    fun dismissRefusal() = _state.update { it.copy(refusal = null) }

    /**
     * One camera frame (`stride` bytes from row to row). Blocking: call it on the camera's
     * analysis executor. Returns the recorded scan, which also opens the result screen;
     * null while no new code is in view, when the reader is not on screen, or when a
     * frame is still being decoded.
     */
    fun onFrame(format: PixelFormat, data: ByteArray, width: Int, height: Int, stride: Int): ScanResultView? {
        if (model.screen.value != Screen.Main(Tab.READER)) return null
        // A negative size would wrap to a huge unsigned one; it is no frame at all.
        if (width < 0 || height < 0 || stride < 0) return null
        if (!decoding.compareAndSet(false, true)) return null
        return try {
            val view = model.app.scanFrame(format, data, width.toUInt(), height.toUInt(), stride.toUInt())
            if (view != null && model.screen.value == Screen.Main(Tab.READER)) recorded(view)
            view
        } catch (e: AttendException) {
            // A frame the decoder cannot read says nothing to the member; the next one may.
            if (e !is AttendException.Unreadable) refused(e)
            null
        } finally {
            decoding.set(false)
        }
    }

    /** A code read by the platform's own reader, or typed in. */
    fun scanText(text: String): Job = scanOffMain { model.app.scanText(text) }

    /** `labels.readPhoto`: a picture from the gallery. */
    fun scanImageFile(path: String): Job = scanOffMain { model.app.scanImageFile(path) }

    /** The scanner screen was left: the core forgets the code in view, the torch goes off. */
    fun onLeave() {
        model.app.resetScanner()
        _state.update { it.copy(torchOn = false, torchLabel = labels.torchOn, refusal = null) }
    }

    private fun scanOffMain(scan: () -> ScanResultView): Job = model.scope.launch {
        try {
            recorded(withContext(model.io) { scan() })
        } catch (e: AttendException) {
            refused(e)
        }
    }

    private fun recorded(view: ScanResultView) {
        _state.update { it.copy(refusal = null) }
        feedback.trySend(ReaderEvent.Recorded(view))
        model.showResult(view)
    }

    private fun refused(e: AttendException) {
        if (e.needsLogin) {
            model.onLoggedOut(e.reasonText)
            return
        }
        _state.update { it.copy(refusal = Refusal(labels.refusedTitle, e.reasonText)) }
    }
}
