#!/usr/bin/env bash
# The generated bindings, tested in their own languages against the real library and a
# real server on loopback (attend-ffi-testserver):
#   - Python: generated, then the pytest suite in bindings/tests/python (venv at .venv);
#   - Kotlin: generated, compiled with the JUnit suite in bindings/tests/kotlin by Maven
#     and run on the JVM through JNA;
#   - Swift: generated (sources, C header, module map) and checked; no Swift compiler
#     runs on Linux here, so nothing Swift is compiled.
# Nothing generated is committed: everything goes to bindings/generated/ (gitignored).
#
#   bash bindings/tests/run.sh [python|kotlin|swift ...]    # default: all three
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
target=${CARGO_TARGET_DIR:-$root/target}
lib="$target/debug/libattend_ffi.so"
out="$root/bindings/generated"
langs=("$@")
[ ${#langs[@]} -eq 0 ] && langs=(python kotlin swift)

step() { printf '\n== bindings: %s ==\n' "$*"; }

step "build the library, uniffi-bindgen and the test server"
cargo build -p attend-ffi -p attend-ffi-testserver

generate() {
    rm -rf "${out:?}/$1"
    "$target/debug/uniffi-bindgen" generate --library "$lib" --language "$1" \
        --no-format --out-dir "$out/$1"
}

for lang in "${langs[@]}"; do
    case "$lang" in
    python)
        step "python: generate and run pytest"
        generate python
        # The generated module loads the library from its own folder.
        ln -sf "$lib" "$out/python/libattend_ffi.so"
        venv="$root/.venv"
        [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
        "$venv/bin/python" -c 'import pytest' 2>/dev/null || "$venv/bin/pip" install -q pytest
        ATTEND_FFI_PYTHON_DIR="$out/python" \
        ATTEND_FFI_TESTSERVER="$target/debug/attend-ffi-testserver" \
            "$venv/bin/python" -m pytest -q -p no:cacheprovider "$root/bindings/tests/python"
        ;;
    kotlin)
        step "kotlin: generate, compile and run JUnit on the JVM (JNA)"
        generate kotlin
        (cd "$root/bindings/tests/kotlin" && mvn -q -B test \
            -Dattend.bindings.dir="$out/kotlin" \
            -Djna.library.path="$target/debug" \
            -Dattend.testserver="$target/debug/attend-ffi-testserver")
        ;;
    swift)
        step "swift: generate and check (no Swift compiler on this machine)"
        generate swift
        for f in Attend.swift AttendFFI.h AttendFFI.modulemap; do
            [ -s "$out/swift/$f" ] || { echo "missing or empty: $out/swift/$f" >&2; exit 1; }
        done
        grep -q 'module AttendFFI' "$out/swift/AttendFFI.modulemap"
        grep -q 'header "AttendFFI.h"' "$out/swift/AttendFFI.modulemap"
        grep -q 'uniffi_attend_ffi_fn_constructor_attendapp_new' "$out/swift/AttendFFI.h"
        grep -q 'public protocol TokenStore' "$out/swift/Attend.swift"
        grep -q 'func login(memberNumber: String, password: String) async throws' "$out/swift/Attend.swift"
        echo "swift bindings generated: $(wc -l < "$out/swift/Attend.swift") lines (not compiled: no Swift toolchain on Linux here)"
        ;;
    *)
        echo "unknown language: $lang (python, kotlin, swift)" >&2
        exit 2
        ;;
    esac
done
