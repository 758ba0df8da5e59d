"""Counts over a log: how many events and claims each actor and source backs, and the stats table (pure)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from .indexed import Indexed
from .model import Log
from .query import FLAG_ORDER, Row


@dataclass(frozen=True)
class Usage:
    events: int
    claims: int


def _stored(log: Log, kind: str) -> dict[str, Usage] | None:
    """The counts a cache entry stored for the whole log (:meth:`irru.indexed.Indexed.stored_usage`)."""
    got = log.stored_usage(kind) if isinstance(log, Indexed) else None
    return {k: Usage(*v) for k, v in got.items()} if got is not None else None


def actor_usage(log: Log) -> dict[str, Usage]:
    """Per actor: events it takes part in, claims it makes."""
    stored = _stored(log, "actors")
    if stored is not None:
        return stored
    events: Counter[str] = Counter()
    claims: Counter[str] = Counter()
    for e in log.events:
        events.update({r.actor for r in e.actors})
        claims.update(c.by for c in e.claims if c.by)
    return {a: Usage(events[a], claims[a]) for a in log.actors}


def source_usage(log: Log) -> dict[str, Usage]:
    """Per source: events it backs and claims it carries (its own, and those relayed from it)."""
    stored = _stored(log, "sources")
    if stored is not None:
        return stored
    events: Counter[str] = Counter()
    claims: Counter[str] = Counter()
    for e in log.events:
        backing = set()
        for c in e.claims:
            claims[c.source] += 1
            backing.add(c.source)
            if c.via:
                claims[c.via] += 1
                backing.add(c.via)
        events.update(backing)
    return {s: Usage(events[s], claims[s]) for s in log.sources}


@dataclass(frozen=True)
class Stats:
    total: int
    by_year: list[tuple[str, int]]
    by_type: list[tuple[str, int]]
    by_actor: list[tuple[str, int]]
    by_confidence: list[tuple[str, int]]


def stats(log: Log, rows: Sequence[Row]) -> Stats:
    """Events by year, type, actor and flag. By actor, an event counts once under each top body (state, or a
    company, organisation... that is part of nothing) its actors were part of on the event's day."""
    years: Counter[str] = Counter()
    types: Counter[str] = Counter()
    actors: Counter[str] = Counter()
    flags: Counter[str] = Counter()
    for row in rows:
        year = row.event.date.year
        years[str(year) if year else "undated"] += 1
        types[row.event.type] += 1
        # people and bodies rolled up to what they were part of on the event's day (Raisi counts under Iran)
        day = row.event.date.earliest or row.event.date.latest
        actors.update({log.top_at(r.actor, day).name for r in row.event.actors})
        flags[row.confidence.flag] += 1
    return _stats(len(rows), years, types, actors, flags)


def stats_of_counts(counts: Sequence[tuple[str, str, tuple[str, ...], str, int]]) -> Stats:
    """:func:`stats` from events counted by (type, year, top bodies, flag), as a cache entry's facts give them
    (:meth:`irru.indexed.Indexed.planned_counts`)."""
    years: Counter[str] = Counter()
    types: Counter[str] = Counter()
    actors: Counter[str] = Counter()
    flags: Counter[str] = Counter()
    total = 0
    for type_, year, tops, flag, n in counts:
        total += n
        years[year] += n
        types[type_] += n
        for name in tops:
            actors[name] += n
        flags[flag] += n
    return _stats(total, years, types, actors, flags)


def _stats(total: int, years: Counter[str], types: Counter[str], actors: Counter[str], flags: Counter[str]) -> Stats:
    return Stats(
        total=total,
        by_year=sorted(years.items()),
        by_type=sorted(types.items(), key=lambda kv: (-kv[1], kv[0])),
        by_actor=sorted(actors.items(), key=lambda kv: (-kv[1], kv[0])),
        by_confidence=[(f, flags[f]) for f in FLAG_ORDER if flags[f]],
    )


PERIODS = ("quarter", "month", "year")


def period_of(day: date | None, by: str) -> str:
    """``2024-Q1``, ``2024-02`` or ``2024`` for the day an event is listed under; ``undated`` without one."""
    if day is None:
        return "undated"
    if by == "year":
        return str(day.year)
    if by == "month":
        return f"{day.year}-{day.month:02d}"
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def _periods_between(first: str, last: str, by: str) -> list[str]:
    """Every period from first to last, so that empty quarters show as empty bars."""
    out = []
    if by == "year":
        return [str(y) for y in range(int(first), int(last) + 1)]
    y, rest = int(first[:4]), first[5:]
    n = int(rest[1:]) if by == "quarter" else int(rest)
    step_max = 4 if by == "quarter" else 12
    while True:
        label = f"{y}-Q{n}" if by == "quarter" else f"{y}-{n:02d}"
        out.append(label)
        if label == last:
            return out
        n += 1
        if n > step_max:
            y, n = y + 1, 1


def by_period(rows: Sequence[Row], by: str = "quarter") -> list[tuple[str, dict[str, int]]]:
    """Events per period (quarter, month or year of the day each is listed under), counted by flag, oldest
    first; periods without events in between are included with no counts."""
    counts: dict[str, Counter[str]] = {}
    for row in rows:
        span = row.event.date
        counts.setdefault(period_of(span.earliest or span.latest, by), Counter())[row.confidence.flag] += 1
    return _by_period(counts, by)


def by_period_of_counts(
    counts: Sequence[tuple[int | None, str, int]], by: str = "quarter"
) -> list[tuple[str, dict[str, int]]]:
    """:func:`by_period` from events counted by (the day each is listed under as a day number, flag)."""
    periods: dict[str, Counter[str]] = {}
    for day, flag, n in counts:
        periods.setdefault(period_of(date.fromordinal(day) if day is not None else None, by), Counter())[flag] += n
    return _by_period(periods, by)


def _by_period(counts: dict[str, Counter[str]], by: str) -> list[tuple[str, dict[str, int]]]:
    dated = sorted(p for p in counts if p != "undated")
    periods = _periods_between(dated[0], dated[-1], by) if dated else []
    if "undated" in counts:
        periods.append("undated")
    return [(p, {f: counts[p][f] for f in FLAG_ORDER if counts.get(p, Counter())[f]}) for p in periods]
