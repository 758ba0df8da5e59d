"""A pager for long terminal output, as git and gh do it.

Used only when stdout is a terminal and the format is one people read (table, plain, md), and not with
``--no-pager``. The command is ``$IRRU_PAGER``, else ``$PAGER``, else ``less -FRX`` (quit at once when the output
fits the screen, keep colours, leave the text on the screen); an empty value or ``cat`` means no pager. ``LESS``
defaults to ``FRX`` for a ``less`` without options, as git sets it. When the screen's height is known, output is
held back until it is taller than the screen: shorter output goes straight to stdout and no pager starts (whatever
the pager, not only ``less -F``). When the pager cannot start, or exits with an error before reading everything,
what was written goes to stdout instead.
"""

from __future__ import annotations

import io
import shlex
import subprocess
from collections.abc import Mapping
from typing import TextIO

DEFAULT = "less -FRX"


def pager_command(environ: Mapping[str, str]) -> list[str] | None:
    """The pager to run, or None for none."""
    for name in ("IRRU_PAGER", "PAGER"):
        if name in environ:
            value = environ[name].strip()
            break
    else:
        value = DEFAULT
    try:
        words = shlex.split(value)
    except ValueError:
        words = value.split()
    if not words or words == ["cat"]:
        return None
    return words


class Pager(io.TextIOBase):
    """A text stream into a pager process, started lazily; falls back to ``fallback`` when the pager fails."""

    def __init__(
        self, command: list[str], fallback: TextIO, environ: Mapping[str, str], *, height: int | None = None
    ) -> None:
        super().__init__()
        self.height = height  # the screen's rows: output that fits in them is never paged
        self.held: list[str] = []  # what was written while it still fits on the screen
        self.held_lines = 0
        self.command = command
        self.fallback = fallback
        self.environ = dict(environ)
        self.environ.setdefault("LESS", "FRX")
        self.proc: subprocess.Popen[str] | None = None
        self.written: list[str] = []
        self.direct = False  # the pager could not start: write straight to stdout
        self.gone = False  # the reader quit (q in less): drop the rest quietly

    def _start(self) -> None:
        try:
            self.proc = subprocess.Popen(
                self.command, stdin=subprocess.PIPE, text=True, encoding="utf-8", env=self.environ
            )
        except OSError:
            self.direct = True

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    def write(self, s: str) -> int:
        n = len(s)
        if self.height is not None and self.proc is None and not self.direct:
            self.held.append(s)
            self.held_lines += s.count("\n")
            if self.held_lines < self.height:  # the last row stays free for the shell's prompt
                return n
            s, self.held, self.height = "".join(self.held), [], None  # taller than the screen: page it all
        if self.proc is None and not self.direct:
            self._start()
        if self.direct:
            self.fallback.write(s)
            return n
        self.written.append(s)  # kept until the pager's exit status says whether it showed them
        if self.gone:
            return n
        assert self.proc is not None and self.proc.stdin is not None
        try:
            self.proc.stdin.write(s)
        except (BrokenPipeError, OSError):
            self.gone = True
        return n

    def flush(self) -> None:
        if self.held:
            return  # held back until it is known whether it fits on the screen
        if self.direct:
            self.fallback.flush()
        elif self.proc is not None and self.proc.stdin is not None and not self.gone:
            try:
                self.proc.stdin.flush()
            except (BrokenPipeError, OSError):
                self.gone = True

    def close(self) -> None:
        """Let the reader finish, then replay everything on stdout if the pager failed."""
        if self.closed:
            return
        if self.held:  # it all fitted on the screen: no pager
            self.fallback.write("".join(self.held))
            self.fallback.flush()
            self.held = []
        proc, self.proc = self.proc, None
        if proc is not None:
            try:
                if proc.stdin is not None:
                    proc.stdin.close()
            except (BrokenPipeError, OSError):
                pass
            while True:
                try:
                    code = proc.wait()
                    break
                except KeyboardInterrupt:  # the pager owns the terminal: Ctrl-C is its business (as in git)
                    continue
            if code != 0:
                self.fallback.write("".join(self.written))
                self.fallback.flush()
        self.written = []
        super().close()
