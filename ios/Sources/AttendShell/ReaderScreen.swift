// App step ③, the QR reader: the live camera with a frame guide, the torch, tap to
// focus, reading a photo instead, and the core's plain words when a code is refused
// or the camera may not be used. Frames go from the camera's queue straight to the
// view-model (`onFrame`), never through the main thread.
import AttendBindings
import AttendViewModels
import PhotosUI
import SwiftUI
import UIKit

@MainActor
struct ReaderScreen: View {
    @ObservedObject var reader: ReaderViewModel
    @StateObject private var camera = FrameSource()
    @State private var photo: PhotosPickerItem?
    @Environment(\.openURL) private var openURL

    private var labels: UiLabels {
        reader.labels
    }

    var body: some View {
        ZStack {
            Color.black
                .ignoresSafeArea()
            if let message = reader.message {
                blocked(message)
            } else if reader.permission == .granted {
                live
            } else {
                ProgressView(labels.loading)
                    .tint(.white)
                    .foregroundStyle(.white)
            }
        }
        .task {
            let granted = await FrameSource.requestAccess()
            reader.onPermission(granted: granted)
        }
        .onChange(of: reader.permission) { permission in
            if permission == .granted {
                startCamera()
            }
        }
        .onChange(of: reader.torchOn) { on in
            camera.setTorch(on)
        }
        .onChange(of: photo) { item in
            guard let item else {
                return
            }
            Task {
                await readPhoto(item)
            }
        }
        .onAppear {
            if reader.permission == .granted {
                startCamera()
            }
        }
        .onDisappear {
            camera.stop()
        }
    }

    private var live: some View {
        ZStack {
            CameraPreview(session: camera.session) { point in
                camera.focus(at: point)
            }
            .ignoresSafeArea()
            .accessibilityElement()
            .accessibilityLabel(Text(labels.cameraPreview))
            .accessibilityAddTraits(.allowsDirectInteraction)
            guide
            VStack {
                if let refusal = reader.refusal {
                    refusalCard(refusal)
                }
                Spacer()
                Text(reader.hint)
                    .font(.callout)
                    .multilineTextAlignment(.center)
                    .padding(10)
                    .background(.ultraThinMaterial, in: RoundedRectangle(cornerRadius: 10))
                controls
            }
            .padding()
        }
    }

    /// The square the member aims the code into; decoding looks at the whole frame,
    /// the guide only shows where to hold it.
    private var guide: some View {
        RoundedRectangle(cornerRadius: 16)
            .stroke(Color.white, style: StrokeStyle(lineWidth: 4, dash: [24, 12]))
            .frame(width: 240, height: 240)
            .accessibilityHidden(true)
    }

    private var controls: some View {
        HStack(spacing: 16) {
            Button {
                reader.toggleTorch()
            } label: {
                Label {
                    Text(reader.torchLabel)
                } icon: {
                    Image(systemName: reader.torchOn ? "flashlight.on.fill" : "flashlight.off.fill")
                }
                .frame(minHeight: 44)
            }
            .buttonStyle(.borderedProminent)
            .accessibilityLabel(Text(reader.torchLabel))
            PhotosPicker(selection: $photo, matching: .images) {
                Label {
                    Text(labels.readPhoto)
                } icon: {
                    Image(systemName: "photo")
                }
                .frame(minHeight: 44)
            }
            .buttonStyle(.bordered)
            .tint(.white)
            .disabled(reader.busy)
            .accessibilityLabel(Text(labels.readPhoto))
        }
    }

    private func refusalCard(_ refusal: Refusal) -> some View {
        VStack(alignment: .leading, spacing: 6) {
            Text(refusal.title)
                .font(.headline)
            Text(refusal.reason)
                .font(.body)
            Button {
                reader.dismissRefusal()
            } label: {
                Text(labels.close)
                    .frame(maxWidth: .infinity, minHeight: 44)
            }
            .buttonStyle(.bordered)
            .accessibilityLabel(Text(labels.close))
        }
        .padding()
        .foregroundStyle(Color(.label))
        .background(Color(.systemBackground), in: RoundedRectangle(cornerRadius: 12))
        .accessibilityElement(children: .contain)
    }

    /// The camera may not be used (permission refused) or is missing: the core's
    /// message, and for a refusal the way to the Settings app to change it.
    private func blocked(_ message: String) -> some View {
        VStack(spacing: 16) {
            Image(systemName: "camera.fill")
                .font(.largeTitle)
                .accessibilityHidden(true)
            Text(message)
                .multilineTextAlignment(.center)
            if reader.permission == .denied, let settings = URL(string: UIApplication.openSettingsURLString) {
                Button {
                    openURL(settings)
                } label: {
                    Text(labels.openSettings)
                        .frame(minHeight: 44)
                }
                .buttonStyle(.borderedProminent)
                .accessibilityLabel(Text(labels.openSettings))
            }
            PhotosPicker(selection: $photo, matching: .images) {
                Text(labels.readPhoto)
                    .frame(minHeight: 44)
            }
            .buttonStyle(.bordered)
            .disabled(reader.busy)
            .accessibilityLabel(Text(labels.readPhoto))
        }
        .padding(24)
        .foregroundStyle(.white)
    }

    private func startCamera() {
        let reader = reader
        camera.start(
            onFrame: { luma, width, height, stride in
                reader.onFrame(format: .luma, data: luma, width: width, height: height, stride: stride)
            },
            unavailable: {
                reader.onCameraUnavailable()
            }
        )
    }

    /// The core reads files, so the picked photo is written to a temporary file
    /// first, and removed once read.
    private func readPhoto(_ item: PhotosPickerItem) async {
        photo = nil
        guard let data = try? await item.loadTransferable(type: Data.self) else {
            return
        }
        let file = FileManager.default.temporaryDirectory
            .appendingPathComponent(UUID().uuidString)
        do {
            try data.write(to: file, options: .completeFileProtection)
        } catch {
            return
        }
        defer { try? FileManager.default.removeItem(at: file) }
        await reader.scanImageFile(path: file.path)
    }
}
