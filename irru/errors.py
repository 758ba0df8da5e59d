"""The project's own error types and exit codes. Every error a user can cause is one of these."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum


class Exit(IntEnum):
    OK = 0
    PROBLEMS = 1  # a bad log, `check` findings, `diff` differences
    USAGE = 2  # bad command-line input
    INTERRUPTED = 130  # Ctrl-C


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in a file, at a 1-based line and column (0 when there is none)."""

    line: int
    col: int
    message: str

    def sort_key(self) -> tuple[int, int, str]:
        return (self.line, self.col, self.message)


class IrruError(Exception):
    """Base of every error irru reports to the user as a message (never as a traceback)."""

    exit_code: Exit = Exit.PROBLEMS


# A workspace's files (``include:``): (name, line offset, text or None), in reading order. Lines of a workspace
# are numbered through all its files: file k's line n is line ``offset_k + n`` (see irru.logfile.workspace).
FileSpan = tuple[str, int, "str | None"]


def locate(files: Sequence[tuple[str, int] | FileSpan], line: int) -> tuple[int, int]:
    """Which file (index into ``files``) a workspace-wide line stands in, and its line in that file.

    Line 0 (no position) belongs to the first file; so does every line when ``files`` is empty."""
    if not files or line <= 0:
        return 0, line
    offsets = [f[1] for f in files]
    i = max(bisect_left(offsets, line) - 1, 0)
    return i, line - offsets[i]


class LogError(IrruError):
    """A log that cannot be used: every problem found in it, with the file's name and text.

    ``files`` is set for a workspace (a log that includes other files): problems' lines are then numbered through
    all files (see :func:`locate`), and each is shown in its own file."""

    def __init__(
        self, path: str, problems: list[Problem], text: str | None = None, files: Sequence[FileSpan] = ()
    ) -> None:
        super().__init__(f"{path}: {len(problems)} problem(s)")
        self.path = path
        self.problems = sorted(problems, key=Problem.sort_key)
        self.text = text
        self.files = tuple(files)


class UsageError(IrruError):
    """Bad command-line input: an unknown value, an impossible date. Exit 2."""

    exit_code = Exit.USAGE
