"""`irru show`: everything about one event, as styled lines (plain text drops the styles)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..confidence import Confidence
from ..dates import iso
from ..inert import inert
from ..model import KNOWN_FROM, LINK_RELATIONS, Claim, Event, Log, Quantity, Values, assessment_text
from ..narrow import linking
from ..query import Row
from .common import Footnotes, source_line
from .styles import FLAG_STYLES

Line = tuple[str, str]  # (text, rich style)
LABEL = 12


def _field(name: str, value: str, style: str = "") -> Line:
    return (f"{name:<{LABEL}}{inert(value)}", style)


def quantity_text(log: Log, q: Quantity) -> str:
    """``~400``, ``120 launchers (M1991)``: as written, with the system it counts."""
    return (
        q.label + (f" ({log.systems[q.system].name})" if q.system else "") + (f" {q.period_words}" if q.period else "")
    )


def values_text(log: Log, v: Values) -> str:
    parts = []
    if len(v.quantities) == 1:
        parts.append(f"quantity {quantity_text(log, v.quantities[0])}")
    elif v.quantities:
        parts.append("quantities " + ", ".join(quantity_text(log, q) for q in v.quantities))
    if v.systems:
        parts.append("systems " + ", ".join(log.systems[s].name for s in v.systems))
    if v.route:
        parts.append(f"route {v.route}")
    if v.date is not None:
        parts.append(f"date {v.date.label()}")
    if v.amount:
        parts.append(f"amount {v.amount}")
    if v.status:
        parts.append(f"status {v.status}")
    return "; ".join(parts)


def _claim(log: Log, c: Claim, notes: Footnotes) -> Iterator[Line]:
    speaker = log.speaker_label(c) + (" (anonymous)" if c.anonymous and "anonym" not in log.speaker_label(c) else "")
    yield (f"  {c.date.label():<20} {inert(speaker)} {c.stance.upper()}", "bold")
    text = f'"{c.text}"' if c.quoted else c.text
    yield (f"  {'':<21}{inert(text)}", "")
    if c.known_from is not None:
        yield (f"  {'':<21}known from: {KNOWN_FROM[c.known_from].split(':')[0]}", "")
    assessed = assessment_text(c)
    if assessed:
        yield (f"  {'':<21}assessed: {assessed}", "")
    if c.values is not None and values_text(log, c.values):
        yield (f"  {'':<21}values: {inert(values_text(log, c.values))}", "dim")
    marks = notes.markers((c,))
    src = log.sources[c.source]
    relayed = " ← ".join(log.relay_label(r) for r in c.relays)
    yield (
        f"  {'':<21}in {marks.split(']')[0]}] {inert(src.publisher)} (grade {src.grade})"
        + (f", relaying {inert(relayed)}" if relayed else ""),
        "dim",
    )


def show(log: Log, row: Row, story: list[Row], as_of: date | None = None) -> Iterator[Line]:
    e: Event = row.event
    conf: Confidence = row.confidence
    yield (inert(e.title), "bold")
    yield (e.id, "dim")
    yield ("", "")
    span = f"{iso(e.date.earliest) or 'open'} to {iso(e.date.latest) or 'open'}"
    yield _field("Date", f"{e.date.label()}  ({span}; written {e.date.text})")
    yield _field("Type", e.type)
    if e.story:
        yield _field("Story", e.story)
    if e.actors:
        yield _field("Actors", ", ".join(f"{log.actors[r.actor].name} ({r.role})" for r in e.actors))
    if e.systems:
        yield _field(
            "Systems",
            ", ".join(log.systems[u.system].name + (f" ({u.quantity.label})" if u.quantity else "") for u in e.systems),
        )
    if conf.flag == "statement":  # its speakers as the flag finds them (confidence.statement_speakers), as of the day
        yield _field("Statement", "on the record, by " + ", ".join(conf.speakers))
    if e.tags:
        yield _field("Tags", ", ".join(e.tags))
    yield _field("Confidence", conf.label(), FLAG_STYLES.get(conf.flag, ""))
    yield (f"{'':<{LABEL}}rule: {conf.rule}", "dim")
    if e.reviews:  # the newsroom's sign-off, beside the evidence's flag (which it never changes)
        from ..review import reviewed_by, standing

        yield _field("Review", reviewed_by(standing(e.reviews, as_of)))
    if e.summary:
        yield ("", "")
        yield ("Summary", "bold")
        yield ("  " + inert(e.summary), "")
    notes = Footnotes()
    yield ("", "")
    yield (f"Claims ({len(row.claims)})", "bold")
    for c in sorted(row.claims, key=lambda c: (c.date.sort_key(), c.line)):
        yield from _claim(log, c, notes)
    links = [(link.rel, link.event) for link in e.links]
    # events linking here: from a cached log, through its index of links (no whole-log decode)
    back = [(link.rel, o.id) for o in linking(log, {e.id}, LINK_RELATIONS) for link in o.links if link.event == e.id]
    if links or back:
        yield ("", "")
        yield ("Linked events", "bold")
        for rel, eid in links:
            other = log.events_by_id[eid]
            yield (f"  {rel} {eid} ({other.date.label()}): {inert(other.title)}", "")
        for rel, eid in back:
            other = log.events_by_id[eid]
            yield (f"  {eid} {rel} this ({other.date.label()}): {inert(other.title)}", "")
    others = [r for r in story if r.event.id != e.id]
    if others:
        yield ("", "")
        yield (f"Same story: {e.story}", "bold")
        for r in others:
            yield (f"  {r.event.date.label():<20} {r.event.id}: {inert(r.confidence.label())}", "")
    yield ("", "")
    yield ("Sources", "bold")
    for sid, n in notes.numbers.items():
        yield (f"  [{n}] {source_line(log.sources[sid])}", "")
