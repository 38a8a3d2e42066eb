#!/usr/bin/env bash
# Runs every test of the project on a fresh machine: installs what the tests need
# (idempotently), checks formatting and lints, starts a private PostgreSQL cluster on
# loopback for the server's second backend, and runs the whole workspace's tests.
# This is the README's test command; .ci/run calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
# CI builds from scratch once: incremental caches would only add gigabytes to target/.
export CARGO_INCREMENTAL=${CARGO_INCREMENTAL:-0}

step() { printf '\n== %s ==\n' "$*"; }

# Everything the test runners print is also kept, to add up their counts at the end.
log=$(mktemp /tmp/attend-tests.XXXXXX.log)
logged() { "$@" 2>&1 | tee -a "$log"; }

# --- system packages -------------------------------------------------------------
# postgresql: the server's PostgreSQL backend; poppler-utils: pdftotext reads our PDFs
# back in tests; fonts-ipaexfont-gothic / fonts-noto-cjk: Japanese text on posters
# and letters.
need=()
# maven + openjdk-17-jdk-headless: the Kotlin bindings' tests on the JVM (JNA);
# python3-venv: pytest for the Python bindings; chromium + nodejs/npm: the member page
# and the projector page in a real browser (Playwright drives Debian's Chromium).
for pkg in postgresql poppler-utils fonts-ipaexfont-gothic fonts-noto-cjk chromium; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
command -v mvn >/dev/null 2>&1 || need+=(maven)
command -v javac >/dev/null 2>&1 || need+=(openjdk-17-jdk-headless)
python3 -c 'import venv, ensurepip' 2>/dev/null || need+=(python3-venv)
command -v npm >/dev/null 2>&1 || need+=(npm)
if ((${#need[@]})); then
  step "installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi

step "format"
cargo fmt --all -- --check

step "clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

# --- PostgreSQL ----------------------------------------------------------------------
if [ -z "${ATTEND_TEST_PG_URL:-}" ] && [ "${ATTEND_SKIP_PG:-0}" != 1 ] && [ -x scripts/postgres.sh ]; then
  step "postgresql cluster"
  pgdir=$(mktemp -d /tmp/attend-pg.XXXXXX)
  # A free port, so a cluster left by an earlier run cannot get in the way.
  port=${ATTEND_PG_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
  eval "$(scripts/postgres.sh start "$pgdir" "$port")"
  trap 'scripts/postgres.sh stop "$pgdir" >/dev/null 2>&1 || true' EXIT
fi

step "tests"
export QR_CORPUS_DIR="${QR_CORPUS_DIR:-$root/../shared/qr-corpus}"
logged cargo test --workspace --locked

step "bindings: Python (pytest), Kotlin (JVM via JNA, Maven), Swift (generated only)"
logged bash bindings/tests/run.sh

step "android: the view-models on the JVM (JUnit, JNA, real server)"
logged bash android/viewmodel/run-tests.sh

step "android: the app's sources compiled against Android and AndroidX from Maven Central"
logged bash android/compile-check/run.sh

step "ios: every Swift file parsed and name-checked (no Swift compiler here)"
logged bash ios/tests/run.sh

# One closing line for the whole run: cargo's "test result" lines, pytest's summary, JUnit 4's
# "OK (N tests)", and the JUnit 5 reports this run wrote (Maven -q prints nothing on a pass).
find "${CARGO_TARGET_DIR:-$root/target}" -path '*surefire-reports/TEST-*.xml' -newer "$log" -print0 |
  xargs -0 -r python3 -c '
import sys, xml.etree.ElementTree as ET
for path in sys.argv[1:]:
    n = {k: int(v) for k, v in ET.parse(path).getroot().attrib.items() if v.isdigit()}
    bad = n["failures"] + n["errors"]
    print("%d passed, %d failed (junit)" % (n["tests"] - n["skipped"] - bad, bad))
' >> "$log"
awk '
  /^test result: /      { for (i = 1; i <= NF; i++) { if ($(i) ~ /^passed;?$/) p += $(i-1); if ($(i) ~ /^failed;?$/) f += $(i-1) } }
  /^[0-9]+ passed( |,)/ { p += $1; if (match($0, /[0-9]+ failed/)) f += substr($0, RSTART, RLENGTH) + 0 }
  /^OK \([0-9]+ tests?\)/ { p += substr($2, 2) + 0 }
  END { printf "summary: %d passed, %d failed\n", p, f }
' "$log"
rm -f "$log"
echo "target/ uses $(du -sh "${CARGO_TARGET_DIR:-$root/target}" 2>/dev/null | cut -f1) after the run"
