"""Which log a command reads, and the process-wide policy for building it."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model import Log

MISSING_HINT = "; give a log with --data FILE or IRRU_DATA"


def open_log(data: Path | None, no_cache: bool = False) -> Log:
    """The log named by --data/IRRU_DATA, or the bundled one. Raises LogError with every problem found.

    Building a log allocates millions of small objects and no cycles, so the cyclic collector is paused while
    building; the log then lives until the command ends, so it is frozen out of the collector's sight. That is a
    process-wide policy, so the entry point decides it here, not the loader.
    """
    from ..logfile import BUNDLED_NAME, bundled_log_path, read_log

    was_enabled = gc.isenabled()
    gc.disable()
    try:
        if data is None:
            return read_log(bundled_log_path(), name=BUNDLED_NAME, use_cache=not no_cache)
        return read_log(data, use_cache=not no_cache, missing_hint=MISSING_HINT)
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()
