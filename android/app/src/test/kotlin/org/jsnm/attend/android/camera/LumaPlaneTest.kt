package org.jsnm.attend.android.camera

import java.nio.ByteBuffer
import org.junit.Assert.assertArrayEquals
import org.junit.Assert.assertEquals
import org.junit.Assert.assertNotNull
import org.junit.Assert.assertNull
import org.junit.Assert.assertSame
import org.junit.Test

/**
 * The Y plane as CameraX hands it over: rows padded to `rowStride`, the last row without
 * its padding, the buffer positioned at the plane's start. Each pixel holds a value made
 * from its row and column, so a copy that shifts or drops a row is caught.
 */
class LumaPlaneTest {
    private fun pixel(row: Int, column: Int): Byte = ((row * 31 + column * 7) and 0xFF).toByte()

    /** A plane as CameraX lays it out; padding bytes are 0xEE, never a pixel of the test. */
    private fun cameraPlane(width: Int, height: Int, rowStride: Int, lastRowPadded: Boolean): ByteBuffer {
        val size = rowStride * (height - 1) + if (lastRowPadded) rowStride else width
        val bytes = ByteArray(size) { 0xEE.toByte() }
        for (row in 0 until height) {
            for (column in 0 until width) bytes[row * rowStride + column] = pixel(row, column)
        }
        return ByteBuffer.wrap(bytes)
    }

    private fun assertPixels(plane: LumaPlane) {
        for (row in 0 until plane.height) {
            for (column in 0 until plane.width) {
                assertEquals("row $row column $column", pixel(row, column), plane.data[row * plane.rowStride + column])
            }
        }
    }

    @Test
    fun copiesPaddedRowsWithAShortLastRow() {
        val plane = LumaPlane.copy(cameraPlane(640, 480, 704, lastRowPadded = false), 640, 480, 704)
        assertNotNull(plane)
        plane!!
        assertEquals(704 * 479 + 640, plane.data.size)
        assertEquals(704, plane.rowStride)
        assertPixels(plane)
    }

    @Test
    fun copiesAFullyPaddedPlaneAndIgnoresTheTrailingPadding() {
        val buffer = cameraPlane(100, 50, 128, lastRowPadded = true)
        val plane = LumaPlane.copy(buffer, 100, 50, 128)!!
        assertEquals(128 * 49 + 100, plane.data.size)
        assertPixels(plane)
    }

    @Test
    fun copiesAnUnpaddedPlane() {
        val plane = LumaPlane.copy(cameraPlane(33, 17, 33, lastRowPadded = false), 33, 17, 33)!!
        assertPixels(plane)
    }

    @Test
    fun startsAtTheBufferPositionAndLeavesItThere() {
        val inner = cameraPlane(20, 10, 24, lastRowPadded = false)
        val bytes = ByteArray(5 + inner.remaining())
        inner.get(bytes, 5, bytes.size - 5)
        val buffer = ByteBuffer.wrap(bytes).position(5) as ByteBuffer
        val plane = LumaPlane.copy(buffer, 20, 10, 24)!!
        assertPixels(plane)
        assertEquals(5, buffer.position())
    }

    @Test
    fun reusesALargeEnoughArray() {
        val scratch = ByteArray(24 * 9 + 20 + 100)
        val plane = LumaPlane.copy(cameraPlane(20, 10, 24, lastRowPadded = false), 20, 10, 24, scratch)!!
        assertSame(scratch, plane.data)
        assertPixels(plane)
        val small = ByteArray(10)
        val fresh = LumaPlane.copy(cameraPlane(20, 10, 24, lastRowPadded = false), 20, 10, 24, small)!!
        assertEquals(24 * 9 + 20, fresh.data.size)
    }

    @Test
    fun refusesWhatCannotBeAPlane() {
        val buffer = cameraPlane(20, 10, 24, lastRowPadded = false)
        assertNull("a stride shorter than a row", LumaPlane.copy(buffer, 20, 10, 19))
        assertNull("no width", LumaPlane.copy(buffer, 0, 10, 24))
        assertNull("no height", LumaPlane.copy(buffer, 20, 0, 24))
        assertNull("negative", LumaPlane.copy(buffer, -20, 10, 24))
        assertNull("one byte short", LumaPlane.copy(ByteBuffer.wrap(ByteArray(24 * 9 + 19)), 20, 10, 24))
        assertNull("sizes past Int range", LumaPlane.copy(buffer, 65536, 65536, 65536))
        val exact = LumaPlane.copy(ByteBuffer.wrap(ByteArray(24 * 9 + 20)), 20, 10, 24)
        assertArrayEquals(ByteArray(24 * 9 + 20), exact!!.data)
    }
}
