// The generated `errorDescription` prints the whole enum value (for logs); the member
// must see the core's own wording, which every variant carries in `reason`. Kept next
// to the generated file so every module reads the text the same way.
import Foundation

extension AttendError {
    /// The member-facing text, already in the app's language.
    public var reason: String {
        switch self {
        case let .NotLoggedIn(_, reason),
             let .Login(_, reason),
             let .Network(_, reason),
             let .SignedOut(_, reason),
             let .CodeRefused(_, reason),
             let .Unreadable(_, reason),
             let .Storage(_, reason),
             let .Internal(_, reason):
            return reason
        }
    }

    /// The core's stable code (the strings `attend --json` prints).
    public var code: String {
        switch self {
        case let .NotLoggedIn(code, _),
             let .Login(code, _),
             let .Network(code, _),
             let .SignedOut(code, _),
             let .CodeRefused(code, _),
             let .Unreadable(code, _),
             let .Storage(code, _),
             let .Internal(code, _):
            return code
        }
    }

    /// The login is gone (never made, or revoked by the server): the shell shows the
    /// login form. The core chose the variant; this only names the two together.
    public var needsLogin: Bool {
        switch self {
        case .NotLoggedIn, .SignedOut:
            return true
        default:
            return false
        }
    }
}
