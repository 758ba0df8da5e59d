"""`irru new source|actor|event`: a valid commented record at the end of its section, or nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from irru.cli import curate as cli_curate
from irru.logfile import read_log

from conftest import DATA

SOURCE_ARGS = ["--id", "wire-x", "--title", "Missiles sent", "--publisher", "Example Wire", "--published", "2024-02-21",
               "--kind", "wire", "--grade", "B", "--url", "https://wire.example/x"]  # fmt: skip
EVENT_ARGS = ["--id", "missiles-sent", "--date", "2024-02", "--title", "Missiles: reported sent", "--type", "delivery",
              "--source", "wire-feb", "--stance", "asserts", "--text", "About 400 missiles were sent.",
              "--speaker", "six unnamed sources", "--anonymous"]  # fmt: skip


@pytest.fixture
def log(tmp_path: Path) -> Path:
    p = tmp_path / "log.yaml"
    p.write_text((DATA / "small.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    return p


def test_new_source_from_flags_is_written_commented_after_the_last_source(irru, log: Path) -> None:
    before = log.read_text(encoding="utf-8")
    r = irru("new", "source", str(log), *SOURCE_ARGS)
    assert r.exit_code == 0, r.stderr
    assert r.stdout == f"{log}:7: added source 'wire-x'; old file kept as {log}.bak\n"
    lines = log.read_text(encoding="utf-8").splitlines()
    assert lines[6:16] == [
        "  - id: wire-x",
        '    title: "Missiles sent"',
        '    publisher: "Example Wire"',
        "    # authors: [A. Writer]             # omit when there is no byline",
        "    published: 2024-02-21",
        '    url: "https://wire.example/x"',
        "    kind: wire",
        "    grade: B",
        "    # cites: [SOURCE-ID]               # sources this one relays",
        '    # note: "What a reader should know about the source."',
    ]
    assert lines[16] == "actors:"
    assert (log.parent / "log.yaml.bak").read_text(encoding="utf-8") == before
    assert read_log(log).sources["wire-x"].url == "https://wire.example/x"


def test_new_event_has_its_first_claim_and_passes_check_and_fmt(irru, log: Path) -> None:
    assert irru("fmt", str(log)).exit_code == 0
    r = irru("new", "event", str(log), *EVENT_ARGS)
    assert r.exit_code == 0, r.stderr
    event = read_log(log).events_by_id["missiles-sent"]
    assert event.title == "Missiles: reported sent"
    (claim,) = event.claims
    assert (claim.source, claim.speaker, claim.anonymous, claim.stance) == (
        "wire-feb",
        "six unnamed sources",
        True,
        "asserts",
    )
    text = log.read_text(encoding="utf-8")
    assert "    # story: STORY-SLUG" in text and "    #   - {actor: ACTOR-ID, role: supplier}" in text
    assert irru("fmt", str(log), "--check").exit_code == 0  # the new record is already canonical


def test_new_actor_goes_to_actors_and_a_missing_section_is_made(irru, tmp_path: Path) -> None:
    p = tmp_path / "log.yaml"
    p.write_text("schema: 1\nsources:\n  - {id: s, title: T, publisher: P, published: 2024, kind: news, grade: C}\n"
                 "events:\n  - {id: e, date: 2024, title: E, type: context, claims: [{source: s, stance: asserts, text: X}]}\n",
                 encoding="utf-8")  # fmt: skip
    r = irru("new", "actor", str(p), "--id", "kirby", "--name", "John Kirby", "--kind", "person")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.startswith(f"{p}:7: added actor 'kirby'")
    assert read_log(p).actors["kirby"].name == "John Kirby"


def test_a_record_that_would_not_pass_check_writes_nothing(irru, log: Path) -> None:
    before = log.read_text(encoding="utf-8")
    args = [a if a != "wire-feb" else "wire-fe" for a in EVENT_ARGS]
    r = irru("new", "event", str(log), *args)
    assert r.exit_code == 1
    assert r.stderr.startswith(f"irru: {log}: nothing written: the new event would not pass check:\n")
    assert "unknown source 'wire-fe' in source; did you mean 'wire-feb'?" in r.stderr
    assert log.read_text(encoding="utf-8") == before and not (log.parent / "log.yaml.bak").exists()


def test_missing_flags_off_a_terminal_are_a_usage_error(irru, log: Path) -> None:
    r = irru("new", "event", str(log), "--id", "x")
    assert r.exit_code == 2
    assert (
        r.stderr
        == "irru: new event: missing --date, --title, --type, --source, --stance, --text (give them as flags, or run on a terminal to be asked)\n"
    )
    r = irru("new", "actor", str(log), "--id", "x", "--title", "y")
    assert (r.exit_code, r.stderr) == (2, "irru: new actor: --title cannot be used with 'new actor'\n")
    r = irru("new", "system", str(log))
    assert (r.exit_code, r.stderr) == (2, "irru: new: unknown kind 'system'; use one of: source, actor, event\n")


def test_on_a_terminal_missing_values_are_asked_for(irru, log: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_curate, "interactive", lambda: True)
    r = irru("new", "actor", str(log), "--id", "kirby", input="John Kirby\nhuman\nperson\n")
    assert r.exit_code == 0, r.stderr
    assert "use one of: state, government" in r.stdout
    assert read_log(log).actors["kirby"].kind == "person"
