package org.jsnm.attend.app

import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.filterNotNull
import kotlinx.coroutines.launch
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.sync.withLock
import org.jsnm.attend.AccountView
import org.jsnm.attend.AppSettings
import org.jsnm.attend.AttendApp
import org.jsnm.attend.AttendException
import org.jsnm.attend.HomeView
import org.jsnm.attend.Locale
import org.jsnm.attend.ScanResultView
import org.jsnm.attend.SyncListener
import org.jsnm.attend.SyncView
import org.jsnm.attend.TokenStore
import org.jsnm.attend.UiLabels

/**
 * The app as the screens see it: one per process, owning the core's [AttendApp].
 *
 * Design: the screens' state lives in `StateFlow`s that any thread may write (the core's
 * sync thread, the camera's analysis thread), and the UI only collects them. Work that
 * blocks (SQLite reads, a scan) runs on [io]; coroutines are launched in [scope], which
 * the platform owns (the main scope on Android, a test scope in the tests), so the
 * threading is injected, not assumed. Nothing here words or decides anything the core
 * already does: texts come from [labels] and the core's views.
 *
 * Throws [AttendException] when the core cannot open its data folder.
 */
class AppModel(
    settings: AppSettings,
    tokenStore: TokenStore,
    scope: CoroutineScope,
    internal val io: CoroutineDispatcher = Dispatchers.IO,
) : AutoCloseable {
    // A child of the platform's scope, so [close] can stop this model's coroutines (a
    // refresh the sync listener asked for) before the core object goes away.
    internal val scope = CoroutineScope(scope.coroutineContext + SupervisorJob(scope.coroutineContext[Job]))

    // Declared before `app`: the core may call the listener while its constructor runs.
    // The listener only stores the value; [onSync] handles it on [scope], off the core's
    // thread, so a slow screen never holds up sync.
    private val syncFeed = MutableStateFlow<SyncView?>(null)

    val app: AttendApp = AttendApp(
        settings,
        tokenStore,
        object : SyncListener {
            override fun onUpdate(status: SyncView) {
                syncFeed.value = status
            }
        },
    )
    val locale: Locale = settings.locale
    val labels: UiLabels = app.labels()

    // Navigation comes from the UI thread and from the camera's thread (a recorded frame).
    private val navigation = Any()
    private val _screen = MutableStateFlow<Screen>(Screen.Login)
    val screen: StateFlow<Screen> = _screen.asStateFlow()

    private val _account = MutableStateFlow<AccountView?>(null)
    val account: StateFlow<AccountView?> = _account.asStateFlow()

    private val _reminder = MutableStateFlow<ReminderState?>(null)
    val reminder: StateFlow<ReminderState?> = _reminder.asStateFlow()

    // The banner joins three sources that change on different threads; they are kept
    // here and the banner recomputed under one lock, so it never mixes two moments.
    private val bannerLock = Any()
    private var platformOnline = true
    private var lastSync: SyncView = app.syncStatus()
    private var lastHome: HomeView? = null
    private val _banner = MutableStateFlow(BannerState.of(labels, true, lastSync, null))
    val banner: StateFlow<BannerState> = _banner.asStateFlow()

    val login = LoginViewModel(this)
    val home = HomeViewModel(this)
    val reader = ReaderViewModel(this)
    val result = ResultViewModel(this)
    val credits = CreditsViewModel(this)

    init {
        // A member who logged in before goes straight to Home, offline too: the account
        // is in the core's database, the token in the platform's store.
        val known = try {
            app.account()
        } catch (e: AttendException) {
            null
        }
        if (known != null) {
            _account.value = known
            navigate(Screen.Main(Tab.HOME))
        }
        scope.launch { syncFeed.filterNotNull().collect { onSync(it) } }
    }

    /** The bottom tabs. */
    fun selectTab(tab: Tab) = navigate(Screen.Main(tab))

    fun dismissReminder() {
        _reminder.value = null
    }

    /** From the platform's connectivity callbacks; coming back online syncs at once. */
    fun networkChanged(online: Boolean) {
        synchronized(bannerLock) { platformOnline = online }
        app.networkChanged(online)
        updateBanner()
    }

    /** One sync for a background worker (WorkManager): true when it succeeded. */
    suspend fun syncInBackground(): Boolean = try {
        app.syncNow()
        true
    } catch (e: AttendException) {
        false
    }

    /** Stops background sync; call before the process ends (a pass cut short loses nothing). */
    suspend fun shutdown() {
        app.shutdown()
    }

    /** Stops this model's coroutines and frees the core object. Call [shutdown] first. */
    override fun close() {
        scope.cancel()
        app.close()
    }

    internal fun navigate(to: Screen) {
        val from = synchronized(navigation) {
            val from = _screen.value
            _screen.value = to
            result.show((to as? Screen.Result)?.result)
            from
        }
        // The member left the scanner and its result screen: the core forgets the code it
        // saw, so the same poster shown later is reported again. "Scan another" keeps it,
        // so a poster still in view does not reopen the result at once.
        if (from.isScanning && !to.isScanning) reader.onLeave()
        when (to) {
            Screen.Main(Tab.HOME) -> home.refresh()
            Screen.Main(Tab.CREDITS) -> credits.refresh()
            else -> Unit
        }
    }

    internal fun onLoggedIn(account: AccountView) {
        _account.value = account
        _reminder.value = account.reminder?.let { text ->
            ReminderState(
                title = labels.reminderTitle,
                text = text,
                deadline = account.updateDeadline,
                openLabel = labels.openMemberPage,
                url = labels.memberPageUrl,
                okLabel = labels.ok,
            )
        }
        navigate(Screen.Main(Tab.HOME))
    }

    /** After a logout, or when the core says the login is gone: back to the form. */
    internal fun onLoggedOut(info: String?) {
        // The form keeps the member number: the member logs in again with the same one.
        _account.value?.let { login.onMemberNumber(it.memberNumber) }
        _account.value = null
        _reminder.value = null
        home.clear()
        credits.clear()
        synchronized(bannerLock) { lastHome = null }
        updateBanner()
        login.reset(info)
        navigate(Screen.Login)
    }

    // The sync listener and a sync the member started see the same 401: one forgets the
    // login, the other finds it forgotten already.
    private val signingOut = Mutex()

    /**
     * The server no longer accepts the login (the office revoked it, or the member logged
     * out on another phone). The core has already forgotten the dead token and the
     * account, as a logout does, so a restart opens the form; scans not yet sent stay on
     * the device for the next login. Here only the screens follow, once.
     */
    internal suspend fun onSignedOut(info: String?) = signingOut.withLock {
        if (_account.value == null && _screen.value == Screen.Login) return@withLock
        onLoggedOut(info)
    }

    internal fun showResult(view: ScanResultView) {
        navigate(Screen.Result(view))
        home.refresh()
    }

    internal fun onHome(view: HomeView) {
        synchronized(bannerLock) { lastHome = view }
        view.account?.let { _account.value = it }
        updateBanner()
    }

    private suspend fun onSync(view: SyncView) {
        synchronized(bannerLock) { lastSync = view }
        updateBanner()
        if (_screen.value == Screen.Login) return
        if (view.state == "signed_out") {
            // The error's text says why (the login ended) and that scans are kept; it is
            // also what a sync the member started throws, so both paths say the same.
            onSignedOut(view.lastError ?: view.stateText)
            return
        }
        // The waiting count and each entry's status change with sync: re-read them.
        home.refresh()
        if (credits.loaded) credits.refresh()
    }

    private fun updateBanner() {
        synchronized(bannerLock) {
            _banner.value = BannerState.of(labels, platformOnline, lastSync, lastHome)
        }
    }
}

/** The dialog after a login with the temporary password (app step ②). */
data class ReminderState(
    val title: String,
    val text: String,
    val deadline: String?,
    val openLabel: String,
    val url: String,
    val okLabel: String,
)
