"""Issue 25 item 10: stdout that cannot be written (/dev/full) is a one-line message and exit 1 for every
command, --version and --help included; never a traceback, never Python's "Exception ignored" at exit."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DATA

SMALL = str(DATA / "small.yaml")
COMMANDS = [
    ["--version"], ["--help"], ["timeline", "--help"], ["timeline"], ["timeline", "--format", "json"],
    ["show", "missiles-feb"], ["trace", "missiles-feb"],
    ["trace", "missiles-feb", "--format", "json"], ["actors"], ["sources"], ["stats"], ["stats", "--chart"],
    ["diff", "wire-feb", "tasnim"], ["promises"], ["transfers"], ["graph"], ["merge", SMALL, SMALL],
    ["migrate", SMALL, "--stdout"], ["cache", "info"], ["export", "html"], ["export", "timelinejs"],
    ["--show-completion", "bash"],
]  # fmt: skip


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a))
def test_output_to_dev_full_is_a_message_and_exit_1(args: list[str], tmp_path: Path) -> None:
    env = {**os.environ, "IRRU_DATA": SMALL, "XDG_CACHE_HOME": str(tmp_path), "COLUMNS": "100"}
    with open("/dev/full", "w") as full:
        r = subprocess.run(
            [sys.executable, "-m", "irru", *args], stdout=full, stderr=subprocess.PIPE, env=env, text=True, timeout=60
        )
    assert r.returncode == 1, r.stderr
    assert r.stderr.splitlines()[-1:] == ["irru: cannot write the output: No space left on device"]
    assert "Traceback" not in r.stderr and "Exception ignored" not in r.stderr
