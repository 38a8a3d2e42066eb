// The live camera for the QR reader. Frames are asked for in 420YpCbCr8BiPlanar full
// range because plane 0 of that layout is the 8-bit luma the core's decoder reads
// directly (`PixelFormat.luma`): no colour conversion on the phone. The session runs
// on its own serial queue (starting it blocks), frames arrive on another, and each
// frame is handed to the core on that frame queue, so the main thread only draws.
@preconcurrency import AVFoundation
import Foundation

final class FrameSource: NSObject, ObservableObject, @unchecked Sendable {
    /// Plane 0's bytes, width, height, bytes per row. Called on the frame queue.
    typealias FrameHandler = @Sendable (Data, Int, Int, Int) -> Void

    let session = AVCaptureSession()
    // Everything below is touched only on `sessionQueue` (configuration, torch,
    // focus) or only on `frameQueue` (`handler`, set before frames can arrive).
    private let sessionQueue = DispatchQueue(label: "org.jsnm.attend.camera.session")
    private let frameQueue = DispatchQueue(label: "org.jsnm.attend.camera.frames", qos: .userInitiated)
    private var device: AVCaptureDevice?
    private var configured = false
    private var handler: FrameHandler?

    /// Asks for the camera once; later calls answer from the system's record.
    static func requestAccess() async -> Bool {
        switch AVCaptureDevice.authorizationStatus(for: .video) {
        case .authorized:
            return true
        case .notDetermined:
            return await AVCaptureDevice.requestAccess(for: .video)
        case .denied, .restricted:
            return false
        @unknown default:
            return false
        }
    }

    /// Starts the camera; `unavailable` is called on the main actor when there is no
    /// usable camera (the simulator, or a device in use by another app).
    func start(onFrame: @escaping FrameHandler, unavailable: @escaping @MainActor @Sendable () -> Void) {
        sessionQueue.async {
            self.frameQueue.sync {
                self.handler = onFrame
            }
            if !self.configured {
                self.configured = self.configure()
            }
            guard self.configured else {
                Task { @MainActor in
                    unavailable()
                }
                return
            }
            if !self.session.isRunning {
                self.session.startRunning()
            }
        }
    }

    func stop() {
        sessionQueue.async {
            self.applyTorch(false)
            if self.session.isRunning {
                self.session.stopRunning()
            }
            self.frameQueue.sync {
                self.handler = nil
            }
        }
    }

    func setTorch(_ on: Bool) {
        sessionQueue.async {
            self.applyTorch(on)
        }
    }

    /// Focuses (and meters) on a point in the capture device's own coordinates
    /// (0...1, from the preview layer's conversion).
    func focus(at point: CGPoint) {
        sessionQueue.async {
            guard let device = self.device, (try? device.lockForConfiguration()) != nil else {
                return
            }
            defer { device.unlockForConfiguration() }
            if device.isFocusPointOfInterestSupported, device.isFocusModeSupported(.autoFocus) {
                device.focusPointOfInterest = point
                device.focusMode = .autoFocus
            }
            if device.isExposurePointOfInterestSupported, device.isExposureModeSupported(.autoExpose) {
                device.exposurePointOfInterest = point
                device.exposureMode = .autoExpose
            }
        }
    }

    // MARK: on sessionQueue

    private func configure() -> Bool {
        guard let camera = AVCaptureDevice.default(.builtInWideAngleCamera, for: .video, position: .back),
              let input = try? AVCaptureDeviceInput(device: camera) else {
            return false
        }
        session.beginConfiguration()
        defer { session.commitConfiguration() }
        // 720p: a poster's code across a room is still many pixels wide, and a
        // smaller frame keeps each decode short.
        if session.canSetSessionPreset(.hd1280x720) {
            session.sessionPreset = .hd1280x720
        }
        guard session.canAddInput(input) else {
            return false
        }
        session.addInput(input)
        let output = AVCaptureVideoDataOutput()
        output.videoSettings = [
            kCVPixelBufferPixelFormatTypeKey as String: kCVPixelFormatType_420YpCbCr8BiPlanarFullRange,
        ]
        // A frame that arrives while the core decodes the last one is dropped, not
        // queued: the reader always works on what the camera sees now.
        output.alwaysDiscardsLateVideoFrames = true
        output.setSampleBufferDelegate(self, queue: frameQueue)
        guard session.canAddOutput(output) else {
            return false
        }
        session.addOutput(output)
        if (try? camera.lockForConfiguration()) != nil {
            if camera.isFocusModeSupported(.continuousAutoFocus) {
                camera.focusMode = .continuousAutoFocus
            }
            // No focus range restriction: a poster is read at arm's length, but a code
            // projected on the hall's screen from several metres away.
            camera.unlockForConfiguration()
        }
        device = camera
        return true
    }

    private func applyTorch(_ on: Bool) {
        guard let device, device.hasTorch, device.isTorchModeSupported(on ? .on : .off),
              (try? device.lockForConfiguration()) != nil else {
            return
        }
        device.torchMode = on ? .on : .off
        device.unlockForConfiguration()
    }
}

extension FrameSource: AVCaptureVideoDataOutputSampleBufferDelegate {
    func captureOutput(
        _ output: AVCaptureOutput,
        didOutput sampleBuffer: CMSampleBuffer,
        from connection: AVCaptureConnection
    ) {
        guard let handler, let pixels = CMSampleBufferGetImageBuffer(sampleBuffer),
              CVPixelBufferGetPlaneCount(pixels) >= 1 else {
            return
        }
        guard CVPixelBufferLockBaseAddress(pixels, .readOnly) == kCVReturnSuccess else {
            return
        }
        let width = CVPixelBufferGetWidthOfPlane(pixels, 0)
        let height = CVPixelBufferGetHeightOfPlane(pixels, 0)
        let stride = CVPixelBufferGetBytesPerRowOfPlane(pixels, 0)
        // Copied out before the buffer goes back to the camera's pool; the copy is
        // what crosses into the core.
        let luma = CVPixelBufferGetBaseAddressOfPlane(pixels, 0).map {
            Data(bytes: $0, count: stride * height)
        }
        CVPixelBufferUnlockBaseAddress(pixels, .readOnly)
        guard let luma else {
            return
        }
        handler(luma, width, height, stride)
    }
}
