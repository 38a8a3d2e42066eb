package org.jsnm.attend.android.camera

import java.nio.ByteBuffer

/**
 * The Y (luma) plane of a camera image, copied out of the camera's buffer so the buffer
 * can go back to the camera at once.
 *
 * Why the size is computed and not `buffer.remaining()` alone: CameraX pads each row to
 * `rowStride` bytes (often more than the width), and the last row usually stops at the
 * width, without its padding. The core reads `stride` bytes per row and only `width` of
 * the last one, so `rowStride * (height - 1) + width` bytes are all it needs; a buffer
 * shorter than that is not a whole frame and is skipped rather than guessed at.
 */
class LumaPlane(
    val data: ByteArray,
    val width: Int,
    val height: Int,
    val rowStride: Int,
) {
    companion object {
        /**
         * Copies [buffer] from its position, or returns null when its sizes cannot be a
         * luma plane of [width] × [height] with [rowStride] (a frame of zero size, a
         * stride shorter than a row, a buffer that ends early). [reuse] is filled instead of
         * a new array when it is large enough: frames come ~30 times a second.
         */
        fun copy(buffer: ByteBuffer, width: Int, height: Int, rowStride: Int, reuse: ByteArray? = null): LumaPlane? {
            if (width <= 0 || height <= 0 || rowStride < width) return null
            val needed = rowStride.toLong() * (height - 1) + width
            if (needed > Int.MAX_VALUE || buffer.remaining() < needed) return null
            val size = needed.toInt()
            val target = if (reuse != null && reuse.size >= size) reuse else ByteArray(size)
            // A duplicate, so the caller's buffer position is left as it was.
            buffer.duplicate().get(target, 0, size)
            return LumaPlane(target, width, height, rowStride)
        }
    }
}
