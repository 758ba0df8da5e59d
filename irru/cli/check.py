"""`irru check`: is this log usable?"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .logs import open_log
from .options import DataOption, NoCacheOption, NoPagerOption
from .root import app, env_of

WARNINGS_SHOWN = 3  # of each kind: forty copies of one warning hide the one that matters


@app.command(
    help=(
        "Check a log: every problem as FILE:LINE:COL, exit 1 if any; otherwise one summary line naming the file"
        " checked by its absolute path. Curator warnings (a story or tag used once, a delivery in a story with no"
        " promise, near-duplicate names, a name that looks like another but is not the same text, a source backing"
        " no claim, a quote without an archive record) are listed on stderr but exit 0, unless --strict.\n\n"
        "The log is FILE, else --data, else IRRU_DATA, else events.yaml in the current directory, else the log"
        " bundled with irru.\n\n"
        "Examples:\n\n"
        "  irru check\n\n"
        "  irru check my-log.yaml\n\n"
        "  irru check my-log.yaml --archive\n\n"
        "  irru check my-log.yaml --strict\n\n"
        "  IRRU_DATA=team.yaml irru check"
    )
)
def check(
    ctx: typer.Context,
    file: Annotated[
        Path | None,
        typer.Argument(help="The log to check (default: --data, IRRU_DATA, ./events.yaml, or the bundled log)."),
    ] = None,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
    archive: Annotated[
        bool,
        typer.Option(
            "--archive", help="Also check archive records: missing ones, changed captures, quotes not in their capture."
        ),
    ] = False,
    strict: Annotated[bool, typer.Option("--strict", help="Curator warnings count as problems (exit 1).")] = False,
    all_warnings: Annotated[
        bool,
        typer.Option("--all-warnings", help=f"List every warning (by default at most {WARNINGS_SHOWN} of each kind)."),
    ] = False,
    no_pager: NoPagerOption = False,
) -> None:
    from ..logfile import bundled_log_path
    from ..render.summary import summary_line
    from .curate import after_check  # curator warnings, --strict, --archive
    from .logs import current_choice

    del no_pager  # accepted like every command's; check's one line is never paged
    parameter = "file" if file is not None else "data"
    # check plans no query: a new cache entry is built without the facts, which would double its time
    log = open_log(file or data, no_cache, parameter=parameter, note=False, facts=False)
    choice = current_choice(file or data, parameter)
    after_check(
        env_of(ctx),
        log,
        choice.path or bundled_log_path(),
        archive=archive,
        strict=strict,
        shown=None if all_warnings else WARNINGS_SHOWN,
    )
    name = f"{log.path} (bundled with irru)" if choice.bundled else choice.absolute()
    env_of(ctx).emit([summary_line(log, name=name)])
