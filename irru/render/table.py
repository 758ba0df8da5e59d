"""The terminal view: rich tables grouped by year, flags in words and colour, footnoted sources.

Imported only when a table is drawn; every cell is a ``rich.text.Text`` built from inert text, so nothing in a
log is ever read as markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..inert import inert
from ..model import Log
from ..query import Row
from .common import Footnotes, actors_text, source_line
from .styles import FLAG_STYLES


def console(*, color: bool, width: int | None, file: TextIO | None = None) -> Console:
    return Console(
        file=file,
        color_system="standard" if color else None,
        force_terminal=color,
        no_color=not color,
        highlight=False,
        markup=False,
        emoji=False,
        width=width,
        soft_wrap=False,
    )


def T(text: str, style: str = "") -> Text:
    return Text(inert(text), style=style)


def timeline(out: Console, log: Log, rows: Sequence[Row]) -> None:
    notes = Footnotes()
    table = Table(show_lines=False, expand=False, pad_edge=False, box=None, header_style="bold")
    table.add_column("Date", no_wrap=True)
    table.add_column("Event [sources]", ratio=None)
    table.add_column("Actors")
    table.add_column("Confidence")
    year = None
    for row in rows:
        e = row.event
        this_year = e.date.year
        if this_year != year:
            year = this_year
            table.add_row(T(str(this_year), "bold underline"), end_section=False)
        flag = row.confidence
        title = T(e.title)
        title.append(" " + notes.markers(row.claims), style="dim")
        table.add_row(
            T(e.date.label()),
            title,
            T(actors_text(log, e)),
            T(flag.label(), FLAG_STYLES.get(flag.flag, "")),
        )
    out.print(table)
    if notes.numbers:
        out.print()
        out.print(T("Sources", "bold"))
        for sid, n in notes.numbers.items():
            line = Text()
            line.append(f"[{n}] ", style="dim")
            line.append(source_line(log.sources[sid]))
            out.print(line)


def grid(out: Console, headers: Sequence[str], rows: Sequence[Sequence[str]], *, title: str | None = None) -> None:
    table = Table(box=None, pad_edge=False, header_style="bold", title=T(title) if title else None)
    for h in headers:
        table.add_column(T(h))
    for r in rows:
        table.add_row(*(T(c) for c in r))
    out.print(table)


def styled_lines(out: Console, lines: Iterable[tuple[str, str]]) -> None:
    """Lines of text, each in its rich style (the coloured view of `show`)."""
    for text, style in lines:
        out.print(Text(text, style=style))


def chart(console: Console, periods: Sequence[tuple[str, dict[str, int]]], *, by: str) -> None:
    """`irru stats --chart` on a terminal: render/chart.py's lines, each flag's segment coloured as well as drawn
    with its own character."""
    from ..query import FLAG_ORDER
    from . import chart as C
    from .styles import FLAG_STYLES

    periods = C.collapsed(periods)
    scale = C.scale_of(periods)
    width = max((len(p) for p, _ in periods), default=0)
    console.print(Text(next(C.lines(periods, by=by)), style="bold"))
    key = Text()
    for i, f in enumerate(FLAG_ORDER):
        key.append(("  " if i else "") + C.fill(f) + " " + f, style=FLAG_STYLES.get(f, ""))
    console.print(key)
    bar_width = max((sum(len(s) for _, s in C.segments(c, scale)) for _, c in periods), default=0)
    for period, counts in periods:
        line = Text(f"{period:<{width}}  ")
        used = 0
        for flag, piece in C.segments(counts, scale):
            line.append(piece, style=FLAG_STYLES.get(flag, ""))
            used += len(piece)
        line.append(" " * (bar_width - used) + "  " + C.words(counts))
        line.rstrip()
        console.print(line)
