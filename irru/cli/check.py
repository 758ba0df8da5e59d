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
        "Check a log: every problem as FILE:LINE:COL, exit 1 if any; otherwise one summary line naming the file"
        " checked by its absolute path, and on stderr a warning for each name that looks like another (a Cyrillic"
        " letter in a Latin name, an invisible character, a decomposed accent), still exit 0.\n\n"
        "The log is FILE, else --data, else IRRU_DATA, else events.yaml in the current directory, else the log"
        " bundled with irru.\n\n"
        "Examples:\n\n"
        "  irru check\n\n"
        "  irru check my-log.yaml\n\n"
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
) -> None:
    from ..errors import Problem
    from ..lookalike import lookalikes
    from ..render.problems import location
    from ..render.summary import summary_line
    from .logs import current_choice

    parameter = "file" if file is not None else "data"
    log = open_log(file or data, no_cache, parameter=parameter, note=False)
    choice = current_choice(file or data, parameter)
    name = f"{log.path} (bundled with irru)" if choice.bundled else choice.absolute()
    env = env_of(ctx)
    env.emit([summary_line(log, name=name)])
    warnings = lookalikes(log)
    if warnings:
        env.stdout.flush()
        for w in warnings:
            where = location(log.path, Problem(w.line, 1, w.message))
            env.err(f"{where}: warning: {w.message}")
