"""The cache of parsed logs: identical to parsing, never stale, verified as it is read (an entry that lies is
discarded and the log parsed again), kept in a directory only the user controls, pruned, and listed or cleared
with `irru cache`."""

from __future__ import annotations

import dataclasses
import datetime
import json
import os
import sqlite3
import time
import typing
from pathlib import Path

import pytest

from irru import model
from irru.dates import Span, parse_edtf
from irru.logfile import bundled_log_path, cache, planner, read_log, recordcodecs, records
from irru.logfile.entry import CachedLog
from irru.viewfacts import view_facts

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
    return sorted(cache.cache_dir().glob("*" + cache.SUFFIX))


def encoded(log: model.Log) -> list[object]:
    """Every record of the log in the cache's list form: line numbers included."""
    enc = {c: records.encoder(c) for c in (model.Source, model.Actor, model.System, model.Event)}
    return [
        [enc[model.Source](s) for s in log.sources.values()],
        [enc[model.Actor](a) for a in log.actors.values()],
        [enc[model.System](s) for s in log.systems.values()],
        [enc[model.Event](e) for e in log.events],
        log.path, log.schema,
    ]  # fmt: skip


@pytest.mark.parametrize("path", [*VALID_FIXTURES, bundled_log_path()], ids=lambda p: p.name)
def test_cached_equals_parsed(path: Path) -> None:
    fresh = read_log(path, use_cache=False)
    first = read_log(path, use_cache=True)  # parses and stores
    assert len(entries()) == 1
    second = read_log(path, use_cache=True)  # from the cache
    assert isinstance(second, CachedLog) and not isinstance(first, CachedLog)
    assert first == fresh and second == fresh and fresh == second
    assert encoded(second) == encoded(fresh)  # line numbers too


# --- the record codec is derived from the model: every field of every class round-trips ---------------


def _sample(tp: object, n: int) -> object:
    """A value of type ``tp`` that differs from the field's default (n varies it)."""
    opt = isinstance(tp, type(int | None)) or typing.get_origin(tp) is typing.Union
    if opt:
        (tp,) = [a for a in typing.get_args(tp) if a is not type(None)]
    if tp is str:
        return f"v{n}"
    if tp is bool:
        return True
    if tp is int:
        return 7 + n
    if tp is float:
        return 0.5 + n
    if tp is Span:
        return parse_edtf(["2024-02-21", "2023-10~", "../2024", "2022/2023-05?"][n % 4])
    if tp is datetime.date:
        return datetime.date(2024, 1, 1 + n % 28)
    if typing.get_origin(tp) is tuple:
        item = typing.get_args(tp)[0]
        return (_sample(item, n + 1), _sample(item, n + 2))
    assert dataclasses.is_dataclass(tp), tp
    hints = records.hints_of(tp)  # type: ignore[arg-type]
    return tp(**{f.name: _sample(hints[f.name], n + i) for i, f in enumerate(dataclasses.fields(tp))})  # type: ignore[operator]


class Anything:
    def __contains__(self, item: object) -> bool:
        return True


def test_every_model_record_class_is_encoded() -> None:
    model_classes = {
        c
        for c in vars(model).values()
        if isinstance(c, type) and dataclasses.is_dataclass(c) and c.__module__ == model.__name__
    }
    assert model_classes - {model.Log} <= set(records.CLASSES), (
        "a model class the cache does not know: add it to records.ROOTS"
    )


@pytest.mark.parametrize("cls", records.CLASSES, ids=lambda c: c.__name__)
def test_every_field_of_every_record_class_round_trips(cls: type) -> None:
    value = _sample(cls, 0)
    for f in dataclasses.fields(cls):  # the sample really sets every field, so a dropped field would show
        if f.default is not dataclasses.MISSING:
            assert getattr(value, f.name) != f.default, f.name
    anything = Anything()
    dec = records.decoders(anything, anything, anything, anything)[cls.__name__]
    back = dec(json.loads(json.dumps(records.encoder(cls)(value))))
    assert back == value
    assert all(getattr(back, f.name) == getattr(value, f.name) for f in dataclasses.fields(cls))  # line too


@pytest.mark.parametrize("cls", records.CLASSES, ids=lambda c: c.__name__)
def test_annotations_are_read_as_typing_reads_them(cls: type) -> None:
    assert records.hints_of(cls) == typing.get_type_hints(cls, vars(model))


def test_the_layout_is_part_of_the_key() -> None:
    assert records.LAYOUT in cache.key(b"schema: 1\n")


def regenerate_codecs() -> None:
    """irru/logfile/recordcodecs.py, the record codecs generated from the model (`python tests/regenerate.py codecs`)."""
    Path(recordcodecs.__file__).write_text(records.generated_module(), encoding="utf-8")


def test_the_checked_in_codecs_are_what_the_model_gives() -> None:
    """A record class changed without regenerating would encode the old fields (and keep the old LAYOUT, so the
    old entries would be read with it): the generated module must be exactly what the model gives now."""
    assert Path(recordcodecs.__file__).read_text(encoding="utf-8") == records.generated_module(), (
        "irru/logfile/recordcodecs.py is stale: run `python tests/regenerate.py codecs` (make regen)"
    )
    assert set(recordcodecs.CLASSES) == set(recordcodecs.ENCODERS)


# --- equivalence: every command and filter, cached and not --------------------------------------------


def _argument_sets(log: model.Log) -> list[list[str]]:
    events = log.events
    actor = next(iter(log.actors.values()))
    top = log.top(actor.id)
    system = next(iter(log.systems.values()), None)
    tag = next((t for e in events for t in e.tags), None)
    source = next(iter(log.sources))
    story = next((e for e in events if e.story), events[0])
    day = next(e.date for e in events if e.date.earliest)
    said = min(c.date.latest for e in events for c in e.claims if c.date.latest)
    sets = [
        ["check"], ["actors"], ["sources"], ["stats"], ["stats", "--as-of", said.isoformat()],
        ["promises"], ["transfers"], ["transfers", "--actor", top.id],
        ["show", story.id], ["show", events[-1].id, "--format", "json"],
        ["timeline"], ["timeline", "--format", "json"], ["timeline", "--format", "csv"],
        ["timeline", "--actor", top.id], ["timeline", "--actor", actor.name, "--role", "recipient"],
        ["timeline", "--type", events[0].type, "--type", "promise"], ["timeline", "--source", source],
        ["timeline", "--since", day.text[:7]], ["timeline", "--until", day.text[:4]],
        ["timeline", "--on", day.text[:4], "--within"], ["timeline", "--as-of", said.isoformat()],
        ["timeline", "--grep", "a", "--sort", "confidence", "--reverse", "--limit", "3"],
        ["timeline", "--confidence", "denied", "--confidence", "reported"],
        ["timeline", "--actor", top.id, "--type", events[0].type, "--since", "2000", "--format", "jsonl"],
        # the planned path (planner.plan): answered from the stored facts, in every format
        ["timeline", "--format", "jsonl"], ["timeline", "--format", "jsonl", "--reverse", "--limit", "2"],
        ["timeline", "--format", "json", "--actor", top.id, "--type", "not:" + events[0].type],
        ["timeline", "--format", "jsonl", "--sort", "type", "--reverse"],
        ["timeline", "--format", "json", "--sort", "confidence", "--limit", "4"],
        ["timeline", "--format", "jsonl", "--actor", actor.name, "--role", "recipient", "--source", source],
        ["timeline", "--format", "jsonl", "--actor", top.id, "--role", "not:supplier"],
        ["timeline", "--format", "jsonl", "--confidence", "reported", "--confidence", "not:denied"],
        ["timeline", "--format", "json", "--story", story.story or "x"] if story.story else ["timeline", "--format", "json", "--limit", "0"],
        ["timeline", "--format", "json", "--type", "strike", "--type", "not:strike"],
        ["stats", "--format", "json"], ["stats", "--actor", top.id, "--type", "not:" + events[0].type],
        ["stats", "--source", source, "--confidence", "reported"], ["stats", "--chart", "--by", "month"],
        ["stats", "--chart", "--by", "year", "--format", "json", "--actor", top.id],
        ["actors", "--format", "json"], ["sources", "--format", "csv"],
    ]  # fmt: skip
    sources = list(log.sources)
    if len(sources) >= 2:
        sets += [["diff", sources[0], sources[-1]], ["diff", sources[0], sources[1], "--format", "json"]]
    speakers = sorted({c.by for e in events for c in e.claims if c.by})
    if len(speakers) >= 2:
        sets.append(["diff", "--by", speakers[0], "--by", speakers[-1]])
    sets += [["graph"], ["graph", "--relays"], ["graph", "--actor", top.id, "--format", "dot"], ["stats", "--chart"]]
    if system:
        sets += [["timeline", "--system", system.id], ["promises", "--system", system.id]]
    if tag:
        sets.append(["timeline", "--tag", tag, "--format", "md"])
        sets.append(["timeline", "--tag", tag, "--format", "jsonl", "--tag", "not:" + tag])
        sets.append(["timeline", "--tag", tag, "--format", "json", "--actor", top.id])
        sets.append(["stats", "--story", story.story] if story.story else ["stats", "--type", events[0].type])
    return sets


@pytest.mark.parametrize("path", [*VALID_FIXTURES, bundled_log_path()], ids=lambda p: p.name)
def test_every_command_and_filter_gives_the_same_output_cached_or_not(irru, path: Path) -> None:
    log = read_log(path, use_cache=False)
    irru("check", "--data", str(path))  # fills the cache
    assert len(entries()) == 1
    for args in _argument_sets(log):
        fresh = irru(*args, "--data", str(path), "--no-cache")
        cached = irru(*args, "--data", str(path))
        assert (cached.exit_code, cached.stdout, cached.stderr) == (fresh.exit_code, fresh.stdout, fresh.stderr), args


def test_a_filtered_query_decodes_only_candidate_events() -> None:
    from irru import query as Q

    path = bundled_log_path()
    read_log(path, use_cache=True)
    log = read_log(path, use_cache=True)
    assert isinstance(log, CachedLog)
    rows = Q.run(log, Q.Query(types=("contract",)))
    assert rows and log.__dict__["_all"] is None  # the whole log was never decoded
    assert [r.event.id for r in rows] == [r.event.id for r in Q.run(read_log(path), Q.Query(types=("contract",)))]


def test_one_event_is_decoded_alone() -> None:
    from irru import query as Q

    path = DATA / "all-fields.yaml"
    read_log(path, use_cache=True)
    log = read_log(path, use_cache=True)
    assert isinstance(log, CachedLog)
    fresh = read_log(path)
    last = fresh.events[-1]
    assert Q.resolve_event(log, last.id) == last
    assert log.events_by_id.get("no-such-event") is None and "no-such-event" not in log.events_by_id
    assert list(log.events_by_id) == list(fresh.events_by_id) and len(log.events_by_id) == len(fresh.events)
    assert log.__dict__["_all"] is None  # the whole log was never decoded
    assert log.events_by_id[last.id] == last  # and once it is, the same answers
    assert dict(log.events_by_id) == fresh.events_by_id


# --- content-keyed, served, never stale ---------------------------------------------------------------


def plant(sql: str, *params: object) -> None:
    """Change the (only) cache entry behind irru's back."""
    (entry,) = entries()
    db = sqlite3.connect(entry)
    db.execute(sql, params)
    assert db.total_changes or sql.startswith("DROP"), sql  # the lie was told
    db.commit()
    db.close()


def cached_copy(tmp_path: Path, name: str = "valid.yaml") -> Path:
    log = tmp_path / "log.yaml"
    log.write_bytes((DATA / name).read_bytes())
    read_log(log, use_cache=True, facts=view_facts())  # with the facts, as every query command builds it
    assert len(entries()) == 1
    return log


def test_served_from_the_cache(tmp_path: Path) -> None:
    log = cached_copy(tmp_path)
    rec = json.loads(sqlite3.connect(entries()[0]).execute("SELECT rec FROM events WHERE seq = 0").fetchone()[0])
    rec[2] = "Planted title"
    plant("UPDATE events SET rec = ? WHERE seq = 0", json.dumps(rec))
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


def _noted_as_if_read_later(monkeypatch: pytest.MonkeyPatch) -> None:
    """Runs that read a file RACY_SECONDS after its last change, so its status gets noted."""
    from irru.logfile import load

    real = time.time
    monkeypatch.setattr(load.time, "time", lambda: real() + 10)


def test_an_unchanged_file_is_not_even_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = tmp_path / "log.yaml"
    log.write_bytes((DATA / "valid.yaml").read_bytes())
    _noted_as_if_read_later(monkeypatch)
    expected = read_log(log, use_cache=True)
    assert len(list(cache.cache_dir().glob(cache.FP_PREFIX + "*"))) == 1

    def unread(self: Path) -> bytes:
        raise AssertionError("read again")

    monkeypatch.setattr(Path, "read_bytes", unread)
    served = read_log(log, use_cache=True)
    assert isinstance(served, CachedLog) and served == expected


def test_a_file_changed_just_before_it_was_read_is_noted_without_its_status(tmp_path: Path) -> None:
    log = tmp_path / "log.yaml"
    log.write_bytes((DATA / "valid.yaml").read_bytes())
    read_log(log, use_cache=True)  # its ctime is within RACY_SECONDS of the read: an edit might share it
    (note,) = cache.cache_dir().glob(cache.FP_PREFIX + "*")
    doc = json.loads(note.read_bytes())
    # The entry is named, for the next version of the file to re-use events from (irru.logfile.reuse), but
    # without a status the next run could find it by: that run reads and hashes the file.
    assert doc["status"] is None and doc["key"] + cache.SUFFIX == entries()[0].name
    assert cache.load_known(str(log), log.stat(), "log", lambda: read_log(log)) is None


def test_an_edit_keeping_size_and_mtime_is_seen_through_the_noted_status(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "log.yaml"
    text = (DATA / "valid.yaml").read_text(encoding="utf-8")
    log.write_text(text, encoding="utf-8")
    _noted_as_if_read_later(monkeypatch)
    assert read_log(log, use_cache=True).events[0].title == "Missiles reported shipped"
    st = log.stat()
    time.sleep(0.05)  # more than the file system's clock granularity
    log.write_text(text.replace("Missiles reported shipped", "Missiles reported shopped"), encoding="utf-8")
    os.utime(log, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert (log.stat().st_size, log.stat().st_mtime_ns) == (st.st_size, st.st_mtime_ns)
    assert read_log(log, use_cache=True).events[0].title == "Missiles reported shopped"
    replaced = tmp_path / "other.yaml"
    replaced.write_text(text, encoding="utf-8")
    os.replace(replaced, log)  # another file under the same name: another inode
    assert read_log(log, use_cache=True).events[0].title == "Missiles reported shipped"


# --- an entry that lies is discarded: never a traceback, a hang or a wrong answer ----------------------


def _event_rec(index: int = 0) -> list[typing.Any]:
    return json.loads(
        sqlite3.connect(entries()[0]).execute("SELECT rec FROM events WHERE seq = ?", (index,)).fetchone()[0]
    )


def _with(rec: list[typing.Any], where: tuple[int, ...], value: object) -> str:
    target = rec
    for i in where[:-1]:
        target = target[i]
    target[where[-1]] = value
    return json.dumps(rec)


LIES = {
    "int date": lambda: plant("UPDATE events SET rec = ? WHERE seq = 0", _with(_event_rec(), (1,), 2024)),
    "unknown date": lambda: plant("UPDATE events SET rec = ? WHERE seq = 0", _with(_event_rec(), (1,), "someday")),
    "unknown source": lambda: plant(
        "UPDATE events SET rec = ? WHERE seq = 0", _with(_event_rec(), (4, 0, 0), "nobody")
    ),
    "unknown actor": lambda: plant(
        "UPDATE events SET rec = json_set(rec, '$[6][0][0]', 'nobody') WHERE json_array_length(rec, '$[6]') > 0"
    ),
    "missing field": lambda: plant("UPDATE events SET rec = ? WHERE seq = 0", json.dumps(_event_rec()[:-1])),
    "bool as int": lambda: plant("UPDATE events SET rec = ? WHERE seq = 0", _with(_event_rec(), (4, 0, 6), 1)),
    "deep JSON": lambda: plant("UPDATE events SET rec = ? WHERE seq = 0", "[" * 100_000 + "]" * 100_000),
    "not JSON": lambda: plant("UPDATE events SET rec = ? WHERE seq = 0", "{not json"),
    "index disagrees": lambda: plant("UPDATE events SET type = 'strike' WHERE seq = 0"),
    "part_of cycle": lambda: plant(
        "UPDATE actors SET rec = json_set(rec, '$[4]', json_extract(rec, '$[0]')) WHERE seq = (SELECT min(seq) FROM actors)"
    ),
    "duplicate actor": lambda: plant("INSERT INTO actors SELECT seq + 1000, rec FROM actors"),
    "table dropped": lambda: plant("DROP TABLE event_tag"),
    "other format": lambda: plant("UPDATE meta SET v = '99' WHERE k = 'format'"),
    # the planned path's facts: a stored text is printed only if it is safe and the event's own
    "escape in a stored line": lambda: plant(
        "UPDATE lines SET line = replace(line, '\"title\": \"', '\"title\": \"' || char(27) || ']0;pwned' || char(7))"
    ),
    "C1 control in a stored line": lambda: plant(
        "UPDATE lines SET line = replace(line, '\"title\": \"', '\"title\": \"' || char(155) || '2J') WHERE pos = 1"
    ),
    "bidi control in a stored line": lambda: plant(
        'UPDATE lines SET line = replace(line, \'"title": "\', \'"title": "\' || char(8238)) WHERE pos = 1'
    ),
    "another event's line": lambda: plant(
        "UPDATE lines SET line = (SELECT line FROM lines WHERE pos = 0) WHERE pos = 1"
    ),
    "truncated line": lambda: plant("UPDATE lines SET line = substr(line, 1, 40) WHERE pos = 1"),
    "line not text": lambda: plant("UPDATE lines SET line = 7 WHERE pos = 0"),
    "unknown cited source": lambda: plant("UPDATE lines SET cited = '[\"nobody\"]' WHERE pos = 1"),
    "bad flag": lambda: plant("UPDATE facts SET flag = 99 WHERE pos = 1"),
    "flag as text": lambda: plant("UPDATE facts SET flag = 'confirmed' WHERE pos = 0"),
    "unknown type in facts": lambda: plant("UPDATE facts SET type = 'party' WHERE pos = 0"),
    "unknown top body": lambda: plant("UPDATE facts SET tops = '[\"Nobody\"]' WHERE pos = 0"),
    "bad year": lambda: plant("UPDATE facts SET year = '20x4' WHERE pos = 0"),
    "bad listed day": lambda: plant("UPDATE facts SET listed = -5 WHERE pos = 0"),
    "usage of unknown actors": lambda: plant("UPDATE meta SET v = '{}' WHERE k = 'usage:actors'"),
    "negative usage": lambda: plant("UPDATE meta SET v = replace(v, '[', '[-') WHERE k = 'usage:sources'"),
    # every table verified (issue 25): rows deleted, added or changed where no record check would see it
    "emptied facts": lambda: plant("DELETE FROM facts"),
    "a fact deleted": lambda: plant("DELETE FROM facts WHERE pos = 1"),
    "forged flag": lambda: plant("UPDATE facts SET flag = (flag + 1) % 3 WHERE pos = 1"),
    "forged type in facts": lambda: plant("UPDATE facts SET type = 'context' WHERE pos = 1"),
    "emptied lines": lambda: plant("DELETE FROM lines"),
    "a line deleted": lambda: plant("DELETE FROM lines WHERE pos = 0"),
    "forged line": lambda: plant('UPDATE lines SET line = replace(line, \'"title": "\', \'"title": "Forged \')'),
    "broken JSON in a line": lambda: plant('UPDATE lines SET line = replace(line, \'"title": "\', \'"title": \')'),
    "forged usage counts": lambda: plant("UPDATE meta SET v = replace(v, ': [', ': [9') WHERE k = 'usage:actors'"),
    "an actor's index rows deleted": lambda: plant("DELETE FROM event_actor WHERE actor = 'russia'"),
    "a speaker's index row forged": lambda: plant("INSERT INTO event_by VALUES ('russia', 0)"),
    "tags index emptied": lambda: plant("DELETE FROM event_tag"),
    "links index emptied": lambda: plant("DELETE FROM event_link"),
    "an event row deleted": lambda: plant("DELETE FROM events WHERE seq = 1"),
    "an event's id column forged": lambda: plant("UPDATE events SET id = 'forged' WHERE seq = 1"),
    "an event's day column forged": lambda: plant("UPDATE events SET earliest = earliest + 400 WHERE seq = 1"),
    "a source row deleted": lambda: plant("DELETE FROM sources WHERE seq = (SELECT max(seq) FROM sources)"),
    "a searched text forged": lambda: plant(
        "UPDATE texts SET text = 'nothing' WHERE seq = (SELECT min(seq) FROM texts)"
    ),
    "a searched text deleted": lambda: plant("DELETE FROM texts WHERE seq = (SELECT max(seq) FROM texts)"),
    "an event's claim day forged": lambda: plant("UPDATE facts SET known = 1, said = 1 WHERE pos = 0"),
    "an event's stored days forged": lambda: plant("UPDATE facts SET earliest = NULL, opened = NULL WHERE pos = 1"),
}
# What reads each kind of record: the planned path (stored texts, facts, usage counts), the general path (an as-of
# query decodes the events it answers) and check (the whole log).
LIE_COMMANDS = (
    ["timeline", "--format", "json"], ["timeline", "--format", "jsonl", "--reverse"], ["stats"],
    ["stats", "--chart", "--format", "json"], ["actors", "--format", "json"], ["sources", "--format", "json"],
    ["timeline", "--format", "json", "--as-of", "2100-01-01"], ["check"],
    ["timeline", "--format", "jsonl", "--actor", "russia"], ["timeline", "--tag", "missiles", "--since", "2023"],
    ["show", "shipment", "--format", "json"], ["promises", "--format", "json"], ["timeline", "--format", "csv"],
    ["timeline", "--format", "jsonl", "--grep", "a"], ["timeline", "--format", "plain", "--on", "2024", "--possibly"],
    ["timeline", "--format", "json", "--since", "2023", "--as-of", "2024-06-01"],
)  # fmt: skip


@pytest.mark.parametrize("lie", list(LIES))
def test_an_inconsistent_entry_is_rebuilt_never_served(irru, tmp_path: Path, lie: str) -> None:
    from irru import query as Q

    log = cached_copy(tmp_path, "all-fields.yaml")
    expected = [irru(*args, "--data", str(log), "--no-cache") for args in LIE_COMMANDS]
    LIES[lie]()
    for args, want in zip(LIE_COMMANDS, expected, strict=True):
        got = irru(*args, "--data", str(log))
        assert (got.exit_code, got.stdout, got.stderr) == (want.exit_code, want.stdout, want.stderr), args
    read_log(log, use_cache=True, facts=view_facts())  # the liar was dropped when found: a sound entry is stored
    served = read_log(log, use_cache=True, facts=view_facts())
    assert isinstance(served, CachedLog)  # a sound entry took the liar's place:
    lines = served.planned_lines(Q.Query())
    assert lines is not None and [line for _c, line in lines] == expected[1].stdout.splitlines()[::-1]
    assert served == read_log(log) and served.__dict__["_parsed"] is None  # every record decodes and checks


@pytest.mark.parametrize("garbage", [b"", b"{not json", b"SQLite format 3\x00" + b"\x00" * 200, b"\xff\xfe"])
def test_a_corrupt_file_is_ignored_and_rebuilt(tmp_path: Path, garbage: bytes) -> None:
    log = cached_copy(tmp_path, "small.yaml")
    expected = read_log(log)
    (entry,) = entries()
    entry.write_bytes(garbage)
    assert read_log(log, use_cache=True) == expected
    assert read_log(log, use_cache=True) == expected and isinstance(read_log(log, use_cache=True), CachedLog)


def test_a_stored_line_found_unsound_mid_stream_is_followed_by_the_parsed_answer(tmp_path: Path) -> None:
    from irru import query as Q
    from irru.render.machine import timeline_jsonl

    log = cached_copy(tmp_path, "all-fields.yaml")
    plant("UPDATE lines SET line = line || char(7) WHERE pos = 1")
    cached = read_log(log, use_cache=True, facts=view_facts())
    fresh = read_log(log)
    lines = cached.planned_lines(Q.Query())
    assert lines is not None
    got = [line for _c, line in lines]
    assert got == list(timeline_jsonl(fresh, Q.run(fresh, Q.Query())))
    assert cached.__dict__["_parsed"] is not None and entries() == []  # the entry was discarded


def test_csv_and_the_human_formats_stream_a_planned_query_from_the_stored_texts(irru, tmp_path: Path) -> None:
    """Rows in the query's order read from the stored texts, no event decoded (issue 27); what the human formats
    print before the first row (count, widest id, summary) from the facts; every output the parse's."""
    from irru import query as Q
    from irru.cli.timeline import _items, _records
    from irru.render.common import item_of

    path = cached_copy(tmp_path, "all-fields.yaml")
    log = read_log(path, use_cache=True, facts=view_facts())
    fresh = read_log(path)
    for q in (Q.Query(reverse=True), Q.Query(sort="confidence", limit=3), Q.Query(types=("nothing-has-this",))):
        records = _records(log, q)
        rows = Q.run(fresh, q)
        assert records is not None and [r["id"] for r in records] == [r.event.id for r in rows]
        count, widest, summary, items = _items(log, q)
        assert (count, widest, list(items)) == (len(rows), max((len(r.event.id) for r in rows), default=0),
                                                [item_of(fresh, r) for r in rows])  # fmt: skip
        assert summary == (_items(fresh, q)[2] if rows else None)
        assert _items(log, q, summary=False)[:3] == (count, widest, None)  # plain's: no summary, facts not read
    assert log.__dict__["_all"] is None and log.__dict__["_parsed"] is None  # the whole log was never decoded
    # As of a day the human formats take the general path (some rows are computed afresh, and the count and
    # summary come from the facts); csv reads the planned records of any planned query.
    q = Q.Query(as_of=datetime.date(2024, 1, 1))
    assert _records(log, q, claims=False) is None
    assert [r["id"] for r in _records(log, q) or ()] == [r.event.id for r in Q.run(read_log(path), q)]
    for args in (["--reverse"], ["--type", "war"], ["--sort", "confidence", "-n", "2"], ["--no-sources"]):
        for fmt in ("csv", "plain", "md", "table"):
            want = irru("timeline", *args, "--format", fmt, "--data", str(path), "--no-cache")
            got = irru("timeline", *args, "--format", fmt, "--data", str(path))
            assert (got.exit_code, got.stdout, got.stderr) == (want.exit_code, want.stdout, want.stderr), args


@pytest.mark.parametrize(
    "lie",
    [
        "UPDATE facts SET flag = (flag + 1) % 7 WHERE pos = 0",  # the summary's counts
        "UPDATE events SET id = id || 'x' WHERE seq = 0",  # plain's widest id
        "UPDATE events SET earliest = earliest - 400",  # the summary's period
        'UPDATE lines SET line = replace(line, \'"date": "\', \'"date": "1\') WHERE pos = 0',  # a first date
        # the frame stored for the whole log (issue 27): under the stored digest
        "UPDATE meta SET v = replace(v, '\"widest\": ', '\"widest\": 1') WHERE k = 'frame'",
        'UPDATE meta SET v = \'{"counts": [[0, 1]], "widest": 3, "ends": []}\' WHERE k = \'frame\'',
        "UPDATE lines SET seal = 'x' WHERE pos = (SELECT min(pos) FROM lines)",  # a text at the answer's ends
    ],
)
def test_what_a_human_format_prints_before_its_rows_is_verified_too(irru, tmp_path: Path, lie: str) -> None:
    """A lie in the facts the summary line or plain's padding come from: the entry is discarded and the output is
    the parse's, byte for byte."""
    path = cached_copy(tmp_path, "all-fields.yaml")
    plant(lie)
    for fmt in ("plain", "md", "table"):
        want = irru("timeline", "--format", fmt, "--data", str(path), "--no-cache")
        got = irru("timeline", "--format", fmt, "--data", str(path))
        assert (got.exit_code, got.stdout, got.stderr) == (want.exit_code, want.stdout, want.stderr), fmt


def test_the_whole_log_s_frame_is_stored_so_a_human_format_starts_without_reading_the_facts(
    irru, tmp_path: Path
) -> None:
    """md and table print a summary (count, period, flags) before their first row; for the whole log in its
    order it is stored with the entry (under the stored digest), so the facts table is not read, and so not
    verified, before the first row (issue 27). Other orders and selections compute it from the facts."""
    from irru import query as Q
    from irru.cli.timeline import _items

    path = cached_copy(tmp_path, "all-fields.yaml")
    fresh = read_log(path)
    for q in (Q.Query(), Q.Query(reverse=True)):
        log = read_log(path, use_cache=True, facts=view_facts())
        assert _items(log, q)[:3] == _items(fresh, q)[:3]
        assert "facts" not in log._verified and "stored" in log._verified  # type: ignore[attr-defined]
    for q in (Q.Query(sort="confidence"), Q.Query(limit=2), Q.Query(types=("war",))):
        log = read_log(path, use_cache=True, facts=view_facts())
        assert _items(log, q)[:3] == _items(fresh, q)[:3]
        assert "facts" in log._verified  # type: ignore[attr-defined]
    for fmt in ("md", "table"):
        want = irru("timeline", "--format", fmt, "--data", str(path), "--no-cache")
        got = irru("timeline", "--format", fmt, "--data", str(path))
        assert (got.exit_code, got.stdout, got.stderr) == (want.exit_code, want.stdout, want.stderr), fmt


def test_the_planner_declines_what_the_facts_cannot_answer_exactly() -> None:
    from irru import query as Q

    day = parse_edtf("2024")
    exact = [
        Q.Query(), Q.Query(types=("delivery",), stories=("s",), tags=("t",), actors=("a",), roles=("supplier",)),
        Q.Query(sources=("src",), confidence=("reported",), sort="confidence", reverse=True, limit=3),
        Q.Query(exclude=(Q.Query(types=("context",)), Q.Query(actors=("a",), roles=("target",)))),
        Q.Query(sort="type", within=True),  # within alone changes nothing without a date filter
        Q.Query(since=day, until=day, possibly=True), Q.Query(on=(day, day), within=True), Q.Query(grep=("x", "Y")),
        Q.Query(actors=("a",) * (planner.MAX_SQL_VALUES + 1)),  # an actor's family is one JSON parameter
        Q.Query(exclude=(Q.Query(since=day), Q.Query(grep=("x",)))),
        Q.Query(as_of=datetime.date(2024, 1, 1), confidence=("denied",), sort="confidence", limit=2),
    ]  # fmt: skip
    for q in exact:
        assert planner.plan(q) == planner.Plan(q), q
    declined = {
        "patterns": Q.Query(patterns=("x+",)),
        "systems": Q.Query(systems=("shahed-136",)), "categories": Q.Query(categories=("drone",)),
        "between": Q.Query(between=("a", "b")), "stances": Q.Query(sources=("s",), stances=("denies",)),
        "speakers": Q.Query(speakers=("a",)), "denied_by": Q.Query(denied_by=("a",)), "grades": Q.Query(grades=("A",)),
        "role alone": Q.Query(roles=("supplier",)),
        "too many values": Q.Query(types=("delivery",) * (planner.MAX_SQL_VALUES + 1)),
        "inexact exclusion": Q.Query(exclude=(Q.Query(patterns=("x",)),)),
        "exclusion as of a day": Q.Query(exclude=(Q.Query(as_of=datetime.date(2024, 1, 1)),)),
    }  # fmt: skip
    for why, q in declined.items():
        assert planner.plan(q) is None, why


def test_a_planned_query_decodes_no_event(tmp_path: Path) -> None:
    from irru import query as Q

    path = cached_copy(tmp_path, "all-fields.yaml")
    log = read_log(path, use_cache=True, facts=view_facts())
    assert isinstance(log, CachedLog)
    q = Q.Query(types=(log.one(log.event_index().__iter__().__next__()).type,))  # type: ignore[union-attr]
    lines = log.planned_lines(q)
    assert lines is not None and len(list(lines)) == log.planned_count(q) > 0
    assert log.planned_counts(Q.Query()) is not None and log.stored_usage("actors") is not None
    assert log.__dict__["_all"] is None and log.__dict__["_parsed"] is None  # the whole log was never decoded
    assert log.planned_lines(Q.Query(patterns=("x",))) is None  # declined: the general path answers it


def test_a_lie_found_in_a_filtered_query_falls_back_too(tmp_path: Path) -> None:
    from irru import query as Q

    log = cached_copy(tmp_path, "all-fields.yaml")
    LIES["unknown source"]()
    cached = read_log(log, use_cache=True)
    assert isinstance(cached, CachedLog)  # the small tables are sound: the lie is in an event
    fresh = read_log(log)
    q = Q.Query(types=(fresh.events[0].type,))
    assert [r.event for r in Q.run(cached, q)] == [r.event for r in Q.run(fresh, q)]
    assert cached == fresh


# --- where the cache lives, and who may touch it ---------------------------------------------------------


def test_cache_lives_under_xdg_cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "irru"
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/dir")  # ignored, as the XDG specification says
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "irru"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "irru"


def test_the_cache_directory_and_entries_are_private(tmp_path: Path) -> None:
    cached_copy(tmp_path)
    assert cache.cache_dir().stat().st_mode & 0o777 == 0o700
    assert entries()[0].stat().st_mode & 0o777 == 0o600


def unsafe(tmp_path: Path) -> Path:
    """A log cached with a planted title: served only while the cache is trusted."""
    log = cached_copy(tmp_path)
    rec = json.loads(sqlite3.connect(entries()[0]).execute("SELECT rec FROM events WHERE seq = 0").fetchone()[0])
    rec[2] = "Planted by someone else"
    plant("UPDATE events SET rec = ? WHERE seq = 0", json.dumps(rec))
    assert read_log(log, use_cache=True).events[0].title == "Planted by someone else"
    return log


def test_a_cache_directory_others_can_write_is_not_used(tmp_path: Path) -> None:
    log = unsafe(tmp_path)
    os.chmod(cache.cache_dir(), 0o770)
    assert read_log(log, use_cache=True).events[0].title == "Missiles reported shipped"


def test_a_parent_directory_others_can_write_is_not_used(tmp_path: Path) -> None:
    log = unsafe(tmp_path)
    os.chmod(cache.cache_dir().parent, 0o777)  # XDG_CACHE_HOME in a directory anyone can write: not sticky
    assert read_log(log, use_cache=True).events[0].title == "Missiles reported shipped"
    with pytest.raises(cache.Unsafe, match="can be written by other users"):
        cache.open_dir(create=False)
    os.chmod(cache.cache_dir().parent, 0o1777)  # sticky, like /tmp: others cannot rename what is ours
    assert read_log(log, use_cache=True).events[0].title == "Planted by someone else"


def test_an_entry_that_is_a_symlink_is_not_followed(tmp_path: Path) -> None:
    log = unsafe(tmp_path)
    (entry,) = entries()
    elsewhere = tmp_path / "elsewhere.sqlite"
    entry.rename(elsewhere)
    entry.symlink_to(elsewhere)
    assert read_log(log, use_cache=True).events[0].title == "Missiles reported shipped"


def test_an_entry_that_is_a_fifo_does_not_hang(tmp_path: Path) -> None:
    log = unsafe(tmp_path)
    (entry,) = entries()
    entry.unlink()
    os.mkfifo(entry)
    assert read_log(log, use_cache=True).events[0].title == "Missiles reported shipped"


def test_the_cache_directory_itself_may_not_be_a_symlink(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = unsafe(tmp_path)
    real = tmp_path / "real-irru"
    cache.cache_dir().rename(real)
    cache.cache_dir().symlink_to(real)
    assert read_log(log, use_cache=True).events[0].title == "Missiles reported shipped"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to give files to another user")
def test_links_and_directories_of_another_user_are_not_trusted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = unsafe(tmp_path)
    xdg = cache.cache_dir().parent
    link = tmp_path / "xdg-link"
    link.symlink_to(xdg)
    monkeypatch.setenv("XDG_CACHE_HOME", str(link))
    assert read_log(log, use_cache=True).events[0].title == "Planted by someone else"  # our own link: followed
    os.lchown(link, 4321, 4321)
    assert read_log(log, use_cache=True).events[0].title == "Missiles reported shipped"
    with pytest.raises(cache.Unsafe, match="symbolic link owned by another user"):
        cache.open_dir(create=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(xdg))
    os.chown(xdg, 4321, 4321)
    assert read_log(log, use_cache=True).events[0].title == "Missiles reported shipped"
    with pytest.raises(cache.Unsafe, match="belongs to another user"):
        cache.open_dir(create=False)


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


# --- pruning and the `irru cache` command ------------------------------------------------------------------


def test_stale_temporary_files_are_removed_fresh_ones_kept(tmp_path: Path) -> None:
    cached_copy(tmp_path)
    stale, fresh = cache.cache_dir() / ".tmp-1-dead.sqlite", cache.cache_dir() / ".tmp-2-live.sqlite"
    for p in (stale, fresh):
        p.write_bytes(b"partial")
    old = time.time() - cache.STALE_TEMP_SECONDS - 60
    os.utime(stale, (old, old))
    read_log(DATA / "small.yaml", use_cache=True)  # a new entry: the cache is pruned
    assert not stale.exists() and fresh.exists()


def test_entries_unused_for_too_long_are_pruned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    when = time.time() - 31 * 86400
    read_log(DATA / "valid.yaml", use_cache=True)
    (old,) = entries()
    os.utime(old, (when, when))
    monkeypatch.setenv("IRRU_CACHE_MAX_AGE_DAYS", "60")  # the limit is configurable
    read_log(DATA / "small.yaml", use_cache=True)
    assert old in entries() and len(entries()) == 2
    monkeypatch.delenv("IRRU_CACHE_MAX_AGE_DAYS")  # 30 days by default
    read_log(DATA / "promises.yaml", use_cache=True)
    assert old not in entries() and len(entries()) == 2


def test_the_least_recently_used_go_when_the_cache_is_too_big(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for i, name in enumerate(("valid.yaml", "small.yaml", "promises.yaml")):
        read_log(DATA / name, use_cache=True)
        newest = max(entries(), key=lambda p: p.stat().st_mtime_ns)
        os.utime(newest, (1_000_000 + i, 1_000_000 + i))
    sizes = sorted(p.stat().st_size for p in entries())
    monkeypatch.setenv("IRRU_CACHE_MAX_AGE_DAYS", str(10**6))
    monkeypatch.setenv("IRRU_CACHE_MAX_MB", "0")  # only the entry just written survives
    read_log(DATA / "two-articles.yaml", use_cache=True)
    assert len(entries()) == 1 and sizes
    assert read_log(DATA / "two-articles.yaml", use_cache=True).path == str(DATA / "two-articles.yaml")


def test_cache_info_and_clear(irru, tmp_path: Path) -> None:
    result = irru("cache", "info")
    assert result.exit_code == 0
    assert result.stdout.startswith(f"cache: {cache.cache_dir()} (not created yet)\n")
    log = cached_copy(tmp_path)
    (entry,) = entries()
    result = irru("cache", "info")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"cache: {cache.cache_dir()}"
    assert (
        lines[1]
        == f"1 entry, {entry.stat().st_size / 1e6:.1f} MB; pruned after 30 days unused or beyond 1024 MB in all (IRRU_CACHE_MAX_AGE_DAYS, IRRU_CACHE_MAX_MB)"
    )
    assert lines[2].startswith(f"  {entry.name[:12]}  ") and lines[2].endswith(f"1 event  {log}")
    assert json.loads(irru("cache", "info", "--format", "json").stdout)["entries"][0]["events"] == 1
    size = entry.stat().st_size
    # The entry, the note of the file it was built from (see test_a_file_changed_just_before_it_was_read_is_noted_
    # without_its_status) and that of irru's own code, if this process wrote it.
    files = sorted(p.name for p in cache.cache_dir().iterdir())
    assert entry.name in files and len(files) == 1 + (cache._fp_name(str(log)) in files) + any(
        f.startswith(cache.CODE_PREFIX) for f in files
    )
    result = irru("cache", "clear")
    assert (result.exit_code, result.stdout) == (
        0,
        f"removed {len(files)} file{'s' if len(files) > 1 else ''} ({size / 1e6:.1f} MB) from {cache.cache_dir()}\n",
    )
    assert entries() == []
    assert irru("cache", "clear").stdout == f"removed 0 files (0.0 MB) from {cache.cache_dir()}\n"


def test_cache_commands_refuse_an_unsafe_directory(irru, tmp_path: Path) -> None:
    cached_copy(tmp_path)
    os.chmod(cache.cache_dir(), 0o777)
    result = irru("cache", "clear")
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"irru: the cache directory is not safe to use: {cache.cache_dir()} can be written by other users; nothing removed\n"
    )
    assert len(entries()) == 1
    info = irru("cache", "info")
    assert info.exit_code == 1
    assert info.stdout == f"cache: {cache.cache_dir()} (not used: {cache.cache_dir()} can be written by other users)\n"


def test_the_file_size_limit_is_configurable(irru, tmp_path: Path) -> None:
    log = tmp_path / "log.yaml"
    log.write_bytes((DATA / "valid.yaml").read_bytes() + b"#" * 2 * 1024 * 1024 + b"\n")
    result = irru("check", str(log), env={"IRRU_MAX_BYTES": str(1024 * 1024)})
    assert (result.exit_code, result.stderr) == (
        1,
        f"{log}: is 2 MiB; irru reads logs up to 1 MiB (set IRRU_MAX_BYTES to change)\n1 problem in {log}\n",
    )
    assert irru("check", str(log)).exit_code == 0


@pytest.mark.parametrize("args", [["--version"], ["--help"]])
def test_version_and_help_import_neither_sqlite_nor_the_cache(args: list[str]) -> None:
    import subprocess
    import sys

    code = (
        "import sys; from irru.launch import main; main(sys.argv[1:]);"
        " assert not {'sqlite3', 'irru.logfile.cache', 'irru.logfile.entry', 'irru.logfile.records'}"
        " & set(sys.modules), 'imported'"
    )
    env = {**os.environ, "COLUMNS": "100"}
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr


def _meta_facts() -> tuple[str, int]:
    (entry,) = entries()
    db = sqlite3.connect(entry)
    try:
        (flag,) = db.execute("SELECT v FROM meta WHERE k = 'facts'").fetchone()
        (lines,) = db.execute("SELECT count(*) FROM lines").fetchone()
        return flag, lines
    finally:
        db.close()


def test_check_builds_an_entry_without_facts_and_the_first_query_adds_them_from_it(irru, tmp_path: Path) -> None:
    """`irru check` skips the facts (they would double its time); the first query that plans on the entry
    rebuilds it with them from its own events, without parsing the file again."""
    log = tmp_path / "log.yaml"
    log.write_bytes((DATA / "valid.yaml").read_bytes())
    expected = irru("timeline", "--data", str(log), "--format", "jsonl", "--no-cache").stdout
    assert irru("check", str(log)).exit_code == 0
    assert _meta_facts() == ("0", 0)
    assert irru("timeline", "--data", str(log), "--format", "jsonl").stdout == expected
    flag, lines = _meta_facts()
    assert (flag, lines) == ("1", len(expected.splitlines()))
    assert irru("check", str(log)).exit_code == 0
    assert _meta_facts() == ("1", lines)  # a check never takes the facts away


def test_the_facts_are_added_from_the_entry_not_from_a_new_parse(irru, tmp_path: Path) -> None:
    log = tmp_path / "log.yaml"
    log.write_bytes((DATA / "valid.yaml").read_bytes())
    assert irru("check", str(log)).exit_code == 0
    rec = json.loads(sqlite3.connect(entries()[0]).execute("SELECT rec FROM events WHERE seq = 0").fetchone()[0])
    rec[2] = "Planted title"
    plant("UPDATE events SET rec = ? WHERE seq = 0", json.dumps(rec))
    out = irru("timeline", "--data", str(log), "--format", "jsonl").stdout
    assert '"title": "Planted title"' in out
    assert _meta_facts()[0] == "1"


def test_a_changed_rule_never_reads_an_answer_the_code_before_it_stored(tmp_path: Path) -> None:
    """The cache key covers the code itself: in a copy of the package whose confidence rule is then changed, the
    stored flags and texts (planned path) and the recomputed ones agree with a run without the cache, at once."""
    import shutil
    import subprocess
    import sys

    import irru

    pkg = tmp_path / "pkg"
    shutil.copytree(Path(irru.__file__).parent, pkg / "irru", ignore=shutil.ignore_patterns("__pycache__"))
    log = tmp_path / "log.yaml"
    log.write_bytes((DATA / "all-fields.yaml").read_bytes())
    env = {**os.environ, "PYTHONPATH": str(pkg), "XDG_CACHE_HOME": str(tmp_path / "xdg"), "COLUMNS": "200"}

    def run(*args: str) -> str:
        cmd = [sys.executable, "-m", "irru", *args, "--data", str(log)]
        done = subprocess.run(cmd, env=env, capture_output=True, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        return done.stdout.decode()

    cmd = [sys.executable, "-c", "import irru; print(irru.__file__)"]
    where = subprocess.run(cmd, env=env, capture_output=True, cwd=tmp_path)
    assert where.stdout.decode().strip() == str(pkg / "irru" / "__init__.py")  # the copy is the code that runs
    views = [("timeline", "--format", fmt) for fmt in ("jsonl", "json", "plain")] + [("stats", "--format", "json")]
    before = [run(*v) for v in views]  # parsed, and the entry written with this code's flags
    assert [run(*v) for v in views] == before  # and served from it
    with (pkg / "irru" / "confidence.py").open("a", encoding="utf-8") as f:
        f.write(
            "\n\n_assess_claims = assess_claims\n\n\n"
            "def assess_claims(log, claims, *, event=None):  # a changed rule: every event is disputed\n"
            "    import dataclasses\n\n"
            "    found = _assess_claims(log, claims, event=event)\n"
            "    return dataclasses.replace(found, flag='disputed', rule='a changed rule')\n"
        )
    fresh = [run(*v, "--no-cache") for v in views]
    assert all(a != b for a, b in zip(fresh, before, strict=True))  # the change shows in every view
    assert [run(*v) for v in views] == fresh  # the cached runs see it at once: nothing stale is served
    assert [run(*v) for v in views] == fresh
