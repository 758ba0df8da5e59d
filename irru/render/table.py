"""The terminal view: rich tables grouped by year, flags in words and colour, footnoted sources.

Imported only when a table is drawn; every cell is a ``rich.text.Text`` built from inert text, so nothing in a
log is ever read as markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TextIO

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from ..inert import inert
from ..model import Log
from .common import Footnotes, Item, source_line
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
    soft-wrap, never broken by a newline. One print for them all: rich's cost is per print, not per line; without
    colour (a pipe, NO_COLOR) rich would write the lines' text as it is (inert text: no control code for it to
    strip), so it is written straight away."""
    if not lines:
        return
    if out.color_system is None:
        out.file.write("\n".join([line.plain for line in lines]) + "\n")
        return
    out.print(Text("\n").join(lines), soft_wrap=True, crop=False, no_wrap=True, overflow="ignore")


EVENT_COMFORT = 40  # the event column of a timeline grid gets at least this (or its widest title)


def year_rule(year: int | None, width: int) -> Text:
    """``── 2024 ─────…``: a year heading drawn as a rule, which no wrapped date or title can look like."""
    label = f"── {year if year is not None else 'undated'} "
    return T(label + "─" * max(3, width - len(label)), "bold")


def timeline(out: Console, log: Log, items: Iterable[Item], *, summary: str | None, sources: bool = True) -> None:
    """A summary line, then the events grouped by year: a grid on a wide terminal (the id first), one stacked
    block per event on a narrow one (the date, then the id, title, actors and flag beside it).

    The summary (None when nothing matches) is printed at once; the column widths need every row's text, so the
    items are read (and kept as plain strings) before the first row is drawn, each row then printed as it is
    laid out."""
    from .layout import GAP, grid_row, plan_plain, wrap

    width = out.width
    if summary is not None:
        emit_lines(out, wrap(T(summary), width))
    notes = Footnotes()
    cells: list[tuple[str, str, str, str, str]] = []  # per event: its cells' text, as the plan measures them
    more: list[tuple[str, str, str, int | None]] = []  # per event: its title, footnote marks, flag and year
    for it in items:
        title = inert(it.title)
        marks = notes.marks(it.cited) if sources else ""
        cells.append((inert(it.id), inert(it.date), title + " " + marks if sources else title, inert(it.actors),
                      inert(it.label)))  # fmt: skip
        more.append((title, marks, it.flag, it.year))
    headers = ["Id", "Date", "Event" + (" [sources]" if sources else ""), "Actors", "Confidence"]
    p = plan_plain(headers, cells, ["key", "text", "text", "text", "text"], width)
    natural_event = max((cell_len(c[2]) for c in cells), default=0)
    wide = p is not None and p.widths[2] >= min(natural_event, EVENT_COMFORT)
    if wide:
        assert p is not None
        if summary is not None:
            emit_lines(out, [Text("")])
        emit_lines(out, grid_row([T(h, "bold") for h in headers], p))
    else:
        date_width = min(max((cell_len(c[1]) for c in cells), default=4), max(11, min(20, width // 4)))
        body = max(20, width - date_width - GAP)
    year: int | bool | None = False
    last = summary is not None  # whether the last line printed had text
    pending: list[Text] = []  # printed a few hundred lines at a time
    for (ident_, date_, _, actors_, label_), (title_, marks, flag_, it_year) in zip(cells, more, strict=True):
        ident, date, actors, flag = Text(ident_), Text(date_), Text(actors_), flag_text(label_, flag_)
        event = Text(title_)
        if sources:
            event.append(" " + marks, style="dim")
        if len(pending) >= 200:
            emit_lines(out, pending)
            pending = []
        lines = pending
        if it_year != year:
            year = it_year
            lines.append(Text(""))
            lines.append(year_rule(it_year, width))
            if not wide:
                lines.append(Text(""))
        if wide:
            assert p is not None
            lines.extend(grid_row([ident, date, event, actors, flag], p))
            continue
        if lines[-1].plain if lines else last:
            lines.append(Text(""))
        left = wrap(date, date_width)
        right = [ident, *wrap(event, body)]
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
        last = bool(lines[-1].plain)
    emit_lines(out, pending + sources_lines(log, notes, width))


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
