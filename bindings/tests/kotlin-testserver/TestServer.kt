package org.jsnm.attend.testing

import java.io.BufferedReader
import java.io.File
import java.util.concurrent.TimeUnit
import org.jsnm.attend.PixelFormat
import org.json.JSONObject

/** One raw camera buffer the test server wrote: the poster photo as a camera delivers it. */
data class RawFrame(val format: PixelFormat, val path: String, val width: Int, val height: Int, val stride: Int) {
    fun bytes(): ByteArray = File(path).readBytes()
}

/**
 * The `attend-ffi-testserver` binary (path in the system property `attend.testserver`):
 * the society's real server on loopback, with a demo member holding a temporary password,
 * signed codes and the poster photographed, described by the one JSON line it prints. It
 * then answers [command]s, and runs until its standard input closes, so a crashed JVM
 * cannot leave it behind.
 *
 * Shared by the Kotlin suites that need it (the bindings' own tests and the Android
 * view-models'): both poms add this folder to their test sources.
 */
class TestServer private constructor(
    private val process: Process,
    private val output: BufferedReader,
    info: JSONObject,
) : AutoCloseable {
    val url: String = info.getString("url")
    val memberNumber: String = info.getString("member_number")
    val password: String = info.getString("password")
    val deskCode: String = info.getString("desk_code")
    val forgedCode: String = info.getString("forged_code")
    val photoJpeg: String = info.getString("photo_jpeg")
    val forgedPhotoJpeg: String = info.getString("forged_photo_jpeg")
    val frames: List<RawFrame> = info.getJSONArray("frames").let { list ->
        (0 until list.length()).map { i ->
            val f = list.getJSONObject(i)
            RawFrame(
                format = PixelFormat.valueOf(f.getString("format").uppercase()),
                path = f.getString("path"),
                width = f.getInt("width"),
                height = f.getInt("height"),
                stride = f.getInt("stride"),
            )
        }
    }

    /**
     * One command to the server, as the society's office would act while the app runs
     * (`revoke-tokens`: every login of the demo member ends); returns the server's one-line
     * answer, `ok <command>` or `error <why>`.
     */
    @Synchronized
    fun command(line: String): String {
        val input = process.outputStream
        input.write("$line\n".toByteArray(Charsets.UTF_8))
        input.flush()
        return output.readLine()
            ?: error("attend-ffi-testserver exited with ${process.waitFor()} before answering '$line'")
    }

    override fun close() {
        process.outputStream.close()
        if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroy()
    }

    companion object {
        /** One server for a whole test run: it takes seconds to render the photos. */
        val shared: TestServer by lazy {
            start().also { server -> Runtime.getRuntime().addShutdownHook(Thread { server.close() }) }
        }

        /** A server of its own, for a test that stops it. */
        fun start(): TestServer {
            val binary = System.getProperty("attend.testserver")
                ?: error("system property attend.testserver is not set (run the suite's run script)")
            val process = ProcessBuilder(binary).redirectError(ProcessBuilder.Redirect.INHERIT).start()
            // One reader for the process's life: it may buffer past the first line.
            val output = process.inputStream.bufferedReader(Charsets.UTF_8)
            val line = output.readLine()
                ?: error("attend-ffi-testserver exited with ${process.waitFor()} before printing")
            return TestServer(process, output, JSONObject(line))
        }
    }
}
