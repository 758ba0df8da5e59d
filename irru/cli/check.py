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
        "Check a log: every problem as FILE:LINE:COL, exit 1 if any; otherwise one summary line. Curator"
        " warnings (a story or tag used once, a delivery in a story with no promise, near-duplicate names, a source"
        " backing no claim, a quote without an archive record) are listed but exit 0, unless --strict.\n\n"
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
        Path | None, typer.Argument(help="The log to check (default: --data, IRRU_DATA, or the bundled log).")
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

    del no_pager  # accepted like every command's; check's one line is never paged
    log = open_log(file or data, no_cache)
    after_check(
        env_of(ctx),
        log,
        file or data or bundled_log_path(),
        archive=archive,
        strict=strict,
        shown=None if all_warnings else WARNINGS_SHOWN,
    )
    env_of(ctx).emit([summary_line(log)])
