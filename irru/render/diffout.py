"""Renderers for `irru diff`: plain lines, Markdown, JSON, a rich table."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..diff import KINDS, Comparison, Difference, Said
from ..inert import inert
from .machine import dumps
from .markdown import md

if TYPE_CHECKING:
    from rich.console import Console

LABELS = {
    "agree": "agree",
    "compatible": "compatible",
    "narrower": "narrower",
    "conflict": "CONFLICT",
    "update": "UPDATE",
    "only-a": "only in A",
    "only-b": "only in B",
    "related": "RELATED",
}
PLURALS = {
    "agree": "agree",
    "compatible": "compatible",
    "narrower": "narrower",
    "conflict": "conflicts",
    "update": "updates",
    "only-a": "only in A",
    "only-b": "only in B",
    "related": "related",
}


def summary(c: Comparison) -> str:
    kinds = c.only or KINDS
    counts = ", ".join(
        f"{c.count(k)} {PLURALS[k] if c.count(k) != 1 else LABELS[k].lower() if k in ('conflict', 'update') else PLURALS[k]}"
        for k in kinds
    )
    return f"{inert(c.a)} vs {inert(c.b)}: {counts}"


def _history(s: Said) -> str:
    return "; earlier " + ", ".join(f"{stance} {when.label()}" for stance, when in s.history) if s.history else ""


def _side(s: Said | None) -> str:
    if s is None:
        return "—"
    who = f"{s.speaker}, " if s.speaker else ""  # named where a side has several voices for the field
    if s.date is None:
        return f"{s.text} ({s.speaker})" if s.speaker else s.text
    return f"{s.text} ({who}{s.date.label()}{_history(s)})"


def row_text(r: Difference) -> tuple[str, str, str, str, str]:
    """Kind, what is compared, A, B, and a note."""
    return (LABELS[r.kind], f"{r.where}: {r.field}", _side(r.a), _side(r.b), r.note or "")


def plain(c: Comparison) -> Iterator[str]:
    yield f"A: {inert(c.a)}"
    yield f"B: {inert(c.b)}"
    for r in c.rows:
        kind, what, a, b, note = (inert(x) for x in row_text(r))
        sep = {"update": "→", "related": "|"}.get(r.kind, "vs")
        yield f"{kind:<10} {what}: {a} {sep} {b}" + (f"  ({note})" if note else "")
    yield summary(c)


def markdown(c: Comparison) -> Iterator[str]:
    yield f"A: {md(c.a)}  "
    yield f"B: {md(c.b)}"
    yield ""
    yield "| Kind | Event: field | A | B | Note |"
    yield "|---|---|---|---|---|"
    for r in c.rows:
        yield "| " + " | ".join(md(x) for x in row_text(r)) + " |"
    yield ""
    yield md(summary(c))


def as_json(c: Comparison) -> Iterator[str]:
    from .records import diff_document

    yield dumps(diff_document(c), indent=2)


def table(out: Console, c: Comparison) -> None:
    """The terminal view: one grid of differences and the summary line under it."""
    from . import table as t

    t.grid(out, ["Kind", "Event: field", "A: " + c.a, "B: " + c.b, "Note"], [list(row_text(r)) for r in c.rows])
    out.print(t.T(summary(c), "bold"))
