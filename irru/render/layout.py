"""Terminal layouts that never cut a word: word-wrapped grids, and a stacked layout when a grid would not fit.

The promise of every terminal view: a flag, an id, a status, a system name or a URL is shown whole, so it can be
read and copied into the next command. So:

- text wraps only at spaces (and between footnote marks ``[1][2]``), never inside a word, never ends in "…";
- a column is never narrower than its longest word; a column of one-word cells (ids, statuses, numbers) is
  never wrapped at all;
- when the columns cannot all have that width, each row is shown as a small record instead (its first cells
  as a heading, then one ``Label  value`` line per field): the stacked layout;
- on a wide terminal columns get their natural width, so text wraps only when it must;
- a URL is never broken by a newline: it stays on one line, and where the grid has no room for it, it goes on a
  line of its own under its row and may run past the right edge (the terminal soft-wraps it, copy-paste works).

Pure: functions from cells and a width to lines of ``rich.text.Text``; the caller prints them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from rich.cells import cell_len
from rich.text import Text

Kind = Literal["text", "key", "url"]
GAP = 2  # spaces between columns
COMFORT = 12  # a wrapped text column narrower than this (or its widest cell) reads badly: stack instead
_WORD = re.compile(r"\[\d+\](?=\[)|\S+")  # a run of footnote marks [1][2][3] may break between marks


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def longest_word(text: str) -> int:
    return max((cell_len(w) for w in words(text)), default=0)


def wrap(text: Text, width: int, *, hang: int = 0, first: int | None = None) -> list[Text]:
    """Break ``text`` at spaces into lines at most ``width`` cells wide, never inside a word.

    A word longer than the line stays whole (it runs past the edge). ``hang`` indents every line after the
    first by that many spaces (counted within ``width``); ``first`` is the room on the first line when it
    differs from ``width``.
    """
    plain = text.plain
    room = width if first is None else first
    if cell_len(plain) <= room:  # it fits: no cut (the common case, and the cheap one)
        line = text.copy()
        line.rstrip()
        return [line]
    fresh = True  # no word on this line yet: a word never moves off an empty line
    line_start = 0
    cuts: list[int] = []
    for m in _WORD.finditer(plain):
        if not fresh and cell_len(plain[line_start : m.end()]) > room:
            cuts.append(m.start())
            line_start = m.start()
            room = max(1, width - hang)
        fresh = False
    lines = list(text.divide(cuts)) if cuts else [text.copy()]
    out = []
    for i, line in enumerate(lines):
        line.rstrip()
        if i and hang:
            line = Text(" " * hang) + line
        out.append(line)
    return out


def as_text(cell: str | Text, style: str = "") -> Text:
    return cell if isinstance(cell, Text) else Text(cell, style=style)


def guess_kinds(headers: Sequence[str], rows: Sequence[Sequence[str | Text]]) -> list[Kind]:
    """``url`` for URL columns, ``key`` for columns whose cells are single words (ids, statuses, numbers)."""
    kinds: list[Kind] = []
    for i, h in enumerate(headers):
        cells = [as_text(r[i]).plain for r in rows]
        filled = [c for c in cells if c]
        if h.casefold() == "url" or (filled and all(re.match(r"[a-z][a-z0-9+.-]*://", c) for c in filled)):
            kinds.append("url")
        elif filled and all(len(words(c)) <= 1 for c in filled):
            kinds.append("key")
        else:
            kinds.append("text")
    return kinds


@dataclass(frozen=True)
class Plan:
    widths: list[int]  # per column; 0 for a URL column that goes on its own line
    url_lines: list[int]  # URL columns shown under their row


def plan(headers: Sequence[str], rows: Sequence[Sequence[Text]], kinds: Sequence[Kind], width: int) -> Plan | None:
    """Column widths for a grid that cuts no word within ``width``, or None when only stacking can."""
    return plan_plain(headers, [[c.plain for c in r] for r in rows], kinds, width)


def plan_plain(headers: Sequence[str], rows: Sequence[Sequence[str]], kinds: Sequence[Kind], width: int) -> Plan | None:
    """:func:`plan` from the cells' plain text (what it measures), so a long table need not hold its styled
    cells before its first row is drawn."""
    n = len(headers)
    lengths = [[cell_len(r[i]) for r in rows] for i in range(n)]
    natural = [max([cell_len(headers[i]), *lengths[i]]) for i in range(n)]
    minimum = []
    for i in range(n):
        header = longest_word(headers[i])
        if kinds[i] in ("key", "url"):
            minimum.append(max(header, *lengths[i]) if rows else header)
        else:
            word = max([header, *(longest_word(r[i]) for r in rows)])
            minimum.append(max(word, min(natural[i], COMFORT)))
    shown = [i for i in range(n) if any(r[i] for r in rows)] or list(range(n))  # an empty column says nothing

    def total(ws: Sequence[int], cols: Sequence[int]) -> int:
        return sum(ws[i] for i in cols) + GAP * max(0, len(cols) - 1)

    if total(natural, shown) <= width:
        return Plan([natural[i] if i in shown else 0 for i in range(n)], [])
    urls = [i for i in shown if kinds[i] == "url"]
    cols = [i for i in shown if i not in urls]
    if not cols or total(minimum, cols) > width:
        return None
    widths = [0] * n
    for i in cols:
        widths[i] = minimum[i]
    # Grow in two rounds: first each column towards the width most of its cells need (so one long cell does not
    # claim the room), then towards its widest cell.
    typical = [max(minimum[i], _percentile(lengths[i], 0.8)) for i in range(n)]
    for target in (typical, natural):
        _grow(widths, {i: target[i] - widths[i] for i in cols if target[i] > widths[i]}, width - total(widths, cols))
    return Plan(widths, urls)


def _percentile(values: Sequence[int], q: float) -> int:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0


def _grow(widths: list[int], wants: dict[int, int], spare: int) -> None:
    """Share ``spare`` cells of room among ``wants``, max-min fair: a column that wants little gets all it wants,
    the others split the rest evenly (so short columns stop wrapping first)."""
    pending = {i: w for i, w in wants.items() if w > 0}
    while spare > 0 and pending:
        share = spare // len(pending)
        if share == 0:  # the last few cells, one each, to the columns that want most
            for i in sorted(pending, key=lambda i: -pending[i])[:spare]:
                widths[i] += 1
            return
        for i in list(pending):
            step = min(share, pending[i])
            widths[i] += step
            spare -= step
            pending[i] -= step
            if not pending[i]:
                del pending[i]


def grid(
    headers: Sequence[str],
    rows: Sequence[Sequence[str | Text]],
    width: int,
    *,
    kinds: Sequence[Kind] | None = None,
    head: int = 1,
    header_style: str = "bold",
    head_joins: Sequence[str] = (),
) -> list[Text]:
    """A table as lines: a word-wrapped grid when it fits in ``width``, else one stacked record per row."""
    cells = [[as_text(c) for c in r] for r in rows]
    kinds = list(kinds) if kinds is not None else guess_kinds(headers, rows)
    p = plan(headers, cells, kinds, width)
    if p is None:
        return stacked(headers, cells, width, kinds=kinds, head=head, header_style=header_style, head_joins=head_joins)
    out = grid_row([Text(h, style=header_style) for h in headers], p)
    for r in cells:
        out.extend(grid_row(r, p))
        indent = " " * (p.widths[0] + GAP) if p.widths[0] and len(headers) > 1 else "  "
        for i in p.url_lines:
            if r[i].plain:
                out.append(Text(indent) + r[i])
    return out


def grid_row(cells: Sequence[Text], p: Plan) -> list[Text]:
    cols = [i for i, w in enumerate(p.widths) if w > 0 and i not in p.url_lines]
    wrapped = {i: wrap(cells[i], p.widths[i]) if cells[i].plain else [Text("")] for i in cols}
    height = max((len(v) for v in wrapped.values()), default=1)
    lines = []
    for k in range(height):
        line = Text()
        for n, i in enumerate(cols):
            part = wrapped[i][k] if k < len(wrapped[i]) else Text("")
            if n:
                line.append(" " * GAP)
            line.append_text(part)
            if n < len(cols) - 1:
                line.append(" " * (p.widths[i] - cell_len(part.plain)))
        line.rstrip()
        lines.append(line)
    return lines


def stacked(
    headers: Sequence[str],
    rows: Sequence[Sequence[Text]],
    width: int,
    *,
    kinds: Sequence[Kind] | None = None,
    head: int = 1,
    header_style: str = "bold",
    head_joins: Sequence[str] = (),
) -> list[Text]:
    """Each row as a record: its first ``head`` cells on one line (cell i and i+1 joined by ``head_joins[i]``, two
    spaces by default), then ``Label  value`` per non-empty field."""
    cap = max(8, width // 3)  # a longer label gets a line of its own, its value below it
    label_width = min(cap, max((cell_len(h) for h in headers[head:]), default=0))
    out: list[Text] = []
    for n, r in enumerate(rows):
        if n:
            out.append(Text(""))
        first = Text()
        for i, c in enumerate(r[:head]):
            if i and c.plain:
                first.append(head_joins[i - 1] if i - 1 < len(head_joins) else "  ")
            first.append_text(c)
        first.stylize(header_style)
        out.extend(wrap(first, width, hang=2))
        for i in range(head, len(headers)):
            c = r[i]
            if not c.plain:
                continue
            if cell_len(headers[i]) > label_width:
                label = Text()
                label.append(f"  {headers[i]}", style="dim")
                out.append(label)
                line = Text(" " * (label_width + 4))
            else:
                line = Text()
                line.append(f"  {headers[i]:<{label_width}}", style="dim")
                line.append("  ")
            line.append_text(c)
            if kinds is not None and kinds[i] == "url":
                out.append(line)  # one line, whatever its length: a URL is never broken
            else:  # continuation lines under the value, or further left when a long word needs the room
                out.extend(wrap(line, width, hang=max(4, min(label_width + 4, width - longest_word(c.plain)))))
    return out
