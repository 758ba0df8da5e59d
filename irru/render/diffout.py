"""Renderers for `irru diff`: plain lines, Markdown, JSON rows, a rich table."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..diff import KINDS, Comparison, Difference
from ..inert import inert
from .machine import dumps
from .markdown import md

if TYPE_CHECKING:
    from rich.console import Console

LABELS = {"agree": "agree", "conflict": "CONFLICT", "update": "UPDATE", "only-a": "only in A", "only-b": "only in B"}


def summary(c: Comparison) -> str:
    counts = ", ".join(
        f"{c.count(k)} {LABELS[k] if k.startswith('only') else k + ('s' if c.count(k) != 1 and k != 'agree' else '')}"
        for k in KINDS
    )
    return f"{inert(c.a)} vs {inert(c.b)}: {counts}"


def _side(value: str | None, when: str | None) -> str:
    if value is None:
        return "—"
    return f"{value} ({when})" if when else value


def row_text(r: Difference) -> tuple[str, str, str, str, str]:
    return (
        LABELS[r.kind],
        f"{r.story}: {r.field}",
        _side(r.a, r.a_date),
        _side(r.b, r.b_date),
        ", ".join(r.events),
    )


def plain(c: Comparison) -> Iterator[str]:
    yield f"A: {inert(c.a)}"
    yield f"B: {inert(c.b)}"
    for r in c.rows:
        kind, what, a, b, events = (inert(x) for x in row_text(r))
        arrow = "→" if r.kind == "update" else "vs"
        yield f"{kind:<10} {what}: {a} {arrow} {b}  [{events}]"
    yield summary(c)


def markdown(c: Comparison) -> Iterator[str]:
    yield f"A: {md(c.a)}  "
    yield f"B: {md(c.b)}"
    yield ""
    yield "| Kind | Story: field | A | B | Events |"
    yield "|---|---|---|---|---|"
    for r in c.rows:
        yield "| " + " | ".join(md(x) for x in row_text(r)) + " |"
    yield ""
    yield md(summary(c))


def as_json(c: Comparison) -> Iterator[str]:
    doc = {
        "version": 1,
        "a": c.a,
        "b": c.b,
        "counts": {k: c.count(k) for k in KINDS},
        "rows": [
            {
                "story": r.story,
                "events": list(r.events),
                "field": r.field,
                "a": r.a,
                "b": r.b,
                "kind": r.kind,
                "a_date": r.a_date,
                "b_date": r.b_date,
            }  # fmt: skip
            for r in c.rows
        ],
    }
    yield dumps(doc, indent=2)


def table(out: Console, c: Comparison) -> None:
    """The terminal view: one grid of differences and the summary line under it."""
    from . import table as t

    t.grid(out, ["Kind", "Story: field", "A: " + c.a, "B: " + c.b, "Events"], [list(row_text(r)) for r in c.rows])
    out.print(t.T(summary(c), "bold"))
