package org.jsnm.attend.android.platform

import android.media.AudioManager
import android.media.ToneGenerator
import android.os.Build
import android.view.HapticFeedbackConstants
import android.view.View

/**
 * The buzz and beep of a recorded scan, so a member holding the phone up to a distant
 * screen knows it worked without looking. Follows the system settings: the haptic obeys
 * "touch feedback", the tone plays on the notification stream (silent in silent mode).
 */
class ScanFeedback {
    // Some phones have no tone generator to give (audio service busy): then no sound.
    private val tone: ToneGenerator? = try {
        ToneGenerator(AudioManager.STREAM_NOTIFICATION, VOLUME)
    } catch (e: RuntimeException) {
        null
    }

    fun play(view: View) {
        val haptic = if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.R) {
            HapticFeedbackConstants.CONFIRM
        } else {
            HapticFeedbackConstants.LONG_PRESS
        }
        view.performHapticFeedback(haptic)
        tone?.startTone(ToneGenerator.TONE_PROP_ACK, TONE_MS)
    }

    fun release() {
        tone?.release()
    }

    private companion object {
        const val VOLUME = 80
        const val TONE_MS = 150
    }
}
