#!/usr/bin/env bash
# The iOS shell's check on Linux, where no Swift compiler can be installed: nothing
# Swift is compiled here, every file is parsed (tree-sitter-swift) and name-checked
# against the generated bindings (see syntax_check.py), and pytest proves the checker
# reports what it should. Takes seconds once the bindings library is built.
#
#   bash ios/tests/run.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
target=${CARGO_TARGET_DIR:-$root/target}
venv="$root/.venv"
generated="$root/bindings/generated/swift"

echo "== ios: tree-sitter and pytest in $venv =="
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
# Pinned to the series the checks were written against: a grammar update can move
# what parses (see swift_tree.GRAMMAR_GAPS).
"$venv/bin/python" - <<'PY' 2>/dev/null || "$venv/bin/pip" install -q 'tree-sitter>=0.26,<0.27' 'tree-sitter-swift>=0.7,<0.8' pytest
import importlib.metadata as m
assert m.version("tree-sitter").startswith("0.26.")
assert m.version("tree-sitter-swift").startswith("0.7.")
import pytest  # noqa: F401
PY

echo "== ios: generated Swift bindings =="
# The checks read the bindings as the Rust library exports them: the library is built
# if needed (a no-op after the workspace's tests), and the Swift generated when it is
# absent or older than the library.
# The same packages as bindings/tests/run.sh builds, so cargo unifies the same
# features and reuses that build instead of making another.
cargo build -q -p attend-ffi -p attend-ffi-testserver
lib="$target/debug/libattend_ffi.so"
if [ "$(uname -s)" = Darwin ]; then lib="$target/debug/libattend_ffi.dylib"; fi
if [ ! -s "$generated/Attend.swift" ] || [ "$lib" -nt "$generated/Attend.swift" ]; then
    rm -rf "$generated"
    "$target/debug/uniffi-bindgen" generate --library "$lib" \
        --language swift --no-format --out-dir "$generated"
fi

echo "== ios: parse and name checks (nothing Swift is compiled here) =="
"$venv/bin/python" "$here/syntax_check.py" --ios "$root/ios" --bindings "$generated/Attend.swift"

echo "== ios: the checker's own tests =="
"$venv/bin/python" -m pytest -q -p no:cacheprovider "$here"
