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
    assert lines[0].startswith("Measured with `python benchmarks/run.py --quick` on ")
    assert "| command | median | ratio to reference | target |" in lines
    assert any(line.startswith("| irru timeline (bundled log, to a pipe) | ") for line in lines)
    assert sum(line.startswith("| 200 | ") for line in lines) == 2  # scale, and peers
    assert any(line.startswith("| `irru stats` | ") for line in lines)
    assert any(line.startswith("| --format jsonl (200 events) | ") for line in lines)
    assert any(line.startswith("| baseline --format jsonl") for line in lines) is False  # no --baseline given
    assert "| target (issue 17) | measured in this run | |" in lines
    assert any(line.startswith("| cold `check` on a 100 MB log ≤ the baseline's time | ") for line in lines)
    # where users wait (issue 27): every format, the filters off the planned path, edits, workspaces, chains
    for start in ("| `timeline --format table` | ", "| `timeline --format jsonl --grep shipment` | ",
                  "| … first run after a one-line edit: answer read (EOF) | ",
                  "| same events as a 40-file workspace, cached | ", "| deep part_of: ", "| irru show "):  # fmt: skip
        assert any(line.startswith(start) for line in lines), start
    assert "quiet day" not in out  # no figure this run did not measure
    # each start-up row also against the first wave (1560ba3), when this checkout has it
    has_it = subprocess.run(["git", "-C", str(BENCH.parent), "cat-file", "-e", "1560ba3^{commit}"], capture_output=True)
    if has_it.returncode == 0:
        for start in ("| timeline (bundled log, to a pipe) | ", "| show ID (bundled log; each its first event) | ",
                      "| --version | ", "| --help | "):  # fmt: skip
            row = next(line for line in lines if line.startswith(start))
            assert len(row.split(" | ")) == 6, row  # this, its ratio, 1560ba3, its ratio, this / 1560ba3
    else:
        assert "Start-up against 1560ba3: not measured (this checkout does not have that commit)." in lines


@pytest.mark.skipif(not BENCH.is_dir(), reason="benchmarks/ ships with the source tree")
def test_pathological_shapes_are_what_they_say() -> None:
    """The hostile shapes of benchmarks/pathological.py (timed by `run.py --pathological`, not here)."""
    sys.path.insert(0, str(BENCH))
    try:
        from pathological import MAKERS
    finally:
        sys.path.remove(str(BENCH))
    from irru.errors import LogError
    from irru.logfile import load_text

    outcomes = {}
    for shape, make in MAKERS.items():
        text = make(40_000)
        assert 38_000 < len(text.encode()) < 60_000, shape
        try:
            load_text(text, shape)
            outcomes[shape] = "ok"
        except LogError as e:
            outcomes[shape] = e.problems[0].message.split(" '")[0].split(":")[0]
    assert outcomes == {
        "links": "unknown event",
        "part-of": "ok",
        "typo": "unknown stance",
        "tabs": "ok",
        "tab-indent": "YAML syntax error",
        "once": "ok",
        "units": "unit",
        "includes": "unknown key",  # load_text reads one file; `irru check` reads it as a workspace
        "same-url": "ok",
    }
