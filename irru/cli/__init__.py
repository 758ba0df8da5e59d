"""The command line: parse options, call the core, render, map errors to exit codes. No business logic lives here.

- :mod:`.root`: the typer app and the one error path; :mod:`.entry`: the entry point.
- :mod:`.options`: shared options, completion, user dates; :mod:`.output`: Env (terminal state) and Term (format,
  colour, width), injected, never read from globals by a command; :mod:`.logs`: which log to read.
- One module per command group (:mod:`.cache`, :mod:`.check`, :mod:`.timeline`, :mod:`.listing`, :mod:`.claims`,
  :mod:`.promises`, :mod:`.migrate`, :mod:`.export`, :mod:`.curate`, :mod:`.quotes`), each registering its commands
  on the app when imported. :mod:`.commands` says which module registers which command: a run imports only the
  module of the command it runs, and ``irru.cli.app`` is the app with every command.
  Heavy modules (rich, dateutil, yaml) are imported inside the commands that need them.
"""

from __future__ import annotations

import typer

from .entry import main


def __getattr__(name: str) -> typer.Typer:
    """``irru.cli.app``: the app with every command registered (importing every command module)."""
    if name == "app":
        from .commands import everything

        return everything()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["app", "main"]
