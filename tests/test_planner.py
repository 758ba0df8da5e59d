"""The planned path (irru.logfile.planner) gives exactly what the query gives on the parsed log (issue 27).

Random queries over every field the planner translates (types, stories, tags, actors with their parts and roles,
sources, flags, date periods with within/possibly, grep, exclusions, sort, reverse, limit, as of a day before,
among and after the claims) are answered from a
cache entry's stored facts and from the log parsed afresh; the JSON Lines texts, the cited sources and the count
must be the same, byte for byte. The logs: the bundled one, and a generated one (benchmarks/generate.py) whose
dates take every precision, intervals and open ends.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from irru import query as Q
from irru.dates import parse_edtf
from irru.logfile import planner
from irru.logfile.cache import CachedLog
from irru.logfile.load import read_log
from irru.render.common import claim_sources, event_record
from irru.render.machine import dumps
from irru.viewfacts import view_facts

ROOT = Path(__file__).parent.parent
# Periods a user asks for: years, months, days, quarters as intervals, open ends on either side.
DATES = ["2000", "2010", "2015-03", "2016-03-31", "2019/2021", "2012-06/..", "../2005-02", "2024", "2024-02-21",
         "2023-10/2024-03", "2025-01-01/..", "../2024-06", "2030", "1999"]  # fmt: skip
# As-of days: before any claim, among the bundled log's claims, among the generated log's (2030), after all.
DAYS = ["1990-01-01", "2022-06-01", "2024-03-06", "2025-01-01", "2030-03-15", "2030-07-01", "2030-12-30", "2100-01-01"]
WORDS = ["shipment", "MISSILE", "drone", "Caspian", "talks", "ß", "iran", "q", "nothing-has-this", "", "\n"]


@pytest.fixture(scope="module")
def logs(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Any, CachedLog]]:
    """(parsed, served from its cache entry with the facts) for the bundled log and a generated one."""
    where = tmp_path_factory.mktemp("planner")
    bundled = where / "events.yaml"
    bundled.write_bytes((ROOT / "events.yaml").read_bytes())
    made = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "400"], check=True,
                          capture_output=True, text=True).stdout  # fmt: skip
    generated = where / "generated.yaml"
    generated.write_text(made, encoding="utf-8")
    old = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(where / "cache")
    try:
        out = []
        for path in (bundled, generated):
            read_log(path, use_cache=True, facts=view_facts())
            cached = read_log(path, use_cache=True, facts=view_facts())
            assert isinstance(cached, CachedLog) and cached.has_facts
            out.append((read_log(path), cached))
        return out
    finally:
        if old is None:
            os.environ.pop("XDG_CACHE_HOME", None)
        else:
            os.environ["XDG_CACHE_HOME"] = old


def _pick(draw: st.DrawFn, values: list[str], most: int = 2) -> tuple[str, ...]:
    return tuple(dict.fromkeys(draw(st.lists(st.sampled_from(values), max_size=most)))) if values else ()


@st.composite
def queries(draw: st.DrawFn, log: Any, *, exclusion: bool = False) -> Q.Query:
    actors = sorted(log.actors)
    events = log.events
    fields: dict[str, Any] = {}
    chosen = draw(st.sets(st.sampled_from(["types", "stories", "tags", "actors", "sources", "confidence", "since",
                                           "until", "on", "grep", "within", "possibly"]), max_size=4))  # fmt: skip
    if "types" in chosen:
        fields["types"] = _pick(draw, sorted({e.type for e in events}))
    if "stories" in chosen:
        fields["stories"] = _pick(draw, sorted({e.story for e in events if e.story}))
    if "tags" in chosen:
        fields["tags"] = _pick(draw, sorted({t for e in events for t in e.tags}))
    if "actors" in chosen:
        fields["actors"] = _pick(draw, actors)
        if fields["actors"] and draw(st.booleans()):
            fields["roles"] = _pick(draw, sorted({r.role for e in events for r in e.actors}))
    if "sources" in chosen:
        fields["sources"] = _pick(draw, sorted(log.sources))
    if "confidence" in chosen:
        fields["confidence"] = _pick(draw, list(Q.FLAG_ORDER), 3)
    for key in ("since", "until"):
        if key in chosen:
            fields[key] = parse_edtf(draw(st.sampled_from(DATES)))
    if "on" in chosen:
        fields["on"] = tuple(parse_edtf(d) for d in _pick(draw, DATES))
    if "grep" in chosen:
        fields["grep"] = _pick(draw, WORDS)
    fields["within"] = "within" in chosen
    fields["possibly"] = "possibly" in chosen
    if exclusion:
        return Q.Query(**fields)
    fields["exclude"] = tuple(draw(st.lists(queries(log, exclusion=True), max_size=2)))
    fields["sort"] = draw(st.sampled_from(Q.SORTS))
    fields["reverse"] = draw(st.booleans())
    fields["limit"] = draw(st.one_of(st.none(), st.integers(0, 30)))
    fields["as_of"] = draw(st.one_of(st.none(), st.sampled_from(DAYS).map(lambda d: parse_edtf(d).latest)))
    return Q.Query(**fields)


def _shown(q: Q.Query) -> str:
    """The fields set, for a failure's message."""
    import dataclasses

    set_ = {f.name: getattr(q, f.name) for f in dataclasses.fields(q) if getattr(q, f.name) != f.default}
    if "exclude" in set_:
        set_["exclude"] = [_shown(ex) for ex in q.exclude]
    return repr(set_)


def _expected(log: Any, q: Q.Query) -> list[tuple[tuple[str, ...], str]]:
    return [(tuple(claim_sources(r.claims)), dumps(event_record(log, r))) for r in Q.run(log, q)]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(0, 1), st.data())
def test_planned_answers_equal_the_parsed_log(
    logs: list[tuple[Any, CachedLog]], which: int, data: st.DataObject
) -> None:
    parsed, cached = logs[which]
    q = data.draw(queries(parsed))
    assert planner.plan(q) is not None, _shown(q)  # every field drawn is one the planner translates
    want = _expected(parsed, q)
    got = cached.planned_lines(q, cited=True)
    assert got is not None
    assert list(got) == want, _shown(q)
    assert cached.planned_count(q) == len(want)
    assert cached.__dict__["_parsed"] is None  # answered from the entry, never from a fresh parse


def test_a_wide_actor_stays_on_the_indexes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An actor with more parts than an SQL list takes (planner.MAX_SQL_VALUES) is planned like any other, and
    gives what the parsed log gives."""
    n = planner.MAX_SQL_VALUES + 100
    lines = ["schema: 1", "sources:",
             "  - {id: src, title: A report, publisher: Wire, published: 2024-01-02, kind: wire, grade: B,"
             " url: https://wire.example/a}", "actors:", "  - {id: root, name: Root, kind: state}"]  # fmt: skip
    lines += [f"  - {{id: member-{i}, name: Member {i}, kind: government, part_of: root}}" for i in range(n)]
    lines.append("events:")
    for i in range(0, n, 50):
        lines += [f"  - id: event-{i}", "    date: 2024-01-01", f"    title: Event {i}", "    type: statement",
                  f"    actors: [{{actor: member-{i}, role: party}}]", "    claims:",
                  f"      - {{source: src, by: member-{i}, stance: asserts, text: Said {i}.}}"]  # fmt: skip
    log = tmp_path / "wide.yaml"
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    read_log(log, use_cache=True, facts=view_facts())
    cached = read_log(log, use_cache=True, facts=view_facts())
    parsed = read_log(log)
    assert isinstance(cached, CachedLog)
    q = Q.Query(actors=("root",))
    assert len(parsed.parts["root"]) > planner.MAX_SQL_VALUES
    want = _expected(parsed, q)
    assert len(want) == len(range(0, n, 50))
    got = cached.planned_lines(q, cited=True)
    assert got is not None and list(got) == want
    found = cached.candidates(q, frozenset(parsed.parts["root"]))  # the general path narrows by the index too
    assert found is not None and [e.id for e in found] == [e.id for e in parsed.events]


def test_as_of_reads_the_stored_facts_of_events_whose_claims_were_all_made(tmp_path: Path) -> None:
    """As of a day after every claim, no event is decoded: each is its stored as-of-independent view. As of an
    earlier day, only the events some of whose claims came later are computed afresh."""
    import datetime

    path = tmp_path / "events.yaml"
    path.write_bytes((ROOT / "events.yaml").read_bytes())
    read_log(path, use_cache=True, facts=view_facts())
    cached = read_log(path, use_cache=True, facts=view_facts())
    parsed = read_log(path)
    assert isinstance(cached, CachedLog)
    late = Q.Query(as_of=datetime.date(2100, 1, 1), sort="confidence")
    got = cached.planned_lines(late, cited=True)
    assert got is not None and list(got) == _expected(parsed, late) != []
    assert cached.__dict__["_all"] is None and cached.__dict__["_parsed"] is None
    day = datetime.date(2024, 3, 6)
    unsettled = [e.id for e in parsed.events if e.claims and min(c.date.known_last for c in e.claims) <= day
                 < max(c.date.known_last for c in e.claims)]  # fmt: skip
    decoded: list[str] = []
    decode = cached._decode

    def counted(sql: str, params: Any) -> Any:
        found = decode(sql, params)
        decoded.extend(e.id for e in found)
        return found

    cached.__dict__["_decode"] = counted
    q = Q.Query(as_of=day, reverse=True, limit=25)
    got = cached.planned_lines(q, cited=True)
    assert got is not None and list(got) == _expected(parsed, q) != []
    assert sorted(decoded) == sorted(unsettled) != []  # those alone, each once
    assert cached.__dict__["_parsed"] is None


def test_a_limit_keeps_the_latest_events_in_every_format(irru, tmp_path: Path) -> None:
    """``-n 3``: the three latest events (as jrnl -n), from the cache as without it. Served from the cache, csv
    used to print the three earliest."""
    path = tmp_path / "events.yaml"
    path.write_bytes((ROOT / "events.yaml").read_bytes())
    for args in (["-n", "3"], ["-n", "3", "--sort", "confidence"], ["-n", "4", "--as-of", "2024-03-06", "-r"]):
        for fmt in ("csv", "jsonl", "json"):
            want = irru("timeline", *args, "--format", fmt, "--data", str(path), "--no-cache")
            assert want.exit_code == 0 and want.stdout.count("\n") >= 3
            irru("timeline", "--data", str(path), "--format", "jsonl")  # the entry, with its facts
            got = irru("timeline", *args, "--format", fmt, "--data", str(path))
            assert (got.exit_code, got.stdout, got.stderr) == (want.exit_code, want.stdout, want.stderr), (args, fmt)


def test_the_human_formats_read_a_date_filter_from_the_stored_texts(irru, tmp_path: Path) -> None:
    """plain, md, table and csv under a date filter: read from the stored texts (each row's note, "straddles the
    period", "possibly in the period", made from its date by query.date_note), the same bytes as without the
    cache."""
    from irru.cli.timeline import _records

    path = tmp_path / "events.yaml"
    path.write_bytes((ROOT / "events.yaml").read_bytes())
    irru("timeline", "--data", str(path), "--format", "jsonl")  # the entry, with its facts
    cached = read_log(path, use_cache=True, facts=view_facts())
    assert isinstance(cached, CachedLog)
    q = Q.Query(on=(parse_edtf("2024"),), possibly=True)
    assert _records(cached, q, claims=False) is not None and cached.planned_frame(q) is not None
    noted = 0
    for args in (["--on", "2024", "--possibly"], ["--since", "2023-06", "--until", "2024-03"], ["--until", "2015"],
                 ["--on", "2022", "--on", "2024-Q3", "-r", "--sort", "confidence"], ["--since", "2025", "--within"]):  # fmt: skip
        for fmt in ("plain", "md", "table", "csv"):
            want = irru("timeline", *args, "--format", fmt, "--data", str(path), "--no-cache", "--no-pager")
            got = irru("timeline", *args, "--format", fmt, "--data", str(path), "--no-pager")
            assert want.exit_code == 0 and want.stdout.count("\n") > 3, (args, fmt)
            assert (got.exit_code, got.stdout, got.stderr) == (want.exit_code, want.stdout, want.stderr), (args, fmt)
            noted += sum(got.stdout.count(n) for n in ("(straddles the period)", "(possibly in the period)"))
    assert noted > 0  # the notes were made, not only left out
