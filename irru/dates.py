"""Dates as spans of days.

Log dates are a subset of EDTF (ISO 8601-2, levels 0 and 1): ``2024``, ``2024-02``, ``2024-02-21``, each
optionally followed by ``~`` (approximate), ``?`` (uncertain) or ``%`` (both), and intervals ``A/B``,
``../B`` and ``A/..``. Every date is a :class:`Span` from an earliest to a latest day (``None`` for an open
end). Dates given on the command line are parsed by :func:`parse_user_date`, which also accepts human forms
through python-dateutil (``Oct 2023``, ``21 Feb 2024``), imported only when needed, quarters (``2024-Q1``)
and dates relative to a given today (``last month``, ``this year``, ``3 months ago``).

Pure: nothing here knows about files or terminals; ``today`` is always passed in.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

Precision = Literal["year", "month", "day"]

_POINT = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?([~?%]?)")  # ASCII digits only
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

ACCEPTED_LOG_FORMS = "2024, 2024-02, 2024-02-21, with ~ or ? or %, and intervals A/B, ../B, A/.."
ACCEPTED_USER_FORMS = (
    "2023, 2023-10, 2024-02-21, Oct 2023, 21 Feb 2024, 2024-Q1, last month, this year, 3 months ago, A/B"
)


class DateError(ValueError):
    """A date that cannot be read; the message says why and what is accepted."""


@dataclass(frozen=True, slots=True)
class Point:
    """One EDTF date at year, month or day precision, with its qualifiers."""

    year: int
    month: int | None = None
    day: int | None = None
    approximate: bool = False
    uncertain: bool = False

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    @property
    def first(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    @property
    def last(self) -> date:
        if self.day is not None:
            return date(self.year, self.month or 1, self.day)
        if self.month is not None:
            return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return date(self.year, 12, 31)

    def label(self, *, with_year: bool = True) -> str:
        """``21 Feb 2024``, ``Feb 2024``, ``2024``; qualifiers as ``c.`` and ``?``."""
        if self.day is not None:
            text = f"{self.day} {_MONTHS[self.month - 1]}" if self.month else str(self.day)
        elif self.month is not None:
            text = _MONTHS[self.month - 1]
        else:
            text = ""
        if with_year or not text:
            text = f"{text} {self.year}".strip()
        if self.approximate:
            text = "c. " + text
        if self.uncertain:
            text += "?"
        return text


@dataclass(frozen=True, slots=True)
class Span:
    """A date as written, and the days it may fall on.

    ``start``/``end`` are the written end points (``None`` for an open ``..`` end); for a single date both
    are the same point. ``earliest``/``latest`` are the days the date may fall on; ``None`` is unbounded.
    """

    text: str
    start: Point | None
    end: Point | None

    @property
    def earliest(self) -> date | None:
        return self.start.first if self.start else None

    @property
    def latest(self) -> date | None:
        return self.end.last if self.end else None

    @property
    def is_interval(self) -> bool:
        return self.start is not self.end

    @property
    def precision(self) -> str:
        """``day``, ``month``, ``year`` for a single date; ``interval`` otherwise."""
        if not self.is_interval and self.start is not None:
            return self.start.precision
        return "interval"

    @property
    def approximate(self) -> bool:
        return any(p is not None and p.approximate for p in (self.start, self.end))

    @property
    def uncertain(self) -> bool:
        return any(p is not None and p.uncertain for p in (self.start, self.end))

    @property
    def year(self) -> int | None:
        """The year an event is listed under: that of its earliest day (its latest, for an open start)."""
        anchor = self.earliest or self.latest
        return anchor.year if anchor else None

    def sort_key(self) -> tuple[date, int]:
        """Earliest day (latest day for an open start); ties: the less precise first."""
        anchor = self.earliest or self.latest or date.min
        last = self.latest or date.max
        return (anchor, -(last.toordinal() - anchor.toordinal()))

    @property
    def known_last(self) -> date | None:
        """The last day it is known to have happened by: its latest day, or for an open end its known start (a
        source published ``2024-11-18/..`` counts from 18 Nov 2024, never "at no date")."""
        return self.latest or self.earliest

    def overlaps(self, other: Span) -> bool:
        lo1, hi1 = self.earliest or date.min, self.latest or date.max
        lo2, hi2 = other.earliest or date.min, other.latest or date.max
        return lo1 <= hi2 and lo2 <= hi1

    def within(self, other: Span) -> bool:
        lo1, hi1 = self.earliest or date.min, self.latest or date.max
        lo2, hi2 = other.earliest or date.min, other.latest or date.max
        return lo2 <= lo1 and hi1 <= hi2

    def label(self) -> str:
        """The date at its recorded precision: ``Nov 2023``, ``c. Feb 2024``, ``by 7 Oct 2023``."""
        if not self.is_interval and self.start is not None:
            return self.start.label()
        if self.start is None and self.end is not None:
            return "by " + self.end.label()
        if self.end is None and self.start is not None:
            return "from " + self.start.label()
        assert self.start is not None and self.end is not None
        same_year = self.start.year == self.end.year and not self.start.approximate
        same_year = same_year and self.start.month is not None
        return f"{self.start.label(with_year=not same_year)} – {self.end.label()}"

    def __str__(self) -> str:
        return self.text


Fit = Literal["in", "straddles", "open end", "possibly"]
FIT_RANK: dict[str, int] = {"possibly": 1, "open end": 2, "straddles": 2, "in": 3}


def period(since: Span | None, until: Span | None, on: Span | None = None) -> Span | None:
    """The days a date filter asks for: from ``since``'s first day to ``until``'s last, within ``on``; None when
    they have no day in common."""
    lows = [d for d in (since.earliest if since else None, on.earliest if on else None) if d is not None]
    highs = [d for d in (until.latest if until else None, on.latest if on else None) if d is not None]
    lo, hi = max(lows, default=None), min(highs, default=None)
    if lo is not None and hi is not None and lo > hi:
        return None
    texts = " ".join(s.text for s in (since, until, on) if s is not None)
    return Span(
        texts,
        Point(lo.year, lo.month, lo.day) if lo else None,
        Point(hi.year, hi.month, hi.day) if hi else None,
    )


def fit(span: Span, wanted: Span) -> Fit | None:
    """How an event's date sits in a period (docs/queries.md, "Dates"); None: it cannot fall in it.

    - ``in``: it certainly lies inside (its whole span does).
    - ``straddles``: a bounded span that overlaps the period and runs past it.
    - ``open end``: ``from A`` (``A/..``) whose known start A overlaps the period: it certainly began there, and
      how long it went on is not known.
    - ``possibly``: an open-ended span that may reach the period only through its unknown side: ``by B``
      (``../B``) before a period that does not run back to the beginning of time, or ``from A`` after A. It is
      placed by its known bound, never stretched to the beginning or end of time.
    """
    if not span.overlaps(wanted):
        return None
    if span.within(wanted):
        return "in"
    if span.start is not None and span.end is not None:
        return "straddles"
    if span.start is not None and Span(span.start.label(), span.start, span.start).overlaps(wanted):
        return "open end"
    return "possibly"


def non_ascii_digit(text: str) -> str | None:
    """``"only the ASCII digits 0-9 are numbers, not '٢' (U+0662)"`` when the text has a digit of another script, else None.
    Arabic-Indic, fullwidth and other digits look like numbers but are not read as any: refused with this."""
    for ch in text:
        if ch.isdigit() and not ch.isascii():
            return f"only the ASCII digits 0-9 are numbers, not '{ch}' (U+{ord(ch):04X})"
    return None


def _point(text: str) -> Point:
    m = _POINT.fullmatch(text)
    if not m:
        digit = non_ascii_digit(text)
        if digit:
            raise DateError(f"'{text}': {digit}")
        raise DateError(_unsupported(text))
    year_s, month_s, day_s, qual = m.groups()
    year = int(year_s)
    month = int(month_s) if month_s else None
    day = int(day_s) if day_s else None
    if month is not None and not 1 <= month <= 12:
        if 21 <= month <= 41:
            raise DateError(f"'{text}': seasons (months 21-41) are not supported; write a month or an interval")
        raise DateError(f"'{text}': month {month_s} does not exist")
    if day is not None:
        assert month is not None
        last_day = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last_day:
            why = f"{_MONTHS[month - 1]} {year} has {last_day} days"
            raise DateError(f"'{text}': day {day_s} does not exist ({why})")
    if year < 1:
        raise DateError(f"'{text}': year 0000 is not supported")
    return Point(year, month, day, approximate=qual in ("~", "%"), uncertain=qual in ("?", "%"))


def _unsupported(text: str) -> str:
    if re.fullmatch(r"[0-9X]{4}(-[0-9X]{2}){0,2}[~?%]?", text) and "X" in text:
        return f"'{text}': unspecified digits (X) are not supported; use a coarser date or an interval"
    if "T" in text or ":" in text:
        return f"'{text}': times of day are not supported; write the day"
    return f"'{text}' is not a date; write {ACCEPTED_LOG_FORMS}"


def parse_edtf(text: str) -> Span:
    """Parse a log date (the EDTF subset). Raises :class:`DateError` with a message for the user."""
    text = text.strip()
    if "/" not in text:
        point = _point(text)
        return Span(text, point, point)
    left, _sep, right = text.partition("/")
    if "/" in right:
        raise DateError(f"'{text}': an interval has exactly one '/'")
    if not left or not right:
        raise DateError(f"'{text}': write an open end as '..' (../B or A/..), not empty")
    start = None if left == ".." else _point(left)
    end = None if right == ".." else _point(right)
    if start is None and end is None:
        raise DateError(f"'{text}': an interval open at both ends says nothing; give at least one end")
    if start is not None and end is not None and start.first > end.last:
        raise DateError(f"'{text}': the interval starts after it ends")
    return Span(text, start, end)


def parse_user_date(text: str, today: date | None = None) -> Span:
    """Parse a date typed on the command line into the span it covers.

    Accepts the log's EDTF forms; quarters (``2024-Q1``, ``Q1 2024``); dates relative to ``today``
    (``today``, ``yesterday``, ``this|last|next week|month|quarter|year``, ``N days|weeks|months|years ago``,
    ``last N days|weeks|months|years``); an interval ``A/B`` of any of these (``..`` for an open end); and,
    through python-dateutil, human forms such as ``Oct 2023`` and ``21 Feb 2024``. A partial date covers its
    whole period: ``2023`` is all of 2023. Relative forms need ``today`` (the CLI passes IRRU_TODAY or the
    clock's day).
    """
    cleaned = " ".join(text.split())
    if not cleaned:
        raise DateError(f"'{text}' is empty; write a date such as {ACCEPTED_USER_FORMS}")
    digit = non_ascii_digit(cleaned)
    if digit:
        raise DateError(f"'{cleaned}': {digit}")
    slashed_iso = re.fullmatch(r"(\d{4})/(\d{1,2})(?:/(\d{1,2}))?", cleaned)
    if slashed_iso:  # 2024/09/01 and 2024/09, as hledger and many logs write them: year first, so unambiguous
        year, month, day = slashed_iso.groups()
        as_iso = f"{year}-{int(month):02d}" + (f"-{int(day):02d}" if day else "")
        try:
            return replace(parse_edtf(as_iso), text=cleaned)
        except DateError as e:
            raise DateError(str(e).replace(f"'{as_iso}'", f"'{cleaned}'")) from None
    try:
        return parse_edtf(cleaned)
    except DateError as edtf_error:
        edtf_reason = str(edtf_error)
    special = _user_special(cleaned, today)
    if special is not None:
        return special
    if cleaned.count("/") == 1:
        left, _, right = (part.strip() for part in cleaned.partition("/"))
        if left and right and left != right:
            start = None if left == ".." else parse_user_date(left, today)
            end = None if right == ".." else parse_user_date(right, today)
            if start is None and end is None:
                raise DateError(f"'{text}': an interval open at both ends says nothing; give at least one end")
            if start is not None and end is not None and start.earliest and end.latest and start.earliest > end.latest:
                raise DateError(f"'{text}': the interval starts after it ends")
            return Span(cleaned, start.start if start else None, end.end if end else None)
    slashed = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", cleaned)
    if slashed:
        raise DateError(_slashed_hint(cleaned, *(int(g) for g in slashed.groups())))
    if re.fullmatch(r"[\d\-/~?%.]+", cleaned):
        reason = edtf_reason
        if " is not a date" in reason:
            reason = f"'{cleaned}' is not a date"
        raise DateError(f"{reason}; write {ACCEPTED_USER_FORMS}") from None
    return _parse_human(cleaned)


def _slashed_hint(text: str, a: int, b: int, year: int) -> str:
    readings = []
    for day, month in ((a, b), (b, a)):
        if 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]:
            iso_day = f"{year:04d}-{month:02d}-{day:02d}"
            if iso_day not in readings:
                readings.append(iso_day)
    if not readings:
        return f"'{text}' is not a date; write the ISO form YYYY-MM-DD"
    if len(readings) == 1:
        return f"'{text}': day-first and month-first dates are easily misread; write {readings[0]}"
    return f"'{text}' is ambiguous: write {readings[0]} (day first) or {readings[1]} (month first)"


def _shift_months(year: int, month: int, n: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + n
    return index // 12, index % 12 + 1


def _days(first: date, last: date, text: str) -> Span:
    return Span(text, Point(first.year, first.month, first.day), Point(last.year, last.month, last.day))


def _period(unit: str, anchor: date, n: int, text: str) -> Span:
    """The calendar ``unit`` (week, month, quarter, year) ``n`` units from the one holding ``anchor``."""
    from datetime import timedelta

    if unit == "day":
        d = anchor + timedelta(days=n)
        return Span(text, *(2 * [Point(d.year, d.month, d.day)]))
    if unit == "week":  # ISO weeks: Monday to Sunday
        monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=n)
        return _days(monday, monday + timedelta(days=6), text)
    if unit == "month":
        y, m = _shift_months(anchor.year, anchor.month, n)
        return Span(text, *(2 * [Point(y, m)]))
    if unit == "quarter":
        y, m = _shift_months(anchor.year, (anchor.month - 1) // 3 * 3 + 1, 3 * n)
        return Span(text, Point(y, m), Point(y, m + 2))
    return Span(text, *(2 * [Point(anchor.year + n)]))


def _ago(unit: str, anchor: date, n: int) -> date:
    """The day ``n`` units before ``anchor``, clamped to the month's end (31 Mar - 1 month = 29 Feb)."""
    from datetime import timedelta

    if unit in ("day", "week"):
        return anchor - timedelta(days=n * (7 if unit == "week" else 1))
    months = n * {"month": 1, "quarter": 3, "year": 12}[unit]
    y, m = _shift_months(anchor.year, anchor.month, -months)
    return date(y, m, min(anchor.day, calendar.monthrange(y, m)[1]))


def _user_special(text: str, today: date | None) -> Span | None:
    """Quarters and relative dates, or None when ``text`` is neither."""
    lowered = text.casefold()
    m = re.fullmatch(r"(\d{4})-?q([1-4])|q([1-4])[ -]?(\d{4})", lowered)
    if m:
        year = int(m.group(1) or m.group(4))
        q = int(m.group(2) or m.group(3))
        return Span(text, Point(year, 3 * q - 2), Point(year, 3 * q))
    unit = r"(day|week|month|quarter|year)s?"
    relative = (
        re.fullmatch(r"today|yesterday", lowered)
        or re.fullmatch(rf"(this|last|next) {unit}", lowered)
        or re.fullmatch(rf"(\d+) {unit} ago", lowered)
        or re.fullmatch(rf"(last|past) (\d+) {unit}", lowered)
    )
    if not relative:
        return None
    if today is None:
        raise DateError(f"'{text}' is relative to today, which is not known here; write a calendar date")
    if lowered in ("today", "yesterday"):
        return _period("day", today, 0 if lowered == "today" else -1, text)
    m = re.fullmatch(rf"(this|last|next) {unit}", lowered)
    if m:
        return _period(m.group(2), today, {"this": 0, "last": -1, "next": 1}[m.group(1)], text)
    m = re.fullmatch(rf"(\d+) {unit} ago", lowered)
    if m:
        d = _ago(m.group(2), today, int(m.group(1)))
        return Span(text, *(2 * [Point(d.year, d.month, d.day)]))
    m = re.fullmatch(rf"(?:last|past) (\d+) {unit}", lowered)
    assert m is not None
    from datetime import timedelta

    return _days(_ago(m.group(2), today, int(m.group(1))) + timedelta(days=1), today, text)


def _parse_human(text: str) -> Span:
    from datetime import datetime

    from dateutil import parser as dateutil_parser  # deferred: costs ~40 ms to import

    # Parse twice with different defaults: a component that changes was not given by the user.
    defaults = (datetime(2000, 1, 1), datetime(2004, 2, 2))
    try:
        a, b = (dateutil_parser.parse(text, default=d) for d in defaults)
    except (ValueError, OverflowError) as e:
        reason = str(e).split(":")[0]
        detail = f" ({reason})" if "out of range" in reason or "must be in" in reason else ""
        raise DateError(f"'{text}' is not a date{detail}; write {ACCEPTED_USER_FORMS}") from None
    if (a.hour, a.minute, a.second) != (0, 0, 0):
        raise DateError(f"'{text}': times of day are not supported; write {ACCEPTED_USER_FORMS}")
    if a.year != b.year:
        raise DateError(f"'{text}' has no year; write {ACCEPTED_USER_FORMS}")
    if a.month != b.month:
        p = Point(a.year)
    elif a.day != b.day:
        p = Point(a.year, a.month)
    else:
        p = Point(a.year, a.month, a.day)
    return Span(text, p, p)


def iso(d: date | None) -> str | None:
    return d.isoformat() if d is not None else None
