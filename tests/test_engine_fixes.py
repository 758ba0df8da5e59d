"""The claims engine's rules on another story (tests/data/engine-fixes.yaml: invented states Arcadia, Borduria
and Syldavia), each with the exact output a reader sees:

- an assessment that something is unlikely doubts it (never counts as support); even odds weigh neither way; a
  likely one is support but never an official confirmation;
- a person's membership (official or not, and of which state) is read as of the claim's day;
- the transfer register never says "delivered" for a delivery nobody official confirmed;
- diff shows every voice of a side about the same event and field;
- a unit reads in the number's form ("1 year").
"""

from __future__ import annotations

import json

import pytest

from irru.confidence import assess, weighed_stance
from irru.hints import singular
from irru.logfile import read_log
from irru.model import parse_quantity

from conftest import DATA

LOG = str(DATA / "engine-fixes.yaml")


@pytest.fixture(scope="module")
def log():
    return read_log(LOG)


def _label(log, event_id: str) -> str:
    conf = assess(log, log.events_by_id[event_id])
    assert conf is not None
    return conf.label()


def test_unlikely_assessments_doubt_a_report_and_never_support_it(log) -> None:
    # One MP in a grade-C paper says the jets came; two analysts in the same paper think it (very) unlikely.
    assert _label(log, "falcon-arrival") == (
        "UNCONFIRMED (reported by Example Daily; doubted by Emil Brod (analyst), Jana Horak (analyst))"
    )
    conf = assess(log, log.events_by_id["falcon-arrival"])
    assert conf is not None
    assert conf.rule == "reported on the record, but an assessment doubts it and no official confirms it"
    assert [weighed_stance(c) for c in log.events_by_id["falcon-arrival"].claims] == ["asserts", "doubts", "doubts"]


def test_even_odds_weigh_neither_way_and_likely_is_support_never_confirmation(log) -> None:
    assert _label(log, "drill-planned") == "UNCONFIRMED (hedged by Emil Brod (analyst))"
    assert _label(log, "radar-sale") == "REPORTED by Example Review"


def test_a_minister_who_has_left_office_confirmed_for_his_state_what_he_said_in_office(log) -> None:
    # Kovac was defence minister until March 2025 and has no membership now; in June 2024 he spoke for Arcadia.
    assert log.part_of_at("kovac", None) is None
    assert _label(log, "lynx-delivered") == "CONFIRMED by Arcadia"
    # ... and his confirmation is an outside one against Borduria's denial.
    assert _label(log, "kestrel-delivered") == "DISPUTED (denied by Borduria; confirmed by Arcadia)"


def test_stats_count_people_under_their_state_of_the_events_day(irru) -> None:
    out = irru("stats", "--data", LOG, "--format", "csv").stdout
    assert [line for line in out.splitlines() if line.startswith("actor,")] == [
        "actor,Arcadia,8",
        "actor,Borduria,8",
        "actor,Syldavia,1",
    ]


def test_the_register_never_says_delivered_for_an_unconfirmed_delivery(irru) -> None:
    out = irru("transfers", "--data", LOG, "--format", "csv").stdout
    assert [line.split(",")[3] + " | " + ",".join(line.split(",")[9:11]) for line in out.splitlines()[1:]] == [
        "Falcon-4 | delivery-unconfirmed,reported delivered (unconfirmed)",
        "Kestrel | delivery-disputed,delivery disputed",
        "Lynx-9 | delivered,delivered",
        "Sky-Eye | ordered,ordered",
    ]


def test_a_system_filter_keeps_the_other_systems_deliveries(irru) -> None:
    out = irru("promises", "--data", LOG, "--system", "Lynx-9", "--format", "csv").stdout
    assert out.splitlines()[1].split(",")[3] == "Lynx-9: delivered; Kestrel: reported only (disputed)"
    assert out == irru("promises", "--data", LOG, "--format", "csv").stdout


def test_diff_shows_every_voice_of_a_side(irru) -> None:
    r = irru("diff", "oped", "gov-page", "--data", LOG, "--format", "plain")
    assert r.exit_code == 1
    assert r.stdout == (
        "A: Example Op-Ed\n"
        "B: Example Government\n"
        "only in B  friendship-age: stance of Syldavia: — vs asserts (10 Sep 2024)\n"
        "compatible friendship-age: quantity (years): 1 year (Nov 2024) vs ~1 year (10 Sep 2024)"
        "  (the intervals overlap)\n"
        "only in B  network-sanctions: stance of Syldavia: — vs asserts (10 Sep 2024)\n"
        "CONFLICT   network-sanctions: quantity (entities): 4 entities (Nov 2024) vs 3 entities"
        " (Syldavian foreign office, 10 Sep 2024)  (the intervals do not overlap)\n"
        "CONFLICT   network-sanctions: quantity (entities): 4 entities (Nov 2024) vs 6 entities"
        " (Syldavian treasury, 10 Sep 2024)  (the intervals do not overlap)\n"
        "only in B  network-sanctions: quantity (individuals): — vs 10 individuals"
        " (Syldavian treasury, 10 Sep 2024)\n"
        "Example Op-Ed vs Example Government: 0 agree, 1 compatible, 0 narrower, 2 conflicts, 0 updates,"
        " 0 only in A, 3 only in B, 0 related\n"
    )
    doc = json.loads(irru("diff", "oped", "gov-page", "--data", LOG, "--format", "json").stdout)
    entities = [r for r in doc["rows"] if r["field"] == "quantity (entities)"]
    assert [(r["a"]["speaker"], r["b"]["speaker"], r["b"]["text"]) for r in entities] == [
        (None, "Syldavian foreign office", "3 entities"),
        (None, "Syldavian treasury", "6 entities"),
    ]


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("1 years", "1 year"),
        ("1 year", "1 year"),
        ("~1 year", "~1 year"),
        ("up to 1 years", "up to 1 year"),
        ("1+ years", "1+ years"),
        ("2 year", "2 years"),
        ("1 aircraft", "1 aircraft"),
        ("1 entities", "1 entity"),
        ("1,000 troops", "1,000 troops"),
        ("400", "400"),
    ],
)
def test_a_unit_reads_in_the_numbers_form(written: str, shown: str) -> None:
    units = {"years": "", "aircraft": "", "entities": "", "troops": ""}
    q = parse_quantity(written, schema=2, units=units)
    assert (q.label, q.canonical) == (shown, shown)
    assert parse_quantity(q.canonical, schema=2, units=units).unit == q.unit


def test_singular() -> None:
    assert [singular(w) for w in ("years", "launches", "aircraft", "USD", "glasses", "mass", "entities")] == [
        "year",
        "launch",
        "aircraft",
        "USD",
        "glass",
        "mass",
        "entity",
    ]


def test_show_prints_one_year(irru) -> None:
    out = irru("show", "friendship-age", "--data", LOG, "--format", "plain").stdout
    assert "values: quantity 1 year\n" in out and "values: quantity ~1 year\n" in out


def test_diff_sets_a_doubt_against_an_affirmation(log) -> None:
    from irru.diff import Side, compare

    mp = Side("Petar Novak", lambda c: c.by == "novak", speakers=True)
    analyst = Side("Jana Horak", lambda c: c.speaker == "Jana Horak (analyst)", speakers=True)
    rows = compare(log, mp, analyst, event_id="falcon-arrival").rows
    assert [(r.field, r.kind, r.a and r.a.text, r.b and r.b.text) for r in rows] == [
        ("stance", "conflict", "asserts", "doubts"),
    ]
