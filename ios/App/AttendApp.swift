// The app's entry point: everything it does is in the AttendShell package; this file
// only starts it, registers background sync before launch ends (BGTaskScheduler
// refuses later registrations), and schedules the next run when the app is left.
// The struct is not called AttendApp: that is the core's class in the bindings.
import AttendShell
import SwiftUI

@main
struct MemberApp: App {
    @StateObject private var launcher: AppLauncher
    @Environment(\.scenePhase) private var scenePhase

    init() {
        let launcher = AppLauncher()
        if let model = launcher.model {
            BackgroundSync.register(model: model)
        }
        _launcher = StateObject(wrappedValue: launcher)
    }

    var body: some Scene {
        WindowGroup {
            if let model = launcher.model {
                RootView(model: model)
            } else {
                StartupFailureView(reason: launcher.failure)
            }
        }
        .onChange(of: scenePhase) { phase in
            if phase == .background, launcher.model != nil {
                BackgroundSync.schedule()
            }
        }
    }
}
