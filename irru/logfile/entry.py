"""A cache entry: its tables, how it is built from a log, and the log it serves (:class:`CachedLog`).

The directory, keys, and the life of entries are :mod:`irru.logfile.cache`'s; which queries the stored facts
answer, and the SQL that answers them, :mod:`irru.logfile.planner`'s. The facts themselves (flags, JSON Lines
texts, usage counts) are computed by the core and handed in as a :class:`FactsMaker` (:mod:`irru.viewfacts`):
this layer stores and verifies them, and knows nothing of rules or output formats.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import json
import re
from collections.abc import Callable, Collection, Container, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from .. import __version__
from ..model import EVENT_TYPES, Actor, Claim, Event, Log, Source, System
from . import planner, records

if TYPE_CHECKING:
    import sqlite3

    from ..query import Query

FORMAT = 10  # 1-3: one JSON document per log (schema 1, schema 2, archive records); 4: SQLite with indexes;
# 5: and links by target; 6: and the facts of the as-of-independent view (flags, default order, JSON Lines text,
# usage counts); 7: every table verified (digests and row counts in meta, a seal on each stored text); 8: the facts
# hold each event's days (date filters) and claim days (as-of), and its searched text (grep) is stored; 9: and
# the hash of each event's text (chunks), so that the next version of the file re-parses only what changed; 10:
# and the frame of the unfiltered answer (count, flags, the events at its ends), under the stored digest


class EventFacts(NamedTuple):
    """What the planned path stores for one event (see :class:`FactsMaker`)."""

    flag: int  # its flag as of no day: an index in FactsMaker.flags
    year: str  # the year it is listed under ("undated" if none)
    listed: int | None  # the day it is listed under (an ordinal), if any
    tops: tuple[str, ...]  # its actors' top bodies on that day, by name, sorted
    cited: tuple[str, ...]  # the sources its claims cite, in the order --format json lists them
    line: str  # its JSON Lines text, exactly as `timeline --format jsonl` prints it
    text: str  # the text --grep searches in it (every claim counting), casefolded as the query compares it


class FactsMaker(Protocol):
    """What computes the facts a cache entry stores for the planned path; the core provides it
    (:class:`irru.viewfacts.ViewFacts`), the cache stores what it gives and checks it when read."""

    @property
    def flags(self) -> Sequence[str]:
        """Every flag name, in the order of the query's sort (their stored indexes)."""
        ...

    def event(self, log: Log, e: Event) -> EventFacts | None:
        """The facts of one event (None: it has no claim, so no query selects it)."""
        ...

    def usage(self, log: Log) -> dict[str, dict[str, tuple[int, int]]]:
        """``actors`` and ``sources``: per id, (events, claims) for the whole log."""
        ...

    def rows(self, log: Log, q: Query, events: Iterable[Event]) -> Iterator[tuple[Event, int, tuple[str, ...], str]]:
        """Each of ``events`` that ``q`` selects, computed afresh (as of ``q.as_of``): the event, its flag's index
        in :attr:`flags`, the sources its claims cite and its JSON Lines text (for the events whose stored facts
        do not answer an as-of query: some of their claims were not yet made that day)."""
        ...

    def answer(self, log: Log, q: Query) -> Iterator[tuple[tuple[str, ...], str]]:
        """What the planned path gives for ``q`` (cited sources, JSON Lines text per event), computed from a log:
        where a stored answer proves unsound part way, the rest comes from here."""
        ...

    def id_json(self, event_id: str) -> str:
        """An event id as its JSON Lines text writes it."""
        ...


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
    # Facts of the as-of-independent view (as_of None: every claim counts), for the planned path (planner.plan()):
    # flag (its index in the maker's flags, kept in meta), pos (rank in the default order: date, then id), type,
    # year and day the event is listed under, top bodies of its actors on that day (a JSON list of names); its
    # date's earliest and latest days and, for an open end, the last day of its known start (date filters:
    # planner.dated); the first day one of its claims counts (said) and the day from which all of them do (known;
    # NULL if one never does), as --as-of counts them (Span.known_last). Days are ordinals, NULL where unbounded.
    # An event without claims has no row (no query selects it).
    "CREATE TABLE facts (seq INTEGER PRIMARY KEY, pos INTEGER NOT NULL, flag INTEGER NOT NULL, type TEXT NOT NULL,"
    " story TEXT, year TEXT NOT NULL, listed INTEGER, tops TEXT NOT NULL, earliest INTEGER, latest INTEGER,"
    " opened INTEGER, said INTEGER, known INTEGER)",
    # The text --grep searches in each event of the facts, casefolded (FactsMaker gives it): a substring test in SQL
    # (instr) is then the query's own test.
    "CREATE TABLE texts (seq INTEGER PRIMARY KEY, text TEXT NOT NULL)",
    # By pos: each event's cited sources (a JSON list, in the order --format json lists them) and its JSON Lines
    # text, exactly as `timeline --format jsonl` prints it; its seal (_seal) is checked as the row is read.
    "CREATE TABLE lines (pos INTEGER PRIMARY KEY, seq INTEGER NOT NULL, cited TEXT NOT NULL, line TEXT NOT NULL,"
    " seal TEXT NOT NULL)",
    # Each event's text in the file (irru.logfile.reuse): the line its item starts on and a hash of its bytes;
    # seq -1 is the head, every byte before the first event. Empty when the file's events could not be split.
    "CREATE TABLE chunks (seq INTEGER PRIMARY KEY, line INTEGER NOT NULL, hash TEXT NOT NULL)",
)
INDEXES = (
    "CREATE INDEX events_type ON events (type, seq)",
    "CREATE INDEX events_story ON events (story, seq)",
    "CREATE UNIQUE INDEX facts_pos ON facts (pos)",
    "CREATE INDEX lines_seq ON lines (seq)",  # also what makes counting the rows cheap
    "CREATE INDEX facts_type ON facts (type, pos)",
    "CREATE INDEX facts_story ON facts (story, pos)",
)
# (The date and as-of conditions are checked on the rows read, not through an index: see planner.narrowing.)
_EXPECTED_SQL = sorted(SCHEMA + INDEXES)

# Every table is verified before anything it says is used, or the entry is discarded:
# - sources, actors, systems: every record decoded and checked when the entry opens, and their number;
# - events: their number when the entry opens; each record checked as it is decoded, against its row's columns;
# - the tables below, whose rows are read by SQL without being decoded (the index tables, the facts, the
#   events' columns): a digest of the whole table (its rows in key order) in meta, compared the first time a
#   run's query depends on the table (:meth:`CachedLog._verify`): about 2 us per row;
# - lines: each stored text's seal (position, event, cited sources, text) as it is read, and their number;
# - meta's usage counts and flag names: a digest of them.
FACT_DAYS = ("earliest", "latest", "opened", "said", "known")  # the facts' day columns (see SCHEMA)
DIGESTED = {
    "events": ("seq", ("seq", "id", "type", "story", "earliest", "latest", "said")),
    "event_link": ("target, rel, seq", ("target", "rel", "seq")),
    "event_actor": ("actor, role, seq", ("actor", "role", "seq")),
    "event_by": ("actor, seq", ("actor", "seq")),
    "event_system": ("system, seq", ("system", "seq")),
    "event_tag": ("tag, seq", ("tag", "seq")),
    "event_source": ("source, seq", ("source", "seq")),
    "facts": ("seq", ("seq", "pos", "flag", "type", "story", "year", "listed", "tops", *FACT_DAYS)),
    "texts": ("seq", ("seq", "text")),
    "chunks": ("seq", ("seq", "line", "hash")),
}
STORED = ("flags", "usage:actors", "usage:sources", "frame")  # meta's values the planned path reads, one digest
_FRAME_SQL = (
    "SELECT f.flag, count(*), max(length(e.id)), min(e.earliest), max(e.latest) FROM facts f JOIN events e"
    " ON e.seq = f.seq{where} GROUP BY f.flag"
)  # what a human format prints before its first row: per flag, one pass over the selection
_ENDS = "(e.earliest IS NULL OR e.earliest = ? OR e.latest IS NULL OR e.latest = ?)"  # may hold its first/last day


def _digest(db: sqlite3.Connection, table: str) -> str:
    """The table's rows, in key order, hashed: its row count and the SHA-256 of every value (quoted by SQLite, so
    types and NULLs count)."""
    order, columns = DIGESTED[table]
    row = " || char(31) || ".join(f"quote({c})" for c in columns)
    sql = f"SELECT group_concat(r, char(30)), count(*) FROM (SELECT {row} AS r FROM {table} ORDER BY {order})"
    text, n = db.execute(sql).fetchone()
    return f"{n}:{hashlib.sha256((text or '').encode('utf-8', 'surrogatepass')).hexdigest()}"


def _seal(pos: int, seq: int, cited: str, line: str) -> str:
    """A stored text's seal: what it says, where it stands and whose it is, hashed."""
    body = f"{pos}\x1f{seq}\x1f{cited}\x1f{line}".encode("utf-8", "surrogatepass")
    return hashlib.blake2b(body, digest_size=12).hexdigest()


def _frame_of(db: sqlite3.Connection) -> str:
    """The unfiltered answer's frame, as :meth:`CachedLog.planned_frame` computes it, for the entry to store:
    the flags' counts (flag index, count) in the order SQL gives them, the widest id, and the positions of the
    events that may hold its first or last day. A human format then prints its first row without reading, and
    so without verifying, the whole facts table."""
    widest, first, last, counts = 0, None, None, []
    for flag, k, wide, lo, hi in db.execute(_FRAME_SQL.format(where="")):
        counts.append([flag, k])
        widest = max(widest, wide)
        first = lo if first is None or (lo is not None and lo < first) else first
        last = hi if last is None or (hi is not None and hi > last) else last
    ends = db.execute(
        f"SELECT f.pos FROM facts f JOIN events e ON e.seq = f.seq WHERE {_ENDS} ORDER BY f.pos", [first, last]
    )
    return json.dumps({"counts": counts, "widest": widest, "ends": [pos for (pos,) in ends]})


def _stored_digest(meta: Mapping[str, Any]) -> str:
    body = "\x1e".join(str(meta.get(k)) for k in STORED).encode("utf-8", "surrogatepass")
    return hashlib.sha256(body).hexdigest()


def _day(d: Any) -> int | None:
    return d.toordinal() if d is not None else None


def _relayed(claim: Claim) -> list[str]:
    """Every source a claim names: its own, ``via``, and (schema 2) each relay's."""
    out = [claim.source]
    if claim.via:
        out.append(claim.via)
    out.extend(relay.source for relay in claim.relays if relay.source)
    return out


def _claim_systems(claim: Claim) -> list[str]:
    v = claim.values
    if v is None:
        return []
    return [*v.systems, *(q.system for q in v.quantities if q.system)]


def build(
    log: Log,
    source_key: str,
    path: str = ":memory:",
    *,
    facts: FactsMaker | None = None,
    chunks: Sequence[tuple[int, int, str]] = (),
) -> bytes | None:
    """The whole cache entry for a log: written into the (empty) database file at ``path``, or, by default,
    returned as the bytes of a database built in memory.

    ``facts``: what computes the facts of the as-of-independent view (flags, order, JSON Lines text, usage
    counts), which cost about as much as the parse itself; ``irru check`` builds an entry without them, and the
    first command that plans a query on it adds them (:func:`irru.logfile.cache.load`). ``chunks``: the rows of
    the table of the same name (:func:`irru.logfile.reuse.rows`)."""
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
        found = _Facts(log, db, facts) if facts is not None else None

        def rows() -> Iterator[tuple[Any, ...]]:  # one event at a time: no second copy of the log in memory
            for i, e in enumerate(log.events):
                first = None
                every: int | None = -1  # the day from which every claim counts (None: one never does)
                for c in e.claims:
                    lo, hi = days.get(c.date.text) or _bounds(days, c.date)
                    last = hi if hi is not None else lo  # Span.known_last, as confidence.claims_as_of counts
                    if last is not None and (first is None or last < first):
                        first = last
                    if last is None or every is None:
                        every = None
                    elif last > every:
                        every = last
                bounds = days.get(e.date.text) or _bounds(days, e.date)
                yield (i, e.id, e.type, e.story, bounds[0], bounds[1], first, dumps(enc_e(e)))
                index(i, e)
                if found is not None:
                    start = e.date.start
                    found.add(i, e, (*bounds, _day(start.last) if start is not None else None, first, every))

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
        db.executemany("INSERT INTO chunks VALUES (?, ?, ?)", chunks)
        meta = {
            "format": str(FORMAT), "version": __version__, "layout": records.LAYOUT, "key": source_key,
            "schema": str(log.schema), "path": log.path, "events": str(len(log.events)),
            "facts": str(int(facts is not None)),
        }  # fmt: skip
        for extra in LOG_EXTRAS:  # Log's other fields (units): small values, as JSON
            value = getattr(log, extra)
            meta["log:" + extra] = json.dumps(_listed(value))
        if facts is not None:
            meta["flags"] = json.dumps(list(facts.flags))
            for name, usage in facts.usage(log).items():
                meta["usage:" + name] = json.dumps({k: list(v) for k, v in usage.items()})
            meta["frame"] = _frame_of(db)
            meta["digest:stored"] = _stored_digest(meta)
            meta["rows:lines"] = str(db.execute("SELECT count(*) FROM lines").fetchone()[0])
        for name, n in (("sources", log.sources), ("actors", log.actors), ("systems", log.systems)):
            meta["rows:" + name] = str(len(n))
        for table in DIGESTED:
            meta["digest:" + table] = _digest(db, table)
        db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        db.execute("ANALYZE")
        db.commit()
        return db.serialize() if path == ":memory:" else None
    finally:
        db.close()


class _Facts:
    """What the planned path reads instead of decoding events: per event, the facts the maker computes (with the
    very functions the query and the renderers use, so the text is the one they would print), and its rank in
    the default order."""

    BATCH = 2000  # texts are written to a temporary table in batches, not held until the order is known

    def __init__(self, log: Log, db: sqlite3.Connection, maker: FactsMaker) -> None:
        self.log = log
        self.maker = maker
        self.facts: list[tuple[Any, ...]] = []
        self.lines: list[tuple[int, str, str]] = []
        self.texts: list[tuple[int, str]] = []
        self.keys: list[tuple[Any, ...]] = []
        self.db = db
        db.execute("PRAGMA temp_store=FILE")
        db.execute("CREATE TEMP TABLE pending (seq INTEGER PRIMARY KEY, cited TEXT NOT NULL, line TEXT NOT NULL)")

    def add(self, i: int, e: Event, days: tuple[int | None, ...]) -> None:
        """``days``: the event's earliest, latest, known start's last, said and known days (see SCHEMA)."""
        got = self.maker.event(self.log, e)
        if got is None:  # no claim: no query ever selects it
            return
        self.keys.append((e.date.sort_key(), e.id, len(self.facts)))
        self.facts.append((i, got.flag, e.type, e.story, got.year, got.listed,
                           json.dumps(list(got.tops), ensure_ascii=False), *days))  # fmt: skip
        self.lines.append((i, json.dumps(list(got.cited), ensure_ascii=False), got.line))
        self.texts.append((i, got.text))
        if len(self.lines) >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        self.db.executemany("INSERT INTO pending VALUES (?, ?, ?)", self.lines)
        self.db.executemany("INSERT INTO texts VALUES (?, ?)", self.texts)
        self.lines.clear()
        self.texts.clear()

    def write(self, db: sqlite3.Connection) -> None:
        self.keys.sort()
        pos = [0] * len(self.keys)
        for p, (_key, _id, n) in enumerate(self.keys):
            pos[n] = p
        db.executemany("INSERT INTO facts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", (
            (f[0], pos[n], *f[1:]) for n, f in enumerate(self.facts)))  # fmt: skip
        self.flush()
        ordered = db.execute(
            "SELECT f.pos, p.seq, p.cited, p.line FROM facts f JOIN pending p ON p.seq = f.seq ORDER BY f.pos"
        )
        sealed = ((*r, _seal(*r)) for batch in iter(lambda: ordered.fetchmany(self.BATCH), []) for r in batch)
        db.executemany("INSERT INTO lines VALUES (?, ?, ?, ?, ?)", sealed)
        db.execute("DROP TABLE pending")
        self.facts.clear()


# --- reading: the small tables whole, events on demand ------------------------------------------------


# The Log's fields besides the record tables (schema 2's ``units``): kept in ``meta``, checked when read.
LOG_EXTRAS = tuple(
    f.name
    for f in dataclasses.fields(Log)
    if f.name not in ("path", "schema", "sources", "actors", "systems", "events")
)
_EVIDENCE = [f.name for f in dataclasses.fields(Event)].index("evidence")  # its place in an event's record
ALL_EVENTS = "SELECT seq, id, type, story, earliest, latest, said, rec FROM events ORDER BY seq"


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
    _maker: FactsMaker | None  # what computed the facts (and computes them again should the entry lie)
    _meta: dict[str, Any]  # the meta table: what the entry says of itself, digests included
    _verified: set[str]  # the tables whose digest was checked in this run
    has_facts: bool  # built with the facts of the as-of-independent view (see build), by this maker's flags
    _all: tuple[Event, ...] | None
    _ids: dict[str, int] | None
    _days: dict[str, tuple[int | None, int | None]]
    _dec: dict[str, Callable[[Any], Any]]

    def __init__(
        self,
        db: sqlite3.Connection,
        name: str,
        discard: Callable[[], None],
        reparse: Callable[[], Log],
        maker: FactsMaker | None = None,
    ) -> None:
        import sqlite3

        own = self.__dict__
        own.update(_db=db, _discard=discard, _reparse=reparse, _parsed=None, _all=None, _ids=None, _days={})
        own.update(_maker=maker, _verified=set())
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
            own["has_facts"] = (
                meta["facts"] == "1" and maker is not None and meta.get("flags") == json.dumps(list(maker.flags))
            )
            own["_meta"] = meta
            (n,) = db.execute("SELECT count(*) FROM events").fetchone()  # through an index: a few ms at 100k
            if str(n) != meta.get("events"):
                raise records.Corrupt
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
            if [meta.get("rows:" + k) for k in ("sources", "actors", "systems")] != [
                str(len(found)) for found in (sources, actors, systems)
            ]:
                raise records.Corrupt
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
        import sqlite3

        try:
            found = self._decode(ALL_EVENTS.replace("ORDER BY", "WHERE id = ? ORDER BY"), (event_id,))
            if not found:
                self._verify("events")  # "no such event" only if the ids are the ones stored
        except (records.Corrupt, sqlite3.Error):
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
            self._verify("event_link")
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

    def _decode(
        self,
        sql: str,
        params: Sequence[Any],
        moved: tuple[Callable[[Any], Event], list[int], dict[int, int]] | None = None,
    ) -> list[Event]:
        """The events the statement selects, decoded and checked. ``moved``: a decoder made with a shift, that
        shift's cell, and by seq the lines to move each event by (see :meth:`reused_events`).

        Decoding allocates many small objects and no cycles, and the log then lives until the command ends: as
        when a log is parsed (:func:`irru.cli.logs.open_log`), the cyclic collector is paused meanwhile and the
        result frozen out of its sight. Without that, a whole-log decode spent most of its time in the
        collector (100,000 events: 19 s instead of a few)."""
        import gc

        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return self._decode_rows(sql, params, moved)
        finally:
            if was_enabled:
                gc.freeze()
                gc.enable()

    def _decode_rows(
        self, sql: str, params: Sequence[Any], moved: tuple[Callable[[Any], Event], list[int], dict[int, int]] | None
    ) -> list[Event]:
        import sqlite3

        if self._parsed is not None:
            raise AssertionError("decoding from a discarded cache")
        dec, loads = self._dec["Event"], json.loads
        shift: list[int] = []
        lines: dict[int, int] = {}
        if moved is not None:
            dec, shift, lines = moved
        days = self._days  # span -> (earliest, latest) as day numbers: spans are shared, so this is short
        out = []
        try:
            for seq, id_, type_, story, earliest, latest, said, rec in self._db.execute(sql, params):
                if moved is not None:
                    if seq not in lines:
                        continue  # not re-used: that text changed
                    shift[0] = lines[seq]
                e = dec(loads(rec))
                d = e.date
                bounds = days.get(d.text) or _bounds(days, d)
                if e.id != id_ or e.type != type_ or e.story != story or bounds[0] != earliest or bounds[1] != latest:
                    raise records.Corrupt
                first = None
                for c in e.claims:
                    lo, hi = days.get(c.date.text) or _bounds(days, c.date)
                    last = hi if hi is not None else lo  # Span.known_last, as confidence.claims_as_of counts
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

    def _verify(self, *tables: str) -> None:
        """Raise Corrupt unless each table (a key of :data:`DIGESTED`, or ``stored``: meta's flags and usage
        counts, or ``lines``: their number) is as the entry was built; each is checked once per run."""
        meta = self._meta
        for table in tables:
            if table in self._verified:
                continue
            if table == "stored":
                ok = meta.get("digest:stored") == _stored_digest(meta)
            elif table == "lines":
                (n,) = self._db.execute("SELECT count(*) FROM lines").fetchone()
                (m,) = self._db.execute("SELECT count(*) FROM facts").fetchone()
                ok = str(n) == str(m) == meta.get("rows:lines")
            else:
                ok = meta.get("digest:" + table) == _digest(self._db, table)
            if not ok:
                raise records.Corrupt
            self._verified.add(table)

    def _verify_sql(self, sql: str) -> None:
        """Verify the tables a statement reads without decoding their rows."""
        self._verify(*(t for t in DIGESTED if re.search(rf"\b{t}\b", sql)))

    # --- re-use by the next version of the file (irru.logfile.reuse) ---

    def chunk_rows(self) -> list[tuple[int, int, str]]:
        """The entry's ``chunks`` table (verified), by seq; empty when it is. Raises Corrupt."""
        import sqlite3

        try:
            self._verify("chunks")
            rows = self._db.execute("SELECT seq, line, hash FROM chunks ORDER BY seq").fetchall()
        except sqlite3.Error:
            raise records.Corrupt from None
        if not rows:
            return []
        n = int(self._meta["events"])
        if len(rows) != n + 1 or any(type(h) is not str or type(line) is not int for _s, line, h in rows):
            raise records.Corrupt
        if [r[0] for r in rows] != list(range(-1, n)):
            raise records.Corrupt
        return rows

    def close(self) -> None:
        """Let go of the entry's database (a log re-using its events no longer needs it)."""
        self._db.close()

    def patchable(self, seqs: Collection[int], ids: Container[str]) -> bool:
        """Whether these events may be served as they are asked for in the log whose event ids are ``ids``
        (:class:`PatchedLog`): every event they link to is one of ``ids`` (links by target, verified), and no event
        of the entry holds an analysis of competing hypotheses (its ratings are checked against other events
        when the log is read; a decoded event that holds one is treated as a corrupt record). Raises Corrupt."""
        import sqlite3

        try:
            self._verify("event_link")
            for target, seq in self._db.execute("SELECT target, seq FROM event_link"):
                if seq in seqs and target not in ids:
                    return False
            at = f"$[{_EVIDENCE}]"
            (n,) = self._db.execute(f"SELECT count(*) FROM events WHERE json_array_length(rec, '{at}') > 0").fetchone()
        except sqlite3.Error:
            raise records.Corrupt from None
        return bool(n == 0)

    def ids_by_seq(self) -> dict[int, str]:
        """Every event's id by seq, from the events' columns (verified). Raises Corrupt."""
        found = self.__dict__.get("_by_seq")
        if found is None:
            found = self.__dict__["_by_seq"] = {seq: id_ for id_, seq in self.event_index().items()}
        return found

    def reused_events(self, wanted: Sequence[tuple[int, int]], events: Container[str]) -> dict[int, Event]:
        """The events at these seqs, each with its lines moved by the number given, decoded and checked as any
        (their references to events against ``events``: the ids of the log they now belong to). Raises Corrupt."""
        shift = [0]
        dec = records.decoders(self.sources, self.actors, self.systems, events, shift)["Event"]
        lines = dict(wanted)
        sql = ALL_EVENTS.replace("ORDER BY", "WHERE seq IN (SELECT value FROM json_each(?)) ORDER BY")
        found = self._decode(sql, (json.dumps(list(lines)),), (dec, shift, lines))
        if len(found) != len(lines):
            raise records.Corrupt
        return dict(zip(sorted(lines), found, strict=True))

    def event_index(self) -> dict[str, int]:
        """Every event's id and seq, from the events' columns (verified: raises Corrupt if they are not)."""
        if self._ids is None:
            self._verify("events")
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

        sets, where, params = planner.narrowing(q, actors)
        if not sets and not where:
            return None
        try:
            self._verify_sql(" ".join(sql for sql, _args in sets))  # the index tables asked
            if where:
                self._verify("events")  # their day columns, tested before any row is decoded
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
        p = planner.plan(q)
        if p is None or self._parsed is not None or not self.has_facts or self._maker is None:
            return None
        return self._stream(p, self._maker, cited)

    def _selection(self, p: planner.Plan, maker: FactsMaker) -> tuple[str, list[Any], list[_Fresh]]:
        """What the planned query selects: the condition on ``facts f`` for the stored rows (as of a day, those
        whose every claim counts by then; with a limit, from the lowest position kept) and its parameters, and
        the rows computed afresh (as of a day, the events only some of whose claims count by then), in the
        query's order. Raises Corrupt (or an SQLite error) if the entry proves unsound; the tables read are
        verified. Kept for the run: a count then the lines cost one computation."""
        known: dict[Query, tuple[str, list[Any], list[_Fresh]]] = self.__dict__.setdefault("_selected", {})
        found = known.get(p.query)
        if found is not None:
            return found
        q = p.query
        where, params = planner.condition(q, self.parts, maker.flags)
        if where != "1":
            self._verify("facts")
            self._verify_sql(where)
        fresh: list[_Fresh] = []
        loose = p.unsettled
        if loose is not None:
            (settled, more), (unsettled, args) = planner.as_of(q)
            self._verify("facts")
            narrow, also = planner.condition(loose, self.parts, maker.flags)
            self._verify_sql(narrow)
            rows = self._db.execute(f"SELECT f.seq, f.pos FROM facts f WHERE {unsettled} AND {narrow}", args + also)
            at = dict(rows.fetchall())
            if any(type(k) is not int or type(v) is not int for k, v in at.items()):
                raise records.Corrupt
            events = self._decode(ALL_EVENTS.replace("ORDER BY", "WHERE seq IN (SELECT value FROM json_each(?))"
                                                     " ORDER BY"), (json.dumps(sorted(at)),))  # fmt: skip
            seqs = {e.id: seq for seq, e in zip(sorted(at), events, strict=True)}  # decoded in seq order
            for e, flag, cites, line in maker.rows(self, q, events):
                fresh.append(_Fresh((flag, e.type, at[seqs[e.id]]), cites, line))
            where, params = f"{where} AND {settled}", params + more
        if q.limit is not None:  # the N latest (highest pos), then in the query's order, as query.run
            top = [r[0] for r in self._db.execute(f"SELECT f.pos FROM facts f WHERE {where} ORDER BY f.pos DESC"
                                                  " LIMIT ?", [*params, q.limit])]  # fmt: skip
            top = sorted([*top, *(f.key[2] for f in fresh)], reverse=True)[: q.limit]
            lowest = top[-1] if top else _MAX_POS
            where, params = f"{where} AND f.pos >= ?", [*params, lowest]
            fresh = [f for f in fresh if f.key[2] >= lowest]
        key = _order_key(q.sort)
        fresh.sort(key=lambda f: key(f.key), reverse=q.reverse)
        known[p.query] = found = (where, params, fresh)
        return found

    def _stream(self, p: planner.Plan, maker: FactsMaker, cited: bool) -> Iterator[tuple[tuple[str, ...], str]]:
        import heapq
        import sqlite3

        order = planner.order(p.query)
        as_json = maker.id_json
        done = 0
        sources = self.sources
        try:
            where, params, fresh = self._selection(p, maker)
            sql = (
                "SELECT f.flag, f.type, f.pos, e.id, f.seq, l.seq, l.cited, l.line, l.seal FROM facts f"
                f" JOIN lines l ON l.pos = f.pos JOIN events e ON e.seq = f.seq WHERE {where} ORDER BY {order}"
            )
            # Every row is sealed and their number known; what selects or orders them besides pos is verified.
            self._verify("lines")
            if order not in ("f.pos", "f.pos DESC"):
                self._verify("facts")

            def sound(pos: Any, id_: Any, seq: Any, lseq: Any, cites: Any, line: Any, seal: Any) -> bool:
                """A stored row: its seal and text checked before it is given out."""
                return (
                    type(id_) is str
                    and type(line) is str
                    and type(cites) is str
                    and type(pos) is int
                    and seq == lseq
                    and seal == _seal(pos, seq, cites, line)
                    and _sound_line(line, as_json(id_))
                )

            def sources_of(cites: Any) -> tuple[str, ...]:
                got: tuple[str, ...] = tuple(json.loads(cites)) if isinstance(cites, str) else cites
                if any(type(s) is not str or s not in sources for s in got):
                    raise records.Corrupt
                return got

            rows = self._db.execute(sql, params)
            if not fresh:  # (the common case: stored rows alone, read as they come)
                for _flag, _type, pos, id_, seq, lseq, cites, line, seal in rows:
                    if not sound(pos, id_, seq, lseq, cites, line, seal):
                        raise records.Corrupt
                    yield sources_of(cites) if cited else (), line
                    done += 1
                return
            stored = (
                _Fresh((flag, type_, pos), cites, line, (id_, seq, lseq), seal)
                for flag, type_, pos, id_, seq, lseq, cites, line, seal in rows
            )
            key = _order_key(p.query.sort)
            for row in heapq.merge(stored, fresh, key=lambda f: key(f.key), reverse=p.query.reverse):
                if row.where is not None and not sound(row.key[2], *row.where, row.cited, row.line, row.seal):
                    raise records.Corrupt
                yield sources_of(row.cited) if cited else (), row.line
                done += 1
        except (records.Corrupt, ValueError, TypeError, KeyError, RecursionError, sqlite3.Error):
            pass
        else:
            return
        yield from itertools.islice(maker.answer(self._fall_back(), p.query), done, None)

    def planned_frame(self, q: Query, *, summary: bool = True) -> tuple[int, int, dict[str, int], list[str]] | None:
        """What a human format prints before the first row of the planned answer to ``q`` (the rows then stream
        from :meth:`planned_lines`): how many events, the length of the widest id, how many have each flag, and
        the JSON Lines texts of those that may hold the first or the last day of the answer (every one whose
        earliest day is the answer's first or unbounded, or whose latest is its last or unbounded), in the
        query's order. None when not planned or the entry proves unsound. ``summary=False``: the count and the
        widest id only (what plain prints first), the flags and texts left out and the facts not read."""
        import sqlite3

        p = planner.plan(q)
        maker = self._maker
        if p is None or p.unsettled or self._parsed is not None or not self.has_facts or maker is None:
            return None  # (as of a day, some rows are computed afresh)
        flags = maker.flags
        try:
            order = planner.order(p.query)
            if summary and order in ("f.pos", "f.pos DESC") and "frame" in self._meta:
                where, _params, fresh = self._selection(p, maker)
                if where == "1" and not fresh:  # the whole log, in its order: the frame stored with the entry
                    return self._stored_frame(order, maker)
            self._verify(*(("facts", "events", "lines") if summary else ("events", "lines")))
            where, params, _fresh = self._selection(p, maker)  # (the N latest, with a limit, as planned_lines)
            chosen = f"FROM facts f JOIN events e ON e.seq = f.seq WHERE {where}"
            with_lines = f"FROM facts f JOIN events e ON e.seq = f.seq JOIN lines l ON l.pos = f.pos WHERE {where}"
            if not summary:  # (the number of facts is the number of sealed lines, verified; the ids are verified)
                n, widest = self._db.execute(f"SELECT count(*), max(length(e.id)) {chosen}", params).fetchone()
                if type(n) is not int or (n and type(widest) is not int):
                    raise records.Corrupt
                return n, widest or 0, {}, []
            n, widest, first, last = 0, 0, None, None
            counts: dict[str, int] = {}
            for flag, k, wide, lo, hi in self._db.execute(_FRAME_SQL.format(where=f" WHERE {where}"), params):
                if type(flag) is not int or not 0 <= flag < len(flags) or type(k) is not int or type(wide) is not int:
                    raise records.Corrupt
                counts[flags[flag]] = k
                n, widest = n + k, max(widest, wide)
                first = lo if first is None or (lo is not None and lo < first) else first
                last = hi if last is None or (hi is not None and hi > last) else last
            ends = (
                f"SELECT e.id, f.seq, l.pos, l.seq, l.cited, l.line, l.seal {with_lines} AND {_ENDS} ORDER BY {order}"
            )
            found = []
            for id_, seq, pos, lseq, cites, line, seal in self._db.execute(ends, [*params, first, last]):
                if (
                    type(id_) is not str
                    or type(line) is not str
                    or seq != lseq
                    or seal != _seal(pos, seq, cites, line)
                    or not _sound_line(line, maker.id_json(id_))
                ):
                    raise records.Corrupt
                found.append(line)
        except (records.Corrupt, ValueError, TypeError, sqlite3.Error):
            self._fall_back()
            return None
        return n, widest or 0, counts, found

    def _stored_frame(self, order: str, maker: FactsMaker) -> tuple[int, int, dict[str, int], list[str]]:
        """:meth:`planned_frame` of the whole log in its order, from the frame stored with the entry (under the
        stored digest; its events' texts sealed, their number the number of lines). Raises Corrupt."""
        self._verify("stored", "lines")
        doc = json.loads(self._meta["frame"])
        flags, counts = maker.flags, {}
        for flag, k in doc["counts"]:
            if type(flag) is not int or not 0 <= flag < len(flags) or type(k) is not int or flags[flag] in counts:
                raise records.Corrupt
            counts[flags[flag]] = k
        widest, ends = doc["widest"], doc["ends"]
        n = sum(counts.values())
        if type(widest) is not int or str(n) != self._meta.get("rows:lines") or type(ends) is not list:
            raise records.Corrupt
        rows = self._db.execute(
            "SELECT e.id, l.pos, l.seq, l.cited, l.line, l.seal FROM lines l JOIN events e ON e.seq = l.seq"
            f" WHERE l.pos IN (SELECT value FROM json_each(?)) ORDER BY {order.replace('f.', 'l.')}",
            [json.dumps(ends)],
        )
        found = []
        for id_, pos, seq, cites, line, seal in rows:
            if (
                type(id_) is not str
                or type(line) is not str
                or seal != _seal(pos, seq, cites, line)
                or not _sound_line(line, maker.id_json(id_))
            ):
                raise records.Corrupt
            found.append(line)
        if len(found) != len(ends):
            raise records.Corrupt
        return n, widest, counts, found

    def planned_count(self, q: Query) -> int | None:
        """How many events :meth:`planned_lines` gives for ``q`` (None: not planned, or the entry is unsound)."""
        import sqlite3

        p = planner.plan(q)
        if p is None or self._parsed is not None or not self.has_facts or self._maker is None:
            return None
        try:
            where, params, fresh = self._selection(p, self._maker)
            if where == "1":
                self._verify("lines")  # the number of facts is the number of sealed lines
            (n,) = self._db.execute(f"SELECT count(*) FROM facts f WHERE {where}", params).fetchone()
        except (records.Corrupt, ValueError, TypeError, KeyError, RecursionError, sqlite3.Error):
            self._fall_back()
            return None
        return int(n) + len(fresh)

    def planned_counts(self, q: Query, *, by_day: bool = False) -> list[tuple[Any, ...]] | None:
        """For ``irru stats``: the events ``q`` selects, counted by (type, year, top bodies, flag), or with
        ``by_day`` by (the day it is listed under, flag); None when not planned or the entry proves unsound.
        Every value is checked against its vocabulary (flags, event types, actor names)."""
        import sqlite3

        p = planner.plan(q)
        maker = self._maker
        if p is None or p.unsettled or p.query.limit is not None or self._parsed is not None or not self.has_facts:
            return None
        if maker is None:
            return None
        flags = maker.flags
        where, params = planner.condition(p.query, self.parts, flags)
        groups = "f.listed, f.flag" if by_day else "f.type, f.year, f.tops, f.flag"
        names = {a.name for a in self.actors.values()}
        out: list[tuple[Any, ...]] = []
        try:
            self._verify("facts", "stored")
            self._verify_sql(where)
            for *keys, n in self._db.execute(f"SELECT {groups}, count(*) FROM facts f WHERE {where} GROUP BY {groups}",
                                             params):  # fmt: skip
                flag = keys[-1]
                if type(flag) is not int or not 0 <= flag < len(flags) or type(n) is not int:
                    raise records.Corrupt
                if by_day:
                    day = keys[0]
                    if day is not None and (type(day) is not int or not 1 <= day <= _MAX_DAY):
                        raise records.Corrupt
                    out.append((day, flags[flag], n))
                    continue
                type_, year, tops = keys[0], keys[1], json.loads(keys[2])
                if type_ not in EVENT_TYPES or type(year) is not str or not (year == "undated" or year.isdigit()):
                    raise records.Corrupt
                if type(tops) is not list or any(type(t) is not str or t not in names for t in tops):
                    raise records.Corrupt
                out.append((type_, year, tuple(tops), flags[flag], n))
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
            self._verify("stored")
            row = self._meta.get("usage:" + kind)
            got = json.loads(row) if row is not None else None
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
            self._verify("event_tag" if kind == "tags" else "events")
            found = {r[0] for r in self._db.execute(sql)}
        except (records.Corrupt, sqlite3.Error):
            self._fall_back()
            return None
        found.discard(None)
        found.discard("")
        if any(type(v) is not str for v in found):
            self._fall_back()
            return None
        return sorted(found)


class PatchedLog(CachedLog):
    """A log read after an edit (:mod:`irru.logfile.reuse`), served like a cached log: the events whose text did
    not change come from the previous version's entry, decoded only when asked for (their lines moved), the others
    were parsed afresh. Its indexes narrow a query as a cached log's do, among the re-used events; the fresh ones
    are always candidates. No facts (the planned path is the next entry's, written after the answer).

    A record of the entry found corrupt when decoded: the entry is discarded and the file parsed again, as for
    any cached log."""

    _moved: dict[int, int]  # previous seq -> lines to move it by
    _position: dict[str, int]  # every event's id -> its place in the file
    _fresh: list[tuple[int, Event]]  # the events parsed afresh, with their places
    _moving: tuple[Callable[[Any], Event], list[int], dict[int, int]]

    @classmethod
    def over(
        cls,
        entry: CachedLog,
        log: Log,
        order: Sequence[int | Event],
        moved: dict[int, int],
        reparse: Callable[[], Log],
    ) -> PatchedLog:
        """The log whose events, in file order, are ``order``: a previous seq of ``entry`` (moved by ``moved``)
        or an event parsed afresh; its other fields are ``log``'s (the head, parsed with the changed events)."""
        self = object.__new__(cls)
        own = self.__dict__
        own.update(entry.__dict__)
        ids = entry.ids_by_seq()
        position = {(ids[x] if isinstance(x, int) else x.id): i for i, x in enumerate(order)}
        shift = [0]
        dec = records.decoders(log.sources, log.actors, log.systems, position, shift)["Event"]
        own.update(
            _parsed=None, _all=None, _ids=None, _maker=None, has_facts=False, _reparse=reparse, _moved=moved,
            _position=position, _fresh=[(i, x) for i, x in enumerate(order) if not isinstance(x, int)],
            _moving=(dec, shift, moved),
        )  # fmt: skip
        own.pop("_by_id", None)
        own.pop("_by_seq", None)
        own.pop("parts", None)
        for f in dataclasses.fields(Log):
            if f.name != "events":
                object.__setattr__(self, f.name, getattr(log, f.name))
        return self

    def _decode(
        self,
        sql: str,
        params: Sequence[Any],
        moved: tuple[Callable[[Any], Event], list[int], dict[int, int]] | None = None,
    ) -> list[Event]:
        """Only re-used events (the others the statement selects are skipped), each moved; none may hold an
        analysis (a log with one is not patched)."""
        found = super()._decode(sql, params, self._moving)
        if any(e.evidence for e in found):
            raise records.Corrupt
        return found

    def _merged(self, found: Sequence[Event]) -> list[Event]:
        """Re-used events and every fresh one, in file order."""
        at = self._position
        both = [(at[e.id], e) for e in found]
        both.extend(self._fresh)
        both.sort(key=lambda pair: pair[0])
        return [e for _i, e in both]

    @property
    def events(self) -> tuple[Event, ...]:
        if self._parsed is not None:
            return self._parsed.events
        if self._all is None:
            try:
                self.__dict__["_all"] = found = tuple(self._merged(self._decode(ALL_EVENTS, ())))
            except records.Corrupt:
                return self._fall_back().events
            if len(found) != len(self._position):
                return self._fall_back().events
            return found
        return self._all

    def event_index(self) -> dict[str, int]:
        return self._position

    def one(self, event_id: str) -> Event | None:
        if self._parsed is not None:
            return self._parsed.events_by_id.get(event_id)
        if event_id not in self._position:
            return None
        for _i, e in self._fresh:
            if e.id == event_id:
                return e
        found = super().one(event_id)
        if self._parsed is None and found is None:  # a re-used event the entry does not give
            self._fall_back()
        return found if self._parsed is None else self._parsed.events_by_id.get(event_id)

    def linking(self, targets: Sequence[str], rels: Sequence[str]) -> Sequence[Event]:
        found = super().linking(targets, rels)
        return found if self._parsed is not None else self._merged(found)

    def candidates(self, q: Query, actors: frozenset[str] | None) -> Sequence[Event] | None:
        found = super().candidates(q, actors)
        return found if found is None or self._parsed is not None else self._merged(found)

    def distinct(self, kind: str) -> list[str] | None:
        return None  # (the fresh events are in no index: the caller reads the events)

    def __repr__(self) -> str:
        return f"PatchedLog(path={self.path!r}, events={len(self._position)})"


class _Fresh(NamedTuple):
    """A row of a planned answer: its key in the query's orders (flag index, type, pos), its cited sources and
    JSON Lines text; for a stored row also (id, seq, the line's seq) and the seal to check, for one computed
    afresh None."""

    key: tuple[int, str, int]
    cited: Any  # a JSON list as stored, or the tuple computed
    line: str
    where: tuple[Any, Any, Any] | None = None
    seal: str | None = None


_MAX_POS = 1 << 62  # past every position: a limit of 0 keeps nothing


def _order_key(sort: str) -> Callable[[tuple[int, str, int]], tuple[Any, ...]]:
    """A row's key in the query's order (planner.order's, for rows merged in Python): pos is unique, so each key
    is, and the reverse order is the exact reverse."""
    if sort == "confidence":
        return lambda k: (k[0], k[2])
    if sort == "type":
        return lambda k: (k[1], k[2])
    return lambda k: (k[2],)


class _EventsById(Mapping[str, Event]):
    """``log.events_by_id`` of a cached log whose events are not all decoded: one event decoded per lookup."""

    def __init__(self, log: CachedLog) -> None:
        self.log = log

    def __getitem__(self, event_id: str) -> Event:
        found = self.log.one(event_id) if isinstance(event_id, str) else None
        if found is None:
            raise KeyError(event_id)
        return found

    def _ids(self) -> Mapping[str, object]:
        try:
            return self.log.event_index()
        except records.Corrupt:
            return self.log._fall_back().events_by_id

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids())

    def __len__(self) -> int:
        return len(self._ids())


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
