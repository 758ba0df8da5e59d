"""Malformed and hostile log files: one clear message, exit 1, no traceback, bounded memory (cost per MB is the benchmark's, not a timer's)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from irru.dates import DateError, parse_edtf, parse_user_date
from irru.errors import LogError
from irru.logfile import load, load_text

from conftest import DATA

ROOT = Path(__file__).parent.parent
VALID = (DATA / "valid.yaml").read_text(encoding="utf-8")


def check(irru, tmp_path: Path, text: str | bytes, name: str = "log.yaml"):
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    result = irru("check", str(path))
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    return result.stderr.replace(str(path), "FILE")


def test_deep_flow_nesting_stops_at_once(irru, tmp_path: Path) -> None:
    err = check(irru, tmp_path, "schema: 1\nevents: " + "[" * 100_000 + "]" * 100_000 + "\n")
    assert err.startswith("FILE:2:72: nested more than 64 levels deep; a log needs at most 6\n")


def test_deep_block_nesting(irru, tmp_path: Path) -> None:
    text = "schema: 1\nevents:\n" + "".join("  " * i + "a:\n" for i in range(1, 3000))
    assert check(irru, tmp_path, text).startswith("FILE:66:129: nested more than 64 levels deep")


def test_alias_bomb_is_refused_without_expansion(irru, tmp_path: Path) -> None:
    text = 'schema: 1\na: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for i in range(1, 10):
        text += f"{chr(97 + i)}: &{chr(97 + i)} [" + ",".join([f"*{chr(96 + i)}"] * 9) + "]\n"
    err = check(irru, tmp_path, text)  # refused at the first anchor: the message says so, nothing is expanded
    assert "FILE:2:4: anchors (&a) are not allowed in a log; write the value out\n" in err
    assert "aliases (*name) are not allowed in a log; write the value out\n" in err
    assert "… 2 more not shown; fix these first\n102 problems in FILE\n" in err


def test_top_level_scalar(irru, tmp_path: Path) -> None:
    assert check(irru, tmp_path, "just a string\n").startswith(
        "FILE:1:1: the top level of a log must be a mapping (key: value lines), not a single value\n"
    )


def test_very_long_string_is_just_data(irru, tmp_path: Path) -> None:
    text = VALID.replace("title: Missiles reported shipped", "title: " + "x" * 5_000_000)
    path = tmp_path / "long.yaml"
    path.write_text(text, encoding="utf-8")
    result = irru("check", str(path))
    assert result.exit_code == 0
    line = irru("timeline", "--data", str(path)).stdout.splitlines()[0]
    assert len(line) > 5_000_000


def test_long_line_in_an_error_is_cut_in_the_excerpt(irru, tmp_path: Path) -> None:
    err = check(irru, tmp_path, VALID.replace("type: delivery", "type: " + "y" * 100_000))
    assert max(len(line) for line in err.splitlines()) < 100_250


def test_100_mb_file_ends_with_one_message(irru, tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with path.open("w", encoding="utf-8") as f:
        f.write("schema: 1\nevents:\n")
        chunk = "  # " + "x" * 95 + "\n"
        f.write(chunk * (100 * 1024 * 1024 // len(chunk)))
    result = irru(
        "check", str(path)
    )  # its cost per MB is the benchmark's to judge (docs/performance.md), not a timer's
    assert (result.exit_code, result.stderr) == (
        1,
        f"{path}:2:8: events must be a list, not a single value\n  2 | events:\n    |        ^\n1 problem in {path}\n",
    )


def test_unreadable_file(irru, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.yaml"
    path.write_text(VALID, encoding="utf-8")

    def denied(path: str) -> int:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(load, "_open", denied)  # root can read anything, so simulate the OS refusing
    result = irru("check", str(path))
    assert (result.exit_code, result.stderr) == (1, f"{path}: cannot be read: permission denied\n1 problem in {path}\n")


# Every field given a value of the wrong shape: (the text to replace, its replacement, expected message).
WRONG_TYPES = [
    ("schema: 1", "schema: [1]", "2:1", "schema must be a single value, not a list"),
    ("sources:\n", "sources: {}\nx_sources:\n", None, "sources must be a list, not a mapping"),
    ("    title: Iran sends missiles", "    title: {a: b}", None, "title must be a single value, not a mapping"),
    ("    publisher: Example Wire", "    publisher: [a]", None, "publisher must be a single value, not a list"),
    ("    published: 2024-02-21", "    published: [2024]", None, "published date must be a single value, not a list"),
    ("    kind: wire", "    kind: {news: 1}", None, "source kind must be a single value, not a mapping"),
    (
        "    grade: B\n  - id: analysis-1",
        "    grade: [B]\n  - id: analysis-1",
        None,
        "grade must be a single value, not a list",
    ),
    ("    authors: [A. Writer]", "    authors: A. Writer", None, "authors must be a list, not a single value"),
    ("    cites: [wire-1]", "    cites: wire-1", None, "cites must be a list, not a single value"),
    ("aliases: [Tehran]", "aliases: Tehran", None, "aliases must be a list, not a single value"),
    ("part_of: iran}", "part_of: [iran]}", None, "part_of must be a single value, not a list"),
    (
        "    date: 2024-01/2024-02-21",
        "    date: {from: 2024}",
        None,
        "event date must be a single value, not a mapping",
    ),
    (
        "    actors:\n      - {actor: iran",
        "    actors: iran\n    x:\n      - {actor: iran",
        None,
        "actors must be a list, not a single value",
    ),
    (
        "{actor: iran, role: supplier}",
        "[iran, supplier]",
        None,
        "an event actor must be a mapping (key: value lines), not a list",
    ),
    ("    tags: [missiles]", "    tags: missiles", None, "tags must be a list, not a single value"),
    ("    claims:\n", "    claims: {}\n    x:\n", None, "claims must be a list, not a mapping"),
    ("        stance: denies", "        stance: [denies]", None, "stance must be a single value, not a list"),
    ("        text: Iran denies it.", "        text: {a: 1}", None, "text must be a single value, not a mapping"),
    (
        "values: {quantity: ~400, systems: [fath-360]}",
        "values: [400]",
        None,
        "claim values must be a mapping (key: value lines), not a list",
    ),
    (
        "values: {quantity: ~400, systems: [fath-360]}",
        "values: {quantity: [400]}",
        None,
        "quantity must be a single value, not a list",
    ),
    ("        anonymous: true", "        anonymous: [true]", None, "anonymous must be a single value, not a list"),
]


@pytest.mark.parametrize(("old", "new", "where", "message"), WRONG_TYPES, ids=[w[3] for w in WRONG_TYPES])
def test_every_field_given_the_wrong_type(
    irru, tmp_path: Path, old: str, new: str, where: str | None, message: str
) -> None:
    assert old in VALID
    err = check(irru, tmp_path, VALID.replace(old, new, 1))
    lines = [line for line in err.splitlines() if line.startswith("FILE:")]
    assert any(line.endswith(": " + message) for line in lines), err


ALL_FIELDS = (DATA / "all-fields.yaml").read_text(encoding="utf-8").splitlines(keepends=True)
FIELD_LINES = [i for i, line in enumerate(ALL_FIELDS) if ": " in line or (line.rstrip().endswith(":") and i > 0)]


@pytest.mark.parametrize(
    "index", FIELD_LINES, ids=lambda i: ALL_FIELDS[i].strip().lstrip("- ").split(":")[0] + f"@{i + 1}"
)
@pytest.mark.parametrize("wrong", ["{bad: 1}", "[1, 2]"])
def test_any_field_given_the_wrong_shape_is_reported_at_its_line(irru, tmp_path: Path, index: int, wrong: str) -> None:
    """Every key of every kind of record, in turn given a mapping and then a list, is reported where it stands."""
    lines = list(ALL_FIELDS)
    key, _, _ = lines[index].partition(":")
    if wrong == "[1, 2]" and _shape(index) == "list of values":
        wrong = "[{bad: 1}]"  # [1, 2] is a list of values, the right shape there: give it records instead
    lines[index] = f"{key}: {wrong}\n"
    path = tmp_path / "log.yaml"
    path.write_text("".join(lines), encoding="utf-8")
    result = irru("check", str(path))
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert any(
        line.startswith(f"{path}:{index + 1}:") or line.startswith(f"{path}:{index + 2}:")
        for line in result.stderr.splitlines()
    ), result.stderr


def _shape(index: int) -> str:
    """What the key on this line of all-fields.yaml holds: a list of values, a list of records, a mapping, or a
    single value."""
    line, following = ALL_FIELDS[index], ALL_FIELDS[index + 1].lstrip() if index + 1 < len(ALL_FIELDS) else ""
    if not line.rstrip().endswith(":"):
        return "value"
    if not following.startswith("- "):
        return "mapping"
    return "list of records" if ": " in following else "list of values"


def test_the_wrong_shape_test_covers_every_key() -> None:
    from irru.logfile.schema import (
        ACTOR_KEYS,
        ACTOR_ROLE_KEYS,
        ARCHIVE_KEYS,
        CLAIM_KEYS,
        EVENT_KEYS,
        LINK_KEYS,
        SOURCE_KEYS,
        SYSTEM_KEYS,
        SYSTEM_USE_KEYS,
        TOP_KEYS,
        VALUE_KEYS,
    )

    used = {ALL_FIELDS[i].strip().lstrip("- ").split(":")[0] for i in FIELD_LINES} | {"schema"}
    every = set().union(
        TOP_KEYS,
        SOURCE_KEYS,
        ACTOR_KEYS,
        SYSTEM_KEYS,
        EVENT_KEYS,
        CLAIM_KEYS,
        VALUE_KEYS,
        ACTOR_ROLE_KEYS,
        SYSTEM_USE_KEYS,
        LINK_KEYS,
        ARCHIVE_KEYS,
    )
    assert every - used == set()


# --- properties: whatever the input, only the project's own errors escape -------------------------


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_random_text_never_escapes_as_anything_but_a_log_error(text: str) -> None:
    try:
        load_text(text, "random.yaml")
    except LogError as e:
        assert e.problems and all(p.line >= 0 and p.col >= 0 for p in e.problems)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, len(VALID)), st.integers(0, 40), st.text(max_size=20))
def test_mutated_logs_fail_cleanly(at: int, cut: int, insert: str) -> None:
    mutated = VALID[:at] + insert + VALID[at + cut :]
    for use_libyaml in (True, False):
        try:
            load_text(mutated, "mutated.yaml", use_libyaml=use_libyaml)
        except LogError as e:
            assert e.problems


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_date_parsers_raise_only_date_errors(text: str) -> None:
    for parse in (parse_edtf, parse_user_date):
        try:
            span = parse(text)
        except DateError:
            continue
        assert span.earliest is None or span.latest is None or span.earliest <= span.latest


@settings(max_examples=int(os.environ.get("IRRU_HYPOTHESIS_EXAMPLES", "150")), deadline=None, derandomize=True)
@given(st.integers(0, len(VALID)), st.integers(0, 40), st.text(max_size=20))
@example(507, 0, "?")  # a '?' inside a plain value in [..]: YAML 1.2 and libyaml allow it
@example(440, 0, "!\t")  # the non-specific tag, then a tab
@example(300, 0, "\u2028\ufeff")  # a byte-order mark inside the text
def test_c_and_python_parsers_agree(at: int, cut: int, insert: str) -> None:
    """The contract: libyaml and the reference parser accept the same logs, with the same events, and refuse the
    same logs; their messages are the same except where one of them stops at a YAML syntax error (load_text
    rewords those for a hand-sized log, see irru.logfile.load). derandomize: the same examples on every run."""
    mutated = VALID[:at] + insert + VALID[at + cut :]
    outcomes = []
    for use_libyaml in (True, False):
        try:
            outcomes.append(("ok", load_text(mutated, "m.yaml", use_libyaml=use_libyaml).events))
        except LogError as e:
            outcomes.append(("error", [(p.line, p.col, p.message) for p in e.problems]))
    assert outcomes[0][0] == outcomes[1][0]
    syntax = any("YAML syntax error" in p[2] for o in outcomes if o[0] == "error" for p in o[1])
    if not syntax:
        assert outcomes[0] == outcomes[1]


# --- process behaviour -----------------------------------------------------------------------------


def test_ctrl_c_exits_130_without_a_traceback(tmp_path: Path) -> None:
    """Ctrl-C while irru reads a log: exit 130, no traceback. The interrupt is sent by the process itself at the
    moment it opens the log (an audit hook), so the test neither sleeps nor races the interpreter's start-up."""
    path = tmp_path / "slow.yaml"
    path.write_text((DATA / "small.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    child = (
        "import os, signal, sys\n"
        "def hook(event, args):\n"
        "    if event == 'open' and str(args[0]).endswith('slow.yaml'):\n"
        "        os.kill(os.getpid(), signal.SIGINT)\n"
        "sys.addaudithook(hook)\n"
        "from irru.launch import main\n"
        "sys.exit(main(['check', sys.argv[1]]))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""), "IRRU_NO_CACHE": "1"}
    proc = subprocess.run([sys.executable, "-c", child, str(path)], env=env, capture_output=True, text=True, timeout=60)
    assert (proc.returncode, proc.stdout, proc.stderr.strip()) == (130, "", "")  # no traceback, no message


def test_no_command_writes_anything(irru, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing but the cache of parsed logs (its job, under XDG_CACHE_HOME) is ever written."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path.parent / (tmp_path.name + "-cache")))
    log = tmp_path / "log.yaml"
    log.write_text((DATA / "small.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    os.chmod(log, 0o444)
    monkeypatch.chdir(tmp_path)
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in tmp_path.rglob("*") if p.is_file()}
    for args in (
        ("check",),
        ("timeline",),
        ("show", "missiles-feb"),
        ("actors",),
        ("sources",),
        ("stats",),
        ("diff", "wire-feb", "oped-nov"),
        ("promises",),
        ("transfers",),
        ("timeline", "--format", "json"),
        ("trace", "missiles-feb"),
        ("ach",),
        ("check", "--archive"),
        ("check", "--strict"),
    ):
        irru(*args, "--data", str(log))
    after = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in tmp_path.rglob("*") if p.is_file()}
    assert after == before
