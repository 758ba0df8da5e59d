"""Docs say what the code does now: generated references are checked for drift, examples are checked."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from irru.confidence import FLAGS
from irru.logfile import load_text
from irru.model import (
    ACTOR_KINDS,
    EVENT_TYPES,
    GRADES,
    LINK_RELATIONS,
    OUTCOME_STATUSES,
    RATINGS,
    REVIEW_ROLES,
    ROLES,
    SOURCE_KINDS,
    STANCES,
    SYSTEM_CATEGORIES,
    VERDICTS,
)
from irru.review import STATUSES as REVIEW_STATUSES

ROOT = Path(__file__).parent.parent
DOCS = ROOT / "docs"


def cli_reference() -> str:
    """docs/cli.md as typer's `utils docs` writes it, made in-process from the app."""
    import typer
    import typer.main
    from typer.cli import get_docs_for_click

    from irru.cli import app

    command = typer.main.get_command(app)
    docs = get_docs_for_click(
        obj=command, ctx=typer.Context(command, info_name="irru"), name="irru", title="irru command reference"
    )
    return f"{docs.strip()}\n"


def regenerate_cli_reference() -> None:
    (DOCS / "cli.md").write_text(cli_reference(), encoding="utf-8")


@pytest.mark.skipif(not DOCS.is_dir(), reason="docs/ ships with the source tree, not the wheel")
def test_cli_reference_is_current() -> None:
    """docs/cli.md is generated from the app:
    make regen (tests/regenerate.py runs test_docs.regenerate_cli_reference)"""
    assert (DOCS / "cli.md").read_text(encoding="utf-8") == cli_reference(), (
        "docs/cli.md is out of date; run `make regen`"
    )


@pytest.mark.parametrize(
    ("vocabulary", "values"),
    [
        ("Source kinds", SOURCE_KINDS),
        ("Grades", GRADES),
        ("Actor kinds", ACTOR_KINDS),
        ("Event types", EVENT_TYPES),
        ("Roles", ROLES),
        ("Stances", STANCES),
        ("Link relations", LINK_RELATIONS),
        ("System categories", SYSTEM_CATEGORIES),
        ("status", OUTCOME_STATUSES),
        ("Confidence", FLAGS),
        ("Ratings", RATINGS),
        ("Review roles", REVIEW_ROLES),
        ("Verdicts", VERDICTS),
        ("Review status", REVIEW_STATUSES),
    ],
)
def test_format_doc_documents_every_vocabulary_value(vocabulary: str, values: dict[str, str]) -> None:
    text = (DOCS / "format.md").read_text(encoding="utf-8")
    missing = [v for v in values if f"`{v}`" not in text]
    assert missing == [], f"{vocabulary} values not documented in docs/format.md: {missing}"


def test_format_doc_examples_pass_check() -> None:
    """The YAML examples in docs/format.md, assembled into one log, load cleanly."""
    text = (DOCS / "format.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", text, flags=re.DOTALL)
    sections: dict[str, list[str]] = {"sources": [], "actors": [], "systems": [], "events": []}
    units = []
    for block in blocks:
        head, _, body = block.partition("\n")
        key = head.rstrip(":")
        if key in sections:
            sections[key].append(body)
        elif head.startswith("units: "):
            units.append(head)
    assert all(sections.values()) and units, "docs/format.md should show an example of every section"
    log = "schema: 2\n" + "\n".join(units) + "\n" + "".join(f"{k}:\n" + "".join(v) for k, v in sections.items())
    loaded = load_text(log, "docs/format.md examples")
    assert len(loaded.events) >= 4 and len(loaded.sources) >= 1
    # every schema-2 construct appears in an example that loads
    claims = [c for e in loaded.events for c in e.claims]
    quantities = [q for c in claims if c.values for q in c.values.quantities]
    assert {"deployment", "statement"} <= {e.type for e in loaded.events}
    assert {"leaked", "private"} <= {c.known_from for c in claims}  # issue 23: how the words became known
    assert {"month", "2023-06/2024-12"} <= {q.period for q in quantities}  # and a quantity's period
    assert any(len(c.values.quantities) > 1 for c in claims if c.values)
    assert (
        any(q.system for q in quantities)
        and any(q.unit for q in quantities)
        and any(q.high is None for q in quantities)
    )
    assert any(u.quantity and u.quantity.up_to for e in loaded.events for u in e.systems)
    assert any(q.approximate and q.high != q.low for q in quantities)
    assert any(c.likelihood and c.analytic_confidence for c in claims)
    assert any(len(c.relays) > 1 and c.relays[0].actor is None for c in claims)
    assert any(len(a.memberships) > 1 for a in loaded.actors.values()) and loaded.units
    assert {"artillery", "rocket-artillery"} <= {s.category for s in loaded.systems.values()}
    assert any(r.role == "speaker" for e in loaded.events for r in e.actors)
    assert any(r.verdict == "needs-work" for e in loaded.events for r in e.reviews)


README = ROOT / "README.md"
TOUR = re.compile(r"```console\n\$ (irru [^\n]*)\n(.*?)```", re.DOTALL)


def _run_tour_command(command: str) -> str:
    import shlex

    from conftest import invoke

    args = shlex.split(command)[1:]
    result = invoke(args, env={"COLUMNS": "100", "NO_COLOR": "1", "IRRU_TODAY": "2026-11-21"}, catch_exceptions=True)
    return result.stdout + result.stderr


WITH_OUTPUT = [README, DOCS / "guide.md", DOCS / "queries.md", DOCS / "curation-workflow.md"]


def regenerate_readme() -> None:
    """Refresh the outputs in README.md and docs/guide.md:
    make regen (tests/regenerate.py runs test_docs.regenerate_readme)"""
    for path in WITH_OUTPUT:
        text = path.read_text(encoding="utf-8")
        text = TOUR.sub(lambda m: f"```console\n$ {m.group(1)}\n{_run_tour_command(m.group(1))}```", text)
        path.write_text(text, encoding="utf-8")


@pytest.mark.skipif(not README.is_file(), reason="README ships with the source tree")
@pytest.mark.parametrize("path", WITH_OUTPUT, ids=lambda p: p.name)
def test_shown_output_is_real(path: Path) -> None:
    blocks = TOUR.findall(path.read_text(encoding="utf-8"))
    assert len(blocks) >= 8
    for command, shown in blocks:
        assert _run_tour_command(command) == shown, f"{path.name}: output of `{command}` is stale; run `make regen`"


# docs/guide.md's "On a terminal" section: tmux captures at 80 columns of what a person sees. Each block is
# ```terminal80, `$ COMMAND` then the screen; a block ending in a pager's ':' prompt is the pager's first screen.
CAPTURE = re.compile(r"```terminal80\n\$ (irru [^\n]*)\n(.*?)```", re.S)
CAPTURE_SIZE = (80, 40)


def _on_a_terminal(command: str) -> list[str]:
    """The command's output as an 80-column terminal gets it (table, no colour, no pager), line by line."""
    import shlex

    from irru.cli.output import Env

    from conftest import invoke

    environ = {"COLUMNS": "80", "IRRU_TODAY": "2026-11-21", "IRRU_PAGER": "", "NO_COLOR": "1"}
    r = invoke(shlex.split(command)[1:], obj=Env(isatty=True, environ=environ), catch_exceptions=True)
    return [line.rstrip() for line in r.stdout.splitlines()]


def regenerate_terminal_captures() -> None:
    """Run each ```terminal80 command in a real tmux terminal of 80x40 (pager and all) and paste its screen:
    make regen (tests/regenerate.py runs test_docs.regenerate_terminal_captures)"""
    import shlex
    import subprocess
    import time

    guide = DOCS / "guide.md"
    width, height = CAPTURE_SIZE

    def capture(m: re.Match[str]) -> str:
        command = m.group(1)
        session = "irru-capture"
        shell = f"cd {shlex.quote(str(ROOT))} && clear && NO_COLOR=1 IRRU_TODAY=2026-11-21 {command}; sleep 30"
        start = ["tmux", "new-session", "-d", "-s", session, "-x", str(width), "-y", str(height)]
        for _attempt in range(5):  # the tmux server may still be going away after the previous capture
            if subprocess.run([*start, "bash", "--norc", "-c", shell], capture_output=True).returncode == 0:
                break
            time.sleep(0.5)
        time.sleep(2.5)
        screen = subprocess.run(
            ["tmux", "capture-pane", "-p", "-J", "-t", session], capture_output=True, text=True, check=True
        ).stdout
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
        time.sleep(0.5)
        lines = [line.rstrip() for line in screen.splitlines()]
        while lines and not lines[-1]:
            lines.pop()
        return f"```terminal80\n$ {command}\n" + "".join(line + "\n" for line in lines) + "```"

    guide.write_text(CAPTURE.sub(capture, guide.read_text(encoding="utf-8")), encoding="utf-8")


@pytest.mark.skipif(not (DOCS / "guide.md").is_file(), reason="docs/ ships with the source tree")
def test_terminal_captures_are_what_the_terminal_shows() -> None:
    blocks = CAPTURE.findall((DOCS / "guide.md").read_text(encoding="utf-8"))
    assert len(blocks) >= 6
    for command, shown in blocks:
        screen = shown.splitlines()
        want = _on_a_terminal(command)
        stale = f"docs/guide.md: the capture of `{command}` is stale; run `make regen`"
        if screen and screen[-1] == ":":  # the pager's first screen (less folds a long URL itself): same text
            assert "".join(want).startswith("".join(screen[:-1])), stale
        else:  # the whole output, lines as printed (tmux joins a URL the terminal wrapped)
            assert screen == want, stale


EXPORT_DOC = DOCS / "export.md"
EXPORT_BLOCK = re.compile(r"```console\n\$ ((?:irru|sqlite3) [^\n]*)\n(.*?)```", re.S)


def _run_export_command(command: str) -> str:
    """An `irru` command as the tour runs it, or a `sqlite3 FILE "QUERY"` run with Python's sqlite3 and printed
    as the sqlite3 shell prints by default (columns joined by |)."""
    import shlex
    import sqlite3

    if command.startswith("irru "):
        return _run_tour_command(command)
    _, db_file, query = shlex.split(command)
    with sqlite3.connect(db_file) as db:
        rows = db.execute(query).fetchall()
    return "".join("|".join("" if v is None else str(v) for v in row) + "\n" for row in rows)


def _export_doc(text: str) -> str:
    return EXPORT_BLOCK.sub(lambda m: f"```console\n$ {m.group(1)}\n{_run_export_command(m.group(1))}```", text)


def regenerate_export(directory: Path | None = None) -> None:
    """Refresh the outputs in docs/export.md (run in an empty directory: the commands write files):
    make regen (tests/regenerate.py runs test_docs.regenerate_export)"""
    import os
    import tempfile

    here = os.getcwd()
    with tempfile.TemporaryDirectory() as tmp:
        os.chdir(directory or tmp)
        try:
            text = _export_doc(EXPORT_DOC.read_text(encoding="utf-8"))
        finally:
            os.chdir(here)
    EXPORT_DOC.write_text(text, encoding="utf-8")


@pytest.mark.skipif(not EXPORT_DOC.is_file(), reason="docs/ ships with the source tree")
def test_export_doc_output_is_real(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("jinja2")
    monkeypatch.chdir(tmp_path)
    blocks = EXPORT_BLOCK.findall(EXPORT_DOC.read_text(encoding="utf-8"))
    assert len(blocks) >= 8
    for command, shown in blocks:
        assert _run_export_command(command) == shown, f"export.md: output of `{command}` is stale; run `make regen`"
    assert (tmp_path / "fath-360.html").stat().st_size > 10_000 and (tmp_path / "irru.metadata.json").is_file()


@pytest.mark.skipif(not (ROOT / ".ci" / "run").is_file(), reason=".ci ships with the source tree")
def test_ci_runs_readme_test_command() -> None:
    """.ci/run runs README's second command (the test command, browser extra included) exactly."""
    second = README.read_text(encoding="utf-8").split("```sh\n", 1)[1].splitlines()[1]
    command = second.split(" && ", 2)[2]  # after making and activating the virtual environment
    assert "'.[test,browser]'" in command
    assert (
        (ROOT / ".ci" / "run")
        .read_text(encoding="utf-8")
        .rstrip()
        .endswith(command.replace("install ", "install -q ", 1))
    )
