from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
import typer.main
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


@functools.cache
def _command() -> Any:
    """irru's click command, built from the typer app once per test process: typer's CliRunner.invoke builds it
    anew on every call (0.1-0.2 s each, the larger part of an in-process run)."""
    return typer.main.get_command(app)


def invoke(
    args: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    input: str | None = None,
    obj: Any = None,
    prog_name: str | None = None,
    catch_exceptions: bool = False,
) -> Result:
    """Run the CLI in-process as typer's CliRunner.invoke does (the same isolation of streams, environment and
    terminal width), on the command built once. An exception other than SystemExit propagates, unless
    ``catch_exceptions`` (then the exit code is 1, as CliRunner's)."""
    import sys

    runner, command = CliRunner(), _command()
    with runner.isolation(input=input, env=env) as (out, err, _):
        try:
            command.main(args=list(args), prog_name=prog_name or runner.get_default_prog_name(command), obj=obj)
            code = 0
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else 0 if e.code is None else 1
            if not isinstance(e.code, int) and e.code is not None:
                sys.stdout.write(f"{e.code}\n")
        except Exception:
            if not catch_exceptions:
                raise
            code = 1
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            stdout, stderr = out.getvalue(), err.getvalue()

    def text(b: bytes) -> str:
        return b.decode(runner.charset, "replace").replace("\r\n", "\n")

    return Result(code, text(stdout), text(stderr))


@pytest.fixture
def irru():
    """Run the CLI in-process; returns exit code, stdout and stderr separately."""

    def run(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> Result:
        return invoke(args, env=env, input=input)

    return run
