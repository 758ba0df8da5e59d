"""Editing a log without losing anything: ruamel.yaml round-trip, validation before writing, atomic writes.

Every command that writes a log (``archive``, ``fmt``, ``new``) goes through :func:`write_log`: the new text
must load cleanly (``irru check`` would pass it) or nothing is written; the old file is kept as ``FILE.bak``;
the new one replaces it atomically (a temporary file renamed into place), so a crash or Ctrl-C never leaves a
half-written log, and a log changed by someone else meanwhile is never overwritten (:mod:`irru.safewrite`). ruamel.yaml keeps comments, key order, quoting and flow style of everything not changed.

ruamel.yaml is the optional ``edit`` extra; without it these commands exit 2 with an install hint.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import IrruError, LogError, UsageError

if TYPE_CHECKING:
    from .safewrite import Original

INSTALL_HINT = (
    "editing a log needs ruamel.yaml, one of irru's dependencies, which is missing from this Python:"
    " reinstall irru (pip install --force-reinstall irru) or pip install ruamel.yaml"
)


def require() -> None:
    """UsageError (exit 2, with the install hint) when ruamel.yaml is missing."""
    _yaml()


def _yaml() -> Any:
    try:
        from ruamel.yaml import YAML
    except ImportError:
        raise UsageError(INSTALL_HINT) from None
    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 100_000  # never re-wrap a long line the curator wrote on one line
    y.indent(mapping=2, sequence=4, offset=2)  # the house style: "sources:\n  - id: ..."
    return y


def load(text: str) -> Any:
    """The round-trip document (comments and all) of a log's text."""
    from ruamel.yaml.error import YAMLError

    y = _yaml()
    try:
        return y.load(text)
    except YAMLError as e:  # the loader would have reported it with line and column; be brief here
        raise IrruError(f"cannot edit: the file is not valid YAML ({e.__class__.__name__})") from None


def dump(doc: Any) -> str:
    buf = io.StringIO()
    _yaml().dump(doc, buf)
    return buf.getvalue()


def validated(text: str, name: str) -> None:
    """Raise the LogError that ``irru check`` would report, if the text is not a valid log."""
    from .logfile import load_text

    load_text(text, name)


def write_log(
    path: Path,
    text: str,
    *,
    name: str | None = None,
    backup: bool = True,
    checked: bool = False,
    original: Original | None = None,
) -> Path | None:
    """Check the new text, keep the old file as FILE.bak, and replace FILE atomically. Returns the backup path.

    Raises LogError (nothing written) when the text would not pass ``irru check``. The write is
    :func:`irru.safewrite.write`: never through a link or onto a special file, and refused (nothing written) when
    the file changed since ``original`` was read (give it: the commands read the log with ``safewrite.read``).
    """
    name = name or str(path)
    if not checked:  # the caller may have loaded the new text already (fmt compares it with the old)
        try:
            validated(text, name)
        except LogError as e:
            raise RefusedWrite(e) from None
    from . import safewrite

    return safewrite.write(path, text, original=original, backup=backup)


class RefusedWrite(LogError):
    """The edited log would not pass check: nothing was written. Carries the problems of the new text."""

    def __init__(self, err: LogError) -> None:
        super().__init__(err.path, err.problems, err.text)


def find_by_id(seq: Any, record_id: str) -> Any:
    """The mapping in a round-trip list whose id is ``record_id``, or None."""
    for item in seq or ():
        if hasattr(item, "get") and str(item.get("id")) == record_id:
            return item
    return None
