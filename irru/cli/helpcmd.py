"""`irru help [COMMAND]...`: the help of irru or of one command, as hledger and git have it (`irru help
timeline` is `irru timeline --help`; `irru help export html` is `irru export html --help`)."""

from __future__ import annotations

from typing import Annotated

import typer
from typer.core import TyperGroup

from ..errors import UsageError
from .root import app, env_of


@app.command(
    name="help",
    help=(
        "The help of irru, or of one command (the same as COMMAND --help).\n\n"
        "Examples:\n\n"
        "  irru help\n\n"
        "  irru help timeline\n\n"
        "  irru help export html"
    ),
)
def help_(
    ctx: typer.Context,
    command: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[COMMAND]...", help="A command, and a subcommand of it (export html).", show_default=False
        ),
    ] = None,
) -> None:
    from ..hints import did_you_mean

    current = ctx.find_root()
    said = ["irru"]
    for name in command or []:
        group = current.command
        if not isinstance(group, TyperGroup):
            raise UsageError(f"'{' '.join(said)}' has no subcommands; irru help {' '.join(said[1:])} shows its help")
        sub = group.get_command(current, name)
        if sub is None or sub.hidden:
            names = [n for n in group.list_commands(current) if n != "help"]
            hint = did_you_mean(name, names) or f"; {' '.join(said)} --help lists them"
            raise UsageError(f"unknown command '{name}'{hint}")
        current = typer.Context(sub, info_name=name, parent=current)
        said.append(name)
    env_of(ctx).emit([current.get_help()])
