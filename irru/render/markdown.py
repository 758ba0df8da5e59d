"""Markdown: a table per year and a numbered source list; data is escaped, never markup."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from ..inert import inert
from ..model import Log
from .common import Footnotes, Item, source_line

_ESCAPES = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|~"} | {"&": "&amp;"})
_LINE_START = re.compile(r"^(\s*)([-+=#]|[0-9]+(?=[.)]))")  # a heading, list item or underline when first on a line


def md(text: str) -> str:
    """Text as literal Markdown, in a table cell or at the start of a line: specials backslash-escaped, ``&`` as
    ``&amp;`` (so ``&#x202E;`` is not an entity), a leading heading, list or underline marker (``# ``, ``- ``,
    ``1.``) escaped, no control codes."""
    escaped = inert(text).translate(_ESCAPES)
    m = _LINE_START.match(escaped)
    if m:
        at = m.end(1) + (len(m.group(2)) if m.group(2)[0].isdigit() else 0)
        escaped = escaped[:at] + "\\" + escaped[at:]
    return escaped


def code(text: str) -> str:
    """An id as a Markdown code span (copyable, never read as markup); escaped text when it holds a backtick."""
    text = inert(text)
    return md(text) if "`" in text or "|" in text else f"`{text}`"


def timeline(log: Log, items: Iterable[Item], *, summary: str | None, sources: bool = True) -> Iterator[str]:
    """A summary line (known before the first row: the rows stream; None when nothing matches, and then nothing
    at all is printed: stderr says so), then a table per year (the event id first, as a code span) and the
    numbered sources."""
    notes = Footnotes()
    if summary is not None:
        yield md(summary)
    year: int | None = None
    for it in items:
        if it.year != year:
            yield ""
            year = it.year
            yield f"## {it.year}"
            yield ""
            yield "| Id | Date | Event | Actors | Confidence |" + (" Sources |" if sources else "")
            yield "|---|---|---|---|---|" + ("---|" if sources else "")
        cells = [it.date, it.title, it.actors, it.label]
        line = f"| {code(it.id)} | " + " | ".join(md(c) for c in cells) + " |"
        yield line + (f" {md(notes.marks(it.cited))} |" if sources else "")
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
