// App step ④, the result screen: what was registered, field by field, with the
// core's notice to check it. The AppModel presents a recorded scan here; the two
// buttons hand navigation back to it.
import AttendBindings

/// One labelled line of the result screen.
public struct ResultField: Equatable, Hashable, Sendable {
    public let label: String
    public let value: String
}

/// Everything the result screen shows, already worded.
public struct ResultState: Equatable {
    public let title: String
    /// `登録しました` / `Registered`, or `登録済みです` / `Already registered`.
    public let headline: String
    public let already: Bool
    /// For an already registered session: when it was registered before.
    public let alreadyText: String?
    /// Congress, kind, session, registered at, credit, status.
    public let fields: [ResultField]
    public let pending: Bool
    /// `表示内容を必ずご確認ください。`
    public let notice: String
    public let scanAnotherLabel: String
    public let backHomeLabel: String

    public init(result: ScanResultView, labels: UiLabels) {
        title = labels.resultTitle
        headline = result.headline
        already = result.alreadyRegistered
        alreadyText = result.alreadyText
        var fields = [
            ResultField(label: labels.congress, value: result.congressName),
            ResultField(label: labels.kind, value: result.kindName),
        ]
        // A code for a whole congress day has no session title: no empty line.
        if !result.sessionTitle.isEmpty {
            fields.append(ResultField(label: labels.session, value: result.sessionTitle))
        }
        fields.append(ResultField(label: labels.registeredAt, value: result.registeredAt))
        fields.append(ResultField(label: labels.credit, value: result.creditText))
        fields.append(ResultField(label: labels.status, value: result.statusText))
        self.fields = fields
        pending = result.pending
        notice = result.notice
        scanAnotherLabel = labels.scanAnother
        backHomeLabel = labels.backHome
    }
}

@MainActor
public final class ResultViewModel: ObservableObject {
    /// Set while the result screen is shown.
    @Published public private(set) var state: ResultState? = nil

    private let labels: UiLabels
    weak var owner: AppModel?

    init(labels: UiLabels) {
        self.labels = labels
    }

    func present(_ scan: ScanResultView?) {
        state = scan.map { ResultState(result: $0, labels: labels) }
    }

    /// → the reader again.
    public func scanAnother() {
        owner?.resultClosed(scanAnother: true)
    }

    /// → the home tab.
    public func backHome() {
        owner?.resultClosed(scanAnother: false)
    }
}
