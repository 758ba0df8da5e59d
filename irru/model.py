"""The event log as frozen, typed dataclasses.

Nothing here reads files or writes to a terminal. ``line`` fields record where an object starts in the log
(1-based), so later messages can point at it; they take no part in equality.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
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
    "dataset": "a version of a dataset or register (SIPRI, ACLED, UCDP), as irru import records it",
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
    "artillery": "guns and howitzers, towed or self-propelled",
    "rocket-artillery": "multiple rocket launchers (MLRS) and their rockets",
    "armoured-vehicle": "tanks, infantry fighting vehicles, armoured personnel carriers",
    "small-arms": "rifles, machine guns and their ammunition",
    "naval-vessel": "warships, submarines and naval boats",
    "transport-aircraft": "military transport and cargo aircraft",
    "components": "parts, electronics, machine tools and dual-use goods for weapons",
    "other": "anything else",
}
EVENT_TYPES: dict[str, str] = {
    "delivery": "weapons, equipment or technology handed over (or said to be)",
    "contract": "a purchase or supply contract signed",
    "promise": "a transfer announced or promised, not yet delivered",
    "production": "help to build or licence production (a drone plant)",
    "training": "one side's personnel trained by or in the other",
    "deployment": "troops, advisers, workers or other personnel sent by one side to or for the other",
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
    "speaker": "makes the statement a `statement` event records",
}
LINK_RELATIONS: dict[str, str] = {
    "follows": "a later step of the same deal or story",
    "fulfils": "a delivery fulfilling a promise or contract",
    "responds-to": "a sanction, denial or strike reacting to the linked event",
    "same-as": "the same event, recorded twice (one shipment reported under two entries)",
}
STANCES: dict[str, str] = {
    "asserts": "says it happened (or is true), as a reporter or first-hand",
    "confirms": "an authority confirms a report made by others",
    "denies": "says it did not happen",
    "hedges": "a partial or qualified denial ('possible in the past, not since I took office')",
    "declines-to-confirm": "says it cannot or has not confirmed it ('we have not seen confirmation')",
    "predicts": "says it will happen",
}
# What a claim's `values.status` may say became of a promise (docs/format.md); not the ledger's PROMISE_STATUSES.
OUTCOME_STATUSES: dict[str, str] = {
    "delivered": "the promised items arrived",
    "partly-delivered": "some of them arrived",
    "not-delivered": "none had arrived when the claim was made",
    "cancelled": "the deal was called off",
}
AFFIRMING = frozenset({"asserts", "confirms"})
# How a claim's words became known (schema 2, ``known_from``); absent: as the claim's other fields say (a named
# speaker is on the record, an anonymous one is not).
KNOWN_FROM: dict[str, str] = {
    "public": "a public statement, publication, press conference or post: on the record",
    "interview": "an interview given to a named outlet: on the record",
    "leaked": "a leaked document or recording, not meant to be published: the speaker did not say it on the record",
    "private": "a private or closed-door remark, known only from others who heard of it: not on the record",
}
OFF_RECORD = frozenset({"leaked", "private"})
# What a quantity counts over (schema 2, ``period``): a rate per day, week, month or year; any other value is an
# EDTF span the quantity is the total of ("2023-01/2024-07"). Quantities over different periods are not compared.
PERIODS: dict[str, str] = {
    "day": "per day",
    "week": "per week",
    "month": "per month",
    "year": "per year",
}
# Schema 2: how an analyst rates a piece of evidence against a hypothesis (Heuer's Analysis of Competing
# Hypotheses, docs/ach.md), each with the short code ACH tools write; the code is accepted in a log too.
RATINGS: dict[str, str] = {
    "very-consistent": "CC: strongly consistent with the hypothesis",
    "consistent": "C: consistent with the hypothesis",
    "neutral": "N: neither consistent nor inconsistent",
    "inconsistent": "I: inconsistent with the hypothesis",
    "very-inconsistent": "II: strongly inconsistent with the hypothesis",
    "not-applicable": "NA: does not bear on the hypothesis",
}
RATING_CODES: dict[str, str] = {"CC": "very-consistent", "C": "consistent", "N": "neutral", "I": "inconsistent"}
RATING_CODES |= {"II": "very-inconsistent", "NA": "not-applicable"}
# Review records (schema 2's `review:` on events and claims): who did what to a record, and the verdict.
REVIEW_ROLES: dict[str, str] = {
    "author": "wrote the record (or last changed what it says)",
    "reviewer": "checked the record against its sources",
}
VERDICTS: dict[str, str] = {
    "approved": "the reviewer checked it and it may be published",
    "needs-work": "the reviewer found something to fix before it is published",
    "rejected": "the reviewer found it should not be published",
}

# The ICD 203 scale of estimative language: key -> its words' probability range. A claim's likelihood is an
# assessment, never an on-record confirmation.
LIKELIHOODS: dict[str, str] = {
    "almost-no-chance": "01-05% (remote)",
    "very-unlikely": "05-20% (highly improbable)",
    "unlikely": "20-45% (improbable)",
    "roughly-even-chance": "45-55% (roughly even odds)",
    "likely": "55-80% (probable)",
    "very-likely": "80-95% (highly probable)",
    "almost-certainly": "95-99% (nearly certain)",
}
# ICD 203's paired terms, and common ways of writing the same word, mapped to the key a log uses.
LIKELIHOOD_SYNONYMS: dict[str, str] = {
    "remote": "almost-no-chance",
    "highly-improbable": "very-unlikely",
    "improbable": "unlikely",
    "roughly-even-odds": "roughly-even-chance",
    "even-chance": "roughly-even-chance",
    "probable": "likely",
    "probably": "likely",
    "highly-probable": "very-likely",
    "almost-certain": "almost-certainly",
    "nearly-certain": "almost-certainly",
}
ANALYTIC_CONFIDENCES: dict[str, str] = {
    "low": "the information is scant, questionable or fragmented",
    "moderate": "credibly sourced and plausible, but not corroborated enough for high confidence",
    "high": "high-quality information from multiple sources",
}
# What a quantity counts (schema 2). A log adds its own under top-level `units:`. A unit may be written in the
# singular (`1 launcher`): it is read as the plural listed here.
UNITS: dict[str, str] = {
    "troops": "soldiers",
    "personnel": "military or civilian staff, advisers, specialists",
    "workers": "labourers, engineers and other workers",
    "missiles": "missiles of any kind",
    "rockets": "unguided or guided artillery rockets",
    "shells": "artillery shells",
    "rounds": "rounds of ammunition of any calibre",
    "drones": "uncrewed aerial vehicles or loitering munitions",
    "launchers": "launchers: missile, rocket or drone",
    "guns": "artillery pieces: guns and howitzers",
    "vehicles": "vehicles of any kind",
    "tanks": "tanks",
    "aircraft": "aircraft",
    "helicopters": "helicopters",
    "ships": "ships and boats",
    "containers": "shipping containers",
    "wagons": "railway wagons",
    "tonnes": "metric tonnes",
    "USD": "US dollars",
    "EUR": "euros",
    "RUB": "Russian roubles",
}
LIKELIHOOD_STANCES = frozenset({"asserts", "predicts"})
QUANTITY = re.compile(r"(~)?([0-9]+)(\+)?|([0-9]+)-([0-9]+)")
# Schema 2: `400`, `~400`, `200+`, `200-220`, `~10,000-12,000`, `up to 500`, each with an optional unit after it.
_NUMBER = r"(?:[1-9][0-9]{0,2}(?:,[0-9]{3})+|[0-9]+)"
QUANTITY_2 = re.compile(
    rf"(?:(?P<upto>up to) +(?P<max>{_NUMBER})"
    rf"|(?P<approx>~) *(?P<alow>{_NUMBER})(?: *[-\u2013] *(?P<ahigh>{_NUMBER})|(?P<aplus>\+))?"
    rf"|(?P<low>{_NUMBER})(?: *[-\u2013] *(?P<high>{_NUMBER})|(?P<plus>\+))?)"
    r"(?: +(?P<unit>[A-Za-z][A-Za-z-]*))?"
)
UNIT_WORD = re.compile(r"[A-Za-z][A-Za-z-]*")
MAX_DIGITS = 15
QUANTITY_FORMS = (
    "400 (exact), ~400 (about), 200+ (at least), up to 500, 200-220 or ~10,000-12,000, then a unit: 120 launchers"
)


class QuantityError(ValueError):
    """A quantity that cannot be read; the message says why and what is accepted."""


@dataclass(frozen=True, slots=True)
class Quantity:
    """A counted number as an interval [low, high] (``high`` None: unbounded above).

    ``400`` exact, ``~400`` about, ``200+`` at least, ``up to 500`` (``up_to``: low 0), ``200-220`` between,
    ``~10,000-12,000`` about between. ``text`` is as written; ``unit`` the counted noun (its vocabulary form);
    ``system`` the system id it counts, if any.
    """

    text: str
    low: int
    high: int | None
    approximate: bool = False
    unit: str | None = None
    system: str | None = None
    up_to: bool = False
    period: str | None = None  # a PERIODS key (a rate), or an EDTF span it is the total of; None: not said

    def __str__(self) -> str:
        return self.text

    @property
    def period_words(self) -> str | None:
        """``per month``; ``over Jan 2023 – Jul 2024`` for a total over a span; None when no period is given."""
        if self.period is None:
            return None
        if self.period in PERIODS:
            return PERIODS[self.period]
        from .dates import parse_edtf

        return "over " + parse_edtf(self.period).label()

    @property
    def canonical(self) -> str:
        """The quantity as schema 2 writes it: ``~10,000-12,000 troops``, ``up to 500``, ``3,000+ shells``."""
        return render_quantity(self)

    @property
    def one(self) -> bool:
        """The number written is one (``1``, ``~1``, ``up to 1``): the unit reads in the singular."""
        return self.high == 1 and (self.low == 1 or self.up_to)

    @property
    def unit_words(self) -> str | None:
        """The unit as it reads after this number: ``1 year`` but ``2 years`` and ``1+ years``."""
        if self.unit is None:
            return None
        from .hints import singular

        return singular(self.unit) if self.one else self.unit

    @property
    def label(self) -> str:
        """The quantity for display: as written, with the unit in the number's form (``1 years`` reads
        ``1 year``; ``2 year`` reads ``2 years``)."""
        if self.unit is None or " " not in self.text.strip():
            return self.text
        body = self.text.strip()
        return f"{body[: body.rfind(' ')]} {self.unit_words}"


def _int(text: str) -> int:
    digits = text.replace(",", "")
    if len(digits.lstrip("0")) > MAX_DIGITS:
        raise QuantityError(f"numbers have at most {MAX_DIGITS} digits")
    return int(digits)


def _grouped(n: int) -> str:
    return f"{n:,}"


def render_quantity(q: Quantity) -> str:
    """Canonical schema-2 text of a quantity (``parse_quantity(render_quantity(q), schema=2)`` reads it back)."""
    if q.up_to:
        body = f"up to {_grouped(q.high or 0)}"
    elif q.high is None:
        body = f"{_grouped(q.low)}+"
    elif q.high != q.low:
        body = f"{'~' if q.approximate else ''}{_grouped(q.low)}-{_grouped(q.high)}"
    else:
        body = f"{'~' if q.approximate else ''}{_grouped(q.low)}"
    return f"{body} {q.unit_words}" if q.unit else body


def unit_key(word: str, units: Mapping[str, str] | None) -> str | None:
    """The vocabulary form of a unit as written (``launcher`` -> ``launchers``, ``entity`` -> ``entities``), or
    None when unknown.
    ``units`` None accepts any word as written (a cached log, already checked)."""
    if units is None or word in units:
        return word
    if word + "s" in units:
        return word + "s"
    from .hints import singular

    return next((u for u in units if singular(u) == word), None)  # entity -> entities, box -> boxes


def parse_quantity(
    text: str, *, schema: int = 1, units: Mapping[str, str] | None = UNITS, system: str | None = None
) -> Quantity:
    """Read a quantity as written in a log of the given schema; :class:`QuantityError` says what is wrong.

    Schema 1: ``400``, ``~400``, ``200+``, ``200-220`` (spaces ignored), no unit. Schema 2 adds thousands
    separators, ``up to N``, approximate ranges and a unit (see docs/format.md). Only ASCII digits are numbers.
    """
    if schema == 1:
        m = QUANTITY.fullmatch(text.replace(" ", ""))
        if not m:
            forms = "write 400 (exact), ~400 (about), 200+ (at least) or 200-220"
            if any(ch.isdigit() and not ch.isascii() for ch in text):
                raise QuantityError(f"only the ASCII digits 0-9 are numbers; {forms}")
            raise QuantityError(forms)
        approx, n, plus, lo, hi = m.groups()
        if lo is not None:
            if _int(lo) > _int(hi):
                raise QuantityError("the range starts above its end")
            return Quantity(text, _int(lo), _int(hi), system=system)
        if approx and plus:
            raise QuantityError("use either ~ (about) or + (at least), not both")
        return Quantity(text, _int(n), None if plus else _int(n), approximate=bool(approx), system=system)
    m = QUANTITY_2.fullmatch(text.strip())
    if not m:
        raise QuantityError(_quantity_hint(text))
    g = m.groupdict()
    if g["aplus"]:
        raise QuantityError("use either ~ (about) or + (at least), not both")
    unit = None
    if g["unit"] is not None:
        unit = unit_key(g["unit"], units)
        if unit is None:
            from .hints import did_you_mean

            hint = did_you_mean(g["unit"], units or ()) or "; add it to the log's top-level 'units:' list"
            raise QuantityError(f"unknown unit '{g['unit']}'{hint}")
    for part in (g["max"], g["alow"], g["ahigh"], g["low"], g["high"]):
        if part is not None and len(part) > 1 and part[0] == "0":
            raise QuantityError(
                f"'{part}' starts with 0; if it is the end of a number like 10,000 inside [ ] or {{ }}, quote the quantity: \"10,000\""
            )
    if g["upto"]:
        return Quantity(text, 0, _int(g["max"]), unit=unit, system=system, up_to=True)
    approx = g["approx"] is not None
    lo_text = g["alow"] if approx else g["low"]
    hi_text = g["ahigh"] if approx else g["high"]
    low = _int(lo_text)
    if hi_text is not None:
        high = _int(hi_text)
        if low > high:
            raise QuantityError("the range starts above its end")
        return Quantity(text, low, high, approximate=approx, unit=unit, system=system)
    return Quantity(text, low, None if g["plus"] else low, approximate=approx, unit=unit, system=system)


def _quantity_hint(text: str) -> str:
    t = text.strip()
    if re.search(r"[^\x00-\x7f]", t) and re.search(r"\d", t):
        return f"only the ASCII digits 0-9 are numbers; write {QUANTITY_FORMS}"
    if t.startswith(("<", "\u2264")):
        return "write an upper bound as 'up to 500'"
    if t.startswith(">"):
        return "write a lower bound as '500+'"
    if re.fullmatch(r"[0-9,]+(?:\.[0-9]+)?(?: +\S+)*", t) and "." in t:
        return "quantities are whole numbers: write 1,500,000 rather than 1.5 (million)"
    words = t.lower()
    if words.startswith(("about ", "around ", "approximately ", "some ", "roughly ")):
        return "write an approximate number as '~400'"
    if words.startswith(("at least ", "more than ", "over ")):
        return "write a lower bound as '400+'"
    if words.startswith(("at most ", "no more than ", "fewer than ", "less than ", "under ")):
        return "write an upper bound as 'up to 500'"
    if re.match(r"(hundreds|thousands|millions)\b", words):
        return "write a lower bound: hundreds as 200+, thousands as 2,000+, millions as 2,000,000+"
    return f"write {QUANTITY_FORMS}"


@dataclass(frozen=True, slots=True)
class Archive:
    """Where a copy of a source is kept, and the proof it is the page that was read (docs/format.md)."""

    accessed: str  # when irru (or a curator) fetched the page: ISO 8601 UTC, 2024-02-21T10:00:00Z
    url: str | None = None  # an archived copy (the Wayback Machine's, or another archive's)
    archived: str | None = None  # when that copy was made, ISO 8601 UTC
    sha256: str | None = None  # of the captured bytes
    capture: str | None = None  # the local capture, relative to the log's directory


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
    archive: Archive | None = None


@dataclass(frozen=True, slots=True)
class Membership:
    """Being part of another actor, from ``start`` (None: always) until ``end`` (None: still).

    It holds on the days from the earliest day of ``start`` up to, not including, the earliest day of ``end``
    (``until`` is when it ended, so a successor's ``from`` can be the same date).
    """

    actor: str
    start: Span | None = None
    end: Span | None = None

    def holds_on(self, day: date) -> bool:
        first = _day(self.start)
        stop = _day(self.end)
        return (first is None or first <= day) and (stop is None or day < stop)


def _day(span: Span | None) -> date | None:
    if span is None:
        return None
    return span.earliest or span.latest


@dataclass(frozen=True, slots=True)
class Actor:
    id: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    part_of: str | None = None  # the current parent: the membership with no end (schema 1: the only one)
    note: str | None = None
    memberships: tuple[Membership, ...] = ()  # in file order; schema 1's `part_of: X` is one undated membership
    line: int = field(default=0, compare=False)

    @property
    def dated(self) -> bool:
        """Whether what it is part of can differ from one day to another (and from "now"): any memberships but
        a single undated one, which is its ``part_of`` on every day."""
        if not self.memberships:
            return False
        if len(self.memberships) > 1:
            return True
        m = self.memberships[0]
        return m.start is not None or m.end is not None or m.actor != self.part_of


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
    quantities: tuple[Quantity, ...] = ()
    systems: tuple[str, ...] = ()
    route: str | None = None
    date: Span | None = None
    amount: str | None = None
    status: str | None = None

    @property
    def quantity(self) -> Quantity | None:
        """The first quantity (schema 1 has only one), or None."""
        return self.quantities[0] if self.quantities else None


@dataclass(frozen=True, slots=True)
class Relay:
    """One hop a claim came through: a source, an actor, or an intermediary described in words (an actor
    may be narrowed by a description: a lawmaker, 'after a closed-door briefing')."""

    source: str | None = None
    actor: str | None = None
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where a quoted claim's words stand in one capture of its source (irru.anchor): the words as the capture
    has them, some text either side, their character offsets in the capture's text, and the capture's SHA-256."""

    exact: str
    start: int
    end: int
    sha256: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True, slots=True)
class Review:
    """One entry of a record's review trail: who, in which role, on which day, with what verdict."""

    who: str  # a curator's name or handle, as the team writes it (not an actor of the log)
    role: str  # REVIEW_ROLES
    date: Span  # the day of the review, never in the future
    verdict: str | None = None  # VERDICTS; a reviewer gives one, an author none
    note: str | None = None
    line: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Claim:
    source: str
    stance: str
    text: str
    date: Span  # when it was said; the source's publication date when the log gives none
    by: str | None = None
    speaker: str | None = None
    anonymous: bool = False
    relays: tuple[Relay, ...] = ()  # nearest first: the source heard it from relays[0], who had it from relays[1]…
    quoted: bool = False
    values: Values | None = None
    note: str | None = None
    dated: bool = False  # True when the log gives the claim its own date
    likelihood: str | None = None  # an ICD 203 key (LIKELIHOODS): the claim is an assessment
    analytic_confidence: str | None = None  # low | moderate | high, as the source gives it
    reviews: tuple[Review, ...] = ()  # schema 2's `review:` trail, in file order
    anchor: Anchor | None = None  # schema 2: where a quote stands in its source's capture
    line: int = field(default=0, compare=False)
    upstream: str | None = None  # schema 2: the dataset's own key of the row this claim records (irru import)
    known_from: str | None = None  # KNOWN_FROM: how the words became known (public, interview, leaked, private)

    @property
    def on_record(self) -> bool:
        """Said on the record: not anonymous, and not known only from a leak or a private remark (``known_from``).
        Only such a claim can confirm for an official, deny with full weight, or be its speaker's statement."""
        return not self.anonymous and self.known_from not in OFF_RECORD

    @property
    def hearsay(self) -> bool:
        """Known only through others (anonymous, or a private remark reported by others): it never counts as
        reporting on the record. A leaked document does: its source published the document itself."""
        return self.anonymous or self.known_from == "private"

    @property
    def via(self) -> str | None:
        """The nearest relayed source (schema 1's ``via``), or None."""
        for r in self.relays:
            if r.source is not None:
                return r.source
        return None

    @property
    def original_source(self) -> str:
        """The farthest source this claim itself says it relays, else its own. Independence follows the relayed
        sources' own relays too, and takes a speaker's statement as the original: :func:`irru.trace.origins`."""
        for r in reversed(self.relays):
            if r.source is not None:
                return r.source
        return self.source

    @property
    def is_assessment(self) -> bool:
        """An estimate in estimative language (a likelihood or an analytic confidence), not a statement of fact."""
        return self.likelihood is not None or self.analytic_confidence is not None


@dataclass(frozen=True, slots=True)
class Hypothesis:
    """One of the competing explanations an analysis weighs (schema 2, an event's ``hypotheses``)."""

    id: str
    text: str
    line: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Rating:
    hypothesis: str  # a Hypothesis id of the same event
    value: str  # a RATINGS key


@dataclass(frozen=True, slots=True)
class Evidence:
    """One analyst's ratings of one piece of evidence against the hypotheses (schema 2, an event's ``evidence``).

    The evidence is a claim (``event`` + ``source``, narrowed by ``by`` where the source has several claims there)
    or, without ``source``, an event as a whole. ``rated`` is when the analyst rated it (a record, not a filter).
    """

    event: str
    analyst: str
    ratings: tuple[Rating, ...]
    source: str | None = None
    by: str | None = None
    rated: Span | None = None
    note: str | None = None
    line: int = field(default=0, compare=False)


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
    reviews: tuple[Review, ...] = ()  # schema 2's `review:` trail, in file order
    line: int = field(default=0, compare=False)
    hypotheses: tuple[Hypothesis, ...] = ()  # schema 2: an analysis of competing hypotheses anchored here
    evidence: tuple[Evidence, ...] = ()  # its ratings (docs/ach.md)

    @property
    def is_statement(self) -> bool:
        """A `statement` event: what is news is that something was said, not what was said."""
        return self.type == "statement"


_NEVER: frozenset[str] = frozenset()  # climb to the top


@dataclass(frozen=True)
class Log:
    """A whole, valid log. ``events`` keep file order; lookups are by id."""

    path: str
    schema: int
    sources: dict[str, Source]
    actors: dict[str, Actor]
    systems: dict[str, System]
    events: tuple[Event, ...]
    units: tuple[str, ...] = ()  # schema 2: the units this log adds to UNITS
    # A workspace (``include:``): each file's name and line offset; record lines are numbered through all files.
    files: tuple[tuple[str, int], ...] = field(default=(), compare=False)

    @cached_property
    def events_by_id(self) -> dict[str, Event]:
        return {e.id: e for e in self.events}

    def location(self, line: int) -> tuple[str, int]:
        """The file a record's line stands in, and its line there (a workspace numbers lines through its files)."""
        if not self.files:
            return self.path, line
        from .errors import locate

        i, local = locate(self.files, line)
        return self.files[i][0], local

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

    def part_of_at(self, actor_id: str, day: date | None) -> str | None:
        """What the actor was part of on ``day`` (None: now, i.e. its current ``part_of``)."""
        actor = self.actors[actor_id]
        if day is None or not actor.memberships:
            return actor.part_of
        for m in actor.memberships:
            if m.holds_on(day):
                return m.actor
        return None

    def lineage_at(self, actor_id: str, day: date | None) -> Iterator[Actor]:
        """The actor, then what it was part of on ``day``, up to the top (no cycles: the loader checks)."""
        current: str | None = actor_id
        while current is not None:
            actor = self.actors[current]
            yield actor
            current = self.part_of_at(current, day)

    def top_at(self, actor_id: str, day: date | None) -> Actor:
        return self.climb(actor_id, day, _NEVER)

    def is_official_at(self, actor_id: str, day: date | None) -> bool:
        return self.climb(actor_id, day, OFFICIAL_KINDS).kind in OFFICIAL_KINDS

    def climb(self, actor_id: str, day: date | None, until: frozenset[str], *, outside: bool = False) -> Actor:
        """Up from the actor through what it was part of on ``day``: the first actor whose kind is in ``until``
        (``outside``: is not), else the last one (the top, or the last before a parent the log does not know).

        Flags ask this for every claim (its speaker's body, state, officialdom), so each answer is kept for every
        actor the climb passed: by actor alone where none of them is :attr:`Actor.dated` (the answer is the same
        on every day), else by (actor, day). A claim's cost then does not grow with the depth of its speaker's
        ``part_of`` chain."""
        memo: dict[object, Actor] = self.__dict__.setdefault("_climbs", {}).setdefault((until, outside), {})
        found = memo.get(actor_id) or memo.get((actor_id, day))
        if found is not None:
            return found
        path: list[Actor] = []
        current = actor_id
        ends_static = True  # whether the answer where the climb ended holds on every day
        while True:
            hit = memo.get(current)
            if hit is None:
                hit = memo.get((current, day))
                ends_static = False
            if hit is not None:
                result, decided = hit, False
                break
            ends_static = True
            actor = self.actors[current]
            path.append(actor)
            if (actor.kind in until) != outside:
                result, decided = actor, True
                break
            parent = self.part_of_at(current, day)
            if parent is None or parent not in self.actors or len(path) > len(self.actors):
                result, ends_static, decided = actor, not actor.dated, True
                break
            current = parent
        static = ends_static
        for i, actor in enumerate(reversed(path)):
            if i or not decided:  # each one's own memberships chose its parent (the last one's: counted above)
                static = static and not actor.dated
            memo[actor.id if static else (actor.id, day)] = result
        return result

    def relay_label(self, relay: Relay) -> str:
        """``Lee Seong-kweun (lawmaker)``, ``Yonhap``, ``closed-door NIS briefing``."""
        if relay.source is not None:
            label = self.sources[relay.source].publisher
        elif relay.actor is not None:
            label = self.actors[relay.actor].name
        else:
            return relay.description or ""
        return f"{label} ({relay.description})" if relay.description else label

    def top(self, actor_id: str) -> Actor:
        return self.actors[self._tops[actor_id][0]]

    @cached_property
    def parts(self) -> Mapping[str, frozenset[str]]:
        """For each actor, itself and every actor that is (transitively) part of it, at any date: a query for a
        ministry finds the claims of a minister who has since moved on. Computed for an actor when first asked:
        the whole table would be quadratic in a deep hierarchy."""
        return _Parts(self.actors)

    @staticmethod
    def claim_day(claim: Claim) -> date | None:
        """The day a claim's speaker is resolved at: the claim's earliest day (its latest, for an open start)."""
        return claim.date.earliest or claim.date.latest

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
            parents = {m.actor for m in a.memberships} | ({a.part_of} if a.part_of is not None else set())
            for parent in parents:
                self.children.setdefault(parent, []).append(a.id)
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


def likelihood_words(key: str) -> str:
    """``roughly-even-chance`` -> ``roughly even chance``."""
    return key.replace("-", " ")


def assessment_text(claim: Claim) -> str | None:
    """``likely (55-80%), moderate analytic confidence`` for an assessment; None for any other claim."""
    parts = []
    if claim.likelihood:
        parts.append(f"{likelihood_words(claim.likelihood)} ({LIKELIHOODS[claim.likelihood].split(' ')[0]})")
    if claim.analytic_confidence:
        parts.append(f"{claim.analytic_confidence} analytic confidence")
    return ", ".join(parts) or None
