"""The iOS checker must fail when the Swift is wrong: each test breaks a copy of the
real shell in one way and asserts the finding (file, line, message)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import swift_tree
import syntax_check

HERE = Path(__file__).resolve().parent
IOS = HERE.parent
BINDINGS = IOS.parent / "bindings" / "generated" / "swift" / "Attend.swift"

pytestmark = pytest.mark.skipif(not BINDINGS.is_file(), reason="bash ios/tests/run.sh generates the bindings first")


@pytest.fixture
def ios(tmp_path: Path) -> Path:
    """A copy of ios/ to break, beside a copy of the generated bindings."""
    copy = tmp_path / "ios"
    shutil.copytree(IOS, copy, ignore=shutil.ignore_patterns("build", ".build", "__pycache__", "tests", "*.xcodeproj"))
    return copy


def run(ios: Path) -> list[syntax_check.Finding]:
    return syntax_check.check(ios, BINDINGS)


def edit(path: Path, old: str, new: str) -> int:
    """Replaces the one occurrence of `old`; returns its 1-based line."""
    text = path.read_text("utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path.name}"
    path.write_text(text.replace(old, new), "utf-8")
    return text[: text.index(old)].count("\n") + 1


def test_the_real_shell_is_clean():
    counts = syntax_check.new_counts()
    assert [str(f) for f in syntax_check.check(IOS, BINDINGS, counts)] == []
    # The checks looked at something: every screen uses labels and view-models.
    assert counts["Swift files"] >= 20
    assert counts["label uses"] >= 40
    assert counts["member uses"] >= 100
    assert counts["controls"] >= 10


def test_broken_swift_is_reported_at_its_line(ios: Path):
    (ios / "Sources" / "AttendShell" / "Broken.swift").write_text(
        "import SwiftUI\n\nstruct Broken: View {\n    var body: some View {\n        VStack {\n"
        "            Text(verbatim: x.\n        }\n    }\n",
        "utf-8",
    )
    found = [(f.line, f.column, f.message) for f in run(ios) if f.path.endswith("Broken.swift")]
    # The parser's ERROR spans the whole file (it starts at 1:1); the bracket pass
    # points at the mistake: the `(` left open on line 6, and the braces short of one.
    assert found == [
        (1, 1, "syntax error near 'import SwiftUI'"),
        (7, 9, "'}' closes '(' opened at 6:17"),
        (3, 21, "'{' is never closed"),
        (4, 25, "'{' is never closed"),
    ]


def test_missing_closing_parenthesis_is_reported(ios: Path):
    screen = ios / "Sources" / "AttendShell" / "ResultScreen.swift"
    line = edit(screen, "Text(state.headline)", "Text(state.headline")
    found = [f for f in run(ios) if f.path.endswith("ResultScreen.swift")]
    assert any(f.line in (line, line + 1) for f in found), [str(f) for f in found]


def test_wrong_label_name_is_reported(ios: Path):
    screen = ios / "Sources" / "AttendShell" / "LoginScreen.swift"
    line = edit(screen, "labels.loginTitle", "labels.loginTitel")
    column = screen.read_text("utf-8").split("\n")[line - 1].index("loginTitel") + 1
    found = [str(f) for f in run(ios)]
    assert found == [
        f"ios/Sources/AttendShell/LoginScreen.swift:{line}:{column}: labels.loginTitel: UiLabels has no field 'loginTitel'"
    ]


def test_columns_count_characters_not_bytes(ios: Path):
    # Japanese text before the mistake on the same line: the column is the one an
    # editor shows, not the byte offset.
    screen = ios / "Sources" / "AttendShell" / "LoginScreen.swift"
    line = edit(screen, "Text(labels.loginIntro)", 'Text("会員" + labels.introText)')
    column = screen.read_text("utf-8").split("\n")[line - 1].index("introText") + 1
    found = [(f.line, f.column) for f in run(ios) if "introText" in f.message]
    assert found == [(line, column)]


def test_wrong_label_through_a_chain_is_reported(ios: Path):
    edit(ios / "Sources" / "AttendShell" / "HomeScreen.swift", "Text(labels.attendanceTitle)", "Text(home.labels.attendance)")
    found = [f.message for f in run(ios)]
    assert found == ["labels.attendance: UiLabels has no field 'attendance'"]


def test_unknown_view_model_member_is_reported(ios: Path):
    line = edit(ios / "Sources" / "AttendShell" / "HomeScreen.swift", "home.startScan()", "home.beginScan()")
    found = [(f.line, f.message) for f in run(ios)]
    assert found == [(line, "home.beginScan: HomeViewModel has no member 'beginScan'")]


def test_internal_member_used_from_another_module_is_reported(ios: Path):
    line = edit(ios / "Sources" / "AttendShell" / "HomeScreen.swift", "home.startScan()", "home.owner()")
    found = [(f.line, f.message) for f in run(ios)]
    assert found == [(line, "home.owner: HomeViewModel.owner is not public (used from AttendShell)")]


def test_unknown_member_of_a_generated_record_is_reported(ios: Path):
    edit(ios / "Sources" / "AttendShell" / "HomeScreen.swift", "Text(entry.kindName)", "Text(entry.kind)")
    found = [f.message for f in run(ios)]
    assert found == ["entry.kind: AttendanceEntry has no member 'kind'"]


def test_control_without_accessibility_label_is_reported(ios: Path):
    edit(
        ios / "Sources" / "AttendShell" / "HomeScreen.swift",
        "            .accessibilityLabel(Text(labels.syncNow))\n",
        "",
    )
    found = [f.message for f in run(ios)]
    assert found == ["Button without .accessibilityLabel"]


def test_text_written_in_the_shell_is_reported(ios: Path):
    edit(ios / "Sources" / "AttendShell" / "CreditsScreen.swift", "Text(view.totalsText)", 'Text("単位")')
    found = sorted(f.message for f in run(ios))
    assert found == [
        "non-ASCII text in the shell: wording comes from the core",
        "visible text written in the shell: use labels() or the core's views",
    ]


def test_broken_plist_is_reported(ios: Path):
    plist = ios / "App" / "Info.plist"
    plist.write_text(plist.read_text("utf-8").replace("</dict>\n</plist>", "</plist>"), "utf-8")
    found = [f for f in run(ios)]
    assert len(found) == 1 and found[0].path == "ios/App/Info.plist"
    assert found[0].message.startswith("plist does not parse")


def test_missing_background_task_identifier_is_reported(ios: Path):
    edit(ios / "App" / "Info.plist", "<string>org.jsnm.attend.sync</string>", "<string>org.jsnm.other</string>")
    found = [f.message for f in run(ios)]
    assert found == ["BGTaskSchedulerPermittedIdentifiers lacks 'org.jsnm.attend.sync'"]


def test_bad_and_uneven_strings_files_are_reported(ios: Path):
    strings = ios / "App" / "en.lproj" / "InfoPlist.strings"
    line = edit(strings, '"CFBundleDisplayName" = "JSNM Attendance";', '"CFBundleDisplayName" = "JSNM Attendance"')
    found = sorted((f.path, f.line, f.message.split(":")[0]) for f in run(ios))
    assert found == [
        ("ios", 1, "InfoPlist.strings keys differ between languages"),
        ("ios/App/en.lproj/InfoPlist.strings", line, 'not a "key" = "value"; line'),
    ]


def test_grammar_gaps_are_real_and_bridged_in_place():
    text = (
        "// This file was autogenerated by some hot garbage in the `uniffi` crate.\n"
        "struct A {\n"
        "#if swift(>=5.8)\n"
        "    @_documentation(visibility: private)\n"
        "#endif\n"
        "    public static func f() { let w = { () }; w() }\n"
        "    func g() { h( }\n"
        "}\n"
    )
    # Unbridged, the grammar fails on both constructs (valid Swift): the gaps are real.
    raw = swift_tree.syntax_errors(swift_tree.parse(text.encode()))
    assert {line for line, _, _ in raw} >= {6}
    bridged, counts = swift_tree.bridge_grammar_gaps(text)
    assert counts == {"attribute alone inside #if": 1, "empty tuple expression": 1}
    assert [len(a) for a in bridged.split("\n")] == [len(a) for a in text.split("\n")]
    # Bridged, only the real error is left, at its own line.
    errors = swift_tree.syntax_errors(swift_tree.parse(bridged.encode()))
    assert errors and {line for line, _, _ in errors} == {7}


def test_generated_bindings_need_only_the_known_gaps():
    text = BINDINGS.read_text("utf-8")
    bridged, counts = swift_tree.bridge_grammar_gaps(text)
    assert all(n > 0 for n in counts.values()), counts
    assert swift_tree.syntax_errors(swift_tree.parse(bridged.encode())) == []
    fields = swift_tree.declared_types(swift_tree.parse(bridged.encode()), "AttendBindings")["UiLabels"].members
    assert {"cameraDenied", "tabHome", "memberPageUrl"} <= set(fields)


def test_members_are_followed_through_chains(ios: Path):
    tests = ios / "SwiftTests" / "AttendViewModelsTests" / "AppModelTests.swift"
    edit(tests, "XCTAssertEqual(model.reader.torchLabel, model.labels.torchOn)", "XCTAssertEqual(model.reader.torchText, model.labels.torchOn)")
    edit(ios / "Sources" / "AttendShell" / "RootView.swift", "ReaderScreen(reader: model.reader)", "ReaderScreen(reader: model.scanner)")
    found = sorted(f.message for f in run(ios))
    assert found == [
        "model.reader.torchText: ReaderViewModel has no member 'torchText'",
        "model.scanner: AppModel has no member 'scanner'",
    ]


def test_missing_target_folder_is_reported(ios: Path):
    shutil.rmtree(ios / "SwiftTests")
    found = [(f.path, f.message) for f in run(ios)]
    assert found == [("ios/Package.swift", "no folder 'SwiftTests/AttendViewModelsTests'")]
