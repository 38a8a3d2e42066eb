"""Swift source as tree-sitter trees, and the few facts the iOS checks read from them.

No Swift compiler runs on the Linux machines this project is tested on, so the iOS shell
is checked by parsing (tree-sitter-swift from PyPI) plus name checks a compiler would
also make: labels that exist, members that exist and are public across modules.

The grammar lags Swift in two spots that uniffi's generated code uses (see
GRAMMAR_GAPS). Those are rewritten, in the generated file only and keeping every line
and column in place, before parsing; our own Swift avoids them instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import tree_sitter
import tree_sitter_swift

LANGUAGE = tree_sitter.Language(tree_sitter_swift.language())

# (why, pattern, replacement builder). Each keeps the text's length per line, so a
# finding's line:column is still the file's own.
GRAMMAR_GAPS = [
    (
        # `#if swift(>=5.8)` / `@_documentation(...)` / `#endif` before a declaration:
        # the grammar has no attribute that stands alone inside #if.
        "attribute alone inside #if",
        re.compile(r"^[ \t]*#if swift\(>=5\.8\)\n[ \t]*@_documentation\(visibility: private\)\n[ \t]*#endif$", re.M),
        lambda m: re.sub(r"[^\n]", " ", m.group(0)),
    ),
    (
        # `{ () }`, a closure returning the empty tuple: the grammar has no `()`
        # expression. An empty closure of the same width parses the same way around it.
        "empty tuple expression",
        re.compile(r"\{ \(\) \}"),
        lambda m: "{    }",
    ),
]


def bridge_grammar_gaps(text: str) -> tuple[str, dict[str, int]]:
    """The text with GRAMMAR_GAPS rewritten in place, and how often each was applied."""
    counts: dict[str, int] = {}
    for why, pattern, replace in GRAMMAR_GAPS:
        text, n = pattern.subn(replace, text)
        counts[why] = n
    return text, counts


def parse(source: bytes) -> tree_sitter.Tree:
    return tree_sitter.Parser(LANGUAGE).parse(source)


def walk(node: tree_sitter.Node):
    """Every node below `node`, depth first, `node` included."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children))


def text(node: tree_sitter.Node | None) -> str:
    return "" if node is None else node.text.decode("utf-8", "replace")


def syntax_errors(tree: tree_sitter.Tree) -> list[tuple[int, int, str]]:
    """(line, column, what) of every ERROR and MISSING node, 1-based."""
    found = []
    for node in walk(tree.root_node):
        if node.is_missing:
            found.append((node.start_point.row + 1, node.start_point.column + 1, f"missing {node.type!r}"))
        elif node.is_error:
            snippet = text(node).split("\n", 1)[0][:40]
            found.append((node.start_point.row + 1, node.start_point.column + 1, f"syntax error near {snippet!r}"))
    return found


OPENERS = {"(": ")", "\\(": ")", "[": "]", "{": "}"}
CLOSERS = {")", "]", "}"}


def unbalanced(tree: tree_sitter.Tree) -> list[tuple[int, int, str]]:
    """Brackets that do not pair up, from the parser's tokens (so brackets in strings
    and comments do not count). An ERROR node often starts far from the mistake (an
    unclosed brace makes the whole file one ERROR); the opener left open points at
    it."""
    found = []
    stack: list[tuple[str, tree_sitter.Node]] = []
    for node in walk(tree.root_node):
        if node.child_count or node.is_missing:
            continue
        token = node.type
        if token in OPENERS:
            stack.append((token, node))
        elif token in CLOSERS:
            if stack and OPENERS[stack[-1][0]] == token:
                stack.pop()
                continue
            row, col = node.start_point
            if stack:
                opener, at = stack.pop()
                found.append((row + 1, col + 1, f"{token!r} closes {opener!r} opened at {at.start_point.row + 1}:{at.start_point.column + 1}"))
            else:
                found.append((row + 1, col + 1, f"{token!r} closes nothing"))
    for opener, node in stack:
        found.append((node.start_point.row + 1, node.start_point.column + 1, f"{opener!r} is never closed"))
    return found


@dataclass
class TypeInfo:
    """A type declared in Swift: its members and whether each is visible to other
    modules (`public`/`open`, or a case of a public enum)."""

    name: str
    module: str
    members: dict[str, bool] = field(default_factory=dict)
    # The written type of each property that has one (`let reader: ReaderViewModel`),
    # so that a chain `model.reader.torchOn` can be followed.
    member_types: dict[str, str] = field(default_factory=dict)


def _is_public(decl: tree_sitter.Node) -> bool:
    for child in decl.children:
        if child.type == "modifiers":
            for mod in child.children:
                if mod.type == "visibility_modifier" and text(mod).split("(")[0] in ("public", "open"):
                    return True
    return False


def _type_name(node: tree_sitter.Node | None) -> str | None:
    """The last type identifier of a user type, through optionals (`AppModel?`)."""
    if node is None:
        return None
    if node.type == "optional_type":
        return _type_name(node.child_by_field_name("wrapped"))
    if node.type == "user_type":
        names = [text(c) for c in node.children if c.type == "type_identifier"]
        return names[-1] if names else None
    return None


def declared_types(tree: tree_sitter.Tree, module: str) -> dict[str, TypeInfo]:
    """Classes, structs, enums and extensions with their member names. Members of an
    extension join the type's; nested types are not followed (none is used here)."""
    types: dict[str, TypeInfo] = {}
    for decl in walk(tree.root_node):
        if decl.type not in ("class_declaration", "protocol_declaration"):
            continue
        name = decl.child_by_field_name("name")
        type_name = _type_name(name) if name is not None and name.type == "user_type" else text(name)
        info = types.setdefault(type_name, TypeInfo(type_name, module))
        enum_public = _is_public(decl)
        body = decl.child_by_field_name("body")
        for member in body.children if body is not None else []:
            if member.type in ("property_declaration", "protocol_property_declaration"):
                annotation = next((c for c in member.children if c.type == "type_annotation"), None)
                written = _type_name(annotation.child_by_field_name("name")) if annotation else None
                for pattern in member.children_by_field_name("name"):
                    info.members[text(pattern)] = _is_public(member)
                    if written:
                        info.member_types[text(pattern)] = written
            elif member.type in ("function_declaration", "protocol_function_declaration"):
                info.members[text(member.child_by_field_name("name"))] = _is_public(member)
            elif member.type == "enum_entry":
                for case in member.children_by_field_name("name"):
                    info.members[text(case)] = enum_public
    return types


def typed_names(tree: tree_sitter.Tree) -> dict[str, set[str]]:
    """Each name bound with a written type in the file (properties, parameters,
    typed locals), with the type names it is bound to."""
    bound: dict[str, set[str]] = {}
    for node in walk(tree.root_node):
        if node.type == "property_declaration":
            annotation = next((c for c in node.children if c.type == "type_annotation"), None)
            type_name = _type_name(annotation.child_by_field_name("name")) if annotation else None
            for pattern in node.children_by_field_name("name"):
                if type_name:
                    bound.setdefault(text(pattern), set()).add(type_name)
        elif node.type == "parameter":
            names = node.children_by_field_name("name")
            # field "name" holds the local name and the type; the type is the last.
            local = [n for n in names if n.type == "simple_identifier"]
            type_name = _type_name(names[-1]) if names else None
            if local and type_name:
                bound.setdefault(text(local[-1]), set()).add(type_name)
    return bound


def member_uses(tree: tree_sitter.Tree):
    """(path, member, line, column) for every `a.b.member` in the file whose receiver
    is a chain of plain names: path is ['a', 'b'] (`$a`, a binding, counts as `a`).
    Receivers that are calls or literals (`f().x`, `"".count`) are left out."""
    for node in walk(tree.root_node):
        if node.type != "navigation_expression":
            continue
        target = node.child_by_field_name("target")
        suffix = node.child_by_field_name("suffix")
        member = suffix.child_by_field_name("suffix") if suffix is not None else None
        if target is None or member is None or member.type != "simple_identifier":
            continue
        path = _name_chain(target)
        if path:
            yield path, text(member), member.start_point.row + 1, member.start_point.column + 1


def _name_chain(node: tree_sitter.Node) -> list[str] | None:
    if node.type == "simple_identifier":
        return [text(node).lstrip("$")]
    if node.type == "navigation_expression":
        inner = node.child_by_field_name("target")
        suffix = node.child_by_field_name("suffix")
        name = suffix.child_by_field_name("suffix") if suffix is not None else None
        head = _name_chain(inner) if inner is not None else None
        if head is not None and name is not None and name.type == "simple_identifier":
            return head + [text(name)]
    return None


def calls_named(tree: tree_sitter.Tree, names: set[str]):
    """Call expressions whose callee is one of `names` (`Button(...)`, `Text(...)`)."""
    for node in walk(tree.root_node):
        if node.type == "call_expression" and node.children and node.children[0].type == "simple_identifier":
            if text(node.children[0]) in names:
                yield node


def modifier_chain(call: tree_sitter.Node) -> list[str]:
    """The names of the modifiers applied to a view expression: for
    `Button(...) {...}.disabled(x).accessibilityLabel(y)` → ['disabled', 'accessibilityLabel']."""
    chain = []
    node = call
    while node.parent is not None and node.parent.type == "navigation_expression" and node.parent.child_by_field_name("target") == node:
        suffix = node.parent.child_by_field_name("suffix")
        chain.append(text(suffix.child_by_field_name("suffix")) if suffix is not None else "")
        node = node.parent
        if node.parent is not None and node.parent.type == "call_expression":
            node = node.parent
    return chain
