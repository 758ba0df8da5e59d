"""Regenerate every generated document and snapshot the drift tests compare with (`make regen`).

Run it after a change that alters an output README, docs/ or a snapshot shows, then review `git diff`: the drift
tests re-run the same commands and fail while any of these is stale.

    python tests/regenerate.py            # everything
    python tests/regenerate.py cli json   # only some (names below)
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

TESTS = Path(__file__).parent
sys.path[:0] = [str(TESTS)]


def _help_txt() -> None:
    import test_launch

    test_launch.regenerate_help()


def _steps() -> dict[str, tuple[str, Callable[[], None]]]:
    import test_cache
    import test_diff
    import test_docs
    import test_schema2

    return {
        "codecs": ("irru/logfile/recordcodecs.py, the cache's record codecs", test_cache.regenerate_codecs),
        "cli": ("docs/cli.md, the command reference", test_docs.regenerate_cli_reference),
        "help": ("irru/help.txt, the prerendered `irru --help`", _help_txt),
        "readme": ("the outputs shown in README.md, docs/guide.md and docs/queries.md", test_docs.regenerate_readme),
        "captures": ("the 80-column terminal captures in docs/guide.md", test_docs.regenerate_terminal_captures),
        "export": ("the outputs shown in docs/export.md", test_docs.regenerate_export),
        "json": ("the examples in docs/json.md", test_diff.regenerate_json_examples),
        "schema2": ("tests/data/schema2-expected/", test_schema2.regenerate),
    }


def main(names: list[str]) -> int:
    # The environment the tests pin (tests/conftest.py): outputs must not depend on this machine.
    for name in ("IRRU_DATA", "IRRU_NO_CACHE", "FORCE_COLOR", "CLICOLOR_FORCE"):
        os.environ.pop(name, None)
    os.environ.update(IRRU_TODAY="2026-11-21", NO_COLOR="1", COLUMNS="100", TERM="dumb")
    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="irru-regen-")
    os.chdir(TESTS.parent)
    steps = _steps()
    unknown = [n for n in names if n not in steps]
    if unknown:
        print(f"regenerate: unknown {', '.join(unknown)}; use some of: {', '.join(steps)}", file=sys.stderr)
        return 2
    for name in names or list(steps):
        what, run = steps[name]
        print(f"regenerate {name}: {what}")
        run()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
