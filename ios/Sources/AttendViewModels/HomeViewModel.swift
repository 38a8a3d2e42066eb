// App steps ② and ⑤, the home screen: the header, the attendance list and what waits.
// All of it is one `HomeView` from the core, read from the device's database, so it
// works offline; this class only loads it off the main thread and keeps the last one.
import AttendBindings

@MainActor
public final class HomeViewModel: ObservableObject {
    @Published public private(set) var view: HomeView? = nil
    /// A sync or logout in progress (the buttons are disabled meanwhile).
    @Published public private(set) var busy = false
    /// The last sync's summary (`3件を送信しました…`), or the reason a call failed.
    @Published public private(set) var message: String? = nil

    public let labels: UiLabels
    private let app: AttendApp
    weak var owner: AppModel?
    private var loading: Task<Void, Never>?

    init(app: AttendApp, labels: UiLabels) {
        self.app = app
        self.labels = labels
    }

    /// Reloads the list. A newer call replaces an older one still running, so the
    /// screen never ends on a stale list.
    public func refresh() {
        loading?.cancel()
        let app = app
        loading = Task {
            let result = await Task.detached(priority: .userInitiated) {
                Result { try app.home() }
            }.value
            guard !Task.isCancelled else {
                return
            }
            switch result {
            case let .success(view):
                self.view = view
                owner?.homeLoaded(view)
            case let .failure(error):
                message = owner?.handled(error) ?? memberText(error)
            }
        }
    }

    /// The large スキャン起動 button: the same as the QRリーダー tab.
    public func startScan() {
        owner?.selectTab(.reader)
    }

    /// The 今すぐ送信 button: sends what waits and refreshes the list.
    public func syncNow() async {
        guard !busy else {
            return
        }
        busy = true
        defer { busy = false }
        do {
            let outcome = try await app.syncNow()
            message = outcome.summary
        } catch {
            message = owner?.handled(error) ?? memberText(error)
        }
        refresh()
    }

    /// Logs out; scans not yet sent stay on the device for the next login, and the
    /// core's message says so.
    public func logout() async {
        guard !busy else {
            return
        }
        busy = true
        defer { busy = false }
        do {
            let done = try await app.logout()
            view = nil
            message = nil
            owner?.loginGone(info: done.message)
        } catch {
            message = owner?.handled(error) ?? memberText(error)
        }
    }
}
