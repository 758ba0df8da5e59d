"""`irru migrate FILE`: the command-line glue for :mod:`irru.migrate`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import LogError, Problem
from .root import IrruCommand, app, env_of

if TYPE_CHECKING:
    from ..safewrite import Original


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
    original = _read(file, name, writing=not stdout)
    data = original.data or b""
    result = rewrite(decode(data, name), name)
    if stdout:
        env.stdout.write(result.text)
        return
    if not result.changed:
        env.err(f"{name}: already schema 2; nothing to do")
        return
    bom = "\ufeff" if data.startswith(b"\xef\xbb\xbf") else ""
    from ..safewrite import write

    write(file, bom + result.text, original=original)
    for change in result.changes:
        env.err(f"{name}:{change}")
    n = len(result.changes)
    env.err(f"{name}: migrated to schema 2 ({n} change{'s' if n != 1 else ''})")


def _read(file: Path, name: str, *, writing: bool) -> Original:
    """The log as it is on disk; when it will be written back, a link or special file is refused."""
    from ..safewrite import Original, WriteError, read

    try:
        if file.is_dir():
            raise LogError(name, [Problem(0, 0, "is a directory, not a log file")])
        if not writing:  # read as any log is: a FIFO never waited on forever, a device bounded
            from ..logfile.load import read_bytes

            return Original(file, read_bytes(file, name), None)
        return read(file)
    except FileNotFoundError:
        raise LogError(name, [Problem(0, 0, "no such file")]) from None
    except OSError as e:
        raise LogError(name, [Problem(0, 0, f"cannot be read: {e.strerror or e}")]) from None
    except WriteError:
        if not file.exists():
            raise LogError(name, [Problem(0, 0, "no such file")]) from None
        raise
