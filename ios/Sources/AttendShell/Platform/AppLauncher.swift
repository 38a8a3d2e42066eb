// Starts the app at launch: the data folder, the society server's address (from
// Info.plist, key AttendServerURL, so a test build can point elsewhere), the device
// language, the Keychain, the network monitor. A start that fails keeps the core's
// reason to show instead of the app.
import AttendBindings
import AttendViewModels
import Foundation

@MainActor
public final class AppLauncher: ObservableObject {
    public let model: AppModel?
    public let failure: String?
    private let network = NetworkMonitor()

    public init(bundle: Bundle = .main) {
        var started: AppModel?
        var failed: String?
        do {
            let dataDir = try Self.dataDir()
            started = try AppModel.start(
                dataDir: dataDir,
                serverUrl: bundle.object(forInfoDictionaryKey: "AttendServerURL") as? String ?? "",
                // Foundation's Locale, named in full: the bindings have a Locale too.
                localeTag: Foundation.Locale.preferredLanguages.first ?? "ja-JP",
                tokenStore: KeychainTokenStore()
            )
        } catch let error as AttendError {
            failed = error.reason
        } catch {
            failed = error.localizedDescription
        }
        model = started
        failure = failed
        if let started {
            network.start(model: started)
        }
    }

    /// Application Support: private to the app, kept across updates, not shown in
    /// the Files app.
    private static func dataDir() throws -> String {
        let base = try FileManager.default.url(
            for: .applicationSupportDirectory, in: .userDomainMask, appropriateFor: nil, create: true
        )
        let dir = base.appendingPathComponent("attend", isDirectory: true)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.path
    }
}
