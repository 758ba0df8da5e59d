"""Workspaces: a log split across files with `include:` checks, queries and caches like one file, and every
problem names the file and line it stands in."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from irru.logfile import cache, read_log

from conftest import DATA

WS = DATA / "workspace"
MAIN = WS / "main.yaml"  # includes actors.yaml and the directory events/: the same log as small.yaml


def test_a_workspace_reads_as_the_same_log_as_one_file() -> None:
    ws, one = read_log(MAIN), read_log(DATA / "small.yaml")
    assert ws == replace(one, path=str(MAIN))
    assert [f for f, _ in ws.files] == [str(MAIN), str(WS / "actors.yaml"), str(WS / "events" / "all.yaml")]


@pytest.mark.parametrize(
    "args",
    [("timeline",), ("timeline", "--format", "json"), ("show", "missiles-feb"), ("actors",), ("stats",)],
    ids=" ".join,
)
def test_a_workspace_queries_like_one_file(irru, args: tuple[str, ...]) -> None:
    ws = irru(*args, "--data", str(MAIN))
    one = irru(*args, "--data", str(DATA / "small.yaml"))
    assert ws.exit_code == one.exit_code == 0
    assert ws.stdout == one.stdout.replace(str(DATA / "small.yaml"), str(MAIN))


def test_check_covers_every_file_and_warnings_name_their_file(irru) -> None:
    result = irru("check", str(MAIN))
    assert result.exit_code == 0
    assert result.stdout == (
        f"{MAIN}: ok: 4 events, 6 claims, 4 sources, 6 actors, 2 systems in 3 files; 2023-10-07 to 2024-09-04\n"
    )
    events = WS / "events" / "all.yaml"
    assert result.stderr == (
        f"{events}:13: warning: delivery 'missiles-feb' is in story 'missiles', which has no promise, contract or"
        " agreement [delivery-unpromised]\n"
        f"{events}:30: warning: delivery 'fath360-shipment' is in story 'missiles', which has no promise, contract"
        " or agreement [delivery-unpromised]\n"
        "2 warnings (irru check --strict counts them as problems)\n"
    )


def test_strict_problems_are_shown_in_their_file_with_its_line(irru) -> None:
    result = irru("check", str(MAIN), "--strict")
    assert result.exit_code == 1
    events = WS / "events" / "all.yaml"
    assert result.stderr.splitlines()[:2] == [
        f"{events}:13: delivery 'missiles-feb' is in story 'missiles', which has no promise, contract or agreement"
        " [delivery-unpromised]",
        "  13 |   - id: missiles-feb",
    ]


def test_an_error_in_the_second_file_names_that_file(irru) -> None:
    result = irru("check", str(WS / "broken" / "main.yaml"))
    assert result.exit_code == 1
    actors = WS / "broken" / "actors.yaml"
    assert result.stderr == (
        f"{actors}:4:63: unknown actor kind 'army'; use one of: state, government, armed-force, organisation,"
        " company, person, group, institute, media\n"
        "  4 |   - {id: irgc, name: Islamic Revolutionary Guard Corps, kind: army, aliases: [IRGC], part_of: iran}\n"
        "    |                                                               ^\n"
        f"{actors}:8:64: unknown actor 'united-state' in part_of; did you mean 'united-states'?\n"
        "  8 |   - {id: blinken, name: Antony Blinken, kind: person, part_of: united-state}\n"
        "    |                                                                ^\n"
        f"2 problems in {WS / 'broken' / 'main.yaml'} and the 2 files it includes\n"
    )
    # every command refuses it the same way
    assert irru("timeline", "--data", str(WS / "broken" / "main.yaml")).stderr == result.stderr


def test_ids_are_unique_across_files(irru) -> None:
    d = WS / "duplicate"
    result = irru("check", str(d / "main.yaml"))
    assert result.exit_code == 1
    assert result.stderr == (
        f"{d / 'more-events.yaml'}:2:9: duplicate event id 'gaza-war'"
        f" (first defined at line 24 of {d / 'events.yaml'})\n"
        "  2 |   - id: gaza-war\n"
        "    |         ^\n"
        f"1 problem in {d / 'main.yaml'} and the 3 files it includes\n"
    )


def test_an_include_cycle_is_reported_where_it_closes(irru) -> None:
    d = WS / "cycle"
    result = irru("check", str(d / "main.yaml"))
    assert result.exit_code == 1
    assert result.stderr == (
        f"{d / 'b.yaml'}:2:5: include goes round in a circle: a.yaml → b.yaml → a.yaml\n"
        "  2 |   - a.yaml\n"
        "    |     ^\n"
        f"1 problem in {d / 'main.yaml'} and the 2 files it includes\n"
    )


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["broken", "duplicate", "cycle", "include-problems"])
def test_every_workspace_error_is_documented_with_its_exact_output(
    irru, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """docs/errors.md shows `irru check NAME/main.yaml` as run in tests/data/workspace/."""
    doc = (Path(__file__).parent.parent / "docs" / "errors.md").read_text(encoding="utf-8")
    monkeypatch.chdir(WS)
    result = irru("check", f"{name}/main.yaml")
    assert result.exit_code == 1 and result.stdout == ""
    assert f"```\n{result.stderr}```" in doc


def test_include_problems_stand_at_the_include_or_in_the_included_file(irru) -> None:
    main, one = WS / "include-problems" / "main.yaml", WS / "include-problems" / "parts" / "one.yaml"
    result = irru("check", str(main))
    assert result.exit_code == 1
    messages = [line for line in result.stderr.splitlines() if not line.startswith("  ")]
    assert messages == [
        f"{main}:2:25: included file 'acters.yaml' does not exist; did you mean 'actors.yaml'?",
        f"{main}:2:38: include 'none/*.yml' matches no file",
        f"{one}:1:9: schema 1 here, but {main} is schema 2; the files of a workspace share one schema (or leave"
        " 'schema:' out of included files)",
        f"{one}:2:1: unknown key 'sauces' in an included file; did you mean 'sources'?",
        f"{one}:3:9: events must be a list, not a mapping",
        f"5 problems in {main} and the 1 file it includes",
    ]


def test_a_glob_does_not_read_the_including_file_again(tmp_path: Path) -> None:
    shutil.copytree(WS, tmp_path / "ws")
    flat = tmp_path / "ws" / "flat"
    flat.mkdir()
    shutil.copy(WS / "actors.yaml", flat / "actors.yaml")
    shutil.copy(WS / "events" / "all.yaml", flat / "events.yaml")
    text = (WS / "main.yaml").read_text(encoding="utf-8").replace("  - actors.yaml\n  - events/\n", '  - "*.yaml"\n')
    write(flat / "main.yaml", text)
    assert read_log(flat / "main.yaml") == replace(read_log(DATA / "small.yaml"), path=str(flat / "main.yaml"))


def test_the_cache_serves_a_workspace_and_keys_on_every_file(tmp_path: Path) -> None:
    shutil.copytree(WS, tmp_path / "ws")
    main, actors = tmp_path / "ws" / "main.yaml", tmp_path / "ws" / "actors.yaml"
    first = read_log(main, use_cache=True)
    (entry,) = cache.cache_dir().glob("*" + cache.SUFFIX)
    import sqlite3

    db = sqlite3.connect(entry)
    db.execute("UPDATE actors SET rec = json_set(rec, '$[1]', 'Planted') WHERE json_extract(rec, '$[0]') = 'iran'")
    db.commit()
    db.close()
    second = read_log(main, use_cache=True)
    assert second.actors["iran"].name == "Planted"  # served from the cache
    assert second.files == first.files  # lines still map to their files
    # an edit to an included file is never served stale
    actors.write_text(actors.read_text(encoding="utf-8").replace("name: Iran,", "name: Persia,"), encoding="utf-8")
    assert read_log(main, use_cache=True).actors["iran"].name == "Persia"
    # nor is a file newly matched by an include
    write(tmp_path / "ws" / "events" / "more.yaml", (WS / "duplicate" / "more-events.yaml").read_text("utf-8"))
    with pytest.raises(Exception, match="1 problem"):
        read_log(main, use_cache=True)


def test_a_cached_workspace_is_served_like_one_file_from_its_indexes(irru, tmp_path: Path) -> None:
    """No event is decoded for a planned query on a cached workspace (issue 27); every view is the parse's."""
    from irru import query as Q
    from irru.logfile.entry import CachedLog
    from irru.viewfacts import view_facts

    shutil.copytree(WS, tmp_path / "ws")
    main = tmp_path / "ws" / "main.yaml"
    fresh = read_log(main)
    read_log(main, use_cache=True, facts=view_facts())
    served = read_log(main, use_cache=True, facts=view_facts())
    assert isinstance(served, CachedLog) and served.files == fresh.files
    lines = served.planned_lines(Q.Query())
    assert lines is not None and len(list(lines)) == len(fresh.events)
    assert served.__dict__["_all"] is None  # nothing decoded
    for args in (["timeline", "--format", "jsonl"], ["timeline"], ["stats"], ["show", fresh.events[0].id]):
        want = irru(*args, "--data", str(main), "--no-cache")
        got = irru(*args, "--data", str(main))
        assert (got.exit_code, got.stdout, got.stderr) == (want.exit_code, want.stdout, want.stderr), args


@pytest.mark.parametrize("bad", [b"\xff\xfe", b"\x00"], ids=["not-utf8", "nul"])
def test_a_cached_workspace_whose_file_stops_being_text_is_reported_as_without_the_cache(
    irru, tmp_path: Path, bad: bytes
) -> None:
    """The cached path's scan does not decode the files (their bytes key the entry): a file that is no longer text
    misses every entry, is never re-used, and gets the message a full read gives, at its line."""
    shutil.copytree(WS, tmp_path / "ws")
    main, actors = tmp_path / "ws" / "main.yaml", tmp_path / "ws" / "actors.yaml"
    assert irru("timeline", "--data", str(main)).exit_code == 0  # cached, with the note an edit re-uses
    lines = actors.read_bytes().split(b"\n")
    actors.write_bytes(b"\n".join([*lines[:2], lines[2] + bad, *lines[3:]]))
    want = irru("timeline", "--data", str(main), "--no-cache")
    got = irru("timeline", "--data", str(main))
    assert (got.exit_code, got.stdout, got.stderr) == (want.exit_code, want.stdout, want.stderr)
    assert got.exit_code == 1 and f"included file '{actors}' line 3: " in got.stderr


MERGE_B = WS / "merge" / "b.yaml"


def test_merge_reports_conflicts_and_duplicates_by_id_and_fingerprint(irru) -> None:
    result = irru("merge", str(MAIN), str(MERGE_B))
    assert result.exit_code == 1
    events, actors, b = WS / "events" / "all.yaml", WS / "actors.yaml", MERGE_B
    assert result.stdout.splitlines() == [
        f"conflict: source 'gov-sep' ({MAIN}:8, {b}:5): differs in title, grade",
        f"conflict: event 'gaza-war' ({events}:24, {b}:21): differs in claims",
        f"same-url: source 'wire-feb' ({MAIN}:7) and source 'wire-feb-2' ({b}:6): both cite https://wire.example/feb",
        f"same-name: actor 'russia' ({actors}:6) and actor 'rf' ({b}:10): both are called 'Russia'",
        f"same-event: event 'missiles-feb' ({events}:13) and event 'missiles-shipped' ({b}:14): 2024-01/2024-02-21"
        " delivery (irgc, russia); titles share '400', 'about', 'missiles', 'shipped'",
        f"duplicate: source 'wire-feb' ({MAIN}:7, {b}:4): the same record in both",
        f"duplicate: actor 'iran' ({actors}:3, {b}:8): the same record in both",
        f"duplicate: actor 'irgc' ({actors}:4, {b}:9): the same record in both",
        f"duplicate: system 'fath-360' ({actors}:10, {b}:12): the same record in both",
        f"{MAIN} and {b}: 2 conflicts, 1 same-url, 1 same-name, 1 same-event, 4 duplicates; conflicts to resolve"
        " before merging",
    ]
    assert result.stderr == ""


def test_merge_json_names_each_record_in_its_file(irru) -> None:
    result = irru("merge", str(MAIN), str(MERGE_B), "--format", "json")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc["version"] == 1 and doc["conflicts"] == 5
    assert doc["counts"] == {"conflict": 2, "same-url": 1, "same-name": 1, "same-event": 1, "duplicate": 4}
    assert doc["findings"][1] == {
        "kind": "conflict",
        "conflict": True,
        "record": "event",
        "a": {"id": "gaza-war", "file": str(WS / "events" / "all.yaml"), "line": 24},
        "b": {"id": "gaza-war", "file": str(MERGE_B), "line": 21},
        "detail": "differs in claims",
    }


def test_merge_of_a_log_with_its_own_copy_finds_only_duplicates(irru) -> None:
    result = irru("merge", str(DATA / "small.yaml"), str(MAIN))
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == f"{DATA / 'small.yaml'} and {MAIN}: 16 duplicates; no conflicts"


def test_merge_refuses_a_bad_log_with_its_problems(irru) -> None:
    result = irru("merge", str(MAIN), str(WS / "broken" / "main.yaml"))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"{WS / 'broken' / 'actors.yaml'}:4:63: unknown actor kind 'army'")


def test_merge_has_text_and_json_only(irru) -> None:
    result = irru("merge", str(MAIN), str(MERGE_B), "--format", "csv")
    assert result.exit_code == 2
    assert result.stderr == "irru: --format csv is not available for merge; use table, plain or json\n"


def test_an_include_of_a_device_or_fifo_is_refused_not_read(irru, tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)  # reading it would block for ever
    main = write(tmp_path / "main.yaml", "schema: 2\ninclude: [/dev/zero, pipe.yaml]\nevents: []\n")
    result = irru("check", str(main))
    assert result.exit_code == 1
    messages = [line for line in result.stderr.splitlines() if not line.startswith("  ")]
    assert messages == [
        f"{main}:2:11: include '/dev/zero' is outside {tmp_path}, the log's directory; includes stay under it (set"
        " IRRU_INCLUDE_DIRS to allow another directory)",
        f"{main}:2:22: included 'pipe.yaml' is not a regular file",
        f"2 problems in {main}",
    ]


def test_an_included_file_may_include_further_files(tmp_path: Path) -> None:
    write(tmp_path / "main.yaml", "schema: 1\ninclude: people/actors.yaml\n" + SOURCES)
    actors = (WS / "actors.yaml").read_text(encoding="utf-8")
    write(tmp_path / "people" / "actors.yaml", "include: ../events/*.yaml\n" + actors)
    write(tmp_path / "events" / "all.yaml", (WS / "events" / "all.yaml").read_text(encoding="utf-8"))
    log = read_log(tmp_path / "main.yaml")
    assert log == replace(read_log(DATA / "small.yaml"), path=str(tmp_path / "main.yaml"))
    assert [name for name, _ in log.files] == [
        str(tmp_path / "main.yaml"),
        str(tmp_path / "people" / "actors.yaml"),
        str(tmp_path / "events" / "all.yaml"),
    ]
    assert log.location(log.events_by_id["missiles-feb"].line) == (str(tmp_path / "events" / "all.yaml"), 13)


SOURCES = "".join(line for line in (WS / "main.yaml").read_text(encoding="utf-8").splitlines(keepends=True)[5:])


@pytest.mark.parametrize(
    "command", [["fmt"], ["migrate"], ["new", "actor", "--id", "x", "--name", "X", "--kind", "state"]]
)
def test_commands_that_rewrite_one_file_refuse_a_workspace_and_write_nothing(
    irru, tmp_path: Path, command: list[str]
) -> None:
    shutil.copytree(WS, tmp_path / "ws")
    main = tmp_path / "ws" / "main.yaml"
    before = main.read_bytes()
    args = [command[0], str(main), *command[1:]] if command[0] != "new" else [*command[:2], str(main), *command[2:]]
    result = irru(*args)
    assert result.exit_code == 1
    assert (
        f"{main}:3:1: unknown key 'include' in the top level of a log; a workspace's 'include:' is read by the"
        " commands that read a log (check, timeline, merge, ...); fmt, new, archive and migrate edit one"
        " self-contained file\n"
    ) in result.stderr
    assert main.read_bytes() == before and not main.with_suffix(".yaml.bak").exists()
