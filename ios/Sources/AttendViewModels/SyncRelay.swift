// The core calls its sync listener on its own thread; everything the screens read lives
// on the main actor. This relay is the one hop between the two, so no view-model needs
// to be thread-safe.
import AttendBindings
import Foundation

/// The `SyncListener` handed to `AttendApp`. It is made before the app (the app needs
/// it to start), and learns its target afterwards.
final class SyncRelay: SyncListener, @unchecked Sendable {
    // The lock guards `target`, set once on the main actor and read on the core's
    // sync thread.
    private let lock = NSLock()
    private weak var target: AppModel?

    func attach(_ model: AppModel) {
        lock.lock()
        target = model
        lock.unlock()
    }

    func onUpdate(status: SyncView) throws {
        lock.lock()
        let model = target
        lock.unlock()
        guard let model else {
            return
        }
        Task { @MainActor in
            model.syncChanged(status)
        }
    }
}
