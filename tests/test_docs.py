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
    ROLES,
    SOURCE_KINDS,
    STANCES,
    STATUSES,
    SYSTEM_CATEGORIES,
)

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
    python -c 'import sys; sys.path[:0]=["tests"]; import test_docs; test_docs.regenerate_cli_reference()'"""
    assert (DOCS / "cli.md").read_text(encoding="utf-8") == cli_reference(), (
        "docs/cli.md is out of date; regenerate it with the command in this test's docstring"
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
        ("status", STATUSES),
        ("Confidence", FLAGS),
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


README = ROOT / "README.md"
TOUR = re.compile(r"```console\n\$ (irru [^\n]*)\n(.*?)```", re.DOTALL)


def _run_tour_command(command: str) -> str:
    import shlex

    from typer.testing import CliRunner

    from irru.cli import app

    args = shlex.split(command)[1:]
    result = CliRunner().invoke(app, args, env={"COLUMNS": "100", "NO_COLOR": "1", "IRRU_TODAY": "2026-11-21"})
    return result.stdout + result.stderr


WITH_OUTPUT = [README, DOCS / "guide.md"]


def regenerate_readme() -> None:
    """Refresh the outputs in README.md and docs/guide.md:
    python -c 'import sys; sys.path[:0] = ["tests"]; import test_docs; test_docs.regenerate_readme()'"""
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
        assert _run_tour_command(command) == shown, (
            f"{path.name}: output of `{command}` is stale; run regenerate_readme()"
        )
