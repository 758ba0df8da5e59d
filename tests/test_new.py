"""`irru new source|actor|event`: a valid commented record at the end of its section, or nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from irru.cli import newcmd as cli_new
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
    draft = log.parent / "log.yaml.draft-event-missiles-sent.yaml"
    lines = draft.read_text(encoding="utf-8").splitlines()
    at = lines.index("      - source: wire-fe") + 1
    assert r.stderr.splitlines()[:4] == [
        f"irru: {log}: nothing written: the new event would not pass check; it is kept in {draft}:",
        f"{draft}:{at}:17: unknown source 'wire-fe' in source; did you mean 'wire-feb'?",  # where the user edits it
        f"  {at} |       - source: wire-fe",
        "     |                 ^",
    ]
    assert log.read_text(encoding="utf-8") == before and not (log.parent / "log.yaml.bak").exists()
    assert lines[:2] == ["# irru new event: not added to log.yaml " + lines[0].split("log.yaml ", 1)[1],
                         "#   it would not pass check (the problems were reported at this file's lines)"]  # fmt: skip
    assert lines[4] == f"#   irru new event {log} --from-draft {draft}"
    # fixed in the draft, it is added from there, and the draft goes
    draft.write_text(
        draft.read_text(encoding="utf-8").replace("source: wire-fe\n", "source: wire-feb\n"), encoding="utf-8"
    )
    r = irru("new", "event", str(log), "--from-draft", str(draft))
    assert r.exit_code == 0, r.stderr
    assert r.stdout.startswith(f"{log}:") and f"added event 'missiles-sent' from {draft} (removed)" in r.stdout
    assert not draft.exists() and read_log(log).events_by_id["missiles-sent"].claims[0].source == "wire-feb"


def test_an_event_with_two_claims_actors_and_a_system_passes_check(irru, log: Path) -> None:
    assert irru("fmt", str(log)).exit_code == 0
    r = irru("new", "event", str(log), "--id", "jets-arrive", "--date", "2024-12", "--title", "Su-35 jets said to arrive",
             "--type", "delivery", "--actor", "russia:supplier", "--actor", "iran:recipient", "--system", "su-35:2",
             "--link", "follows:su35-finalised", "--source", "wire-feb", "--stance", "asserts",
             "--text", "Two Su-35 jets arrived.", "--claim", "{source: oped-nov, by: iran, stance: denies, text: 'No jets came.'}")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    checked = irru("check", str(log))
    assert checked.exit_code == 0 and "jets-arrive" not in checked.stderr  # no warning about the new event either
    event = read_log(log).events_by_id["jets-arrive"]
    assert [(a.actor, a.role) for a in event.actors] == [("russia", "supplier"), ("iran", "recipient")]
    assert [(u.system, u.quantity.text if u.quantity else None) for u in event.systems] == [("su-35", "2")]
    assert [(c.source, c.by, c.stance, c.text) for c in event.claims] == [
        ("wire-feb", None, "asserts", "Two Su-35 jets arrived."),
        ("oped-nov", "iran", "denies", "No jets came."),
    ]
    assert irru("fmt", str(log), "--check").exit_code == 0


def test_a_claim_that_is_not_a_mapping_is_refused_before_anything_is_asked(irru, log: Path) -> None:
    r = irru("new", "event", str(log), *EVENT_ARGS, "--claim", "{source: x, text: a: b}")
    assert r.exit_code == 2 and not list(log.parent.glob("*.draft-*"))
    assert r.stderr.startswith("irru: --claim '{source: x, text: a: b}': not a mapping at column ")


def test_interrupted_questions_keep_what_was_typed(irru, log: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_new, "interactive", lambda: True)
    r = irru("new", "event", str(log), "--id", "jets", input="1 Dec 2024\nJets arrive\n")  # then Ctrl-D
    assert r.exit_code == 130
    assert "  taken as 2024-12-01" in r.stdout
    draft = log.parent / "log.yaml.draft-event-jets.yaml"
    assert f"nothing added; what you typed is kept in {draft}" in r.stderr
    text = draft.read_text(encoding="utf-8")
    assert "    date: 2024-12-01\n" in text and '    title: "Jets arrive"\n' in text
    r = irru("new", "event", str(log), "--id", "jets", input="2024\nOther\n")  # a second draft never overwrites
    assert (log.parent / "log.yaml.draft-event-jets-2.yaml").exists() and draft.read_text(encoding="utf-8") == text


def test_on_a_terminal_an_event_asks_for_actors_systems_and_more_claims(
    irru, log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli_new, "interactive", lambda: True)
    answers = ["Dec 2024", "Jets arrive", "deliver", "delivery", "wire-fe", "wire-feb", "asserts", "Jets came.",
               "russia:supplier iran:recipent", "russia:supplier iran:recipient", "su-35", "y", "oped-nov", "iran",
               "denies", "No jets.", "n"]  # fmt: skip
    r = irru("new", "event", str(log), "--id", "jets", input="\n".join(answers) + "\n")
    assert r.exit_code == 0, r.stderr
    for said in ("  taken as 2024-12", "  did you mean 'delivery'?", "  unknown source 'wire-fe'; did you mean 'wire-feb'?",
                 "  unknown role 'recipent'; did you mean 'recipient'?"):  # fmt: skip
        assert said in r.stdout
    event = read_log(log).events_by_id["jets"]
    assert [(a.actor, a.role) for a in event.actors] == [("russia", "supplier"), ("iran", "recipient")]
    assert [c.stance for c in event.claims] == ["asserts", "denies"] and irru("check", str(log)).exit_code == 0


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
    monkeypatch.setattr(cli_new, "interactive", lambda: True)
    r = irru("new", "actor", str(log), "--id", "kirby", input="John Kirby\nhuman\nperson\n")
    assert r.exit_code == 0, r.stderr
    assert "use one of: state, government" in r.stdout
    assert read_log(log).actors["kirby"].kind == "person"
