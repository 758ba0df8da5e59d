"""Log dates (the EDTF subset) and dates typed on the command line, table-driven."""

from __future__ import annotations

from datetime import date

import pytest

from irru.dates import DateError, parse_edtf, parse_user_date

D = date.fromisoformat


@pytest.mark.parametrize(
    ("text", "earliest", "latest", "precision", "label"),
    [
        ("2024", "2024-01-01", "2024-12-31", "year", "2024"),
        ("2024-02", "2024-02-01", "2024-02-29", "month", "Feb 2024"),
        ("2023-02", "2023-02-01", "2023-02-28", "month", "Feb 2023"),
        ("2024-02-21", "2024-02-21", "2024-02-21", "day", "21 Feb 2024"),
        ("2024-02-29", "2024-02-29", "2024-02-29", "day", "29 Feb 2024"),
        ("2000-02-29", "2000-02-29", "2000-02-29", "day", "29 Feb 2000"),
        ("2024-02~", "2024-02-01", "2024-02-29", "month", "c. Feb 2024"),
        ("2024-02?", "2024-02-01", "2024-02-29", "month", "Feb 2024?"),
        ("2024-02%", "2024-02-01", "2024-02-29", "month", "c. Feb 2024?"),
        ("2024-01/2024-02-21", "2024-01-01", "2024-02-21", "interval", "Jan – 21 Feb 2024"),
        ("2023-11/2024-03", "2023-11-01", "2024-03-31", "interval", "Nov 2023 – Mar 2024"),
        ("../2023-10-07", None, "2023-10-07", "interval", "by 7 Oct 2023"),
        ("2024-09/..", "2024-09-01", None, "interval", "from Sep 2024"),
    ],
)
def test_log_dates_map_to_spans(text, earliest, latest, precision, label) -> None:
    span = parse_edtf(text)
    assert span.earliest == (D(earliest) if earliest else None)
    assert span.latest == (D(latest) if latest else None)
    assert span.precision == precision
    assert span.label() == label
    assert span.text == text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2024-02-30", "'2024-02-30': day 30 does not exist (Feb 2024 has 29 days)"),
        ("2023-02-29", "'2023-02-29': day 29 does not exist (Feb 2023 has 28 days)"),
        ("1900-02-29", "'1900-02-29': day 29 does not exist (Feb 1900 has 28 days)"),
        ("2024-13", "'2024-13': month 13 does not exist"),
        ("2024-21", "'2024-21': seasons (months 21-41) are not supported; write a month or an interval"),
        ("202X", "'202X': unspecified digits (X) are not supported; use a coarser date or an interval"),
        ("2024-02-21T10:00", "'2024-02-21T10:00': times of day are not supported; write the day"),
        ("../..", "'../..': an interval open at both ends says nothing; give at least one end"),
        ("2024/2023", "'2024/2023': the interval starts after it ends"),
        ("/2024", "'/2024': write an open end as '..' (../B or A/..), not empty"),
        ("2024/", "'2024/': write an open end as '..' (../B or A/..), not empty"),
        (
            "soon",
            "'soon' is not a date; write 2024, 2024-02, 2024-02-21, with ~ or ? or %, and intervals A/B, ../B, A/..",
        ),
        (
            "24-02-21",
            "'24-02-21' is not a date; write 2024, 2024-02, 2024-02-21, with ~ or ? or %, and intervals A/B, ../B, A/..",
        ),
    ],
)
def test_invalid_log_dates_say_why(text, message) -> None:
    with pytest.raises(DateError) as e:
        parse_edtf(text)
    assert str(e.value) == message


def test_partial_dates_sort_before_the_days_inside_them() -> None:
    texts = ["2024-02-21", "2024-02", "2024", "2024-01/2024-02-21", "../2024-01-15", "2023-12-31"]
    ordered = sorted(texts, key=lambda t: parse_edtf(t).sort_key())
    assert ordered == ["2023-12-31", "2024", "2024-01/2024-02-21", "../2024-01-15", "2024-02", "2024-02-21"]


def test_overlap_and_within() -> None:
    year, feb = parse_edtf("2024"), parse_edtf("2024-02")
    assert year.overlaps(feb) and feb.overlaps(year)
    assert feb.within(year) and not year.within(feb)
    assert parse_edtf("../2024-02-01").overlaps(feb)
    assert not parse_edtf("../2024-02-01").within(feb)
    assert not parse_edtf("2024-03/..").overlaps(feb)


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [
        ("2023", "2023-01-01", "2023-12-31"),
        ("2023-10", "2023-10-01", "2023-10-31"),
        ("Oct 2023", "2023-10-01", "2023-10-31"),
        ("October 2023", "2023-10-01", "2023-10-31"),
        ("21 Feb 2024", "2024-02-21", "2024-02-21"),
        ("Feb 21 2024", "2024-02-21", "2024-02-21"),
        ("2024-02-21", "2024-02-21", "2024-02-21"),
        ("29 Feb 2024", "2024-02-29", "2024-02-29"),
    ],
)
def test_user_dates_cover_their_whole_period(text, earliest, latest) -> None:
    span = parse_user_date(text)
    assert (span.earliest, span.latest) == (D(earliest), D(latest))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "2024-13-45",
            "'2024-13-45': month 13 does not exist; write 2023, 2023-10, 2024-02-21, Oct 2023, 21 Feb 2024, 2024-Q1, last month, this year, 3 months ago, A/B",
        ),
        (
            "2024-02-30",
            "'2024-02-30': day 30 does not exist (Feb 2024 has 29 days); write 2023, 2023-10, 2024-02-21, Oct 2023, 21 Feb 2024, 2024-Q1, last month, this year, 3 months ago, A/B",
        ),
        (
            "Feb 30 2024",
            "'Feb 30 2024' is not a date (day is out of range for month); write 2023, 2023-10, 2024-02-21, Oct 2023, 21 Feb 2024, 2024-Q1, last month, this year, 3 months ago, A/B",
        ),
        (
            "soonish",
            "'soonish' is not a date; write 2023, 2023-10, 2024-02-21, Oct 2023, 21 Feb 2024, 2024-Q1, last month, this year, 3 months ago, A/B",
        ),
        (
            "Feb 21",
            "'Feb 21' has no year; write 2023, 2023-10, 2024-02-21, Oct 2023, 21 Feb 2024, 2024-Q1, last month, this year, 3 months ago, A/B",
        ),
        (
            "",
            "'' is empty; write a date such as 2023, 2023-10, 2024-02-21, Oct 2023, 21 Feb 2024, 2024-Q1, last month, this year, 3 months ago, A/B",
        ),
    ],
)
def test_invalid_user_dates_say_what_is_accepted(text, message) -> None:
    with pytest.raises(DateError) as e:
        parse_user_date(text)
    assert str(e.value) == message
