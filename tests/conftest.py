from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from irru.cli import app

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def _pinned_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Pin what would make output vary from machine to machine."""
    for name in ("IRRU_DATA", "IRRU_NO_CACHE", "FORCE_COLOR", "CLICOLOR_FORCE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("IRRU_TODAY", "2026-11-21")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


class Result:
    def __init__(self, exit_code: int, stdout: str, stderr: str) -> None:
        self.exit_code, self.stdout, self.stderr = exit_code, stdout, stderr


@pytest.fixture
def irru():
    """Run the CLI in-process; returns exit code, stdout and stderr separately."""
    runner = CliRunner()

    def run(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> Result:
        r = runner.invoke(app, list(args), env=env, input=input, catch_exceptions=False)
        return Result(r.exit_code, r.stdout, r.stderr)

    return run
