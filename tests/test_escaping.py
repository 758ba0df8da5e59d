"""Issue 25 item 5: every output path escapes what a log says the way timeline does: no raw control, C1, bidi or
separator character reaches a terminal from exports written to stdout, trace's JSON or shell completion."""

from __future__ import annotations

import json
import re

import pytest

from conftest import DATA

HOSTILE = str(DATA / "hostile.yaml")
# What must never appear raw: C0 controls but newline, DEL, C1, bidi controls and marks, U+2028/9, surrogates.
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")


@pytest.mark.parametrize(
    "args",
    [
        ["export", "html"],
        ["export", "timelinejs"],
        ["trace", "e", "--format", "json"],
        ["trace", "--format", "json"],
    ],
)
def test_no_raw_control_or_bidi_character_reaches_stdout(irru, args: list[str]) -> None:
    r = irru("--data", HOSTILE, *args)
    assert r.exit_code == 0, r.stderr
    assert RAW.findall(r.stdout) == []


def test_json_outputs_still_decode_to_the_logs_text(irru) -> None:
    """Escaped, not dropped: the JSON decodes to the very characters the log holds."""
    doc = json.loads(irru("--data", HOSTILE, "trace", "e", "--format", "json").stdout)
    assert "\u202eevil\u202c" in json.dumps(doc, ensure_ascii=False)
    slides = json.loads(irru("--data", HOSTILE, "export", "timelinejs").stdout)
    assert "\x9b31m" in json.dumps(slides, ensure_ascii=False)


def test_the_html_page_shows_controls_as_visible_escapes(irru) -> None:
    page = irru("--data", HOSTILE, "export", "html").stdout
    assert "\\x1b]0;pwned\\x07" in page and "\\u202eevil\\u202c" in page


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_never_offers_a_name_with_control_characters(shell: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from irru.cli import app

    log = tmp_path / "log.yaml"
    log.write_text(
        "schema: 1\nsources: []\nactors:\n"
        '  - {id: a, name: "Alpha\\nfake-candidate", kind: state}\n'
        '  - {id: b, name: "Al\\u001b]0;pwned\\u0007pha", kind: state}\n'
        '  - {id: c, name: "Al\\u202eahpla", kind: state}\n'
        "  - {id: d, name: Alphaland, kind: state}\n"
        "events: []\n",
        encoding="utf-8",
    )
    words = "irru timeline --actor Al"
    env = {"_IRRU_COMPLETE": f"complete_{shell}", "IRRU_DATA": str(log)}
    if shell == "bash":
        env |= {"COMP_WORDS": words, "COMP_CWORD": "3"}
    else:
        env |= {"_TYPER_COMPLETE_ARGS": words, "_TYPER_COMPLETE_FISH_ACTION": "get-args"}
    r = CliRunner().invoke(app, [], env=env, prog_name="irru")
    assert r.stdout.splitlines() == ["Alphaland"]
