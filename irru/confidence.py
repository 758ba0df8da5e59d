"""The documented rules that turn an event's claims into a confidence flag (docs/format.md, "Confidence").

A flag always says who: ``denied by Iran; not confirmed by United States``. Pure functions of the log.

**Positions, not claims.** A speaker's *position* on an event is its latest claim as of the day asked; the
flag is computed from positions, so a later acknowledgement supersedes the same speaker's earlier denial (and a
later denial its earlier confirmation). Earlier stances that a reversal left behind are kept as *history*
("denied until Apr 2025") and never count toward the flag.

- **Which claim is latest.** Claims are ordered by the latest day their date may fall on (a claim known only to
  a span, such as an article published "29 Oct – 30 Nov 2024", counts from the day by which it had certainly
  been made, as ``--as-of`` does), then by their earliest day, then by the log's order (never by the verb).
  A speaker's claims on the record always outrank its anonymous ones, whatever their dates: an unnamed
  official cannot take back what the government said on the record; anonymous claims made after the latest
  on-record one, in another position, are a second voice (``Iran (anonymous)``), shown but never outranking.
- **History** lists every change of a speaker's position, in order, each until the month the next began.
- **No voice dropped.** A denied or disputed label also names the reporters, and officials on the deniers'
  own side who confirm (``inside``); anonymous denials are marked and outweigh nothing said on the record.
- **Who the speaker is (credit).** A claim is credited to the body that spoke, rolled up to its state only
  where that body is the state's organ: a person speaks for the body it is part of; a government body or an
  armed force is an organ of the state above it. So John Kirby (part of the US National Security Council, part
  of the United States) is credited to *United States*; Iran's UN mission (part of the Iranian Foreign
  Ministry, part of Iran) to *Iran*; but a UN Panel of Experts (an organisation, part of the UN Security
  Council) is credited to itself, Rostec's chief (part of Rostec, a company) to *Rostec*, and a reporter
  (part of a newspaper) to the newspaper. A claim without ``by`` is its described speaker's, or the source's
  own. Where part_of changes over time (schema 2), the body a claim is credited to is the one of the claim's day.
- **Official as of the claim.** Whether a speaker is an official, and which state it belongs to, are read from
  its membership on the claim's day (``Log.claim_day``), as credit is: a minister who has since left office
  still confirmed for his state what he said in office.
- **Assessments weigh by their likelihood** (ICD 203). An ``asserts``/``predicts`` claim with a likelihood of
  ``unlikely`` or lower *doubts* it: it counts against (never as support), is listed as "doubted by", and a
  doubt keeps a non-official report from reading ``reported`` (it reads ``unconfirmed``). ``roughly-even-chance``
  weighs neither way (a hedge). ``likely`` and above is a hedged affirmation: support for ``reported``, never an
  on-record confirmation.
- **Statement events** (``type: statement``) are news because someone said something. Said on the record by
  its speakers (:func:`statement_speakers`, the one definition) and not denied, such an event is flagged
  ``statement`` ("ON RECORD: Iran said so"), never ``confirmed`` — its content may itself be a denial; others
  saying it was made only report it.
- **Assessments** are claims with a likelihood or an analytic confidence (``Claim.is_assessment``): never an
  on-record confirmation.
- **Independence** is decided on each claim's original (:func:`irru.trace.origins`): an on-record speaker's
  statement, else the end of its relay chain followed through the relayed sources' own claims.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from itertools import pairwise

from .model import AFFIRMING, Actor, Claim, Event, Log
from .trace import Origin, origins

FLAGS: dict[str, str] = {
    "confirmed": "an official on the record affirms it, and nobody's latest position denies it",
    "reported": "reported on the record by a reliable source (graded A-C) or by two independent sources; no official confirmation",
    "unconfirmed": "only anonymous or single low-grade (D-F) reporting, reporting that an assessment doubts, or only hedges, doubts and refusals to confirm",
    "denied": "someone's latest position denies it on the record (or off it, with nothing on the record affirming it) and no official on the record (other than the deniers) affirms it",
    "disputed": "someone's latest position denies it on the record and an official on the record (not among the deniers) affirms it",
    "predicted": "the only claims are predictions (and assessments doubting them)",
    "statement": "a statement event said on the record by the speakers named, and denied by nobody",
}
LOW_GRADES = frozenset("DEF")
# Kinds of actor that speak for what they are part of (a person for its body, a ministry or a force for its state).
ORGAN_KINDS = frozenset({"person", "government", "armed-force"})
# Likelihoods at or below "unlikely" doubt what the claim says; "roughly even chance" weighs neither way.
DOUBTING = frozenset({"almost-no-chance", "very-unlikely", "unlikely"})
EVEN = frozenset({"roughly-even-chance"})
PAST_VERBS = {
    "denies": "denied",
    "asserts": "affirmed",
    "confirms": "confirmed",
    "hedges": "hedged",
    "doubts": "doubted",
    "declines-to-confirm": "declined to confirm",
    "predicts": "predicted",
}


def weighed_stance(c: Claim) -> str:
    """The stance a claim counts as in the flag: an assessment of ``unlikely`` or lower ``doubts`` it, one of a
    roughly even chance ``hedges``; any other claim counts as its stance (a likely one as a hedged affirmation)."""
    likelihood = c.likelihood
    if likelihood in DOUBTING:
        return "doubts"
    if likelihood in EVEN:
        return "hedges"
    return c.stance


@dataclass(frozen=True, slots=True)
class Position:
    """A speaker's latest claim on an event as of a day, and the earlier stance a reversal left behind."""

    speaker: str  # display name of the credited speaker ("Iran (anonymous)" for an unnamed voice of Iran)
    key: str  # identity: the credited actor's id, or the described speaker and original source
    claim: Claim
    # the claim that began each of the speaker's positions, oldest first, the current one's last: every change
    changes: tuple[Claim, ...] = ()

    @property
    def stance(self) -> str:
        """The stance the position counts as (:func:`weighed_stance`): ``doubts`` for an unlikely assessment."""
        return weighed_stance(self.claim)


@dataclass(frozen=True, slots=True)
class History:
    speaker: str
    stance: str  # an earlier stance: denies, asserts, confirms, hedges, declines-to-confirm, doubts, predicts
    until: str  # "Apr 2025": when the speaker's next position was taken (a speaker's entries are in order)


@dataclass(frozen=True, slots=True)
class Confidence:
    flag: str
    rule: str  # the rule that produced the flag, in words
    deniers: tuple[str, ...] = ()  # display names of credited speakers
    confirmers: tuple[str, ...] = ()
    # officials on the deniers' own side who affirm it on the record (a state corporation against its ministry):
    # they do not make it disputed, but a label never drops them
    inside: tuple[str, ...] = ()
    decliners: tuple[str, ...] = ()
    reporters: tuple[str, ...] = ()
    hedgers: tuple[str, ...] = ()
    doubters: tuple[str, ...] = ()  # assessments that it is unlikely (ICD 203 "unlikely" or lower)
    history: tuple[History, ...] = ()  # earlier stances superseded by a reversal; never counted
    positions: tuple[Position, ...] = ()
    speakers: tuple[str, ...] = ()  # a statement's speakers (actor names), in the order they first spoke

    def _with_history(self, verb: str, names: Sequence[str]) -> str:
        """``confirmed by North Korea, Russia (both denied until Apr 2025)``."""
        text = f"{verb} by " + ", ".join(names)
        past = [h for h in self.history if h.speaker in names]
        if not past:
            return text
        steps: dict[str, list[str]] = {}  # each speaker's earlier positions, in order
        for h in past:
            steps.setdefault(h.speaker, []).append(f"{PAST_VERBS.get(h.stance, h.stance)} until {h.until}")
        groups: dict[str, list[str]] = {}
        for speaker, earlier in steps.items():
            groups.setdefault(", then ".join(earlier), []).append(speaker)
        notes = []
        for said, who in groups.items():
            if len(who) == len(names) == 1:
                notes.append(said)
            elif len(who) == len(names):
                notes.append(("both " if len(who) == 2 else "all ") + said)
            else:
                notes.append(", ".join(who) + " " + said)
        return f"{text} ({'; '.join(notes)})"

    @property
    def who(self) -> str:
        """``denied by Iran; not confirmed by United States``."""
        parts = []
        if self.flag == "statement":
            return self._with_history("said on the record", self.confirmers)
        if self.deniers:
            parts.append(self._with_history("denied", self.deniers))
        if self.confirmers:
            parts.append(self._with_history("confirmed", self.confirmers))
        if self.inside:
            parts.append(self._with_history("confirmed", self.inside) + " (the deniers' own side)")
        if self.reporters:
            verb = "predicted" if self.flag == "predicted" else "reported"
            parts.append(self._with_history(verb, self.reporters))
        if self.doubters:
            parts.append(self._with_history("doubted", self.doubters))
        if self.hedgers:
            parts.append(self._with_history("hedged", self.hedgers))
        if self.decliners:
            parts.append(self._with_history("not confirmed", self.decliners))
        return "; ".join(parts)

    def label(self) -> str:
        """``DENIED by Iran; not confirmed by United States``: the flag in words, never colour alone."""
        if self.flag == "statement":
            said = self._with_history("", self.confirmers)[len(" by ") :]
            rest = "; ".join(
                p for p in (self._with_history("not confirmed", self.decliners) if self.decliners else "",) if p
            )
            return f"ON RECORD: {said} said so" + (f"; {rest}" if rest else "")
        who = self.who
        head = self.flag.upper()
        if who.startswith(self.flag + " by "):
            return head + who[len(self.flag) :]
        return f"{head} ({who})" if who else head


def claims_as_of(event: Event, as_of: date | None) -> tuple[Claim, ...]:
    """The claims made on or before ``as_of``: those whose latest possible day is not after it (an open-ended
    date, ``2024-11-18/..``, counts from its known start: Span.known_last)."""
    if as_of is None:
        return event.claims
    return tuple(c for c in event.claims if (day := c.date.known_last) is not None and day <= as_of)


def assess(log: Log, event: Event, as_of: date | None = None) -> Confidence | None:
    """The event's flag from its claims (as of a day, if given); None when no claim had yet been made."""
    claims = claims_as_of(event, as_of)
    if not claims:
        return None
    return assess_claims(log, claims, event=event)


# --- credit and positions ---------------------------------------------------------------------------------


def credit(log: Log, actor_id: str, day: date | None = None) -> Actor:
    """The body a claim by ``actor_id`` is credited to (see the module docstring for the rule): up from the
    speaker through its organs, the first actor that is not one (memoised: :meth:`irru.model.Log.climb`)."""
    return log.climb(actor_id, day, ORGAN_KINDS, outside=True)


def claim_day(c: Claim) -> date | None:
    """The day a claim's speaker is resolved at (credit, officialdom, state): ``Log.claim_day``."""
    return Log.claim_day(c)


def order_key(c: Claim) -> tuple[date, date, int]:
    """Later claims sort last: latest day, earliest day, then the log's order (never the verb: a confirmation
    and a denial made on one day stand in the order the log gives them)."""
    return (c.date.latest or c.date.earliest or date.min, c.date.earliest or date.min, c.line)


def speaker_of(log: Log, c: Claim, original: str | None = None) -> tuple[str, str]:
    """(key, display name) of the speaker a claim is credited to. A speaker without ``by`` is told apart by the
    source its words first appeared in (``original``: the end of its relay chain, :func:`irru.trace.origins`;
    by default its farthest relayed source)."""
    if c.by is not None and c.by in log.actors:
        body = credit(log, c.by, claim_day(c))
        return body.id, body.name
    original = original or c.original_source
    return f"{c.speaker or ''}\x00{original}", log.speaker_label(c)


def _kind(stance: str) -> str:
    return "affirm" if stance in AFFIRMING else stance


OFF_RECORD_MARKS = {"leaked": "leaked", "private": "in private"}


def _marked(name: str, c: Claim) -> str:
    """A voice off the record, marked as such once: ``Iran (anonymous)``, ``Russia (in private)``,
    ``IEMZ Kupol (leaked)``."""
    if c.anonymous:
        return name if "anonym" in name.casefold() or "unnamed" in name.casefold() else f"{name} (anonymous)"
    mark = OFF_RECORD_MARKS.get(c.known_from or "")
    return f"{name} ({mark})" if mark else name


def _position(name: str, key: str, pool: list[Claim]) -> Position:
    """The latest claim of ``pool`` (in order), with the claim that began each earlier, different position."""
    changes: list[Claim] = []
    for c in pool:
        if not changes or _kind(weighed_stance(c)) != _kind(weighed_stance(changes[-1])):
            changes.append(c)
    return Position(name, key, pool[-1], tuple(changes))


def positions(log: Log, claims: Sequence[Claim]) -> list[Position]:
    """Each credited speaker's latest claim (on the record before anonymous), in order of each speaker's first
    claim. A speaker's anonymous claims made after its latest on-record one, taking another position, are a
    second voice (``Iran (anonymous)``): on the record still outranks them, but they are never hidden."""
    pools: dict[str, tuple[str, list[Claim]]] = {}
    for c, o in zip(claims, origins(claims, log.sources), strict=True):
        key, name = speaker_of(log, c, o.source)
        pools.setdefault(key, (name, []))[1].append(c)
    out = []
    for key, (name, said) in pools.items():
        said = sorted(said, key=order_key)
        on_record = [c for c in said if c.on_record]
        if not on_record:
            out.append(_position(_marked(name, said[-1]), key, said))
            continue
        current = _position(name, key, on_record)
        out.append(current)
        later = [c for c in said if not c.on_record and order_key(c) > order_key(current.claim)]
        if later and _kind(weighed_stance(later[-1])) != _kind(current.stance):
            out.append(_position(_marked(name, later[-1]), key + "\x00off-record", later))
    return out


def claim_month(c: Claim) -> str:
    """When a claim was made, as a history note says it: ``Apr 2025``, or the claim's date label."""
    lo, hi = c.date.earliest, c.date.latest
    if lo is not None and hi is not None and (lo.year, lo.month) == (hi.year, hi.month):
        return lo.strftime("%b %Y")
    return c.date.label()


def _names(ps: Iterable[Position]) -> tuple[str, ...]:
    """Distinct speaker names, alphabetically: a label reads the same whatever order the claims were logged in."""
    return tuple(sorted({p.speaker for p in ps}, key=str.casefold))


def statement_speakers(log: Log, event: Event, ps: Iterable[Position]) -> list[Position]:
    """Who made the statement a ``statement`` event records, among the positions given (as of the day asked): the
    on-record, affirming positions of named speakers (not assessments) credited to one of the event's actors
    with role ``speaker``; failing such actors, to one of its parties (any role but ``target``); when the event
    names no actors, every such speaker. The one definition: the flag, ``show`` and the exports use it."""
    roles = [r for r in event.actors if r.actor in log.actors]
    named = [r for r in roles if r.role == "speaker"] or [r for r in roles if r.role != "target"]
    wanted = {credit(log, r.actor).id for r in named}
    return [
        p
        for p in ps
        if p.stance in AFFIRMING
        and p.claim.by is not None
        and p.claim.on_record
        and not p.claim.is_assessment
        and (not roles or p.key in wanted)
    ]


def _history(ps: Sequence[Position]) -> tuple[History, ...]:
    """Every change of each speaker's position, in order, with the month the next position was taken."""
    out = []
    for p in sorted(ps, key=lambda p: p.speaker.casefold()):
        for before, after in pairwise(p.changes):
            out.append(History(p.speaker, weighed_stance(before), claim_month(after)))
    return tuple(out)


def _reporters(log: Log, affirming: Sequence[Position], origin: dict[int, Origin]) -> tuple[str, ...]:
    """The publishers the affirmations first appeared in, alphabetically; one carrying only anonymous speakers
    is marked ``(anonymous sources)``, as anonymous affirmations always are; one carrying only private remarks
    or leaked words, ``(private remarks)`` or ``(leaked)``."""
    ways: dict[str, set[str]] = {}
    for p in affirming:
        publisher = log.sources[origin[id(p.claim)].source].publisher
        c = p.claim
        ways.setdefault(publisher, set()).add("anonymous" if c.anonymous else c.known_from or "public")
    marks = {"anonymous": " (anonymous sources)", "private": " (private remarks)", "leaked": " (leaked)"}
    return tuple(
        pub + (marks.get(next(iter(how)), "") if len(how) == 1 else "")
        for pub, how in sorted(ways.items(), key=lambda kv: kv[0].casefold())
    )


def assess_claims(log: Log, claims: tuple[Claim, ...], *, event: Event | None = None) -> Confidence:
    """The flag from the speakers' positions (see the module docstring and docs/format.md, "Confidence")."""
    ps = positions(log, claims)
    origin = {id(c): o for c, o in zip(claims, origins(claims, log.sources), strict=True)}
    history = _history(ps)
    denials = [p for p in ps if p.stance == "denies"]
    affirmations = [p for p in ps if p.stance in AFFIRMING]
    authoritative = [
        p
        for p in affirmations
        if p.claim.by is not None
        and p.claim.on_record
        and not p.claim.is_assessment
        and log.is_official_at(p.claim.by, claim_day(p.claim))
    ]
    # A denier's own parts and its state do not count as an outside confirmation (an MP against its government).
    denier_family: set[str] = set()
    for p in denials:
        if p.claim.by is not None:
            denier_family |= log.parts[log.top_at(p.claim.by, claim_day(p.claim)).id]
    hedgers = _names(p for p in ps if p.stance == "hedges")
    decliners = _names(p for p in ps if p.stance == "declines-to-confirm")
    doubts = [p for p in ps if p.stance == "doubts"]
    doubters = _names(doubts)
    # What every flag but "predicted" also says: who declined to confirm, who hedged or doubted, and the history.
    common = Confidence(
        "", "", decliners=decliners, hedgers=hedgers, doubters=doubters, history=history, positions=tuple(ps)
    )
    on_record_affirmations = [p for p in affirmations if not p.claim.hearsay]
    # A denial off the record (anonymous, private, leaked) outweighs nothing said on the record.
    if any(p.claim.on_record for p in denials) or (denials and not on_record_affirmations):
        deniers = _names(denials)
        outside = [p for p in authoritative if p.claim.by not in denier_family]
        inside = _names(p for p in authoritative if p.claim.by in denier_family)
        official = {id(p) for p in authoritative}
        reporters = _reporters(log, [p for p in affirmations if id(p) not in official], origin)
        if outside:
            return replace(
                common,
                flag="disputed",
                rule="denied by some, affirmed on the record by an official who is not among the deniers",
                deniers=deniers,
                confirmers=_names(outside),
                inside=inside,
                reporters=reporters,
            )
        anonymous = " (the only denials are off the record, and nothing on the record affirms it)"
        return replace(
            common,
            flag="denied",
            rule="denied, and no official outside the deniers affirms it on the record"
            + (anonymous if not any(p.claim.on_record for p in denials) else ""),
            deniers=deniers,
            inside=inside,
            reporters=reporters,
        )
    if denials:  # denials off the record only, against what is said on the record: listed, never counted
        common = replace(common, deniers=_names(denials))
    outweighed = "; denials off the record do not outweigh what is said on the record" if denials else ""
    if event is not None and event.type == "statement":
        speakers = statement_speakers(log, event, affirmations)
        if speakers:
            return replace(
                common,
                flag="statement",
                rule="a statement said on the record by the speakers named, and nobody denies it was made" + outweighed,
                confirmers=_names(speakers),
                speakers=tuple(dict.fromkeys(log.actors[p.claim.by].name for p in speakers if p.claim.by)),
            )
        authoritative = []  # a statement is never confirmed: others saying it was made report it
    if authoritative:
        return replace(
            common,
            flag="confirmed",
            rule=(
                "an official affirms it on the record, and the only denials are off the record (they do not"
                " outweigh it)"
                if denials
                else "an official affirms it on the record and nobody's latest position denies it"
            ),
            confirmers=_names(authoritative),
        )
    if affirmations:
        on_record = [origin[id(p.claim)] for p in on_record_affirmations]
        originals = {o.hop for o in on_record}
        good = [o for o in on_record if log.sources[o.source].grade not in LOW_GRADES]
        reporters = _reporters(log, affirmations, origin)
        if on_record and (good or len(originals) >= 2) and not doubts:
            return replace(
                common,
                flag="reported",
                rule="reported on the record by a source graded A-C or by two independent sources" + outweighed,
                reporters=reporters,
            )
        if not on_record:
            rule = "only anonymous sources affirm it"
        elif good or len(originals) >= 2:
            rule = "reported on the record, but an assessment doubts it and no official confirms it"
        else:
            rule = "only one source affirms it, and it is graded D-F"
        return replace(common, flag="unconfirmed", rule=rule + outweighed, reporters=reporters)
    predictions = [p for p in ps if p.stance == "predicts"]
    if predictions and len(predictions) + len(doubts) == len(ps):
        return Confidence(
            "predicted",
            "the only claims are predictions" + (", and assessments doubt them" if doubts else ""),
            reporters=_names(predictions),
            doubters=doubters,
            history=history,
            positions=tuple(ps),
        )
    return replace(
        common,
        flag="unconfirmed",
        rule="no claim affirms it; only hedges, doubts or refusals to confirm",
    )
