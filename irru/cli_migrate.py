"""`irru migrate FILE`: the command-line glue for :mod:`irru.migrate` (registered on the app by irru.cli)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from .cli import app, err, reported


@app.command(
    help=(
        "Rewrite a schema-1 log as schema 2, in place: comments, order and layout are kept; only 'schema: 1' and"
        " quantities that schema 2 spells differently change. The file is replaced atomically, and only if the"
        " new file loads to the same events. A schema-2 log is left alone. Exit 1 if the log has problems.\n\n"
        "Examples:\n\n"
        "  irru migrate my-log.yaml\n\n"
        "  irru migrate my-log.yaml --stdout > my-log-v2.yaml"
    ),
)
def migrate(
    file: Annotated[Path, typer.Argument(help="The log to rewrite.", metavar="FILE", show_default=False)],
    stdout: Annotated[
        bool, typer.Option("--stdout", help="Write the migrated log to stdout and leave FILE unchanged.")
    ] = False,
) -> None:
    from .logfile import decode
    from .migrate import migrate as rewrite

    name = str(file)
    with reported():
        data = _read(file, name)
        bom = data.startswith(b"\xef\xbb\xbf")
        result = rewrite(decode(data, name), name)
    if stdout:
        sys.stdout.write(result.text)
        return
    if not result.changed:
        err(f"{name}: already schema 2; nothing to do")
        return
    _replace(file, ("\ufeff" if bom else "") + result.text)
    for change in result.changes:
        err(f"{name}:{change}")
    err(f"{name}: migrated to schema 2 ({len(result.changes)} change{'s' if len(result.changes) != 1 else ''})")


def _read(file: Path, name: str) -> bytes:
    from .errors import LogError, Problem

    try:
        if file.is_dir():
            raise LogError(name, [Problem(0, 0, "is a directory, not a log file")])
        return file.read_bytes()
    except FileNotFoundError:
        raise LogError(name, [Problem(0, 0, "no such file")]) from None
    except OSError as e:
        raise LogError(name, [Problem(0, 0, f"cannot be read: {e.strerror or e}")]) from None


def _replace(file: Path, text: str) -> None:
    """Write atomically: a temporary file beside FILE, with its permissions, renamed over it."""
    import tempfile

    from .cli import fail
    from .errors import Exit

    directory = file.resolve().parent
    try:
        mode = file.stat().st_mode & 0o7777
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{file.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
                f.write(text)
            os.chmod(tmp, mode)
            os.replace(tmp, file)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError as e:
        fail(f"{file}: cannot write: {e.strerror or e}", Exit.PROBLEMS)
