"""The query planner of the cache: which queries a cache entry answers, and the SQL that answers them.

Two questions, both asked of a :class:`~irru.query.Query` alone (no log, no database):

- :func:`narrowing`: what every event the query can select meets, as statements on the index tables (the
  general path: the events they give are decoded, and the query's own test decides).
- :func:`plan`: whether the stored facts of the as-of-independent view answer the query *exactly*; if so,
  :func:`condition` and :func:`order` give the SQL on the ``facts`` table (aliased ``f``) that selects and orders
  precisely what :func:`irru.query.run` would.

The tables named here are those :mod:`irru.logfile.entry` writes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..query import Query

MAX_SQL_VALUES = 500  # longer IN lists are not sent to SQLite; the Python filter alone applies
JSON_LIST = "(SELECT value FROM json_each(?))"  # a list of any length, as one parameter (a JSON array)


def narrowing(q: Query, actors: frozenset[str] | None) -> tuple[list[tuple[str, list[Any]]], list[str], list[Any]]:
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
    if small(q.stories):
        sets.append((f"SELECT seq FROM events WHERE story IN ({marks(q.stories)})", list(q.stories)))
    if small(q.tags):
        sets.append((f"SELECT seq FROM event_tag WHERE tag IN ({marks(q.tags)})", list(q.tags)))
    if actors:  # an actor's family may be thousands of ids: one JSON parameter, never a long IN list
        wanted = json.dumps(sorted(actors))
        if q.roles and small(q.roles):
            sets.append(
                (
                    f"SELECT seq FROM event_actor WHERE actor IN {JSON_LIST} AND role IN ({marks(q.roles)})",
                    [wanted, *q.roles],
                )
            )
        else:
            sets.append(
                (f"SELECT seq FROM event_actor WHERE actor IN {JSON_LIST} UNION ALL"
                 f" SELECT seq FROM event_by WHERE actor IN {JSON_LIST}", [wanted, wanted])
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


@dataclass(frozen=True)
class Plan:
    """A query the cache's columns answer exactly (see :func:`plan`)."""

    query: Query

    @property
    def unsettled(self) -> Query | None:
        """With ``as_of``: what every event whose claims were not all made by that day must meet to be selected
        (the filters that hold of the event whatever claims count, or that only more claims could satisfy), for
        those events to be computed afresh; None without ``as_of``. See :func:`as_of`."""
        q = self.query
        if q.as_of is None:
            return None
        return replace(q, confidence=(), grep=(), exclude=(), limit=None, sort="date", reverse=False, as_of=None)

    @property
    def dated(self) -> bool:
        """It has a date filter: rows it gives may carry a date note (``Row.date_note``), which the stored facts
        do not hold; the JSON Lines texts never show one."""
        return self.query.since is not None or self.query.until is not None or bool(self.query.on)


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
      both, as ``_actor_ok`` asks one actor entry to have both. Exact, however many parts the family has (the
      ids are one JSON parameter).
    - ``sources`` alone among the claim filters: ``query._cited`` (own source, relays' sources, ``via``) is the
      set ``event_source`` holds per event (``_relayed``); "one claim cites one of them" is "the event has such a
      row". Exact. With ``stances``, ``speakers``, ``denied_by`` or ``grades`` the claim filters must hold on
      one claim together, which the per-event tables cannot tell: declined.
    - ``confidence``: the flag stored at build time is ``assess(log, event, None)``, the one the query computes
      when ``as_of`` is None. Exact.
    - ``since``, ``until``, ``on`` with ``within`` and ``possibly``: :func:`dated` is :func:`irru.dates.fit` on the
      event's stored days, for each period of ``Query.periods``, keeping the fits ``query.date_fit`` keeps.
      Exact (the date note a row may carry is not stored: :attr:`Plan.dated` says when a caller needs it).
    - ``grep``: ``query._matches`` tests ``g.casefold() in haystack(event, claims).casefold()``; every claim
      counting, the stored text is that haystack casefolded, and ``instr`` the same substring test. Exact.
    - ``exclude``: each exclusion is a query of its own, dropped with ``NOT (...)``: exact when it is exact by
      these same rules (and has no as-of, sort or limit of its own, which exclusions never have).
    - ``as_of``: the claims that count are those made by that day (``confidence.claims_as_of``). An event all of
      whose claims were made by then is, as of that day, exactly its as-of-independent view: the conditions
      above hold on its stored facts. An event none of whose claims was made by then is never selected. The
      others (some claims made, some not yet) are decoded and computed afresh by the query's own test
      (:func:`as_of`, :attr:`Plan.unsettled` narrowing them first), and merged into the stored rows in the
      query's order. Exact; it costs what those events cost.
    - ``sort`` (date, type, confidence), ``reverse``, ``limit``: ``pos`` is each event's rank by
      (``date.sort_key()``, id), a strict order since ids are unique, so ``ORDER BY pos`` is the query's date order
      and its exact reverse; type and confidence sort by the stored type / flag index first, then pos; a limit
      keeps the N highest ``pos`` (the N latest, as ``run``) before that order. Exact.

    Every other field of the Query is declined, by the list of those translated here (:data:`PLANNED_FIELDS`,
    checked against the Query's fields, so a filter added to the query is answered by the query's own test until
    this planner learns it; tests/test_querylang.py and tests/test_planner.py check planned == parsed on random
    queries). Among them (not exact, or not proved so): ``patterns`` (regular expressions); ``systems`` (the cache indexes quantity systems
    too, the query does not) and ``categories``; ``between``; a role without an actor; the claim filters above;
    a list of types, stories, tags, roles, sources or flags longer than :data:`MAX_SQL_VALUES`."""
    if not _exact(q) or not all(_exact(ex) and _bare(ex) for ex in q.exclude):
        return None
    return Plan(q)


def as_of(q: Query) -> tuple[tuple[str, list[Any]], tuple[str, list[Any]]]:
    """With ``as_of`` set, two conditions on ``facts f`` (each with its parameters): the events whose every
    claim was made by that day (``known``: their stored facts, as of no day, are theirs as of it, since the same
    claims count), and the others with at least one claim made by then (``said``), which the maker computes
    afresh (:meth:`irru.logfile.entry.FactsMaker.rows`). Events with no claim made by then are in neither:
    nobody had reported them yet."""
    assert q.as_of is not None
    day = q.as_of.toordinal()
    return ("f.known IS NOT NULL AND f.known <= ?", [day]), ("f.said <= ? AND (f.known IS NULL OR f.known > ?)",
                                                              [day, day])  # fmt: skip


# The Query fields :func:`condition` and :func:`order` translate. Any other field set (not at its default) declines
# the query.
PLANNED_FIELDS = frozenset(
    {"types", "stories", "tags", "actors", "roles", "sources", "confidence", "exclude", "sort", "reverse", "limit"}
    | {"since", "until", "on", "within", "possibly", "grep", "as_of"}
)


def unplanned(q: Query) -> list[str]:
    """The fields of ``q`` set to something this planner does not translate."""
    from dataclasses import fields

    return [f.name for f in fields(q) if f.name not in PLANNED_FIELDS and getattr(q, f.name) != f.default]


def _exact(q: Query) -> bool:
    if unplanned(q) or (q.roles and not q.actors):
        return False
    values = (q.types, q.stories, q.tags, q.roles, q.sources, q.confidence, q.grep)
    return all(len(v) <= MAX_SQL_VALUES for v in values) and q.sort in ("date", "type", "confidence")


def _bare(ex: Query) -> bool:
    return ex.as_of is None and ex.limit is None and not ex.exclude and not ex.reverse and ex.sort == "date"


def dated(q: Query, params: list[Any], table: str = "f") -> str | None:
    """The SQL condition on a facts row (``table``) that its date sits in the query's period as
    :func:`irru.query.date_fit` keeps it (None: the query has no date filter).

    :func:`irru.dates.fit` of an event span (earliest E, latest L, NULL where open; the last day S of its known
    start) in a period [lo, hi] (None where open): it overlaps when E ≤ hi and L ≥ lo; ``in`` when lo ≤ E and
    L ≤ hi; else ``straddles`` when both ends are known; else ``open end`` when it has a start whose own span
    [E, S] overlaps the period; else ``possibly``. ``within`` keeps ``in`` only; by default every fit but
    ``possibly``; ``possibly`` every fit. Several periods (``on``): any of them."""
    if q.since is None and q.until is None and not q.on:
        return None
    e, l_, s = f"{table}.earliest", f"{table}.latest", f"{table}.opened"
    out = []
    for p in q.periods():
        lo = p.earliest.toordinal() if p.earliest is not None else None
        hi = p.latest.toordinal() if p.latest is not None else None

        overlap = _both(f"({l_} IS NULL OR {l_} >= ?)", lo, f"({e} IS NULL OR {e} <= ?)", hi)
        inside = _both(f"{e} >= ?", lo, f"{l_} <= ?", hi)  # implies the overlap
        start = _both(f"{s} >= ?", lo, f"{e} <= ?", hi)  # the known start's own span overlaps the period
        if q.within:
            out.append(inside[0])
            params.extend(inside[1])
        elif q.possibly:
            out.append(overlap[0])
            params.extend(overlap[1])
        else:
            out.append(f"{overlap[0]} AND (({inside[0]}) OR ({e} IS NOT NULL AND ({l_} IS NOT NULL OR ({start[0]}))))")
            params.extend([*overlap[1], *inside[1], *start[1]])
    return "(" + " OR ".join(f"({c})" for c in out) + ")" if out else "0"


def _both(low: str, lo: int | None, high: str, hi: int | None) -> tuple[str, list[int]]:
    """``low`` tested against lo and ``high`` against hi, each only where that end is bounded."""
    conds = [(c, d) for c, d in ((low, lo), (high, hi)) if d is not None]
    return " AND ".join(c for c, _d in conds) or "1", [d for _c, d in conds]


def condition(q: Query, parts: Mapping[str, frozenset[str]], flags: Sequence[str]) -> tuple[str, list[Any]]:
    """The SQL condition on ``facts f`` that selects exactly what the (planned) query selects (``parts``: each
    actor's family, ``log.parts``; ``flags``: the flag names in the order their indexes were stored)."""

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
        when = dated(ex, params)
        if when is not None:
            conds.append(when)
        if ex.tags:
            conds.append(f"{seq} IN (SELECT seq FROM event_tag WHERE tag IN ({marks(ex.tags)}))")
        if ex.actors:
            family = json.dumps(sorted(frozenset().union(*(parts[a] for a in ex.actors))))
            if ex.roles:
                params.append(family)
                conds.append(
                    f"{seq} IN (SELECT seq FROM event_actor WHERE actor IN {JSON_LIST} AND role IN ({marks(ex.roles)}))"
                )
            else:
                params.extend((family, family))
                conds.append(
                    f"{seq} IN (SELECT seq FROM event_actor WHERE actor IN {JSON_LIST}"
                    f" UNION SELECT seq FROM event_by WHERE actor IN {JSON_LIST})"
                )
        if ex.sources:
            conds.append(f"{seq} IN (SELECT seq FROM event_source WHERE source IN ({marks(ex.sources)}))")
        if ex.confidence:
            conds.append(f"f.flag IN ({marks([flags.index(c) for c in ex.confidence])})")
        if ex.grep:
            found = " OR ".join("instr(text, ?)" for _ in ex.grep)
            params.extend(g.casefold() for g in ex.grep)
            conds.append(f"{seq} IN (SELECT seq FROM texts WHERE {found})")
        return conds

    conds = of(q, lists)
    for ex in q.exclude:
        conds.append("NOT coalesce(" + (" AND ".join(of(ex)) or "1") + ", 0)")  # NULL (an unset story, day): not so
    return " AND ".join(conds) or "1", params


def order(q: Query) -> str:
    keys = {"date": ["f.pos"], "type": ["f.type", "f.pos"], "confidence": ["f.flag", "f.pos"]}[q.sort]
    return ", ".join(k + " DESC" for k in keys) if q.reverse else ", ".join(keys)
