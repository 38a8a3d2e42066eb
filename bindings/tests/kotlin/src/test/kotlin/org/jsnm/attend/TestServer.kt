package org.jsnm.attend

import java.io.File
import java.util.concurrent.TimeUnit

/**
 * The `attend-ffi-testserver` binary (path in the system property `attend.testserver`):
 * a real server on loopback with a demo member, codes and poster photos, described by
 * the one JSON line it prints. Closing its stdin stops it.
 */
class TestServer private constructor(private val process: Process, val info: Map<String, Any?>) : AutoCloseable {
    val url get() = info["url"] as String
    val memberNumber get() = info["member_number"] as String
    val password get() = info["password"] as String
    val deskCode get() = info["desk_code"] as String
    val forgedCode get() = info["forged_code"] as String
    val photoJpeg get() = info["photo_jpeg"] as String
    val forgedPhotoJpeg get() = info["forged_photo_jpeg"] as String

    @Suppress("UNCHECKED_CAST")
    val frames get() = info["frames"] as List<Map<String, Any?>>

    override fun close() {
        process.outputStream.close()
        if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroy()
    }

    companion object {
        fun start(): TestServer {
            val binary = System.getProperty("attend.testserver")
                ?: error("system property attend.testserver is not set (run bindings/tests/run.sh)")
            val process = ProcessBuilder(binary)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start()
            val line = process.inputStream.bufferedReader().readLine()
                ?: error("attend-ffi-testserver exited with ${process.waitFor()} before printing")
            return TestServer(process, Json.parse(line) as Map<String, Any?>)
        }
    }
}

/** Reads the test server's JSON line (objects, arrays, strings, integers): no JSON
 *  library is needed for that much. */
object Json {
    fun parse(text: String): Any? = Parser(text).run { value().also { skip() } }

    private class Parser(val s: String) {
        var i = 0
        fun skip() { while (i < s.length && s[i].isWhitespace()) i++ }
        fun value(): Any? {
            skip()
            return when (s[i]) {
                '{' -> obj()
                '[' -> arr()
                '"' -> str()
                'n' -> { i += 4; null }
                't' -> { i += 4; true }
                'f' -> { i += 5; false }
                else -> num()
            }
        }
        fun obj(): Map<String, Any?> {
            val m = LinkedHashMap<String, Any?>()
            i++; skip()
            if (s[i] == '}') { i++; return m }
            while (true) {
                skip(); val k = str(); skip(); i++ // ':'
                m[k] = value(); skip()
                if (s[i++] == '}') return m
            }
        }
        fun arr(): List<Any?> {
            val l = ArrayList<Any?>()
            i++; skip()
            if (s[i] == ']') { i++; return l }
            while (true) {
                l.add(value()); skip()
                if (s[i++] == ']') return l
            }
        }
        fun str(): String {
            val b = StringBuilder()
            i++
            while (s[i] != '"') {
                if (s[i] == '\\') {
                    i++
                    when (s[i]) {
                        'n' -> b.append('\n'); 't' -> b.append('\t'); 'r' -> b.append('\r')
                        'b' -> b.append('\b'); 'f' -> b.append('\u000c')
                        'u' -> { b.append(s.substring(i + 1, i + 5).toInt(16).toChar()); i += 4 }
                        else -> b.append(s[i])
                    }
                } else b.append(s[i])
                i++
            }
            i++
            return b.toString()
        }
        fun num(): Long {
            val start = i
            while (i < s.length && (s[i] == '-' || s[i].isDigit())) i++
            return s.substring(start, i).toLong()
        }
    }
}

fun frameBytes(frame: Map<String, Any?>): ByteArray = File(frame["path"] as String).readBytes()
