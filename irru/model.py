"""The event log as frozen, typed dataclasses.

Nothing here reads files or writes to a terminal. ``line`` fields record where an object starts in the log
(1-based), so later messages can point at it; they take no part in equality.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from .dates import Span

# Closed vocabularies, each value with its meaning (docs/format.md lists the same; a test keeps them in sync).
SOURCE_KINDS: dict[str, str] = {
    "news": "a news outlet's own reporting",
    "wire": "a news agency's report (Reuters, AP, AFP), often relayed by others",
    "analysis": "a think-tank or expert analysis",
    "op-ed": "an opinion piece",
    "official-statement": "a government's or organisation's own statement, readout, press conference or decree",
    "intelligence-assessment": "an intelligence service's published assessment or disclosure",
    "state-media": "media owned or directed by a state (TASS, IRNA, Tasnim)",
    "blog": "a personal or unaffiliated blog or newsletter",
    "social-media": "a post on a social network",
    "reference": "an encyclopedia or reference work",
}
GRADES: dict[str, str] = {
    "A": "completely reliable: no doubt of authenticity, trustworthiness or competency",
    "B": "usually reliable: minor doubts, a history of mostly valid information",
    "C": "fairly reliable: doubts, but has provided valid information before",
    "D": "not usually reliable: significant doubts",
    "E": "unreliable: a history of invalid information",
    "F": "reliability cannot be judged",
}
ACTOR_KINDS: dict[str, str] = {
    "state": "a country as a whole",
    "government": "a government body: ministry, council, agency, diplomatic mission, office",
    "armed-force": "a military or security force (IRGC, Russian MoD's forces)",
    "organisation": "an international or intergovernmental organisation (UN Security Council, EU, EAEU)",
    "company": "a company, state-owned or private (Rosoboronexport, Iran Air)",
    "person": "a named person",
    "group": "a non-state armed or political group (Hamas, the Houthis)",
    "institute": "a think tank, university or research institute",
    "media": "a news outlet or its staff",
}
OFFICIAL_KINDS = frozenset({"state", "government", "armed-force", "organisation"})
SYSTEM_CATEGORIES: dict[str, str] = {
    "ballistic-missile": "ballistic missiles, from close-range to medium-range",
    "cruise-missile": "cruise missiles",
    "drone": "uncrewed aerial vehicles, including loitering munitions",
    "combat-aircraft": "fighter and attack aircraft",
    "trainer-aircraft": "training and light combat aircraft",
    "helicopter": "helicopters",
    "air-defence": "surface-to-air missile systems",
    "radar": "radars and sensors",
    "munitions": "shells, ammunition and other munitions",
    "satellite": "satellites",
    "launch-vehicle": "space launch vehicles",
    "other": "anything else",
}
EVENT_TYPES: dict[str, str] = {
    "delivery": "weapons, equipment or technology handed over (or said to be)",
    "contract": "a purchase or supply contract signed",
    "promise": "a transfer announced or promised, not yet delivered",
    "production": "help to build or licence production (a drone plant)",
    "training": "one side's personnel trained by or in the other",
    "agreement": "a non-arms agreement, memorandum or deal",
    "treaty": "an interstate treaty signed, ratified or in force",
    "negotiation": "talks, visits and meetings",
    "sanction": "sanctions or embargoes imposed, lifted or expiring",
    "statement": "a public statement or remark that is itself the news",
    "strike": "a military attack",
    "launch": "a space launch",
    "trade": "a trade figure",
    "context": "background the story needs (the invasion of Ukraine, the Gaza war)",
}
ROLES: dict[str, str] = {
    "supplier": "sends weapons, goods or technology",
    "recipient": "receives them",
    "signatory": "signs an agreement, contract or treaty",
    "party": "takes part (talks, meetings), no direction",
    "sanctioner": "imposes or lifts a sanction",
    "target": "is sanctioned, attacked or criticised",
    "attacker": "carries out a strike",
    "host": "hosts a meeting or a launch",
}
LINK_RELATIONS: dict[str, str] = {
    "follows": "a later step of the same deal or story",
    "fulfils": "a delivery fulfilling a promise or contract",
    "responds-to": "a sanction, denial or strike reacting to the linked event",
}
STANCES: dict[str, str] = {
    "asserts": "says it happened (or is true), as a reporter or first-hand",
    "confirms": "an authority confirms a report made by others",
    "denies": "says it did not happen",
    "hedges": "a partial or qualified denial ('possible in the past, not since I took office')",
    "declines-to-confirm": "says it cannot or has not confirmed it ('we have not seen confirmation')",
    "predicts": "says it will happen",
}
STATUSES: dict[str, str] = {
    "delivered": "the promised items arrived",
    "partly-delivered": "some of them arrived",
    "not-delivered": "none had arrived when the claim was made",
    "cancelled": "the deal was called off",
}
AFFIRMING = frozenset({"asserts", "confirms"})
QUANTITY = re.compile(r"(~)?([0-9]+)(\+)?|([0-9]+)-([0-9]+)")  # ASCII digits only: not Arabic-Indic, not fullwidth


@dataclass(frozen=True, slots=True)
class Quantity:
    """``400`` exact, ``~400`` about, ``200+`` at least, ``200-220`` between. ``high`` None: unbounded."""

    text: str
    low: int
    high: int | None
    approximate: bool = False

    def __str__(self) -> str:
        return self.text


def parse_quantity(text: str) -> Quantity:
    """``400`` exact, ``~400`` about, ``200+`` at least, ``200-220`` between; ValueError says what is wrong."""
    m = QUANTITY.fullmatch(text.replace(" ", ""))
    if not m and any(ch.isdigit() and not ch.isascii() for ch in text):
        ch = next(ch for ch in text if ch.isdigit() and not ch.isascii())
        raise ValueError(f"digits must be ASCII 0-9, not '{ch}' (U+{ord(ch):04X})")
    if not m:
        raise ValueError("write 400 (exact), ~400 (about), 200+ (at least) or 200-220")
    approx, n, plus, lo, hi = m.groups()
    if lo is not None:
        if int(lo) > int(hi):
            raise ValueError("the range starts above its end")
        return Quantity(text, int(lo), int(hi))
    if approx and plus:
        raise ValueError("use either ~ (about) or + (at least), not both")
    return Quantity(text, int(n), None if plus else int(n), approximate=bool(approx))


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    title: str
    publisher: str
    published: Span
    kind: str
    grade: str
    authors: tuple[str, ...] = ()
    url: str | None = None
    cites: tuple[str, ...] = ()
    note: str | None = None
    line: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Actor:
    id: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    part_of: str | None = None
    note: str | None = None
    line: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class System:
    id: str
    name: str
    category: str
    aliases: tuple[str, ...] = ()
    note: str | None = None
    line: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class ActorRole:
    actor: str
    role: str


@dataclass(frozen=True, slots=True)
class SystemUse:
    system: str
    quantity: Quantity | None = None


@dataclass(frozen=True, slots=True)
class Link:
    rel: str
    event: str


@dataclass(frozen=True, slots=True)
class Values:
    quantity: Quantity | None = None
    systems: tuple[str, ...] = ()
    route: str | None = None
    date: Span | None = None
    amount: str | None = None
    status: str | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    source: str
    stance: str
    text: str
    date: Span  # when it was said; the source's publication date when the log gives none
    by: str | None = None
    speaker: str | None = None
    anonymous: bool = False
    via: str | None = None
    quoted: bool = False
    values: Values | None = None
    note: str | None = None
    dated: bool = False  # True when the log gives the claim its own date
    line: int = field(default=0, compare=False)

    @property
    def original_source(self) -> str:
        """The source this claim first appeared in: the relayed source, else its own."""
        return self.via or self.source


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    date: Span
    title: str
    type: str
    claims: tuple[Claim, ...]
    story: str | None = None
    actors: tuple[ActorRole, ...] = ()
    systems: tuple[SystemUse, ...] = ()
    tags: tuple[str, ...] = ()
    summary: str | None = None
    links: tuple[Link, ...] = ()
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Log:
    """A whole, valid log. ``events`` keep file order; lookups are by id."""

    path: str
    schema: int
    sources: dict[str, Source]
    actors: dict[str, Actor]
    systems: dict[str, System]
    events: tuple[Event, ...]

    @cached_property
    def events_by_id(self) -> dict[str, Event]:
        return {e.id: e for e in self.events}

    def lineage(self, actor_id: str) -> Iterator[Actor]:
        """The actor, then what it is part of, up to the top (the loader guarantees no cycles)."""
        current: str | None = actor_id
        while current is not None:
            actor = self.actors[current]
            yield actor
            current = actor.part_of

    @cached_property
    def _tops(self) -> dict[str, tuple[str, bool]]:
        """For each actor: the top of its lineage and whether any actor in it is official. Each actor is resolved
        once (a chain of thousands of actors costs linear time, not quadratic)."""
        out: dict[str, tuple[str, bool]] = {}
        for start in self.actors:
            chain = []
            current: str | None = start
            while current is not None and current not in out:
                chain.append(current)
                current = self.actors[current].part_of
            top, official = out[current] if current is not None else (chain[-1], False)
            for a in reversed(chain):
                official = official or self.actors[a].kind in OFFICIAL_KINDS
                out[a] = (top, official)
        return out

    def is_official(self, actor_id: str) -> bool:
        return self._tops[actor_id][1]

    def top(self, actor_id: str) -> Actor:
        return self.actors[self._tops[actor_id][0]]

    @cached_property
    def parts(self) -> Mapping[str, frozenset[str]]:
        """For each actor, itself and every actor that is (transitively) part of it; computed for an actor when
        first asked (a deep hierarchy would make the whole table quadratic)."""
        return _Parts(self.actors)

    def speaker_label(self, claim: Claim) -> str:
        """Who speaks, for people: 'John Kirby', 'anonymous US officials (United States)', 'Reuters'."""
        name = self.actors[claim.by].name if claim.by else None
        if claim.speaker and name:
            return f"{claim.speaker} ({name})"
        if claim.speaker or name:
            return claim.speaker or name or ""
        source = self.sources[claim.source]
        return ", ".join(source.authors) + f" ({source.publisher})" if source.authors else source.publisher


class _Parts(Mapping[str, frozenset[str]]):
    """``parts[a]``: a and everything under it, by a walk down from a, remembered once asked."""

    def __init__(self, actors: Mapping[str, Actor]) -> None:
        self.actors = actors
        self.children: dict[str, list[str]] = {}
        for a in actors.values():
            if a.part_of is not None:
                self.children.setdefault(a.part_of, []).append(a.id)
        self.memo: dict[str, frozenset[str]] = {}

    def __getitem__(self, actor_id: str) -> frozenset[str]:
        if actor_id not in self.actors:
            raise KeyError(actor_id)
        if actor_id not in self.memo:
            found = {actor_id}
            todo = [actor_id]
            while todo:
                for child in self.children.get(todo.pop(), ()):
                    if child not in found:
                        found.add(child)
                        todo.append(child)
            self.memo[actor_id] = frozenset(found)
        return self.memo[actor_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self.actors)

    def __len__(self) -> int:
        return len(self.actors)
