package org.jsnm.attend.app

import org.jsnm.attend.ScanResultView

/** The tabs at the bottom of the main screen, in the seed manual's order. */
enum class Tab { HOME, READER, CREDITS }

/**
 * Where the member is. One value for the whole app, so the Compose root (and the tests)
 * switch on a single state instead of several flags that could disagree.
 */
sealed interface Screen {
    data object Login : Screen

    data class Main(val tab: Tab) : Screen

    /** Screen ④, holding the recorded scan it shows. */
    data class Result(val result: ScanResultView) : Screen
}

/** The camera, or the result it just produced. */
internal val Screen.isScanning: Boolean
    get() = this == Screen.Main(Tab.READER) || this is Screen.Result
