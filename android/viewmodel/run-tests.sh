#!/usr/bin/env bash
# The Android shell's view-models (android/viewmodel), tested on the JVM: JUnit 5 drives
# them against the desktop build of the core (libattend_ffi.so through JNA) and a real
# society server on loopback (attend-ffi-testserver). Builds what it needs, (re)generates
# the Kotlin bindings when they are missing or older than the library, then runs Maven.
# Exits non-zero when anything fails. Needs: cargo, a JDK 17+, mvn (Maven Central).
#
#   bash android/viewmodel/run-tests.sh [extra mvn args, e.g. -Dtest=ScanFlowTest]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
target=${CARGO_TARGET_DIR:-$root/target}
lib="$target/debug/libattend_ffi.so"
out="$root/bindings/generated/kotlin"
generated="$out/org/jsnm/attend/attend_ffi.kt"

step() { printf '\n== android view-models: %s ==\n' "$*"; }

step "build the library, uniffi-bindgen and the test server"
cargo build -p attend-ffi -p attend-ffi-testserver

if [ ! -s "$generated" ] || [ "$lib" -nt "$generated" ]; then
    step "generate the Kotlin bindings"
    rm -rf "${out:?}"
    "$target/debug/uniffi-bindgen" generate --library "$lib" --language kotlin \
        --no-format --out-dir "$out"
fi

step "compile and run the JUnit suite (Maven, JNA)"
cd "$here"
mvn -q -B test \
    -Dattend.bindings.dir="$out" \
    -Djna.library.path="$target/debug" \
    -Dattend.testserver="$target/debug/attend-ffi-testserver" \
    "$@"
echo "android view-models: all tests passed"
