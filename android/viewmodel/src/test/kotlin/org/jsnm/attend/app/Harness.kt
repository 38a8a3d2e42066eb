package org.jsnm.attend.app

import java.nio.file.Files
import java.nio.file.Path
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeoutOrNull
import org.jsnm.attend.AppSettings
import org.jsnm.attend.Locale
import org.jsnm.attend.PlatformException
import org.jsnm.attend.TokenStore
import org.jsnm.attend.testing.TestServer

/** The platform's secure store, as the Android app keeps it behind the Keystore. */
class MemoryTokenStore : TokenStore {
    @Volatile var token: String? = null

    override fun load(): String? = token

    override fun save(token: String) {
        this.token = token
    }

    override fun clear() {
        token = null
    }
}

/** A store whose keystore is locked: every call fails the way a platform service does. */
class LockedTokenStore : TokenStore {
    private fun locked(): Nothing = throw PlatformException.Failed("keystore locked")

    override fun load(): String? = locked()

    override fun save(token: String) = locked()

    override fun clear() = locked()
}

/**
 * One phone: a fresh data folder, an in-memory token store, and an [AppModel] on real
 * threads (a Default-dispatcher scope for the UI's coroutines, IO for the core's blocking
 * calls), as on Android where the camera and the core's sync thread are real threads too.
 */
class Phone(
    val server: TestServer = TestServer.shared,
    val locale: Locale = Locale.JA,
    val serverUrl: String = server.url,
) : AutoCloseable {
    val dir: Path = Files.createTempDirectory("attend-vm")
    val tokens = MemoryTokenStore()
    private var scope = newScope()
    var model: AppModel = open()
        private set

    private fun newScope() = CoroutineScope(SupervisorJob() + Dispatchers.Default)

    private fun open() = AppModel(
        AppSettings(
            dataDir = dir.resolve("app").toString(),
            serverUrl = serverUrl,
            locale = locale,
            allowHttp = true,
            trustedRootPem = null,
        ),
        tokens,
        scope,
        Dispatchers.IO,
    )

    /** The process restarts: the same data folder and token store, a new model. */
    fun restart(): AppModel {
        stop()
        scope = newScope()
        model = open()
        return model
    }

    /** Fills the form with the notice's number and temporary password and waits for Home. */
    fun logIn(password: String = server.password) = runBlocking {
        model.login.onMemberNumber(server.memberNumber)
        model.login.onPassword(password)
        model.login.submit().join()
        model.screen.await("the home screen after login") { it == Screen.Main(Tab.HOME) }
    }

    private fun stop() {
        runBlocking { model.shutdown() }
        model.close()
        scope.cancel()
    }

    override fun close() {
        stop()
        dir.toFile().deleteRecursively()
    }
}

/**
 * Waits until the state satisfies [ok]; the failure names what was awaited and shows the
 * last value. The timeout only bounds a hang: nothing here measures speed.
 */
suspend fun <T> StateFlow<T>.await(what: String, timeout: Duration = 30.seconds, ok: (T) -> Boolean): T =
    withTimeoutOrNull(timeout) { first(ok) } ?: throw AssertionError("gave up waiting for $what; last value: $value")

fun <T> StateFlow<T>.awaitBlocking(what: String, ok: (T) -> Boolean): T = runBlocking { await(what, ok = ok) }

/** The value, or the test fails saying what was missing. */
fun <T : Any> required(value: T?, what: String = "a value"): T = value ?: throw AssertionError("missing: $what")
