"""The cache's record codecs, generated from the model by irru.logfile.records.generated_module(); do not edit.

Regenerate with `python tests/regenerate.py codecs` (`make regen`) after changing a record class of irru.model;
tests/test_cache.py fails while this file differs from what the model gives. Generated once here rather than at
every start, where building and compiling them cost several milliseconds of each command's start-up.
"""

# fmt: off

from __future__ import annotations

from collections.abc import Callable, Container
from datetime import date
from typing import Any, NoReturn

from ..dates import Span
from ..model import (
    Actor,
    ActorRole,
    Anchor,
    Archive,
    Claim,
    Event,
    Evidence,
    Hypothesis,
    Link,
    Membership,
    Quantity,
    Rating,
    Relay,
    Review,
    Source,
    System,
    SystemUse,
    Values,
)

LAYOUT = "12ecc16b24309afc"
CLASSES: tuple[type, ...] = (Source, Archive, Actor, Membership, System, Event, Claim, Relay, Values, Quantity, Review, Anchor, ActorRole, SystemUse, Link, Hypothesis, Evidence, Rating)


def enc_Source(o: Source) -> list[Any]:
    return [o.id, o.title, o.publisher, o.published.text, o.kind, o.grade, list(o.authors), o.url, list(o.cites), o.note, o.line, (None if o.archive is None else enc_Archive(o.archive))]


def enc_Archive(o: Archive) -> list[Any]:
    return [o.accessed, o.url, o.archived, o.sha256, o.capture]


def enc_Actor(o: Actor) -> list[Any]:
    return [o.id, o.name, o.kind, list(o.aliases), o.part_of, o.note, [enc_Membership(i) for i in o.memberships], o.line]


def enc_Membership(o: Membership) -> list[Any]:
    return [o.actor, (None if o.start is None else o.start.text), (None if o.end is None else o.end.text)]


def enc_System(o: System) -> list[Any]:
    return [o.id, o.name, o.category, list(o.aliases), o.note, o.line]


def enc_Event(o: Event) -> list[Any]:
    return [o.id, o.date.text, o.title, o.type, [enc_Claim(i) for i in o.claims], o.story, [enc_ActorRole(i) for i in o.actors], [enc_SystemUse(i) for i in o.systems], list(o.tags), o.summary, [enc_Link(i) for i in o.links], [enc_Review(i) for i in o.reviews], o.line, [enc_Hypothesis(i) for i in o.hypotheses], [enc_Evidence(i) for i in o.evidence]]


def enc_Claim(o: Claim) -> list[Any]:
    return [o.source, o.stance, o.text, o.date.text, o.by, o.speaker, o.anonymous, [enc_Relay(i) for i in o.relays], o.quoted, (None if o.values is None else enc_Values(o.values)), o.note, o.dated, o.likelihood, o.analytic_confidence, [enc_Review(i) for i in o.reviews], (None if o.anchor is None else enc_Anchor(o.anchor)), o.line, o.upstream, o.known_from]


def enc_Relay(o: Relay) -> list[Any]:
    return [o.source, o.actor, o.description]


def enc_Values(o: Values) -> list[Any]:
    return [[enc_Quantity(i) for i in o.quantities], list(o.systems), o.route, (None if o.date is None else o.date.text), o.amount, o.status]


def enc_Quantity(o: Quantity) -> list[Any]:
    return [o.text, o.low, o.high, o.approximate, o.unit, o.system, o.up_to, o.period]


def enc_Review(o: Review) -> list[Any]:
    return [o.who, o.role, o.date.text, o.verdict, o.note, o.line]


def enc_Anchor(o: Anchor) -> list[Any]:
    return [o.exact, o.start, o.end, o.sha256, o.prefix, o.suffix]


def enc_ActorRole(o: ActorRole) -> list[Any]:
    return [o.actor, o.role]


def enc_SystemUse(o: SystemUse) -> list[Any]:
    return [o.system, (None if o.quantity is None else enc_Quantity(o.quantity))]


def enc_Link(o: Link) -> list[Any]:
    return [o.rel, o.event]


def enc_Hypothesis(o: Hypothesis) -> list[Any]:
    return [o.id, o.text, o.line]


def enc_Evidence(o: Evidence) -> list[Any]:
    return [o.event, o.analyst, [enc_Rating(i) for i in o.ratings], o.source, o.by, (None if o.rated is None else o.rated.text), o.note, o.line]


def enc_Rating(o: Rating) -> list[Any]:
    return [o.hypothesis, o.value]


ENCODERS: dict[type, Callable[[Any], list[Any]]] = {Source: enc_Source, Archive: enc_Archive, Actor: enc_Actor, Membership: enc_Membership, System: enc_System, Event: enc_Event, Claim: enc_Claim, Relay: enc_Relay, Values: enc_Values, Quantity: enc_Quantity, Review: enc_Review, Anchor: enc_Anchor, ActorRole: enc_ActorRole, SystemUse: enc_SystemUse, Link: enc_Link, Hypothesis: enc_Hypothesis, Evidence: enc_Evidence, Rating: enc_Rating}


def decoders(
    bad: Callable[[], NoReturn],
    SPANS: dict[str, Span],
    span: Callable[[object], Span],
    day: Callable[[object], date],
    SOURCES: Container[str],
    ACTORS: Container[str],
    SYSTEMS: Container[str],
    EVENTS: Container[str],
    SHIFT: list[int],
) -> dict[str, Callable[[Any], Any]]:
    def dec_Source(v: Any) -> Source:
        if type(v) is not list or len(v) != 12:
            bad()
        v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11 = v
        return Source((v0 if type(v0) is str else bad()), (v1 if type(v1) is str else bad()), (v2 if type(v2) is str else bad()), (SPANS.get(v3) or span(v3)), (v4 if type(v4) is str else bad()), (v5 if type(v5) is str else bad()), (tuple(v6) if type(v6) is list and (all([type(i) is str for i in v6])) else bad()), (None if v7 is None else (v7 if type(v7) is str else bad())), (tuple(v8) if type(v8) is list and (all([type(i) is str and i in SOURCES for i in v8])) else bad()), (None if v9 is None else (v9 if type(v9) is str else bad())), (v10 + SHIFT[0] if type(v10) is int else bad()), (None if v11 is None else dec_Archive(v11)))

    def dec_Archive(v: Any) -> Archive:
        if type(v) is not list or len(v) != 5:
            bad()
        v0, v1, v2, v3, v4 = v
        return Archive((v0 if type(v0) is str else bad()), (None if v1 is None else (v1 if type(v1) is str else bad())), (None if v2 is None else (v2 if type(v2) is str else bad())), (None if v3 is None else (v3 if type(v3) is str else bad())), (None if v4 is None else (v4 if type(v4) is str else bad())))

    def dec_Actor(v: Any) -> Actor:
        if type(v) is not list or len(v) != 8:
            bad()
        v0, v1, v2, v3, v4, v5, v6, v7 = v
        return Actor((v0 if type(v0) is str else bad()), (v1 if type(v1) is str else bad()), (v2 if type(v2) is str else bad()), (tuple(v3) if type(v3) is list and (all([type(i) is str for i in v3])) else bad()), (None if v4 is None else (v4 if type(v4) is str and v4 in ACTORS else bad())), (None if v5 is None else (v5 if type(v5) is str else bad())), (tuple([dec_Membership(i) for i in v6]) if type(v6) is list else bad()), (v7 + SHIFT[0] if type(v7) is int else bad()))

    def dec_Membership(v: Any) -> Membership:
        if type(v) is not list or len(v) != 3:
            bad()
        v0, v1, v2 = v
        return Membership((v0 if type(v0) is str and v0 in ACTORS else bad()), (None if v1 is None else (SPANS.get(v1) or span(v1))), (None if v2 is None else (SPANS.get(v2) or span(v2))))

    def dec_System(v: Any) -> System:
        if type(v) is not list or len(v) != 6:
            bad()
        v0, v1, v2, v3, v4, v5 = v
        return System((v0 if type(v0) is str else bad()), (v1 if type(v1) is str else bad()), (v2 if type(v2) is str else bad()), (tuple(v3) if type(v3) is list and (all([type(i) is str for i in v3])) else bad()), (None if v4 is None else (v4 if type(v4) is str else bad())), (v5 + SHIFT[0] if type(v5) is int else bad()))

    def dec_Event(v: Any) -> Event:
        if type(v) is not list or len(v) != 15:
            bad()
        v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14 = v
        return Event((v0 if type(v0) is str else bad()), (SPANS.get(v1) or span(v1)), (v2 if type(v2) is str else bad()), (v3 if type(v3) is str else bad()), (tuple([dec_Claim(i) for i in v4]) if type(v4) is list else bad()), (None if v5 is None else (v5 if type(v5) is str else bad())), (tuple([dec_ActorRole(i) for i in v6]) if type(v6) is list else bad()), (tuple([dec_SystemUse(i) for i in v7]) if type(v7) is list else bad()), (tuple(v8) if type(v8) is list and (all([type(i) is str for i in v8])) else bad()), (None if v9 is None else (v9 if type(v9) is str else bad())), (tuple([dec_Link(i) for i in v10]) if type(v10) is list else bad()), (tuple([dec_Review(i) for i in v11]) if type(v11) is list else bad()), (v12 + SHIFT[0] if type(v12) is int else bad()), (tuple([dec_Hypothesis(i) for i in v13]) if type(v13) is list else bad()), (tuple([dec_Evidence(i) for i in v14]) if type(v14) is list else bad()))

    def dec_Claim(v: Any) -> Claim:
        if type(v) is not list or len(v) != 19:
            bad()
        v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15, v16, v17, v18 = v
        return Claim((v0 if type(v0) is str and v0 in SOURCES else bad()), (v1 if type(v1) is str else bad()), (v2 if type(v2) is str else bad()), (SPANS.get(v3) or span(v3)), (None if v4 is None else (v4 if type(v4) is str and v4 in ACTORS else bad())), (None if v5 is None else (v5 if type(v5) is str else bad())), (v6 if type(v6) is bool else bad()), (tuple([dec_Relay(i) for i in v7]) if type(v7) is list else bad()), (v8 if type(v8) is bool else bad()), (None if v9 is None else dec_Values(v9)), (None if v10 is None else (v10 if type(v10) is str else bad())), (v11 if type(v11) is bool else bad()), (None if v12 is None else (v12 if type(v12) is str else bad())), (None if v13 is None else (v13 if type(v13) is str else bad())), (tuple([dec_Review(i) for i in v14]) if type(v14) is list else bad()), (None if v15 is None else dec_Anchor(v15)), (v16 + SHIFT[0] if type(v16) is int else bad()), (None if v17 is None else (v17 if type(v17) is str else bad())), (None if v18 is None else (v18 if type(v18) is str else bad())))

    def dec_Relay(v: Any) -> Relay:
        if type(v) is not list or len(v) != 3:
            bad()
        v0, v1, v2 = v
        return Relay((None if v0 is None else (v0 if type(v0) is str and v0 in SOURCES else bad())), (None if v1 is None else (v1 if type(v1) is str and v1 in ACTORS else bad())), (None if v2 is None else (v2 if type(v2) is str else bad())))

    def dec_Values(v: Any) -> Values:
        if type(v) is not list or len(v) != 6:
            bad()
        v0, v1, v2, v3, v4, v5 = v
        return Values((tuple([dec_Quantity(i) for i in v0]) if type(v0) is list else bad()), (tuple(v1) if type(v1) is list and (all([type(i) is str and i in SYSTEMS for i in v1])) else bad()), (None if v2 is None else (v2 if type(v2) is str else bad())), (None if v3 is None else (SPANS.get(v3) or span(v3))), (None if v4 is None else (v4 if type(v4) is str else bad())), (None if v5 is None else (v5 if type(v5) is str else bad())))

    def dec_Quantity(v: Any) -> Quantity:
        if type(v) is not list or len(v) != 8:
            bad()
        v0, v1, v2, v3, v4, v5, v6, v7 = v
        return Quantity((v0 if type(v0) is str else bad()), (v1 if type(v1) is int else bad()), (None if v2 is None else (v2 if type(v2) is int else bad())), (v3 if type(v3) is bool else bad()), (None if v4 is None else (v4 if type(v4) is str else bad())), (None if v5 is None else (v5 if type(v5) is str and v5 in SYSTEMS else bad())), (v6 if type(v6) is bool else bad()), (None if v7 is None else (v7 if type(v7) is str else bad())))

    def dec_Review(v: Any) -> Review:
        if type(v) is not list or len(v) != 6:
            bad()
        v0, v1, v2, v3, v4, v5 = v
        return Review((v0 if type(v0) is str else bad()), (v1 if type(v1) is str else bad()), (SPANS.get(v2) or span(v2)), (None if v3 is None else (v3 if type(v3) is str else bad())), (None if v4 is None else (v4 if type(v4) is str else bad())), (v5 + SHIFT[0] if type(v5) is int else bad()))

    def dec_Anchor(v: Any) -> Anchor:
        if type(v) is not list or len(v) != 6:
            bad()
        v0, v1, v2, v3, v4, v5 = v
        return Anchor((v0 if type(v0) is str else bad()), (v1 if type(v1) is int else bad()), (v2 if type(v2) is int else bad()), (v3 if type(v3) is str else bad()), (v4 if type(v4) is str else bad()), (v5 if type(v5) is str else bad()))

    def dec_ActorRole(v: Any) -> ActorRole:
        if type(v) is not list or len(v) != 2:
            bad()
        v0, v1 = v
        return ActorRole((v0 if type(v0) is str and v0 in ACTORS else bad()), (v1 if type(v1) is str else bad()))

    def dec_SystemUse(v: Any) -> SystemUse:
        if type(v) is not list or len(v) != 2:
            bad()
        v0, v1 = v
        return SystemUse((v0 if type(v0) is str and v0 in SYSTEMS else bad()), (None if v1 is None else dec_Quantity(v1)))

    def dec_Link(v: Any) -> Link:
        if type(v) is not list or len(v) != 2:
            bad()
        v0, v1 = v
        return Link((v0 if type(v0) is str else bad()), (v1 if type(v1) is str and v1 in EVENTS else bad()))

    def dec_Hypothesis(v: Any) -> Hypothesis:
        if type(v) is not list or len(v) != 3:
            bad()
        v0, v1, v2 = v
        return Hypothesis((v0 if type(v0) is str else bad()), (v1 if type(v1) is str else bad()), (v2 + SHIFT[0] if type(v2) is int else bad()))

    def dec_Evidence(v: Any) -> Evidence:
        if type(v) is not list or len(v) != 8:
            bad()
        v0, v1, v2, v3, v4, v5, v6, v7 = v
        return Evidence((v0 if type(v0) is str and v0 in EVENTS else bad()), (v1 if type(v1) is str else bad()), (tuple([dec_Rating(i) for i in v2]) if type(v2) is list else bad()), (None if v3 is None else (v3 if type(v3) is str and v3 in SOURCES else bad())), (None if v4 is None else (v4 if type(v4) is str and v4 in ACTORS else bad())), (None if v5 is None else (SPANS.get(v5) or span(v5))), (None if v6 is None else (v6 if type(v6) is str else bad())), (v7 + SHIFT[0] if type(v7) is int else bad()))

    def dec_Rating(v: Any) -> Rating:
        if type(v) is not list or len(v) != 2:
            bad()
        v0, v1 = v
        return Rating((v0 if type(v0) is str else bad()), (v1 if type(v1) is str else bad()))

    return {"Source": dec_Source, "Archive": dec_Archive, "Actor": dec_Actor, "Membership": dec_Membership, "System": dec_System, "Event": dec_Event, "Claim": dec_Claim, "Relay": dec_Relay, "Values": dec_Values, "Quantity": dec_Quantity, "Review": dec_Review, "Anchor": dec_Anchor, "ActorRole": dec_ActorRole, "SystemUse": dec_SystemUse, "Link": dec_Link, "Hypothesis": dec_Hypothesis, "Evidence": dec_Evidence, "Rating": dec_Rating}
