#!/usr/bin/env bash
# Builds the Rust core (crate attend-ffi) for iOS and generates its Swift bindings:
#   ios/build/AttendFFI.xcframework        static libraries: device (arm64) and
#                                          simulator (arm64 + x86_64, one fat slice),
#                                          with the C header and module map
#   ios/Sources/AttendBindings/Attend.swift uniffi's generated Swift
# Run on a Mac with Xcode and rustup:   bash ios/build-rust.sh
# Then open the package (ios/Package.swift) or the app (see ios/project.yml) in Xcode.
#
# The crate's Cargo.toml lists only cdylib + lib (a staticlib in every test build would
# write a 250 MB archive), so the static library is asked for here with
# `cargo rustc --crate-type staticlib`.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
target_dir=${CARGO_TARGET_DIR:-$root/target}
build="$here/build"
device=aarch64-apple-ios
simulators=(aarch64-apple-ios-sim x86_64-apple-ios)
# The oldest iOS the package supports (Package.swift: .iOS(.v16)); the Rust objects
# must not ask for a newer one.
export IPHONEOS_DEPLOYMENT_TARGET=${IPHONEOS_DEPLOYMENT_TARGET:-16.0}

die() {
    printf 'build-rust.sh: %s\n' "$*" >&2
    exit 1
}

# --- prerequisites ------------------------------------------------------------------
[ "$(uname -s)" = Darwin ] ||
    die "this builds for iOS and needs macOS with Xcode (found $(uname -s)). On Linux the iOS shell is only syntax-checked: bash ios/tests/run.sh"
command -v xcodebuild >/dev/null 2>&1 ||
    die "xcodebuild not found: install Xcode from the App Store, then run: sudo xcode-select -s /Applications/Xcode.app"
xcodebuild -version >/dev/null 2>&1 ||
    die "xcodebuild does not run (only the Command Line Tools are selected?): sudo xcode-select -s /Applications/Xcode.app"
command -v lipo >/dev/null 2>&1 || die "lipo not found (it comes with Xcode)"
command -v cargo >/dev/null 2>&1 || die "cargo not found: install Rust with rustup (https://rustup.rs)"
command -v rustup >/dev/null 2>&1 ||
    die "rustup not found: the iOS targets are installed with rustup (https://rustup.rs)"

step() { printf '\n== %s ==\n' "$*"; }

step "rust targets"
rustup target add "$device" "${simulators[@]}"

cd "$root"
for t in "$device" "${simulators[@]}"; do
    step "static library for $t"
    # --lib: the package also has a binary (uniffi-bindgen), and cargo rustc passes
    # extra flags to one target only.
    cargo rustc -p attend-ffi --lib --release --locked --target "$t" --crate-type staticlib
    [ -s "$target_dir/$t/release/libattend_ffi.a" ] || die "no static library for $t in $target_dir/$t/release"
done

step "bindings (library mode, from a host build)"
# uniffi reads the interface from the library's metadata; a host build has the same
# metadata as the iOS ones and its uniffi-bindgen runs here.
cargo build -p attend-ffi --locked
host_lib="$target_dir/debug/libattend_ffi.dylib"
[ -s "$host_lib" ] || die "no host library at $host_lib"
rm -rf "$build/generated"
"$target_dir/debug/uniffi-bindgen" generate --library "$host_lib" --language swift \
    --out-dir "$build/generated"
for f in Attend.swift AttendFFI.h AttendFFI.modulemap; do
    [ -s "$build/generated/$f" ] || die "uniffi-bindgen did not write $f"
done

step "headers and module map"
rm -rf "$build/headers"
mkdir -p "$build/headers"
cp "$build/generated/AttendFFI.h" "$build/headers/"
# An XCFramework's headers folder is searched for a file named module.modulemap.
cp "$build/generated/AttendFFI.modulemap" "$build/headers/module.modulemap"

step "simulator slice (arm64 + x86_64)"
mkdir -p "$build/ios-simulator"
sim_libs=()
for t in "${simulators[@]}"; do
    sim_libs+=("$target_dir/$t/release/libattend_ffi.a")
done
lipo -create "${sim_libs[@]}" -output "$build/ios-simulator/libattend_ffi.a"

step "XCFramework"
rm -rf "$build/AttendFFI.xcframework"
xcodebuild -create-xcframework \
    -library "$target_dir/$device/release/libattend_ffi.a" -headers "$build/headers" \
    -library "$build/ios-simulator/libattend_ffi.a" -headers "$build/headers" \
    -output "$build/AttendFFI.xcframework"

step "Swift bindings into the package"
cp "$build/generated/Attend.swift" "$here/Sources/AttendBindings/Attend.swift"

printf '\ndone: %s\n      %s\n' "$build/AttendFFI.xcframework" "$here/Sources/AttendBindings/Attend.swift"
printf 'next: open ios/Package.swift in Xcode, or build the app: cd ios && xcodegen generate && open AttendMember.xcodeproj\n'
