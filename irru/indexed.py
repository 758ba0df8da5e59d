"""What a log served from stored indexes can answer without decoding every event: the interface the core calls.

A parsed :class:`~irru.model.Log` holds its events; a log served from the cache
(:class:`irru.logfile.entry.CachedLog`) also answers these questions from its tables. The core asks
``isinstance(log, Indexed)`` and calls them; every answer may be None ("cannot say": the caller then works from
``log.events``), and a cached log that finds its entry unsound answers from the log parsed afresh.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from .model import Event
    from .query import Query


@runtime_checkable
class Indexed(Protocol):
    def candidates(self, q: Query, actors: frozenset[str] | None) -> Sequence[Event] | None:
        """Every event ``q`` can select, in file order (a superset: the query's own test decides); ``actors``:
        the ids an actor filter matches (each actor and its parts). None: no narrowing possible."""
        ...

    def linking(self, targets: Sequence[str], rels: Sequence[str]) -> Sequence[Event]:
        """Every event with a link of one of these relations to one of these events (a superset), in file order."""
        ...

    def distinct(self, kind: str) -> list[str] | None:
        """Every tag (``tags``) or story (``stories``) the log uses, sorted."""
        ...

    def planned_lines(self, q: Query, *, cited: bool = False) -> Iterator[tuple[tuple[str, ...], str]] | None:
        """The answer to ``q`` as (sources its claims cite, JSON Lines text) per event, in the query's order, when
        the stored facts answer it exactly (:func:`irru.logfile.planner.plan`)."""
        ...

    def planned_frame(self, q: Query, *, summary: bool = True) -> tuple[int, int, dict[str, int], list[str]] | None:
        """For a human format, before the first row of :meth:`planned_lines`: how many events, the widest id's
        length, how many have each flag, and the texts of the events that may hold the first or last day."""
        ...

    def planned_count(self, q: Query) -> int | None:
        """How many events :meth:`planned_lines` gives for ``q``."""
        ...

    def planned_counts(self, q: Query, *, by_day: bool = False) -> list[tuple[Any, ...]] | None:
        """For ``irru stats``: the events ``q`` selects, counted by (type, year, top bodies, flag), or with
        ``by_day`` by (the day it is listed under, flag)."""
        ...

    def stored_usage(self, kind: str) -> dict[str, tuple[int, int]] | None:
        """``actors`` or ``sources``: per id, (events, claims) for the whole log."""
        ...
