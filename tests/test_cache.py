"""The cache of parsed logs: identical to parsing, never stale, rebuilt when corrupt, ignored when unsafe."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from irru.logfile import bundled_log_path, cache, read_log

from conftest import DATA

VALID_FIXTURES = [
    DATA / n
    for n in (
        "valid.yaml",
        "small.yaml",
        "two-articles.yaml",
        "promises.yaml",
        "hostile.yaml",
        "all-fields.yaml",
        "schema2.yaml",
    )
]


def entries() -> list[Path]:
    return sorted(cache.cache_dir().glob("*.json"))


@pytest.mark.parametrize("path", [*VALID_FIXTURES, bundled_log_path()], ids=lambda p: p.name)
def test_cached_equals_parsed(path: Path) -> None:
    fresh = read_log(path, use_cache=False)
    first = read_log(path, use_cache=True)  # parses and stores
    assert len(entries()) == 1
    second = read_log(path, use_cache=True)  # from the cache
    assert first == fresh and second == fresh
    assert cache.encode(second) == cache.encode(fresh)  # line numbers too
    assert second.path == fresh.path


def cached_with_planted_title(tmp_path: Path, title: str) -> Path:
    """A log read once (so cached), whose cache entry then gets another first title."""
    log = tmp_path / "log.yaml"
    log.write_bytes((DATA / "valid.yaml").read_bytes())
    read_log(log, use_cache=True)
    (entry,) = entries()
    doc = json.loads(entry.read_text(encoding="utf-8"))
    doc["events"][0][2] = title
    entry.write_text(json.dumps(doc), encoding="utf-8")
    return log


def test_served_from_the_cache(tmp_path: Path) -> None:
    log = cached_with_planted_title(tmp_path, "Planted title")
    assert read_log(log, use_cache=True).events[0].title == "Planted title"  # proves the cache is read


def test_a_changed_file_is_never_stale_even_with_the_same_size_and_mtime(tmp_path: Path) -> None:
    log = tmp_path / "log.yaml"
    text = (DATA / "valid.yaml").read_text(encoding="utf-8")
    log.write_text(text, encoding="utf-8")
    assert read_log(log, use_cache=True).events[0].title == "Missiles reported shipped"
    st = log.stat()
    log.write_text(text.replace("Missiles reported shipped", "Missiles reported shopped"), encoding="utf-8")
    os.utime(log, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert log.stat().st_size == st.st_size and log.stat().st_mtime_ns == st.st_mtime_ns
    assert read_log(log, use_cache=True).events[0].title == "Missiles reported shopped"


@pytest.mark.parametrize(
    "garbage",
    [
        b"",
        b"{not json",
        b'{"schema": 1}',
        b'{"schema":1,"sources":[[1]],"actors":[],"systems":[],"events":[]}',
        b"\xff\xfe",
    ],
)
def test_a_corrupt_cache_is_ignored_and_rebuilt(tmp_path: Path, garbage: bytes) -> None:
    log = tmp_path / "log.yaml"
    log.write_bytes((DATA / "small.yaml").read_bytes())
    expected = read_log(log, use_cache=True)
    (entry,) = entries()
    entry.write_bytes(garbage)
    assert read_log(log, use_cache=True) == expected
    assert cache.decode(json.loads(entry.read_bytes()), str(log)) == expected  # rewritten whole


def test_a_cache_directory_others_can_write_is_not_used(tmp_path: Path) -> None:
    log = cached_with_planted_title(tmp_path, "Planted by someone else")
    os.chmod(cache.cache_dir(), 0o777)
    assert read_log(log, use_cache=True).events[0].title == "Missiles reported shipped"


def test_logs_with_problems_are_not_cached(tmp_path: Path) -> None:
    from irru.errors import LogError

    with pytest.raises(LogError):
        read_log(DATA / "errors" / "unknown-key.yaml", use_cache=True)
    assert entries() == []


def test_no_cache_option_and_environment(irru) -> None:
    path = str(DATA / "valid.yaml")
    assert irru("timeline", "--data", path, "--no-cache").exit_code == 0
    assert irru("check", "--data", path, env={"IRRU_NO_CACHE": "1"}).exit_code == 0
    assert entries() == []
    assert irru("timeline", "--data", path).exit_code == 0
    assert len(entries()) == 1


def test_cache_lives_under_xdg_cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "irru"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "irru"
