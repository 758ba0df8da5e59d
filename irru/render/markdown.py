"""Markdown: a table per year and a numbered source list; data is escaped, never markup."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from ..inert import inert
from ..model import Log
from ..query import Row
from .common import Footnotes, actors_text, date_text, source_line, summary_text

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_LINE_START = re.compile(r"^(\s*)([-+=#]|[0-9]+(?=[.)]))")  # a heading, list item or underline when first on a line


def md(text: str) -> str:
    """Text as literal Markdown, in a table cell or at the start of a line: specials backslash-escaped, ``&`` as
    ``&amp;`` (so ``&#x202E;`` is not an entity), a leading heading, list or underline marker (``# ``, ``- ``,
    ``1.``) escaped, no control codes."""
    escaped = _SPECIAL.sub(r"\\\1", inert(text)).replace("&", "&amp;")
    m = _LINE_START.match(escaped)
    if m:
        at = m.end(1) + (len(m.group(2)) if m.group(2)[0].isdigit() else 0)
        escaped = escaped[:at] + "\\" + escaped[at:]
    return escaped


def code(text: str) -> str:
    """An id as a Markdown code span (copyable, never read as markup); escaped text when it holds a backtick."""
    text = inert(text)
    return md(text) if "`" in text or "|" in text else f"`{text}`"


def timeline(log: Log, rows: Sequence[Row], *, sources: bool = True) -> Iterator[str]:
    """A summary line, then a table per year (the event id first, as a code span) and the numbered sources."""
    notes = Footnotes()
    if rows:  # nothing at all when nothing matches (stderr says so)
        yield md(summary_text(rows))
    year = None
    for row in rows:
        e = row.event
        this_year = e.date.year
        if this_year != year:
            yield ""
            year = this_year
            yield f"## {this_year}"
            yield ""
            yield "| Id | Date | Event | Actors | Confidence |" + (" Sources |" if sources else "")
            yield "|---|---|---|---|---|" + ("---|" if sources else "")
        cells = [date_text(row), e.title, actors_text(log, e), row.confidence.label()]
        line = f"| {code(e.id)} | " + " | ".join(md(c) for c in cells) + " |"
        yield line + (f" {md(notes.markers(row.claims))} |" if sources else "")
    if notes.numbers:
        yield ""
        yield "## Sources"
        yield ""
        for sid, n in notes.numbers.items():
            yield f"{n}. {md(source_line(log.sources[sid]))}"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> Iterator[str]:
    yield "| " + " | ".join(md(h) for h in headers) + " |"
    yield "|" + "---|" * len(headers)
    for r in rows:
        yield "| " + " | ".join(md(c) for c in r) + " |"
