"""The package as users get it: the wheel ships the bundled log; pipes and `python -m irru` behave."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


@pytest.mark.slow
@pytest.mark.skipif(not (ROOT / "pyproject.toml").is_file(), reason="needs the source tree")
def test_wheel_ships_the_log_and_works_from_another_directory(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("irru-*.whl")
    assert "irru/data/events.yaml" in zipfile.ZipFile(wheel).namelist()
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    env.pop("IRRU_DATA", None)
    result = subprocess.run(
        [sys.executable, "-m", "irru", "check"], cwd=elsewhere, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("events.yaml (bundled with irru): ok: ")


def run_shell(command: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.run(["bash", "-c", "set -o pipefail; " + command], env=env, capture_output=True, text=True)


def test_head_ends_the_pipe_quietly() -> None:
    big = Path(__file__).parent / "data" / "small.yaml"
    result = run_shell(f"{sys.executable} -m irru timeline --data {big} | head -1")
    assert result.stderr == ""
    assert result.stdout.startswith("gaza-war          7 Oct 2023 ")
    assert len(result.stdout.splitlines()) == 1


def test_no_arguments_shows_help_and_succeeds() -> None:
    result = run_shell(f"{sys.executable} -m irru")
    assert result.returncode == 0
    assert result.stdout.startswith("Usage: irru [OPTIONS] COMMAND [ARGS]...")
    assert "timeline" in result.stdout


def test_version() -> None:
    from irru import __version__

    result = run_shell(f"{sys.executable} -m irru --version")
    assert (result.returncode, result.stdout) == (0, f"irru {__version__}\n")
