"""`FILE:LINE:COL: message`, like a compiler, with the offending line and a caret under the column."""

from __future__ import annotations

from collections.abc import Iterator

from ..errors import LogError, Problem, locate
from ..inert import inert

MAX_SHOWN = 100  # a file with thousands of problems is usually one problem repeated


def location(path: str, p: Problem) -> str:
    if p.line and p.col:
        return f"{path}:{p.line}:{p.col}"
    if p.line:
        return f"{path}:{p.line}"
    return path


def format_problems(err: LogError, *, excerpts: bool = True) -> Iterator[str]:
    """One line per problem (with an excerpt of the log line under it), then a count.

    In a workspace (``err.files``) each problem is shown in the file it stands in, with that file's line."""
    files = err.files or ((err.path, 0, err.text),)
    texts: dict[int, list[str]] = {}
    path = inert(err.path)
    for p in err.problems[:MAX_SHOWN]:
        i, line = locate(files, p.line)
        p = Problem(line, p.col, p.message)
        if i not in texts:
            text = files[i][2]
            texts[i] = text.splitlines() if (excerpts and text is not None) else []
        lines = texts[i]
        yield f"{location(inert(files[i][0]), p)}: {inert(p.message)}"
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
    where = (
        f"{path} and the {len(files) - 1} file{'s' if len(files) != 2 else ''} it includes" if len(files) > 1 else path
    )
    yield f"{n} problem{'s' if n != 1 else ''} in {where}"
