"""`irru migrate FILE`: the command-line glue for :mod:`irru.migrate`."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from ..errors import Exit, IrruError, LogError, Problem
from .root import IrruCommand, app, env_of


class WriteError(IrruError):
    exit_code = Exit.PROBLEMS


@app.command(
    help=(
        "Rewrite a schema-1 log as schema 2, in place: comments, order and layout are kept; only 'schema: 1' and"
        " quantities that schema 2 spells differently change, each reported as FILE:LINE:COL. The file is"
        " replaced atomically, and only if the new file loads to the same events. A schema-2 log is left alone."
        " Exit 1 if the log has problems (nothing is written).\n\n"
        "Examples:\n\n"
        "  irru migrate my-log.yaml\n\n"
        "  irru migrate my-log.yaml --stdout > my-log-v2.yaml"
    ),
    cls=IrruCommand,
)
def migrate(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="The log to rewrite.", metavar="FILE", show_default=False)],
    stdout: Annotated[
        bool, typer.Option("--stdout", help="Write the migrated log to stdout and leave FILE unchanged.")
    ] = False,
) -> None:
    from ..logfile import decode
    from ..migrate import migrate as rewrite

    env = env_of(ctx)
    name = str(file)
    data = _read(file, name)
    result = rewrite(decode(data, name), name)
    if stdout:
        env.stdout.write(result.text)
        return
    if not result.changed:
        env.err(f"{name}: already schema 2; nothing to do")
        return
    bom = "\ufeff" if data.startswith(b"\xef\xbb\xbf") else ""
    _replace(file, bom + result.text)
    for change in result.changes:
        env.err(f"{name}:{change}")
    n = len(result.changes)
    env.err(f"{name}: migrated to schema 2 ({n} change{'s' if n != 1 else ''})")


def _read(file: Path, name: str) -> bytes:
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

    try:
        mode = file.stat().st_mode & 0o7777
        fd, tmp = tempfile.mkstemp(dir=file.resolve().parent, prefix=f".{file.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
                f.write(text)
            os.chmod(tmp, mode)
            os.replace(tmp, file)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError as e:
        raise WriteError(f"{file}: cannot write: {e.strerror or e}") from None
