"""A cache of parsed logs that answers queries without building the whole log.

Each valid log read is stored once as an indexed SQLite database (standard library ``sqlite3``); a repeated query
reads the small tables (sources, actors, systems) whole, asks the indexes which events can match, and decodes
only those. What holds:

- **Keyed by content.** The entry's name is the SHA-256 of the file's bytes, irru's version, the cache format and
  the layout of the model's records (:data:`irru.logfile.records.LAYOUT`): an edited file, whatever its mtime, is
  never served stale, and no irru reads another's cache.
- **Only valid logs are cached.** A log with problems is parsed every time, with full line and column reporting.
- **Verified as it is read, never trusted.** The table definitions must be the ones irru writes; every record
  decoded is checked for shape, types, dates and references (:mod:`irru.logfile.records`); the actors' ``part_of``
  must not loop; an event's indexed columns must agree with its record. Any failure discards the entry and
  the log is parsed again: an inconsistent cache means a slower run, never a traceback, a hang or a wrong answer.
  No pickle: reading a cache entry cannot run code.
- **Where a user expects it, and nobody else's.** ``$XDG_CACHE_HOME/irru`` (``~/.cache/irru``; a relative
  ``XDG_CACHE_HOME`` is ignored, as the XDG specification says). Every directory on the way from ``/`` is opened
  with ``O_NOFOLLOW`` relative to its parent's descriptor and must belong to the user or root and be writable by
  nobody else (or be sticky, as ``/tmp``); a symbolic link on the way is followed only when the user or root owns
  it. The ``irru`` directory itself must be the user's alone (it is created ``0700``), entries are ``0600``
  regular files, and SQLite reads the very file irru opened and checked (through ``/proc/self/fd`` on Linux).
- **Atomic.** An entry is built in memory, written to a temporary file and renamed into place.
- **Pruned.** After each new entry: temporary files of runs that died more than an hour ago are removed, then
  entries unused for :func:`max_age_days` days (``IRRU_CACHE_MAX_AGE_DAYS``, default 30), then the least recently
  used until the total is at most :func:`max_total_bytes` (``IRRU_CACHE_MAX_MB``, default 1024). ``irru cache
  info`` lists the entries, ``irru cache clear`` removes them.
- **Switchable off:** ``--no-cache`` or ``IRRU_NO_CACHE=1``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import re
import stat
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..model import Actor, Event, Log, Source, System
from . import records

if TYPE_CHECKING:
    import sqlite3

    from ..query import Query

FORMAT = 7  # 1-3: one JSON document per log (schema 1, schema 2, archive records); 4: SQLite with indexes;
# 5: and links by target; 6: and the facts of the as-of-independent view (flags, default order, JSON Lines text,
# usage counts); 7: the same, with the flags of issue 23's rules (relay chains, statements)
SUFFIX = ".sqlite"
TEMP_PREFIX = ".tmp-"
STALE_TEMP_SECONDS = 3600
TOUCH_SECONDS = 3600  # an entry's mtime (its last use) is refreshed at most this often
DEFAULT_MAX_AGE_DAYS = 30
DEFAULT_MAX_MB = 1024
MAX_SQL_VALUES = 500  # longer IN lists are not sent to SQLite; the Python filter alone applies


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "irru"


def key(data: bytes) -> str:
    return f"{hashlib.sha256(data).hexdigest()}-{__version__}-{FORMAT}-{records.LAYOUT}"


def _env_number(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.isdigit() else default


def max_age_days() -> int:
    return _env_number("IRRU_CACHE_MAX_AGE_DAYS", DEFAULT_MAX_AGE_DAYS)


def max_total_bytes() -> int:
    return _env_number("IRRU_CACHE_MAX_MB", DEFAULT_MAX_MB) * 1024 * 1024


# --- the directory: checked from / down, without following links nobody trusted ---------------------


class Unsafe(Exception):
    """The cache directory cannot be used; the message says why."""


class Missing(Unsafe):
    """The cache directory (or one above it) does not exist yet."""


def _uid() -> int:
    return os.getuid() if hasattr(os, "getuid") else 0


def _trusted_dir(st: os.stat_result, path: str) -> None:
    if not stat.S_ISDIR(st.st_mode):
        raise Unsafe(f"{path} is not a directory")
    if st.st_uid not in (_uid(), 0):
        raise Unsafe(f"{path} belongs to another user")
    if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH) and not st.st_mode & stat.S_ISVTX:
        raise Unsafe(f"{path} can be written by other users")


def open_dir(*, create: bool) -> int:
    """A descriptor of the cache directory, every step of its path checked; raises :class:`Unsafe`.

    Not found (and not ``create``) is an Unsafe too: the caller treats both as "no cache".
    """
    target = cache_dir()
    if not hasattr(os, "O_NOFOLLOW") or os.open not in os.supports_dir_fd:
        raise Unsafe("this system cannot open directories safely (no O_NOFOLLOW or dir_fd)")
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    todo = list(reversed(target.parts[1:]))  # a stack: next component last
    fd = os.open("/", flags)
    where = "/"
    links = 0
    try:
        while todo:
            name = todo.pop()
            if name in ("", "."):
                continue
            last = not todo
            try:
                st = os.stat(name, dir_fd=fd, follow_symlinks=False)
            except FileNotFoundError:
                if not create:
                    raise Missing(f"{os.path.join(where, name)} does not exist") from None
                with contextlib.suppress(FileExistsError):
                    os.mkdir(name, 0o700, dir_fd=fd)
                st = os.stat(name, dir_fd=fd, follow_symlinks=False)
            path = os.path.join(where, name)
            if stat.S_ISLNK(st.st_mode):
                if last:
                    raise Unsafe(f"{path} is a symbolic link")
                if st.st_uid not in (_uid(), 0):
                    raise Unsafe(f"{path} is a symbolic link owned by another user")
                links += 1
                if links > 40:
                    raise Unsafe(f"{path}: too many symbolic links")
                dest = os.readlink(name, dir_fd=fd)
                todo.extend(reversed(Path(dest).parts[1:] if dest.startswith("/") else Path(dest).parts))
                if dest.startswith("/"):
                    os.close(fd)
                    fd, where = os.open("/", flags), "/"
                continue
            new = os.open(name, flags, dir_fd=fd)
            os.close(fd)
            fd, where = new, path
            st = os.fstat(fd)
            _trusted_dir(st, path)
            if last:
                if st.st_uid != _uid():
                    raise Unsafe(f"{path} belongs to another user")
                if (
                    st.st_mode
                    & (stat.S_IRWXG | stat.S_IRWXO)
                    & ~(stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH)
                ):
                    raise Unsafe(f"{path} can be written by other users")
        return fd
    except Unsafe:
        os.close(fd)
        raise
    except OSError as e:
        os.close(fd)
        raise Unsafe(f"{where}: {e.strerror or e}") from None


def _entry_fd(dirfd: int, name: str) -> int | None:
    """The entry opened read-only, if it is a regular file of ours that nobody else can write."""
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0), dir_fd=dirfd)
    except OSError:
        return None
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode) or st.st_uid != _uid() or st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        os.close(fd)
        return None
    return fd


def _connect(fd: int, dirfd: int, name: str) -> sqlite3.Connection:
    """A read-only connection to the file open as ``fd`` (the same inode, not whatever the path now names)."""
    import sqlite3

    proc = f"/proc/self/fd/{fd}"
    # Without /proc: the path, in a directory only we can write to.
    path = proc if os.path.exists(proc) else str(cache_dir() / name)
    uri = "file:" + path.replace("%", "%25").replace("?", "%3f").replace("#", "%23") + "?mode=ro&immutable=1"
    return sqlite3.connect(uri, uri=True, check_same_thread=False)


# --- the tables ------------------------------------------------------------------------------------

SCHEMA = (
    "CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT NOT NULL) WITHOUT ROWID",
    "CREATE TABLE sources (seq INTEGER PRIMARY KEY, rec TEXT NOT NULL)",
    "CREATE TABLE actors (seq INTEGER PRIMARY KEY, rec TEXT NOT NULL)",
    "CREATE TABLE systems (seq INTEGER PRIMARY KEY, rec TEXT NOT NULL)",
    "CREATE TABLE events (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, story TEXT,"
    " earliest INTEGER, latest INTEGER, said INTEGER, rec TEXT NOT NULL)",
    # Links by the event they point to: who says it is the same as, fulfils, follows ... a given event.
    "CREATE TABLE event_link (target TEXT NOT NULL, rel TEXT NOT NULL, seq INTEGER NOT NULL,"
    " PRIMARY KEY (target, rel, seq)) WITHOUT ROWID",
    # What queries filter on: (value, event seq). An actor row per role played; `by` rows for speakers;
    # systems used by the event or named in its claims' values; sources carrying a claim or relaying one.
    "CREATE TABLE event_actor (actor TEXT NOT NULL, role TEXT NOT NULL, seq INTEGER NOT NULL,"
    " PRIMARY KEY (actor, role, seq)) WITHOUT ROWID",
    "CREATE TABLE event_by (actor TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (actor, seq)) WITHOUT ROWID",
    "CREATE TABLE event_system (system TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (system, seq)) WITHOUT ROWID",
    "CREATE TABLE event_tag (tag TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (tag, seq)) WITHOUT ROWID",
    "CREATE TABLE event_source (source TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (source, seq)) WITHOUT ROWID",
    # Facts of the as-of-independent view (as_of None: every claim counts), for the planned path (plan()):
    # flag (its index in FLAG_ORDER), pos (rank in the default order: date, then id), type, year and day the
    # event is listed under, top bodies of its actors on that day (a JSON list of names). An event without
    # claims has no row (no query selects it).
    "CREATE TABLE facts (seq INTEGER PRIMARY KEY, pos INTEGER NOT NULL, flag INTEGER NOT NULL, type TEXT NOT NULL,"
    " story TEXT, year TEXT NOT NULL, listed INTEGER, tops TEXT NOT NULL)",
    # By pos: each event's cited sources (a JSON list, in the order --format json lists them) and its JSON Lines
    # text, exactly as `timeline --format jsonl` prints it.
    "CREATE TABLE lines (pos INTEGER PRIMARY KEY, seq INTEGER NOT NULL, cited TEXT NOT NULL, line TEXT NOT NULL)",
)
INDEXES = (
    "CREATE INDEX events_type ON events (type, seq)",
    "CREATE INDEX events_story ON events (story, seq)",
    "CREATE INDEX facts_pos ON facts (pos)",
    "CREATE INDEX facts_type ON facts (type, pos)",
    "CREATE INDEX facts_story ON facts (story, pos)",
)
# (The date and as-of conditions are checked on the rows read, not through an index: see _where.)
_EXPECTED_SQL = sorted(SCHEMA + INDEXES)


def _day(d: Any) -> int | None:
    return d.toordinal() if d is not None else None


def _relayed(claim: Any) -> list[str]:
    """Every source a claim names: its own, ``via``, and (schema 2) each relay's."""
    out = [claim.source]
    if claim.via:
        out.append(claim.via)
    for relay in getattr(claim, "relays", ()) or ():
        if getattr(relay, "source", None):
            out.append(relay.source)
    return out


def _claim_systems(claim: Any) -> list[str]:
    v = claim.values
    if v is None:
        return []
    out = list(v.systems)
    for q in getattr(v, "quantities", ()) or ():
        if getattr(q, "system", None):
            out.append(q.system)
    return out


def build(log: Log, source_key: str, path: str = ":memory:", *, facts: bool = True) -> bytes | None:
    """The whole cache entry for a log: written into the (empty) database file at ``path``, or, by default,
    returned as the bytes of a database built in memory.

    ``facts``: also the facts of the as-of-independent view (flags, order, JSON Lines text, usage counts), which
    cost about as much as the parse itself; ``irru check`` builds an entry without them, and the first command
    that plans a query on it adds them (:func:`load`)."""
    import sqlite3

    db = sqlite3.connect(path)
    try:
        db.execute("PRAGMA journal_mode=OFF")
        db.execute("PRAGMA synchronous=OFF")
        for sql in SCHEMA:
            db.execute(sql)
        dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False).encode
        enc_s, enc_a, enc_y, enc_e = (records.encoder(c) for c in (Source, Actor, System, Event))
        db.executemany(
            "INSERT INTO sources VALUES (?, ?)", ((i, dumps(enc_s(s))) for i, s in enumerate(log.sources.values()))
        )
        db.executemany(
            "INSERT INTO actors VALUES (?, ?)", ((i, dumps(enc_a(a))) for i, a in enumerate(log.actors.values()))
        )
        db.executemany(
            "INSERT INTO systems VALUES (?, ?)", ((i, dumps(enc_y(s))) for i, s in enumerate(log.systems.values()))
        )
        # The index tables, grouped by key: seqs are appended in ascending order, so no sort of the pairs is needed.
        ea: dict[tuple[str, str], list[int]] = {}
        eb: dict[str, list[int]] = {}
        es: dict[str, list[int]] = {}
        et: dict[str, list[int]] = {}
        eso: dict[str, list[int]] = {}
        days: dict[str, tuple[int | None, int | None]] = {}
        found = _Facts(log, db) if facts else None

        def rows() -> Iterator[tuple[Any, ...]]:  # one event at a time: no second copy of the log in memory
            for i, e in enumerate(log.events):
                first = None
                for c in e.claims:
                    last = (days.get(c.date.text) or _bounds(days, c.date))[1]
                    if last is not None and (first is None or last < first):
                        first = last
                bounds = days.get(e.date.text) or _bounds(days, e.date)
                yield (i, e.id, e.type, e.story, bounds[0], bounds[1], first, dumps(enc_e(e)))
                index(i, e)
                if found is not None:
                    found.add(i, e)

        def index(i: int, e: Event) -> None:
            for pair in dict.fromkeys((r.actor, r.role) for r in e.actors):
                ea.setdefault(pair, []).append(i)
            systems: dict[str, None] = dict.fromkeys(u.system for u in e.systems)
            by: dict[str, None] = {}
            cited: dict[str, None] = {}
            for c in e.claims:
                if c.by:
                    by[c.by] = None
                systems.update(dict.fromkeys(_claim_systems(c)))
                cited.update(dict.fromkeys(_relayed(c)))
            for key_, table in ((systems, es), (dict.fromkeys(e.tags), et), (by, eb), (cited, eso)):
                for k in key_:
                    table.setdefault(k, []).append(i)

        db.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows())
        db.executemany(
            "INSERT INTO event_actor VALUES (?, ?, ?)", ((a, r, i) for (a, r) in sorted(ea) for i in ea[(a, r)])
        )
        for table, grouped in (("event_by", eb), ("event_system", es), ("event_tag", et), ("event_source", eso)):
            db.executemany(f"INSERT INTO {table} VALUES (?, ?)", ((k, i) for k in sorted(grouped) for i in grouped[k]))
        if found is not None:
            found.write(db)
        for sql in INDEXES:
            db.execute(sql)
        links = {(lk.event, lk.rel, i) for i, e in enumerate(log.events) for lk in e.links}
        db.executemany("INSERT INTO event_link VALUES (?, ?, ?)", sorted(links))
        meta = {
            "format": str(FORMAT), "version": __version__, "layout": records.LAYOUT, "key": source_key,
            "schema": str(log.schema), "path": log.path, "events": str(len(log.events)), "facts": str(int(facts)),
        }  # fmt: skip
        for extra in LOG_EXTRAS:  # Log's other fields (units): small values, as JSON
            value = getattr(log, extra)
            meta["log:" + extra] = json.dumps(_listed(value))
        from ..tally import actor_usage, source_usage

        for name, usage in (("actors", actor_usage(log)), ("sources", source_usage(log))) if facts else ():
            meta["usage:" + name] = json.dumps({k: [u.events, u.claims] for k, u in usage.items()})
        db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        db.execute("ANALYZE")
        db.commit()
        return db.serialize() if path == ":memory:" else None
    finally:
        db.close()


class _Facts:
    """What the planned path reads instead of decoding events, computed once per event with the very functions
    the query and the renderers use (so the text is the one they would print): its flag, rank in the default
    order, the year and day it is listed under, its actors' top bodies on that day (stats), the sources its
    claims cite (in order: the ``sources`` block of ``--format json``) and its JSON Lines text."""

    BATCH = 2000  # texts are written to a temporary table in batches, not held until the order is known

    def __init__(self, log: Log, db: sqlite3.Connection) -> None:
        from ..confidence import assess
        from ..query import FLAG_ORDER, Row
        from ..render.common import claim_sources, event_record
        from ..render.machine import dumps

        self.log = log
        self.assess, self.row, self.record, self.dumps, self.cited = assess, Row, event_record, dumps, claim_sources
        self.flags = {f: n for n, f in enumerate(FLAG_ORDER)}
        self.facts: list[tuple[Any, ...]] = []
        self.lines: list[tuple[int, str, str]] = []
        self.keys: list[tuple[Any, ...]] = []
        self.db = db
        db.execute("PRAGMA temp_store=FILE")
        db.execute("CREATE TEMP TABLE pending (seq INTEGER PRIMARY KEY, cited TEXT NOT NULL, line TEXT NOT NULL)")

    def add(self, i: int, e: Event) -> None:
        log = self.log
        conf = self.assess(log, e, None)
        if conf is None:  # no claim: no query ever selects it
            return
        d = e.date
        day = d.earliest or d.latest
        year = d.year
        tops = sorted({log.top_at(r.actor, day).name for r in e.actors})
        self.keys.append((d.sort_key(), e.id, len(self.facts)))
        self.facts.append((i, self.flags[conf.flag], e.type, e.story, str(year) if year else "undated", _day(day),
                           json.dumps(tops, ensure_ascii=False)))  # fmt: skip
        line = self.dumps(self.record(log, self.row(e, e.claims, conf)))
        self.lines.append((i, json.dumps(self.cited(e.claims), ensure_ascii=False), line))
        if len(self.lines) >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        self.db.executemany("INSERT INTO pending VALUES (?, ?, ?)", self.lines)
        self.lines.clear()

    def write(self, db: sqlite3.Connection) -> None:
        self.keys.sort()
        pos = [0] * len(self.keys)
        for p, (_key, _id, n) in enumerate(self.keys):
            pos[n] = p
        db.executemany("INSERT INTO facts VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (
            (f[0], pos[n], *f[1:]) for n, f in enumerate(self.facts)))  # fmt: skip
        self.flush()
        db.execute(
            "INSERT INTO lines SELECT f.pos, p.seq, p.cited, p.line FROM facts f JOIN pending p ON p.seq = f.seq"
            " ORDER BY f.pos"
        )
        db.execute("DROP TABLE pending")
        self.facts.clear()


# --- reading: the small tables whole, events on demand ------------------------------------------------


# The Log's fields besides the record tables (schema 2's ``units``): kept in ``meta``, checked when read.
LOG_EXTRAS = tuple(
    f.name
    for f in dataclasses.fields(Log)
    if f.name not in ("path", "schema", "sources", "actors", "systems", "events")
)
ALL_EVENTS = "SELECT seq, type, story, earliest, latest, said, rec FROM events ORDER BY seq"


class CachedLog(Log):
    """A :class:`~irru.model.Log` served from a cache entry: equal to the parsed log in every way.

    ``sources``, ``actors`` and ``systems`` are decoded (and checked) when it opens; ``events`` only when first
    asked for (every one, checked). :meth:`candidates` decodes only the events a query can match. If any record
    proves corrupt, the entry is deleted and the log parsed again (``reparse``), and everything is served from
    that instead.
    """

    _db: sqlite3.Connection
    _discard: Callable[[], None]
    _reparse: Callable[[], Log]
    _parsed: Log | None
    has_facts: bool  # built with the facts of the as-of-independent view (see build)
    _all: tuple[Event, ...] | None
    _ids: dict[str, int] | None
    _days: dict[str, tuple[int | None, int | None]]
    _dec: dict[str, Callable[[Any], Any]]

    def __init__(
        self, db: sqlite3.Connection, name: str, discard: Callable[[], None], reparse: Callable[[], Log]
    ) -> None:
        import sqlite3

        own = self.__dict__
        own.update(_db=db, _discard=discard, _reparse=reparse, _parsed=None, _all=None, _ids=None, _days={})
        try:
            tables = sorted(
                r[0]
                for r in db.execute(
                    r"SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\_%' ESCAPE '\'"
                )
            )
            if tables != _EXPECTED_SQL:
                raise records.Corrupt
            meta = dict(db.execute("SELECT k, v FROM meta").fetchall())
            if (
                meta.get("format") != str(FORMAT)
                or meta.get("layout") != records.LAYOUT
                or not str(meta.get("schema", "")).isdigit()
                or meta.get("facts") not in ("0", "1")
            ):
                raise records.Corrupt
            own["has_facts"] = meta["facts"] == "1"
            sources: dict[str, Source] = {}
            actors: dict[str, Actor] = {}
            systems: dict[str, System] = {}
            own["_dec"] = dec = records.decoders(sources, actors, systems, _EventIds(self))
            rows = db.execute("SELECT rec FROM sources ORDER BY seq").fetchall()
            ids = [_first(r[0]) for r in rows]  # sources cite sources: know every id first
            sources.update(dict.fromkeys(ids))  # type: ignore[arg-type]  # placeholders, each replaced below
            for (rec,) in rows:
                s = dec["Source"](json.loads(rec))
                sources[s.id] = s
            if len(sources) != len(rows) or any(v is None for v in sources.values()):
                raise records.Corrupt
            rows = db.execute("SELECT rec FROM actors ORDER BY seq").fetchall()
            actors.update(dict.fromkeys(_first(r[0]) for r in rows))  # type: ignore[arg-type]  # placeholders, as above
            for (rec,) in rows:
                a = dec["Actor"](json.loads(rec))
                actors[a.id] = a
            if len(actors) != len(rows) or any(v is None for v in actors.values()):
                raise records.Corrupt
            _no_part_of_cycle(actors)
            for (rec,) in db.execute("SELECT rec FROM systems ORDER BY seq"):
                s2 = dec["System"](json.loads(rec))
                if s2.id in systems:
                    raise records.Corrupt
                systems[s2.id] = s2
        except (records.Corrupt, ValueError, TypeError, KeyError, IndexError, RecursionError, sqlite3.Error):
            raise records.Corrupt from None
        extras = {}
        try:
            for extra in LOG_EXTRAS:
                extras[extra] = _plain(json.loads(meta["log:" + extra]))
        except (KeyError, ValueError, RecursionError):
            raise records.Corrupt from None
        for k, v in (
            *extras.items(),
            ("path", name),
            ("schema", int(meta["schema"])),
            ("sources", sources),
            ("actors", actors),
            ("systems", systems),
        ):
            object.__setattr__(self, k, v)

    # Log's field, decoded on first use; a corrupt record found at any point means parsing the log instead.
    @property
    def events(self) -> tuple[Event, ...]:
        if self._parsed is not None:
            return self._parsed.events
        if self._all is None:
            try:
                self.__dict__["_all"] = found = tuple(self._decode(ALL_EVENTS, ()))
            except records.Corrupt:
                return self._fall_back().events
            return found
        return self._all

    @property
    def events_by_id(self) -> Mapping[str, Event]:  # type: ignore[override]  # read-only, so any Mapping will do
        """Every event by id; until all events are decoded, a mapping that decodes the one asked for."""
        if self._parsed is not None:
            return self._parsed.events_by_id
        if self._all is not None:
            by_id = self.__dict__.get("_by_id")
            if by_id is None:
                by_id = self.__dict__["_by_id"] = {e.id: e for e in self._all}
            return by_id
        return _EventsById(self)

    def one(self, event_id: str) -> Event | None:
        """The event with this id, decoded alone (None: no such event)."""
        if self._parsed is not None:
            return self._parsed.events_by_id.get(event_id)
        try:
            found = self._decode(ALL_EVENTS.replace("ORDER BY", "WHERE id = ? ORDER BY"), (event_id,))
        except records.Corrupt:
            return self._fall_back().events_by_id.get(event_id)
        return found[0] if found else None

    def linking(self, targets: Sequence[str], rels: Sequence[str]) -> Sequence[Event]:
        """Every event with a link of one of these relations to one of these events, decoded alone, in file order
        (the caller checks the links: should the index hold more, they are dropped there)."""
        if self._parsed is not None:
            return self._parsed.events
        if not targets or not rels:
            return []
        import sqlite3

        sql = (
            "seq IN (SELECT seq FROM event_link WHERE target IN (SELECT value FROM json_each(?))"
            " AND rel IN (SELECT value FROM json_each(?)))"
        )
        try:
            params = (json.dumps(list(targets)), json.dumps(list(rels)))
            return self._decode(ALL_EVENTS.replace("ORDER BY", f"WHERE {sql} ORDER BY"), params)
        except (records.Corrupt, sqlite3.Error):
            return self._fall_back().events

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Log):
            return NotImplemented
        fields = ("path", "schema", "sources", "actors", "systems", "events", *LOG_EXTRAS)
        return all(getattr(self, f) == getattr(other, f) for f in fields)

    __hash__ = None  # type: ignore[assignment]  # equal to a Log, so as unhashable as one

    def __repr__(self) -> str:
        return f"CachedLog(path={self.path!r}, events={len(self.events)})"

    def _decode(self, sql: str, params: Sequence[Any]) -> list[Event]:
        """The events the statement selects, decoded and checked.

        Decoding allocates many small objects and no cycles, and the log then lives until the command ends: as
        when a log is parsed (:func:`irru.cli.logs.open_log`), the cyclic collector is paused meanwhile and the
        result frozen out of its sight. Without that, a whole-log decode spent most of its time in the
        collector (100,000 events: 19 s instead of a few)."""
        import gc

        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return self._decode_rows(sql, params)
        finally:
            if was_enabled:
                gc.freeze()
                gc.enable()

    def _decode_rows(self, sql: str, params: Sequence[Any]) -> list[Event]:
        import sqlite3

        if self._parsed is not None:
            raise AssertionError("decoding from a discarded cache")
        dec, loads = self._dec["Event"], json.loads
        days = self._days  # span -> (earliest, latest) as day numbers: spans are shared, so this is short
        out = []
        try:
            for _seq, type_, story, earliest, latest, said, rec in self._db.execute(sql, params):
                e = dec(loads(rec))
                d = e.date
                bounds = days.get(d.text) or _bounds(days, d)
                if e.type != type_ or e.story != story or bounds[0] != earliest or bounds[1] != latest:
                    raise records.Corrupt
                first = None
                for c in e.claims:
                    last = (days.get(c.date.text) or _bounds(days, c.date))[1]
                    if last is not None and (first is None or last < first):
                        first = last
                if first != said:
                    raise records.Corrupt
                out.append(e)
            return out
        except (records.Corrupt, ValueError, TypeError, KeyError, IndexError, RecursionError, sqlite3.Error):
            raise records.Corrupt from None

    def _fall_back(self) -> Log:
        """The entry lied: drop it and serve the freshly parsed log from now on."""
        self._discard()
        parsed = self.__dict__["_parsed"] = self._reparse()
        for k in ("sources", "actors", "systems"):
            object.__setattr__(self, k, getattr(parsed, k))
        self.__dict__.pop("events_by_id", None)
        self.__dict__.pop("parts", None)
        return parsed

    def event_index(self) -> dict[str, int]:
        if self._ids is None:
            self.__dict__["_ids"] = ids = dict(self._db.execute("SELECT id, seq FROM events ORDER BY seq").fetchall())
            return ids
        return self._ids

    def candidates(self, q: Query, actors: frozenset[str] | None) -> Sequence[Event] | None:
        """Every event the query can select, in file order (a superset: the query's own test decides).

        ``actors``: the ids an actor filter matches (each actor and its parts). None means "no narrowing
        possible": the caller then goes through :attr:`events`.
        """
        if self._parsed is not None:
            return self._parsed.events
        import sqlite3

        sets, where, params = _where(q, actors)
        if not sets and not where:
            return None
        try:
            if sets:
                seqs: set[int] | None = None
                for sql, args in sets:
                    found = {r[0] for r in self._db.execute(sql, args)}
                    seqs = found if seqs is None else seqs & found
                    if not seqs:
                        return []
                assert seqs is not None
                where.insert(0, "seq IN (SELECT value FROM json_each(?))")
                params.insert(0, json.dumps(sorted(seqs)))
            return self._decode(ALL_EVENTS.replace("ORDER BY", "WHERE " + " AND ".join(where) + " ORDER BY"), params)
        except (records.Corrupt, sqlite3.Error):
            return self._fall_back().events

    # --- the planned path: answers read from the facts of the as-of-independent view, no event decoded ---

    def planned_lines(self, q: Query, *, cited: bool = False) -> Iterator[tuple[tuple[str, ...], str]] | None:
        """The answer to ``q`` as (sources its claims cite, JSON Lines text) per event, in the query's order,
        read row by row; None when :func:`plan` declines the query (or the entry was already found to lie).

        Each text is checked before it is given out (:func:`_sound_line`); one that fails discards the entry,
        and the rest of the answer comes from the log parsed afresh (the same order, so the lines already given
        out stay right). ``cited``: also check and return the cited sources (else an empty tuple)."""
        p = plan(q)
        if p is None or self._parsed is not None or not self.has_facts:
            return None
        return self._stream(p, cited)

    def _stream(self, p: Plan, cited: bool) -> Iterator[tuple[tuple[str, ...], str]]:
        import sqlite3

        where, params = _condition(p.query, self.parts)
        sql = (
            "SELECT e.id, l.cited, l.line FROM facts f JOIN lines l ON l.pos = f.pos JOIN events e ON e.seq = f.seq"
            f" WHERE {where} ORDER BY {_order(p.query)}"
        )
        if p.query.limit is not None:
            sql += " LIMIT ?"
            params.append(p.query.limit)
        from ..render.machine import dumps as as_json

        done = 0
        sources = self.sources
        try:
            for id_, cites, line in self._db.execute(sql, params):
                if type(id_) is not str or type(line) is not str or not _sound_line(line, as_json(id_)):
                    raise records.Corrupt
                got: tuple[str, ...] = ()
                if cited:
                    got = tuple(json.loads(cites))
                    if any(type(s) is not str or s not in sources for s in got):
                        raise records.Corrupt
                yield got, line
                done += 1
        except (records.Corrupt, ValueError, TypeError, RecursionError, sqlite3.Error):
            pass
        else:
            return
        from ..query import run
        from ..render.common import claim_sources, event_record
        from ..render.machine import dumps

        parsed = self._fall_back()
        for row in run(parsed, p.query)[done:]:
            yield tuple(claim_sources(row.claims)), dumps(event_record(parsed, row))

    def planned_count(self, q: Query) -> int | None:
        """How many events :meth:`planned_lines` gives for ``q`` (None: not planned, or the entry is unsound)."""
        import sqlite3

        p = plan(q)
        if p is None or self._parsed is not None or not self.has_facts:
            return None
        where, params = _condition(p.query, self.parts)
        try:
            (n,) = self._db.execute(f"SELECT count(*) FROM facts f WHERE {where}", params).fetchone()
        except sqlite3.Error:
            self._fall_back()
            return None
        if p.query.limit is not None:
            n = min(n, p.query.limit)
        return int(n)

    def planned_counts(self, q: Query, *, by_day: bool = False) -> list[tuple[Any, ...]] | None:
        """For ``irru stats``: the events ``q`` selects, counted by (type, year, top bodies, flag), or with
        ``by_day`` by (the day it is listed under, flag); None when not planned or the entry proves unsound.
        Every value is checked against its vocabulary (flags, event types, actor names)."""
        import sqlite3

        from ..model import EVENT_TYPES
        from ..query import FLAG_ORDER

        p = plan(q)
        if p is None or self._parsed is not None or p.query.limit is not None or not self.has_facts:
            return None
        where, params = _condition(p.query, self.parts)
        groups = "f.listed, f.flag" if by_day else "f.type, f.year, f.tops, f.flag"
        names = {a.name for a in self.actors.values()}
        out: list[tuple[Any, ...]] = []
        try:
            for *keys, n in self._db.execute(f"SELECT {groups}, count(*) FROM facts f WHERE {where} GROUP BY {groups}",
                                             params):  # fmt: skip
                flag = keys[-1]
                if type(flag) is not int or not 0 <= flag < len(FLAG_ORDER) or type(n) is not int:
                    raise records.Corrupt
                if by_day:
                    day = keys[0]
                    if day is not None and (type(day) is not int or not 1 <= day <= _MAX_DAY):
                        raise records.Corrupt
                    out.append((day, FLAG_ORDER[flag], n))
                    continue
                type_, year, tops = keys[0], keys[1], json.loads(keys[2])
                if type_ not in EVENT_TYPES or type(year) is not str or not (year == "undated" or year.isdigit()):
                    raise records.Corrupt
                if type(tops) is not list or any(type(t) is not str or t not in names for t in tops):
                    raise records.Corrupt
                out.append((type_, year, tuple(tops), FLAG_ORDER[flag], n))
        except (records.Corrupt, ValueError, TypeError, RecursionError, sqlite3.Error):
            self._fall_back()
            return None
        return out

    def stored_usage(self, kind: str) -> dict[str, tuple[int, int]] | None:
        """``actors`` or ``sources``: per id, (events, claims) as :mod:`irru.tally` counts them for the whole log,
        stored when the entry was built (None if unsound: then counted from the parsed log)."""
        import sqlite3

        if self._parsed is not None or not self.has_facts:
            return None
        ids = self.actors if kind == "actors" else self.sources
        try:
            row = self._db.execute("SELECT v FROM meta WHERE k = ?", ("usage:" + kind,)).fetchone()
            got = json.loads(row[0]) if row else None
            if type(got) is not dict or set(got) != set(ids):
                raise records.Corrupt
            out = {}
            for k in ids:
                v = got[k]
                if type(v) is not list or len(v) != 2 or any(type(n) is not int or n < 0 for n in v):
                    raise records.Corrupt
                out[k] = (v[0], v[1])
            return out
        except (records.Corrupt, ValueError, TypeError, RecursionError, sqlite3.Error):
            self._fall_back()
            return None

    def distinct(self, kind: str) -> list[str] | None:
        """Every tag (``tags``) or story (``stories``) the log uses, sorted, from the indexes."""
        import sqlite3

        if self._parsed is not None:
            return None
        sql = {"tags": "SELECT DISTINCT tag FROM event_tag", "stories": "SELECT DISTINCT story FROM events"}[kind]
        try:
            found = {r[0] for r in self._db.execute(sql)}
        except sqlite3.Error:
            self._fall_back()
            return None
        found.discard(None)
        found.discard("")
        if any(type(v) is not str for v in found):
            self._fall_back()
            return None
        return sorted(found)


class _EventsById(Mapping[str, Event]):
    """``log.events_by_id`` of a cached log whose events are not all decoded: one event decoded per lookup."""

    def __init__(self, log: CachedLog) -> None:
        self.log = log

    def __getitem__(self, event_id: str) -> Event:
        found = self.log.one(event_id) if isinstance(event_id, str) else None
        if found is None:
            raise KeyError(event_id)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self.log.event_index())

    def __len__(self) -> int:
        return len(self.log.event_index())


class _EventIds:
    """``id in EVENTS``, for links: looked up in the cache's index of event ids."""

    def __init__(self, log: CachedLog) -> None:
        self.log = log

    def __contains__(self, item: object) -> bool:
        return item in self.log.event_index()


def _plain(value: Any, depth: int = 0) -> Any:
    """A Log's extra field as JSON gave it: lists become tuples (``units``, ``files``); scalars stay."""
    if isinstance(value, list) and depth < 3:
        return tuple(_plain(v, depth + 1) for v in value)
    if value is None or type(value) in (str, int, bool):
        return value
    raise records.Corrupt


def _listed(value: Any) -> Any:
    return [_listed(v) for v in value] if isinstance(value, tuple) else value


def _first(rec: str) -> str:
    v = json.loads(rec)
    if type(v) is not list or not v or type(v[0]) is not str:
        raise records.Corrupt
    return v[0]


def _bounds(days: dict[str, tuple[int | None, int | None]], span: Any) -> tuple[int | None, int | None]:
    b = days[span.text] = (_day(span.earliest), _day(span.latest))
    return b


def _said(e: Event) -> int | None:
    said = [c.date.latest for c in e.claims if c.date.latest is not None]
    return _day(min(said)) if said else None


def _no_part_of_cycle(actors: dict[str, Actor]) -> None:
    state: dict[str, int] = {}  # 1: on the current chain, 2: known to reach the top
    for start in actors:
        chain = []
        current: str | None = start
        while current is not None and state.get(current) != 2:
            if state.get(current) == 1:
                raise records.Corrupt
            state[current] = 1
            chain.append(current)
            current = actors[current].part_of
        for a in chain:
            state[a] = 2


def _where(q: Query, actors: frozenset[str] | None) -> tuple[list[tuple[str, list[Any]]], list[str], list[Any]]:
    """What every event the query selects meets (the query applies its exact test after): statements giving the
    ``seq`` of events with a given type, story, tag, actor, system or source (answered from covering indexes and
    intersected), and conditions on the event row itself (dates, as-of), checked as the rows are read."""
    sets: list[tuple[str, list[Any]]] = []

    def marks(items: Sequence[str]) -> str:
        return ", ".join("?" * len(items))

    def small(items: Sequence[str]) -> bool:
        return 0 < len(items) <= MAX_SQL_VALUES

    if small(q.types):
        sets.append((f"SELECT seq FROM events WHERE type IN ({marks(q.types)})", list(q.types)))
    stories = getattr(q, "stories", ())
    if small(stories):
        sets.append((f"SELECT seq FROM events WHERE story IN ({marks(stories)})", list(stories)))
    if small(q.tags):
        sets.append((f"SELECT seq FROM event_tag WHERE tag IN ({marks(q.tags)})", list(q.tags)))
    if actors and small(sorted(actors)):
        wanted = sorted(actors)
        if q.roles:
            sets.append(
                (
                    f"SELECT seq FROM event_actor WHERE actor IN ({marks(wanted)}) AND role IN ({marks(q.roles)})",
                    wanted + list(q.roles),
                )
            )
        else:
            sets.append(
                (f"SELECT seq FROM event_actor WHERE actor IN ({marks(wanted)}) UNION ALL"
                 f" SELECT seq FROM event_by WHERE actor IN ({marks(wanted)})", wanted + wanted)
            )  # fmt: skip
    if small(q.systems):
        sets.append((f"SELECT seq FROM event_system WHERE system IN ({marks(q.systems)})", list(q.systems)))
    if small(q.sources):
        sets.append((f"SELECT seq FROM event_source WHERE source IN ({marks(q.sources)})", list(q.sources)))
    where: list[str] = []
    params: list[Any] = []
    if q.since is not None:
        where.append(_overlap(q.since.earliest, None, params))
    if q.until is not None:
        where.append(_overlap(None, q.until.latest, params))
    if q.on:
        where.append("(" + " OR ".join(f"({_overlap(p.earliest, p.latest, params)})" for p in q.on) + ")")
    if q.as_of is not None:
        where.append("said IS NOT NULL AND said <= ?")
        params.append(q.as_of.toordinal())
    return sets, where, params


def _overlap(lo: Any, hi: Any, params: list[Any]) -> str:
    """An event's span overlaps [lo, hi] (None: unbounded); ``within`` implies it."""
    parts = []
    if hi is not None:
        parts.append("(earliest IS NULL OR earliest <= ?)")
        params.append(hi.toordinal())
    if lo is not None:
        parts.append("(latest IS NULL OR latest >= ?)")
        params.append(lo.toordinal())
    return " AND ".join(parts) if parts else "1"


# --- the planned path: queries the facts answer exactly ------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """A query the cache's columns answer exactly (see :func:`plan`)."""

    query: Query


def plan(q: Query) -> Plan | None:
    """The query, if the facts of the as-of-independent view answer it exactly; else None (the caller then takes
    the general path: candidates from the indexes, decoded, and the query's own test).

    This is the one place that decides. A filter is exact when its SQL condition selects precisely the events
    :func:`irru.query._select` keeps, for every log:

    - ``types``, ``stories``: the event's own type / story, stored as is. Exact.
    - ``tags``: ``event_tag`` holds every tag of every event; the filter is any-of. Exact.
    - ``actors`` (each with its parts, ``log.parts``, as ``query._actor_ok`` expands them): without ``roles``, an
      event matches when one of its actors or one of its claims' speakers is in the family: ``event_actor`` (any
      role) ∪ ``event_by``, every claim counting since as_of is None. With ``roles``: ``event_actor`` rows with
      both, as ``_actor_ok`` asks one actor entry to have both. Exact.
    - ``sources`` alone among the claim filters: ``query._cited`` (own source, relays' sources, ``via``) is the
      set ``event_source`` holds per event (``_relayed``); "one claim cites one of them" is "the event has such a
      row". Exact. With ``stances``, ``speakers``, ``denied_by`` or ``grades`` the claim filters must hold on
      one claim together, which the per-event tables cannot tell: declined.
    - ``confidence``: the flag stored at build time is ``assess(log, event, None)``, the one the query computes
      when ``as_of`` is None. Exact.
    - ``exclude``: each exclusion is a query of its own, dropped with ``NOT (...)``: exact when it is exact by
      these same rules (and has no date, as-of, sort or limit of its own, which exclusions never have).
    - ``sort`` (date, type, confidence), ``reverse``, ``limit``: ``pos`` is each event's rank by
      (``date.sort_key()``, id), a strict order since ids are unique, so ``ORDER BY pos`` is the query's date order
      and its exact reverse; type and confidence sort by the stored type / flag index first, then pos. Exact.

    Declined (not exact, or not proved so): ``as_of`` (the flags and claims change with the day; the facts are
    as of no day); ``grep`` (free text); ``since``/``until``/``on`` and ``within`` (open ends and the date note
    are not modelled in SQL here); ``systems`` (the cache indexes quantity systems too, the query does not) and
    ``categories``; ``between``; a role without an actor; the claim filters above; any value list longer than
    :data:`MAX_SQL_VALUES`."""
    if not _exact(q) or q.as_of is not None or not all(_exact(ex) and _bare(ex) for ex in q.exclude):
        return None
    return Plan(q)


def _exact(q: Query) -> bool:
    if q.grep or q.since is not None or q.until is not None or q.on or q.systems or q.categories or q.between:
        return False
    if q.stances or q.speakers or q.denied_by or q.grades or (q.roles and not q.actors):
        return False
    values = (q.types, q.stories, q.tags, q.actors, q.roles, q.sources, q.confidence)
    return all(len(v) <= MAX_SQL_VALUES for v in values) and q.sort in ("date", "type", "confidence")


def _bare(ex: Query) -> bool:
    return ex.as_of is None and ex.limit is None and not ex.exclude and not ex.reverse and ex.sort == "date"


def _condition(q: Query, parts: Mapping[str, frozenset[str]]) -> tuple[str, list[Any]]:
    """The SQL condition on ``facts f`` that selects exactly what the (planned) query selects."""
    from ..query import FLAG_ORDER

    params: list[Any] = []

    def marks(items: Sequence[Any]) -> str:
        params.extend(items)
        return ", ".join("?" * len(items))

    # With a type or story, the facts are read through their (type|story, pos) index, already in the default
    # order, and the other conditions are tested on those rows: "+" keeps SQLite from driving the query from
    # an actor's, tag's or source's list of events instead (tens of thousands of rows for a large actor).
    lists = "+f.seq" if q.types or q.stories else "f.seq"

    def of(ex: Query, seq: str = "f.seq") -> list[str]:
        conds = []
        if ex.types:
            conds.append(f"f.type IN ({marks(ex.types)})")
        if ex.stories:
            conds.append(f"f.story IN ({marks(ex.stories)})")
        if ex.tags:
            conds.append(f"{seq} IN (SELECT seq FROM event_tag WHERE tag IN ({marks(ex.tags)}))")
        if ex.actors:
            family = sorted(frozenset().union(*(parts[a] for a in ex.actors)))
            if ex.roles:
                conds.append(
                    f"{seq} IN (SELECT seq FROM event_actor WHERE actor IN ({marks(family)})"
                    f" AND role IN ({marks(ex.roles)}))"
                )
            else:
                conds.append(
                    f"{seq} IN (SELECT seq FROM event_actor WHERE actor IN ({marks(family)})"
                    f" UNION SELECT seq FROM event_by WHERE actor IN ({marks(family)}))"
                )
        if ex.sources:
            conds.append(f"{seq} IN (SELECT seq FROM event_source WHERE source IN ({marks(ex.sources)}))")
        if ex.confidence:
            conds.append(f"f.flag IN ({marks([FLAG_ORDER.index(c) for c in ex.confidence])})")
        return conds

    conds = of(q, lists)
    for ex in q.exclude:
        conds.append("NOT (" + (" AND ".join(of(ex)) or "1") + ")")
    return " AND ".join(conds) or "1", params


def _order(q: Query) -> str:
    keys = {"date": ["f.pos"], "type": ["f.type", "f.pos"], "confidence": ["f.flag", "f.pos"]}[q.sort]
    return ", ".join(k + " DESC" for k in keys) if q.reverse else ", ".join(keys)


# What a stored JSON Lines text may never hold raw: C0 controls (JSON escapes them) and what render.machine.dumps
# escapes (DEL, C1, bidi controls and marks, line and paragraph separators, lone surrogates).
_UNSAFE_RAW = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")
_MAX_DAY = 3652059  # date.max.toordinal()


def _sound_line(line: str, id_json: str) -> bool:
    """A stored text may be printed: it is one JSON object that begins with this event's id (``id_json``: the id
    as JSON), and holds no character a terminal would act on (``str.isprintable`` is the fast, stricter test; the
    exact one after)."""
    return (
        line.startswith('{"id": ' + id_json + ", ")
        and line.endswith("}")
        and (line.isprintable() or not _UNSAFE_RAW.search(line))
    )


# --- the entry points the loader uses -----------------------------------------------------------------


@dataclass(frozen=True)
class Origin:
    """Where the bytes came from: the file, its status before it was read, and when the read began."""

    path: str
    before: os.stat_result
    started: float


def load(
    data: bytes,
    name: str,
    reparse: Callable[[], Log] | None = None,
    origin: Origin | None = None,
    *,
    facts: bool = True,
) -> Log | None:
    """The cached log for these bytes, or None on a miss (or an unusable, unsafe or corrupt entry).

    ``reparse`` gives the log parsed afresh; it is called should an entry prove corrupt after it is opened.
    Without it (a workspace of several files), every event is decoded and checked at once and a plain
    :class:`~irru.model.Log` returned.
    ``origin``: the file the bytes were read from, so that the next run can find the entry by its status
    (:func:`load_known`). ``facts``: an entry built without the facts (by ``irru check``) gets them now, from its
    own events (see :func:`_with_facts`)."""
    try:
        dirfd = open_dir(create=False)
    except Unsafe:
        return None
    k = key(data)
    try:
        if reparse is None:
            return _open_whole(dirfd, k, name)
        log = _open_entry(dirfd, k, name, reparse)
        if log is not None and origin is not None:
            _remember(dirfd, origin, k)
        return _with_facts(dirfd, k, name, reparse, log) if facts else log
    finally:
        os.close(dirfd)


def _with_facts(dirfd: int, k: str, name: str, reparse: Callable[[], Log], log: Log | None) -> Log | None:
    """The entry with the facts of the as-of-independent view: an entry built without them (``irru check``) is
    rebuilt from its own events (decoded and checked: no parse of the file) and opened again."""
    if not isinstance(log, CachedLog) or log.has_facts:
        return log
    events = log.events  # every event decoded and checked; a corrupt entry is discarded and the log parsed
    if log._parsed is not None:
        return log
    extras = {extra: getattr(log, extra) for extra in LOG_EXTRAS}
    whole = Log(log.path, log.schema, log.sources, log.actors, log.systems, events, **extras)
    try:
        _build_atomically(dirfd, k + SUFFIX, whole, k)
    except Exception:
        return log
    return _open_entry(dirfd, k, name, reparse) or log


def _open_whole(dirfd: int, k: str, name: str) -> Log | None:
    def no_reparse() -> Log:
        raise records.Corrupt

    log = _open_entry(dirfd, k, name, no_reparse)
    if not isinstance(log, CachedLog):
        return None
    try:
        events = tuple(log._decode(ALL_EVENTS, ()))
    except records.Corrupt:
        _unlink(dirfd, k + SUFFIX)
        return None
    extras = {extra: getattr(log, extra) for extra in LOG_EXTRAS}
    return Log(log.path, log.schema, log.sources, log.actors, log.systems, events, **extras)


def _open_entry(dirfd: int, k: str, name: str, reparse: Callable[[], Log]) -> Log | None:
    entry = k + SUFFIX
    fd = _entry_fd(dirfd, entry)
    if fd is None:
        return None
    try:
        db = _connect(fd, dirfd, entry)
    except Exception:  # sqlite3.Error: not a database we can open
        os.close(fd)
        _unlink(dirfd, entry)
        return None
    finally:
        with contextlib.suppress(OSError):
            os.close(fd)  # sqlite holds its own descriptor of the same file

    def discard() -> None:
        _remove(entry)

    try:
        log = CachedLog(db, name, discard, reparse)
    except records.Corrupt:
        db.close()
        _unlink(dirfd, entry)
        return None
    _touch(dirfd, entry)
    return log


# --- finding an entry without reading the file: its status as last seen -----------------------------------
#
# Reading and hashing a log costs about 1.5 s per GB. A run that hashed a file also notes the file's status
# (device, inode, size, mtime and ctime, to the nanosecond) under "fp-" + a hash of its absolute path; the next
# run whose stat() of that path gives exactly the same status uses the same entry without reading the file.
# Any write to a file sets its ctime to the current time, and no call lets a user set it back, so an edited file
# never matches. To rule out an edit within the clock's granularity of the one noted, the status is noted only
# when the file had not changed for RACY_SECONDS before it was read (git's "racily clean" rule).

RACY_SECONDS = 2.0
FP_PREFIX = "fp-"


def _status(st: os.stat_result) -> list[int]:
    return [st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]


def _fp_name(path: str) -> str:
    return FP_PREFIX + hashlib.sha256(os.path.abspath(path).encode("utf-8", "surrogateescape")).hexdigest()[:40]


def _remember(dirfd: int, origin: Origin, k: str) -> None:
    try:
        after = os.stat(origin.path)
    except OSError:
        return
    if _status(after) != _status(origin.before) or after.st_ctime > origin.started - RACY_SECONDS:
        return
    doc = json.dumps({"path": os.path.abspath(origin.path), "status": _status(after), "key": k})
    name = _fp_name(origin.path)
    with contextlib.suppress(OSError):
        fd = _entry_fd(dirfd, name)
        if fd is not None:
            with os.fdopen(fd, "rb") as f:
                if f.read(4096) == doc.encode("utf-8", "surrogateescape"):
                    return  # already noted
        _write_atomically(dirfd, name, doc.encode("utf-8", "surrogateescape"))


def load_known(
    path: str, before: os.stat_result, name: str, reparse: Callable[[], Log], *, facts: bool = True
) -> Log | None:
    """The cached log for the file at ``path`` if its status is exactly the one noted when it was last hashed."""
    try:
        dirfd = open_dir(create=False)
    except Unsafe:
        return None
    try:
        fd = _entry_fd(dirfd, _fp_name(path))
        if fd is None:
            return None
        with os.fdopen(fd, "rb") as f:
            doc = json.loads(f.read(4096))
        if (
            type(doc) is not dict
            or doc.get("path") != os.path.abspath(path)
            or doc.get("status") != _status(before)
            or type(doc.get("key")) is not str
            or "/" in doc["key"]
            or doc["key"].startswith(".")
        ):
            return None
        log = _open_entry(dirfd, doc["key"], name, reparse)
        return _with_facts(dirfd, doc["key"], name, reparse, log) if facts else log
    except (OSError, ValueError, RecursionError):
        return None
    finally:
        os.close(dirfd)


def _remove(entry: str) -> None:
    try:
        dirfd = open_dir(create=False)
    except Unsafe:
        return
    try:
        _unlink(dirfd, entry)
    finally:
        os.close(dirfd)


def _unlink(dirfd: int, name: str) -> bool:
    try:
        os.unlink(name, dir_fd=dirfd)
        return True
    except OSError:
        return False


def _touch(dirfd: int, name: str) -> None:
    try:
        st = os.stat(name, dir_fd=dirfd, follow_symlinks=False)
        if time.time() - st.st_mtime > TOUCH_SECONDS:
            os.utime(name, dir_fd=dirfd, follow_symlinks=False)
    except (OSError, NotImplementedError):
        pass


def _write_atomically(dirfd: int, name: str, blob: bytes) -> None:
    tmp = f"{TEMP_PREFIX}{os.getpid()}-{os.urandom(4).hex()}{SUFFIX}"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(tmp, flags, 0o600, dir_fd=dirfd)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(blob)
        os.replace(tmp, name, src_dir_fd=dirfd, dst_dir_fd=dirfd)
    except BaseException:
        _unlink(dirfd, tmp)
        raise


def _build_atomically(dirfd: int, name: str, log: Log, k: str, *, facts: bool = True) -> None:
    """Build the entry straight into a temporary file (SQLite writes it through /proc/self/fd, so the file is the
    one created here, in the checked directory), then rename it into place."""
    tmp = f"{TEMP_PREFIX}{os.getpid()}-{os.urandom(4).hex()}{SUFFIX}"
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(tmp, flags, 0o600, dir_fd=dirfd)
    try:
        proc = f"/proc/self/fd/{fd}"
        if os.path.exists(proc):
            build(log, k, proc, facts=facts)
        else:  # no /proc: build in memory and write the bytes
            blob = build(log, k, facts=facts)
            assert blob is not None
            with os.fdopen(os.dup(fd), "wb") as f:
                f.write(blob)
        os.replace(tmp, name, src_dir_fd=dirfd, dst_dir_fd=dirfd)
    except BaseException:
        _unlink(dirfd, tmp)
        raise
    finally:
        os.close(fd)


def store(data: bytes, log: Log, origin: Origin | None = None, *, facts: bool = True) -> None:
    """Write the cache entry atomically, then prune; any failure only means there is no cache. ``facts``: see
    :func:`build`."""
    try:
        dirfd = open_dir(create=True)
    except Unsafe:
        return
    try:
        k = key(data)
        _build_atomically(dirfd, k + SUFFIX, log, k, facts=facts)
        if origin is not None:
            _remember(dirfd, origin, k)
        prune(dirfd, keep=k + SUFFIX)
    except Exception:
        return
    finally:
        os.close(dirfd)


# --- listing, pruning, clearing -------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    name: str
    size: int
    used: float  # mtime: the last use (refreshed at most hourly)
    path: str | None = None  # the log it was built from, as named then
    events: int | None = None


def _listing(dirfd: int) -> Iterator[tuple[str, os.stat_result]]:
    for name in os.listdir(dirfd):
        try:
            st = os.stat(name, dir_fd=dirfd, follow_symlinks=False)
        except OSError:
            continue
        if stat.S_ISREG(st.st_mode):
            yield name, st


def _is_entry(name: str) -> bool:
    return not name.startswith(".") and (name.endswith(SUFFIX) or name.endswith(".json"))


def prune(dirfd: int, *, keep: str | None = None, now: float | None = None) -> list[str]:
    """Remove stale temporary files, entries unused for too long, then the least recently used over the size
    limit (never ``keep``). Returns the names removed."""
    now = time.time() if now is None else now
    removed = []
    entries = []
    for name, st in _listing(dirfd):
        if name.startswith(TEMP_PREFIX):
            if now - st.st_mtime > STALE_TEMP_SECONDS and _unlink(dirfd, name):
                removed.append(name)
        elif name.startswith(FP_PREFIX):
            if st.st_mtime < now - max_age_days() * 86400 and _unlink(dirfd, name):
                removed.append(name)
        elif _is_entry(name):
            entries.append((st.st_mtime, name, st.st_size))
    entries.sort(reverse=True)  # newest first
    total, limit, oldest = 0, max_total_bytes(), now - max_age_days() * 86400
    for mtime, name, size in entries:
        if name != keep and (mtime < oldest or total + size > limit):
            if _unlink(dirfd, name):
                removed.append(name)
            continue
        total += size
    return removed


def entries() -> list[Entry]:
    """The cache's entries, most recently used first (raises :class:`Unsafe` when the directory is unusable)."""
    dirfd = open_dir(create=False)
    try:
        out = []
        for name, st in _listing(dirfd):
            if not _is_entry(name):
                continue
            path, events = None, None
            if name.endswith(SUFFIX):
                path, events = _describe(dirfd, name)
            out.append(Entry(name, st.st_size, st.st_mtime, path, events))
        return sorted(out, key=lambda e: (-e.used, e.name))
    finally:
        os.close(dirfd)


def _describe(dirfd: int, name: str) -> tuple[str | None, int | None]:
    import sqlite3

    fd = _entry_fd(dirfd, name)
    if fd is None:
        return None, None
    try:
        db = _connect(fd, dirfd, name)
        try:
            meta = dict(db.execute("SELECT k, v FROM meta").fetchall())
        finally:
            db.close()
    except sqlite3.Error:
        return None, None
    finally:
        os.close(fd)
    events = meta.get("events")
    return (str(meta["path"]) if "path" in meta else None), (int(str(events)) if str(events).isdigit() else None)


def clear() -> tuple[int, int]:
    """Remove every entry and temporary file; returns (files removed, bytes freed). Raises :class:`Unsafe`."""
    dirfd = open_dir(create=False)
    try:
        count = freed = 0
        for name, st in list(_listing(dirfd)):
            if (_is_entry(name) or name.startswith((TEMP_PREFIX, FP_PREFIX))) and _unlink(dirfd, name):
                count += 1
                freed += st.st_size
        return count, freed
    finally:
        os.close(dirfd)
