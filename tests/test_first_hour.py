"""The messages a new user meets in the first hour (issue 26, list 4): each specific, with its fix, and its exit
code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import DATA

SMALL = str(DATA / "small.yaml")


@pytest.mark.parametrize(
    ("since", "until", "expected"),
    [
        ("2024/08/01", None, ["fath360-shipment"]),  # year first, as hledger writes: accepted
        ("2024/1", "2024/02/21", ["missiles-feb"]),
        ("2024-08-01", None, ["fath360-shipment"]),
    ],
)
def test_slash_dates_year_first_are_dates(irru, since: str, until: str | None, expected: list[str]) -> None:
    args = ["timeline", "--data", SMALL, "--format", "jsonl", "--since", since, "--within"]
    if until:
        args += ["--until", until]
    r = irru(*args)
    assert r.exit_code == 0, r.stderr
    assert [json.loads(line)["id"] for line in r.stdout.splitlines()] == expected


def test_a_slash_date_that_does_not_exist_is_named_as_typed(irru) -> None:
    r = irru("timeline", "--data", SMALL, "--since", "2024/02/30")
    assert r.exit_code == 2
    assert r.stderr == "irru: --since: '2024/02/30': day 30 does not exist (Feb 2024 has 29 days)\n"


def test_data_naming_a_missing_file_says_so_and_is_a_usage_error(irru, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    r = irru("timeline", "--data", "nosuch.yaml")
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr == (
        f"irru: --data nosuch.yaml: no such file in {tmp_path}; check the name, or leave out --data to read"
        " ./events.yaml or the bundled log\n"
    )
    r = irru("stats", env={"IRRU_DATA": "/nowhere/log.yaml"})
    assert r.exit_code == 2
    assert r.stderr == (
        "irru: IRRU_DATA=/nowhere/log.yaml: no such file; check the name, or unset IRRU_DATA to read ./events.yaml"
        " or the bundled log\n"
    )


@pytest.mark.parametrize("quote", ['"', "'"])
def test_an_unclosed_quote_is_reported_where_it_opens(irru, tmp_path: Path, quote: str) -> None:
    text = (DATA / "small.yaml").read_text(encoding="utf-8")
    old = "    title: Iran says the Su-35 purchase is finalised\n"
    line = text[: text.index(old)].count("\n") + 1
    log = tmp_path / "log.yaml"
    log.write_text(
        text.replace(old, f"    title: {quote}Iran says the Su-35 purchase is finalised\n    # summary: ''\n"),
        encoding="utf-8",
    )
    r = irru("check", str(log))
    assert r.exit_code == 1
    what = "double" if quote == '"' else "single"
    first = r.stderr.splitlines()[0]
    assert first.startswith(f"{log}:{line}:12: this {what}-quoted value is not closed on its line (YAML read on to")
    assert first.endswith(f"add the closing {quote} at its end")


def test_an_unclosed_quote_closed_by_a_later_quote_is_still_found_where_it_opens(irru, tmp_path: Path) -> None:
    text = (DATA / "small.yaml").read_text(encoding="utf-8")
    first_title = "    title: Iran says the Su-35 purchase is finalised\n"
    line = text[: text.index(first_title)].count("\n") + 1
    text = text.replace(first_title, '    title: "Iran says the Su-35 purchase is finalised\n')
    text = text.replace("    title: About 400 missiles reported shipped\n", '    title: "About 400 missiles"\n')
    log = tmp_path / "log.yaml"
    log.write_text(text, encoding="utf-8")
    r = irru("check", str(log))
    assert r.exit_code == 1
    assert r.stderr.startswith(f"{log}:{line}:12: this double-quoted value is not closed on its line")


def test_help_command_shows_irru_s_or_a_command_s_help(irru) -> None:
    assert irru("help").stdout == irru("--help").stdout
    assert irru("help", "timeline").stdout == irru("timeline", "--help").stdout
    assert irru("help", "export", "html").stdout == irru("export", "html", "--help").stdout
    r = irru("help", "timelin")
    assert r.exit_code == 2 and r.stderr == "irru: unknown command 'timelin'; did you mean 'timeline'?\n"
    r = irru("help", "timeline", "html")
    assert r.exit_code == 2
    assert r.stderr == "irru: 'irru timeline' has no subcommands; irru help timeline shows its help\n"


def test_export_sqlite_to_standard_output_is_refused_with_what_to_do(irru, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    r = irru("export", "sqlite", "-")
    assert r.exit_code == 2 and not (tmp_path / "-").exists()
    assert r.stderr == (
        "irru: export sqlite writes a database file, not standard output: give its name (irru export sqlite"
        " irru.db); for rows on standard output use irru timeline --format csv or jsonl\n"
    )


def test_merge_help_lists_only_the_formats_it_takes(irru) -> None:
    out = " ".join(irru("merge", "--help").stdout.split())
    assert "--format FORMAT table (default on a terminal), plain (default when piped) or json. --no-cache" in out
    r = irru("merge", SMALL, SMALL, "--format", "md")
    assert r.exit_code == 2 and r.stderr == "irru: --format md is not available for merge; use table, plain or json\n"


@pytest.mark.parametrize(
    "args", [["graph"], ["export", "timelinejs"], ["export", "html"], ["export", "sqlite", "{tmp}/x.db"]]
)
def test_export_and_graph_accept_no_pager_like_the_other_commands(irru, tmp_path: Path, args: list[str]) -> None:
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    plain = irru(*args, "--data", SMALL)
    paged = irru(*args, "--data", SMALL, "--no-pager")
    assert plain.exit_code == paged.exit_code == 0, paged.stderr
    assert paged.stdout == plain.stdout
