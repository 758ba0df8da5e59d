"""The one safe-write routine (irru.safewrite) and the writers that use it: fmt, new, migrate, archive, export.

Issue 25 items 2, 3, 10 and 11: no link or special file followed or replaced, atomic, a concurrent change refused,
the previous backup never lost, a full disk or a read-only directory a message and not a traceback."""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

import pytest

from irru import safewrite

from conftest import DATA

SCRAMBLED = """\
sources:
  - {title: Wire story, id: wire, publisher: Example Wire, published: 2024-02-21, grade: B, kind: wire}
schema: 1
events:
  - title: Missiles shipped
    id: shipment
    date: 2024-02
    type: delivery
    claims:
      - {text: Missiles were sent., stance: asserts, source: wire}
"""


@pytest.fixture
def scrambled(tmp_path: Path) -> Path:
    path = tmp_path / "log.yaml"
    path.write_text(SCRAMBLED, encoding="utf-8")
    return path


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


# --- links and special files -----------------------------------------------------------------------------------


def test_fmt_never_follows_a_bak_link(irru, scrambled: Path, tmp_path: Path) -> None:
    victim = tmp_path / "bashrc"
    victim.write_text("alias ls='ls -F'\n", encoding="utf-8")
    (tmp_path / "log.yaml.bak").symlink_to(victim)
    r = irru("fmt", str(scrambled))
    assert r.exit_code == 2
    assert r.stderr == (
        f"irru: {tmp_path / 'log.yaml.bak'} is a symbolic link to {victim}; irru never writes through a link nor"
        " replaces one: give the file it points to, or remove the link\n"
    )
    assert victim.read_text(encoding="utf-8") == "alias ls='ls -F'\n"
    assert (tmp_path / "log.yaml.bak").is_symlink() and scrambled.read_text(encoding="utf-8") == SCRAMBLED
    assert leftovers(tmp_path) == []


def test_fmt_refuses_a_linked_log_and_keeps_the_link(irru, scrambled: Path, tmp_path: Path) -> None:
    link = tmp_path / "link.yaml"
    link.symlink_to(scrambled)
    r = irru("fmt", str(link))
    assert r.exit_code == 2 and f"irru: {link} is a symbolic link to {scrambled};" in r.stderr
    assert link.is_symlink() and scrambled.read_text(encoding="utf-8") == SCRAMBLED
    assert irru("fmt", str(scrambled)).exit_code == 0  # the file itself is formatted


def test_migrate_refuses_a_link_but_reads_through_one_for_stdout(irru, tmp_path: Path) -> None:
    real = tmp_path / "old.yaml"
    real.write_bytes((DATA / "small.yaml").read_bytes())
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    r = irru("migrate", str(link))
    assert r.exit_code == 2 and "is a symbolic link" in r.stderr and link.is_symlink()
    assert real.read_bytes() == (DATA / "small.yaml").read_bytes()
    r = irru("migrate", str(link), "--stdout")
    assert r.exit_code == 0 and r.stdout.startswith("schema: 2\n")


@pytest.mark.parametrize("command", [["export", "html", "-o"], ["export", "timelinejs", "-o"], ["export", "sqlite"]])
def test_exports_never_replace_a_link_a_fifo_or_a_directory(irru, tmp_path: Path, command: list[str]) -> None:
    victim = tmp_path / "victim"
    victim.write_text("keep me\n", encoding="utf-8")
    link = tmp_path / "out.link"
    link.symlink_to(victim)
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    for target, what in ((link, f"a symbolic link to {victim}"), (fifo, "a named pipe (FIFO)")):
        r = irru("--data", str(DATA / "small.yaml"), *command, str(target))
        assert r.exit_code == 2 and r.stdout == ""
        assert r.stderr.startswith(f"irru: {target} is {what}")
    assert link.is_symlink() and victim.read_text(encoding="utf-8") == "keep me\n"
    assert fifo.is_fifo() and not fifo.with_name("out.metadata.json").exists()
    r = irru("--data", str(DATA / "small.yaml"), *command, str(tmp_path))
    assert r.exit_code == 2 and r.stderr == f"irru: {tmp_path} is a directory; give the file to write\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.fifo", "out.link", "victim"]  # refused before any work


def test_export_may_replace_a_regular_file_with_its_usual_mode(irru, tmp_path: Path) -> None:
    out = tmp_path / "t.json"
    out.write_text("old\n", encoding="utf-8")
    os.chmod(out, 0o640)
    r = irru("--data", str(DATA / "small.yaml"), "export", "timelinejs", "-o", str(out))
    assert r.exit_code == 0 and out.read_text(encoding="utf-8").startswith("{")
    assert out.stat().st_mode & 0o777 == 0o640 and leftovers(tmp_path) == []


def test_read_refuses_a_fifo_without_waiting_on_it(tmp_path: Path) -> None:
    fifo = tmp_path / "log.yaml"
    os.mkfifo(fifo)
    with pytest.raises(safewrite.UnsafeTarget, match=r"is a named pipe \(FIFO\); irru writes only regular files"):
        safewrite.read(fifo)


# --- compare before replace ------------------------------------------------------------------------------------


def test_a_change_made_meanwhile_is_refused_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "log.yaml"
    path.write_text("first\n", encoding="utf-8")
    original = safewrite.read(path)
    path.write_text("someone else's edit\n", encoding="utf-8")
    with pytest.raises(safewrite.ConcurrentChange) as e:
        safewrite.write(path, "irru's version\n", original=original, backup=True)
    assert str(e.value) == (
        f"{path} changed while irru was working on it; nothing written (the other change is kept: run the command"
        " again)"
    )
    assert path.read_text(encoding="utf-8") == "someone else's edit\n"
    assert not (tmp_path / "log.yaml.bak").exists() and leftovers(tmp_path) == []


def test_a_same_size_change_within_one_clock_tick_is_still_seen(tmp_path: Path) -> None:
    path = tmp_path / "log.yaml"
    path.write_text("aaaa\n", encoding="utf-8")
    original = safewrite.read(path)
    st = path.stat()
    with path.open("r+b") as f:  # the same inode, size and mtime: only the bytes differ
        f.write(b"bbbb")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    with pytest.raises(safewrite.ConcurrentChange):
        safewrite.write(path, "mine\n", original=original)
    assert path.read_text(encoding="utf-8") == "bbbb\n"


def test_a_file_created_meanwhile_is_not_replaced(tmp_path: Path) -> None:
    path = tmp_path / "out.html"
    original = safewrite.look(path)
    path.write_text("made by someone else\n", encoding="utf-8")
    with pytest.raises(safewrite.ConcurrentChange, match="appeared while irru was working on it"):
        safewrite.write(path, "page\n", original=original)
    assert path.read_text(encoding="utf-8") == "made by someone else\n"


# --- full disk, read-only directory ----------------------------------------------------------------------------


def test_a_full_disk_keeps_the_file_and_the_previous_backup(
    irru, scrambled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bak = tmp_path / "log.yaml.bak"
    bak.write_text("the previous backup\n", encoding="utf-8")
    real_write = os.write
    calls = {"n": 0}

    def full(fd: int, data: bytes) -> int:  # the new file goes to disk, then the disk is full for the backup
        calls["n"] += 1
        if calls["n"] > 1:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(safewrite.os, "write", full)
    r = irru("fmt", str(scrambled))
    assert r.exit_code == 1 and r.stdout == ""
    assert r.stderr == (
        f"irru: cannot write {scrambled}: the disk is full; nothing written (the file and its backup are as they"
        " were)\n"
    )
    assert scrambled.read_text(encoding="utf-8") == SCRAMBLED
    assert bak.read_text(encoding="utf-8") == "the previous backup\n"
    assert leftovers(tmp_path) == []


def test_a_read_only_directory_is_a_message(irru, scrambled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def denied(*args: object, **kwargs: object) -> tuple[int, str]:  # root ignores directory modes: simulate
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(safewrite.tempfile, "mkstemp", denied)
    r = irru("fmt", str(scrambled))
    assert r.exit_code == 1
    assert r.stderr == f"irru: cannot write {scrambled}: permission denied in {scrambled.parent}; nothing written\n"
    assert scrambled.read_text(encoding="utf-8") == SCRAMBLED


def test_export_sqlite_on_a_full_disk_is_a_message(irru, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from irru.export import sqlite as S

    def full(*args: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(S, "fill", full)
    db = tmp_path / "x.db"
    r = irru("--data", str(DATA / "small.yaml"), "export", "sqlite", str(db))
    assert r.exit_code == 1
    assert r.stderr == f"irru: cannot write {db}: database or disk is full; nothing written\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache"]


def test_the_backup_is_written_atomically_beside_the_new_file(irru, scrambled: Path, tmp_path: Path) -> None:
    bak = tmp_path / "log.yaml.bak"
    bak.write_text("old backup\n", encoding="utf-8")
    r = irru("fmt", str(scrambled))
    assert r.exit_code == 0 and r.stdout.endswith(f"; old file kept as {bak}\n")
    assert bak.read_text(encoding="utf-8") == SCRAMBLED and not bak.is_symlink()
    assert scrambled.read_text(encoding="utf-8") != SCRAMBLED and leftovers(tmp_path) == []
