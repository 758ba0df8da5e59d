"""Counts over a log: how many events and claims each actor and source backs, and the stats table (pure)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from .model import Log
from .query import FLAG_ORDER, Row


@dataclass(frozen=True)
class Usage:
    events: int
    claims: int


def actor_usage(log: Log) -> dict[str, Usage]:
    """Per actor: events it takes part in, claims it makes."""
    events: Counter[str] = Counter()
    claims: Counter[str] = Counter()
    for e in log.events:
        events.update({r.actor for r in e.actors})
        claims.update(c.by for c in e.claims if c.by)
    return {a: Usage(events[a], claims[a]) for a in log.actors}


def source_usage(log: Log) -> dict[str, Usage]:
    """Per source: events it backs and claims it carries (its own, and those relayed from it)."""
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
    years: Counter[str] = Counter()
    types: Counter[str] = Counter()
    actors: Counter[str] = Counter()
    flags: Counter[str] = Counter()
    for row in rows:
        year = row.event.date.year
        years[str(year) if year else "undated"] += 1
        types[row.event.type] += 1
        actors.update({log.top(r.actor).name for r in row.event.actors})
        flags[row.confidence.flag] += 1
    return Stats(
        total=len(rows),
        by_year=sorted(years.items()),
        by_type=sorted(types.items(), key=lambda kv: (-kv[1], kv[0])),
        by_actor=sorted(actors.items(), key=lambda kv: (-kv[1], kv[0])),
        by_confidence=[(f, flags[f]) for f in FLAG_ORDER if flags[f]],
    )
