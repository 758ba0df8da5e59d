"""At home in the terminal (issue 14): the new filters through the CLI, options before or after the command, the
pager, NO_COLOR and --color always, several ids for show, and shell completion driven through each protocol."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from irru.cli.output import Env

from conftest import DATA, invoke

Q = str(DATA / "queries.yaml")
SMALL = str(DATA / "small.yaml")
ESC = "\x1b["


def tty(*args: str, **environ: str) -> tuple[int, str, str]:
    """Run on a simulated terminal (no pager unless asked)."""
    env = Env(
        isatty=True, paging=True, environ={"COLUMNS": "100", "IRRU_TODAY": "2026-11-21", "IRRU_PAGER": "", **environ}
    )
    r = invoke(args, obj=env)
    return r.exit_code, r.stdout, r.stderr


# -- the filters, through the CLI ---------------------------------------------------------------------------------


def test_between_asks_for_both_actors(irru) -> None:
    out = irru("timeline", "--data", Q, "--between", "Alphaland", "Gammaland").stdout
    assert out == (
        "alpha-gamma-pact  from May 2024           Alphaland and Gammaland pact in force | Alphaland, Gammaland | CONFIRMED by"
        " Gammaland | [1]\n\nSources\n"
        '[1] Some Blog, "What the wire said", 2 May 2024 (grade E, blog)\n'
    )


def test_open_ended_dates_say_why_they_match(irru) -> None:
    assert irru("timeline", "--data", Q, "--on", "2024-03", "--format", "md").stdout == ""
    out = irru("timeline", "--data", Q, "--on", "2024-03", "--possibly", "--format", "md").stdout
    assert (
        "| by 28 Oct 2024 (possibly in the period) | Arrows reach Betaland at some point before late October 2024 |"
        " Gammaland → Betaland | REPORTED by Evening Paper; hedged by Gammaland | \\[1\\]\\[2\\]\\[3\\] |"
    ) in out


def test_relative_dates_count_from_irru_today(irru) -> None:
    def dates(today: str, *more: str) -> list[str]:
        out = irru("timeline", "--data", Q, "--since", "last year", *more, env={"IRRU_TODAY": today}).stdout
        return [re.split(r"  +", line)[1] for line in out.split("\n\n")[0].splitlines()]  # after the id

    assert dates("2026-11-21") == []
    assert dates("2026-11-21", "--possibly") == ["from May 2024 (possibly in the period)"]
    assert dates("2025-06-01") == ["1 Feb 2024", "from May 2024"]
    assert dates("2025-06-01", "--possibly") == [
        "1 Feb 2024",
        "from May 2024",
        "by 28 Oct 2024 (possibly in the period)",
    ]


@pytest.mark.parametrize(
    ("args", "ids"),
    [
        (("--denied-by", "Alphaland"), ["drones-2023"]),
        (("--stance", "hedges", "--speaker", "Gammaland"), ["arrows-open"]),
        (("--system", "Kite"), ["drones-2023"]),  # a family
        (("--category", "radar"), ["radar-talks"]),
        (("--source", "Wire Agency"), ["drones-2023", "arrows-open"]),  # its copies and relays
        (("--grade", "E-F", "--type", "not:delivery"), ["alpha-gamma-pact"]),
        (("--story", "arrows"), ["arrows-open"]),
        (("--actor", "Betaland", "--actor", "not:Gammaland"), ["drones-2023"]),
    ],
)
def test_each_new_filter_on_the_command_line(irru, args: tuple[str, ...], ids: list[str]) -> None:
    import json

    out = irru("timeline", "--data", Q, "--format", "jsonl", *args).stdout
    assert [json.loads(line)["id"] for line in out.splitlines()] == ids


def test_transfers_and_stats_take_the_filters(irru) -> None:
    out = irru("transfers", "--data", Q, "--category", "drone", "--format", "csv").stdout
    assert [line.split(",")[3] for line in out.splitlines()] == ["system", "Kite-1", "Kite-2"]
    out = irru("stats", "--data", Q, "--actor", "not:Alpha", "--format", "csv").stdout
    assert out == (
        "dimension,value,count\nyear,2024,1\ntype,delivery,1\nactor,Betaland,1\nactor,Gammaland,1\nconfidence,reported,1\n"
    )
    result = irru("promises", "--data", Q, "--story", "arrows")
    assert (result.exit_code, result.stderr) == (0, "irru: no promises match\n")


def test_promises_filters_pick_promises_and_keep_their_deliveries(irru) -> None:
    import json

    args = ("promises", "--data", str(DATA / "promises.yaml"), "--format", "json", "--until", "2023-02")
    (promise,) = json.loads(irru(*args).stdout)["promises"]  # the delivery (Sep 2023) is outside the filter …
    assert (promise["id"], promise["status"], promise["outcome"]) == ("yak130-promised", "delivered", "yak130-arrive")


def test_show_takes_several_ids_and_checks_them_all_first(irru) -> None:
    import json

    out = irru("show", "gaza-war", "missiles-feb", "--data", SMALL, "--format", "jsonl").stdout
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["gaza-war", "missiles-feb"]
    result = irru("show", "gaza-war", "nope", "--data", SMALL)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("irru: unknown event 'nope'")


# -- options anywhere ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (["--data", SMALL, "timeline"], ["timeline", "--data", SMALL]),
        (["--data=" + SMALL, "--format", "csv", "timeline"], ["timeline", "--format", "csv", "--data", SMALL]),
        (["--no-cache", "--color", "never", "--no-pager", "sources", "--data", SMALL], ["sources", "--data", SMALL]),
        (["--data", SMALL, "check"], ["check", "--data", SMALL]),
        (["--data", SMALL, "export", "timelinejs"], ["export", "timelinejs", "--data", SMALL]),
    ],
)
def test_global_options_before_or_after_the_command(irru, before: list[str], after: list[str]) -> None:
    a, b = irru(*before), irru(*after)
    assert (a.exit_code, a.stdout, a.stderr) == (b.exit_code, b.stdout, b.stderr)
    assert a.exit_code == 0 and a.stdout


def test_global_options_through_the_entry_point(capsys: pytest.CaptureFixture[str]) -> None:
    from irru.cli import entry

    assert entry.main(["--data", SMALL, "--format", "jsonl", "timeline", "-n", "1"]) == 0
    assert capsys.readouterr().out.startswith('{"id": "fath360-shipment"')  # -n 1: the latest event


def test_format_where_a_command_has_none_is_refused(irru) -> None:
    result = irru("--format", "json", "check", "--data", SMALL)
    assert result.exit_code == 2 and "No such option: --format" in result.stderr


# -- colour --------------------------------------------------------------------------------------------------------


def test_no_color_on_a_terminal_keeps_the_table() -> None:
    code, out, _ = tty("timeline", "--data", SMALL, NO_COLOR="1")
    assert code == 0 and ESC not in out
    assert out.startswith("4 events, 7 Oct 2023 – 4 Sep 2024; 1 disputed, 1 denied\n\n── 2023 ──")  # the table's


def test_color_always_draws_the_coloured_table_through_a_pipe(irru) -> None:
    out = irru("timeline", "--data", SMALL, "--color", "always").stdout
    assert ESC + "1;31mDENIED by Iran" in out and ESC + "1m── 2023 ──" in out


# -- the pager -----------------------------------------------------------------------------------------------------


def _pager_to(path: Path) -> str:
    return f"{sys.executable} -c \"import sys; open(r'{path}', 'w').write(sys.stdin.read())\""


def test_a_terminal_pages_through_irru_pager(tmp_path: Path) -> None:
    seen = tmp_path / "paged.txt"
    code, out, _ = tty("timeline", "--data", SMALL, "--color", "never", IRRU_PAGER=_pager_to(seen))
    assert code == 0 and out == ""
    assert seen.read_text(encoding="utf-8").startswith("4 events, 7 Oct 2023 – 4 Sep 2024")


def test_pager_falls_back_to_pager_env_and_no_pager_turns_it_off(tmp_path: Path) -> None:
    seen = tmp_path / "paged.txt"
    env = Env(isatty=True, paging=True, environ={"COLUMNS": "100", "PAGER": _pager_to(seen)})
    r = invoke(["sources", "--data", SMALL, "--no-pager"], obj=env)
    assert r.exit_code == 0 and "wire-feb" in r.stdout and not seen.exists()
    env = Env(isatty=True, paging=True, environ={"COLUMNS": "100", "PAGER": _pager_to(seen)})
    r = invoke(["sources", "--data", SMALL], obj=env)
    assert r.stdout == "" and "wire-feb" in seen.read_text(encoding="utf-8")


@pytest.mark.parametrize("pager", ["false", "no-such-pager-anywhere"])
def test_a_failing_pager_falls_back_to_plain_output(pager: str) -> None:
    code, out, _ = tty("sources", "--data", SMALL, "--color", "never", IRRU_PAGER=pager)
    assert code == 0 and "wire-feb" in out and "https://wire.example/feb" in out


def test_a_simulated_terminal_starts_no_real_pager(tmp_path: Path) -> None:
    seen = tmp_path / "paged.txt"
    env = Env(isatty=True, environ={"COLUMNS": "100", "IRRU_PAGER": _pager_to(seen)})  # stdout is not a terminal
    r = invoke(["sources", "--data", SMALL], obj=env)
    assert "wire-feb" in r.stdout and not seen.exists()


def test_machine_formats_and_pipes_are_never_paged(tmp_path: Path, irru) -> None:
    seen = tmp_path / "paged.txt"
    code, out, _ = tty("timeline", "--data", SMALL, "--format", "jsonl", IRRU_PAGER=_pager_to(seen))
    assert code == 0 and out.count("\n") == 4 and not seen.exists()
    piped = irru("timeline", "--data", SMALL, env={"IRRU_PAGER": _pager_to(seen)})
    assert piped.stdout.startswith("gaza-war          7 Oct 2023") and not seen.exists()


# -- completion ----------------------------------------------------------------------------------------------------


def complete(shell: str, words: str, cword: int | None = None, action: str = "get-args") -> list[str]:
    env = {"_IRRU_COMPLETE": f"complete_{shell}", "IRRU_DATA": SMALL}
    if shell == "bash":
        env |= {"COMP_WORDS": words, "COMP_CWORD": str(cword)}
    else:
        env |= {"_TYPER_COMPLETE_ARGS": words, "_TYPER_COMPLETE_FISH_ACTION": action}
    r = invoke([], env=env, prog_name="irru")
    return r.stdout.splitlines()


@pytest.mark.parametrize(
    ("words", "cword", "expected"),
    [
        ("irru timeline --actor United\\ S", 3, ["United\\ States"]),  # escaped: one word for bash
        ('irru timeline --actor "United S', 3, ["United\\ States"]),
        ("irru timeline --actor not : Ir", 5, ["Iran", "Iranian\\ foreign\\ ministry"]),  # bash split at ':'
        ("irru timeline --actor = Mos", 4, ["Moscow"]),  # and at '='
        ("irru timeline --confidence d", 3, ["disputed", "denied"]),  # the order of strength
        ("irru timeline --format j", 3, ["json", "jsonl"]),
        ("irru show x --format j", 4, ["json", "jsonl"]),
        ("irru diff --format ", 3, ["table", "plain", "md", "json"]),
        ("irru timeline --role sup", 3, ["supplier"]),
        ("irru timeline --sort c", 3, ["confidence"]),
        ("irru timeline --color a", 3, ["auto", "always"]),
        ("irru timeline --stance de", 3, ["denies", "declines-to-confirm"]),  # the documented order
        ("irru timeline --story mis", 3, ["missiles"]),
        ("irru timeline --system Fa", 3, ["Fateh-360", "Fath-360"]),
        ("irru promises --status not", 3, ["not-delivered"]),
        (
            "irru diff ",
            2,
            [
                "Example\\ Op-Ed",
                "Example\\ Wire",
                "gov-sep",
                "oped-nov",
                "tasnim",
                "Tasnim",
                "US\\ State\\ Department",
                "wire-feb",
            ],
        ),
        ("irru diff --by Wash", 3, ["Washington"]),
        ("irru show mis", 2, ["missiles-feb"]),
        (
            "irru --data " + str(DATA / "queries.yaml") + " timeline --actor Alp",
            5,
            ["Alpha", "Alphaland", "Alphaland\\ foreign\\ ministry"],
        ),
    ],
)
def test_bash_completion(words: str, cword: int, expected: list[str]) -> None:
    got = complete("bash", words, cword)
    assert got == expected


def test_zsh_completion_escapes_for_describe() -> None:
    assert complete("zsh", "irru timeline --actor United\\ S") == ["United States"]
    assert complete("zsh", "irru timeline --actor not:Teh") == ["not\\:Tehran"]
    assert complete("zsh", "irru timeline --grade ") == ["A", "B", "C", "D", "E", "F"]


def test_fish_completion() -> None:
    assert complete("fish", "irru timeline --actor United\\ S") == ["United States"]
    assert complete("fish", "irru timeline --confidence un") == ["unconfirmed"]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_show_completion_prints_that_shells_script(irru, shell: str) -> None:
    out = irru("--show-completion", shell).stdout
    assert f"complete_{shell}" in out
    assert {"bash": "complete -o default -F", "zsh": "#compdef irru", "fish": "complete --command irru"}[shell] in out


@pytest.mark.skipif(shutil.which("bash") is None or shutil.which("irru") is None, reason="needs bash and irru")
def test_real_bash_completes_a_name_with_a_space() -> None:
    script = subprocess.run(["irru", "--show-completion", "bash"], capture_output=True, text=True).stdout
    line = (
        script + "\nCOMP_WORDS=(irru timeline --actor 'United\\ S'); COMP_CWORD=3; _irru_completion irru;"
        ' printf "%s\\n" "${COMPREPLY[@]}"'
    )
    env = {**os.environ, "IRRU_DATA": SMALL}
    out = subprocess.run(["bash", "--norc", "-c", line], capture_output=True, text=True, env=env).stdout
    assert out == "United\\ States\n"


@pytest.mark.skipif(shutil.which("fish") is None or shutil.which("irru") is None, reason="needs fish and irru")
def test_real_fish_completes_a_name_with_a_space(tmp_path: Path) -> None:
    script = tmp_path / "irru.fish"
    script.write_text(subprocess.run(["irru", "--show-completion", "fish"], capture_output=True, text=True).stdout)
    line = f'source {script}; complete -C "irru timeline --actor United\\ S"; complete -C "irru timeline --grade "'
    env = {**os.environ, "IRRU_DATA": SMALL}
    out = subprocess.run(["fish", "--no-config", "-c", line], capture_output=True, text=True, env=env).stdout
    assert out.splitlines() == ["United States", "A", "B", "C", "D", "E", "F"]


def test_diff_takes_the_event_filters(irru) -> None:
    result = irru("diff", "wire-feb", "oped-nov", "--data", SMALL, "--since", "2024-06")
    assert result.exit_code == 1
    assert result.stdout == (
        "A: Example Wire\nB: Example Op-Ed\n"
        "only in B  fath360-shipment: claim: — vs Iran denies: Iranian officials deny it. (29 Oct – 30 Nov 2024)\n"
        "Example Wire vs Example Op-Ed: 0 agree, 0 compatible, 0 narrower, 0 conflicts, 0 updates, 0 only in A,"
        " 1 only in B, 0 related\n"
    )
    result = irru("diff", "wire-feb", "oped-nov", "--data", SMALL, "--type", "context")
    assert result.stdout.splitlines()[2].startswith("only in B  gaza-war: claim:")


def test_output_that_fits_the_screen_starts_no_pager(tmp_path: Path) -> None:
    seen = tmp_path / "paged.txt"
    code, out, _ = tty("timeline", "--data", SMALL, "--color", "never", LINES="60", IRRU_PAGER=_pager_to(seen))
    assert code == 0 and out.startswith("4 events, 7 Oct 2023 – 4 Sep 2024") and not seen.exists()
    code, out, _ = tty("timeline", "--data", SMALL, "--color", "never", LINES="10", IRRU_PAGER=_pager_to(seen))
    assert code == 0 and out == "" and seen.read_text(encoding="utf-8").startswith("4 events, 7 Oct 2023")


# -- ids on a real terminal ----------------------------------------------------------------------------------------


def _on_a_terminal(args: list[str], columns: int, rows: int) -> str:
    """What a command prints on a real terminal (a pseudo-terminal of that size), pager off."""
    import fcntl
    import pty
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR")}
    env.update(IRRU_PAGER="", TERM="xterm")
    proc = subprocess.Popen([sys.executable, "-m", "irru", *args], stdout=follower, stderr=follower, env=env)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the child closed its end
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait()
    os.close(leader)
    return re.sub(r"\x1b\[[0-9;]*m", "", b"".join(chunks).decode("utf-8")).replace("\r\n", "\n")


def test_every_id_on_an_80_column_terminal_is_whole_and_show_takes_it() -> None:
    import json

    screen = _on_a_terminal(["timeline", "--data", SMALL], 80, 40)
    assert max(len(line) for line in screen.splitlines()) <= 80
    rows = json.loads(subprocess.run([sys.executable, "-m", "irru", "timeline", "--data", SMALL, "--format", "json"],
                                     capture_output=True, text=True, check=True).stdout)["events"]  # fmt: skip
    copied = [line.split()[-1] for line in screen.splitlines() if line.split() and line.split()[-1] in
              {e["id"] for e in rows}]  # fmt: skip
    assert copied == [e["id"] for e in rows]  # each on its own line, after the date: a double-click copies it
    shown = _on_a_terminal(["show", copied[2], "--data", SMALL], 80, 40)
    assert shown.startswith("About 400 missiles reported shipped")
