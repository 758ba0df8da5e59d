"""Filters and sorting over a log (pure). docs/queries.md is the user's guide to these rules.

- The same filter repeated means any of its values (OR); different filters must all hold (AND).
- ``between`` asks for every one of its actors at once (AND).
- Claim filters (sources, stances, speakers, denied_by, grades) describe one claim: an event matches when one
  of its claims passes all of them together.
- An exclusion (``not:X`` on the command line) is a query of its own, in ``exclude``: an event that it would
  select is dropped, whatever else matches.
- A date filter keeps the events in its period and the bounded ones that straddle it; an event only possibly
  in it (through an open end: ``../2024-10-28`` before a period that starts later) only with ``possibly``;
  with ``within``, only the events certainly inside (:func:`irru.dates.fit`). ``Row.date_note`` says how a
  row sits when not certainly inside.

A log served from the cache (:class:`irru.logfile.entry.CachedLog`) is asked for its candidates first: the events
its indexes say can match (by type, story, tag, actor and its parts, role, system, source, dates, as-of), decoded
alone. The exact test here still decides, so a cached and a parsed log give the same rows.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from .dates import FIT_RANK, Fit, Span, fit, period
from .errors import UsageError
from .hints import did_you_mean
from .indexed import Indexed
from .model import EVENT_TYPES, GRADES, ROLES, STANCES, SYSTEM_CATEGORIES, Claim, Event, Log
from .review import STATUSES as REVIEW_STATUSES
from .review import standing

if TYPE_CHECKING:
    from .confidence import Confidence

FLAG_ORDER = ("confirmed", "statement", "reported", "disputed", "unconfirmed", "denied", "predicted")
SORTS = ("date", "confidence", "type")


@dataclass(frozen=True)
class Query:
    since: Span | None = None
    until: Span | None = None
    on: tuple[Span, ...] = ()
    within: bool = False  # only events certainly inside the period
    possibly: bool = False  # also events only possibly in it (through an open end)
    actors: tuple[str, ...] = ()  # actor ids; each also matches its parts
    roles: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    systems: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()  # a claim from, or relayed from, any of these
    confidence: tuple[str, ...] = ()
    grep: tuple[str, ...] = ()
    between: tuple[str, ...] = ()  # actor ids that must all take part (each also matches its parts)
    categories: tuple[str, ...] = ()  # system categories
    stories: tuple[str, ...] = ()
    stances: tuple[str, ...] = ()  # claim filters, from here on: one claim must pass them all
    speakers: tuple[str, ...] = ()  # actor ids (each also matches its parts)
    denied_by: tuple[str, ...] = ()  # actor ids: a claim that denies, made by one of them
    grades: tuple[str, ...] = ()  # the grade of the claim's source (or of the source it relays)
    reviews: tuple[str, ...] = ()  # review statuses (irru.review.STATUSES), as of ``as_of``
    said_since: Span | None = None  # a claim made in this period (claim filters, with the four above)
    said_until: Span | None = None
    patterns: tuple[str, ...] = ()  # regular expressions (case-insensitive), searched where grep looks
    exclude: tuple[Query, ...] = ()  # an event any of these selects is dropped
    where: tuple[Cond, ...] = ()  # conditions of the query language that must hold too (irru.querylang)
    as_of: date | None = None
    sort: str = "date"
    reverse: bool = False
    limit: int | None = None

    def periods(self) -> list[Span]:
        """The periods the date filters ask for: ``since``…``until``, within each ``on`` (any of them)."""
        if not self.on:
            both = period(self.since, self.until)
            return [both] if both is not None else []
        return [p for p in (period(self.since, self.until, on) for on in self.on) if p is not None]


@dataclass(frozen=True)
class AnyOf:
    """One of these holds (``a or b`` in the query language)."""

    items: tuple[Cond, ...]


@dataclass(frozen=True)
class NotOf:
    """This does not hold (``not:(...)``)."""

    item: Cond


@dataclass(frozen=True)
class OneClaim:
    """One claim passes every claim filter of ``holds`` and none of ``fails`` (``claim(...)``)."""

    holds: tuple[Query, ...]
    fails: tuple[Query, ...] = ()


Cond = Query | AnyOf | NotOf | OneClaim  # a Query as a condition: the event passes its filters


@dataclass(frozen=True)
class Row:
    """One event as a query sees it: the claims that count (as of a day) and the flag they give."""

    event: Event
    claims: tuple[Claim, ...]
    confidence: Confidence
    date_note: str = ""  # "straddles", "open end" or "possibly": how a date filter placed it (dates.fit), if not inside


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


def resolve_sources(log: Log, text: str) -> tuple[str, ...]:
    """Every source a filter value names: an id; else every source whose publisher contains the words (so
    ``Reuters`` takes in ``swissinfo.ch (Reuters copy)``); else every source whose publisher or title contains
    the text."""
    if text in log.sources:
        return (text,)
    wanted = text.casefold().strip()
    if not wanted:
        raise UsageError("an empty source name matches nothing; give a source id or a publisher")
    word = re.compile(rf"(?<!\w){re.escape(wanted)}(?!\w)")
    hits = tuple(s.id for s in log.sources.values() if word.search(s.publisher.casefold()))
    if not hits:
        hits = tuple(
            s.id for s in log.sources.values() if wanted in s.publisher.casefold() or wanted in s.title.casefold()
        )
    if hits:
        return hits
    choices = list(log.sources) + [s.publisher for s in log.sources.values()]
    raise UsageError(f"unknown source '{text}'{did_you_mean(text, choices) or '; irru sources lists them'}")


def resolve_systems(log: Log, text: str) -> tuple[str, ...]:
    """A system by id, designation or alias; else a family: every system whose designation or an alias
    starts with the text followed by ``-`` or a space (or a digit, after a letter): ``Shahed`` is Shahed-101,
    -131, -136 …; ``Fath-36`` is no family."""
    try:
        return (resolve_system(log, text),)
    except UsageError:
        wanted = text.casefold().strip()
        after = r"[-\s\d]" if wanted[-1:].isalpha() else r"[-\s]"  # Shahed136 is a Shahed; Fath-36 no Fath-360
        family = re.compile(re.escape(wanted) + after) if wanted else None
        hits = tuple(
            s.id
            for s in log.systems.values()
            if family and any(family.match(n.casefold()) for n in (s.id, s.name, *s.aliases))
        )
        if hits:
            return hits
        raise


def all_categories(log: Log) -> list[str]:
    """The system categories: those the format defines, and any a log uses."""
    return list(dict.fromkeys([*SYSTEM_CATEGORIES, *(s.category for s in log.systems.values())]))


def resolve_category(log: Log, text: str) -> str:
    return resolve_choice("system category", text, all_categories(log))


def all_stories(log: Log) -> list[str]:
    found = log.distinct("stories") if isinstance(log, Indexed) else None  # from the index, nothing decoded
    return found if found is not None else sorted({e.story for e in log.events if e.story})


def resolve_story(log: Log, text: str) -> str:
    return resolve_choice("story", text, all_stories(log))


def resolve_stance(text: str) -> str:
    return resolve_choice("stance", text, list(STANCES))


def resolve_grades(text: str) -> tuple[str, ...]:
    """``B``, or a range ``A-C`` (A, B and C), case-insensitive."""
    letters = list(GRADES)
    t = text.strip().upper()
    m = re.fullmatch(r"([A-Z])\s*[-–]\s*([A-Z])", t)
    if m and m.group(1) in letters and m.group(2) in letters:
        lo, hi = sorted((letters.index(m.group(1)), letters.index(m.group(2))))
        return tuple(letters[lo : hi + 1])
    if t in letters:
        return (t,)
    raise UsageError(f"unknown source grade '{text}'; use one of {', '.join(letters)}, or a range such as A-C")


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


def resolve_review(text: str) -> str:
    return resolve_choice("review status", text, list(REVIEW_STATUSES))


def resolve_flag(text: str) -> str:
    return resolve_choice("confidence flag", text, list(FLAG_ORDER))


def all_tags(log: Log) -> list[str]:
    found = log.distinct("tags") if isinstance(log, Indexed) else None  # from the index, nothing decoded
    return found if found is not None else sorted({t for e in log.events for t in e.tags})


def resolve_tag(log: Log, text: str) -> str:
    return resolve_choice("tag", text, all_tags(log))


def resolve_event(log: Log, text: str) -> Event:
    event = log.events_by_id.get(text)
    if event is None:
        raise _did_you_mean("event", text, list(log.events_by_id))
    return event


def _matches(log: Log, q: Query, event: Event, claims: tuple[Claim, ...]) -> bool:
    """Every filter but confidence, cheapest first (the flag is computed only for what passes)."""
    if (q.since is not None or q.until is not None or q.on) and date_fit(q, event.date) is None:
        return False
    if q.types and event.type not in q.types:
        return False
    if q.tags and not any(t in event.tags for t in q.tags):
        return False
    if q.stories and event.story not in q.stories:
        return False
    if q.actors and not _actor_ok(log, q, event, claims):
        return False
    if q.roles and not q.actors and not any(r.role in q.roles for r in event.actors):
        return False  # a role alone (only in an exclusion): any actor in that role
    if q.between:
        present = {r.actor for r in event.actors}
        if not all(present & log.parts[a] for a in q.between):
            return False
    if q.systems or q.categories:
        used = {u.system for u in event.systems}
        used.update(s for c in claims if c.values for s in c.values.systems)
        if q.systems and not used.intersection(q.systems):
            return False
        if q.categories and not any(log.systems[s].category in q.categories for s in used if s in log.systems):
            return False
    if _claim_filtered(q) and not any(_claim_ok(log, q, c) for c in claims):
        return False
    if q.reviews and standing(event.reviews, q.as_of).status not in q.reviews:
        return False
    if q.grep or q.patterns:
        text = haystack(event, claims)
        if q.grep and not any(g.casefold() in text.casefold() for g in q.grep):
            return False
        if q.patterns and not any(re.search(p, text, re.IGNORECASE) for p in q.patterns):
            return False
    return True


def haystack(event: Event, claims: Sequence[Claim]) -> str:
    """The text ``grep`` and ``patterns`` search in an event: its title, summary and the texts of the claims that
    count, one per line (``grep`` compares it casefolded)."""
    return "\n".join([event.title, event.summary or "", *(c.text for c in claims)])


def _claim_filtered(q: Query) -> bool:
    return bool(q.sources or q.stances or q.speakers or q.denied_by or q.grades or q.said_since or q.said_until)


def _passes(log: Log, q: Query, event: Event, claims: tuple[Claim, ...], conf: Confidence) -> bool:
    """The whole test of one query (its filters, flag, exclusions and conditions) on an event with its flag."""
    if not _matches(log, q, event, claims) or (q.confidence and conf.flag not in q.confidence):
        return False
    if any(_passes(log, ex, event, claims, conf) for ex in q.exclude):
        return False
    return all(_holds(log, w, event, claims, conf) for w in q.where)


def _holds(log: Log, cond: Cond, event: Event, claims: tuple[Claim, ...], conf: Confidence) -> bool:
    if isinstance(cond, Query):
        return _passes(log, cond, event, claims, conf)
    if isinstance(cond, AnyOf):
        return any(_holds(log, i, event, claims, conf) for i in cond.items)
    if isinstance(cond, NotOf):
        return not _holds(log, cond.item, event, claims, conf)
    return any(
        all(_claim_ok(log, h, c) for h in cond.holds) and not any(_claim_ok(log, f, c) for f in cond.fails)
        for c in claims
    )


def _cited(c: Claim) -> list[str]:
    """The sources a claim is in: its own, and every source it relays (nearest first)."""
    out = [c.source]
    out.extend(r.source for r in c.relays if r.source)
    if c.via and c.via not in out:
        out.append(c.via)
    return out


def _claim_ok(log: Log, q: Query, c: Claim) -> bool:
    """The claim filters, which one claim must pass together."""
    if q.sources and not any(s in q.sources for s in _cited(c)):
        return False
    if q.stances and c.stance not in q.stances:
        return False
    if q.speakers and not said_by(log, c, q.speakers):
        return False
    if q.denied_by and not (c.stance == "denies" and said_by(log, c, q.denied_by)):
        return False
    if q.grades and not any(log.sources[s].grade in q.grades for s in _cited(c)):
        return False
    if q.said_since or q.said_until:
        said = period(q.said_since, q.said_until)
        return said is not None and fit(c.date, said) not in (None, "possibly")
    return True


def said_by(log: Log, c: Claim, actors: Sequence[str]) -> bool:
    """Whether one of ``actors`` made the claim: its speaker is the actor or was part of it on the claim's day
    (the dated membership flags and ``diff --by`` use): a minister's claims count for the ministry he was in
    when he spoke, not for the one he moved to."""
    if c.by is None or not any(c.by in log.parts[a] for a in actors):  # part of it at no date: never
        return False
    lineage = {a.id for a in log.lineage_at(c.by, Log.claim_day(c))}
    return any(a in lineage for a in actors)


def date_fit(q: Query, span: Span) -> Fit | None:
    """How the event's date sits in the query's period (dates.fit, the best over ``on``'s periods), or None when
    the query leaves it out: ``within`` keeps only what is certainly inside; by default an event only
    *possibly* in the period (through an open end) is left out, and ``possibly`` takes it in."""
    best: Fit | None = None
    for p in q.periods():
        got = fit(span, p)
        if got is not None and (best is None or FIT_RANK[got] > FIT_RANK[best]):
            best = got
    if best is None or (q.within and best != "in") or (best == "possibly" and not q.possibly):
        return None
    return best


def date_note(q: Query, span: Span) -> str:
    """What a row says beside its date when a date filter placed it less than certainly inside: ``straddles``,
    ``open end`` or ``possibly``."""
    if q.since is None and q.until is None and not q.on:
        return ""
    got = date_fit(q, span)
    return "" if got in (None, "in") else str(got)


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
    """The events the query selects, in its order, each with its claims and flag as of ``q.as_of``. With a
    ``limit`` of N, the N latest of them (by date, as ``jrnl -n``), then in the query's order."""
    rows = list(_select(log, q))
    if q.limit is not None:
        rows.sort(key=_sort_key(Query()))
        rows = rows[max(0, len(rows) - q.limit) :] if q.limit else []
    rows.sort(key=_sort_key(q), reverse=q.reverse)
    return rows


def _candidates(log: Log, q: Query) -> Sequence[Event]:
    """The events to test: all of them, or, from a cached log, those its indexes say can match.

    A cached log (:class:`irru.indexed.Indexed`) decodes only those events; the exact test below still decides,
    so the answer is the same either way.
    """
    if isinstance(log, Indexed):
        family: frozenset[str] | None = None
        if q.actors:
            family = frozenset().union(*(log.parts[a] for a in q.actors))
        found = log.candidates(q, family)
        if found is not None:
            return found
    return log.events


def _select(log: Log, q: Query) -> Iterator[Row]:
    from .confidence import assess, claims_as_of  # the rules, once a query is run (a planned answer needs none)

    for event in _candidates(log, q):
        row = _row(log, q, event, claims_as_of, assess)
        if row is not None:
            yield row


def row_of(log: Log, q: Query, event: Event) -> Row | None:
    """The event as the query selects it (its claims and flag as of ``q.as_of``, how its date sits in the
    period), or None when the query leaves it out: the whole test of one event (``limit`` aside)."""
    from .confidence import assess, claims_as_of

    return _row(log, q, event, claims_as_of, assess)


def _row(
    log: Log,
    q: Query,
    event: Event,
    claims_as_of: Callable[[Event, date | None], tuple[Claim, ...]],
    assess: Callable[[Log, Event, date | None], Confidence | None],
) -> Row | None:
    """:func:`row_of`, given the confidence rules (imported once by the caller that tests every event)."""
    claims = claims_as_of(event, q.as_of)
    if not claims or not _matches(log, q, event, claims):
        return None  # nobody had reported it yet, or a filter rejects it
    conf = assess(log, event, q.as_of)
    assert conf is not None
    if q.confidence and conf.flag not in q.confidence:
        return None
    if any(_passes(log, ex, event, claims, conf) for ex in q.exclude):
        return None
    if not all(_holds(log, w, event, claims, conf) for w in q.where):
        return None
    return Row(event, claims, conf, date_note(q, event.date))


NOT = "not:"
FILTERS: tuple[str, ...] = ("actor", "role", "type", "tag", "system", "category", "story", "source", "confidence")
FILTERS += ("stance", "speaker", "denied_by", "grade", "grep", "review")


def build(
    log: Log, words: Mapping[str, Sequence[str] | None], *, between: Sequence[str] = (), **settings: Any
) -> Query:
    """A query from filter values as a user typed them (``words["actor"] = ["Iran", "not:IRGC"]``).

    Each value is resolved (names, aliases, families, publishers); a value written ``not:X`` becomes an
    exclusion. ``between`` names actors that must all take part; ``settings`` are the other Query fields (dates,
    as_of, sort, reverse, limit). Raises UsageError naming the bad value.
    """
    pos: dict[str, list[str]] = {k: [] for k in FILTERS}
    neg: list[tuple[str, str]] = []
    for key in FILTERS:
        for value in words.get(key) or ():
            if value[: len(NOT)].casefold() == NOT:
                if not value[len(NOT) :].strip():
                    raise UsageError(f"'{value}': write what to exclude after 'not:' (not:Iran)")
                neg.append((key, value[len(NOT) :]))
            else:
                pos[key].append(value)
    if pos["role"] and not pos["actor"] and not neg:
        raise UsageError("--role needs --actor: it says which role that actor plays")
    base = _resolve(log, pos)
    excludes = []
    for key, value in neg:
        one = _resolve(log, {key: [value]})
        if key == "role":  # not:ROLE: the --actor values in that role
            one = replace(one, actors=base.actors)
        excludes.append(one)
    return replace(base, between=tuple(resolve_actor(log, a) for a in between), exclude=tuple(excludes), **settings)


def _resolve(log: Log, words: Mapping[str, Sequence[str]]) -> Query:
    def each(key: str, resolve: Callable[[str], str | tuple[str, ...]]) -> tuple[str, ...]:
        out: list[str] = []
        for v in words.get(key) or ():
            got = resolve(v)
            out.extend(got if isinstance(got, tuple) else (got,))
        return tuple(dict.fromkeys(out))

    return Query(
        actors=each("actor", lambda v: resolve_actor(log, v)),
        roles=each("role", resolve_role),
        types=each("type", resolve_type),
        tags=each("tag", lambda v: resolve_tag(log, v)),
        systems=each("system", lambda v: resolve_systems(log, v)),
        categories=each("category", lambda v: resolve_category(log, v)),
        stories=each("story", lambda v: resolve_story(log, v)),
        sources=each("source", lambda v: resolve_sources(log, v)),
        confidence=each("confidence", resolve_flag),
        stances=each("stance", resolve_stance),
        speakers=each("speaker", lambda v: resolve_actor(log, v)),
        denied_by=each("denied_by", lambda v: resolve_actor(log, v)),
        grades=each("grade", resolve_grades),
        grep=tuple(words.get("grep") or ()),
        reviews=each("review", resolve_review),
    )


def event_view(log: Log, event: Event, as_of: date | None) -> tuple[Row, list[Row]] | None:
    """One event as `show` presents it: its row as of a day and the rows of its story; None if nobody had
    reported it by that day."""
    from .confidence import assess, claims_as_of

    confidence = assess(log, event, as_of)
    if confidence is None:
        return None
    story = run(log, Query(as_of=as_of, stories=(event.story,))) if event.story else []
    return Row(event, claims_as_of(event, as_of), confidence), story
