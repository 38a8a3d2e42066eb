package org.jsnm.attend.app

import org.jsnm.attend.HomeView
import org.jsnm.attend.SyncView
import org.jsnm.attend.UiLabels

/**
 * The offline banner and sync line (screen ⑥). Offline is what the platform said or
 * what the core's sync engine concluded, whichever says so: the platform knows first when
 * the radio drops, the engine knows when a "connected" network reaches nothing. The
 * waiting count comes from the last home read, with its wording from the core.
 */
data class BannerState(
    val offline: Boolean,
    /** `labels.offlineBanner` while offline. */
    val offlineText: String?,
    val waiting: ULong,
    /** `未送信 2件` / `2 waiting to send`; null when nothing waits. */
    val waitingText: String?,
    /** `idle`, `syncing`, `offline`, `waiting_to_retry`, `signed_out`, `failed`. */
    val syncState: String,
    val syncText: String,
    val lastError: String?,
) {
    /** Worth a banner: offline, or scans still waiting. */
    val visible: Boolean get() = offline || waiting > 0uL

    internal companion object {
        fun of(labels: UiLabels, platformOnline: Boolean, sync: SyncView, home: HomeView?): BannerState {
            val offline = !platformOnline || sync.state == "offline"
            return BannerState(
                offline = offline,
                offlineText = if (offline) labels.offlineBanner else null,
                waiting = home?.waiting ?: sync.waiting,
                waitingText = home?.waitingText,
                syncState = sync.state,
                syncText = sync.stateText,
                lastError = sync.lastError,
            )
        }
    }
}
