"""The facts a cache entry stores for the planned path, computed here with the very functions the query and the
renderers use, and handed to the cache (:class:`irru.logfile.entry.FactsMaker`): the cache stores and checks
them, and knows nothing of confidence rules or output formats.

Per event: its flag as of no day, the year and day it is listed under, its actors' top bodies on that day (for
``stats``), the sources its claims cite (the ``sources`` block of ``--format json``), its JSON Lines text and the
text ``--grep`` searches (casefolded, as the query compares it); for
the whole log, each actor's and source's usage counts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from json.encoder import encode_basestring as _encode_string
from typing import TYPE_CHECKING

from .query import FLAG_ORDER

if TYPE_CHECKING:
    from .logfile.entry import EventFacts
    from .model import Event, Log
    from .query import Query


class ViewFacts:
    """The facts of the as-of-independent view (``as_of`` None: every claim counts)."""

    def __init__(self) -> None:
        self._index = {f: n for n, f in enumerate(FLAG_ORDER)}
        self._event: Callable[[Log, Event], EventFacts | None] | None = None

    @property
    def flags(self) -> Sequence[str]:
        return FLAG_ORDER

    def event(self, log: Log, e: Event) -> EventFacts | None:
        if self._event is None:
            self._event = self._compile()
        return self._event(log, e)

    def _compile(self) -> Callable[[Log, Event], EventFacts | None]:
        """The per-event function, its imports done once (it runs for every event of a log)."""
        from .confidence import assess
        from .logfile.entry import EventFacts
        from .query import Row, haystack
        from .render.common import claim_sources, event_record
        from .render.machine import dumps

        index = self._index

        def event(log: Log, e: Event) -> EventFacts | None:
            conf = assess(log, e, None)
            if conf is None:
                return None
            d = e.date
            day = d.earliest or d.latest
            year = d.year
            tops = tuple(sorted({log.top_at(r.actor, day).name for r in e.actors}))
            line = dumps(event_record(log, Row(e, e.claims, conf)))
            listed = day.toordinal() if day is not None else None
            cited = tuple(claim_sources(e.claims))
            text = haystack(e, e.claims).casefold()
            return EventFacts(index[conf.flag], str(year) if year else "undated", listed, tops, cited, line, text)

        return event

    def rows(self, log: Log, q: Query, events: Iterable[Event]) -> Iterator[tuple[Event, int, tuple[str, ...], str]]:
        """Each of ``events`` that ``q`` selects (its own test, :func:`irru.query.row_of`, as of its day), with
        its flag's index, the sources its claims cite and its JSON Lines text."""
        from .query import row_of
        from .render.common import claim_sources, event_record
        from .render.machine import dumps

        index = self._index
        for e in events:
            row = row_of(log, q, e)
            if row is not None:
                yield e, index[row.confidence.flag], tuple(claim_sources(row.claims)), dumps(event_record(log, row))

    def usage(self, log: Log) -> dict[str, dict[str, tuple[int, int]]]:
        from .tally import actor_usage, source_usage

        return {
            kind: {k: (u.events, u.claims) for k, u in counts.items()}
            for kind, counts in (("actors", actor_usage(log)), ("sources", source_usage(log)))
        }

    def answer(self, log: Log, q: Query) -> Iterator[tuple[tuple[str, ...], str]]:
        from .query import run
        from .render.common import claim_sources, event_record
        from .render.machine import dumps

        for row in run(log, q):
            yield tuple(claim_sources(row.claims)), dumps(event_record(log, row))

    def id_json(self, event_id: str) -> str:
        if event_id.isascii() and "\x7f" not in event_id:  # what dumps writes for it (asked once per row read)
            return _encode_string(event_id)
        from .render.machine import dumps

        return dumps(event_id)


def view_facts() -> ViewFacts:
    """The one maker the commands hand to the cache."""
    return _MAKER


_MAKER = ViewFacts()
