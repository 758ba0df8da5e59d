"""`irru merge`: what two logs share and where they disagree, before they become one."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import Exit
from .logs import open_log
from .options import MergeFormatOption, NoCacheOption
from .output import Term
from .root import app, env_of


@app.command(
    help=(
        "Compare two logs (files or workspaces) before combining them: records with the same id that are"
        " identical (duplicate) or differ (conflict, with the fields that differ), and records under different"
        " ids that look like one thing: sources with the same URL (same-url), actors or systems sharing a name or"
        " alias (same-name), events with the same date, type and actors and most title words in common"
        " (same-event). Exit 0 when only duplicates are found, 1 when anything else is. Writes nothing: to combine"
        " the logs, resolve the conflicts and make a workspace (a file with 'include: [A, B]'), which irru check"
        " then reads as one log.\n\n"
        "Examples:\n\n"
        "  irru merge team-a.yaml team-b.yaml\n\n"
        "  irru merge events.yaml incoming/main.yaml --format json"
    )
)
def merge(
    ctx: typer.Context,
    a: Annotated[Path, typer.Argument(metavar="A", help="The first log (a file, or a workspace's top file).")],
    b: Annotated[Path, typer.Argument(metavar="B", help="The second log.")],
    format_: MergeFormatOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    from .. import merge as M
    from ..render import mergeout

    term = Term(env_of(ctx), format_, "never")
    term.only("merge", "table", "plain", "json")
    report = M.compare(open_log(a, no_cache), open_log(b, no_cache))
    term.dispatch(
        table=lambda: mergeout.plain(report),
        plain=lambda: mergeout.plain(report),
        json=lambda: mergeout.as_json(report),
    )
    raise typer.Exit(int(Exit.PROBLEMS) if report.conflicts else 0)
