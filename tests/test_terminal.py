"""What a terminal gets versus a pipe, with the terminal state injected (httpie's Environment pattern): the
default format, colour, and NO_COLOR, each proved on a simulated terminal."""

from __future__ import annotations

import io

import pytest

from irru.cli.output import Env

from conftest import DATA, invoke

SMALL = str(DATA / "small.yaml")
ESC = "\x1b["


def run(*args: str, tty: bool, environ: dict[str, str] | None = None) -> tuple[int, str]:
    env = Env(isatty=tty, environ={"COLUMNS": "100", "IRRU_TODAY": "2026-11-21", "IRRU_PAGER": "", **(environ or {})})
    r = invoke(args, obj=env)
    return r.exit_code, r.stdout


def test_a_terminal_gets_a_coloured_table_grouped_by_year() -> None:
    code, out = run("timeline", "--data", SMALL, tty=True, environ={"COLUMNS": "200"})
    assert code == 0
    assert ESC + "1;31mDENIED by" in out  # the flag, coloured and in words
    assert ESC + "1m── 2023 ──" in out and ESC + "1mEvent [sources]" in out  # a table grouped by year


def test_a_pipe_gets_plain_text_without_colour() -> None:
    code, out = run("timeline", "--data", SMALL, tty=False)
    assert code == 0 and ESC not in out
    assert (
        out.splitlines()[0]
        == "gaza-war          7 Oct 2023              The Gaza war begins | REPORTED by Example Op-Ed | [1]"
    )


def test_no_color_on_a_terminal_removes_the_colour() -> None:
    coloured = run("timeline", "--data", SMALL, tty=True)[1]
    plain = run("timeline", "--data", SMALL, tty=True, environ={"NO_COLOR": "1"})[1]
    assert ESC in coloured and ESC not in plain
    assert "DENIED by Iran" in plain


@pytest.mark.parametrize("command", [["actors"], ["sources"], ["stats"], ["show", "missiles-feb"]])
def test_color_never_on_a_terminal_draws_without_escapes(command: list[str]) -> None:
    code, out = run(*command, "--data", SMALL, "--color", "never", tty=True)
    assert code == 0 and out and ESC not in out


def test_env_writes_where_it_is_told() -> None:
    out, err = io.StringIO(), io.StringIO()
    env = Env(out=out, errors=err, isatty=False, environ={})
    env.emit(["a", "b"])
    env.err("irru: \x1b[31mred")
    assert (out.getvalue(), err.getvalue()) == ("a\nb\n", "irru: \\x1b[31mred\n")


def test_irru_today_must_be_an_iso_day() -> None:
    from irru.errors import UsageError

    with pytest.raises(UsageError, match="IRRU_TODAY: '21/11/2026' is not an ISO day"):
        Env(environ={"IRRU_TODAY": "21/11/2026"}).today()
