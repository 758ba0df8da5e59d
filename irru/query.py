"""Filters and sorting over a log (pure).

The same filter repeated means any of its values; different filters must all hold. A date filter matches an
event whose span overlaps it, or, with ``within``, whose whole span lies inside it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from .confidence import Confidence, assess, claims_as_of
from .dates import Span
from .errors import UsageError
from .hints import did_you_mean
from .model import EVENT_TYPES, ROLES, Claim, Event, Log

FLAG_ORDER = ("confirmed", "statement", "reported", "disputed", "unconfirmed", "denied", "predicted")
SORTS = ("date", "confidence", "type")


@dataclass(frozen=True)
class Query:
    since: Span | None = None
    until: Span | None = None
    on: tuple[Span, ...] = ()
    within: bool = False
    actors: tuple[str, ...] = ()  # actor ids; each also matches its parts
    roles: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    systems: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    confidence: tuple[str, ...] = ()
    grep: tuple[str, ...] = ()
    as_of: date | None = None
    sort: str = "date"
    reverse: bool = False
    limit: int | None = None


@dataclass(frozen=True)
class Row:
    """One event as a query sees it: the claims that count (as of a day) and the flag they give."""

    event: Event
    claims: tuple[Claim, ...]
    confidence: Confidence


def _did_you_mean(kind: str, word: str, choices: Iterable[str]) -> UsageError:
    return UsageError(f"unknown {kind} '{word}'{did_you_mean(word, choices)}")


def resolve_actor(log: Log, text: str) -> str:
    """An actor by id, name or alias, case-insensitively."""
    wanted = text.casefold()
    names: dict[str, str] = {}
    for a in log.actors.values():
        for name in (a.id, a.name, *a.aliases):
            names.setdefault(name.casefold(), a.id)
    if wanted in names:
        return names[wanted]
    display = [a.name for a in log.actors.values()] + [al for a in log.actors.values() for al in a.aliases]
    raise _did_you_mean("actor", text, display)


def resolve_system(log: Log, text: str) -> str:
    """A system by id, designation or alias: Fath-360 = Fateh-360."""
    wanted = text.casefold()
    for s in log.systems.values():
        if wanted in (n.casefold() for n in (s.id, s.name, *s.aliases)):
            return s.id
    display = [s.name for s in log.systems.values()] + [al for s in log.systems.values() for al in s.aliases]
    raise _did_you_mean("system", text, display)


def resolve_source(log: Log, text: str) -> str:
    """A source by id, or by an unambiguous part of its publisher or title."""
    if text in log.sources:
        return text
    wanted = text.casefold()
    hits = [s.id for s in log.sources.values() if wanted in s.publisher.casefold() or wanted in s.title.casefold()]
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        shown = ", ".join(hits[:6]) + (", …" if len(hits) > 6 else "")
        raise UsageError(f"source '{text}' is ambiguous: it matches {shown}; give an id")
    raise _did_you_mean("source", text, list(log.sources) + [s.publisher for s in log.sources.values()])


def resolve_choice(kind: str, text: str, choices: Sequence[str], *, option: str = "") -> str:
    """One of a closed set of values, case-insensitively; the one usage error for every closed choice
    (``option`` names the command-line option the value was given to, when the kind alone would not)."""
    if text in choices:
        return text
    lowered = {c.casefold(): c for c in choices}
    if text.casefold() in lowered:
        return lowered[text.casefold()]
    hint = did_you_mean(text, choices) or f"; use one of: {', '.join(choices)}"
    raise UsageError(f"{option + ': ' if option else ''}unknown {kind} '{text}'{hint}")


def resolve_type(text: str) -> str:
    return resolve_choice("event type", text, list(EVENT_TYPES))


def resolve_role(text: str) -> str:
    return resolve_choice("role", text, list(ROLES))


def resolve_flag(text: str) -> str:
    return resolve_choice("confidence flag", text, list(FLAG_ORDER))


def all_tags(log: Log) -> list[str]:
    return sorted({t for e in log.events for t in e.tags})


def resolve_tag(log: Log, text: str) -> str:
    return resolve_choice("tag", text, all_tags(log))


def resolve_event(log: Log, text: str) -> Event:
    event = log.events_by_id.get(text)
    if event is None:
        raise _did_you_mean("event", text, list(log.events_by_id))
    return event


def _matches(log: Log, q: Query, event: Event, claims: tuple[Claim, ...]) -> bool:
    """Every filter but confidence, cheapest first (the flag is computed only for what passes)."""
    span = event.date
    if q.since is not None and not _date_ok(span, Span(q.since.text, q.since.start, None), q.within):
        return False
    if q.until is not None and not _date_ok(span, Span(q.until.text, None, q.until.end), q.within):
        return False
    if q.on and not any(_date_ok(span, p, q.within) for p in q.on):
        return False
    if q.types and event.type not in q.types:
        return False
    if q.tags and not any(t in event.tags for t in q.tags):
        return False
    if q.actors and not _actor_ok(log, q, event, claims):
        return False
    if q.systems:
        used = {u.system for u in event.systems}
        used.update(s for c in claims if c.values for s in c.values.systems)
        if not used.intersection(q.systems):
            return False
    if q.sources and not any(c.source in q.sources or c.via in q.sources for c in claims):
        return False
    if q.grep:
        haystack = "\n".join([event.title, event.summary or "", *(c.text for c in claims)]).casefold()
        if not any(g.casefold() in haystack for g in q.grep):
            return False
    return True


def _date_ok(span: Span, period: Span, within: bool) -> bool:
    return span.within(period) if within else span.overlaps(period)


def _actor_ok(log: Log, q: Query, event: Event, claims: tuple[Claim, ...]) -> bool:
    wanted: set[str] = set()
    for a in q.actors:
        wanted |= log.parts[a]
    if q.roles:
        return any(r.actor in wanted and r.role in q.roles for r in event.actors)
    if any(r.actor in wanted for r in event.actors):
        return True
    return any(c.by in wanted for c in claims)


def _sort_key(q: Query) -> Callable[[Row], tuple[Any, ...]]:
    if q.sort == "confidence":
        return lambda r: (FLAG_ORDER.index(r.confidence.flag), r.event.date.sort_key(), r.event.id)
    if q.sort == "type":
        return lambda r: (r.event.type, r.event.date.sort_key(), r.event.id)
    return lambda r: (r.event.date.sort_key(), r.event.id)


def run(log: Log, q: Query) -> list[Row]:
    """The events the query selects, in its order, each with its claims and flag as of ``q.as_of``."""
    rows = list(_select(log, q))
    rows.sort(key=_sort_key(q), reverse=q.reverse)
    return rows[: q.limit] if q.limit is not None else rows


def _select(log: Log, q: Query) -> Iterator[Row]:
    for event in log.events:
        claims = claims_as_of(event, q.as_of)
        if not claims or not _matches(log, q, event, claims):
            continue  # nobody had reported it yet, or a filter rejects it
        conf = assess(log, event, q.as_of)
        assert conf is not None
        if not q.confidence or conf.flag in q.confidence:
            yield Row(event, claims, conf)


def event_view(log: Log, event: Event, as_of: date | None) -> tuple[Row, list[Row]] | None:
    """One event as `show` presents it: its row as of a day and the rows of its story; None if nobody had
    reported it by that day."""
    confidence = assess(log, event, as_of)
    if confidence is None:
        return None
    story = [r for r in run(log, Query(as_of=as_of)) if r.event.story == event.story] if event.story else []
    return Row(event, claims_as_of(event, as_of), confidence), story
