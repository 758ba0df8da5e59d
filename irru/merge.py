"""Before two logs become one: which records they both hold, and which disagree.

Two logs (each a file or a workspace) are compared record by record:

- **by id**: a source, actor, system or event with the same id in both is a ``duplicate`` when the records are
  identical (a merge keeps one) and a ``conflict`` when they differ (the fields that differ are named);
- **by fingerprint**, for records with different ids that are likely the same thing: sources with the same URL
  (``same-url``), actors or systems with a name or alias in common (``same-name``), events with the same date,
  type and actors whose titles share most of their words (``same-event``).

Only a ``duplicate`` is harmless; every other finding would put one thing twice into a merged log, or two
things under one id, so the CLI exits 1 when it finds any. Nothing here reads files or writes to a terminal.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from typing import Any

from .model import Actor, Event, Log, Source, System

KINDS = ("conflict", "same-url", "same-name", "same-event", "duplicate")
RECORDS = ("source", "actor", "system", "event")
CONFLICTS = frozenset(KINDS) - {"duplicate"}
WORD = re.compile(r"[^\W_]+")
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "over",
        "the",
        "to",
        "was",
        "were",
        "with",
        "says",
        "said",
        "say",
    ]
)
TITLE_OVERLAP = 0.5  # of the shorter title's words

Record = Source | Actor | System | Event


@dataclass(frozen=True)
class Side:
    """One record as it stands in one of the two logs."""

    id: str
    file: str
    line: int


@dataclass(frozen=True)
class Finding:
    kind: str  # one of KINDS
    record: str  # source, actor, system, event
    a: Side
    b: Side
    detail: str  # which fields differ, the shared URL, name or title words

    @property
    def is_conflict(self) -> bool:
        return self.kind in CONFLICTS


@dataclass(frozen=True)
class MergeReport:
    a: str
    b: str
    findings: tuple[Finding, ...]

    @property
    def conflicts(self) -> int:
        return sum(f.is_conflict for f in self.findings)

    def counts(self) -> dict[str, int]:
        return {k: sum(f.kind == k for f in self.findings) for k in KINDS}


def side(log: Log, record: Record) -> Side:
    file, line = log.location(record.line)
    return Side(record.id, file, line)


def compare(a: Log, b: Log) -> MergeReport:
    """Every record the two logs share by id or by fingerprint, conflicts first, then in A's order."""
    found: list[Finding] = []
    tables: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
        ("source", a.sources, b.sources),
        ("actor", a.actors, b.actors),
        ("system", a.systems, b.systems),
        ("event", a.events_by_id, b.events_by_id),
    ]
    for kind, left, right in tables:
        for rid, x in left.items():
            y = right.get(rid)
            if y is None:
                continue
            differ = _differing_fields(x, y)
            if differ:
                found.append(Finding("conflict", kind, side(a, x), side(b, y), "differs in " + ", ".join(differ)))
            else:
                found.append(Finding("duplicate", kind, side(a, x), side(b, y), "the same record in both"))
    found += _same_url(a, b)
    same_actors = list(_same_name(a, b, "actor", a.actors.values(), b.actors.values()))
    found += same_actors
    found += _same_name(a, b, "system", a.systems.values(), b.systems.values())
    # an actor of B known in A under another id (same name) counts as that actor when events are compared
    found += _same_event(a, b, {f.b.id: f.a.id for f in same_actors})
    kinds, records = {k: i for i, k in enumerate(KINDS)}, {k: i for i, k in enumerate(RECORDS)}
    found.sort(key=lambda f: (kinds[f.kind], records[f.record], f.a.id, f.b.id))
    return MergeReport(a.path, b.path, tuple(found))


def _differing_fields(x: Record, y: Record) -> list[str]:
    """The log's names of the fields two records with one id disagree on (positions are not compared)."""
    return [f.name for f in fields(x) if f.compare and getattr(x, f.name) != getattr(y, f.name)]


def _url_key(url: str) -> str:
    u = url.strip().rstrip("/")
    u = re.sub(r"^https?://(www\.)?", "", u, flags=re.I)
    host, _, rest = u.partition("/")
    return host.lower() + "/" + rest


MAX_PARTNERS = 20  # findings of one kind per record of A; beyond, counted in the last one's detail


def _more(n: int) -> str:
    return f" (and {n} more in the second log)" if n > 0 else ""


def _same_url(a: Log, b: Log) -> Iterator[Finding]:
    """Sources of A and B under different ids that cite one URL. Each source of A is paired with at most
    MAX_PARTNERS of B (the rest counted), so 700 sources citing one page give 700 findings, not 490,000."""
    by_url: dict[str, list[Source]] = {}
    for s in b.sources.values():
        if s.url:
            by_url.setdefault(_url_key(s.url), []).append(s)
    for x in a.sources.values():
        key = _url_key(x.url) if x.url else ""
        group = by_url.get(key, []) if x.url else []
        own = b.sources.get(x.id)
        own_in_group = own is not None and bool(own.url) and _url_key(own.url or "") == key
        partners: list[Source] = []
        for y in group:
            if y.id != x.id:
                partners.append(y)
                if len(partners) == MAX_PARTNERS:
                    break
        rest = len(group) - len(partners) - (1 if own_in_group else 0)
        for k, y in enumerate(partners):
            more = _more(rest) if k == len(partners) - 1 else ""
            yield Finding("same-url", "source", side(a, x), side(b, y), f"both cite {x.url}{more}")


def _same_name(
    a: Log, b: Log, kind: str, left: Iterable[Actor | System], right: Iterable[Actor | System]
) -> Iterator[Finding]:
    by_name: dict[str, list[Actor | System]] = {}
    for y in right:
        for name in (y.name, *y.aliases):
            by_name.setdefault(name.casefold(), []).append(y)
    for x in left:
        shared: dict[str, tuple[Actor | System, list[str]]] = {}
        rest = 0
        for name in (x.name, *x.aliases):
            group = by_name.get(name.casefold(), [])
            for i, y in enumerate(group):
                if y.id == x.id:
                    continue
                if y.id not in shared and len(shared) == MAX_PARTNERS:
                    rest += len(group) - i  # counted, not paired: at most MAX_PARTNERS findings per record of A
                    break
                shared.setdefault(y.id, (y, []))[1].append(name)
        for k, (y, names) in enumerate(shared.values()):
            quoted = ", ".join(f"'{n}'" for n in names)
            more = _more(rest) if k == len(shared) - 1 else ""
            yield Finding("same-name", kind, side(a, x), side(b, y), f"both are called {quoted}{more}")


def title_words(title: str) -> frozenset[str]:
    return frozenset(w for w in (m.casefold() for m in WORD.findall(title)) if w not in STOPWORDS)


def _event_key(e: Event, canon: dict[str, str]) -> tuple[str, str, frozenset[str]]:
    return (e.date.text, e.type, frozenset(canon.get(r.actor, r.actor) for r in e.actors))


def _same_event(a: Log, b: Log, canon: dict[str, str]) -> Iterator[Finding]:
    """Events under different ids with one date (as written), type and set of actors, and similar titles."""
    groups: dict[tuple[str, str, frozenset[str]], list[Event]] = {}
    for y in b.events:
        groups.setdefault(_event_key(y, canon), []).append(y)
    for x in a.events:
        xw = title_words(x.title)
        for y in groups.get(_event_key(x, {}), []):
            if y.id == x.id:
                continue
            yw = title_words(y.title)
            shared = xw & yw
            if xw and yw and len(shared) >= TITLE_OVERLAP * min(len(xw), len(yw)):
                actors = ", ".join(sorted(r.actor for r in x.actors)) or "no actors"
                words = ", ".join(f"'{w}'" for w in sorted(shared))
                yield Finding(
                    "same-event",
                    "event",
                    side(a, x),
                    side(b, y),
                    f"{x.date.text} {x.type} ({actors}); titles share {words}",
                )
