"""`irru ach`: Analysis of Competing Hypotheses over the log's claims (docs/ach.md).

tests/data/ach.yaml is worked through by hand in docs/ach.md; the figures below are that arithmetic."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from irru import ach
from irru.errors import LogError
from irru.logfile.load import load_text, read_log

DATA = Path(__file__).parent / "data"
FIXTURE = DATA / "ach.yaml"


@pytest.fixture(scope="module")
def log():
    return read_log(FIXTURE)


def _matrix(log, **kw):
    anchor = ach.find(log, "jets-for-ruritania")
    assert anchor is not None
    return ach.matrix(log, anchor, **kw)


def test_the_hand_computed_scores(log) -> None:
    m = _matrix(log)
    # H1: E3 only, I by one analyst and C by the other: 1.0 × (1 + 0) / 2
    # H2: E3 1.0 × 1 + E4 0.8 × 2 + E5 1.0 × 1;  H3: E1, E2 0.4 × 2 each + E4 0.8 × 2 + E5 1.0 × 1
    assert m.scores == pytest.approx({"delivered": 0.5, "promised-only": 3.6, "never-promised": 4.2})
    assert m.ranking == ("delivered", "promised-only", "never-promised")
    assert [r.key for r in m.rows] == [
        "jets-promised/wire-a",
        "jets-promised/paper-b",
        "jets-promised/mfa@ruritania",
        "jets-seen/think-tank",
        "jets-seen/later",
    ]
    assert [round(r.weight, 6) for r in m.rows] == [0.4, 0.4, 1.0, 0.8, 1.0]
    assert [r.grade for r in m.rows] == ["B", "B", "A", "B", "A"]  # the paper (grade C) rests on the wire (B)
    assert [r.diagnosticity for r in m.rows] == [3.0, 3.0, 3.0, 4.0, 2.0]
    assert [(r.key, pytest.approx(s)) for r, s in m.deciding()] == [
        ("jets-seen/think-tank", 1.6),
        ("jets-seen/later", 1.0),
        ("jets-promised/mfa@ruritania", 0.5),
    ]
    assert [(r.key, h, g) for r in m.rows for h, g in r.disagreements()] == [
        ("jets-promised/mfa@ruritania", "delivered", {"Analyst One": "inconsistent", "Analyst Two": "consistent"})
    ]


def test_relays_of_one_original_weigh_as_one(log) -> None:
    """A third copy of the wire story, rated like the others, changes no score: three relays share one weight."""
    text = FIXTURE.read_text(encoding="utf-8")
    text = text.replace(
        "  - {id: think-tank,",
        "  - {id: blog-c, title: Copy, publisher: Blog C, published: 2024-03-03, kind: blog, grade: D}\n"
        "  - {id: think-tank,",
    )
    text = text.replace(
        "      - source: mfa\n        by: ruritania\n        stance: denies",
        "      - {source: blog-c, via: wire-a, stance: asserts, text: Jets promised says the wire.}\n"
        "      - source: mfa\n        by: ruritania\n        stance: denies",
    )
    text = text.replace(
        "      - event: jets-seen\n        source: think-tank",
        "      - event: jets-promised\n        source: blog-c\n        analyst: Analyst One\n"
        "        ratings: {delivered: N, promised-only: C, never-promised: II}\n"
        "      - event: jets-seen\n        source: think-tank",
    )
    more = load_text(text, "more.yaml")
    m = _matrix(more)
    assert len(m.rows) == 6
    weights = {r.key: r.weight for r in m.rows}
    wire = ("jets-promised/wire-a", "jets-promised/paper-b", "jets-promised/blog-c")
    assert [weights[k] for k in wire] == [pytest.approx(0.8 / 3)] * 3
    assert m.scores == pytest.approx({"delivered": 0.5, "promised-only": 3.6, "never-promised": 4.2})


def test_as_of_drops_the_ratings_of_claims_made_later(log) -> None:
    m = _matrix(log, as_of=date(2024, 5, 1))
    assert [r.key for r in m.rows] == ["jets-promised/wire-a", "jets-promised/paper-b", "jets-promised/mfa@ruritania"]
    assert m.scores == pytest.approx({"delivered": 0.5, "promised-only": 1.0, "never-promised": 1.6})
    assert [r.key for r in _matrix(log, as_of=date(2024, 8, 1)).rows][-1] == "jets-seen/think-tank"


def test_sensitivity_names_what_the_ranking_hangs_on(log) -> None:
    m = _matrix(log, as_of=date(2024, 5, 1))
    tests = ach.sensitivity(log, m)
    assert [(t.name, t.what, [r.key for r in t.dropped], t.ranking[0], t.changes) for t in tests] == [
        ("anonymous", "rows whose speaker is anonymous", ["jets-promised/wire-a", "jets-promised/paper-b"], "never-promised", True),
        ("original", "Wire A, 1 Mar 2024", ["jets-promised/wire-a", "jets-promised/paper-b"], "never-promised", True),
        ("original", "Ruritania, on the record, 5 Mar 2024", ["jets-promised/mfa@ruritania"], "delivered", True),
    ]  # fmt: skip
    assert tests[2].scores == pytest.approx({"delivered": 0.0, "promised-only": 0.0, "never-promised": 1.6})
    assert not any(t.changes for t in ach.sensitivity(log, _matrix(log)))


def test_weak_originals_are_dropped_by_grade() -> None:
    text = FIXTURE.read_text(encoding="utf-8").replace("kind: analysis, grade: B", "kind: analysis, grade: D")
    weak = load_text(text, "weak.yaml")
    m = _matrix(weak)
    assert [r.weight for r in m.rows if r.key == "jets-seen/think-tank"] == [pytest.approx(0.4)]
    first = ach.sensitivity(weak, m)[0]
    assert (first.name, [r.key for r in first.dropped], first.changes) == (
        "weak-originals",
        ["jets-seen/think-tank"],
        False,
    )


PLAIN = """\
Borduria said to promise Jet-X fighters to Ruritania: competing hypotheses
story jets-for-ruritania, anchored on event jets-promised
3 pieces of evidence known on 2024-05-01 resting on 2 independent originals; rated by Analyst One, Analyst Two

Hypotheses, least inconsistent first (weighted inconsistency: lower fits the evidence better)
  1. H1 delivered       0.50  The jets were promised and have been delivered.
  2. H2 promised-only   1.00  The jets were promised but not delivered.
  3. H3 never-promised  1.60  No jets were ever promised.

Evidence   H1   H2   H3   weight  diag
E1         N    C    II     0.40  3.00
    jets-promised/wire-a: Wire A (wire, grade B), 1 Mar 2024, officials, unnamed: asserts Borduria has promised 24 Jet-X fighters.
    rests on Wire A, 1 Mar 2024 (grade B); shared with E2: together they weigh as one
    event flag: {flag}
E2         N    C    II     0.40  3.00
    jets-promised/paper-b: Paper B (news, grade C), 2 Mar 2024, officials, unnamed: asserts Borduria has promised 24 Jet-X fighters, the wire reports.
    rests on Wire A, 1 Mar 2024 (grade B); shared with E1: together they weigh as one
    event flag: {flag}
    note (Analyst One): A copy of the wire story; it adds nothing of its own.
E3         I/C  I    CC     1.00  3.00
    jets-promised/mfa@ruritania: Ruritanian Foreign Ministry (official-statement, grade A), 5 Mar 2024, Ruritania: denies No fighters have been ordered or promised.
    rests on Ruritania, on the record, 5 Mar 2024 (grade A)
    event flag: {flag}
    note (Analyst Two): A denial is what a recipient would say of a delivery it wants hidden.

What decides it: H1 delivered leads H2 promised-only by 0.50
  E3   +0.50  jets-promised/mfa@ruritania

Analysts disagree
  E3 on H1 delivered: Analyst One I, Analyst Two C

Sensitivity: does delivered keep the lead without some of the evidence?
  without rows whose speaker is anonymous (E1, E2): CHANGES: never-promised leads (never-promised 0.00, delivered 0.50, promised-only 1.00)
  without Wire A, 1 Mar 2024 (E1, E2): CHANGES: never-promised leads (never-promised 0.00, delivered 0.50, promised-only 1.00)
  without Ruritania, on the record, 5 Mar 2024 (E3): CHANGES: delivered and promised-only tie (delivered 0.00, promised-only 0.00, never-promised 1.60)
The ranking hangs on: rows whose speaker is anonymous; Wire A, 1 Mar 2024; Ruritania, on the record, 5 Mar 2024.
"""


def test_the_matrix_in_words(irru, log) -> None:
    r = irru("--data", str(FIXTURE), "ach", "jets-for-ruritania", "--as-of", "2024-05-01", "--sensitivity")
    from irru.confidence import assess

    flag = assess(log, log.events_by_id["jets-promised"], date(2024, 5, 1))
    assert flag is not None
    assert (r.exit_code, r.stderr) == (0, "")
    assert r.stdout == PLAIN.replace("{flag}", flag.label())


def test_without_a_story_lists_the_analyses(irru) -> None:
    r = irru("--data", str(FIXTURE), "ach")
    assert (r.exit_code, r.stdout) == (
        0,
        "jets-for-ruritania  3 hypotheses, 5 pieces of evidence (anchored on jets-promised):"
        " Borduria said to promise Jet-X fighters to Ruritania\n",
    )
    r = irru("--data", str(DATA / "valid.yaml"), "ach")
    assert r.stdout == "no analysis in this log: give an event 'hypotheses:' and 'evidence:' (docs/ach.md)\n"


def test_an_unknown_story_is_a_usage_error_with_a_suggestion(irru) -> None:
    r = irru("--data", str(FIXTURE), "ach", "jets-for-ruritana")
    assert (r.exit_code, r.stdout) == (2, "")
    assert r.stderr == "irru: no analysis of 'jets-for-ruritana'; did you mean 'jets-for-ruritania'?\n"


def test_json_carries_scores_rows_and_sensitivity(irru) -> None:
    r = irru("--data", str(FIXTURE), "ach", "jets-promised", "--format", "json", "--sensitivity")
    assert r.exit_code == 0
    doc = json.loads(r.stdout)
    assert doc["story"] == "jets-for-ruritania" and doc["anchor"] == "jets-promised" and doc["as_of"] is None
    assert [(h["id"], h["inconsistency"], h["rank"]) for h in doc["hypotheses"]] == [
        ("delivered", 0.5, 1),
        ("promised-only", 3.6, 2),
        ("never-promised", 4.2, 3),
    ]
    first = doc["evidence"][0]
    assert (first["original"], first["shared_with"], first["weight"], first["grade"]) == (
        {"kind": "source", "id": "wire-a", "label": "Wire A, 1 Mar 2024"},
        1,
        0.4,
        "B",
    )
    assert first["claim"]["source"] == "wire-a" and first["anonymous"] is True
    assert doc["deciding"][0] == {"key": "jets-seen/think-tank", "share": 1.6}
    assert [t["changes"] for t in doc["sensitivity"]] == [False] * 5


def test_markdown_is_a_ranked_table(irru) -> None:
    r = irru("--data", str(FIXTURE), "ach", "jets-for-ruritania", "--format", "md")
    lines = r.stdout.splitlines()
    assert lines[4:9] == [
        "| Rank | Hypothesis | Inconsistency | Text |",
        "|---|---|---|---|",
        "| 1 | H1 `delivered` | 0.50 | The jets were promised and have been delivered. |",
        "| 2 | H2 `promised-only` | 3.60 | The jets were promised but not delivered. |",
        "| 3 | H3 `never-promised` | 4.20 | No jets were ever promised. |",
    ]
    assert lines[14].startswith("| E3 `jets-promised/mfa@ruritania` | I/C | I | CC | 1.00 | 3.00 | ")


def test_cached_and_parsed_give_the_same_matrix(irru) -> None:
    args = ("--data", str(FIXTURE), "ach", "jets-for-ruritania", "--format", "json", "--sensitivity")
    cold = irru(*args)
    warm = irru(*args)
    parsed = irru(*args, "--no-cache")
    assert cold.stdout == warm.stdout == parsed.stdout


BAD = [
    (
        "      - event: jets-seen\n        source: think-tank\n        analyst: Analyst One\n"
        "        ratings: {delivered: CC, promised-only: II, never-promised: II}",
        "      - event: jets-seen\n        source: think-tank\n        analyst: Analyst One\n"
        "        ratings: {delivred: CC, promised-only: II, never-promised: II}",
        "71:19: unknown hypothesis 'delivred' in ratings; did you mean 'delivered'?",
    ),
    (
        "ratings: {delivered: C, promised-only: I, never-promised: I}",
        "ratings: {delivered: C, promised-only: I, never-promised: X}",
        "75:67: unknown rating 'X'; use one of: very-consistent, consistent, neutral, inconsistent, very-inconsistent,"
        " not-applicable or a code: CC (very-consistent), C (consistent), N (neutral), I (inconsistent),"
        " II (very-inconsistent), NA (not-applicable)",
    ),
    (
        "      - event: jets-seen\n        source: later",
        "      - event: jets-seen\n        source: mfa",
        "73:17: event 'jets-seen' has no claim from source 'mfa'; its claims cite: think-tank, later",
    ),
    (
        "        source: mfa\n        by: ruritania\n        analyst: Analyst Two",
        "        source: mfa\n        by: ruritania\n        analyst: Analyst One",
        "64:18: Analyst One rated this evidence twice (first at line 56); keep one row per analyst",
    ),
    (
        "story: jets-for-ruritania\n    actors:\n      - {actor: borduria, role: supplier}\n"
        "      - {actor: ruritania, role: recipient}\n    systems:\n      - {system: jet-x}",
        "story: other-story\n    actors:\n      - {actor: borduria, role: supplier}\n"
        "      - {actor: ruritania, role: recipient}\n    systems:\n      - {system: jet-x}",
        "68:16: evidence event 'jets-seen' is not part of this analysis: it covers story 'jets-for-ruritania'",
    ),
]


@pytest.mark.parametrize(("old", "new", "message"), BAD, ids=["hypothesis", "rating", "claim", "twice", "story"])
def test_check_reports_bad_ratings_at_their_line(irru, tmp_path: Path, old: str, new: str, message: str) -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    assert old in text
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace(old, new), encoding="utf-8")
    r = irru("--data", str(bad), "check")
    assert r.exit_code == 1
    assert r.stderr.splitlines()[0] == f"{bad}:{message}"


def test_each_problem_is_at_its_line_and_column(tmp_path: Path) -> None:
    text = FIXTURE.read_text(encoding="utf-8").replace(
        "        ratings: {delivered: C, promised-only: I, never-promised: I}",
        "        ratings: {delivered: C, promised-only: I, never-promised: X}",
    )
    with pytest.raises(LogError) as e:
        load_text(text, "bad.yaml")
    assert [(p.line, p.col) for p in e.value.problems] == [(75, 67)]


def test_schema_1_has_no_hypotheses() -> None:
    text = FIXTURE.read_text(encoding="utf-8").replace("schema: 2", "schema: 1")
    with pytest.raises(LogError) as e:
        load_text(text, "old.yaml")
    messages = [p.message for p in e.value.problems]
    assert "unknown key 'hypotheses' in an event; 'hypotheses' is new in schema 2: write 'schema: 2' at the top" in (
        " ".join(messages)
    ) or any(m.startswith("unknown key 'hypotheses' in an event; 'hypotheses' is new in schema 2") for m in messages)


def test_one_hypothesis_is_no_analysis() -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    start = text.index("    hypotheses:")
    end = text.index("  - id: jets-seen")
    one = text[:start] + "    hypotheses:\n      - {id: delivered, text: The jets were delivered.}\n" + text[end:]
    with pytest.raises(LogError) as e:
        load_text(one, "one.yaml")
    assert [(p.line, p.message) for p in e.value.problems] == [
        (43, "an analysis of competing hypotheses needs at least two hypotheses")
    ]


def test_the_html_report_shows_the_matrix(irru, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    r = irru("--data", str(FIXTURE), "export", "html", "-o", str(out))
    assert r.exit_code == 0
    page = out.read_text(encoding="utf-8")
    section = page[page.index('<section id="ach">') : page.index('<section id="sources">')]
    assert (
        '<li><b>H1 delivered</b> <span class="score">inconsistency 0.50</span>:'
        " The jets were promised and have been delivered.</li>"
    ) in section
    assert (
        '<tr><th scope="row"><a href="#ev-jets-promised">E3</a></th><td class="cell">I/C</td>'
        '<td class="cell">I</td><td class="cell">CC</td><td>1.00</td><td>3.00</td></tr>'
    ) in section
    r = irru("--data", str(FIXTURE), "export", "html", "-o", str(out), "--as-of", "2024-05-01")
    page = out.read_text(encoding="utf-8")
    assert "inconsistency 1.00</span>: The jets were promised but not delivered." in page
    assert ">E4<" not in page  # the satellite images came later
    r = irru("--data", str(DATA / "valid.yaml"), "export", "html", "-o", str(out))
    assert '<section id="ach">' not in out.read_text(encoding="utf-8")


ROOT = Path(__file__).parent.parent


@pytest.mark.skipif(not (ROOT / "events.yaml").is_file(), reason="the bundled log ships with the source tree")
def test_the_bundled_su35_analysis_changes_with_the_evidence_of_the_day() -> None:
    bundled = read_log(ROOT / "events.yaml")
    anchor = ach.find(bundled, "su35-for-iran")
    assert anchor is not None and anchor.id == "su35-deal-finalised-2023-03"
    today, then = ach.matrix(bundled, anchor), ach.matrix(bundled, anchor, as_of=date(2024, 11, 25))
    assert today.ranking[0] == "deal-not-delivered"
    assert len(then.rows) < len(today.rows)  # the 2025 and 2026 reports were not yet made
    assert then.scores["delivered"] < today.scores["delivered"]  # Algeria, not Iran: reported in 2026
    assert all(note for r in today.rows for _, note in r.notes) and all(r.notes for r in today.rows)


@pytest.mark.skipif(not (ROOT / "events.yaml").is_file(), reason="the bundled log ships with the source tree")
def test_the_bundled_s400_ranking_hangs_on_weak_originals() -> None:
    bundled = read_log(ROOT / "events.yaml")
    anchor = ach.find(bundled, "air-defence-for-iran")
    assert anchor is not None and anchor.id == "s400-for-iran"
    m = ach.matrix(bundled, anchor)
    assert m.ranking == ("sought-not-supplied", "never-sought", "delivered")
    weak = ach.sensitivity(bundled, m)[0]
    assert (weak.name, weak.changes) == ("weak-originals", True)  # without the D-graded sources, a tie
    assert [t.what for t in ach.hanging_on(ach.sensitivity(bundled, m))] == [
        "rows resting on originals graded D, E or F"
    ]
