// App step ③, the QR reader. Camera frames arrive on the camera's queue and go to the
// core there (decoding is CPU work that must not hold the main thread); only what the
// member sees comes back to the main actor: a recorded scan (→ result screen, plus a
// feedback event the view plays as haptic and sound) or a refusal in plain words.
import AttendBindings
import Foundation

/// What the member allowed for the camera.
public enum CameraPermission: Equatable, Sendable {
    case unknown
    case granted
    case denied
}

/// A code that was read and refused: nothing was recorded.
public struct Refusal: Equatable, Sendable {
    /// `labels.refusedTitle`.
    public let title: String
    /// The core's reason (forged, expired, another society's code...).
    public let reason: String
}

@MainActor
public final class ReaderViewModel: ObservableObject {
    @Published public private(set) var permission = CameraPermission.unknown
    /// Shown instead of the preview: `labels.cameraDenied` or `cameraUnavailable`.
    @Published public private(set) var message: String? = nil
    @Published public private(set) var torchOn = false
    @Published public private(set) var refusal: Refusal? = nil
    /// A photo being read (the 写真から読み取る button).
    @Published public private(set) var busy = false
    /// Counts recorded scans; the root view plays haptic and sound when it changes.
    /// An event, not a state: a flag could not say "again" for the next scan, and the
    /// reader itself is gone once the result screen shows.
    @Published public private(set) var successCount = 0

    public let labels: UiLabels
    private nonisolated let app: AttendApp
    weak var owner: AppModel?

    init(app: AttendApp, labels: UiLabels) {
        self.app = app
        self.labels = labels
    }

    /// What a tap on the torch button does: `ライトをつける` / `ライトを消す`.
    public var torchLabel: String {
        torchOn ? labels.torchOff : labels.torchOn
    }

    public var hint: String {
        labels.readerHint
    }

    public func onPermission(granted: Bool) {
        permission = granted ? .granted : .denied
        message = granted ? nil : labels.cameraDenied
    }

    /// No camera (the simulator), or it could not be opened.
    public func onCameraUnavailable() {
        message = labels.cameraUnavailable
    }

    public func toggleTorch() {
        torchOn.toggle()
    }

    public func dismissRefusal() {
        refusal = nil
    }

    /// One camera frame, `stride` bytes per row (plane 0 of a 420YpCbCr8BiPlanar
    /// buffer is `.luma`). Call it on the camera's queue, never on the main thread:
    /// it blocks while the core decodes. Returns the recorded scan, if any, after
    /// handing it to the main actor.
    @discardableResult
    public nonisolated func onFrame(
        format: PixelFormat, data: Data, width: Int, height: Int, stride: Int
    ) -> ScanResultView? {
        guard let w = UInt32(exactly: width), let h = UInt32(exactly: height),
              let s = UInt32(exactly: stride) else {
            return nil
        }
        do {
            guard let scan = try app.scanFrame(
                format: format, data: data, width: w, height: h, stride: s
            ) else {
                return nil
            }
            Task { @MainActor in
                self.recorded(scan)
            }
            return scan
        } catch let error as AttendError {
            // An unreadable frame is the camera's normal noise (blur, half a code):
            // the next frame is the retry. Everything else is for the member.
            if case .Unreadable = error {
                return nil
            }
            Task { @MainActor in
                self.refused(error)
            }
            return nil
        } catch {
            return nil
        }
    }

    /// The text of a code read some other way (typed in, or the system's reader).
    public func scanText(_ text: String) async {
        await scanOffMain { app in try app.scanText(text: text) }
    }

    /// A photo from the library, saved to `path`; read with the decoder's full effort.
    public func scanImageFile(path: String) async {
        await scanOffMain { app in try app.scanImageFile(path: path) }
    }

    /// The reader was left: the torch goes off with the camera, and the core forgets
    /// the last code, so showing it again reports it again (as already registered).
    public func onLeave() {
        torchOn = false
        app.resetScanner()
    }

    /// The reader was opened. From a tab (`fresh`) the core forgets the last code;
    /// after "scan another" it keeps it, so the code still in front of the camera is
    /// not reported a second time.
    func entered(fresh: Bool) {
        refusal = nil
        if fresh {
            app.resetScanner()
        }
    }

    private func scanOffMain(_ read: @escaping @Sendable (AttendApp) throws -> ScanResultView) async {
        guard !busy else {
            return
        }
        busy = true
        defer { busy = false }
        let app = app
        let outcome = await Task.detached(priority: .userInitiated) {
            Result { try read(app) }
        }.value
        switch outcome {
        case let .success(scan):
            recorded(scan)
        case let .failure(error):
            if let attend = error as? AttendError {
                refused(attend)
            } else {
                refusal = Refusal(title: labels.refusedTitle, reason: memberText(error))
            }
        }
    }

    private func recorded(_ scan: ScanResultView) {
        // The core has recorded it: the member sees it even if they switched tabs
        // while the frame was decoded, unless they logged out meanwhile.
        guard let owner, owner.screen != .login else {
            return
        }
        refusal = nil
        torchOn = false
        successCount += 1
        owner.scanRecorded(scan)
    }

    private func refused(_ error: AttendError) {
        // A lost login moves to the form; anything else is a refusal to show (for a
        // photo, "no code found" too: the member chose that picture).
        let reason = owner?.handled(error) ?? error.reason
        refusal = Refusal(title: labels.refusedTitle, reason: reason)
    }
}
