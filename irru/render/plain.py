"""Plain text: no colour, no control codes, one line per event; what pipes and NO_COLOR get."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ..inert import inert
from ..model import Log
from ..query import Row
from .common import Footnotes, actors_text, date_text, source_line

DATE_WIDTH = 22


def timeline(log: Log, rows: Sequence[Row], *, sources: bool = True) -> Iterator[str]:
    """``patrushev-ahmadian-2024  24 Jan 2024    Title | Russia, Iran | CONFIRMED by Russia | [1][2]``, then the
    sources: the event id first (what ``irru show`` takes), padded to the widest id shown. ``sources=False``
    leaves out the footnote marks and the source list."""
    notes = Footnotes()
    id_width = max((len(inert(r.event.id)) for r in rows), default=0)
    for row in rows:
        e = row.event
        fields = [inert(e.title)]
        actors = actors_text(log, e)
        if actors:
            fields.append(inert(actors))
        fields.append(inert(row.confidence.label()))
        if sources:
            fields.append(notes.markers(row.claims))
        yield f"{inert(e.id):<{id_width}}  {date_text(row):<{DATE_WIDTH}}  {' | '.join(fields)}"
    yield from sources_footer(log, notes)


def sources_footer(log: Log, notes: Footnotes) -> Iterator[str]:
    if notes.numbers:
        yield ""
        yield "Sources"
        for sid, n in notes.numbers.items():
            yield f"[{n}] {source_line(log.sources[sid])}"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> Iterator[str]:
    """Columns padded to their widest cell; the last column is not padded."""
    cells = [[inert(c) for c in r] for r in rows]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(headers)]
    for r in [list(headers), *cells]:
        yield (
            "  ".join(c.ljust(w) for c, w in zip(r[:-1], widths[:-1], strict=True))
            + ("  " if len(r) > 1 else "")
            + r[-1]
        )
