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
import org.jsnm.attend.CreditsView

/** Screen ⑤ (単位確認): the core's tally, computed offline, pending and confirmed apart. */
data class CreditsState(
    /** `certifications[].progressText`, `years[]`, `totalsText`, `emptyText`. */
    val view: CreditsView? = null,
    val error: String? = null,
)

class CreditsViewModel internal constructor(private val model: AppModel) {
    private val _state = MutableStateFlow(CreditsState())
    val state: StateFlow<CreditsState> = _state.asStateFlow()
    private val reading = Mutex()

    /** Shown once: from then on a sync refreshes it too. */
    internal val loaded: Boolean get() = _state.value.view != null

    fun refresh(): Job = model.scope.launch {
        reading.withLock {
            try {
                val view = withContext(model.io) { model.app.credits() }
                _state.value = CreditsState(view = view)
            } catch (e: AttendException) {
                _state.update { it.copy(error = e.reasonText) }
            }
        }
    }

    internal fun clear() {
        _state.value = CreditsState()
    }
}
