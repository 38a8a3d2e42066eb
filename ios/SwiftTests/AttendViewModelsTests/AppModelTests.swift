// The Swift view-models over the real core, on an iOS simulator (xcodebuild test; see
// the README). No server is needed: each case stops at a refusal the core makes on
// the device. NOT RUN on the Linux machines (no Swift there): only parsed and
// name-checked by ios/tests/run.sh. The JVM tests of the Kotlin twins cover the flow
// against a real server.
import AttendBindings
import AttendViewModels
import Foundation
import XCTest

/// A token store that keeps the token in memory: a real implementation of the core's
/// trait for a test process, which must not touch the simulator's Keychain.
final class MemoryTokenStore: TokenStore, @unchecked Sendable {
    private let lock = NSLock()
    private var token: String?

    func load() throws -> String? {
        lock.lock()
        defer { lock.unlock() }
        return token
    }

    func save(token: String) throws {
        lock.lock()
        defer { lock.unlock() }
        self.token = token
    }

    func clear() throws {
        lock.lock()
        defer { lock.unlock() }
        token = nil
    }
}

@MainActor
final class AppModelTests: XCTestCase {
    private func start(localeTag: String = "ja-JP") throws -> AppModel {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("attend-test-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        addTeardownBlock {
            try? FileManager.default.removeItem(at: folder)
        }
        // Port 9 (discard) on loopback: nothing answers, and no case here needs it to.
        return try AppModel.start(
            dataDir: folder.path,
            serverUrl: "https://127.0.0.1:9",
            localeTag: localeTag,
            tokenStore: MemoryTokenStore()
        )
    }

    func testFreshInstallOpensTheLoginForm() throws {
        let model: AppModel = try start()
        XCTAssertEqual(model.screen, .login)
        XCTAssertNil(model.account)
        XCTAssertNil(model.reminder)
        XCTAssertFalse(model.labels.loginButton.isEmpty)
        XCTAssertEqual(model.login.buttonText, model.labels.loginButton)
    }

    func testDeviceLanguagePicksTheLabels() throws {
        let japanese = try start(localeTag: "ja-JP")
        let english = try start(localeTag: "en-US")
        XCTAssertNotEqual(japanese.labels.tabHome, english.labels.tabHome)
        XCTAssertNotEqual(japanese.labels.cameraDenied, english.labels.cameraDenied)
    }

    func testEmptyLoginIsRefusedWithTheCoresWords() async throws {
        let model: AppModel = try start()
        await model.login.submit()
        XCTAssertEqual(model.screen, .login)
        XCTAssertFalse(model.login.busy)
        let error = try XCTUnwrap(model.login.error)
        XCTAssertFalse(error.isEmpty)
    }

    func testTabsNeedALogin() throws {
        let model: AppModel = try start()
        model.selectTab(.reader)
        XCTAssertEqual(model.screen, .login)
    }

    func testCameraRefusalShowsTheCoresMessage() throws {
        let model: AppModel = try start()
        model.reader.onPermission(granted: false)
        XCTAssertEqual(model.reader.permission, .denied)
        XCTAssertEqual(model.reader.message, model.labels.cameraDenied)
        model.reader.onPermission(granted: true)
        XCTAssertNil(model.reader.message)
    }

    func testTorchLabelSaysWhatATapDoes() throws {
        let model: AppModel = try start()
        XCTAssertEqual(model.reader.torchLabel, model.labels.torchOn)
        model.reader.toggleTorch()
        XCTAssertTrue(model.reader.torchOn)
        XCTAssertEqual(model.reader.torchLabel, model.labels.torchOff)
    }

    func testATextThatIsNoCodeIsRefusedInPlainWords() async throws {
        let model: AppModel = try start()
        await model.reader.scanText("not a JSNM code")
        let refusal = try XCTUnwrap(model.reader.refusal)
        XCTAssertEqual(refusal.title, model.labels.refusedTitle)
        XCTAssertFalse(refusal.reason.isEmpty)
        XCTAssertEqual(model.reader.successCount, 0)
        model.reader.dismissRefusal()
        XCTAssertNil(model.reader.refusal)
    }

    func testABlankFrameRecordsNothing() throws {
        let model: AppModel = try start()
        let width = 64, height = 48, stride = 80
        let blank = Data(repeating: 128, count: stride * height)
        let scan = model.reader.onFrame(format: .luma, data: blank, width: width, height: height, stride: stride)
        XCTAssertNil(scan)
        XCTAssertEqual(model.reader.successCount, 0)
    }

    func testOfflineBannerFollowsTheNetwork() throws {
        let model: AppModel = try start()
        model.networkChanged(online: false)
        XCTAssertTrue(model.banner.offline)
        XCTAssertTrue(model.banner.visible)
        XCTAssertEqual(model.banner.offlineText, model.labels.offlineBanner)
        model.networkChanged(online: true)
        XCTAssertNil(model.banner.offlineText)
    }
}
