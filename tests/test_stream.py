"""The cold path streams a log's events: each event's nodes become its record while the file is parsed, and are
dropped. These tests hold it to the whole-tree reading: the same records, the same problems at the same places,
whatever order the top-level keys come in."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from irru.errors import LogError
from irru.logfile import load, schema, yamltree

from conftest import DATA

HEAD = """schema: 1
sources:
  - {id: src-1, title: A report, publisher: An outlet, published: 2030-01, kind: news, grade: B}
actors:
  - {id: state-a, name: State A, kind: state}
"""
ACTORS_LATE = """actors:
  - {id: late-actor, name: Late Actor, kind: state}
"""


def event(i: int, *, eid: str | None = None, stance: str = "asserts", actor: str = "state-a") -> str:
    return (
        f"  - id: {eid or f'event-{i}'}\n    date: 2024-01-01\n    title: Event number {i}\n    type: delivery\n"
        f"    actors: [{{actor: {actor}, role: supplier}}]\n"
        f"    claims:\n      - {{source: src-1, stance: {stance}, text: It happened.}}\n"
    )


def events(n: int, **special: dict[str, str]) -> str:
    """``n`` events; ``special`` maps 'at<i>' to the keyword arguments of event i."""
    return "events:\n" + "".join(event(i, **special.get(f"at{i}", {})) for i in range(n))


def whole_tree(text: str, path: str = "log.yaml") -> object:
    """What the whole-tree reading (no streaming) gives: the log, or the problems as (line, col, message)."""
    root, problems = yamltree.parse(text)
    if root is None and problems and yamltree.has_libyaml() and len(text) <= load.REPARSE_LIMIT:
        root, problems = yamltree.parse(text, use_libyaml=False)  # as load_text does, for a syntax error's wording
    try:
        return load._load(text, path, root, problems)
    except LogError as e:
        return [(p.line, p.col, p.message) for p in e.problems]


def streamed(text: str, path: str = "log.yaml") -> object:
    try:
        return load.load_text(text, path)
    except LogError as e:
        return [(p.line, p.col, p.message) for p in e.problems]


def problems(text: str) -> list[tuple[int, int, str]]:
    with pytest.raises(LogError) as e:
        load.load_text(text, "log.yaml")
    return [(p.line, p.col, p.message) for p in e.value.problems]


def line_of(text: str, needle: str, nth: int = 1) -> int:
    at = -1
    for _ in range(nth):
        at = text.index(needle, at + 1)
    return text.count("\n", 0, at) + 1


FIXTURES = [*sorted(p for p in DATA.rglob("*.yaml") if "workspace" not in p.parts), load.bundled_log_path()]


def _text(fixture: Path) -> str | None:
    try:
        return load.decode(fixture.read_bytes(), fixture.name)
    except LogError:
        return None  # not text: refused before any parsing, so there is nothing to stream


TEXTS = [p for p in FIXTURES if _text(p) is not None]


def test_the_fixtures_not_streamed_are_only_those_refused_as_text() -> None:
    refused = sorted(p.name for p in FIXTURES if _text(p) is None)
    assert len(TEXTS) + len(refused) == len(FIXTURES)
    assert len(TEXTS) >= 20
    assert refused == ["binary.yaml", "not-utf8.yaml"]  # the two fixtures of bytes that are not UTF-8 text


@pytest.mark.parametrize("fixture", TEXTS, ids=lambda p: str(p.relative_to(p.parents[1])))
def test_streaming_reads_every_fixture_as_the_whole_tree_does(fixture: Path) -> None:
    text = _text(fixture)
    assert text is not None
    assert streamed(text) == whole_tree(text)


def test_keys_after_the_events_are_read_and_their_records_referred_to() -> None:
    text = (
        "schema: 1\n"
        + events(3, at1={"actor": "late-actor"})
        + HEAD.removeprefix("schema: 1\n").replace("actors:\n", ACTORS_LATE)
    )
    log = load.load_text(text, "log.yaml")
    assert [e.id for e in log.events] == ["event-0", "event-1", "event-2"]
    assert log.events[1].actors[0].actor == "late-actor"
    assert set(log.actors) == {"late-actor", "state-a"}
    assert log.events[0].claims[0].date.text == "2030-01"  # an undated claim takes its source's date, read later
    assert streamed(text) == whole_tree(text)


def test_a_reference_to_an_actor_defined_after_the_events_is_checked_with_a_suggestion() -> None:
    text = (
        "schema: 1\n"
        + events(40, at33={"actor": "late-actr"})
        + HEAD.removeprefix("schema: 1\n").replace("actors:\n", ACTORS_LATE)
    )
    line = line_of(text, "late-actr, role")
    message = "unknown actor 'late-actr' in actor; did you mean 'late-actor' or 'state-a'?"
    assert problems(text) == [(line, 22, message)]
    assert streamed(text) == whole_tree(text)


def test_an_error_inside_the_nth_event_is_reported_at_its_line_and_column() -> None:
    text = HEAD + events(600, at377={"stance": "assrts"})
    line = line_of(text, "assrts")
    assert problems(text) == [(line, 33, "unknown stance 'assrts'; did you mean 'asserts'?")]
    assert line == 7 + 377 * 7 + 6  # 5 lines of head, 'events:', 7 lines an event: its claim's line
    assert streamed(text) == whole_tree(text)


def test_a_duplicate_id_across_far_apart_events_names_the_first() -> None:
    text = HEAD + events(1000, at950={"eid": "event-3"})
    first, second = line_of(text, "id: event-3\n"), line_of(text, "id: event-3\n", 2)
    assert second - first > 6000
    assert problems(text) == [(second, 9, f"duplicate event id 'event-3' (first defined at line {first})")]


def test_a_link_to_a_later_event_resolves_and_one_to_no_event_is_reported() -> None:
    linked = "    links: [{rel: follows, event: event-7}, {rel: follows, event: event-70}]\n"
    text = HEAD + events(9).replace("  - id: event-2\n", "  - id: event-2\n" + linked)
    assert problems(text) == [
        (
            line_of(text, "event-70}"),
            67,
            "unknown event 'event-70' in link; did you mean 'event-7' or 'event-0' or 'event-8'?",
        )
    ]
    assert streamed(text) == whole_tree(text)


def test_schema_or_units_after_the_events_read_as_a_whole_tree_would() -> None:
    body = events(3).replace("text: It happened.}", "text: It happened., values: {quantity: 3 crates}}")
    sources = HEAD.removeprefix("schema: 1\n")
    schema_last = body + sources + "schema: 2\nunits: [crates]\n"
    log = load.load_text(schema_last, "log.yaml")
    assert [c.values.quantities[0].unit for e in log.events for c in e.claims if c.values] == ["crates"] * 3
    units_last = "schema: 2\n" + sources + body + "units: [crates]\n"
    assert [e.claims for e in load.load_text(units_last, "log.yaml").events] == [e.claims for e in log.events]
    assert streamed(units_last) == whole_tree(units_last)
    no_units = "schema: 2\n" + sources + body
    assert problems(no_units)[0][2].startswith("invalid quantity '3 crates'")
    assert streamed(no_units) == whole_tree(no_units)


def test_the_parse_does_not_hold_the_events_it_has_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """When the second event is read, nothing but this test refers to the first event's nodes: no list of the
    tree holds them (reverting to whole-tree parsing makes the events list a referrer, and this fails)."""
    held: list[object] = []
    referrers: list[list[object]] = []
    convert = schema.Reader.event

    def spy(self: schema.Reader, node: object) -> object:
        held.append(node)
        if len(held) == 2:
            gc.collect()
            referrers.append([r for r in gc.get_referrers(held[0]) if r is not held])
        return convert(self, node)  # type: ignore[arg-type]

    monkeypatch.setattr(schema.Reader, "event", spy)
    log = load.load_text(HEAD + events(3), "log.yaml")
    assert len(log.events) == 3 and len(held) == 3
    assert referrers == [[]]
