// The offline banner (screen 6 of the shells). It is fed from two sides, the
// platform's network monitor and the core's sync listener, and only stores what they
// said: the wording (the waiting count, the sync state) is the core's.
import AttendBindings

@MainActor
public final class BannerState: ObservableObject {
    /// The platform said offline, or the core's sync state is `offline`.
    @Published public private(set) var offline = false
    /// `labels.offlineBanner` while offline, nil otherwise.
    @Published public private(set) var offlineText: String? = nil
    /// Scans waiting to be sent.
    @Published public private(set) var waiting: UInt64 = 0
    /// `未送信 2件` / `2 waiting to send`; nil when nothing waits.
    @Published public private(set) var waitingText: String? = nil
    /// The core's state name: idle, syncing, offline, waiting_to_retry, signed_out,
    /// failed (for an icon; the member reads `syncText`).
    @Published public private(set) var syncState = "idle"
    @Published public private(set) var syncText = ""
    /// Why the last attempt failed, for the member.
    @Published public private(set) var lastError: String? = nil

    private let labels: UiLabels
    // Either side may notice first: the platform's monitor, or the core when a request
    // found no network. The banner shows while either says so.
    private var networkOffline = false

    public init(labels: UiLabels) {
        self.labels = labels
    }

    /// Shown while offline, or while scans wait to be sent (they are safe on the
    /// device, and the member should know they have not reached the society yet).
    public var visible: Bool {
        offline || waiting > 0
    }

    func networkChanged(online: Bool) {
        networkOffline = !online
        settle()
    }

    func apply(sync: SyncView) {
        syncState = sync.state
        syncText = sync.stateText
        lastError = sync.lastError
        waiting = sync.waiting
        if sync.waiting == 0 {
            waitingText = nil
        }
        settle()
    }

    func apply(home: HomeView) {
        waitingText = home.waitingText
        apply(sync: home.sync)
    }

    private func settle() {
        offline = networkOffline || syncState == "offline"
        offlineText = offline ? labels.offlineBanner : nil
    }
}
