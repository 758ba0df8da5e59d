"""Writing exports: to a temporary file beside the target, then renamed into place, so a reader never sees half
a file; with the usual mode (mkstemp's files are readable by their owner only)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def usual_mode(path: str | Path) -> None:
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, 0o666 & ~umask)


def temporary_beside(path: Path) -> str:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    return tmp


def write_text_atomic(path: Path, text: str) -> None:
    tmp = temporary_beside(path)
    try:
        Path(tmp).write_text(text, encoding="utf-8")
        usual_mode(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
