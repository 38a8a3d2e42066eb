package org.jsnm.attend.app

import kotlinx.coroutines.Job
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.launch
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.sync.withLock
import kotlinx.coroutines.withContext
import org.jsnm.attend.AttendException
import org.jsnm.attend.HomeView

/** Screen ②: the core's home view, plus what the last button press answered. */
data class HomeState(
    /** Header (`view.account`), the attendance list, `emptyText`, `waitingText`. */
    val view: HomeView? = null,
    /** A sync or logout runs. */
    val busy: Boolean = false,
    /** The last sync's summary, or why it or the logout failed. */
    val message: String? = null,
)

class HomeViewModel internal constructor(private val model: AppModel) {
    private val _state = MutableStateFlow(HomeState())
    val state: StateFlow<HomeState> = _state.asStateFlow()

    // Refreshes are asked for from several threads (sync updates, scans, tab changes);
    // one at a time, in order, so an older read never overwrites a newer one.
    private val reading = Mutex()

    fun refresh(): Job = model.scope.launch {
        reading.withLock {
            try {
                val view = withContext(model.io) { model.app.home() }
                _state.update { it.copy(view = view) }
                model.onHome(view)
            } catch (e: AttendException) {
                _state.update { it.copy(message = e.reasonText) }
            }
        }
    }

    /** The large スキャン起動 button. */
    fun startScan() = model.selectTab(Tab.READER)

    fun syncNow(): Job = model.scope.launch {
        _state.update { it.copy(busy = true, message = null) }
        val message = try {
            model.app.syncNow().summary
        } catch (e: AttendException) {
            if (e.needsLogin) {
                _state.update { it.copy(busy = false) }
                if (e is AttendException.SignedOut) model.onSignedOut(e.reasonText) else model.onLoggedOut(e.reasonText)
                return@launch
            }
            e.reasonText
        }
        _state.update { it.copy(busy = false, message = message) }
        refresh()
    }

    /** Logs out; scans not yet sent stay on the device (the core's message says so). */
    fun logout(): Job = model.scope.launch {
        _state.update { it.copy(busy = true, message = null) }
        try {
            val done = model.app.logout()
            model.onLoggedOut(done.message)
        } catch (e: AttendException) {
            _state.update { it.copy(busy = false, message = e.reasonText) }
        }
    }

    internal fun clear() {
        _state.value = HomeState()
    }
}
