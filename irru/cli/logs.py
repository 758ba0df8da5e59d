"""Which log a command reads, and the process-wide policy for building it.

The log is, in this order: the FILE argument of `irru check` or `--data FILE`; else the file named by
``IRRU_DATA``; else ``events.yaml`` in the current directory, when there is one; else the log bundled with irru.
So the log you edit in your folder is the log `irru check` checks. `irru check` names the file it checked by its
absolute path on its ok line, always. The other commands name a log they found by themselves (IRRU_DATA, or
./events.yaml) by its absolute path, in one note on stderr ("irru: reading /home/me/events.yaml (from the current
directory)"), so that stdout keeps only the command's output and JSON and CSV stay clean; a path just typed with
--data is not repeated back.
"""

from __future__ import annotations

import gc
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ..model import Log

MISSING_HINT = "; check the file's name and directory"
LOCAL_NAME = "events.yaml"


@dataclass(frozen=True)
class Choice:
    """The log a command reads: its path (None: the bundled log) and what chose it."""

    path: Path | None
    how: str  # "argument", "--data", "IRRU_DATA", "current directory", "bundled"

    @property
    def bundled(self) -> bool:
        return self.path is None

    def absolute(self) -> str:
        """The absolute path read (``<stdin>`` for ``-``)."""
        if self.path is None:
            from ..logfile import bundled_log_path

            return str(bundled_log_path())
        if str(self.path) == "-":
            from ..logfile.load import STDIN_NAME

            return STDIN_NAME
        return os.path.abspath(self.path)


def choose_log(given: Path | None, how: str, environ: Mapping[str, str], cwd: Path) -> Choice:
    """Which log to read (pure: the environment and the current directory are passed in)."""
    if given is not None:
        return Choice(given, how)
    if environ.get("IRRU_DATA"):
        return Choice(Path(environ["IRRU_DATA"]), "IRRU_DATA")
    local = cwd / LOCAL_NAME
    if local.is_file() and not _is_bundled(local):
        return Choice(local, "current directory")
    return Choice(None, "bundled")


def _is_bundled(path: Path) -> bool:
    from ..logfile import bundled_log_path

    try:
        return path.samefile(bundled_log_path())
    except OSError:
        return False


def current_choice(data: Path | None, parameter: str = "data") -> Choice:
    """The choice for the running command: whether ``data`` came from the command line or from IRRU_DATA is asked
    of click (outside a command, e.g. while completing, the environment decides)."""
    from typer._click.globals import get_current_context

    from .output import Env

    ctx = get_current_context(silent=True)
    environ: Mapping[str, str] = os.environ
    how = "--data" if parameter == "data" else "argument"
    if ctx is not None:
        root = ctx.find_root()
        if isinstance(root.obj, Env):
            environ = root.obj.environ
        source = ctx.get_parameter_source(parameter)
        if data is not None and source is not None and source.name == "ENVIRONMENT":
            how = "IRRU_DATA"
    return choose_log(data, how, environ, Path.cwd())


def open_log(
    data: Path | None, no_cache: bool = False, *, parameter: str = "data", note: bool = True, facts: bool = True
) -> Log:
    """The log chosen as the module says. Raises LogError with every problem found.

    With ``note``, a log found through IRRU_DATA or in the current directory is named on stderr ("irru: reading
    /abs/log.yaml (from IRRU_DATA)"). Building a log allocates millions of small objects and no cycles, so the cyclic collector is
    paused while building; the log then lives until the command ends, so it is frozen out of the collector's sight.
    That is a process-wide policy, so the entry point decides it here, not the loader.
    """
    from ..logfile import BUNDLED_NAME, bundled_log_path, read_log

    maker = None
    if facts and not no_cache:
        from ..viewfacts import view_facts

        maker = view_facts()
    choice = current_choice(data, parameter)
    _refuse_missing(choice)
    if note and choice.how in ("IRRU_DATA", "current directory"):
        _note(f"irru: reading {choice.absolute()} (from {_from(choice)})")
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        if choice.path is None:
            return read_log(
                bundled_log_path(), name=BUNDLED_NAME, use_cache=not no_cache, facts=maker, defer_store=True
            )
        name = choice.absolute() if choice.how == "current directory" else None
        return read_log(
            choice.path, name=name, use_cache=not no_cache, missing_hint=MISSING_HINT, facts=maker, defer_store=True
        )
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def _refuse_missing(choice: Choice) -> None:
    """A log named with --data or IRRU_DATA that does not exist is a usage error (exit 2), said as such: the
    option was given, its file is what is wrong."""
    from ..errors import UsageError

    path = choice.path
    if path is None or choice.how not in ("--data", "IRRU_DATA") or str(path) == "-" or os.path.lexists(path):
        return
    named = f"--data {path}" if choice.how == "--data" else f"IRRU_DATA={path}"
    where = "" if path.is_absolute() else f" in {Path.cwd()}"
    leave = "leave out --data" if choice.how == "--data" else "unset IRRU_DATA"
    raise UsageError(
        f"{named}: no such file{where}; check the name, or {leave} to read ./{LOCAL_NAME} or the bundled log"
    )


def _from(choice: Choice) -> str:
    return "the current directory" if choice.how == "current directory" else choice.how


def _note(message: str) -> None:
    from typer._click.globals import get_current_context

    from .output import Env

    ctx = get_current_context(silent=True)
    if ctx is None:
        return
    root = ctx.find_root()
    env = root.obj if isinstance(root.obj, Env) else Env()
    env.err(message)
