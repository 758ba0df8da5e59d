"""The typer application and its one error path: every :class:`~irru.errors.IrruError` a command raises is turned
into a message on stderr and its exit code here, and nowhere else."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Annotated, Any, NoReturn

import typer
from typer._click import Command, Context
from typer._click.formatting import HelpFormatter
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption
from typer.models import CommandFunctionType, CommandInfo

from .. import __version__
from ..errors import IrruError, LogError
from .argv import hoist
from .output import Env

HELP = (
    "Follow Iran–Russia military cooperation through its claims: who says so, how sure it is, and what was"
    " known when.\n\n"
    "Examples:\n\n"
    "  irru timeline --actor Iran --since 2024-01 --until 2024-03\n\n"
    "  irru show reuters-400-missiles\n\n"
    "  irru --data my-log.yaml check\n\n"
    "Global options, before or after the command: --data FILE, --no-cache, and for commands that print"
    " events --format FORMAT, --color WHEN and --no-pager."
)

SETTINGS: dict[str, Any] = {"help_option_names": ["-h", "--help"]}


def report(e: IrruError, env: Env) -> NoReturn:
    """The one place an error becomes a message and an exit code."""
    if isinstance(e, LogError):
        from ..render.problems import format_problems

        for line in format_problems(e):
            env.err(line)
    else:
        first, *rest = str(e).split("\n")  # a query error shows the query with a caret under the term
        env.err(f"irru: {first}")
        for line in rest:
            env.err(line)
    raise typer.Exit(int(e.exit_code))


class IrruGroup(TyperGroup):
    """Runs a command, reporting the project's errors as messages (never a traceback); takes global options
    before the command name; lists every command with its whole summary."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Run the app (click's public entry point); irru's completion protocols are put in place first, and only
        when a shell asks for completions (``_IRRU_COMPLETE`` set), so no other run pays for them."""
        if any(k.endswith("_COMPLETE") for k in os.environ):
            register_completion()
        return super().main(*args, **kwargs)

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        """The command, its help made consistent: an option without a metavar is shown by its name in capitals
        (``--title TITLE``, not ``--title <str>``), and a required argument without typer's braces."""
        cmd = super().get_command(ctx, cmd_name)
        if cmd is not None:
            for param in cmd.params:
                if isinstance(param, TyperOption) and not param.is_flag and param.metavar is None and param.name:
                    param.metavar = param.name.upper()
                elif isinstance(param, TyperArgument) and param.metavar is None and param.name:
                    param.metavar = param.name.upper() + ("..." if param.nargs != 1 else "")
        return cmd

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, hoist(list(args)))

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

    def format_commands(self, ctx: Context, formatter: HelpFormatter) -> None:
        """Each command's first sentence in full, wrapped, never cut with "…" (click cuts at the width)."""
        rows = []
        for name in self.list_commands(ctx):
            cmd = self.get_command(ctx, name)
            if cmd is None or cmd.hidden:
                continue
            text = (cmd.help or cmd.short_help or "").split("\n\n", 1)[0].strip()
            rows.append((name, text))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


class IrruCommand(TyperCommand):
    """A command whose usage line writes a required argument as ``EVENT_ID...``, not typer's ``{EVENT_ID...}``."""

    def collect_usage_pieces(self, ctx: Context) -> list[str]:
        return [p[1:-1] if p.startswith("{") and p.endswith("}") else p for p in super().collect_usage_pieces(ctx)]


class IrruTyper(typer.Typer):
    """A typer app whose commands are :class:`IrruCommand` unless one names its class (typer's public ``cls``)."""

    def command(
        self, name: str | None = None, *, cls: type[TyperCommand] | None = None, **kwargs: Any
    ) -> Callable[[CommandFunctionType], CommandFunctionType]:
        return super().command(name, cls=cls or IrruCommand, **kwargs)


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


def new_app() -> typer.Typer:
    return IrruTyper(
        name="irru",
        help=HELP,
        cls=IrruGroup,
        no_args_is_help=True,
        add_completion=False,  # irru's own --show-completion/--install-completion (irru.completion)
        context_settings=SETTINGS,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
    )


app = new_app()
_completion_registered = False


def register_completion() -> None:
    """irru's bash/zsh/fish completion protocols in place of typer's (once, before the app runs)."""
    global _completion_registered
    if not _completion_registered:
        from .completion import register

        register()
        _completion_registered = True


def _version(value: bool) -> None:
    if value:
        typer.echo(f"irru {__version__}")
        raise typer.Exit()


def _show_completion(value: str | None) -> None:
    if value:
        from .completion import script

        typer.echo(script(_shell(value)), nl=False)
        raise typer.Exit()


def _install_completion(value: str | None) -> None:
    if value:
        from .completion import install_completion

        path = install_completion(_shell(value))
        typer.echo(f"{value} completion installed in {path}; it takes effect in a new shell")
        raise typer.Exit()


def _shell(value: str) -> str:
    from ..errors import UsageError
    from ..query import resolve_choice
    from .completion import SCRIPTS

    try:
        return resolve_choice("shell", value, list(SCRIPTS), option="--show-completion")
    except UsageError as e:
        raise typer.BadParameter(str(e).split(": ", 1)[-1]) from None


def _after_command() -> None:
    """What waits for a command's answer to be out: a new cache entry (see irru.logfile.cache.run_deferred)."""
    cache = sys.modules.get("irru.logfile.cache")
    if cache is not None:
        cache.run_deferred()


@app.callback()
def _root(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = False,
    show_completion: Annotated[
        str | None,
        typer.Option(
            "--show-completion",
            callback=_show_completion,
            is_eager=True,
            metavar="SHELL",
            help='Print the completion script for bash, zsh or fish (eval "$(irru --show-completion bash)").',
            autocompletion=lambda: ["bash", "zsh", "fish"],
        ),
    ] = None,
    install_completion: Annotated[
        str | None,
        typer.Option(
            "--install-completion",
            callback=_install_completion,
            is_eager=True,
            metavar="SHELL",
            help="Install completion for bash, zsh or fish in your home directory.",
            autocompletion=lambda: ["bash", "zsh", "fish"],
        ),
    ] = None,
) -> None:
    """Follow Iran–Russia military cooperation through its claims."""
    ctx.call_on_close(_after_command)
