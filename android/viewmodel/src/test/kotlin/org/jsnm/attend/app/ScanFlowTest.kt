package org.jsnm.attend.app

import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.jsnm.attend.AttendException
import org.jsnm.attend.PixelFormat
import org.jsnm.attend.ScanResultView
import org.jsnm.attend.testing.RawFrame
import org.jsnm.attend.testing.TestServer
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** Screens ③ and ④: camera frames to the result screen, refusals, the camera's states. */
class ScanFlowTest {
    private val congress = "第66回日本核医学会学術総会"

    private fun ReaderViewModel.show(frame: RawFrame): ScanResultView? =
        onFrame(frame.format, frame.bytes(), frame.width, frame.height, frame.stride)

    // The demo member is one per server: a test that needs the poster's first registration
    // cannot share a server with tests that may have registered it (and synced) already.
    private fun onItsOwnServer(test: (Phone) -> Unit) =
        TestServer.start().use { server -> Phone(server = server).use(test) }

    private fun AppModel.nextEvent(): ReaderEvent = runBlocking { withTimeout(30.seconds) { reader.events.first() } }

    @Test
    fun `the poster photo opens the result, and shown again it is already registered`() = onItsOwnServer { phone ->
        phone.logIn()
        val model = phone.model
        val luma = phone.server.frames.first { it.format == PixelFormat.LUMA }
        assertTrue(luma.stride > luma.width, "the camera's rows are padded")

        assertNull(model.reader.show(luma), "no camera work while the reader is not on screen")
        model.home.startScan()
        assertEquals(Screen.Main(Tab.READER), model.screen.value)
        model.reader.onPermission(true)

        val first = model.reader.show(luma) ?: throw AssertionError("the poster's luma frame decodes")
        assertEquals(Screen.Result(first), model.screen.value)
        val shown = model.result.state.value ?: throw AssertionError("the result screen's state")
        assertEquals("登録しました", shown.headline)
        assertFalse(shown.already)
        assertEquals(ResultField(model.labels.congress, congress), shown.fields[0])
        assertEquals(ResultField(model.labels.kind, first.kindName), shown.fields[1])
        assertTrue(first.kindName.isNotBlank())
        assertTrue(shown.fields[2].value.contains("教育講演1"), shown.fields[2].value)
        assertEquals(model.labels.registeredAt, shown.fields[3].label)
        assertTrue(shown.notice.contains("表示内容を必ずご確認ください"), shown.notice)
        assertEquals(ReaderEvent.Recorded(first), model.nextEvent(), "haptic and sound are signalled")
        assertNull(model.reader.show(luma), "frames behind the result screen are ignored")

        val home = model.home.state.awaitBlocking("the lecture on the home list") { state ->
            state.view?.entries?.any { it.sessionTitle == first.sessionTitle } == true
        }
        assertEquals(1, home.view!!.entries.count { it.sessionTitle == first.sessionTitle })

        // The member goes home, comes back and shows the same poster, in every pixel layout.
        for (frame in phone.server.frames) {
            model.result.backHome()
            assertEquals(Screen.Main(Tab.HOME), model.screen.value)
            assertNull(model.result.state.value)
            model.selectTab(Tab.READER)
            val again = model.reader.show(frame) ?: throw AssertionError("${frame.format} frame decodes")
            val state = model.result.state.value ?: throw AssertionError("result state")
            assertTrue(state.already, "${frame.format}: already registered")
            assertEquals("登録済みです", state.headline)
            assertTrue(!state.alreadyText.isNullOrBlank(), "when it was registered before")
            assertEquals(first.registeredAt, again.registeredAt, "the earlier time is shown")
            assertEquals(ReaderEvent.Recorded(again), model.nextEvent())
        }
        model.result.scanAnother()
        assertEquals(Screen.Main(Tab.READER), model.screen.value)
        val after = model.home.state.awaitBlocking("the refreshed home list") { it.view != null }
        assertEquals(1, after.view!!.entries.count { it.sessionTitle == first.sessionTitle }, "recorded once")
    }

    @Test
    fun `a forged code is refused in the core's words and the reader stays open`() = Phone().use { phone ->
        phone.logIn()
        val model = phone.model
        model.selectTab(Tab.READER)
        val coreReason = assertThrows<AttendException.CodeRefused> { model.app.scanText(phone.server.forgedCode) }.reason

        runBlocking { model.reader.scanText(phone.server.forgedCode).join() }
        val refusal = model.reader.state.value.refusal ?: throw AssertionError("the refusal is shown")
        assertEquals(Refusal(model.labels.refusedTitle, coreReason), refusal)
        assertEquals(Screen.Main(Tab.READER), model.screen.value)
        assertNull(model.result.state.value)
        model.reader.dismissRefusal()
        assertNull(model.reader.state.value.refusal)

        runBlocking { model.reader.scanImageFile(phone.server.forgedPhotoJpeg).join() }
        assertEquals(coreReason, model.reader.state.value.refusal?.reason, "the forged poster's photo")
        runBlocking { model.reader.scanText("not a society code").join() }
        val garbage = model.reader.state.value.refusal ?: throw AssertionError("garbage is refused")
        assertTrue(garbage.reason.isNotBlank())
        assertEquals(Screen.Main(Tab.READER), model.screen.value)

        val home = model.home.refresh().let { runBlocking { it.join() }; model.home.state.value }
        assertTrue(home.view!!.entries.none { it.credit.toInt() == 50 }, "nothing forged was recorded")
        model.selectTab(Tab.HOME)
        assertNull(model.reader.state.value.refusal, "leaving the reader clears the refusal")
    }

    @Test
    fun `a refused camera permission shows the core's message, and the torch toggles`() = Phone().use { phone ->
        val model = phone.model
        val reader = model.reader
        assertEquals(CameraPermission.UNKNOWN, reader.state.value.permission)
        assertEquals(model.labels.readerHint, reader.state.value.hint)
        reader.onPermission(false)
        assertEquals(CameraPermission.DENIED, reader.state.value.permission)
        assertEquals(model.labels.cameraDenied, reader.state.value.message)
        assertTrue(reader.state.value.message!!.contains("カメラ"))
        reader.onPermission(true)
        assertNull(reader.state.value.message)
        reader.onCameraUnavailable()
        assertEquals(model.labels.cameraUnavailable, reader.state.value.message)

        assertFalse(reader.state.value.torchOn)
        assertEquals(model.labels.torchOn, reader.state.value.torchLabel)
        reader.toggleTorch()
        assertTrue(reader.state.value.torchOn)
        assertEquals(model.labels.torchOff, reader.state.value.torchLabel)
        reader.onLeave()
        assertFalse(reader.state.value.torchOn, "the torch goes off with the camera")
    }

    @Test
    fun `frames that hold no picture are dropped without a message`() = Phone().use { phone ->
        phone.logIn()
        val model = phone.model
        model.selectTab(Tab.READER)
        val reader = model.reader
        assertNull(reader.onFrame(PixelFormat.LUMA, ByteArray(64 * 64), 64, 64, 64), "a dark frame")
        assertNull(reader.onFrame(PixelFormat.BGRA, ByteArray(16), 100, 100, 400), "a short buffer")
        assertNull(reader.onFrame(PixelFormat.LUMA, ByteArray(16), -1, 4, 4), "a negative size")
        assertNull(reader.state.value.refusal)
        assertEquals(Screen.Main(Tab.READER), model.screen.value)
    }

    @Test
    fun `two camera threads at once record the poster once`() = Phone().use { phone ->
        phone.logIn()
        val model = phone.model
        model.selectTab(Tab.READER)
        val luma = phone.server.frames.first { it.format == PixelFormat.LUMA }
        val bytes = luma.bytes()
        val start = java.util.concurrent.CountDownLatch(1)
        val pool = java.util.concurrent.Executors.newFixedThreadPool(4)
        try {
            val answers = (1..4).map {
                pool.submit<ScanResultView?> {
                    start.await()
                    model.reader.onFrame(luma.format, bytes, luma.width, luma.height, luma.stride)
                }
            }
            start.countDown()
            val recorded = answers.mapNotNull { it.get(60, java.util.concurrent.TimeUnit.SECONDS) }
            assertEquals(1, recorded.size, "one result screen, not one per thread")
            assertEquals(Screen.Result(recorded.single()), model.screen.value)
            assertEquals(ReaderEvent.Recorded(recorded.single()), model.nextEvent())
        } finally {
            pool.shutdown()
        }
    }
}
