"""Issue 25 items 7 and 9: what an include may read (the log's directory, or directories the user allows), a file
that is not a log never echoed, and an include chain of any depth a message, never a RecursionError."""

from __future__ import annotations

from pathlib import Path

import pytest

HEAD = "schema: 2\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def outside(main: Path, col: int, pattern: str) -> str:
    return (
        f"{main}:2:{col}: include '{pattern}' is outside {main.parent}, the log's directory; includes stay under it"
        " (set IRRU_INCLUDE_DIRS to allow another directory)"
    )


def messages(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if not line.startswith("  ")]


def test_absolute_and_parent_paths_outside_the_logs_directory_are_refused_unread(irru, tmp_path: Path) -> None:
    secret = write(tmp_path / "secret.yaml", "sources: []\npassword: hunter2\n")
    main = write(
        tmp_path / "log" / "main.yaml", HEAD + f"include: [{secret}, ../secret.yaml, /etc/passwd]\nevents: []\n"
    )
    r = irru("check", str(main), "--no-cache")
    assert r.exit_code == 1
    assert messages(r.stderr) == [
        outside(main, 11, str(secret)),
        outside(main, 13 + len(str(secret)), "../secret.yaml"),
        outside(main, 29 + len(str(secret)), "/etc/passwd"),
        f"3 problems in {main}",
    ]
    assert "hunter2" not in r.stderr and "root:" not in r.stderr


def test_a_link_inside_the_directory_that_points_outside_is_refused(irru, tmp_path: Path) -> None:
    write(tmp_path / "elsewhere" / "actors.yaml", "actors: []\n")
    (tmp_path / "log").mkdir()
    (tmp_path / "log" / "actors.yaml").symlink_to(tmp_path / "elsewhere" / "actors.yaml")
    main = write(tmp_path / "log" / "main.yaml", HEAD + "include: [actors.yaml]\nevents: []\n")
    r = irru("check", str(main), "--no-cache")
    assert r.exit_code == 1 and messages(r.stderr)[0] == outside(main, 11, "actors.yaml")


def test_irru_include_dirs_allows_another_directory(irru, tmp_path: Path) -> None:
    write(tmp_path / "shared" / "actors.yaml", "actors:\n  - {id: a, name: A, kind: state}\n")
    main = write(tmp_path / "log" / "main.yaml", HEAD + "include: [../shared/actors.yaml]\nevents: []\n")
    assert irru("check", str(main), "--no-cache").exit_code == 1
    r = irru("check", str(main), "--no-cache", env={"IRRU_INCLUDE_DIRS": str(tmp_path / "shared")})
    assert r.exit_code == 0, r.stderr


def test_a_file_that_is_not_a_log_is_named_but_never_shown(irru, tmp_path: Path) -> None:
    write(tmp_path / "notes.yaml", "password: hunter2\napi_key: abc123\n")
    write(tmp_path / "key.yaml", "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n")
    main = write(tmp_path / "main.yaml", HEAD + "include: [notes.yaml, key.yaml]\nevents: []\n")
    for _ in range(2):  # cold, then what the cache would serve
        r = irru("check", str(main))
        assert r.exit_code == 1
        assert messages(r.stderr) == [
            f"{main}:2:11: included file '{tmp_path / 'notes.yaml'}' is not a log: it has none of schema, include, sources, actors,"
            " systems, events, units at its top level (nothing of it is shown)",
            f"{main}:2:23: included file '{tmp_path / 'key.yaml'}' is not a log: it has none of schema, include, sources, actors,"
            " systems, events, units at its top level (nothing of it is shown)",
            f"2 problems in {main} and the 2 files it includes",
        ]
        assert "hunter2" not in r.stderr and "PRIVATE" not in r.stderr and "MIIE" not in r.stderr


@pytest.mark.parametrize("cache", [True, False])
def test_a_thousand_deep_include_chain_is_a_message(irru, tmp_path: Path, cache: bool) -> None:
    depth = 1000
    for i in range(1, depth):
        write(tmp_path / f"f{i}.yaml", f"include: [f{i + 1}.yaml]\n")
    write(tmp_path / f"f{depth}.yaml", "events: []\n")
    main = write(tmp_path / "main.yaml", HEAD + "include: [f1.yaml]\nevents: []\n")
    for command in ("check", "timeline"):
        r = irru(command, "--data", str(main), *([] if cache else ["--no-cache"]))
        assert r.exit_code == 1
        assert messages(r.stderr) == [
            f"{tmp_path / 'f99.yaml'}:1:11: includes nested more than 100 files deep; include the files from a file"
            " nearer the top",
            f"1 problem in {main} and the 99 files it includes",
        ]
