"""`irru check`: is this log usable?"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .logs import open_log
from .options import DataOption, NoCacheOption
from .root import app, env_of


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
    ctx: typer.Context,
    file: Annotated[
        Path | None, typer.Argument(help="The log to check (default: --data, IRRU_DATA, or the bundled log).")
    ] = None,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    from ..render.summary import summary_line

    log = open_log(file or data, no_cache)
    env_of(ctx).emit([summary_line(log)])
