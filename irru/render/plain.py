"""Plain text: no colour, no control codes, one line per event; what pipes and NO_COLOR get."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from ..inert import inert
from ..model import Log
from .common import Footnotes, Item, source_line

DATE_WIDTH = 22


def timeline(log: Log, items: Iterable[Item], *, id_width: int, sources: bool = True) -> Iterator[str]:
    """``patrushev-ahmadian-2024  24 Jan 2024    Title | Russia, Iran | CONFIRMED by Russia | [1][2]``, then the
    sources: the event id first (what ``irru show`` takes), padded to ``id_width`` (the widest id shown, known
    before the first line: the lines stream). ``sources=False`` leaves out the footnote marks and the source
    list."""
    notes = Footnotes()
    for it in items:
        fields = [inert(it.title)]
        if it.actors:
            fields.append(inert(it.actors))
        fields.append(inert(it.label))
        if sources:
            fields.append(notes.marks(it.cited))
        yield f"{inert(it.id):<{id_width}}  {it.date:<{DATE_WIDTH}}  {' | '.join(fields)}"
    yield from sources_footer(log, notes)


def widest_id(items: Iterable[Item]) -> int:
    return max((len(inert(it.id)) for it in items), default=0)


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
