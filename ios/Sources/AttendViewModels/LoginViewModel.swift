// App step ②, the login form. The core checks the fields and words every refusal; the
// form only keeps what was typed, shows `busy` while the request is out, and shows the
// core's text when it fails.
import AttendBindings

@MainActor
public final class LoginViewModel: ObservableObject {
    @Published public var memberNumber = ""
    @Published public var password = ""
    @Published public private(set) var busy = false
    /// The core's reason for the last refusal.
    @Published public private(set) var error: String? = nil
    /// Why the form is shown again: the logout's message, or that the server ended
    /// the login.
    @Published public private(set) var info: String? = nil

    public let labels: UiLabels
    private let app: AttendApp
    weak var owner: AppModel?

    init(app: AttendApp, labels: UiLabels) {
        self.app = app
        self.labels = labels
    }

    /// The button's text: `ログイン`, or `ログイン中…` while the request is out.
    public var buttonText: String {
        busy ? labels.loggingIn : labels.loginButton
    }

    /// Sends the form. Empty fields go to the core too: it words that refusal.
    public func submit() async {
        guard !busy else {
            return
        }
        busy = true
        error = nil
        info = nil
        defer { busy = false }
        do {
            let account = try await app.login(memberNumber: memberNumber, password: password)
            // The password is not kept in memory once it did its work.
            password = ""
            owner?.loggedIn(account)
        } catch {
            self.error = memberText(error)
        }
    }

    func reset(info: String?) {
        password = ""
        busy = false
        error = nil
        self.info = info
    }
}
