"""Process-wide set-up shared by the console script (:mod:`irru.launch`) and :func:`irru.cli.entry.main`: streams
that cannot fail on a character, sane terminal sizes, and a quiet end when the reader of stdout goes away."""

from __future__ import annotations

import contextlib
import os
import sys


def prepare_process() -> None:
    """What every run needs before writing anything: stdout and stderr that cannot fail on a character (a
    non-UTF-8 terminal gets ``\\u2013`` escapes, a lone surrogate never goes out as raw bytes), and COLUMNS or
    LINES that are not a positive number treated as unset (rich would draw a table 0 columns wide)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="backslashreplace")
    for name in ("COLUMNS", "LINES"):
        value = os.environ.get(name)
        if value is not None and not (value.isdigit() and int(value) > 0):
            del os.environ[name]


def quiet_pipe() -> None:
    """The reader went away (`irru timeline | head -1`): point stdout at /dev/null, so that Python's final flush
    does not fail (exit 120) on what is still buffered."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def output_failed(error: OSError) -> int | None:
    """stdout cannot be written (``irru timeline > /dev/full``, a full disk, an I/O error): say so on stderr and
    return exit code 1, with stdout pointed at /dev/null so that Python's final flush cannot fail again. None when
    the error is not stdout's (the caller re-raises it)."""
    import errno

    try:
        sys.stdout.flush()
    except OSError as again:
        error = again
    else:  # the write that failed dropped its data: a write-only error that no file irru writes let through
        if error.errno not in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO):
            return None
    reason = os.strerror(error.errno) if error.errno else str(error)
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.write(f"irru: cannot write the output: {reason}\n")
        sys.stderr.flush()
    quiet_pipe()
    return 1
