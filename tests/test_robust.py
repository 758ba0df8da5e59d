"""Issue 13: hostile and careless input. No crash, no escape bypass, cost linear in the file (the timings live in
benchmarks/, not here), bounded reads, and messages that stay short."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import DATA

VALID = (DATA / "valid.yaml").read_text(encoding="utf-8")
ROOT = Path(__file__).parent.parent
COMMANDS = [
    ["check"], ["timeline"], ["timeline", "--format", "json"], ["show", "missiles-reported"], ["stats"],
    ["sources"], ["actors"], ["promises"], ["transfers"],
]  # fmt: skip


def write(tmp_path: Path, text: str, name: str = "log.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def with_data(command: list[str], path: Path) -> list[str]:
    return [*command, str(path)] if command == ["check"] else [*command, "--data", str(path)]


# --- 1. code points that are not characters ----------------------------------------------------------------


@pytest.mark.parametrize("no_cache", [[], ["--no-cache"]], ids=["cached", "no-cache"])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c))
def test_a_lone_surrogate_is_a_log_problem_in_every_command(irru, tmp_path: Path, command, no_cache) -> None:
    path = write(tmp_path, VALID.replace("title: Missiles reported shipped", 'title: "A\\udce2\\udc80\\udcaeB"'))
    for _ in range(2):  # the second run would be served from the cache, if anything had been stored
        result = irru(*with_data(command, path), *no_cache)
        assert result.exit_code == 1
        assert result.stdout == ""
        assert result.stderr.startswith(
            f"{path}:28:12: the value contains U+DCE2, a lone surrogate, not text; remove the escape that makes it\n"
        )


def test_tabs_inside_a_line_are_spaces_as_yaml_says(irru, tmp_path: Path) -> None:
    text = (
        VALID.replace("title: Missiles reported shipped", 'title:\t"Missiles\treported"\t# a tab after the value')
        .replace("text: About 400 missiles were sent.", "text: About\t400 missiles were sent.")
        .replace("{actor: iran, role: supplier}", "{actor: iran,\trole: supplier}")
    )
    path = write(tmp_path, text)
    for flag in ([], ["--no-cache"]):
        result = irru("show", "missiles-reported", "--data", str(path), "--format", "json", *flag)
        assert result.exit_code == 0, result.stderr
        assert '"title": "Missiles\\treported"' in result.stdout
        assert '"text": "About\\t400 missiles were sent."' in result.stdout


def test_a_tab_as_indentation_is_still_refused(irru, tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("    title: Missiles reported shipped", "\ttitle: Missiles reported shipped"))
    result = irru("check", str(path))
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"{path}:28:1: YAML syntax error: found character '\\t' that cannot start any token"
    )


# --- 7. short messages, ASCII digits -------------------------------------------------------------------------


def test_a_megabyte_value_gives_a_short_message(irru, tmp_path: Path) -> None:
    huge = "r" * 1_000_000
    path = write(tmp_path, VALID.replace("{actor: russia, role: recipient}", f"{{actor: {huge}, role: recipient}}"))
    result = irru("check", str(path))
    assert result.exit_code == 1
    assert len(result.stderr) < 1000
    assert (
        f"{path}:33:17: unknown actor '{'r' * 79}… (1,000,000 characters)' in actor; define it under 'actors:'\n"
        in result.stderr
    )


@pytest.mark.parametrize(
    ("argument", "message"),
    [
        ("２０２４", "irru: --since: '２０２４': only the ASCII digits 0-9 are numbers, not '２' (U+FF12)\n"),
        ("٢٠٢٤-01", "irru: --since: '٢٠٢٤-01': only the ASCII digits 0-9 are numbers, not '٢' (U+0662)\n"),
    ],
)
def test_dates_on_the_command_line_take_ascii_digits_only(irru, argument: str, message: str) -> None:
    result = irru("timeline", "--since", argument, "--data", str(DATA / "valid.yaml"))
    assert result.exit_code == 2
    assert result.stderr == message


# --- 3. cost: suggestions and part_of (the timings are in benchmarks/, see docs/performance.md) -----------------


def test_suggestions_are_searched_once_per_distinct_name_and_for_shown_problems_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import difflib

    from irru.errors import LogError
    from irru.logfile import load_text

    calls = []
    real = difflib.get_close_matches

    def counting(word, possibilities, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(len(list(possibilities)))
        return real(word, possibilities, *args, **kwargs)

    monkeypatch.setattr(difflib, "get_close_matches", counting)
    same = "".join("      - {actor: rusia, role: party}\n" for _ in range(300))  # 300 times the same typo
    distinct = "".join(f"      - {{actor: rusia-{i}, role: party}}\n" for i in range(300))
    for extra, searches in ((same, 1), (distinct, 100)):
        calls.clear()
        text = VALID.replace(
            "      - {actor: russia, role: recipient}\n", "      - {actor: russia, role: recipient}\n" + extra
        )
        with pytest.raises(LogError) as e:
            load_text(text, "x.yaml")
        assert len(e.value.problems) == 300
        assert len(calls) == searches
        assert (
            e.value.problems[0].message == "unknown actor 'rusia' in actor; did you mean 'russia'?"
            if searches == 1
            else True
        )


def test_suggestions_among_many_ids_compare_a_bounded_number_of_them() -> None:
    from irru.hints import NEIGHBOURS, Suggester

    ids = [f"event-{i}" for i in range(50_000)]
    s = Suggester(ids)
    assert len(list(s.candidates("evnet-4242"))) <= 4 * NEIGHBOURS
    assert s.did_you_mean("event-4242x").startswith("; did you mean 'event-4242' or ")
    assert s.did_you_mean("evnt-31337").startswith("; did you mean 'event-31337'")
    assert s.did_you_mean("x" * 1000) == ""


def test_a_long_part_of_chain_is_resolved_and_a_circle_in_it_reported_once() -> None:
    from irru.errors import LogError
    from irru.logfile import load_text

    n = 3000
    actors = "".join(f"  - {{id: a-{i}, name: A {i}, kind: government, part_of: a-{i - 1}}}\n" for i in range(1, n))
    head = "schema: 1\nsources:\n  - {id: s, title: T, publisher: P, published: 2024, kind: news, grade: B}\nactors:\n"
    events = f"events:\n  - id: e\n    date: 2024\n    title: T\n    type: delivery\n    actors: [{{actor: a-{n - 1}, role: supplier}}]\n    claims: [{{source: s, stance: asserts, text: T}}]\n"
    log = load_text(head + "  - {id: a-0, name: A 0, kind: state}\n" + actors + events)
    assert log.top(f"a-{n - 1}").id == "a-0"
    assert log.is_official_at(f"a-{n - 1}", None)
    assert len(log.parts["a-0"]) == n
    assert log.parts[f"a-{n - 1}"] == frozenset({f"a-{n - 1}"})
    with pytest.raises(LogError) as e:
        load_text(head + "  - {id: a-0, name: A 0, kind: state, part_of: a-2999}\n" + actors + events)
    assert [p.message for p in e.value.problems] == [
        "part_of goes round in a circle: a-0 → a-2999 → a-2998 → … (2,996 more) → a-1 → a-0"
    ]
    assert e.value.problems[0].line == 5


# --- 2 and 7. what reaches stdout from the data -------------------------------------------------------------------

INVISIBLE = "\u202eevil\u2028next\u2029para\x85nel\x9b31m\x7f\u2066iso\u200f"


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_json_escapes_invisible_and_reordering_characters_and_round_trips(irru, tmp_path: Path, fmt: str) -> None:
    import json

    escaped = INVISIBLE.encode("unicode_escape").decode("ascii").replace("\\x", "\\u00")
    path = write(tmp_path, VALID.replace("title: Missiles reported shipped", f'title: "Ünïcode {escaped}"'))
    result = irru("timeline", "--data", str(path), "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert [ch for ch in INVISIBLE if not ch.isalnum() and ch in result.stdout] == []
    assert "Ünïcode \\u202eevil\\u2028next\\u2029para\\u0085nel\\u009b31m\\u007f\\u2066iso\\u200f" in result.stdout
    doc = json.loads(result.stdout.splitlines()[0] if fmt == "jsonl" else result.stdout)
    event = doc if fmt == "jsonl" else doc["events"][0]
    assert event["title"] == "Ünïcode " + INVISIBLE


def test_diff_json_escapes_them_too(irru, tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("text: Iran denies it.", 'text: "Iran \\u202edenies it."'))
    result = irru("diff", "wire-1", "analysis-1", "--data", str(path), "--format", "json")
    assert "\u202e" not in result.stdout


def test_markdown_escapes_entities_and_line_starts(irru, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        VALID.replace("publisher: Example Wire", "publisher: '# Breaking & &#x202E;'").replace(
            "title: Missiles reported shipped", "title: '- 1. Missiles & more'"
        ),
    )
    result = irru("timeline", "--data", str(path), "--format", "md")
    assert result.exit_code == 0, result.stderr
    assert "| \\- 1. Missiles &amp; more |" in result.stdout
    assert "\n1. \\# Breaking &amp; &amp;#x202E;, " in result.stdout
    assert "&#x202E;" not in result.stdout.replace("&amp;#x202E;", "")


@pytest.mark.parametrize(
    ("text", "shown"),
    [("\udce2\udc80\udcae", "\\udce2\\udc80\\udcae"), ("a\u2028b\u2029c", "a\\u2028b\\u2029c")],
)
def test_inert_escapes_surrogates_and_separators(text: str, shown: str) -> None:
    from irru.inert import inert

    assert inert(text) == shown


def test_a_surrogate_typed_on_the_command_line_is_shown_escaped(irru) -> None:
    result = irru("show", "\udce2\udc80\udcae", "--data", str(DATA / "valid.yaml"))
    assert result.exit_code == 2
    assert result.stderr.startswith("irru: unknown event '\\udce2\\udc80\\udcae'")


# --- 4. bounded reads, whatever the file is -------------------------------------------------------------------


@pytest.fixture
def small_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    from irru.logfile import load

    monkeypatch.setattr(load, "MAX_FILE_BYTES", 1024 * 1024)
    monkeypatch.setattr(load, "FIFO_WAIT", 0.2)


def test_a_device_that_never_ends_is_read_no_further_than_its_first_problem(
    irru, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 25 item 13: /dev/zero used to be read to the 1 GiB limit (into memory) before being refused."""
    import os

    from irru.logfile import load

    read: list[int] = []
    real_read = os.read

    def counted(fd: int, n: int) -> bytes:
        chunk = real_read(fd, n)
        read.append(len(chunk))
        return chunk

    monkeypatch.setattr(load.os, "read", counted)
    result = irru("check", "--data", "/dev/zero", "--no-cache")
    assert (result.exit_code, result.stderr) == (
        1,
        "/dev/zero:1:1: contains a NUL byte: this is a binary file, not a YAML log\n1 problem in /dev/zero\n",
    )
    assert sum(read) <= 1024 * 1024


def test_a_stream_of_bytes_that_are_not_utf8_stops_at_the_first_chunk(tmp_path: Path) -> None:
    import subprocess
    import sys

    noise = bytes(range(128, 256)) * 80_000  # 10 MB, none of it UTF-8
    r = subprocess.run(
        [sys.executable, "-m", "irru", "check", "--data", "-", "--no-cache"], input=noise, capture_output=True,
        timeout=60, env={**__import__("os").environ, "XDG_CACHE_HOME": str(tmp_path)},
    )  # fmt: skip
    assert r.returncode == 1
    assert r.stderr == b"<stdin>:1:1: not UTF-8 text (byte 0x80); save the file as UTF-8\n1 problem in <stdin>\n"


def test_a_named_pipe_whose_writer_stalls_is_not_waited_on_forever(irru, tmp_path: Path, small_limit) -> None:
    """Issue 25 item 0: a writer that sends 'schema: 2' and then neither writes nor closes used to hang irru."""
    import os
    import threading

    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    done = threading.Event()

    def stall() -> None:
        with fifo.open("wb") as f:
            f.write(b"schema: 2\n")
            f.flush()
            done.wait(30)

    writer = threading.Thread(target=stall)
    writer.start()
    try:
        result = irru("check", str(fifo), "--no-cache")
    finally:
        done.set()
        writer.join()
    assert result.exit_code == 1
    assert result.stderr == (
        f"{fifo}: is a named pipe whose writer stopped: nothing more came within 0.2 s after 10 bytes; give a file,"
        f" or close the pipe when the log is written\n1 problem in {fifo}\n"
    )


def test_a_named_pipe_without_a_writer_is_refused_not_waited_for(irru, tmp_path: Path, small_limit) -> None:
    import os

    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    result = irru("timeline", "--data", str(fifo))
    assert result.exit_code == 1
    assert result.stderr == (
        f"{fifo}: is a named pipe and nothing was written to it within 0.2 s; start the program that writes it first,"
        f" or give a file\n1 problem in {fifo}\n"
    )


def test_a_named_pipe_with_a_writer_is_read(irru, tmp_path: Path, small_limit) -> None:
    import os
    import threading

    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_text(VALID, encoding="utf-8"))
    writer.start()
    result = irru("check", str(fifo))
    writer.join()
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.startswith(f"{fifo}: ok: 1 event, ")


def test_a_named_pipe_that_gives_too_much_is_cut(irru, tmp_path: Path, small_limit) -> None:
    import os
    import threading

    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)

    def write() -> None:
        try:
            with fifo.open("wb") as f:
                f.write(b"#" * (3 * 1024 * 1024))
        except BrokenPipeError:
            pass

    writer = threading.Thread(target=write)
    writer.start()
    result = irru("check", str(fifo))
    writer.join()
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"{fifo}: gives more than 1 MiB; irru reads logs up to 1 MiB (set IRRU_MAX_BYTES to change)\n"
    )


def test_standard_input_is_read_with_a_dash(tmp_path: Path) -> None:
    import subprocess
    import sys

    r = subprocess.run(
        [sys.executable, "-m", "irru", "check", "--data", "-"], input=VALID.encode(), capture_output=True, timeout=60
    )
    assert (r.returncode, r.stderr) == (0, b"")
    assert r.stdout.startswith(b"<stdin>: ok: 1 event, ")


# --- 5. the log you edit is the log checked -----------------------------------------------------------------------

BAD_STANCE = VALID.replace("stance: denies", "stance: deny")


def test_check_in_a_folder_checks_its_events_yaml(irru, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, BAD_STANCE, "events.yaml")
    monkeypatch.chdir(tmp_path)
    result = irru("check")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(
        f"{tmp_path / 'events.yaml'}:46:17: unknown stance 'deny'; did you mean 'denies'?\n"
    )


def test_check_names_the_absolute_path_it_checked(irru, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, VALID, "events.yaml")
    write(tmp_path, VALID, "mine.yaml")
    monkeypatch.chdir(tmp_path)
    ok = ": ok: 1 event, 2 claims, 2 sources, 4 actors, 1 system; 2024-01-01 to 2024-02-21\n"
    assert irru("check").stdout == f"{tmp_path / 'events.yaml'}{ok}"
    assert irru("check", "mine.yaml").stdout == f"{tmp_path / 'mine.yaml'}{ok}"
    assert irru("check", "--data", "mine.yaml").stdout == f"{tmp_path / 'mine.yaml'}{ok}"
    assert irru("check", env={"IRRU_DATA": "mine.yaml"}).stdout == f"{tmp_path / 'mine.yaml'}{ok}"


def test_check_of_the_bundled_log_says_so(irru, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = irru("check")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("events.yaml (bundled with irru): ok: ")


def test_other_commands_name_a_log_they_found_on_stderr(irru, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    write(tmp_path, VALID, "events.yaml")
    write(tmp_path, VALID, "mine.yaml")
    monkeypatch.chdir(tmp_path)
    found = irru("timeline", "--format", "json")
    assert found.exit_code == 0
    assert found.stderr == f"irru: reading {tmp_path / 'events.yaml'} (from the current directory)\n"
    assert json.loads(found.stdout)["count"] == 1  # stdout stays clean
    env = irru("timeline", "--format", "csv", env={"IRRU_DATA": "mine.yaml"})
    assert env.stderr == f"irru: reading {tmp_path / 'mine.yaml'} (from IRRU_DATA)\n"
    assert env.stdout.startswith("id,date,")
    typed = irru("timeline", "--data", "mine.yaml")
    assert (typed.exit_code, typed.stderr) == (0, "")


# --- 8. look-alike names ------------------------------------------------------------------------------------------


def test_look_alike_names_are_warned_about_and_check_still_passes(irru) -> None:
    """A Cyrillic 'а', a zero-width joiner, a decomposed 'á' (and the composed one beside it)."""
    path = DATA / "warnings" / "look-alike-names.yaml"
    expected = path.with_suffix(".err").read_text(encoding="utf-8")
    result = irru("check", "--all-warnings", str(path))
    assert result.exit_code == 0
    assert result.stdout.startswith(f"{path}: ok: 1 event, 2 claims, 2 sources, 8 actors, ")
    assert result.stderr.replace(str(path), "FILE") == expected
    assert "FILE:22: warning: actor 'iran-2': the name 'Ir\u0430n' mixes Latin and Cyrillic letters" in expected
    doc = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    assert expected.replace("FILE", "events.yaml").rstrip() in doc
    assert irru("check", "--strict", str(path)).exit_code == 1


def test_the_bundled_log_has_no_look_alikes(irru) -> None:
    stderr = irru("check", "--all-warnings").stderr
    assert [c for c in ("[look-alike]", "[mixed-script]", "[invisible-character]", "[decomposed]") if c in stderr] == []


# --- 6. the process: closed pipes, Ctrl-C, odd terminals ----------------------------------------------------------

EVERY_COMMAND = [
    ["timeline"], ["show", "missiles-reported"], ["actors"], ["sources"], ["stats"], ["promises"], ["transfers"],
    ["diff", "wire-1", "analysis-1"], ["check"],
]  # fmt: skip
FORMATS = ["table", "plain", "md", "json", "jsonl", "csv"]


def run_irru(args: list[str], *, env: dict[str, str] | None = None, close_stdout: bool = False):  # type: ignore[no-untyped-def]
    import os
    import subprocess
    import sys

    full_env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", **(env or {})}
    full_env.pop("IRRU_DATA", None)
    read, write = os.pipe()
    proc = subprocess.Popen([sys.executable, "-m", "irru", *args], stdout=write, stderr=subprocess.PIPE, env=full_env)
    os.close(write)
    if close_stdout:
        os.close(read)  # the reader has gone before the first byte is written
        _, err = proc.communicate(timeout=60)
        return proc.returncode, b"", err
    with os.fdopen(read, "rb") as f:
        out = f.read()
    _, err = proc.communicate(timeout=60)
    return proc.returncode, out, err


NO_SUCH_FORMAT = {("show", "md"), ("show", "csv"), ("diff", "jsonl"), ("diff", "csv")} | {("check", f) for f in FORMATS}


@pytest.mark.slow
@pytest.mark.parametrize("fmt", [*FORMATS, None])
@pytest.mark.parametrize("command", EVERY_COMMAND, ids=lambda c: c[0])
def test_a_closed_pipe_ends_every_command_quietly_with_0(command: list[str], fmt: str | None) -> None:
    data = DATA / ("promises.yaml" if command[0] in ("promises", "transfers") else "valid.yaml")
    args = [*command, "--data", str(data), *(["--format", fmt] if fmt else [])]
    code, out, err = run_irru(args)
    if (command[0], fmt) in NO_SUCH_FORMAT:  # a usage error, said before anything is written
        assert (code, out) == (2, b""), err
        return
    assert code in (0, 1) and out, err  # diff exits 1 when it finds differences
    assert run_irru(args, close_stdout=True) == (0, b"", err)  # the reader went away: 0, as docs/errors.md says


def test_a_closed_pipe_on_a_large_output_ends_with_0() -> None:
    code, _, err = run_irru(["timeline", "--format", "table"], close_stdout=True)
    assert (code, err) == (0, b"")


@pytest.mark.slow
@pytest.mark.parametrize("fmt", FORMATS)
def test_a_non_utf8_stdout_gets_escaped_ascii(fmt: str) -> None:
    code, out, err = run_irru(["timeline", "--format", fmt], env={"PYTHONIOENCODING": "ascii"})
    assert (code, err) == (0, b"")
    assert out.isascii()
    assert b"\\u2013" in out or b"\\xe1" in out or b"\\u2019" in out  # escapes where the characters were


def test_columns_0_is_treated_as_unset() -> None:
    code, out, err = run_irru(
        ["timeline", "--format", "table", "--data", str(DATA / "valid.yaml")], env={"COLUMNS": "0"}
    )
    assert (code, err) == (0, b"")
    assert b"Missiles reported shipped" in out


def test_ctrl_c_while_irru_is_still_importing_exits_130_quietly(capsys: pytest.CaptureFixture[str]) -> None:
    import importlib.abc
    import sys

    from irru import launch

    class Interrupted(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path, target=None):  # type: ignore[no-untyped-def]
            if name.startswith("irru.cli"):
                raise KeyboardInterrupt
            return None

    saved = {k: v for k, v in sys.modules.items() if k.startswith("irru.cli")}
    for k in saved:
        del sys.modules[k]
    sys.meta_path.insert(0, Interrupted())
    try:
        assert launch.main(["timeline"]) == 130
    finally:
        sys.meta_path.pop(0)
        sys.modules.update(saved)
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", "\n")


@pytest.mark.parametrize("escape", ["\\U00110000", "\\UFFFFFFFF"])
@pytest.mark.parametrize("libyaml", [True, False])
def test_an_escape_beyond_the_last_character_is_a_syntax_error(
    irru, tmp_path: Path, escape: str, libyaml: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 25 item 0: "\\U00110000" was a ValueError traceback, "\\UFFFFFFFF" an OverflowError, on every command."""
    from irru.logfile import yamltree

    if not libyaml:
        monkeypatch.setattr(yamltree, "_C_LOADER", None)
    path = tmp_path / "log.yaml"
    path.write_text(f'schema: 2\nevents: "{escape}"\n', encoding="utf-8")
    for command in ("check", "timeline"):
        r = irru(command, "--data", str(path), "--no-cache")
        assert r.exit_code == 1
        assert r.stderr.splitlines()[0] == (
            f"{path}:2:12: YAML syntax error: found invalid Unicode character escape code; \\ud800 to \\udfff"
            " (surrogates) and anything above \\U0010FFFF are not characters: write the character itself"
        )
