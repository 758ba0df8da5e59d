"""The query core: each filter of docs/queries.md, the combination rules, exclusions, and user dates."""

from __future__ import annotations

from datetime import date

import pytest

from irru import query as Q
from irru.dates import DateError, parse_user_date
from irru.errors import UsageError
from irru.logfile import read_log

from conftest import DATA

TODAY = date(2026, 11, 21)


@pytest.fixture(scope="module")
def log():
    return read_log(DATA / "queries.yaml", use_cache=False)


def ids(log, **words) -> list[str]:
    settings = {k: words.pop(k) for k in list(words) if k in ("between", "on", "since", "until", "within")}
    for k in ("on",):
        if k in settings:
            settings[k] = tuple(parse_user_date(p, TODAY) for p in settings[k])
    for k in ("since", "until"):
        if k in settings:
            settings[k] = parse_user_date(settings[k], TODAY)
    return [r.event.id for r in Q.run(log, Q.build(log, words, **settings))]


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ({}, ["drones-2023", "radar-talks", "alpha-gamma-pact", "arrows-open"]),
        # OR within a filter, AND across filters
        ({"actor": ["Alpha", "Gammaland"]}, ["drones-2023", "radar-talks", "alpha-gamma-pact", "arrows-open"]),
        ({"actor": ["Alpha"], "type": ["delivery"]}, ["drones-2023"]),
        # --between: every actor at once, in a role (a speaker alone does not count)
        ({"between": ["Alphaland", "Gammaland"]}, ["alpha-gamma-pact"]),
        ({"between": ["Betaland", "Gammaland"]}, ["radar-talks", "arrows-open"]),
        # exclusions drop what the value alone would select
        ({"actor": ["Betaland", "not:Gammaland"]}, ["drones-2023"]),
        ({"type": ["not:delivery"]}, ["radar-talks", "alpha-gamma-pact"]),
        ({"confidence": ["not:confirmed"]}, ["drones-2023", "arrows-open"]),
        ({"actor": ["Betaland"], "role": ["not:recipient"]}, ["radar-talks"]),
        # system family (prefix then -, space or digit), exact name, alias, category
        ({"system": ["Kite"]}, ["drones-2023"]),
        ({"system": ["Swift-1"]}, ["drones-2023"]),
        ({"system": ["Kiteline"]}, ["radar-talks"]),
        ({"category": ["radar"]}, ["radar-talks"]),
        ({"category": ["drone", "ballistic-missile"]}, ["drones-2023", "arrows-open"]),
        ({"story": ["arrows"]}, ["arrows-open"]),
        # a publisher takes in its copies and the claims relayed from it
        ({"source": ["Wire Agency"]}, ["drones-2023", "arrows-open"]),
        ({"source": ["not:Wire Agency"]}, ["radar-talks", "alpha-gamma-pact"]),
        ({"source": ["copy-1"]}, ["drones-2023"]),
        # claim filters describe one claim
        ({"stance": ["denies"]}, ["drones-2023"]),
        ({"denied_by": ["Alphaland"]}, ["drones-2023"]),  # its foreign ministry is part of it
        ({"denied_by": ["Gammaland"]}, []),
        ({"speaker": ["Gammaland"]}, ["alpha-gamma-pact", "arrows-open"]),
        ({"speaker": ["Gammaland"], "stance": ["hedges"]}, ["arrows-open"]),
        (
            {"speaker": ["Alphaland"], "stance": ["asserts"]},
            ["radar-talks"],
        ),  # not drones-2023: its denial is not an assertion
        ({"grade": ["A"]}, ["drones-2023", "arrows-open"]),  # a relay counts with the grade of what it relays
        ({"grade": ["e-f"]}, ["alpha-gamma-pact", "arrows-open"]),
        ({"grade": ["A"], "stance": ["denies"]}, []),
        ({"grep": ["not:drones"]}, ["radar-talks", "alpha-gamma-pact", "arrows-open"]),
    ],
)
def test_filters(log, words: dict, expected: list[str]) -> None:
    assert ids(log, **words) == expected


def test_open_ended_dates_are_placed_by_their_known_bound_and_say_how(log) -> None:
    def rows(possibly: bool = False, **dates: object) -> list[tuple[str, str]]:
        got = Q.run(log, Q.build(log, {}, possibly=possibly, **dates))
        return [(r.event.id, r.date_note) for r in got]

    march = (parse_user_date("2024-03"),)
    assert rows(on=march) == []  # "by 28 Oct 2024" only may fall in March: left out
    assert rows(on=march, possibly=True) == [("arrows-open", "possibly")]
    assert rows(since=parse_user_date("2030")) == []  # "from May 2024" is not stretched to the end of time
    assert rows(since=parse_user_date("2030"), possibly=True) == [("alpha-gamma-pact", "possibly")]
    assert rows(on=(parse_user_date("2024-05"),)) == [("alpha-gamma-pact", "open end")]  # it began then
    assert rows(on=(parse_user_date("2024-02"),)) == [("radar-talks", "")]
    assert rows(until=parse_user_date("2024-10")) == [
        ("drones-2023", ""),
        ("radar-talks", ""),
        ("alpha-gamma-pact", "open end"),  # from May 2024: it began before the end of October
        ("arrows-open", ""),  # by 28 Oct 2024: certainly before the end of October
    ]
    assert [r.date_note for r in Q.run(log, Q.Query())] == ["", "", "", ""]  # no date filter: nothing to explain


@pytest.mark.parametrize(
    ("words", "message"),
    [
        ({"system": ["Kit"]}, "unknown system 'Kit'; did you mean 'Kite-2' or 'Kite-1' or 'Kiteline'?"),
        ({"grade": ["G"]}, "unknown source grade 'G'; use one of A, B, C, D, E, F, or a range such as A-C"),
        ({"stance": ["deny"]}, "unknown stance 'deny'; did you mean 'denies'?"),
        ({"story": ["drone"]}, "unknown story 'drone'; did you mean 'drones'?"),
        ({"category": ["drones"]}, "unknown system category 'drones'; did you mean 'drone'?"),
        ({"actor": ["not:"]}, "'not:': write what to exclude after 'not:' (not:Iran)"),
        ({"source": ["Nobody"]}, "unknown source 'Nobody'"),
        ({"role": ["supplier"]}, "--role needs --actor: it says which role that actor plays"),
    ],
)
def test_bad_values_say_what_is_wrong(log, words: dict, message: str) -> None:
    with pytest.raises(UsageError) as e:
        Q.build(log, words)
    assert str(e.value).startswith(message)


@pytest.mark.parametrize(
    ("text", "first", "last", "label"),
    [
        ("2024-Q1", "2024-01-01", "2024-03-31", "Jan – Mar 2024"),
        ("Q3 2023", "2023-07-01", "2023-09-30", "Jul – Sep 2023"),
        ("2024q4", "2024-10-01", "2024-12-31", "Oct – Dec 2024"),
        ("today", "2026-11-21", "2026-11-21", "21 Nov 2026"),
        ("yesterday", "2026-11-20", "2026-11-20", "20 Nov 2026"),
        ("this month", "2026-11-01", "2026-11-30", "Nov 2026"),
        ("last month", "2026-10-01", "2026-10-31", "Oct 2026"),
        ("Last Year", "2025-01-01", "2025-12-31", "2025"),
        ("this year", "2026-01-01", "2026-12-31", "2026"),
        ("last quarter", "2026-07-01", "2026-09-30", "Jul – Sep 2026"),
        ("this week", "2026-11-16", "2026-11-22", "16 Nov – 22 Nov 2026"),
        ("3 months ago", "2026-08-21", "2026-08-21", "21 Aug 2026"),
        ("last 30 days", "2026-10-23", "2026-11-21", "23 Oct – 21 Nov 2026"),
        ("2024-Q1/2024-Q2", "2024-01-01", "2024-06-30", "Jan – Jun 2024"),
        ("Jan 2024/Mar 2024", "2024-01-01", "2024-03-31", "Jan – Mar 2024"),
        ("last year/..", "2025-01-01", None, "from 2025"),
    ],
)
def test_quarters_relative_dates_and_intervals(text: str, first: str, last: str | None, label: str) -> None:
    span = parse_user_date(text, TODAY)
    assert (span.earliest.isoformat(), span.latest.isoformat() if span.latest else None, span.label()) == (
        first,
        last,
        label,
    )


def test_month_arithmetic_clamps_to_the_month_end() -> None:
    assert parse_user_date("1 month ago", date(2024, 3, 31)).earliest == date(2024, 2, 29)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("24/02/2024", "'24/02/2024': day-first and month-first dates are easily misread; write 2024-02-24"),
        ("02/03/2024", "'02/03/2024' is ambiguous: write 2024-03-02 (day first) or 2024-02-03 (month first)"),
        ("2024-Q5", "'2024-Q5' is not a date; write 2023, 2023-10"),
        ("Q2 2024/Q1 2024", "'Q2 2024/Q1 2024': the interval starts after it ends"),
    ],
)
def test_user_date_errors(text: str, message: str) -> None:
    with pytest.raises(DateError) as e:
        parse_user_date(text, TODAY)
    assert str(e.value).startswith(message)


def test_relative_dates_need_a_today() -> None:
    with pytest.raises(DateError) as e:
        parse_user_date("last month")
    assert str(e.value) == "'last month' is relative to today, which is not known here; write a calendar date"
