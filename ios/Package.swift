// swift-tools-version:5.9
// The member app's iOS shell as a Swift package. The app target itself (App/) is made
// into an Xcode project by XcodeGen from project.yml, because a hand-written .pbxproj
// cannot be checked on the Linux machines this project is tested on.
import PackageDescription

let package = Package(
    name: "AttendShell",
    platforms: [.iOS(.v16)],
    products: [
        .library(name: "AttendShell", targets: ["AttendShell"]),
        .library(name: "AttendViewModels", targets: ["AttendViewModels"]),
    ],
    targets: [
        // The Rust core (crate attend-ffi) as static libraries for device and
        // simulator, with its C header and module map; made by build-rust.sh.
        .binaryTarget(name: "AttendFFI", path: "build/AttendFFI.xcframework"),
        // uniffi's generated Swift (Attend.swift, copied here by build-rust.sh and not
        // committed) plus one small extension file of ours.
        .target(
            name: "AttendBindings",
            dependencies: ["AttendFFI"],
            path: "Sources/AttendBindings"
        ),
        // Screen logic: only the bindings and Swift concurrency, no UIKit or SwiftUI,
        // so it mirrors the Kotlin view-models the JVM tests exercise.
        .target(
            name: "AttendViewModels",
            dependencies: ["AttendBindings"],
            path: "Sources/AttendViewModels"
        ),
        // SwiftUI screens and the platform services (camera, Keychain, network,
        // background refresh).
        .target(
            name: "AttendShell",
            dependencies: ["AttendViewModels", "AttendBindings"],
            path: "Sources/AttendShell"
        ),
        // The view-models over the real core, on a simulator: xcodebuild test. Not
        // "Tests/": macOS folders ignore case, and tests/ holds the Linux checks.
        .testTarget(
            name: "AttendViewModelsTests",
            dependencies: ["AttendViewModels", "AttendBindings"],
            path: "SwiftTests/AttendViewModelsTests"
        ),
    ]
)
