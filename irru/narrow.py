"""The events a question needs, asked for by what an index can find (pure).

Commands that judge the log as a whole (``diff``, ``promises``, ``transfers``) do not need every event: a diff of
two sources needs the events with a claim in either source and the events linked to those as the same thing; the
promise ledger needs the promises and the deliveries; the register needs contracts, promises and deliveries.
They ask for them here. A log served from the cache (:class:`irru.indexed.Indexed`) answers from its
indexes (type, story, source, actor, links by target) and decodes only those events; a parsed log filters its
``events``. Every answer is then filtered by the caller's exact test, in file order, so both give the same events
and the commands the same output.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence

from .indexed import Indexed
from .model import Event, Log
from .query import Query


def fetch(log: Log, q: Query, keep: Callable[[Event], bool]) -> list[Event]:
    """The events ``keep`` accepts, in file order, asked for through ``q``.

    ``q`` must select (through the cache's indexes: types, stories, tags, actors, systems, sources) every event
    ``keep`` accepts: it only says where to look. On a parsed log every event is tested."""
    found: Sequence[Event] | None = None
    if isinstance(log, Indexed):
        family: frozenset[str] | None = None
        if q.actors:
            family = frozenset().union(*(log.parts[a] for a in q.actors))
        found = log.candidates(q, family)
    return [e for e in (log.events if found is None else found) if keep(e)]


def batches(values: Sequence[str], size: int = 400) -> Iterator[tuple[str, ...]]:
    """Values in batches small enough for one question to the cache's indexes (it sends at most 500 to SQLite)."""
    for i in range(0, len(values), size):
        yield tuple(values[i : i + size])


def linking(log: Log, targets: Collection[str], rels: Collection[str]) -> list[Event]:
    """The events with a link of one of the relations ``rels`` to one of the events ``targets``, in file order."""
    if not targets:
        return []
    found: Sequence[Event] | None = None
    if isinstance(log, Indexed):
        found = log.linking(sorted(targets), sorted(rels))
    return [
        e
        for e in (log.events if found is None else found)
        if any(lk.rel in rels and lk.event in targets for lk in e.links)
    ]


def by_ids(log: Log, ids: Iterable[str]) -> list[Event]:
    """The events with these ids (unknown ids skipped), each decoded alone from a cached log."""
    by_id = log.events_by_id
    return [e for e in (by_id.get(i) for i in dict.fromkeys(ids)) if e is not None]


def among(log: Log, events: Iterable[Event]) -> Log:
    """The same log with only these events: a query's exact test run on them (``query.run``) sees nothing else."""
    fields = {f.name: getattr(log, f.name) for f in dataclasses.fields(Log) if f.name != "events"}
    return Log(**{**fields, "events": tuple(events)})
