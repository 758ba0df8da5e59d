"""The terminal view: rich tables grouped by year, flags in words and colour, footnoted sources.

Imported only when a table is drawn; every cell is a ``rich.text.Text`` built from inert text, so nothing in a
log is ever read as markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TextIO

from rich.console import Console
from rich.text import Text

from ..inert import inert
from ..model import Log
from ..query import Row
from .common import Footnotes, actors_text, date_text, source_line, summary_text
from .layout import Kind
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
        height=25 if width else None,  # with both given, rich takes the width as is, even when TERM=dumb
        soft_wrap=False,
    )


def T(text: str, style: str = "") -> Text:
    return Text(inert(text), style=style)


def flag_text(label: str, flag: str) -> Text:
    return T(label, FLAG_STYLES.get(flag, ""))


def emit_lines(out: Console, lines: Sequence[Text]) -> None:
    """Print laid-out lines as they are: a line wider than the terminal (a long URL) is left to the terminal to
    soft-wrap, never broken by a newline."""
    for line in lines:
        out.print(line, soft_wrap=True, crop=False, no_wrap=True, overflow="ignore")


EVENT_COMFORT = 40  # the event column of a timeline grid gets at least this (or its widest title)


def year_rule(year: int | None, width: int) -> Text:
    """``── 2024 ─────…``: a year heading drawn as a rule, which no wrapped date or title can look like."""
    label = f"── {year if year is not None else 'undated'} "
    return T(label + "─" * max(3, width - len(label)), "bold")


def timeline(out: Console, log: Log, rows: Sequence[Row], *, sources: bool = True) -> None:
    """A summary line, then the events grouped by year: a grid on a wide terminal (the id first), one stacked
    block per event on a narrow one (the date, then the id, title, actors and flag beside it)."""
    from .layout import GAP, grid_row, plan, wrap

    width = out.width
    notes = Footnotes()
    cells = []
    for row in rows:
        title = T(row.event.title)
        if sources:
            title.append(" " + notes.markers(row.claims), style="dim")
        cells.append(
            [
                T(row.event.id),
                T(date_text(row)),
                title,
                T(actors_text(log, row.event)),
                flag_text(row.confidence.label(), row.confidence.flag),
            ]
        )
    headers = ["Id", "Date", "Event" + (" [sources]" if sources else ""), "Actors", "Confidence"]
    p = plan(headers, cells, ["key", "text", "text", "text", "text"], width)
    natural_event = max((c[2].cell_len for c in cells), default=0)
    wide = p is not None and p.widths[2] >= min(natural_event, EVENT_COMFORT)
    lines: list[Text] = wrap(T(summary_text(rows)), width) if rows else []
    if wide:
        assert p is not None
        if lines:
            lines.append(Text(""))
        lines.extend(grid_row([T(h, "bold") for h in headers], p))
    else:
        date_width = min(max((c[1].cell_len for c in cells), default=4), max(11, min(20, width // 4)))
        body = max(20, width - date_width - GAP)
    year: int | bool | None = False
    for row, (ident, date, title, actors, flag) in zip(rows, cells, strict=True):
        if row.event.date.year != year:
            year = row.event.date.year
            lines.append(Text(""))
            lines.append(year_rule(year, width))
            if not wide:
                lines.append(Text(""))
        if wide:
            assert p is not None
            lines.extend(grid_row([ident, date, title, actors, flag], p))
            continue
        if lines[-1].plain:
            lines.append(Text(""))
        left = wrap(date, date_width)
        right = [ident, *wrap(title, body)]
        if actors.plain:
            right += wrap(actors, body)
        right += wrap(flag, body)
        for k in range(max(len(left), len(right))):
            line = Text()
            d = left[k] if k < len(left) else Text("")
            line.append_text(d)
            line.append(" " * (date_width - d.cell_len + GAP))
            if k < len(right):
                line.append_text(right[k])
            line.rstrip()
            lines.append(line)
    lines.extend(sources_lines(log, notes, width))
    emit_lines(out, lines)


def sources_lines(log: Log, notes: Footnotes, width: int) -> list[Text]:
    """The footnoted sources: ``[n] Publisher, "Title", date, URL (grade, kind)``, wrapped under their text."""
    from .layout import wrap

    if not notes.numbers:
        return []
    lines = [Text(""), T("Sources", "bold")]
    for sid, n in notes.numbers.items():
        mark = f"[{n}] "
        line = Text()
        line.append(mark, style="dim")
        line.append(source_line(log.sources[sid]))
        lines.extend(wrap(line, width, hang=len(mark)))
    return lines


def grid(
    out: Console,
    headers: Sequence[str],
    rows: Sequence[Sequence[str | Text]],
    *,
    title: str | None = None,
    kinds: Sequence[Kind] | None = None,
    head: int = 1,
    head_joins: Sequence[str] = (),
) -> None:
    """A table that cuts no word: wrapped columns when they fit, else one stacked record per row.

    Cells are data (made inert here); a ``Confidence`` column is coloured by the flag its text starts with.
    """
    from .layout import grid as layout_grid

    cells: list[list[Text]] = []
    for r in rows:
        line = []
        for h, c in zip(headers, r, strict=True):
            if isinstance(c, Text):
                line.append(c)
                continue
            style = FLAG_STYLES.get(c.split(" ", 1)[0].casefold(), "") if h == "Confidence" else ""
            line.append(T(c, style))
        cells.append(line)
    lines: list[Text] = [T(title, "bold"), Text("")] if title else []
    lines += layout_grid([inert(h) for h in headers], cells, out.width, kinds=kinds, head=head, head_joins=head_joins)
    emit_lines(out, lines)


def styled_lines(out: Console, lines: Iterable[tuple[str, str]]) -> None:
    """Styled lines (``show``) wrapped at spaces to the terminal, each continuation under the text it continues:
    after a line's indent, after a ``Label  `` column, after a ``[n] `` footnote mark."""
    from .layout import wrap

    width = out.width
    laid: list[Text] = []
    for text, style in lines:
        m = re.match(r" *(?:\[\d+\] |[^ ].*?  +(?=\S)|(?=\S))", text)
        hang = m.end() if m and m.end() < width // 2 else 0
        laid.extend(wrap(Text(text, style=style), width, hang=hang))
    emit_lines(out, laid)


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
