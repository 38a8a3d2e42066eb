#!/usr/bin/env bash
# Builds the core (crate attend-ffi) for the phone ABIs into app/src/main/jniLibs and
# generates the Kotlin bindings, on a developer machine with the Android NDK. One command:
#
#   bash android/build-rust.sh            # release build (what an APK should ship)
#   PROFILE=debug bash android/build-rust.sh
#
# Needs: rustup with the targets aarch64-linux-android, armv7-linux-androideabi and
# x86_64-linux-android; cargo-ndk (`cargo install cargo-ndk`); the NDK, found through
# ANDROID_NDK_HOME (or ANDROID_NDK_ROOT, or the newest ndk/ under ANDROID_HOME).
# Then: cd android && ./gradlew assembleDebug.
#
# The bindings are generated from a desktop build of the same crate: uniffi writes them
# from the library's metadata, which does not depend on the target. They go to
# bindings/generated/kotlin (gitignored), which the :viewmodel module compiles; set
# ATTEND_BINDINGS_OUT to write them elsewhere (and pass -Pattend.bindings.dir=... to
# Gradle).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"
JNI_LIBS="$HERE/app/src/main/jniLibs"
BINDINGS_OUT="${ATTEND_BINDINGS_OUT:-$ROOT/bindings/generated/kotlin}"
PROFILE="${PROFILE:-release}"
# ABI (as Android names it) and the matching Rust target.
ABIS=(arm64-v8a armeabi-v7a x86_64)
TARGETS=(aarch64-linux-android armv7-linux-androideabi x86_64-linux-android)
# The app's minSdk: the NDK links against this API level's libc.
MIN_SDK=26

missing=()
note() { missing+=("$*"); }

command -v cargo >/dev/null || note "cargo: install Rust with rustup (https://rustup.rs)"
if command -v rustup >/dev/null; then
  installed="$(rustup target list --installed)"
  for target in "${TARGETS[@]}"; do
    grep -qx "$target" <<<"$installed" || note "Rust target $target: rustup target add $target"
  done
else
  note "rustup: needed to add the Android targets (https://rustup.rs)"
fi
cargo ndk --version >/dev/null 2>&1 || note "cargo-ndk: cargo install cargo-ndk"

if [[ -z "${ANDROID_NDK_HOME:-}" ]]; then
  if [[ -n "${ANDROID_NDK_ROOT:-}" ]]; then
    export ANDROID_NDK_HOME="$ANDROID_NDK_ROOT"
  elif [[ -n "${ANDROID_HOME:-}" && -d "$ANDROID_HOME/ndk" ]]; then
    newest="$(ls -1 "$ANDROID_HOME/ndk" | sort -V | tail -n 1)"
    [[ -n "$newest" ]] && export ANDROID_NDK_HOME="$ANDROID_HOME/ndk/$newest"
  fi
fi
if [[ -z "${ANDROID_NDK_HOME:-}" || ! -d "${ANDROID_NDK_HOME:-/nonexistent}" ]]; then
  note "Android NDK: install it (Android Studio > SDK Manager > NDK, or sdkmanager 'ndk;<version>') and set ANDROID_NDK_HOME"
fi

if (( ${#missing[@]} > 0 )); then
  echo "build-rust.sh: cannot build the Android libraries; missing:" >&2
  printf '  - %s\n' "${missing[@]}" >&2
  exit 1
fi

profile_flag=()
[[ "$PROFILE" == release ]] && profile_flag=(--release)
target_flags=()
for abi in "${ABIS[@]}"; do target_flags+=(-t "$abi"); done

echo "building attend-ffi ($PROFILE) for ${ABIS[*]} into $JNI_LIBS" >&2
cd "$ROOT"
cargo ndk "${target_flags[@]}" --platform "$MIN_SDK" -o "$JNI_LIBS" build "${profile_flag[@]}" -p attend-ffi

echo "generating the Kotlin bindings into $BINDINGS_OUT" >&2
cargo build -p attend-ffi
rm -rf "$BINDINGS_OUT"
target/debug/uniffi-bindgen generate --library target/debug/libattend_ffi.so \
  --language kotlin --no-format --out-dir "$BINDINGS_OUT"

for abi in "${ABIS[@]}"; do
  [[ -f "$JNI_LIBS/$abi/libattend_ffi.so" ]] || { echo "missing $JNI_LIBS/$abi/libattend_ffi.so" >&2; exit 1; }
done
echo "done: now cd android && ./gradlew assembleDebug" >&2
