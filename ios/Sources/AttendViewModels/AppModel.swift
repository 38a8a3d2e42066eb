// One AppModel per process: it owns the core (`AttendApp`), the labels, the navigation
// state and the banner, and hands each screen's view-model the same core. Screens do
// not navigate themselves; they tell the AppModel what happened (logged in, scan
// recorded, login gone) and it moves, so the flow lives in one file. Names and states
// mirror the Kotlin view-models (android/viewmodel), which the JVM tests exercise.
import AttendBindings
import Foundation

@MainActor
public final class AppModel: ObservableObject {
    @Published public private(set) var screen: Screen
    /// The header of every screen (name, member number); nil before a login.
    @Published public private(set) var account: AccountView? = nil
    /// Shown over the main screen after a login with the temporary password.
    @Published public private(set) var reminder: ReminderState? = nil

    /// Every fixed text of the shell, in the app's language.
    public let labels: UiLabels
    public let banner: BannerState
    public let login: LoginViewModel
    public let home: HomeViewModel
    public let reader: ReaderViewModel
    public let result: ResultViewModel
    public let credits: CreditsViewModel
    /// The core, for the platform services (network monitor, background refresh).
    public nonisolated let app: AttendApp

    /// Starts the core in `dataDir` and opens the screen that fits: the main screen
    /// when a login is kept on the device, the login form otherwise.
    /// `localeTag` is the device's preferred language (`ja-JP`, `en-US`).
    /// Throws the core's `AttendError` when the app cannot start (its `reason` is
    /// worded for the member).
    public static func start(
        dataDir: String,
        serverUrl: String,
        localeTag: String,
        tokenStore: TokenStore
    ) throws -> AppModel {
        let relay = SyncRelay()
        let settings = AppSettings(
            dataDir: dataDir,
            serverUrl: serverUrl,
            locale: localeFromTag(tag: localeTag),
            allowHttp: false,
            trustedRootPem: nil
        )
        let app = try AttendApp(settings: settings, tokenStore: tokenStore, listener: relay)
        let model = AppModel(app: app)
        relay.attach(model)
        return model
    }

    /// An AppModel over a core the caller started (tests, previews).
    public init(app: AttendApp) {
        self.app = app
        let labels = app.labels()
        self.labels = labels
        banner = BannerState(labels: labels)
        login = LoginViewModel(app: app, labels: labels)
        home = HomeViewModel(app: app, labels: labels)
        reader = ReaderViewModel(app: app, labels: labels)
        result = ResultViewModel(labels: labels)
        credits = CreditsViewModel(app: app, labels: labels)
        // A kept login opens the main screen even offline; an unreadable account
        // (storage error) asks for a login, which shows the core's reason if it fails.
        let kept = try? app.account()
        screen = kept == nil ? .login : .main(.home)
        account = kept
        login.owner = self
        home.owner = self
        reader.owner = self
        result.owner = self
        credits.owner = self
        banner.apply(sync: app.syncStatus())
        if kept != nil {
            home.refresh()
        }
    }

    // MARK: navigation, told by the screens

    /// A bottom tab was chosen (or the home screen's large スキャン起動 button).
    public func selectTab(_ tab: Tab) {
        guard case .main = screen else {
            return
        }
        show(.main(tab))
    }

    public func dismissReminder() {
        reminder = nil
    }

    func loggedIn(_ signedIn: AccountView) {
        account = signedIn
        if let text = signedIn.reminder {
            reminder = ReminderState(
                title: labels.reminderTitle,
                text: text,
                deadline: signedIn.updateDeadline,
                openLabel: labels.openMemberPage,
                url: labels.memberPageUrl,
                okLabel: labels.ok
            )
        }
        show(.main(.home))
    }

    /// The login is gone: logged out here, or the core said it was never made or
    /// the server revoked it. `info` is shown on the login form.
    func loginGone(info: String?) {
        reminder = nil
        account = nil
        login.reset(info: info)
        show(.login)
    }

    func scanRecorded(_ scan: ScanResultView) {
        // Not through show(): the reader is not "left" (its last code stays known, so
        // "scan another" does not report the code still in front of the camera).
        result.present(scan)
        screen = .result(scan)
        // The list behind the result screen already holds the new line on return.
        home.refresh()
    }

    func resultClosed(scanAnother: Bool) {
        result.present(nil)
        screen = .main(scanAnother ? .reader : .home)
        if scanAnother {
            reader.entered(fresh: false)
        } else {
            home.refresh()
        }
    }

    func homeLoaded(_ view: HomeView) {
        if let header = view.account {
            account = header
        }
        banner.apply(home: view)
    }

    /// Any error a screen's call threw: a lost login moves to the form; everything
    /// else stays with the screen, which shows the text.
    func handled(_ error: Error) -> String {
        if let attend = error as? AttendError, attend.needsLogin {
            loginGone(info: attend.reason)
        }
        return memberText(error)
    }

    private func show(_ next: Screen) {
        if case .main(.reader) = screen, next != screen {
            reader.onLeave()
        }
        screen = next
        switch next {
        case .main(.home):
            home.refresh()
        case .main(.reader):
            reader.entered(fresh: true)
        case .main(.credits):
            credits.refresh()
        case .login, .result:
            break
        }
    }

    // MARK: platform events

    /// The platform's network monitor: the core syncs at once when back online.
    public func networkChanged(online: Bool) {
        banner.networkChanged(online: online)
        app.networkChanged(online: online)
    }

    /// From the core's sync listener (already hopped to the main actor).
    func syncChanged(_ status: SyncView) {
        banner.apply(sync: status)
        if status.state == "signed_out", screen != .login {
            loginGone(info: status.lastError ?? status.stateText)
            return
        }
        // A sync pass changes the lists (pending lines confirmed or rejected).
        if case .main = screen {
            home.refresh()
            if case .main(.credits) = screen {
                credits.refresh()
            }
        }
    }

    /// One background sync (the BGAppRefreshTask): true when it went through.
    public nonisolated func syncInBackground() async -> Bool {
        do {
            _ = try await app.syncNow()
            return true
        } catch {
            return false
        }
    }

    /// Stops background sync before the process goes away.
    public func shutdown() async {
        await app.shutdown()
    }
}
