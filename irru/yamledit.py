"""Editing a log without losing anything: ruamel.yaml round-trip, validation before writing, atomic writes.

Every command that writes a log (``archive``, ``fmt``, ``new``) goes through :func:`write_log`: the new text
must load cleanly (``irru check`` would pass it) or nothing is written; the old file is kept as ``FILE.bak``;
the new one replaces it atomically (a temporary file renamed into place), so a crash or Ctrl-C never leaves a
half-written log. ruamel.yaml keeps comments, key order, quoting and flow style of everything not changed.

ruamel.yaml is the optional ``edit`` extra; without it these commands exit 2 with an install hint.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

from .errors import IrruError, LogError, UsageError

INSTALL_HINT = (
    "editing a log needs ruamel.yaml, which is not installed: pip install 'irru[edit]' (or pip install ruamel.yaml)"
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
    path: Path, text: str, *, name: str | None = None, backup: bool = True, checked: bool = False
) -> Path | None:
    """Check the new text, keep the old file as FILE.bak, and replace FILE atomically. Returns the backup path.

    Raises LogError (nothing written) when the text would not pass ``irru check``.
    """
    name = name or str(path)
    if not checked:  # the caller may have loaded the new text already (fmt compares it with the old)
        try:
            validated(text, name)
        except LogError as e:
            raise RefusedWrite(e) from None
    import tempfile

    if path.exists() and not (path.stat().st_mode & 0o222 and os.access(path, os.W_OK)):  # read-only, even for root
        raise IrruError(f"{name}: the file is read-only; nothing written")
    bak: Path | None = None
    if backup and path.exists():
        bak = path.with_name(path.name + ".bak")
        bak.write_bytes(path.read_bytes())
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return bak


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
