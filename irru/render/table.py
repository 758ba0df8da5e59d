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
