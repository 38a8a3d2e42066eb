#!/usr/bin/env bash
# Compiles the Android shell's Kotlin on the JVM, without the Android SDK or Gradle:
# the app's sources (android/app/src/main/kotlin) together with the view-models
# (android/viewmodel/src/main/kotlin) and the generated uniffi bindings, against the
# Android framework classes (Robolectric's android-all, API 35) and the AndroidX /
# Compose libraries from Maven Central, with the Compose compiler plugin applied.
# Also runs the app's JVM unit tests (app/src/test, JUnit 4). Exits non-zero when any
# included source fails to compile or a test fails.
#
# What is NOT compiled here, and why (kept in EXCLUDED below, checked to exist):
#   - camera/CameraPreview.kt, camera/FrameAnalyzer.kt: CameraX (androidx.camera) is
#     published only on Google's Maven repository, which these machines cannot reach.
#   - MainActivity.kt: it joins the screens to CameraPreview (the one place outside
#     camera/ that names CameraX).
#   These three are only parsed (tree-sitter-kotlin) and their imports from the project
#   checked against the compiled classes (excluded_check.py).
# Nor anything of the Android build proper: the manifest and resources are only checked
#     to be well-formed XML (no aapt2 here), the Gradle scripts are not run (no AGP),
#     and build-rust.sh is only checked for syntax (no NDK).
#
# Usage: bash android/compile-check/run.sh
#   ATTEND_BINDINGS_DIR=dir  use already generated Kotlin bindings (the folder holding
#                            org/jsnm/attend/attend_ffi.kt) instead of generating them.
# Output (all under target/android-compile-check): the downloaded jars, the classes, log.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ANDROID="$(dirname "$HERE")"
ROOT="$(dirname "$ANDROID")"
OUT="$ROOT/target/android-compile-check"
APP_SRC="$ANDROID/app/src/main/kotlin"
VM_SRC="$ANDROID/viewmodel/src/main/kotlin"

# Paths under APP_SRC that need CameraX (see above).
EXCLUDED=(
  org/jsnm/attend/android/MainActivity.kt
  org/jsnm/attend/android/camera/CameraPreview.kt
  org/jsnm/attend/android/camera/FrameAnalyzer.kt
)

say() { printf 'android compile check: %s\n' "$*" >&2; }
fail() { say "FAILED: $*"; exit 1; }

command -v java >/dev/null || fail "java (17 or newer) is not installed"
command -v mvn >/dev/null || fail "mvn (Maven) is not installed"
command -v unzip >/dev/null || fail "unzip is not installed"
mkdir -p "$OUT"

# 1. The generated bindings, from the desktop build of the core (the Kotlin is the same
#    for every target: it is generated from the library's metadata, not per ABI).
if [[ -n "${ATTEND_BINDINGS_DIR:-}" ]]; then
  BINDINGS="$ATTEND_BINDINGS_DIR"
else
  BINDINGS="$OUT/generated/kotlin"
  say "generating the Kotlin bindings"
  (cd "$ROOT" && cargo build --quiet -p attend-ffi)
  rm -rf "$BINDINGS"
  "$ROOT/target/debug/uniffi-bindgen" generate --library "$ROOT/target/debug/libattend_ffi.so" \
    --language kotlin --no-format --out-dir "$BINDINGS" >/dev/null
fi
[[ -f "$BINDINGS/org/jsnm/attend/attend_ffi.kt" ]] || fail "no bindings in $BINDINGS"

# 2. The compiler and the libraries (Maven's local repository caches them after the
#    first run). The folders are emptied first so a version change leaves no stale jar.
say "resolving the compiler and the libraries from Maven Central"
rm -rf "$OUT/libs" "$OUT/compiler" "$OUT/aar-classes"
mvn -B -q -f "$HERE/compiler.xml" dependency:copy-dependencies -DoutputDirectory="$OUT/compiler" \
  >"$OUT/maven.log" 2>&1 || { cat "$OUT/maven.log" >&2; fail "could not resolve the Kotlin compiler"; }
mvn -B -q -f "$HERE/pom.xml" dependency:copy-dependencies -DoutputDirectory="$OUT/libs" \
  >>"$OUT/maven.log" 2>&1 || { cat "$OUT/maven.log" >&2; fail "could not resolve the libraries"; }

# 3. An AAR is a zip holding classes.jar (and sometimes libs/*.jar): those are what the
#    compiler reads. AARs with resources only have no classes.jar and add nothing.
mkdir -p "$OUT/aar-classes"
for aar in "$OUT"/libs/*.aar; do
  name="$(basename "$aar" .aar)"
  # Listed once into a variable: `unzip | grep -q` would fail under pipefail when grep
  # stops reading early.
  entries="$(unzip -Z1 "$aar")"
  if grep -qx 'classes.jar' <<<"$entries"; then
    unzip -p "$aar" classes.jar >"$OUT/aar-classes/$name.jar"
  fi
  while IFS= read -r inner; do
    [[ -n "$inner" ]] || continue
    unzip -p "$aar" "$inner" >"$OUT/aar-classes/$name-$(basename "$inner")"
  done <<<"$(grep -E '^libs/.+\.jar$' <<<"$entries" || true)"
done

# 4. The sources: every app file but the excluded ones, which must still exist (a renamed
#    file must not drop out of the check unnoticed), and none of the rest may use CameraX.
declare -A skip=()
for path in "${EXCLUDED[@]}"; do
  [[ -f "$APP_SRC/$path" ]] || fail "excluded file $path does not exist: update EXCLUDED"
  skip["$APP_SRC/$path"]=1
done
sources=()
while IFS= read -r file; do
  [[ -n "${skip[$file]:-}" ]] && continue
  sources+=("$file")
done < <(find "$APP_SRC" -name '*.kt' | sort)
camerax_users="$(grep -l 'androidx\.camera' "${sources[@]}" || true)"
[[ -z "$camerax_users" ]] || fail "these files use CameraX and cannot compile here: $camerax_users"
vm_sources=()
if [[ -d "$VM_SRC" ]]; then
  while IFS= read -r file; do vm_sources+=("$file"); done < <(find "$VM_SRC" -name '*.kt' | sort)
fi

# 5. Compile. The Kotlin compiler runs as a plain Java program so that it can take the
#    unpacked AAR classes, which Maven's Kotlin plugin cannot put on its classpath.
classpath="$(find "$OUT/libs" "$OUT/aar-classes" -name '*.jar' | sort | tr '\n' ':')"
compiler_cp="$(find "$OUT/compiler" -name '*.jar' | sort | tr '\n' ':')"
compose_plugin="$(find "$OUT/compiler" -name 'kotlin-compose-compiler-plugin-embeddable-*.jar' | head -n 1)"
[[ -n "$compose_plugin" ]] || fail "the Compose compiler plugin was not downloaded"
rm -rf "$OUT/classes"
say "compiling ${#sources[@]} app files, ${#vm_sources[@]} view-model files and the bindings"
set +e
java -Xmx2g -cp "$compiler_cp" org.jetbrains.kotlin.cli.jvm.K2JVMCompiler \
  -no-stdlib -no-reflect -jvm-target 17 -language-version 2.4 \
  -Xplugin="$compose_plugin" \
  -cp "$classpath" -d "$OUT/classes" \
  "${sources[@]}" "${vm_sources[@]}" "$BINDINGS/org/jsnm/attend/attend_ffi.kt" \
  >"$OUT/kotlinc.log" 2>&1
status=$?
set -e
# Warnings in the app's own files are shown; the generated bindings' are not ours to fix.
grep -E "android/app/src/.*warning:" "$OUT/kotlinc.log" >&2 || true
if [[ $status -ne 0 ]]; then
  grep -E 'error:' "$OUT/kotlinc.log" >&2 || cat "$OUT/kotlinc.log" >&2
  fail "the Kotlin compiler reported errors (full log: $OUT/kotlinc.log)"
fi
# Proof the Compose plugin ran: it adds a Composer parameter to every @Composable.
javap -cp "$OUT/classes" org.jsnm.attend.android.ui.HomeScreenKt | grep -q 'androidx.compose.runtime.Composer' ||
  fail "HomeScreen has no Composer parameter: the Compose compiler plugin was not applied"

# 6. The excluded files: parsed (tree-sitter-kotlin) and their project imports checked
#    against the classes just compiled (excluded_check.py). In the workspace's .venv,
#    shared with the other checks; installed from PyPI on first use.
venv="$ROOT/.venv"
[[ -x "$venv/bin/python" ]] || python3 -m venv "$venv"
"$venv/bin/python" -c 'import tree_sitter, tree_sitter_kotlin' 2>/dev/null ||
  "$venv/bin/pip" install -q 'tree-sitter>=0.26,<0.27' 'tree-sitter-kotlin>=1.1,<1.2' ||
  fail "could not install tree-sitter-kotlin from PyPI"
excluded_paths=()
for path in "${EXCLUDED[@]}"; do excluded_paths+=("$APP_SRC/$path"); done
"$venv/bin/python" "$HERE/excluded_check.py" "$OUT/classes" "${excluded_paths[@]}" ||
  fail "an excluded (CameraX) file has a syntax error or imports something that is gone"

# 7. The app's plain-JVM unit tests (app/src/test: the glue that needs no device), run
#    with JUnit 4 on the classes just compiled.
TEST_SRC="$ANDROID/app/src/test/kotlin"
if [[ -d "$TEST_SRC" ]]; then
  junit_cp="$(find "$OUT/compiler" -name 'junit-*.jar' -o -name 'hamcrest-*.jar' | sort | tr '\n' ':')"
  stdlib="$(find "$OUT/libs" -name 'kotlin-stdlib-*.jar' | head -n 1)"
  mapfile -t tests < <(find "$TEST_SRC" -name '*.kt' | sort)
  rm -rf "$OUT/test-classes"
  say "compiling and running ${#tests[@]} unit test files"
  java -Xmx1g -cp "$compiler_cp" org.jetbrains.kotlin.cli.jvm.K2JVMCompiler \
    -no-stdlib -no-reflect -jvm-target 17 \
    -cp "$OUT/classes:$classpath$junit_cp" -d "$OUT/test-classes" "${tests[@]}" \
    >"$OUT/kotlinc-test.log" 2>&1 || { cat "$OUT/kotlinc-test.log" >&2; fail "the unit tests do not compile"; }
  mapfile -t test_classes < <(cd "$OUT/test-classes" && find . -name '*Test.class' | sed 's|^\./||; s|\.class$||; s|/|.|g' | sort)
  java -cp "$OUT/test-classes:$OUT/classes:$stdlib:$junit_cp" org.junit.runner.JUnitCore "${test_classes[@]}" \
    >"$OUT/junit.log" 2>&1 || { cat "$OUT/junit.log" >&2; fail "unit tests failed"; }
  grep -E '^OK \(' "$OUT/junit.log" >&2
fi

# 8. What cannot be compiled is at least checked for form.
python3 - "$ANDROID/app/src/main" <<'PY' || fail "malformed XML in the manifest or resources"
import pathlib, sys, xml.etree.ElementTree as ET
root = pathlib.Path(sys.argv[1])
bad = 0
for path in sorted([root / "AndroidManifest.xml", *root.glob("res/**/*.xml")]):
    try:
        ET.parse(path)
    except ET.ParseError as e:
        print(f"{path}: {e}", file=sys.stderr)
        bad += 1
sys.exit(1 if bad else 0)
PY
bash -n "$ANDROID/build-rust.sh" || fail "build-rust.sh has a syntax error"

say "ok: ${#sources[@]} app files + ${#vm_sources[@]} view-model files + bindings compiled with Compose;" \
  "only parsed and import-checked (CameraX): ${EXCLUDED[*]}"
