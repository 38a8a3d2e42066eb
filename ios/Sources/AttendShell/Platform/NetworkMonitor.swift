// The platform's view of the network, told to the core (`networkChanged`): coming back
// online makes the core send what waits at once instead of at its next retry.
import AttendViewModels
import Foundation
import Network

public final class NetworkMonitor {
    private let monitor = NWPathMonitor()
    private let queue = DispatchQueue(label: "org.jsnm.attend.network")

    public init() {}

    /// Starts watching; every change (and the first reading) goes to `model`.
    public func start(model: AppModel) {
        monitor.pathUpdateHandler = { [weak model] path in
            guard let model else {
                return
            }
            let online = path.status == .satisfied
            Task { @MainActor in
                model.networkChanged(online: online)
            }
        }
        monitor.start(queue: queue)
    }

    deinit {
        monitor.cancel()
    }
}
