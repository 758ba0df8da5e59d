"""The query language (issue 22 item 5): terms are the flags they stand for, claim(...) binds one claim, not:, or and
parentheses combine, text:/re/ matches a regular expression, and errors put a caret under the term.

The property tests run random queries through the language and through the equivalent flags, on the log parsed
afresh and served from the cache (candidates and the planned SQL path), and require the same events."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from irru import query as Q
from irru.cli.filters import parse
from irru.cli.filters import query as make_query
from irru.cli.output import Env
from irru.errors import UsageError
from irru.logfile.cache import CachedLog
from irru.logfile.load import read_log
from irru.model import STANCES
from irru.querylang import QueryError
from irru.querylang import parse as parse_query

ROOT = Path(__file__).parent.parent
ENV = Env(environ={"IRRU_TODAY": "2026-11-21"})

# field: values that exist in the bundled log (each a name a user would type)
VOCABULARY: dict[str, list[str]] = {
    "actor": ["Iran", "Russia", "United States", "IRGC", "Ukraine"],
    "type": ["delivery", "promise", "statement", "sanction", "context"],
    "tag": ["drones", "sanctions", "denial"],
    "system": ["Shahed", "Su-35", "Fath-360", "S-400"],
    "category": ["drone", "ballistic-missile", "combat-aircraft"],
    "source": ["Reuters", "TASS", "Stimson"],
    "stance": ["denies", "asserts", "confirms", "hedges"],
    "speaker": ["Iran", "Russia", "United States"],
    "denied_by": ["Iran", "Russia"],
    "grade": ["A-B", "C", "D"],
    "confidence": ["confirmed", "denied", "disputed", "reported"],
    "grep": ["missile", "drone", "Caspian"],
}
FIELD_OF = {"speaker": "by", "denied_by": "denied-by", "grep": "text"}


@pytest.fixture(scope="module")
def logs(tmp_path_factory: pytest.TempPathFactory) -> list[Any]:
    """The bundled log parsed, and the same served from the cache (built once for the module)."""
    import os

    where = tmp_path_factory.mktemp("ql")
    path = where / "events.yaml"
    shutil.copy(ROOT / "events.yaml", path)
    old = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(where / "cache")
    try:
        read_log(path, use_cache=True)
        cached = read_log(path, use_cache=True)
    finally:
        if old is None:
            os.environ.pop("XDG_CACHE_HOME", None)
        else:
            os.environ["XDG_CACHE_HOME"] = old
    assert isinstance(cached, CachedLog)
    return [read_log(path), cached]


def _ids(log: Any, given: dict[str, Any]) -> list[str]:
    full = {"within": False, "possibly": False, **given}
    q = make_query(log, parse(ENV, full))
    return [r.event.id for r in Q.run(log, q)]


def _planned(log: Any, given: dict[str, Any]) -> list[str] | None:
    """The ids the cache's planned SQL path gives (None when it declines the query)."""
    import json

    full = {"within": False, "possibly": False, **given}
    lines = log.planned_lines(make_query(log, parse(ENV, full)))
    return None if lines is None else [json.loads(line)["id"] for _cited, line in lines]


def _term(field: str, value: str, negated: bool) -> str:
    name = FIELD_OF.get(field, field)
    return f'{"not:" if negated else ""}{name}:"{value}"'


terms = st.lists(
    st.tuples(st.sampled_from(sorted(VOCABULARY)), st.integers(0, 9), st.booleans()).map(
        lambda t: (t[0], VOCABULARY[t[0]][t[1] % len(VOCABULARY[t[0]])], t[2])
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(terms)
def test_the_language_gives_what_the_flags_give(logs: list[Any], chosen: list[tuple[str, str, bool]]) -> None:
    flags: dict[str, list[str]] = {}
    for field, value, negated in chosen:
        flags.setdefault(field, []).append(("not:" if negated else "") + value)
    text = " ".join(_term(*t) for t in chosen)
    try:
        expected = _ids(logs[0], flags)
    except UsageError:
        return  # e.g. --role without --actor: the language refuses it too (checked below)
    for log in logs:
        assert _ids(log, flags) == expected
        assert _ids(log, {"query": [text]}) == expected, text
    planned = _planned(logs[1], flags)
    assert planned is None or planned == expected
    assert _planned(logs[1], {"query": [text]}) in (None, expected)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(terms, terms)
def test_or_not_and_parentheses_are_set_operations(
    logs: list[Any], a: list[tuple[str, str, bool]], b: list[tuple[str, str, bool]]
) -> None:
    ta, tb = (" ".join(_term(*t) for t in x) for x in (a, b))
    everything = _ids(logs[0], {})
    ids_a, ids_b = _ids(logs[0], {"query": [ta]}), _ids(logs[0], {"query": [tb]})
    for log in logs:
        either = _ids(log, {"query": [f"({ta}) or ({tb})"]})
        assert either == [e for e in everything if e in ids_a or e in ids_b]
        neither = _ids(log, {"query": [f"not:({ta})"]})
        assert neither == [e for e in everything if e not in ids_a]
        both = _ids(log, {"query": [f"({ta}) ({tb})"]})
        assert both == [e for e in everything if e in ids_a and e in ids_b]


def test_two_claims_of_one_event(logs: list[Any]) -> None:
    """The question of issue 22: events Iran denied that the United States affirmed (two claims)."""
    text = 'claim(denied-by:Iran) claim(by:"United States" stance:asserts stance:confirms)'
    log = logs[0]
    parts = {"iran": log.parts["iran"], "united-states": log.parts["united-states"]}

    def by(c: Any, actor: str) -> bool:  # the speaker, on the claim's day, is (part of) the actor
        return c.by in parts[actor] and actor in {a.id for a in log.lineage_at(c.by, log.claim_day(c))}

    expected = [
        e.id
        for e in sorted(log.events, key=lambda e: (e.date.sort_key(), e.id))
        if any(c.stance == "denies" and by(c, "iran") for c in e.claims)
        and any(c.stance in ("asserts", "confirms") and by(c, "united-states") for c in e.claims)
    ]
    assert {"iran-drones-to-russia", "fath360-shipment-2024"} <= set(expected)
    for log in logs:
        assert _ids(log, {"query": [text]}) == expected
        # the flags bind one claim: a denial made by the United States, which nobody made
        assert _ids(log, {"denied_by": ["Iran"], "speaker": ["United States"]}) == []


def test_claim_terms_bind_one_claim_and_can_be_negated(logs: list[Any]) -> None:
    for log in logs:
        one = _ids(log, {"query": ["claim(by:Iran stance:denies)"]})
        assert one == _ids(log, {"speaker": ["Iran"], "stance": ["denies"]})
        not_denying = _ids(log, {"query": ["claim(by:Iran not:stance:denies)"]})
        others = " ".join(f"stance:{s}" for s in STANCES if s != "denies")
        assert not_denying == _ids(log, {"query": [f"claim(by:Iran {others})"]})


def test_regular_expressions_match_text(logs: list[Any]) -> None:
    for log in logs:
        got = _ids(log, {"query": ["text:/Fat(e)?h-?360/"]})
        assert got and got == _ids(log, {"query": ["text:/fath-360|fateh-360|fath360|fateh360/"]})
        assert set(got) >= set(_ids(log, {"grep": ["Fath-360"]}))
        rest = _ids(log, {"query": ["not:text:/Fat(e)?h-?360/"]})
        assert not set(rest) & set(got) and len(rest) + len(got) == len(_ids(log, {}))


def test_date_terms_are_their_options(logs: list[Any]) -> None:
    for log in logs:
        assert _ids(log, {"query": ["on:2024-Q3 actor:Iran"]}) == _ids(log, {"on": ["2024-Q3"], "actor": ["Iran"]})
        said = _ids(log, {"query": ["said-since:2025 text:S-400"]})
        assert said == _ids(log, {"said_since": "2025", "grep": ["S-400"]})
        assert said and _ids(log, {"since": "2025", "grep": ["S-400"]}) == []  # the event is older than its claims


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("actr:Iran", "query: unknown field 'actr'; did you mean 'actor'?\n  actr:Iran\n  ^^^^^^^^^"),
        ("actor:Iran (type:delivery", "query: this ( is never closed\n  actor:Iran (type:delivery\n             ^"),
        ("actor:Iran )", "query: this ) closes nothing\n  actor:Iran )\n             ^"),
        (
            "claim(type:delivery)",
            "query: claim(...) holds claim terms only: source, stance, by, denied-by, grade\n"
            "  claim(type:delivery)\n        ^^^^^^^^^^^^^",
        ),
        (
            "text:/Fath-(360/",
            "query: not a regular expression: missing ), unterminated subpattern at position 5\n"
            "  text:/Fath-(360/\n       ^^^^^^^^^^^",
        ),
        (
            "actor:/Iran/",
            "query: a regular expression (/.../) matches text only: text:/Fath-?360/\n  actor:/Iran/\n  ^^^^^^^^^^^^",
        ),
        ("actor:Iran or", "query: expected a term here (field:value)\n  actor:Iran or\n               ^"),
        ('by:"United States', 'query: a quoted value needs its closing "\n  by:"United States\n     ^^^^^^^^^^^^^^'),
        (
            "(since:2024 or type:promise)",
            "query: a date term sets the period: write it outside or, not: and ( )\n"
            "  (since:2024 or type:promise)\n   ^^^^^^^^^^",
        ),
    ],
)
def test_errors_point_at_the_term(text: str, message: str) -> None:
    with pytest.raises(QueryError) as e:
        parse_query(text)
    assert str(e.value) == message


def test_unknown_names_point_at_their_term(irru) -> None:
    r = irru("timeline", "claim(by:Iran stance:denie)")
    assert r.exit_code == 2
    assert r.stderr == (
        "irru: query: unknown stance 'denie'; did you mean 'denies'?\n"
        "  claim(by:Iran stance:denie)\n"
        "                ^^^^^^^^^^^^\n"
    )


def test_a_quoted_value_split_by_the_shell_is_one_term(irru) -> None:
    """`irru timeline by:"United States"` reaches irru as the word `by:United States`."""
    a = irru("timeline", "by:United States", "type:sanction", "--format", "jsonl")
    b = irru("timeline", "--speaker", "United States", "--type", "sanction", "--format", "jsonl")
    assert a.exit_code == 0 and a.stdout == b.stdout and a.stdout


def test_diff_takes_the_query_as_an_option(irru) -> None:
    a = irru("diff", "--by", "Iran", "--by", "United States", "--query", "on:2024-Q3", "--format", "plain")
    b = irru("diff", "--by", "Iran", "--by", "United States", "--on", "2024-Q3", "--format", "plain")
    assert (a.exit_code, a.stdout) == (b.exit_code, b.stdout) and a.stdout


def test_limit_gives_the_latest(irru) -> None:
    latest = irru("timeline", "-n", "2", "--format", "jsonl").stdout.splitlines()
    every = irru("timeline", "--format", "jsonl").stdout.splitlines()
    assert latest == every[-2:]
    assert irru("timeline", "-n", "2", "-r", "--format", "jsonl").stdout.splitlines() == every[-1:-3:-1]
