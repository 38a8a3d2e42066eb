// Sends waiting scans while the app is in the background, with a BGAppRefreshTask: the
// system picks the moment (it may be hours, or never if the member force-quits the
// app), so this is a helper to the core's own sync on launch and on reconnect, not a
// replacement. The identifier must be listed in Info.plist under
// BGTaskSchedulerPermittedIdentifiers.
import AttendViewModels
import BackgroundTasks
import Foundation

public enum BackgroundSync {
    public static let identifier = "org.jsnm.attend.sync"
    // iOS treats this as "not before"; fifteen minutes keeps a member's battery safe.
    private static let interval: TimeInterval = 15 * 60

    /// Registers the task. Call before the app finishes launching (the App's init),
    /// as BGTaskScheduler requires.
    @MainActor
    public static func register(model: AppModel) {
        _ = BGTaskScheduler.shared.register(forTaskWithIdentifier: identifier, using: nil) { task in
            guard let refresh = task as? BGAppRefreshTask else {
                task.setTaskCompleted(success: false)
                return
            }
            run(refresh, model: model)
        }
    }

    /// Asks for the next run; called when the app goes to the background.
    public static func schedule() {
        let request = BGAppRefreshTaskRequest(identifier: identifier)
        request.earliestBeginDate = Date(timeIntervalSinceNow: interval)
        // Fails in the simulator and when the member turned Background App Refresh
        // off; the core still syncs on the next launch.
        try? BGTaskScheduler.shared.submit(request)
    }

    private static func run(_ task: BGAppRefreshTask, model: AppModel) {
        schedule()
        let work = Task {
            let done = await model.syncInBackground()
            task.setTaskCompleted(success: done)
        }
        // A pass cut short loses nothing: the core keeps the queue until the server
        // answered.
        task.expirationHandler = {
            work.cancel()
        }
    }
}
