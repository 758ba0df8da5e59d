"""Direct tests for rules whose breaking only a regenerated snapshot (or nothing) used to catch (issue 21).

Each test states the rule a user relies on and fails when that rule alone is broken: an official's "likely"
assessment is never an on-record confirmation; a `|` in log text cannot split a Markdown table cell. (The grade
filter, with relays, and ``--within`` have theirs in test_queries.py and test_timeline.py.)
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from irru.render.markdown import md

LOG = """\
schema: 2
sources:
  - {id: threat-report, title: Annual threat assessment, publisher: Example Intelligence Office, published: 2024-03-11, kind: official-statement, grade: A}
actors:
  - {id: alphaland, name: Alphaland, kind: state}
  - {id: betaland, name: "Betaland | North", kind: state}
  - {id: gammaland, name: Gammaland, kind: state}
  - {id: gamma-intel, name: Gammaland Intelligence Office, kind: government, part_of: gammaland}
events:
  - id: kites-sent
    date: 2024-02
    title: Alphaland reported to send Kite drones to Betaland
    type: delivery
    actors: [{actor: alphaland, role: supplier}, {actor: betaland, role: recipient}]
    claims:
      - {source: threat-report, by: gamma-intel, stance: asserts, likelihood: likely, text: Alphaland likely sent drones.}
  - id: kites-promised
    date: 2024-01
    title: "Kite drones | promised to Betaland"
    type: promise
    actors: [{actor: alphaland, role: supplier}, {actor: betaland, role: recipient}]
    claims:
      - {source: threat-report, by: gamma-intel, stance: asserts, text: Alphaland promised drones.}
"""


@pytest.fixture
def log(tmp_path: Path) -> str:
    path = tmp_path / "log.yaml"
    path.write_text(LOG, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("cache", [[], ["--no-cache"]])
def test_an_officials_likely_assessment_is_not_a_confirmation(irru, log: str, cache: list[str]) -> None:
    """docs/format.md: an ICD 203 likelihood makes a claim an assessment, never an on-record confirmation, even
    from an official body. The same official's plain assertion (the other event) confirms."""
    r = irru("timeline", "--data", log, "--format", "json", *cache)
    assert r.exit_code == 0, r.stderr
    flags = {e["id"]: (e["confidence"]["flag"], e["confidence"]["label"]) for e in json.loads(r.stdout)["events"]}
    assert flags == {
        "kites-sent": ("reported", "REPORTED by Example Intelligence Office"),
        "kites-promised": ("confirmed", "CONFIRMED by Gammaland"),
    }
    r = irru("timeline", "--data", log, "--confidence", "confirmed", "--format", "jsonl", *cache)
    assert [json.loads(line)["id"] for line in r.stdout.splitlines()] == ["kites-promised"]


def test_a_pipe_in_log_text_is_escaped_in_markdown() -> None:
    assert md("Kite | promised") == "Kite \\| promised"
    assert md("a|b|c") == "a\\|b\\|c"


@pytest.mark.parametrize("cache", [[], ["--no-cache"]])
def test_a_pipe_in_a_title_or_name_cannot_split_a_markdown_cell(irru, log: str, cache: list[str]) -> None:
    r = irru("timeline", "--data", log, "--format", "md", *cache)
    assert r.exit_code == 0, r.stderr
    rows = [line for line in r.stdout.splitlines() if line.startswith("|")]
    header, rows = rows[0], rows[2:]
    cells = len(re.findall(r"(?<!\\)\|", header))
    assert len(rows) == 2 and all(len(re.findall(r"(?<!\\)\|", row)) == cells for row in rows), rows
    assert "Kite drones \\| promised to Betaland" in rows[0]
    assert "Alphaland → Betaland \\| North" in rows[0]
