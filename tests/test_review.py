"""Review records, named checks and publication rule sets (issue 28 items 1-2)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from irru.confidence import assess
from irru.dates import parse_edtf
from irru.errors import LogError
from irru.logfile import load_text
from irru.model import VERDICTS, Review
from irru.review import standing

DATA = Path(__file__).parent / "data"
FIXTURE = DATA / "review.yaml"
HEAD = """schema: 2
sources:
  - {id: s1, title: A report, publisher: Wire, published: 2024-02-21, kind: wire, grade: B}
events:
  - id: e1
    date: 2024-02
    title: Something sent
    type: delivery
    claims:
      - {source: s1, stance: asserts, text: It was sent.}
    review:
"""


def _problems(text: str) -> list[str]:
    with pytest.raises(LogError) as e:
        load_text(text, "x.yaml")
    return [f"{p.line}:{p.col}: {p.message}" for p in e.value.problems]


def test_review_entries_load_in_file_order() -> None:
    log = load_text(FIXTURE.read_text(encoding="utf-8"), str(FIXTURE))
    e = log.events_by_id["two-reviewers"]
    assert [(r.who, r.role, r.date.text, r.verdict, r.line) for r in e.reviews] == [
        ("ana", "author", "2024-03-03", None, 45),
        ("ben", "reviewer", "2024-03-05", "approved", 46),
        ("cy", "reviewer", "2024-03-08", "approved", 47),
    ]


def test_review_entries_are_checked_where_they_stand() -> None:
    text = HEAD + (
        "      - {who: bob, role: reviewer, date: 2024-02, verdict: aproved}\n"
        "      - {who: cy, role: reviewer, date: 2024-02-23}\n"
        "      - {who: al, role: author, date: 2024-02-22, verdict: approved}\n"
        "      - {who: al, role: editor, date: 2024-02-22}\n"
    )
    assert _problems(text) == [
        "12:42: a review date is a day: write it as 2024-03-01, not '2024-02'",
        "12:60: unknown verdict 'aproved'; did you mean 'approved'?",
        "13:9: a reviewer's entry needs a verdict: approved, needs-work, rejected",
        "14:60: an author gives no verdict; a verdict is a reviewer's (role: reviewer)",
        "15:25: unknown review role 'editor'; use one of: author, reviewer",
    ]


def test_review_is_new_in_schema_2() -> None:
    text = HEAD.replace("schema: 2", "schema: 1") + "      - {who: al, role: author, date: 2024-02-22}\n"
    assert _problems(text) == [
        "11:5: unknown key 'review' in an event; 'review' is new in schema 2: write 'schema: 2' at the top"
        " (irru migrate FILE rewrites a schema-1 log)"
    ]


def _r(who: str, role: str, day: str, verdict: str | None = None) -> Review:
    return Review(who, role, parse_edtf(day), verdict)


def test_standing_counts_each_reviewers_latest_verdict_and_never_the_author() -> None:
    trail = [
        _r("ana", "author", "2024-03-01"),
        _r("ana", "reviewer", "2024-03-02", "approved"),
        _r("ben", "reviewer", "2024-03-03", "needs-work"),
        _r("cy", "reviewer", "2024-03-04", "approved"),
        _r("ben", "reviewer", "2024-03-05", "approved"),
        _r("cy", "reviewer", "2024-03-09", "rejected"),
    ]
    assert standing(trail, date(2024, 3, 2)).status == "pending"  # ana's own approval counts for nothing
    assert standing(trail, date(2024, 3, 4)).status == "needs-work"
    s = standing(trail, date(2024, 3, 5))
    assert (s.status, s.approvers, s.authors) == ("approved", ("cy", "ben"), ("ana",))
    assert standing(trail).status == "rejected"


def _problems_of(stderr: str) -> list[str]:
    """check's problem lines, without the curator warnings listed before them."""
    return [line for line in stderr.splitlines() if ": warning: " not in line and not line.endswith("as problems)")]


def test_check_reports_self_review_at_its_line(irru) -> None:
    r = irru("check", str(FIXTURE))
    assert r.exit_code == 1
    assert _problems_of(r.stderr)[0] == (
        f"{FIXTURE}:26:9: ana reviews event 'self-approved', which ana wrote: a record is reviewed by someone other"
        " than its author (this entry signs off nothing) [self-review]"
    )
    assert r.stderr.splitlines()[-1] == f"1 problem in {FIXTURE}"


def test_check_reports_a_review_dated_after_today(irru, tmp_path: Path) -> None:
    log = tmp_path / "log.yaml"
    log.write_text(HEAD + "      - {who: al, role: author, date: 2026-11-22}\n", encoding="utf-8")
    r = irru("check", str(log))
    assert r.exit_code == 1
    assert _problems_of(r.stderr)[0] == (
        f"{log}:12:9: review of event 'e1' is dated 2026-11-22, after today (2026-11-21) [review-date]"
    )


def test_publish_rules_name_exactly_the_events_short_of_two_reviewers(irru) -> None:
    r = irru("check", str(FIXTURE), "--rules", "publish")
    assert r.exit_code == 1
    located = [line for line in r.stderr.splitlines() if line.startswith(str(FIXTURE))]
    assert located == [
        f"{FIXTURE}:17:5: event 'self-approved' is approved by no reviewer; 2 reviewers other than its author"
        " needed [publish: reviewers]",
        f"{FIXTURE}:26:9: ana reviews event 'self-approved', which ana wrote: a record is reviewed by someone other"
        " than its author (this entry signs off nothing) [self-review]",
        f"{FIXTURE}:27:5: event 'one-reviewer' is approved by ben; 2 reviewers other than its author needed"
        " [publish: reviewers]",
    ]
    assert "two-reviewers" not in r.stderr


def test_timeline_review_approved_as_of_replays_the_second_sign_off(irru) -> None:
    def approved(day: str) -> list[str]:
        r = irru("timeline", "--data", str(FIXTURE), "--review", "approved", "--as-of", day, "-f", "jsonl")
        return [line.split('"id": "')[1].split('"')[0] for line in r.stdout.splitlines()]

    assert approved("2024-03-07") == []
    assert approved("2024-03-08") == ["two-reviewers"]
    r = irru("timeline", "--data", str(FIXTURE), "--review", "not:approved", "-f", "plain")
    assert [line.split(" | ")[0].split("  ")[-1].strip() for line in r.stdout.splitlines()[:2]] == [
        "Shells reported sent",
        "Drones reported sent",
    ]


def test_review_filter_value_is_checked(irru) -> None:
    r = irru("timeline", "--data", str(FIXTURE), "--review", "aproved")
    assert (r.exit_code, r.stderr) == (2, "irru: unknown review status 'aproved'; did you mean 'approved'?\n")


def test_show_says_who_reviewed_it(irru) -> None:
    r = irru("show", "two-reviewers", "--data", str(FIXTURE), "-f", "plain")
    assert "Review      reviewed by ben, cy\n" in r.stdout
    r = irru("show", "two-reviewers", "--data", str(FIXTURE), "-f", "plain", "--as-of", "2024-03-06")
    assert "Review      pending review: approved by ben, 2 needed\n" in r.stdout


def test_named_checks_run_only_those(irru) -> None:
    r = irru("check", str(FIXTURE), "originals", "weak-original")
    assert r.exit_code == 1  # the self-review check runs on every check
    assert [line.split(": ", 1)[0] for line in r.stderr.splitlines() if line.startswith(str(FIXTURE))] == [
        f"{FIXTURE}:26:9"
    ]
    r = irru("check", str(FIXTURE), "reviewrs")
    assert (r.exit_code, r.stderr) == (
        2,
        "irru: unknown check 'reviewrs'; did you mean 'reviewers' or 'self-review' or 'review-date'?\n",
    )


def test_rule_sets_from_the_log_and_from_a_file(irru, tmp_path: Path) -> None:
    text = FIXTURE.read_text(encoding="utf-8").replace(
        "sources:\n", "rules:\n  desk:\n    - reviewers: 1\nsources:\n", 1
    )
    log = tmp_path / "log.yaml"
    log.write_text(text.replace("      - {who: ana, role: reviewer, date: 2024-03-04, verdict: approved}\n", ""))
    r = irru("check", str(log), "--rules", "desk")
    assert r.exit_code == 1
    assert [line for line in r.stderr.splitlines() if line.startswith(str(log))] == [
        f"{log}:20:5: event 'self-approved' is approved by no reviewer; 1 reviewer other than its author needed"
        " [desk: reviewers]",
    ]
    rules = tmp_path / "rules.yaml"
    rules.write_text("rules:\n  strict:\n    - originals: 3\n    - quotes-archivd\n", encoding="utf-8")
    r = irru("check", str(log), "--rules", str(rules))
    assert r.exit_code == 1
    assert r.stderr.splitlines()[0] == (
        f"{rules}:4:7: unknown check 'quotes-archivd'; did you mean 'quotes-archived' or 'quote-unarchived'?"
    )
    rules.write_text("rules:\n  strict:\n    - originals: 3\n", encoding="utf-8")
    r = irru("check", str(log), "--rules", str(rules))
    assert r.stderr.splitlines()[0] == (
        f"{log}:20:5: event 'self-approved' rests on 2 independent originals; 3 needed (irru trace self-approved)"
        " [strict: originals]"
    )


def test_a_wrong_rules_block_fails_check_at_its_place(irru, tmp_path: Path) -> None:
    log = tmp_path / "log.yaml"
    log.write_text(
        HEAD.replace("sources:", "rules:\n  desk:\n    - archive: 2\nsources:").removesuffix("    review:\n")
    )
    r = irru("check", str(log))
    assert r.exit_code == 1
    assert r.stderr.splitlines()[0] == f"{log}:4:16: check 'archive' takes no number"


def test_list_names_every_check_and_the_publish_set(irru) -> None:
    from irru.rules import CHECKS

    r = irru("check", "--list")
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    assert lines[0] == "Checks (irru check [FILE] NAME...):"
    assert [line.split()[0] for line in lines[1 : len(CHECKS) + 1]] == list(CHECKS)
    assert lines[len(CHECKS) + 1 :] == [
        "Rule sets (irru check --rules SET):",
        "  " + "publish".ljust(max(map(len, CHECKS))) + "  originals: 2, quotes-archived, reviewers: 2, weak-original",
    ]


_REVIEWS = st.lists(
    st.builds(
        Review,
        who=st.sampled_from(["ana", "ben", "cy"]),
        role=st.sampled_from(["author", "reviewer"]),
        date=st.sampled_from(["2020-01-01", "2024-03-05", "2030-12-31"]).map(parse_edtf),
        verdict=st.sampled_from([None, *VERDICTS]),
    ),
    max_size=4,
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(trail=_REVIEWS, index=st.integers(min_value=0), day=st.sampled_from([None, date(2024, 3, 6)]))
def test_adding_a_review_never_changes_a_flag(bundled_log, trail: list[Review], index: int, day: date | None) -> None:
    from dataclasses import replace

    event = bundled_log.events[index % len(bundled_log.events)]
    reviewed = replace(
        event, reviews=tuple(trail), claims=tuple(replace(c, reviews=tuple(trail)) for c in event.claims)
    )
    before, after = assess(bundled_log, event, day), assess(bundled_log, reviewed, day)
    assert (before and (before.flag, before.label(), before.rule)) == (
        after and (after.flag, after.label(), after.rule)
    )


@pytest.fixture(scope="module")
def bundled_log():
    from irru.logfile import bundled_log_path

    path = bundled_log_path()
    return load_text(path.read_text(encoding="utf-8"), str(path))
