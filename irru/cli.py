"""The command line: parse options, call the core, render, map errors to exit codes.

No business logic lives here. Heavy modules (rich, dateutil) are imported inside the commands that need them.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, NoReturn, Optional

import typer

from . import __version__
from .errors import Exit, IrruError, LogError, UsageError

app = typer.Typer(
    name="irru",
    help=(
        "Follow Iran–Russia military cooperation through its claims: who says so, how sure it is, and what was"
        " known when.\n\n"
        "Examples:\n\n"
        "  irru timeline --actor Iran --since 2024-01 --until 2024-03\n\n"
        "  irru show reuters-400-missiles\n\n"
        "  irru check --data my-log.yaml"
    ),
    no_args_is_help=True,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

DataOption = Annotated[
    Optional[Path],
    typer.Option(
        "--data",
        envvar="IRRU_DATA",
        help="The log to read (default: the bundled events.yaml). Also IRRU_DATA.",
        show_default=False,
        dir_okay=True,
        metavar="FILE",
    ),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"irru {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = False,
) -> None:
    """Follow Iran–Russia military cooperation through its claims."""


def err(message: str) -> None:
    """A message for the user on stderr."""
    from .inert import inert

    sys.stderr.write(inert(message) + "\n")


def fail(message: str, code: Exit = Exit.USAGE) -> NoReturn:
    err(f"irru: {message}")
    raise typer.Exit(int(code))


@contextmanager
def reported() -> Iterator[None]:
    """Turn the core's errors into messages and exit codes; never a traceback."""
    from .render.problems import format_problems

    try:
        yield
    except LogError as e:
        for line in format_problems(e):
            err(line)
        raise typer.Exit(int(e.exit_code)) from None
    except IrruError as e:
        fail(str(e), e.exit_code)


def open_log(data: Path | None):  # type: ignore[no-untyped-def]
    from .load import bundled_log_path, read_log

    return read_log(data if data is not None else bundled_log_path())


@app.command(
    help=(
        "Check a log: every problem as FILE:LINE:COL, exit 1 if any; otherwise one summary line.\n\n"
        "Examples:\n\n"
        "  irru check\n\n"
        "  irru check my-log.yaml\n\n"
        "  IRRU_DATA=team.yaml irru check"
    )
)
def check(
    file: Annotated[
        Optional[Path], typer.Argument(help="The log to check (default: --data, IRRU_DATA, or the bundled log).")
    ] = None,
    data: DataOption = None,
) -> None:
    with reported():
        log = open_log(file or data)
    from .render.summary import summary_line

    typer.echo(summary_line(log))


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the app, ending quietly on Ctrl-C (130) and on a closed pipe."""
    args = sys.argv[1:] if argv is None else argv
    try:
        app(args=args or ["--help"], prog_name="irru")
    except SystemExit as e:
        code = e.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    except KeyboardInterrupt:
        sys.stderr.write("\n")
        return int(Exit.INTERRUPTED)
    except BrokenPipeError:
        _quiet_pipe()
        return 0
    return 0


def _quiet_pipe() -> None:
    # The reader went away (`irru timeline | head -1`): point stdout at /dev/null so that Python's
    # final flush does not complain.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())

