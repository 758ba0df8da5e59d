"""diff, promises and transfers read only the events their answer needs (irru/narrow.py): from the cache, through
its indexes, without decoding the whole log; and the answer is the one the whole parsed log gives, byte for byte,
in every format, including where it hangs on an event found only through a link or a story."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from irru import diff as D
from irru import ledger
from irru import query as Q
from irru.logfile import bundled_log_path, read_log
from irru.logfile.entry import CachedLog
from irru.model import Log

from conftest import DATA

LOGS = [*sorted(DATA.glob("*.yaml")), bundled_log_path()]
LINKED = DATA / "linked.yaml"
TODAY = datetime.date(2026, 11, 21)


def cached(path: Path) -> CachedLog:
    read_log(path, use_cache=True)  # parses and stores
    log = read_log(path, use_cache=True)
    assert isinstance(log, CachedLog)
    return log


def _formats(log: Log) -> list[list[str]]:
    """diff, promises and transfers, each in every format it has."""
    sources = list(log.sources)
    out = [["diff", sources[0], sources[-1], "--format", fmt] for fmt in ("table", "plain", "md", "json")]
    for fmt in ("table", "plain", "md", "json", "jsonl", "csv"):
        out += [["promises", "--format", fmt], ["transfers", "--format", fmt]]
    return out


def _filtered(log: Log) -> list[list[str]]:
    """The three with the filters and options each takes."""
    sources = list(log.sources)
    speakers = sorted({c.by for e in log.events for c in e.claims if c.by})
    top = log.top(next(iter(log.actors)))
    tops = sorted({log.top(a).id for a in log.actors}) * 2  # two actors (the same twice if there is one)
    said = sorted(c.date.latest for e in log.events for c in e.claims if c.date.latest)
    middle, year = said[len(said) // 2].isoformat(), said[0].isoformat()[:4]
    story = next((e for e in log.events if e.story), log.events[0])
    system = next(iter(log.systems))
    out = [
        ["diff", sources[0], sources[1], "--as-of", middle, "--format", "plain"],
        ["diff", sources[1], sources[-1], "--event", story.id, "--format", "json"],
        ["diff", sources[0], sources[-1], "--since", year, "--actor", top.id, "--system", system],
        ["diff", sources[0], sources[-1], "--only", "conflict,update,related", "--format", "md"],
        ["diff", "--by", speakers[0], "--by", speakers[-1], "--format", "plain"],
        ["diff", "--by", speakers[0], "--by", speakers[-1], "--as-of", middle, "--format", "json"],
        ["promises", "--status", "not:delivered", "--format", "plain"],
        ["transfers", "--confidence", "not:denied", "--format", "plain"],
    ]
    for command in ("promises", "transfers"):
        out += [
            [command, "--as-of", middle, "--format", "json"],
            [command, "--actor", top.id, "--format", "plain"],
            [command, "--between", *tops[:2], "--format", "plain"],
            [command, "--source", sources[-1], "--since", year, "--format", "json"],
            [command, "--story", str(story.story), "--format", "plain"],
            [command, "--system", system, "--until", middle, "--format", "csv"],
            [command, "--category", "not:" + log.systems[system].category, "--on", year, "--format", "plain"],
        ]
    return out


def _same(irru, path: Path, sets: list[list[str]]) -> None:
    irru("check", "--data", str(path))  # fills the cache
    for args in sets:
        fresh = irru(*args, "--data", str(path), "--no-cache")
        served = irru(*args, "--data", str(path))
        assert (served.exit_code, served.stdout, served.stderr) == (fresh.exit_code, fresh.stdout, fresh.stderr), args
        assert fresh.exit_code in (0, 1), (args, fresh.stderr)


@pytest.mark.parametrize("path", LOGS, ids=lambda p: p.name)
def test_cached_and_parsed_runs_print_the_same_in_every_format(irru, path: Path) -> None:
    _same(irru, path, _formats(read_log(path, use_cache=False)))


@pytest.mark.parametrize("name", ["linked.yaml", "promises.yaml", "diff-kinds.yaml", "queries.yaml", "events.yaml"])
def test_cached_and_parsed_runs_print_the_same_with_every_filter(irru, name: str) -> None:
    path = bundled_log_path() if name == "events.yaml" else DATA / name
    _same(irru, path, _filtered(read_log(path, use_cache=False)))


@pytest.mark.parametrize("path", LOGS, ids=lambda p: p.name)
def test_the_whole_log_is_never_decoded_and_the_answers_are_the_parsed_logs(path: Path) -> None:
    fresh = read_log(path, use_cache=False)
    log = cached(path)
    sources = list(fresh.sources)
    a, b = D.source_side(log, sources[0]), D.source_side(log, sources[-1])
    assert D.compare(log, a, b) == D.compare(fresh, D.source_side(fresh, sources[0]), D.source_side(fresh, sources[-1]))
    assert ledger.promise_ledger(log, Q.Query(), today=TODAY) == ledger.promise_ledger(fresh, Q.Query(), today=TODAY)
    assert ledger.register(log, Q.Query()) == ledger.register(fresh, Q.Query())
    assert log.__dict__["_all"] is None  # only the events asked for were decoded


def test_the_narrowed_answers_are_those_of_the_whole_log_rules() -> None:
    """The narrowed functions against the rules run over every event (what the commands did before)."""
    for path in LOGS:
        log = read_log(path, use_cache=False)
        everything = Q.run(log, Q.Query())
        for q in (Q.Query(), Q.Query(sources=(next(iter(log.sources)),)), Q.Query(as_of=datetime.date(2024, 3, 1))):
            rows = Q.run(log, Q.Query(as_of=q.as_of)) if q.as_of else everything
            chosen = {r.event.id for r in Q.run(log, q)}
            whole = [p for p in ledger.promises(log, rows, today=TODAY, as_of=q.as_of) if p.event.id in chosen]
            assert ledger.promise_ledger(log, q, today=TODAY) == whole, (path.name, q)
            register = [t for t in ledger.transfers(log, rows) if chosen.intersection(t.events)]
            assert ledger.register(log, q) == register, (path.name, q)


# --- answers that hang on an event found only through a link or a story ----------------------------------------


@pytest.mark.parametrize("cache", ["--no-cache", None])
def test_a_same_as_pair_joined_by_an_event_neither_source_cites_is_one_event(irru, cache: str | None) -> None:
    """Wire A and Wire B each report one entry; a third entry, citing neither, says both are the same shipment:
    their counts are compared (a conflict), not listed as two things each side alone speaks of."""
    args = ["diff", "wire-a", "wire-b", "--data", str(LINKED), "--format", "plain"]
    irru(*args)
    r = irru(*args, *([cache] if cache else []))
    assert r.exit_code == 1
    assert r.stdout.splitlines()[3] == (
        "CONFLICT   ship-by-a = ship-by-b: quantity: ~200 (10 Sep 2024) vs 400 (20 Sep 2024)"
        "  (the intervals do not overlap)"
    )
    assert r.stdout.splitlines()[-1] == (
        "Wire A vs Wire B: 2 agree, 0 compatible, 0 narrower, 1 conflict, 0 updates, 0 only in A, 0 only in B,"
        " 0 related"
    )


@pytest.mark.parametrize("cache", ["--no-cache", None])
def test_a_delivery_in_no_story_fulfils_the_promise_it_links_to(irru, cache: str | None) -> None:
    args = ["promises", "--data", str(LINKED), "--format", "json"]
    irru(*args)
    r = irru(*args, *([cache] if cache else []))
    assert r.exit_code == 0
    assert '"status": "delivered"' in r.stdout and '"outcome": "kites-arrive"' in r.stdout.replace("\n", "")


@pytest.mark.parametrize("cache", ["--no-cache", None])
def test_a_register_row_listed_by_its_delivery_counts_its_contract(irru, cache: str | None) -> None:
    """--source registry selects the delivery only; the row still shows the story's contract (300 ordered)."""
    args = ["transfers", "--source", "registry", "--data", str(LINKED), "--format", "csv"]
    irru(*args)
    r = irru(*args, *([cache] if cache else []))
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    assert len(lines) == 3  # the header, the story's row, the registry entry's own
    assert "arrows-ordered" in lines[1] and "arrows-delivered" in lines[1]


def test_the_linked_answers_are_found_without_decoding_the_whole_log() -> None:
    log = cached(LINKED)
    result = D.compare(log, D.source_side(log, "wire-a"), D.source_side(log, "wire-b"))
    assert [r.kind for r in result.rows] == ["agree", "conflict", "agree"]
    (promise,) = ledger.promise_ledger(log, Q.Query(), today=TODAY)
    assert (promise.status, promise.outcome and promise.outcome.id) == ("delivered", "kites-arrive")
    rows = ledger.register(log, Q.Query(sources=("registry",)))
    assert [t.events for t in rows] == [("arrows-ordered", "arrows-delivered"), ("ship-registry",)]
    assert log.__dict__["_all"] is None
