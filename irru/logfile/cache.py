"""A cache of parsed logs, so that a repeated query does not parse YAML again.

Correctness first:

- **Keyed by content.** The key is the SHA-256 of the file's bytes together with irru's version, so an edited
  file, whatever its mtime, is never served stale, and a new irru never reads an old irru's cache.
- **Only valid logs are cached.** A log with problems is parsed every time, with full line and column reporting.
- **JSON, never pickle.** Reading a cache file cannot run code. Dates and quantities are stored as the text
  written in the log and re-read by the same parsers, so a cached log equals a freshly parsed one.
- **Where a user expects it:** ``$XDG_CACHE_HOME/irru`` (``~/.cache/irru``). The directory is used only when it
  belongs to the current user and no one else can write to it.
- **Written atomically** (a temporary file renamed into place); a cache file that cannot be read or decoded is
  ignored and rebuilt.
- **Switchable off:** ``--no-cache`` or ``IRRU_NO_CACHE=1``.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path
from typing import Any

from .. import __version__
from ..dates import Span, parse_edtf
from ..model import (
    UNITS,
    Actor,
    ActorRole,
    Archive,
    Claim,
    Event,
    Link,
    Log,
    Membership,
    Quantity,
    Relay,
    Source,
    System,
    SystemUse,
    Values,
    parse_quantity,
)

FORMAT = (
    3  # 2: schema-2 fields (quantities with unit/system, relays, likelihood, memberships, units); 3: archive records
)


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "irru"


def key(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest() + f"-{__version__}-{FORMAT}"


def _safe_dir(path: Path, *, create: bool) -> bool:
    """The directory is ours and nobody else can write to it (so nobody else can plant a cache file)."""
    try:
        if create:
            path.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = path.stat()
    except OSError:
        return False
    if not stat.S_ISDIR(st.st_mode):
        return False
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        return False
    return not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def load(data: bytes, name: str) -> Log | None:
    """The cached log for these bytes, or None on a miss (or an unusable cache file)."""
    directory = cache_dir()
    if not _safe_dir(directory, create=False):
        return None
    try:
        raw = (directory / (key(data) + ".json")).read_bytes()
        return decode(json.loads(raw), name)
    except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError):
        return None  # missing, unreadable or corrupt: the caller parses and rewrites it


def store(data: bytes, log: Log) -> None:
    """Write the cache entry atomically; any failure only means there is no cache."""
    directory = cache_dir()
    if not _safe_dir(directory, create=True):
        return
    import tempfile

    target = directory / (key(data) + ".json")
    try:
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(encode(log), f, ensure_ascii=False, separators=(",", ":"))
            os.replace(tmp, target)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        return


# --- encoding: compact lists, dates and quantities as written ---------------------------------------


def _values(v: Values | None) -> list[Any] | None:
    if v is None:
        return None
    return [
        [[q.text, q.system] for q in v.quantities],
        list(v.systems),
        v.route,
        v.date.text if v.date else None,
        v.amount,
        v.status,
    ]


def _archive(a: Archive | None) -> list[str | None] | None:
    return None if a is None else [a.accessed, a.url, a.archived, a.sha256, a.capture]


def _span_text(s: Span | None) -> str | None:
    return s.text if s is not None else None


def encode(log: Log) -> dict[str, Any]:
    return {
        "schema": log.schema,
        "sources": [
            [
                s.id,
                s.title,
                s.publisher,
                s.published.text,
                s.kind,
                s.grade,
                list(s.authors),
                s.url,
                list(s.cites),
                s.note,
                s.line,
                _archive(s.archive),
            ]
            for s in log.sources.values()
        ],
        "units": list(log.units),
        "actors": [
            [
                a.id,
                a.name,
                a.kind,
                list(a.aliases),
                a.part_of,
                a.note,
                a.line,
                [[m.actor, _span_text(m.start), _span_text(m.end)] for m in a.memberships],
            ]
            for a in log.actors.values()
        ],
        "systems": [[s.id, s.name, s.category, list(s.aliases), s.note, s.line] for s in log.systems.values()],
        "events": [
            [
                e.id,
                e.date.text,
                e.title,
                e.type,
                [
                    [
                        c.source,
                        c.stance,
                        c.text,
                        c.date.text,
                        c.by,
                        c.speaker,
                        c.anonymous,
                        [[r.source, r.actor, r.description] for r in c.relays],
                        c.quoted,
                        _values(c.values),
                        c.note,
                        c.dated,
                        c.line,
                        c.likelihood,
                        c.analytic_confidence,
                    ]
                    for c in e.claims
                ],
                e.story,
                [[r.actor, r.role] for r in e.actors],
                [[u.system, u.quantity.text if u.quantity else None] for u in e.systems],
                list(e.tags),
                e.summary,
                [[lk.rel, lk.event] for lk in e.links],
                e.line,
            ]
            for e in log.events
        ],
    }


def decode(doc: dict[str, Any], name: str) -> Log:
    """Build the log from its cached form. The inner loops are written for speed: this runs on every query."""
    spans: dict[str, Span] = {}
    quantities: dict[tuple[str, str | None], Quantity] = {}
    schema = doc["schema"]
    vocabulary = {**UNITS, **dict.fromkeys(doc.get("units", ()), "")}

    def span(text: str) -> Span:
        s = spans.get(text)
        if s is None:
            s = spans[text] = parse_edtf(text)
        return s

    def qty(text: str | None, system: str | None = None) -> Quantity | None:
        if text is None:
            return None
        k = (text, system)
        q = quantities.get(k)
        if q is None:
            # the vocabulary, so that a unit written "1 year" is read as "years", as the loader reads it
            q = quantities[k] = parse_quantity(text, schema=schema, units=vocabulary, system=system)
        return q

    def opt_span(text: str | None) -> Span | None:
        return span(text) if text is not None else None

    def values(v: list[Any]) -> Values:
        qs = tuple(q for q in (qty(t, s) for t, s in v[0]) if q is not None)
        return Values(qs, tuple(v[1]), v[2], opt_span(v[3]), v[4], v[5])

    sources = {
        s[0]: Source(
            s[0],
            s[1],
            s[2],
            span(s[3]),
            s[4],
            s[5],
            tuple(s[6]),
            s[7],
            tuple(s[8]),
            s[9],
            s[10],
            Archive(*s[11]) if s[11] else None,
        )
        for s in doc["sources"]
    }
    actors = {
        a[0]: Actor(
            a[0],
            a[1],
            a[2],
            tuple(a[3]),
            a[4],
            a[5],
            tuple(Membership(m[0], opt_span(m[1]), opt_span(m[2])) for m in a[7]),
            a[6],
        )
        for a in doc["actors"]
    }
    systems = {s[0]: System(s[0], s[1], s[2], tuple(s[3]), s[4], s[5]) for s in doc["systems"]}

    roles: dict[tuple[str, str], ActorRole] = {}  # immutable and few: share them
    uses: dict[tuple[str, str | None], SystemUse] = {}
    get_span, new_claim, new_event = spans.get, Claim, Event
    events: list[Event] = []
    append = events.append
    for e in doc["events"]:
        claims = []
        for c in e[4]:
            t = c[3]
            d = get_span(t) or span(t)
            v = c[9]
            relays = tuple(Relay(r[0], r[1], r[2]) for r in c[7]) if c[7] else ()
            claims.append(
                new_claim(
                    c[0],
                    c[1],
                    c[2],
                    d,
                    c[4],
                    c[5],
                    c[6],
                    relays,
                    c[8],
                    values(v) if v else None,
                    c[10],
                    c[11],
                    c[13],
                    c[14],
                    c[12],
                )
            )
        actor_roles = []
        for r in e[6]:
            k = (r[0], r[1])
            ar = roles.get(k)
            if ar is None:
                ar = roles[k] = ActorRole(r[0], r[1])
            actor_roles.append(ar)
        system_uses = []
        for u in e[7]:
            k2 = (u[0], u[1])
            su = uses.get(k2)
            if su is None:
                su = uses[k2] = SystemUse(u[0], qty(u[1]))
            system_uses.append(su)
        t = e[1]
        append(
            new_event(
                e[0],
                get_span(t) or span(t),
                e[2],
                e[3],
                tuple(claims),
                e[5],
                tuple(actor_roles),
                tuple(system_uses),
                tuple(e[8]),
                e[9],
                tuple(Link(lk[0], lk[1]) for lk in e[10]) if e[10] else (),
                e[11],
            )
        )
    return Log(name, schema, sources, actors, systems, tuple(events), units=tuple(doc["units"]))
