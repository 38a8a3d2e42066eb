// Navigation as one value, the same three states the Kotlin view-models use, so the
// root view is a plain switch and a test (or a preview) can put the app anywhere.
import AttendBindings

/// The bottom tabs of the main screen (app step ②: ホーム / QRリーダー / 単位確認).
public enum Tab: Equatable, Hashable, CaseIterable, Sendable {
    case home
    case reader
    case credits
}

/// Where the app is.
public enum Screen: Equatable {
    /// Nobody is logged in (or the server revoked the login).
    case login
    /// Logged in, on one of the tabs.
    case main(Tab)
    /// A scan was just recorded: the result screen (app step ④).
    case result(ScanResultView)
}

/// The temporary-password reminder shown once after such a login (app step ②).
public struct ReminderState: Equatable, Sendable {
    public let title: String
    /// The core's wording, with the deadline in it.
    public let text: String
    /// The deadline alone, formatted by the core; nil when unknown.
    public let deadline: String?
    /// `会員マイページを開く`, and where it goes.
    public let openLabel: String
    public let url: String
    public let okLabel: String
}

/// Text for any error a call can throw: the core's wording when it is the core's.
func memberText(_ error: Error) -> String {
    if let attend = error as? AttendError {
        return attend.reason
    }
    return error.localizedDescription
}
