package org.jsnm.attend.app

import kotlinx.coroutines.Job
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.flow.updateAndGet
import kotlinx.coroutines.launch
import org.jsnm.attend.AttendException

/** Screen ①: the form's fields, whether a login runs, and the core's answer. */
data class LoginState(
    val memberNumber: String = "",
    val password: String = "",
    val busy: Boolean = false,
    /** Why the login was refused, worded by the core. */
    val error: String? = null,
    /** What the last logout (or a login the server dropped) said. */
    val info: String? = null,
)

class LoginViewModel internal constructor(private val model: AppModel) {
    private val _state = MutableStateFlow(LoginState())
    val state: StateFlow<LoginState> = _state.asStateFlow()

    // The running login, so a second tap on the button joins it instead of starting another.
    @Volatile
    private var running: Job? = null

    fun onMemberNumber(value: String) = _state.update { it.copy(memberNumber = value, error = null) }

    fun onPassword(value: String) = _state.update { it.copy(password = value, error = null) }

    /** Logs in; the core checks the fields (empty ones too) and words every refusal. */
    fun submit(): Job {
        running?.takeIf { it.isActive }?.let { return it }
        val form = _state.updateAndGet { it.copy(busy = true, error = null, info = null) }
        return model.scope.launch {
            try {
                val account = model.app.login(form.memberNumber, form.password)
                // The password leaves memory as soon as it has done its job.
                _state.value = LoginState(memberNumber = form.memberNumber)
                model.onLoggedIn(account)
            } catch (e: AttendException) {
                _state.update { it.copy(busy = false, error = e.reasonText) }
            }
        }.also { running = it }
    }

    internal fun reset(info: String?) = _state.update { LoginState(memberNumber = it.memberNumber, info = info) }
}
