"""A smoke test that keeps the benchmark runner and the log generator working (the benchmark itself is not
part of the test run: `python benchmarks/run.py`, see docs/performance.md)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
BENCH = ROOT / "benchmarks"


@pytest.mark.skipif(not BENCH.is_dir(), reason="benchmarks/ ships with the source tree")
def test_generated_logs_pass_check(irru, tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, str(BENCH / "generate.py"), "300"], check=True, capture_output=True, text=True
    )
    log = tmp_path / "g.yaml"
    log.write_text(out.stdout, encoding="utf-8")
    result = irru("check", str(log))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"{log}: ok: 300 events, ")


@pytest.mark.slow
@pytest.mark.skipif(
    not (Path(sys.executable).parent / "irru").exists(),
    reason="needs irru installed beside this interpreter (pip install .)",
)
def test_runner_quick_mode_produces_every_table() -> None:
    env = {**os.environ, "IRRU_BENCH_NO_HYPERFINE": "1"}
    out = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), "--quick"], check=True, capture_output=True, text=True, env=env
    ).stdout
    lines = out.splitlines()
    assert lines[0] == "| command | median | ratio to reference | target |"
    assert any(line.startswith("| irru timeline (bundled log, to a pipe) | ") for line in lines)
    assert any(line.startswith("| 200 | ") for line in lines)
    assert any(line.startswith("| --format jsonl (200 events) | ") for line in lines)
