// App step ⑥, 単位確認: history and credits per certification, computed by the core
// offline from the device's database. Loaded off the main thread like the home list.
import AttendBindings

@MainActor
public final class CreditsViewModel: ObservableObject {
    @Published public private(set) var view: CreditsView? = nil
    @Published public private(set) var error: String? = nil

    public let labels: UiLabels
    private let app: AttendApp
    weak var owner: AppModel?
    private var loading: Task<Void, Never>?

    init(app: AttendApp, labels: UiLabels) {
        self.app = app
        self.labels = labels
    }

    public func refresh() {
        loading?.cancel()
        let app = app
        loading = Task {
            let result = await Task.detached(priority: .userInitiated) {
                Result { try app.credits() }
            }.value
            guard !Task.isCancelled else {
                return
            }
            switch result {
            case let .success(view):
                self.view = view
                error = nil
            case let .failure(failure):
                error = owner?.handled(failure) ?? memberText(failure)
            }
        }
    }

    /// A certification's progress as a fraction for a progress bar: confirmed
    /// credits over required, capped at 1 (a member past the goal sees a full bar).
    public nonisolated static func progress(_ certification: CertificationView) -> Double {
        guard certification.required > 0 else {
            return 1
        }
        return min(1, Double(certification.confirmed) / Double(certification.required))
    }
}
