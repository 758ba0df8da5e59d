"""Where output goes: the process's terminal state, read once (:class:`Env`), and the choices one command makes
from it and its options (:class:`Term`). Both are plain objects, so tests inject a "terminal" or a "pipe" (httpie's
``Environment`` does the same)."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, TextIO, cast

from ..errors import UsageError
from ..inert import inert

if TYPE_CHECKING:
    from rich.console import Console

    from ..render.records import Listing

FORMATS = ("table", "plain", "md", "json", "jsonl", "csv")
PAGED = frozenset({"table", "plain", "md"})  # what people read; machine formats are never paged
COLORS = ("auto", "always", "never")


@dataclass
class Env:
    """The terminal state of one run: streams, whether stdout is a terminal, the environment, and today."""

    out: TextIO | None = None  # None: sys.stdout when written to (a test runner may swap it)
    errors: TextIO | None = None  # None: sys.stderr likewise
    isatty: bool | None = None  # None: ask stdout
    environ: Mapping[str, str] = field(default_factory=lambda: os.environ)
    paging: bool | None = None  # None: page only when the process's real stdout is a terminal

    @property
    def can_page(self) -> bool:
        """Whether a pager may take over stdout: a terminal, and (unless told) the process's own terminal, so a
        test that only simulates one never starts a real pager."""
        if self.paging is not None:
            return self.paging and self.tty
        try:
            return self.tty and self.out is None and sys.stdout.isatty()
        except (AttributeError, ValueError):
            return False

    @property
    def stdout(self) -> TextIO:
        return self.out or sys.stdout

    @property
    def stderr(self) -> TextIO:
        return self.errors or sys.stderr

    @property
    def tty(self) -> bool:
        if self.isatty is None:
            try:
                self.isatty = self.stdout.isatty()
            except (AttributeError, ValueError):
                self.isatty = False
        return self.isatty

    @property
    def no_color(self) -> bool:
        return bool(self.environ.get("NO_COLOR"))

    @property
    def width(self) -> int | None:
        columns = self.environ.get("COLUMNS", "")
        return int(columns) if columns.isdigit() and int(columns) > 0 else None

    def terminal_width(self) -> int | None:
        """The terminal's width when stdout is one (asked before a pager takes stdout over)."""
        if not self.tty or (self.out is not None and not hasattr(self.out, "fileno")):
            return None
        try:
            return os.get_terminal_size(self.stdout.fileno()).columns
        except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
            return None

    def terminal_height(self) -> int | None:
        """The screen's rows when stdout is a terminal: LINES when set, else the terminal's own size."""
        lines = self.environ.get("LINES", "")
        if lines.isdigit() and int(lines) > 0:
            return int(lines)
        if not self.tty or (self.out is not None and not hasattr(self.out, "fileno")):
            return None
        try:
            return os.get_terminal_size(self.stdout.fileno()).lines
        except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
            return None

    def today(self) -> date:
        """The day elapsed times are counted to: IRRU_TODAY (ISO) when set, for reproducible output."""
        pinned = self.environ.get("IRRU_TODAY")
        if pinned:
            try:
                return date.fromisoformat(pinned)
            except ValueError:
                raise UsageError(f"IRRU_TODAY: '{pinned}' is not an ISO day (YYYY-MM-DD)") from None
        return date.today()

    def err(self, message: str) -> None:
        """A message for the user on stderr, made inert."""
        self.stderr.write(inert(message) + "\n")

    def emit(self, lines: Iterable[str]) -> None:
        """Write lines as they are produced, so large outputs stream."""
        write = self.stdout.write
        for line in lines:
            write(line)
            write("\n")


def check_choice(value: str | None, choices: tuple[str, ...], option: str) -> str | None:
    """A value of a closed option (--format, --color, --sort), or a usage error that suggests one."""
    if value is None:
        return None
    from ..query import resolve_choice

    return resolve_choice("value", value, choices, option=option)


class Term:
    """What one command writes: its format, whether in colour, and how wide. Decided once, from Env and options."""

    def __init__(self, env: Env, fmt: str | None, color: str, *, pager: bool = True) -> None:
        fmt = check_choice(fmt, FORMATS, "--format")
        color = check_choice(color, COLORS, "--color") or "auto"
        self.env = env
        if fmt is None:  # NO_COLOR takes the colour away, nothing else; --color always asks for the coloured table
            fmt = "table" if env.tty or color == "always" else "plain"
        self.format: str = fmt
        if color == "always":
            self.color = True
        elif color == "never":
            self.color = False
        else:
            self.color = env.tty and not env.no_color
        self.width = env.width or env.terminal_width()
        if pager and env.can_page and fmt in PAGED:
            self._page()

    def _page(self) -> None:
        """Send stdout through the pager for the rest of the command (closed when the command ends)."""
        from .pager import Pager, pager_command

        command = pager_command(self.env.environ)
        if command is None:
            return
        from typer._click.globals import get_current_context

        ctx = get_current_context(silent=True)
        if ctx is None:
            return
        paged = Pager(command, self.env.stdout, self.env.environ, height=self.env.terminal_height())
        self.env.out = cast(TextIO, paged)  # a text stream in all but its declared type
        ctx.call_on_close(paged.close)

    def only(self, command: str, *formats: str) -> None:
        """Refuse a format this command does not have."""
        if self.format not in formats:
            raise UsageError(f"--format {self.format} is not available for {command}; use {_either(formats)}")

    def console(self) -> Console:
        from ..render.table import console  # rich, only when a table is drawn

        out = console(color=self.color, width=self.width, file=self.env.stdout)  # COLUMNS wins; else rich asks the tty
        out.on_broken_pipe = _broken_pipe  # type: ignore[method-assign]  # rich would exit 1; a closed pipe is 0
        return out

    def emit(self, lines: Iterable[str]) -> None:
        self.env.emit(lines)

    def styled(self, lines: Iterable[tuple[str, str]]) -> None:
        """(text, rich style) lines: plain text in a pipe or without colour, styled on a colour terminal."""
        if self.format == "plain" or not self.color:
            self.emit(text for text, _style in lines)
            return
        from ..render.table import styled_lines

        styled_lines(self.console(), lines)

    def dispatch(self, **renderers: Callable[[], Iterable[str] | None]) -> None:
        """Call the renderer for the chosen format; text renderers return lines, which are streamed out."""
        lines = renderers[self.format]()
        if lines is not None:
            self.emit(lines)

    def listing(self, view: Listing) -> None:
        """A listing command's output (actors, sources, stats, promises, transfers) in the chosen format."""
        from ..render import machine, markdown, plain
        from ..render.records import cell

        def table() -> None:
            from ..render.table import grid

            # a stacked record is headed by what names it: a transfer by supplier, recipient and system
            if view.kind == "transfers":  # stacked, a transfer is headed "Supplier → Recipient: System"
                grid(self.console(), view.headers, view.rows, head=3, head_joins=(" → ", ": "))
            else:
                grid(self.console(), view.headers, view.rows)

        def csv() -> Iterator[str]:
            flat = view.flat_list()
            return machine.csv_lines(
                list(flat[0]) if flat else view.headers, iter([[cell(v) for v in r.values()] for r in flat])
            )

        self.dispatch(
            table=table,
            plain=lambda: plain.table(view.headers, view.rows),
            md=lambda: markdown.table(view.headers, view.rows),
            json=lambda: machine.records_json(view.kind, view.record_list(), version=view.version),
            jsonl=lambda: machine.records_jsonl(view.record_list()),
            csv=csv,
        )


def _broken_pipe() -> None:
    raise BrokenPipeError


def _either(formats: tuple[str, ...]) -> str:
    return ", ".join(formats[:-1]) + " or " + formats[-1] if len(formats) > 1 else formats[0]
