#!/usr/bin/env bash
# Runs every test of the project on a fresh machine: installs what the tests need
# (idempotently), checks formatting and lints, starts a private PostgreSQL cluster on
# loopback for the server's second backend, and runs the whole workspace's tests.
# This is the README's test command; .ci/run calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

step() { printf '\n== %s ==\n' "$*"; }

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
  eval "$(scripts/postgres.sh start "$pgdir" "${ATTEND_PG_PORT:-55432}")"
  trap 'scripts/postgres.sh stop "$pgdir" >/dev/null 2>&1 || true' EXIT
fi

step "tests"
export QR_CORPUS_DIR="${QR_CORPUS_DIR:-$root/../shared/qr-corpus}"
cargo test --workspace --locked

step "projector page in headless Chromium"
cargo test -p attend-print --locked --features browser-tests

step "bindings: Python (pytest), Kotlin (JVM via JNA, Maven), Swift (generated only)"
bash bindings/tests/run.sh
