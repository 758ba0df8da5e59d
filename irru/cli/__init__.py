"""The command line: parse options, call the core, render, map errors to exit codes. No business logic lives here.

- :mod:`.root`: the typer app and the one error path; :mod:`.entry`: the entry point.
- :mod:`.options`: shared options, completion, user dates; :mod:`.output`: Env (terminal state) and Term (format,
  colour, width), injected, never read from globals by a command; :mod:`.logs`: which log to read.
- One module per command group (:mod:`.cache`, :mod:`.check`, :mod:`.timeline`, :mod:`.listing`, :mod:`.claims`,
  :mod:`.promises`, :mod:`.migrate`, :mod:`.export`, :mod:`.curate`), each registering its commands on the app when imported.
  Heavy modules (rich, dateutil, yaml) are imported inside the commands that need them.
"""

from . import (
    analysis,
    cache,
    check,
    claims,
    curate,
    export,
    helpcmd,
    importing,
    listing,
    merge,
    migrate,
    newcmd,
    promises,
    timeline,
)
from .entry import main
from .root import app, command_name

# Registration follows import order, which the linter sorts; the help lists commands in the order a user meets them.
ORDER = [
    "check",
    "timeline",
    "show",
    "trace",
    "ach",
    "actors",
    "sources",
    "stats",
    "diff",
    "promises",
    "transfers",
    "graph",
    "new",
    "fmt",
    "archive",
    "import",
    "merge",
    "migrate",
    "help",
]
app.registered_commands.sort(key=lambda c: ORDER.index(name) if (name := command_name(c)) in ORDER else len(ORDER))

__all__ = [
    "analysis",
    "app",
    "cache",
    "check",
    "claims",
    "curate",
    "export",
    "helpcmd",
    "importing",
    "listing",
    "main",
    "merge",
    "migrate",
    "newcmd",
    "promises",
    "timeline",
]
