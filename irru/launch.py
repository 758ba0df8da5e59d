"""The console script. Answers `irru --version` and the top-level help without importing typer.

Everything else goes to :func:`irru.cli.main`. The top-level help is pre-rendered in ``help.txt`` (a test
keeps it identical to what typer prints); it is used only where click would format it the same way, on a
terminal at least 80 columns wide, and never while the shell asks for completions.
"""

from __future__ import annotations

import os
import sys

from . import __version__


def main(argv: list[str] | None = None) -> int:
    """Run irru; Ctrl-C at any moment (imports included) ends with 130 and no traceback, a closed pipe with 0,
    an output that cannot be written (/dev/full) with a message and 1."""
    try:
        from .process import prepare_process

        prepare_process()
        code = _run(sys.argv[1:] if argv is None else argv)
        sys.stdout.flush()  # now, while a failure can still be reported (not in Python's final flush)
        return code
    except KeyboardInterrupt:
        sys.stderr.write("\n")
        return 130
    except BrokenPipeError:
        from .process import quiet_pipe

        quiet_pipe()
        return 0
    except OSError as e:  # stdout to /dev/full or a full disk: a message and exit 1, not a traceback
        from .process import output_failed

        failed = output_failed(e)
        if failed is None:
            raise
        return failed


def _run(args: list[str]) -> int:
    if args == ["--version"]:
        sys.stdout.write(f"irru {__version__}\n")
        return 0
    if args in ([], ["--help"], ["-h"]) and _plain_help_applies():
        try:
            with open(os.path.join(os.path.dirname(__file__), "help.txt"), encoding="utf-8") as f:
                sys.stdout.write(f.read())
            return 0
        except OSError:
            pass
    from .cli import main as cli_main

    return cli_main(args)


def _plain_help_applies() -> bool:
    if any(k.endswith("_COMPLETE") for k in os.environ):
        return False
    import shutil

    return shutil.get_terminal_size().columns >= 80
