"""The fast paths of the console script behave exactly like the full app."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from irru import __version__, cli, launch
from irru.cli import entry

from conftest import DATA

SMALL = str(DATA / "small.yaml")


def full_app(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(cli.app, list(args), prog_name="irru", env={"COLUMNS": "100"})
    return r.exit_code, r.stdout, r.stderr


def test_prerendered_help_is_what_typer_prints() -> None:
    """irru/help.txt is regenerated with: python -c "from tests... " (see this test): it must equal typer's help."""
    shown = (Path(launch.__file__).with_name("help.txt")).read_text(encoding="utf-8")
    assert shown == full_app("--help")[1], "irru/help.txt is stale: regenerate it from `irru --help` at 100 columns"


@pytest.mark.parametrize("args", [[], ["--help"], ["-h"]])
def test_help_fast_path(args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    assert launch.main(args) == 0
    assert capsys.readouterr().out == full_app("--help")[1]


def test_version_fast_path(capsys: pytest.CaptureFixture[str]) -> None:
    assert launch.main(["--version"]) == 0
    assert capsys.readouterr().out == f"irru {__version__}\n" == full_app("--version")[1]


@pytest.mark.parametrize(
    "args",
    [
        ["timeline", "--data", SMALL, "--format", "jsonl"],
        ["timeline", "--data", SMALL, "--actor", "Irn"],
        ["timeline", "--help"],
        ["show", "missiles-feb", "--data", SMALL],
        ["diff", "wire-feb", "gov-sep", "--data", SMALL],
        ["check", "--colour"],
    ],
)
def test_one_command_app_behaves_like_the_full_app(
    args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert len(entry.app_for(args).registered_commands) == 1
    code = entry.main(args)
    single = (code, *capsys.readouterr())
    monkeypatch.setattr(entry, "app_for", lambda _args: cli.app)  # the same run, with every command built
    code = entry.main(args)
    assert single == (code, *capsys.readouterr())


def test_unknown_command_goes_to_the_full_app(capsys: pytest.CaptureFixture[str]) -> None:
    assert entry.app_for(["timelin"]) is cli.app
    assert entry.main(["timelin"]) == 2
    assert "No such command 'timelin'" in capsys.readouterr().err
