"""Curator warnings: listed by `irru check` (exit 0), problems with --strict (exit 1)."""

from __future__ import annotations

from pathlib import Path

import pytest

EVENTS = "".join(
    f"  - {{id: e{i}, date: 2024-01-{i + 1:02d}, title: Event {i}, type: negotiation, story: talks, tags: [talks],"
    f" claims: [{{source: wire, stance: asserts, text: Talks.}}]}}\n"
    for i in range(9)
)
LOG = f"""\
schema: 1
sources:
  - {{id: wire, title: Wire, publisher: Example Wire, published: 2024-03, kind: wire, grade: B}}
  - {{id: orphan, title: Never used, publisher: Nobody, published: 2024-03, kind: blog, grade: D}}
actors:
  - {{id: land, name: Landia, kind: state}}
  - {{id: fateh, name: Fateh Corps, kind: armed-force}}
  - {{id: fatah, name: Fatah-Corps, kind: armed-force}}
systems:
  - {{id: s-131, name: Shahed-131, category: drone}}
  - {{id: s-136, name: Shahed-136, category: drone}}
events:
{EVENTS}  - id: deal
    date: 2024-02
    title: Jets promised
    type: promise
    story: su35-for-iran
    tags: [talks]
    claims:
      - {{source: wire, by: land, stance: asserts, text: "We will deliver.", quoted: true}}
  - id: jets-arrive
    date: 2024-03
    title: Jets arrive
    type: delivery
    story: su35-for-irn
    tags: [talks, jets]
    claims:
      - {{source: wire, stance: asserts, text: Jets arrived.}}
"""


@pytest.fixture
def log(tmp_path: Path) -> Path:
    p = tmp_path / "log.yaml"
    p.write_text(LOG, encoding="utf-8")
    return p


def test_check_lists_each_kind_of_warning_and_exits_0(irru, log: Path) -> None:
    r = irru("check", str(log))
    assert r.exit_code == 0
    assert r.stdout.startswith(f"{log}: ok: 11 events")
    assert r.stderr.splitlines() == [
        f"{log}:4: warning: source 'orphan' backs no claim (and no claim or source relays it) [source-unused]",
        f"{log}:8: warning: actor 'fatah' ('Fatah-Corps') is named almost like actor 'fateh' ('Fateh Corps'); the same actor twice? [near-duplicate]",
        f"{log}:22: warning: story 'su35-for-iran' of event 'deal' is used by no other event; a typo? (did you mean 'su35-for-irn'?) [story-once]",
        f"{log}:22: warning: promise 'deal' has no supplier and no recipient among its actors (irru transfers shows '?'); add {{actor: ID, role: supplier}}, {{actor: ID, role: recipient}} [transfer-without-parties]",
        f"{log}:29: warning: quoted claim in 'wire', which has no archive record: the words cannot be checked later (irru archive) [quote-unarchived]",
        f"{log}:30: warning: delivery 'jets-arrive' is in story 'su35-for-irn', which has no promise, contract or agreement [delivery-unpromised]",
        f"{log}:30: warning: story 'su35-for-irn' of event 'jets-arrive' is used by no other event; a typo? (did you mean 'su35-for-iran'?) [story-once]",
        f"{log}:30: warning: tag 'jets' of event 'jets-arrive' is used by no other event; a typo? [tag-once]",
        f"{log}:30: warning: delivery 'jets-arrive' has no supplier and no recipient among its actors (irru transfers shows '?'); add {{actor: ID, role: supplier}}, {{actor: ID, role: recipient}} [transfer-without-parties]",
        "9 warnings (irru check --strict counts them as problems)",
    ]


def test_strict_makes_warnings_problems_with_their_lines(irru, log: Path) -> None:
    r = irru("check", str(log), "--strict")
    assert r.exit_code == 1
    assert (
        f"{log}:30: delivery 'jets-arrive' is in story 'su35-for-irn', which has no promise, contract or agreement [delivery-unpromised]\n  30 |   - id: jets-arrive\n"
        in r.stderr
    )
    assert r.stderr.endswith(f"9 problems in {log}\n")


def test_fixing_the_typo_clears_the_story_and_delivery_warnings(irru, log: Path) -> None:
    log.write_text(LOG.replace("su35-for-irn", "su35-for-iran"), encoding="utf-8")
    r = irru("check", str(log))
    assert "story-once" not in r.stderr and "delivery-unpromised" not in r.stderr


def test_designations_that_differ_in_a_digit_are_not_near_duplicates(irru, log: Path) -> None:
    assert "Shahed" not in irru("check", str(log)).stderr


def test_small_logs_are_not_warned_about_stories_and_tags_used_once(irru, tmp_path: Path) -> None:
    from conftest import DATA

    r = irru("check", str(DATA / "valid.yaml"))
    assert (r.exit_code, r.stderr) == (0, "")


def test_every_warning_code_is_documented_and_the_fixture_shows_each(irru, log: Path) -> None:
    from irru.lint import CODES

    doc = (Path(__file__).parent.parent / "docs" / "errors.md").read_text(encoding="utf-8")
    assert [c for c in CODES if f"| `{c}` |" not in doc] == []
    # the look-alike codes (issue 13) are shown by a look-alike actor added to the fixture
    text = LOG.replace(
        "  - {id: fatah,",
        '  - {id: land-2, name: "L\\u0430ndia", kind: state, aliases: ["Land\\u200bia", "Lan\\u0303dia"]}\n  - {id: fatah,',
    )
    text = with_curator_slips(text)  # the curator lints of issue 24
    log.write_text(text, encoding="utf-8")
    shown = irru("check", "--all-warnings", str(log)).stderr
    assert [c for c in CODES if f"[{c}]" not in shown] == []


# Three slips issue 24 found in the bundled log, as a curator would make them: a delivery linked as fulfilling a
# promise made after it, a statement that names no speaker, and a denial that only a grade-D page carries.
CURATOR_EVENTS = """\
  - id: jets-early
    date: 2023-12
    title: Jets arrive before the promise
    type: delivery
    story: su35-for-iran
    tags: [talks]
    links: [{rel: fulfils, event: deal}]
    claims:
      - {source: wire, stance: asserts, text: Jets arrived.}
  - id: landia-speaks
    date: 2024-03
    title: Landia comments
    type: statement
    tags: [talks]
    claims:
      - {source: wire, by: land, stance: asserts, text: Landia said so.}
  - id: rumoured
    date: 2024-03
    title: A rumoured deal
    type: negotiation
    tags: [talks]
    claims:
      - {source: gossip, by: land, stance: denies, text: Landia denied it.}
"""
GOSSIP = "  - {id: gossip, title: Gossip, publisher: Gossip Blog, published: 2024-03, kind: blog, grade: D}\n"


def with_curator_slips(text: str, events: str = CURATOR_EVENTS, schema: int = 2) -> str:
    text = text.replace("schema: 1", f"schema: {schema}").replace("actors:\n", GOSSIP + "actors:\n", 1)
    return text + events


def test_curator_lints_of_issue_24_name_the_event_and_the_fix(irru, log: Path) -> None:
    log.write_text(with_curator_slips(LOG), encoding="utf-8")
    r = irru("check", str(log))
    assert r.exit_code == 0
    lines = r.stderr.splitlines()
    assert (
        f"{log}:39: warning: 'jets-early' (2023-12) is dated before 'deal' (2024-02), which it is linked as"
        " fulfilling: a delivery cannot fulfil a later order or promise; fix the date or use `follows`"
        " [delivery-before-order]"
    ) in lines
    assert (
        f"{log}:48: warning: statement 'landia-speaks' names no speaker (an actor with role `speaker`): its flag"
        " then credits whoever affirms it on the record, who may only be answering it [statement-unspoken]"
    ) in lines
    assert (
        f"{log}:55: warning: event 'rumoured' reads DENIED only on claims whose sources are graded D-F (gossip):"
        " find a better source, or say why in a note [flag-on-weak-source]"
    ) in lines
    # the same log, fixed: the delivery dated after the promise, a speaker named, the denial also in a B source
    fixed = (
        CURATOR_EVENTS.replace("date: 2023-12", "date: 2024-03")
        .replace("    type: statement\n", "    type: statement\n    actors: [{actor: land, role: speaker}]\n")
        .replace(
            "Landia denied it.}\n",
            "Landia denied it.}\n      - {source: wire, by: land, stance: denies, text: Denied.}\n",
        )
    )
    log.write_text(with_curator_slips(LOG, fixed), encoding="utf-8")
    r = irru("check", str(log))
    assert [c for c in ("delivery-before-order", "statement-unspoken", "flag-on-weak-source") if c in r.stderr] == []


def test_a_schema_1_statement_is_not_asked_for_a_speaker(irru, log: Path) -> None:
    """Schema 1 has no `speaker` role, so a schema-1 log is never told to name one."""
    log.write_text(with_curator_slips(LOG, schema=1), encoding="utf-8")
    r = irru("check", str(log))
    assert "statement-unspoken" not in r.stderr and "[delivery-before-order]" in r.stderr


def test_a_delivery_with_one_side_named_is_warned_about_the_other(irru, tmp_path: Path) -> None:
    p = tmp_path / "log.yaml"
    p.write_text(LOG.replace("    type: delivery\n", "    type: delivery\n    actors: [{actor: land, role: supplier}]\n"),
                 encoding="utf-8")  # fmt: skip
    warned = [line for line in irru("check", str(p)).stderr.splitlines() if "[transfer-without-parties]" in line]
    assert warned[1:] == [
        f"{p}:30: warning: delivery 'jets-arrive' has no recipient among its actors (irru transfers shows '?');"
        " add {actor: ID, role: recipient} [transfer-without-parties]"
    ]
    both = LOG.replace(
        "    type: delivery\n",
        "    type: delivery\n    actors: [{actor: land, role: supplier}, {actor: fateh, role: recipient}]\n",
    )
    p.write_text(both, encoding="utf-8")
    assert "jets-arrive' has no" not in irru("check", str(p)).stderr
