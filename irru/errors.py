"""The project's own error types and exit codes. Every error a user can cause is one of these."""

from __future__ import annotations

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


class LogError(IrruError):
    """A log that cannot be used: every problem found in it, with the file's name and text."""

    def __init__(self, path: str, problems: list[Problem], text: str | None = None) -> None:
        super().__init__(f"{path}: {len(problems)} problem(s)")
        self.path = path
        self.problems = sorted(problems, key=Problem.sort_key)
        self.text = text


class UsageError(IrruError):
    """Bad command-line input: an unknown value, an impossible date. Exit 2."""

    exit_code = Exit.USAGE
