package org.jsnm.attend.android.camera

import android.content.Context
import android.net.Uri
import java.io.File
import java.io.IOException

/**
 * A picture chosen in the system photo picker, made readable for the core: the picker
 * hands out a content URI, the core opens file paths.
 */
internal object PickedImage {
    private const val FILE_NAME = "picked-image"

    /** Copies the picture into the app's cache; null when it cannot be read. */
    fun copyToCache(context: Context, uri: Uri): String? {
        // One file, overwritten each time: the core reads it at once and keeps nothing.
        val target = File(context.cacheDir, FILE_NAME)
        return try {
            val input = context.contentResolver.openInputStream(uri) ?: return null
            input.use { source -> target.outputStream().use { source.copyTo(it) } }
            target.absolutePath
        } catch (e: IOException) {
            null
        } catch (e: SecurityException) {
            // The picker's grant can lapse if the app was in the background too long.
            null
        }
    }
}
