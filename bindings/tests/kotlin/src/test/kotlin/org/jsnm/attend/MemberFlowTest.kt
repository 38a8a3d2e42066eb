package org.jsnm.attend

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.assertThrows
import java.nio.file.Files
import java.nio.file.Path
import java.util.Collections
import org.jsnm.attend.testing.RawFrame
import org.jsnm.attend.testing.TestServer

/** The platform's secure store, as an Android app writes it over the Keystore. */
class MemoryTokenStore : TokenStore {
    @Volatile var token: String? = null
    @Volatile var failing = false

    private fun check() { if (failing) throw PlatformException.Failed("keystore locked") }
    override fun load(): String? { check(); return token }
    override fun save(token: String) { check(); this.token = token }
    override fun clear() { check(); token = null }
}

/** Keeps every sync line; throws a plain RuntimeException when `failing`. */
class RecordingListener : SyncListener {
    val seen: MutableList<SyncView> = Collections.synchronizedList(mutableListOf())
    @Volatile var failing = false

    override fun onUpdate(status: SyncView) {
        seen.add(status)
        if (failing) throw IllegalStateException("the screen that listened is gone")
    }

    fun states(): List<String> = synchronized(seen) { seen.map { it.state } }
}

/** One server for the class (it takes seconds to set up); a fresh data folder, so a
 *  fresh app, for each test. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MemberFlowTest {
    private lateinit var server: TestServer
    private lateinit var dir: Path

    @BeforeAll
    fun startServer() {
        server = TestServer.start()
    }

    @AfterAll
    fun stopServer() {
        server.close()
    }

    @BeforeEach
    fun freshFolder() {
        dir = Files.createTempDirectory("attend-kotlin")
    }

    @AfterEach
    fun removeFolder() {
        dir.toFile().deleteRecursively()
    }

    private fun open(tokens: TokenStore, listener: SyncListener?, locale: Locale = Locale.JA) =
        AttendApp(
            AppSettings(
                dataDir = dir.resolve("app").toString(),
                serverUrl = server.url,
                locale = locale,
                allowHttp = true,
                trustedRootPem = null,
            ),
            tokens,
            listener,
        )

    private fun AttendApp.scanRaw(frame: RawFrame) = scanFrame(
        frame.format,
        frame.bytes(),
        frame.width.toUInt(),
        frame.height.toUInt(),
        frame.stride.toUInt(),
    )

    @Test
    fun memberFlow() {
        val tokens = MemoryTokenStore()
        val listener = RecordingListener()
        open(tokens, listener).use { app ->
            runBlocking {
                val account = app.login(server.memberNumber, server.password)
                assertEquals(server.memberNumber, account.memberNumber)
                assertTrue(account.temporaryPassword)
                assertTrue(account.reminder!!.contains("仮パスワード"))
                assertNotNull(tokens.token, "the token went to the platform's store")
                app.syncNow() // the society's keys and rules
            }

            val first = server.frames.first()
            val result = app.scanRaw(first)
            assertNotNull(result, "the poster photo decodes")
            assertEquals("登録しました", result!!.headline)
            assertFalse(result.alreadyRegistered)
            assertTrue(result.sessionTitle.contains("教育講演1"))
            assertNull(app.scanRaw(first), "held in view: reported once")
            for (frame in server.frames.drop(1)) {
                app.resetScanner()
                val again = app.scanRaw(frame)
                assertNotNull(again, "${frame.format} frame decodes")
                assertTrue(again!!.alreadyRegistered)
                assertEquals("登録済みです", again.headline)
            }
            assertTrue(app.scanImageFile(server.photoJpeg).alreadyRegistered)

            val refused = assertThrows<AttendException.CodeRefused> { app.scanText(server.forgedCode) }
            assertEquals("code_refused", refused.code)
            assertTrue(refused.reason.isNotEmpty())
            assertThrows<AttendException.CodeRefused> { app.scanImageFile(server.forgedPhotoJpeg) }

            app.networkChanged(false)
            assertTrue(app.scanText(server.deskCode).pending)
            val waiting = app.home()
            assertTrue(waiting.waiting >= 1uL)
            assertEquals(2, waiting.entries.size)

            app.networkChanged(true)
            val outcome = runBlocking { app.syncNow() }
            assertEquals(0uL, outcome.waiting)
            val home = app.home()
            assertEquals(0uL, home.waiting)
            assertTrue(home.entries.all { it.status == EntryStatus.CONFIRMED })
            val credits = app.credits()
            assertEquals(11u, credits.confirmedTotal)
            assertEquals(0u, credits.pendingTotal)
            assertTrue(listener.states().contains("syncing"), "listener heard: ${listener.states()}")

            // A listener that throws does not take sync down.
            listener.failing = true
            runBlocking { app.syncNow() }

            // A locked keystore: a storage error, not a crash.
            tokens.failing = true
            assertThrows<AttendException.Storage> { runBlocking { app.logout() } }
            tokens.failing = false
            assertTrue(runBlocking { app.logout() }.revoked)
            assertNull(app.account())
            runBlocking { app.shutdown() }
        }
    }

    @Test
    fun wrongPasswordInEnglish() {
        open(MemoryTokenStore(), null, Locale.EN).use { app ->
            val err = assertThrows<AttendException.Login> {
                runBlocking { app.login(server.memberNumber, "not-the-password") }
            }
            assertEquals("wrong_credentials", err.code)
            assertTrue(err.reason.contains("password is wrong"), err.reason)
            assertEquals(Locale.EN, localeFromTag("en-US"))
            runBlocking { app.shutdown() }
        }
    }

    @Test
    fun garbageFramesAreErrors() {
        open(MemoryTokenStore(), null, Locale.EN).use { app ->
            val cases = listOf(
                Triple(ByteArray(0), Pair(0u, 0u), 0u),
                Triple(ByteArray(400 * 100), Pair(100u, 100u), 100u),
                Triple(ByteArray(1024), Pair(100_000u, 100_000u), 100_000u),
                Triple(ByteArray(16), Pair(UInt.MAX_VALUE, UInt.MAX_VALUE), UInt.MAX_VALUE),
            )
            for ((data, size, stride) in cases) {
                val err = assertThrows<AttendException.Unreadable> {
                    app.scanFrame(PixelFormat.BGRA, data, size.first, size.second, stride)
                }
                assertEquals("unreadable_image", err.code)
            }
            assertThrows<AttendException.NotLoggedIn> { app.scanText("garbage") }
        }
    }
}
