"""Compare two sources' (or two speakers') claims, story by story and field by field (pure).

Claims are aligned by story and event type: events sharing a ``story`` are about one deal or thread (the
Reuters report of ~400 missiles and the Fath-360 shipment are both deliveries in ``iran-missiles-to-russia``);
an event without a story is compared on its own. Within each the two sides are compared on:

- ``stance`` of each speaker (the source's own voice, or the actor speaking, by its top-level actor);
- each structured value: ``quantity``, ``systems``, ``route``, ``date``, ``amount``, ``status``.

Each compared field gets a kind: ``agree``; ``conflict`` (different values); ``update`` (the same speaker says
something else later: Washington "has not confirmed" in Feb 2024, "confirms" in Sept 2024); ``only-a`` and
``only-b`` (one side says something the other does not).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from .confidence import claims_as_of
from .model import AFFIRMING, Claim, Event, Log

KINDS = ("agree", "conflict", "update", "only-a", "only-b")
VALUE_FIELDS = ("quantity", "systems", "route", "date", "amount", "status")


@dataclass(frozen=True)
class Side:
    """One side of a comparison: a source, or a speaker (an actor and its parts)."""

    label: str
    picks: Callable[[Claim], bool]
    speakers: bool = False  # a speaker side: its stance is compared with the other side's, whoever speaks


@dataclass(frozen=True)
class Difference:
    story: str
    events: tuple[str, ...]  # the events the compared claims are on, A's first
    field: str  # "stance of United States", "quantity", "claim"
    a: str | None
    b: str | None
    kind: str
    a_date: str | None = None
    b_date: str | None = None


@dataclass(frozen=True)
class Comparison:
    a: str
    b: str
    rows: tuple[Difference, ...]

    def count(self, kind: str) -> int:
        return sum(1 for r in self.rows if r.kind == kind)

    @property
    def differs(self) -> bool:
        return any(r.kind != "agree" for r in self.rows)


def source_side(log: Log, source_id: str) -> Side:
    return Side(log.sources[source_id].publisher, lambda c: c.source == source_id)


def speaker_side(log: Log, actor_id: str) -> Side:
    family = log.parts[actor_id]
    return Side(log.actors[actor_id].name, lambda c: c.by is not None and c.by in family, speakers=True)


def _speaker_key(log: Log, c: Claim) -> str:
    if c.by is not None:
        return log.top(c.by).name
    if c.speaker:
        return c.speaker
    return "the source itself"


def _value(log: Log, c: Claim, name: str) -> str | None:
    v = c.values
    if v is None:
        return None
    if name == "quantity":
        return v.quantity.text if v.quantity else None
    if name == "systems":
        return ", ".join(log.systems[s].name for s in v.systems) if v.systems else None
    if name == "date":
        return v.date.label() if v.date else None
    value = getattr(v, name)
    return str(value) if value is not None else None


def compare(log: Log, a: Side, b: Side, *, event_id: str | None = None, as_of: date | None = None) -> Comparison:
    stories: dict[str, list[tuple[Event, Claim]]] = {}
    for event in sorted(log.events, key=lambda e: (e.date.sort_key(), e.id)):  # stories in order of first event
        if (
            event_id is not None
            and event.id != event_id
            and (event.story is None or event.story != _story_of(log, event_id))
        ):
            continue
        # Only like with like: a story's deliveries are compared with its deliveries, its sanctions with its
        # sanctions (a count of sanctioned officials is not a count of missiles).
        key = f"{event.story} ({event.type})" if event.story else event.id
        for c in claims_as_of(event, as_of):
            stories.setdefault(key, []).append((event, c))
    rows: list[Difference] = []
    for story, pairs in stories.items():
        side_a = [(e, c) for e, c in pairs if a.picks(c)]
        side_b = [(e, c) for e, c in pairs if b.picks(c)]
        if not side_a and not side_b:
            continue
        if event_id is not None and event_id not in {e.id for e, _ in side_a + side_b}:
            continue
        rows.extend(_compare_story(log, story, side_a, side_b, by_speaker=a.speakers and b.speakers))
    return Comparison(a.label, b.label, tuple(rows))


def _story_of(log: Log, event_id: str) -> str | None:
    event = log.events_by_id.get(event_id)
    return event.story if event else None


def _events(*sides: Iterable[tuple[Event, Claim]]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(e.id for side in sides for e, _ in side))


def _latest(pairs: list[tuple[Event, Claim]]) -> tuple[Event, Claim]:
    return max(pairs, key=lambda p: (p[1].date.latest or date.min, p[1].line))


def _compare_story(
    log: Log, story: str, side_a: list[tuple[Event, Claim]], side_b: list[tuple[Event, Claim]], *, by_speaker: bool
) -> list[Difference]:
    rows: list[Difference] = []

    def key(c: Claim) -> str:
        return "stance" if by_speaker else _speaker_key(log, c)

    if not side_a or not side_b:
        only, kind = (side_a, "only-a") if side_a else (side_b, "only-b")
        for e, c in only:
            text = f"{log.speaker_label(c)} {c.stance}: {c.text}"
            rows.append(
                Difference(story, (e.id,), "claim", text if kind == "only-a" else None,
                           text if kind == "only-b" else None, kind,
                           c.date.text if kind == "only-a" else None, c.date.text if kind == "only-b" else None)
            )  # fmt: skip
        return rows
    events = _events(side_a, side_b)
    # Stances, speaker by speaker (the latest claim of each speaker on each side).
    speakers = dict.fromkeys(key(c) for _, c in side_a + side_b)
    for who in speakers:
        pa = [(e, c) for e, c in side_a if key(c) == who]
        pb = [(e, c) for e, c in side_b if key(c) == who]
        field = "stance" if by_speaker else f"stance of {who}"
        if pa and pb:
            ca, cb = _latest(pa)[1], _latest(pb)[1]
            same = ca.stance == cb.stance or (ca.stance in AFFIRMING and cb.stance in AFFIRMING)
            if same:
                kind = "agree"
            else:
                same_speaker = not by_speaker
                kind = "update" if same_speaker and (_later(ca, cb) or _later(cb, ca)) else "conflict"
            rows.append(Difference(story, events, field, ca.stance, cb.stance, kind, ca.date.text, cb.date.text))
        elif who != "the source itself":
            (e, c), kind = (_latest(pa), "only-a") if pa else (_latest(pb), "only-b")
            a_val, b_val = (c.stance, None) if pa else (None, c.stance)
            rows.append(Difference(story, (e.id,), field, a_val, b_val, kind,
                                   c.date.text if pa else None, None if pa else c.date.text))  # fmt: skip
    # Structured values: what each side says, from its affirming claims.
    for name in VALUE_FIELDS:
        va = _values(log, side_a, name)
        vb = _values(log, side_b, name)
        if not va and not vb:
            continue
        if va and vb:
            (a_text, a_date), (b_text, b_date) = va, vb
            kind = "agree" if a_text == b_text else "conflict"
            rows.append(Difference(story, events, name, a_text, b_text, kind, a_date, b_date))
        elif va:
            rows.append(Difference(story, events, name, va[0], None, "only-a", va[1], None))
        else:
            rows.append(Difference(story, events, name, None, vb[0], "only-b", None, vb[1]))
    return rows


def _later(first: Claim, second: Claim) -> bool:
    """The second claim was certainly made after the first."""
    return (
        first.date.latest is not None and second.date.earliest is not None and second.date.earliest > first.date.latest
    )


def _values(log: Log, pairs: list[tuple[Event, Claim]], name: str) -> tuple[str, str] | None:
    found = [(c, _value(log, c, name)) for _, c in pairs if c.stance in AFFIRMING or c.stance == "predicts"]
    found = [(c, v) for c, v in found if v is not None]
    if not found:
        return None
    texts = list(dict.fromkeys(v for _, v in found))
    return " / ".join(texts), found[-1][0].date.text  # type: ignore[return-value]
