"""The entry point: run one command and return its exit code (jrnl's ``run(argv) -> int``)."""

from __future__ import annotations

import os
import sys

import typer

from ..errors import Exit
from .argv import hoist
from .commands import everything, load
from .output import Env
from .root import app, command_name, new_app, register_completion


def main(argv: list[str] | None = None, env: Env | None = None) -> int:
    """Run the app on ``argv``, ending quietly on Ctrl-C (130) and on a closed pipe (0)."""
    from ..process import prepare_process

    prepare_process()
    code = 0
    args = hoist(sys.argv[1:] if argv is None else list(argv))
    if any(k.endswith("_COMPLETE") for k in os.environ):
        register_completion()
    try:
        app_for(args)(args=args or ["--help"], prog_name="irru", obj=env)
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    except KeyboardInterrupt:
        sys.stderr.write("\n")
        return int(Exit.INTERRUPTED)
    except BrokenPipeError:
        _quiet_pipe()
        return 0
    except OSError as e:  # stdout to /dev/full or a full disk: a message and exit 1, not a traceback
        from ..process import output_failed

        failed = output_failed(e)
        if failed is None:
            raise
        return failed
    try:
        sys.stdout.flush()  # what is still buffered goes now, while a closed pipe can still be handled
    except BrokenPipeError:
        _quiet_pipe()
    except OSError as e:
        from ..process import output_failed

        return output_failed(e) or 1
    except ValueError:
        pass
    return code


def app_for(args: list[str]) -> typer.Typer:
    """The app to run: for `irru COMMAND …`, one holding only that command, its module alone imported.

    typer turns every command's signature into click options on each call (about 20 ms for nine commands), and
    importing every command module costs more again; building only the one asked for gives the same parsing, help
    and errors for it. Shell completion and the top-level help need the whole app, and so does `irru help`, which
    looks commands up in it.
    """
    if not args or args[0].startswith("-") or args[0] == "help" or any(k.endswith("_COMPLETE") for k in os.environ):
        return everything()
    if not load(args[0]):
        return everything()  # let the full app say "No such command" with its suggestions
    chosen = [c for c in app.registered_commands if command_name(c) == args[0]]
    groups = [g for g in app.registered_groups if g.name == args[0]]  # `irru export html`
    if not chosen and not groups:
        return everything()
    single = new_app()
    single.registered_callback = app.registered_callback
    single.registered_commands = chosen
    single.registered_groups = groups
    return single


def _quiet_pipe() -> None:
    from ..process import quiet_pipe

    quiet_pipe()
