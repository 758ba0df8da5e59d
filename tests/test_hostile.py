"""Text from a log is data: hostile strings in every field render inert in every terminal-facing format."""

from __future__ import annotations

import json
import re

import pytest

from irru.inert import inert

from conftest import DATA

HOSTILE = str(DATA / "hostile.yaml")
SGR = re.compile(r"\x1b\[[0-9;]*m")  # rich's own colour codes, allowed only with --color always
FORBIDDEN = ["\x1b", "\x07", "\x08", "\r", "\x9b", "\u202e", "\u202c"]

COMMANDS = [("timeline",), ("actors",), ("sources",), ("stats",), ("promises",), ("transfers",)]
CASES = [(c, f) for c in COMMANDS for f in ("table", "plain", "md", "csv")] + [
    (("show", "e"), "table"),
    (("show", "e"), "plain"),
    (("diff", "s", "s"), "table"),
    (("diff", "s", "s"), "plain"),
    (("diff", "s", "s"), "md"),
]


@pytest.mark.parametrize(("command", "fmt"), CASES, ids=lambda x: x if isinstance(x, str) else x[0])
@pytest.mark.parametrize("color", ["never", "always"])
def test_no_control_code_from_the_data_reaches_the_terminal(irru, command, fmt, color) -> None:
    result = irru(*command, "--data", HOSTILE, "--format", fmt, "--color", color)
    assert result.exit_code == 0, result.stderr
    out = SGR.sub("", result.stdout) if color == "always" and fmt == "table" else result.stdout
    found = [repr(ch) for ch in FORBIDDEN if ch in out]
    assert found == []
    # rich markup in the data stays literal text
    if fmt in ("table", "plain"):
        assert "[bold" in out or command[0] in ("stats", "promises", "diff")


def test_markdown_escapes_markup_and_pipes(irru) -> None:
    out = irru("timeline", "--data", HOSTILE, "--format", "md").stdout
    assert "\\[bold red\\]X\\[/bold red\\]" in out
    assert "\\[link=file:///etc/passwd\\]" in out


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_json_keeps_the_exact_text(irru, fmt) -> None:
    out = irru("timeline", "--data", HOSTILE, "--format", fmt).stdout
    doc = json.loads(out.splitlines()[0] if fmt == "jsonl" else out)
    event = doc if fmt == "jsonl" else doc["events"][0]
    assert event["title"].startswith("[bold red]X[/bold red] [link=file:///etc/passwd]y[/link] \x1b[31mred")
    assert "\u202eevil" in event["claims"][0]["text"]
    assert "\x1b" not in out  # JSON escapes control characters as \u001b


def test_csv_cells_cannot_become_formulas(irru, tmp_path) -> None:
    log = (
        (DATA / "small.yaml")
        .read_text(encoding="utf-8")
        .replace("title: The Gaza war begins", 'title: \'=HYPERLINK("http://evil","x")\'')
    )
    path = tmp_path / "formula.yaml"
    path.write_text(log, encoding="utf-8")
    out = irru("timeline", "--data", str(path), "--format", "csv").stdout
    assert "'=HYPERLINK" in out
    assert ",=HYPERLINK" not in out and ',"=HYPERLINK' not in out


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\x1b[2J", "\\x1b[2J"),
        ("a\rb", "a\\rb"),
        ("bell\x07", "bell\\x07"),
        ("\u202eabc", "\\u202eabc"),
        ("line\nbreak\ttab", "line break tab"),
        ("\x9b1m", "\\x9b1m"),
        ("plain text, Ünïcode and →", "plain text, Ünïcode and →"),
    ],
)
def test_inert(text: str, shown: str) -> None:
    assert inert(text) == shown


def test_error_messages_are_inert_too(irru, tmp_path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text('schema: 1\nevents:\n  - id: e\n    type: "\\e]0;pwned\\a"\n', encoding="utf-8")
    result = irru("check", str(path))
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "unknown event type '\\x1b]0;pwned\\x07'" in result.stderr
