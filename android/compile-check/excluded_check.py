#!/usr/bin/env python3
"""What can be checked of the sources that cannot be compiled here (they need CameraX).

Two checks, weaker than a compile and said to be so in the README:
  1. each file parses as Kotlin (tree-sitter-kotlin): no syntax error;
  2. each of its imports from the project (org.jsnm.*) names something that exists in
     the classes run.sh just compiled (a class, or a top-level function or property in
     a file facade `...Kt`), so a rename in the compiled code cannot leave these files
     calling something that is gone.
Imports from CameraX, AndroidX and the platform are not checked (no CameraX here).

Usage: excluded_check.py CLASSES_DIR FILE.kt...   (exit 1 on any finding)
"""
import pathlib
import re
import subprocess
import sys

import tree_sitter
import tree_sitter_kotlin

PROJECT_IMPORT = re.compile(r"^import\s+(org\.jsnm\.[\w.]+)", re.MULTILINE)
PACKAGE = re.compile(r"^package\s+([\w.]+)", re.MULTILINE)
# Top-level declarations (at the start of a line, as the project's style writes them).
DECLARATION = re.compile(
    r"^(?:(?:public|internal|private|data|sealed|enum|abstract|open|inline)\s+)*"
    r"(?:@Composable\s+)?(?:class|object|interface|fun|val|var|typealias)\s+(\w+)",
    re.MULTILINE,
)


def syntax_errors(parser, path):
    tree = parser.parse(path.read_bytes())
    found, stack = [], [tree.root_node]
    while stack:
        node = stack.pop()
        if node.is_error or node.is_missing:
            found.append(f"{path}:{node.start_point[0] + 1}:{node.start_point[1] + 1}: syntax error near {node.type!r}")
        stack.extend(node.children)
    return found


def facade_members(classes, package, cache):
    """Public member names of the package's file facades (top-level functions, properties)."""
    if package not in cache:
        folder = classes / package.replace(".", "/")
        names = set()
        facades = [f"{package}.{p.stem}" for p in folder.glob("*Kt.class")]
        if facades:
            listing = subprocess.run(
                ["javap", "-cp", str(classes), *facades], capture_output=True, text=True, check=True
            ).stdout
            names.update(re.findall(r"\s(\w+)\(", listing))
        cache[package] = names
    return cache[package]


def declared(files):
    """What the excluded files declare themselves: they may import one another."""
    names = set()
    for path in files:
        text = path.read_text(encoding="utf-8")
        package = PACKAGE.search(text)
        prefix = package.group(1) + "." if package else ""
        names.update(prefix + name for name in DECLARATION.findall(text))
    return names


def missing_imports(classes, path, cache, local):
    found = []
    for name in PROJECT_IMPORT.findall(path.read_text(encoding="utf-8")):
        package, _, simple = name.rpartition(".")
        if name in local or (classes / (name.replace(".", "/") + ".class")).exists():
            continue
        members = facade_members(classes, package, cache)
        getter = "get" + simple[:1].upper() + simple[1:]
        if simple in members or getter in members:
            continue
        found.append(f"{path}: imports {name}, which the compiled code does not have")
    return found


def main():
    classes = pathlib.Path(sys.argv[1])
    files = [pathlib.Path(arg) for arg in sys.argv[2:]]
    parser = tree_sitter.Parser(tree_sitter.Language(tree_sitter_kotlin.language()))
    cache = {}
    local = declared(files)
    problems = []
    for path in files:
        problems += syntax_errors(parser, path)
        problems += missing_imports(classes, path, cache, local)
    for problem in problems:
        print(problem, file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
