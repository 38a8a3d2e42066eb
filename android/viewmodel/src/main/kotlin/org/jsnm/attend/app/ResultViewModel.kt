package org.jsnm.attend.app

import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import org.jsnm.attend.ScanResultView

/** One labelled line of the result screen. */
data class ResultField(val label: String, val value: String)

/** Screen ④: a recorded scan, laid out with the core's labels. */
data class ResultState(
    /** `labels.resultTitle`. */
    val title: String,
    /** `登録しました` or `登録済みです`. */
    val headline: String,
    val already: Boolean,
    /** When it was registered before (already registered only). */
    val alreadyText: String?,
    /** Congress, kind, session, registered at, credit, status: in that order. */
    val fields: List<ResultField>,
    val pending: Boolean,
    /** 表示内容を必ずご確認ください。 */
    val notice: String,
    val scanAnotherLabel: String,
    val backHomeLabel: String,
)

class ResultViewModel internal constructor(private val model: AppModel) {
    private val _state = MutableStateFlow<ResultState?>(null)

    /** Non-null exactly while the screen is [Screen.Result]. */
    val state: StateFlow<ResultState?> = _state.asStateFlow()

    fun scanAnother() = model.selectTab(Tab.READER)

    fun backHome() = model.selectTab(Tab.HOME)

    internal fun show(view: ScanResultView?) {
        _state.value = view?.let { layout(it) }
    }

    private fun layout(view: ScanResultView): ResultState {
        val l = model.labels
        return ResultState(
            title = l.resultTitle,
            headline = view.headline,
            already = view.alreadyRegistered,
            alreadyText = view.alreadyText,
            fields = listOf(
                ResultField(l.congress, view.congressName),
                ResultField(l.kind, view.kindName),
                ResultField(l.session, view.sessionTitle),
                ResultField(l.registeredAt, view.registeredAt),
                ResultField(l.credit, view.creditText),
                ResultField(l.status, view.statusText),
            ),
            pending = view.pending,
            notice = view.notice,
            scanAnotherLabel = l.scanAnother,
            backHomeLabel = l.backHome,
        )
    }
}
