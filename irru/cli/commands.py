"""Which module registers each command, so that `irru COMMAND` imports that module alone.

Each command module registers its commands on :data:`irru.cli.root.app` when imported. A run of one command needs
only its module (:func:`load`); the top-level help, `irru help`, shell completion and an unknown name need them all
(:func:`everything`, which also puts the commands in the order the help lists them). tests/test_launch.py keeps
:data:`MODULES` equal to what each module registers.
"""

from __future__ import annotations

import importlib

import typer

from .root import app, command_name

# (the name a user types, the module of irru.cli that registers it), in the order the help lists the commands
# (the groups, `cache` and `export`, come after the commands, where typer lists them).
COMMANDS: tuple[tuple[str, str], ...] = (
    ("check", "check"),
    ("timeline", "timeline"),
    ("show", "timeline"),
    ("trace", "curate"),
    ("ach", "analysis"),
    ("actors", "listing"),
    ("sources", "listing"),
    ("stats", "listing"),
    ("diff", "claims"),
    ("promises", "promises"),
    ("transfers", "promises"),
    ("graph", "export"),
    ("new", "newcmd"),
    ("fmt", "curate"),
    ("archive", "curate"),
    ("anchor", "quotes"),
    ("watch", "quotes"),
    ("import", "importing"),
    ("merge", "merge"),
    ("migrate", "migrate"),
    ("help", "helpcmd"),
    ("cache", "cache"),
    ("export", "export"),
)
MODULES = dict(COMMANDS)
ORDER = [name for name, _ in COMMANDS]


def load(name: str) -> bool:
    """Import the module that registers the command `name`; False when irru has no such command."""
    module = MODULES.get(name)
    if module is None:
        return False
    importlib.import_module(f"{__package__}.{module}")
    return True


def everything() -> typer.Typer:
    """The app with every command registered, in the order the help lists them."""
    for module in sorted(set(MODULES.values())):
        importlib.import_module(f"{__package__}.{module}")
    app.registered_commands.sort(key=lambda c: ORDER.index(name) if (name := command_name(c)) in ORDER else len(ORDER))
    return app
