"""The typer application and its one error path: every :class:`~irru.errors.IrruError` a command raises is turned
into a message on stderr and its exit code here, and nowhere else."""

from __future__ import annotations

from typing import Annotated, Any, NoReturn

import typer
from typer._click import Context
from typer.core import TyperGroup
from typer.models import CommandInfo

from .. import __version__
from ..errors import IrruError, LogError
from .output import Env

HELP = (
    "Follow Iran–Russia military cooperation through its claims: who says so, how sure it is, and what was"
    " known when.\n\n"
    "Examples:\n\n"
    "  irru timeline --actor Iran --since 2024-01 --until 2024-03\n\n"
    "  irru show reuters-400-missiles\n\n"
    "  irru check --data my-log.yaml"
)
SETTINGS: dict[str, Any] = {"help_option_names": ["-h", "--help"]}


def report(e: IrruError, env: Env) -> NoReturn:
    """The one place an error becomes a message and an exit code."""
    if isinstance(e, LogError):
        from ..render.problems import format_problems

        for line in format_problems(e):
            env.err(line)
    else:
        env.err(f"irru: {e}")
    raise typer.Exit(int(e.exit_code))


class IrruGroup(TyperGroup):
    """Runs a command, reporting the project's errors as messages (never a traceback)."""

    def invoke(self, ctx: Context) -> Any:
        try:
            return super().invoke(ctx)
        except IrruError as e:
            report(e, env_of(ctx))
        except BrokenPipeError:
            # The reader went away (`irru timeline | head -1`): not an error (click would exit 1).
            from ..process import quiet_pipe

            quiet_pipe()
            raise typer.Exit(0) from None


def env_of(ctx: Context) -> Env:
    """The Env the run was given (tests inject one with ``obj=Env(...)``), or the process's own."""
    root = ctx.find_root()
    if not isinstance(root.obj, Env):
        root.obj = Env()
    return root.obj


def command_name(info: CommandInfo) -> str:
    """The name a user types for a registered command."""
    if info.name:
        return info.name
    return info.callback.__name__ if info.callback else ""


def new_app(*, add_completion: bool = True) -> typer.Typer:
    return typer.Typer(
        name="irru",
        help=HELP,
        cls=IrruGroup,
        no_args_is_help=True,
        add_completion=add_completion,
        context_settings=SETTINGS,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
    )


app = new_app()


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
