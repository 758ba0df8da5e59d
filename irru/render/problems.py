"""`FILE:LINE:COL: message`, like a compiler, with the offending line and a caret under the column."""

from __future__ import annotations

from collections.abc import Iterator

from ..errors import LogError, Problem
from ..inert import inert

MAX_SHOWN = 100  # a file with thousands of problems is usually one problem repeated


def location(path: str, p: Problem) -> str:
    if p.line and p.col:
        return f"{path}:{p.line}:{p.col}"
    if p.line:
        return f"{path}:{p.line}"
    return path


def format_problems(err: LogError, *, excerpts: bool = True) -> Iterator[str]:
    """One line per problem (with an excerpt of the log line under it), then a count."""
    lines = err.text.splitlines() if (excerpts and err.text is not None) else []
    path = inert(err.path)
    for p in err.problems[:MAX_SHOWN]:
        yield f"{location(path, p)}: {inert(p.message)}"
        if p.line and 0 < p.line <= len(lines):
            source = lines[p.line - 1]
            width = len(str(p.line))
            shown = inert(source[:200]) + (" …" if len(source) > 200 else "")
            yield f"  {p.line} | {shown}"
            if p.col:
                caret_at = len(inert(source[: p.col - 1]))
                if caret_at <= 200:
                    yield f"  {' ' * width} | {' ' * caret_at}^"
    n = len(err.problems)
    if n > MAX_SHOWN:
        yield f"… {n - MAX_SHOWN} more not shown; fix these first"
    yield f"{n} problem{'s' if n != 1 else ''} in {path}"
