"""An edit costs what it changed (irru.logfile.reuse): a log read again after an edit re-uses the events whose
text did not change, and is exactly what a full parse gives: the same records, every line number moved right,
and, when the edit broke something, the same problems at the same lines and columns."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from irru import model
from irru.errors import LogError
from irru.logfile import bundled_log_path, cache, load, read_log, records, reuse
from irru.logfile.entry import CachedLog, PatchedLog

from conftest import DATA

FIXTURES = [*sorted(p for p in DATA.glob("*.yaml")), bundled_log_path()]


def encoded(log: model.Log) -> list[object]:
    """Every record of the log in the cache's list form: line numbers included."""
    enc = {c: records.encoder(c) for c in (model.Source, model.Actor, model.System, model.Event)}
    return [
        [enc[model.Source](s) for s in log.sources.values()],
        [enc[model.Actor](a) for a in log.actors.values()],
        [enc[model.System](s) for s in log.systems.values()],
        [enc[model.Event](e) for e in log.events],
        log.path, log.schema, log.units, log.files,
    ]  # fmt: skip


def outcome(read: object) -> tuple[object, ...]:
    """What a user gets from reading a log: the log (records and lines), or every problem with its place."""
    try:
        log = read()  # type: ignore[operator]
    except LogError as e:
        return ("problems", e.path, [(p.line, p.col, p.message) for p in e.problems], [f[:2] for f in e.files])
    return ("log", encoded(log))


def chunks(data: bytes) -> tuple[bytes, list[bytes]]:
    sp = reuse.split(data)
    assert sp is not None
    items = [sp.chunk(i) for i in range(len(sp.starts))]
    if not items[-1].endswith(b"\n"):
        items[-1] += b"\n"
    return sp.head, items


def reused(path: Path) -> model.Log | None:
    """The log at ``path`` read through the entry of its previous version, or None when it is not re-used."""
    previous = cache.previous(str(path), str(path))
    if previous is None:
        return None
    data = path.read_bytes()
    return reuse.reload(
        [data],
        [0],
        previous,
        lambda texts, ids: load.load_seeded(texts[0], str(path), ids),
        lambda: load.load_bytes(data, str(path)),
    )


def cached(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    read_log(path, use_cache=True)


# --- every fixture: edits that keep the log valid re-use the rest, and give the full parse's log ---------------


def _edits(head: bytes, items: list[bytes]) -> dict[str, bytes]:
    first = items[0]
    lines = first.split(b"\n")
    # A comment line added inside the first event: its text changes, every later event moves down one line.
    grown = b"\n".join(
        [lines[0], lines[0][: len(lines[0]) - len(lines[0].lstrip())] + b"  # checked again", *lines[1:]]
    )
    out = {"first event grows a line": head + grown + b"".join(items[1:])}
    if len(items) > 2:
        out["last two swapped"] = head + b"".join([*items[:-2], items[-1], items[-2]])
        out["second event moved to the end"] = head + b"".join([items[0], *items[2:], items[1]])
    return out


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_an_edit_re_parses_only_what_changed_and_equals_a_full_parse(tmp_path: Path, path: Path) -> None:
    data = path.read_bytes()
    head, items = chunks(data)
    log = tmp_path / path.name
    for what, edited in _edits(head, items).items():
        cached(log, data)
        log.write_bytes(edited)
        fresh = outcome(lambda: read_log(log))
        assert fresh[0] == "log", what
        got = reused(log)
        if len(items) > 1:  # (with one event, the edit changed all there is to re-use)
            assert got is not None, what  # the previous entry's events were re-used
            assert outcome(lambda got=got: got) == fresh, what
        assert outcome(lambda: read_log(log, use_cache=True)) == fresh, what  # the same through the loader


def test_reading_after_an_edit_goes_through_the_previous_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = tmp_path / "log.yaml"
    data = (DATA / "engine-tier2.yaml").read_bytes()
    cached(log, data)
    head, items = chunks(data)
    log.write_bytes(head + items[0].replace(b"title: ", b"title: Edited ", 1) + b"".join(items[1:]))
    want = outcome(lambda: read_log(log))
    parsed: list[str] = []
    whole = load.load_bytes

    def counting(data: bytes, path: str = "<log>", **kw: bool) -> model.Log:
        parsed.append(path)
        return whole(data, path, **kw)

    monkeypatch.setattr(load, "load_bytes", counting)
    assert outcome(lambda: read_log(log, use_cache=True)) == want
    assert parsed == []  # only the changed event was parsed
    got = read_log(log, use_cache=True)  # and the entry written for the new version serves it
    assert isinstance(got, CachedLog) and outcome(lambda: got) == want


# --- the log after an edit answers every command as a full parse does, its re-used events decoded as asked ------

COMMANDS = (
    ["timeline", "--format", "json"], ["timeline", "--format", "jsonl", "--reverse"], ["stats"],
    ["actors", "--format", "json"], ["sources", "--format", "json"], ["check"],
    ["timeline", "--story", "kitez"], ["timeline", "--tag", "missile"],
    ["timeline", "--format", "json", "--as-of", "2024-09-15"], ["timeline", "--format", "jsonl", "--actor", "north"],
    ["timeline", "--type", "delivery", "--since", "2024-09"], ["timeline", "--story", "kites", "--format", "csv"],
    ["show", "kites-promised", "--format", "json"], ["show", "ship-registry"], ["promises", "--format", "json"],
    ["diff", "wire-a", "wire-b"], ["transfers", "--format", "json"], ["trace", "ship-by-a"],
)  # fmt: skip


def _linked_edits() -> dict[str, list[bytes]]:
    head, items = chunks((DATA / "linked.yaml").read_bytes())
    at = {(_ID.search(c) or _ID.search(b"id: ?")).group(1): k for k, c in enumerate(items)}  # type: ignore[union-attr]
    retitled = list(items)
    retitled[0] = retitled[0].replace(b"title: ", b"title: Retitled ", 1)
    grown = [items[0] + b"  # a note\n  # and another\n", *items[1:]]
    moved = [*items[1:], items[0]]
    promise = list(items)  # the promise fulfilled by a re-used delivery: changed, its id kept
    k = at[b"kites-promised"]
    promise[k] = promise[k].replace(b"Fifty drones will be sent.", b"Fifty drones are promised.")
    return {
        "retitled": [head, *retitled],
        "grown": [head, *grown],
        "moved": [head, *moved],
        "promise": [head, *promise],
    }


@pytest.mark.parametrize("edit", ["retitled", "grown", "moved", "promise"])
def test_every_command_after_an_edit_answers_as_a_full_parse(irru: object, tmp_path: Path, edit: str) -> None:
    log = tmp_path / "log.yaml"
    data = (DATA / "linked.yaml").read_bytes()
    edited = b"".join(_linked_edits()[edit])
    for args in COMMANDS:
        cached(log, data)
        log.write_bytes(edited)
        assert isinstance(reused(log), PatchedLog)  # served through the previous entry
        want = irru(*args, "--data", str(log), "--no-cache")  # type: ignore[operator]
        got = irru(*args, "--data", str(log))  # type: ignore[operator]
        assert (got.exit_code, got.stdout, got.stderr) == (want.exit_code, want.stdout, want.stderr), args


def test_a_patched_log_decodes_only_what_a_query_asks_for(tmp_path: Path) -> None:
    from irru import query as Q

    log = tmp_path / "log.yaml"
    data = (DATA / "linked.yaml").read_bytes()
    cached(log, data)
    log.write_bytes(b"".join(_linked_edits()["retitled"]))
    got = reused(log)
    assert isinstance(got, PatchedLog)
    found = got.candidates(Q.Query(types=frozenset({"promise"})), None)
    assert found is not None and [e.id for e in found] == ["ship-by-a", "kites-promised"]  # + the changed one
    assert got.__dict__["_all"] is None  # nothing else decoded
    one = got.one("kites-arrive")
    assert one is not None and one.line == read_log(log).events_by_id["kites-arrive"].line
    assert got.one("no-such-event") is None and got.__dict__["_all"] is None
    assert outcome(lambda: got) == outcome(lambda: read_log(log))


def test_a_corrupt_record_found_after_an_edit_falls_back_to_the_file(tmp_path: Path) -> None:
    log = tmp_path / "log.yaml"
    data = (DATA / "linked.yaml").read_bytes()
    cached(log, data)
    (entry,) = sorted(cache.cache_dir().glob("*" + cache.SUFFIX))
    db = sqlite3.connect(entry)
    db.execute("UPDATE events SET rec = json_set(rec, '$[1]', 2024) WHERE id = 'kites-arrive'")  # a date not text
    assert db.total_changes
    db.commit()
    db.close()
    log.write_bytes(b"".join(_linked_edits()["retitled"]))
    got = reused(log)
    assert isinstance(got, PatchedLog)  # the record is checked when it is decoded, not before
    assert got.events_by_id["kites-arrive"].title == "Kite drones arrive"  # from the file, parsed again
    assert outcome(lambda: got) == outcome(lambda: read_log(log)) and not entry.exists()


# --- edits that break the log: the problems of a full parse, at the right lines and columns ---------------------


def test_an_edit_that_breaks_a_link_reports_it_where_it_stands(tmp_path: Path) -> None:
    log = tmp_path / "log.yaml"
    data = (DATA / "linked.yaml").read_bytes()
    cached(log, data)
    head, items = chunks(data)
    # The promise's id changes: the delivery below, unchanged (re-usable), now links to an id no event has.
    i = next(k for k, c in enumerate(items) if b"id: kites-promised" in c)
    items[i] = b"  # renamed\n" + items[i].replace(b"id: kites-promised", b"id: kites-pledged")
    log.write_bytes(head + b"".join(items))
    assert reused(log) is None
    want = outcome(lambda: read_log(log))
    assert want[0] == "problems" and any("unknown event 'kites-promised'" in p[2] for p in want[2])
    assert outcome(lambda: read_log(log, use_cache=True)) == want


def test_a_problem_below_moved_events_is_reported_at_its_line(tmp_path: Path, irru: object) -> None:
    log = tmp_path / "log.yaml"
    data = (DATA / "engine-tier2.yaml").read_bytes()
    cached(log, data)
    head, items = chunks(data)
    items[0] = items[0] + b"  # a note\n  # another\n"
    items[-1] = items[-1].replace(b"type: ", b"type: shipmnet-", 1)
    log.write_bytes(head + b"".join(items))
    want = irru("check", "--data", str(log), "--no-cache")  # type: ignore[operator]
    got = irru("check", "--data", str(log))  # type: ignore[operator]
    assert got.exit_code == want.exit_code == 1
    assert (got.stdout, got.stderr) == (want.stdout, want.stderr)
    text = head + b"".join(items)
    line = text[: text.index(b"type: shipmnet")].count(b"\n") + 1  # two lines lower than before the edit
    assert got.stderr.startswith(f"{log}:{line}:11: unknown event type 'shipmnet-")


def test_a_duplicated_event_is_reported_as_a_full_parse_does(tmp_path: Path) -> None:
    log = tmp_path / "log.yaml"
    data = (DATA / "promises.yaml").read_bytes()
    cached(log, data)
    head, items = chunks(data)
    log.write_bytes(head + b"".join([*items, items[3]]))
    assert reused(log) is None
    want = outcome(lambda: read_log(log))
    assert want[0] == "problems" and "duplicate event id" in want[2][0][2]
    assert outcome(lambda: read_log(log, use_cache=True)) == want


def test_an_edit_above_the_events_is_read_whole(tmp_path: Path) -> None:
    log = tmp_path / "log.yaml"
    data = (DATA / "small.yaml").read_bytes()
    cached(log, data)
    log.write_bytes(data.replace(b"\nevents:", b"\n# a comment above the events\nevents:", 1))
    assert reused(log) is None
    assert outcome(lambda: read_log(log, use_cache=True)) == outcome(lambda: read_log(log))


@pytest.mark.parametrize(
    "text",
    [
        b"schema: 1\nevents:\n  - id: a\nsources: []\n",  # a key after the events
        b"schema: 1\nevents: []\n",  # no item
        b"schema: 1\r\nevents:\r\n  - id: a\r\n",  # another line break
        b"schema: 1\nevents:\n  - id: a\n\tx: 1\n",  # a tab where an item could start
        b"schema: 1\nevents:\n  - id: a\n---\n",  # another document
        b"schema: 1\nevents:\n  - id: a\nevents:\n  - id: b\n",  # two event lists
        b'schema: 1\nevents:\n  - title: "x\xe2\x80\xa8"\n',  # LS, a line break to YAML
    ],
)
def test_the_split_refuses_what_it_cannot_be_sure_of(text: bytes) -> None:
    assert reuse.split(text) is None


def test_the_split_finds_every_item_and_its_line() -> None:
    text = b"schema: 1\nevents:\n\n# c\n- id: a\n  t: |\n    - not an item\n# c\n- id: b\n"
    sp = reuse.split(text)
    assert sp is not None and sp.lines == (5, 9) and sp.head == b"schema: 1\nevents:\n\n# c\n"
    assert sp.chunk(0) == b"- id: a\n  t: |\n    - not an item\n# c\n" and sp.chunk(1) == b"- id: b\n"


def test_a_kept_block_scalar_before_a_reused_event_keeps_its_value(tmp_path: Path) -> None:
    """A changed event that ends with a ``|+`` block scalar, followed by a re-used one: the re-used text is
    replaced by comment lines, not empty ones, which ``|+`` would keep."""
    log = tmp_path / "log.yaml"
    data = (DATA / "small.yaml").read_bytes()
    cached(log, data)
    head, items = chunks(data)
    items[0] = items[0] + b"    summary: |+\n      kept\n\n"
    log.write_bytes(head + b"".join(items))
    fresh = outcome(lambda: read_log(log))
    got = reused(log)
    assert got is not None and outcome(lambda: got) == fresh


# --- the previous entry is verified like any: one that lies is never re-used --------------------------------


@pytest.mark.parametrize(
    "lie",
    [
        "UPDATE chunks SET hash = (SELECT hash FROM chunks WHERE seq = 1) WHERE seq = 0",
        "UPDATE chunks SET line = line + 1 WHERE seq = 2",
        "DELETE FROM chunks WHERE seq = 3",
        "UPDATE events SET rec = (SELECT rec FROM events WHERE seq = 1) WHERE seq = 2",
        "UPDATE events SET id = 'other' WHERE seq = 2",
    ],
)
def test_a_lying_entry_is_never_re_used(tmp_path: Path, lie: str) -> None:
    log = tmp_path / "log.yaml"
    data = (DATA / "engine-tier2.yaml").read_bytes()
    cached(log, data)
    (entry,) = sorted(cache.cache_dir().glob("*" + cache.SUFFIX))
    db = sqlite3.connect(entry)
    db.execute(lie)
    assert db.total_changes
    db.commit()
    db.close()
    head, items = chunks(data)
    log.write_bytes(head + items[0].replace(b"title: ", b"title: Edited ", 1) + b"".join(items[1:]))
    want = outcome(lambda: read_log(log))
    got = reused(log)  # none, or a log whose lying record is found when decoded: then the file is parsed
    assert got is None or (isinstance(got, PatchedLog) and outcome(lambda: got) == want)
    assert outcome(lambda: read_log(log, use_cache=True)) == want


# --- random edits: insert, delete, reorder, change a title, change an id that others link to -----------------

_ID = re.compile(rb"id: ([A-Za-z0-9_-]+)")


def _apply(items: list[bytes], ops: list[tuple[str, int, int]]) -> list[bytes]:
    out = list(items)
    for n, (op, a, b) in enumerate(ops):
        if not out:
            break
        i, j = a % len(out), b % len(out)
        if op == "delete" and len(out) > 1:
            del out[i]
        elif op == "move":
            out.insert(j, out.pop(i))
        elif op == "copy":  # a new event: another's text under a new id
            out.insert(j, _ID.sub(rb"\g<0>-copy%d" % n, out[i], count=1))
        elif op == "retitle":
            out[i] = re.sub(rb"title: ", b"title: Retitled %d " % n, out[i], count=1)
        elif op == "rename":  # others may link to it
            out[i] = _ID.sub(rb"\g<0>-renamed%d" % n, out[i], count=1)
        elif op == "grow":
            out[i] = out[i] + b"  # note %d\n" % n
    return out


OPS = st.lists(
    st.tuples(st.sampled_from(["delete", "move", "copy", "retitle", "rename", "grow"]), st.integers(0, 99),
              st.integers(0, 99)),
    min_size=1, max_size=4,
)  # fmt: skip


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(
    name=st.sampled_from(["linked.yaml", "engine-tier2.yaml", "ach.yaml", "promises.yaml"]),
    edits=st.lists(OPS, min_size=1, max_size=3),
)
def test_random_edits_read_as_a_full_parse_reads_them(
    tmp_path: Path, name: str, edits: list[list[tuple[str, int, int]]]
) -> None:
    data = (DATA / name).read_bytes()
    head, items = chunks(data)
    log = tmp_path / "random.yaml"
    cached(log, data)
    for ops in edits:  # one version after another, each read through the previous one's entry
        items = _apply(items, ops)
        log.write_bytes(head + b"".join(items))
        want = outcome(lambda: read_log(log))
        got = reused(log)
        if got is not None:
            assert outcome(lambda got=got: got) == want
        assert outcome(lambda: read_log(log, use_cache=True)) == want


# --- workspaces: an edit to one file re-parses only the events it changed -------------------------------------


def _workspace(root: Path, name: str, files: int) -> tuple[Path, list[Path]]:
    """The fixture's log as a workspace: a top file with everything but the events, including ``files`` files
    that share the events in order."""
    head, items = chunks((DATA / name).read_bytes())
    (root / "events").mkdir(parents=True, exist_ok=True)
    top_text = head.replace(b"\nevents:\n", b"\n").replace(b"schema: 1\n", b"schema: 1\ninclude:\n  - events/\n", 1)
    top_text = top_text.replace(b"schema: 2\n", b"schema: 2\ninclude:\n  - events/\n", 1)
    top = root / "main.yaml"
    top.write_bytes(top_text)
    files = min(files, len(items))
    per = -(-len(items) // files)
    parts = []
    for k in range(files):
        part = root / "events" / f"part-{k:02d}.yaml"
        part.write_bytes(b"events:\n" + b"".join(items[k * per : (k + 1) * per]))
        parts.append(part)
    return top, parts


def _read_all(top: Path, *, cache_it: bool) -> tuple[object, ...]:
    return outcome(lambda: read_log(top, use_cache=cache_it))


@pytest.mark.parametrize("name", ["engine-tier2.yaml", "linked.yaml", "bundled-schema1.yaml"])
def test_a_workspace_edit_re_parses_only_the_file_it_changed(tmp_path: Path, name: str) -> None:
    from irru.logfile import workspace

    top, parts = _workspace(tmp_path, name, 3)
    assert _read_all(top, cache_it=False)[0] == "log"
    read_log(top, use_cache=True)  # the entry, and the note of its top file
    part = parts[-1]
    part.write_bytes(part.read_bytes().replace(b"title: ", b"title: Edited ", 1) + b"# a comment\n")
    want = _read_all(top, cache_it=False)
    calls: list[int] = []
    full = workspace._read

    def counting(*args: object, **kw: object) -> object:
        calls.append(len(kw.get("seed") or {}))  # type: ignore[arg-type]
        return full(*args, **kw)  # type: ignore[arg-type]

    workspace._read = counting  # type: ignore[assignment]
    try:
        got = read_log(top, use_cache=True)
    finally:
        workspace._read = full
    assert outcome(lambda: got) == want
    assert calls and all(calls), calls  # read once, with the re-used events' ids: nothing read whole
    assert isinstance(got, (PatchedLog, model.Log)) and got.files == read_log(top).files


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(
    name=st.sampled_from(["linked.yaml", "engine-tier2.yaml", "ach.yaml"]),
    edits=st.lists(st.tuples(st.integers(0, 2), OPS), min_size=1, max_size=3),
)
def test_random_workspace_edits_read_as_a_full_read_reads_them(
    tmp_path: Path, name: str, edits: list[tuple[int, list[tuple[str, int, int]]]]
) -> None:
    root = tmp_path / f"ws-{name}"
    top, parts = _workspace(root, name, 3)
    read_log(top, use_cache=True)
    for k, ops in edits:  # one file edited at a time, each version read through the previous one's entry
        k %= len(parts)
        head, items = chunks(parts[k].read_bytes()) if reuse.split(parts[k].read_bytes()) else (b"events:\n", [])
        if items:
            parts[k].write_bytes(head + b"".join(_apply(items, ops)))
        want = _read_all(top, cache_it=False)
        assert _read_all(top, cache_it=True) == want
