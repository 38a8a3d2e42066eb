#!/usr/bin/env python3
"""Prints the <dependency> list of pom.xml: the closure of the app's AndroidX libraries.

Why not let Maven resolve it: AndroidX poms pin siblings to exact ranges ([1.7.0]) that
clash between libraries, and Gradle settles them with version alignment that Maven does
not know. This walks the poms on Maven Central the way Gradle would see them:
  - groups that AndroidX releases together are pinned to one version (PINS), as the
    Compose BOM and Gradle's alignment do;
  - of every other artifact the highest version asked for wins;
  - a Kotlin-multiplatform "root" artifact (ui, runtime, ...) is dropped in favour of its
    -android variant, and a -jvm variant too when an -android one exists; a -jvm variant
    takes its root's version when that is higher.
Run it after changing a version (ROOTS, PINS) and paste its output into pom.xml between
the JNA dependency and </dependencies>. Only needed then; run.sh does not call it.

Usage: python3 android/compile-check/update-libs.py > /tmp/deps.xml
"""
import re
import sys
import urllib.request
import xml.etree.ElementTree as ET

CENTRAL = "https://repo1.maven.org/maven2/"
NS = "{http://maven.apache.org/POM/4.0.0}"

# What the app declares (android/app/build.gradle.kts), as -android variants where
# AndroidX publishes Kotlin-multiplatform libraries.
ROOTS = [
    ("androidx.compose.material3", "material3-android", "1.4.0"),
    ("androidx.compose.foundation", "foundation-android", "1.12.1"),
    ("androidx.compose.ui", "ui-android", "1.12.1"),
    ("androidx.compose.runtime", "runtime-android", "1.12.1"),
    ("androidx.activity", "activity-compose", "1.13.0"),
    ("androidx.core", "core", "1.18.0"),
    ("androidx.lifecycle", "lifecycle-runtime-compose-android", "2.10.0"),
    ("androidx.lifecycle", "lifecycle-process", "2.10.0"),
    ("androidx.work", "work-runtime", "2.11.2"),
    ("org.jetbrains.kotlinx", "kotlinx-coroutines-android", "1.11.0"),
]

# Groups released in lockstep (Compose BOM 2026.09.00 and the AndroidX releases above).
PINS = {
    "androidx.compose.ui": "1.12.1",
    "androidx.compose.runtime": "1.12.1",
    "androidx.compose.foundation": "1.12.1",
    "androidx.compose.animation": "1.12.1",
    "androidx.compose.material": "1.12.1",
    "androidx.lifecycle": "2.10.0",
    "androidx.activity": "1.13.0",
    "androidx.savedstate": "1.3.3",
    "androidx.navigationevent": "1.0.0",
    "org.jetbrains.kotlin": "2.4.21",
}

# Listed in pom.xml by hand (the stdlib is the compiler's own version).
SKIP_GROUPS = {"org.jetbrains.kotlin"}


def pom(group, artifact, version):
    url = f"{CENTRAL}{group.replace('.', '/')}/{artifact}/{version}/{artifact}-{version}.pom"
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return ET.fromstring(response.read())
    except Exception as error:  # a missing pom is reported, not fatal: the list says so
        print(f"missing pom {group}:{artifact}:{version} ({error})", file=sys.stderr)
        return None


def version_key(version):
    return [(0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"[.-]", version)]


def exact(version):
    """`[1.7.0]` or `[1.7.0,1.7.0]` → `1.7.0`; anything else as it is."""
    match = re.fullmatch(r"\[([^,\]]+)(?:,\s*\1)?\]", version.strip())
    return match.group(1) if match else version.strip()


def closure():
    best, packaging = {}, {}
    queue = list(ROOTS)
    while queue:
        group, artifact, version = queue.pop()
        version = PINS.get(group, version)
        key = (group, artifact)
        if key in best and version_key(best[key]) >= version_key(version):
            continue
        best[key] = version
        tree = pom(group, artifact, version)
        if tree is None:
            continue
        found = tree.find(NS + "packaging")
        packaging[key] = found.text if found is not None else "jar"
        dependencies = tree.find(NS + "dependencies")
        for dep in dependencies if dependencies is not None else []:
            scope = dep.findtext(NS + "scope", "compile")
            if scope not in ("compile", "runtime") or dep.findtext(NS + "optional") == "true":
                continue
            dep_version = dep.findtext(NS + "version")
            if dep_version is None:  # managed by a BOM: the pinned or asked-for one wins
                continue
            queue.append((dep.findtext(NS + "groupId"), dep.findtext(NS + "artifactId"), exact(dep_version)))
    return best, packaging


def main():
    best, packaging = closure()
    for (group, artifact), version in sorted(best.items()):
        kind = packaging.get((group, artifact), "jar")
        if group in SKIP_GROUPS or kind == "pom":
            continue
        if (group, artifact + "-android") in best:
            continue
        if artifact.endswith("-jvm") and (group, artifact[: -len("-jvm")] + "-android") in best:
            continue
        # A -jvm variant asked for through its multiplatform root takes the root's version.
        root = best.get((group, artifact[: -len("-jvm")])) if artifact.endswith("-jvm") else None
        if root is not None and version_key(root) > version_key(version):
            version = root
        type_line = "" if kind == "jar" else f"\n      <type>{kind}</type>"
        print(
            f"""    <dependency>
      <groupId>{group}</groupId>
      <artifactId>{artifact}</artifactId>
      <version>{version}</version>{type_line}
      <exclusions><exclusion><groupId>*</groupId><artifactId>*</artifactId></exclusion></exclusions>
    </dependency>"""
        )


if __name__ == "__main__":
    main()
