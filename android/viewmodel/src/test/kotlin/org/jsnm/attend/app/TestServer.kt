package org.jsnm.attend.app

import java.io.File
import java.util.concurrent.TimeUnit
import org.jsnm.attend.PixelFormat

/** One raw camera buffer the test server wrote: the poster photo as a camera delivers it. */
data class RawFrame(val format: PixelFormat, val path: String, val width: Int, val height: Int, val stride: Int) {
    fun bytes(): ByteArray = File(path).readBytes()
}

/**
 * The `attend-ffi-testserver` binary (path in the system property `attend.testserver`):
 * the society's real server on loopback, with a demo member holding a temporary password,
 * signed codes and the poster photographed. It prints one JSON line and runs until its
 * standard input closes, so a crashed JVM cannot leave it behind.
 */
class TestServer private constructor(private val process: Process, info: Map<String, Any?>) : AutoCloseable {
    val url = info.string("url")
    val memberNumber = info.string("member_number")
    val password = info.string("password")
    val deskCode = info.string("desk_code")
    val forgedCode = info.string("forged_code")
    val forgedPhotoJpeg = info.string("forged_photo_jpeg")
    val frames: List<RawFrame> = (info["frames"] as List<*>).map { raw ->
        val f = raw as Map<*, *>
        RawFrame(
            format = PixelFormat.valueOf((f["format"] as String).uppercase()),
            path = f["path"] as String,
            width = (f["width"] as Long).toInt(),
            height = (f["height"] as Long).toInt(),
            stride = (f["stride"] as Long).toInt(),
        )
    }

    override fun close() {
        process.outputStream.close()
        if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroy()
    }

    companion object {
        /** One server for the whole test run: it takes seconds to render the photos. */
        val shared: TestServer by lazy {
            start().also { server -> Runtime.getRuntime().addShutdownHook(Thread { server.close() }) }
        }

        /** A server of its own, for a test that stops it. */
        fun start(): TestServer {
            val binary = System.getProperty("attend.testserver")
                ?: error("system property attend.testserver is not set (run android/viewmodel/run-tests.sh)")
            val process = ProcessBuilder(binary).redirectError(ProcessBuilder.Redirect.INHERIT).start()
            val line = process.inputStream.bufferedReader().readLine()
                ?: error("attend-ffi-testserver exited with ${process.waitFor()} before printing")
            @Suppress("UNCHECKED_CAST")
            return TestServer(process, JsonLine(line).value() as Map<String, Any?>)
        }

        private fun Map<String, Any?>.string(key: String): String =
            this[key] as? String ?: error("test server JSON lacks \"$key\"")
    }
}

/** Just enough JSON for the server's one line: objects, arrays, strings, integers. */
private class JsonLine(private val s: String) {
    private var i = 0

    fun value(): Any? {
        space()
        return when (s[i]) {
            '{' -> members()
            '[' -> items()
            '"' -> text()
            'n' -> null.also { i += 4 }
            't' -> true.also { i += 4 }
            'f' -> false.also { i += 5 }
            else -> number()
        }
    }

    private fun space() {
        while (i < s.length && s[i].isWhitespace()) i++
    }

    private fun expect(c: Char) {
        space()
        check(s[i] == c) { "expected '$c' at $i" }
        i++
    }

    private fun members(): Map<String, Any?> {
        val out = LinkedHashMap<String, Any?>()
        expect('{')
        space()
        if (s[i] == '}') return out.also { i++ }
        while (true) {
            space()
            val key = text()
            expect(':')
            out[key] = value()
            space()
            if (s[i++] == '}') return out
        }
    }

    private fun items(): List<Any?> {
        val out = ArrayList<Any?>()
        expect('[')
        space()
        if (s[i] == ']') return out.also { i++ }
        while (true) {
            out.add(value())
            space()
            if (s[i++] == ']') return out
        }
    }

    private fun text(): String {
        val out = StringBuilder()
        expect('"')
        while (s[i] != '"') {
            if (s[i] == '\\') {
                i++
                when (s[i]) {
                    'n' -> out.append('\n')
                    't' -> out.append('\t')
                    'r' -> out.append('\r')
                    'b' -> out.append('\b')
                    'f' -> out.append('\u000c')
                    'u' -> out.append(s.substring(i + 1, i + 5).toInt(16).toChar()).also { i += 4 }
                    else -> out.append(s[i])
                }
            } else {
                out.append(s[i])
            }
            i++
        }
        i++
        return out.toString()
    }

    private fun number(): Long {
        val start = i
        while (i < s.length && (s[i] == '-' || s[i].isDigit())) i++
        return s.substring(start, i).toLong()
    }
}
