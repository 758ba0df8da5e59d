"""The documented rules that turn an event's claims into a confidence flag (docs/format.md, "Confidence").

A flag always says who: ``denied by Iran; not confirmed by United States``. Pure functions of the log.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .model import AFFIRMING, Claim, Event, Log

FLAGS: dict[str, str] = {
    "confirmed": "an official on the record affirms it, and nobody denies it",
    "reported": "reported on the record by a reliable source (graded A-C) or by two independent sources; no official confirmation",
    "unconfirmed": "only anonymous or single low-grade (D-F) reporting, or only hedges and refusals to confirm",
    "denied": "someone denies it and no official on the record (other than the deniers) affirms it",
    "disputed": "someone denies it and an official on the record (not among the deniers) affirms it",
    "predicted": "the only claims are predictions",
}
LOW_GRADES = frozenset("DEF")


@dataclass(frozen=True, slots=True)
class Confidence:
    flag: str
    rule: str  # the rule that produced the flag, in words
    deniers: tuple[str, ...] = ()  # actor ids or described speakers, display names
    confirmers: tuple[str, ...] = ()
    decliners: tuple[str, ...] = ()
    reporters: tuple[str, ...] = ()
    hedgers: tuple[str, ...] = ()

    @property
    def who(self) -> str:
        """``denied by Iran; not confirmed by United States``."""
        parts = []
        if self.deniers:
            parts.append("denied by " + ", ".join(self.deniers))
        if self.confirmers:
            parts.append("confirmed by " + ", ".join(self.confirmers))
        if self.flag in ("reported", "unconfirmed", "predicted") and self.reporters:
            verb = "predicted by " if self.flag == "predicted" else "reported by "
            parts.append(verb + ", ".join(self.reporters))
        hedgers = [h for h in self.hedgers if h not in self.deniers]
        if hedgers:
            parts.append("hedged by " + ", ".join(hedgers))
        if self.decliners:
            parts.append("not confirmed by " + ", ".join(self.decliners))
        return "; ".join(parts)

    def label(self) -> str:
        """``DENIED by Iran; not confirmed by United States``: the flag in words, never colour alone."""
        who = self.who
        head = self.flag.upper()
        if who.startswith(self.flag + " by "):
            return head + who[len(self.flag) :]
        return f"{head} ({who})" if who else head


def claims_as_of(event: Event, as_of: date | None) -> tuple[Claim, ...]:
    """The claims made on or before ``as_of``: those whose latest possible day is not after it."""
    if as_of is None:
        return event.claims
    return tuple(c for c in event.claims if c.date.latest is not None and c.date.latest <= as_of)


def assess(log: Log, event: Event, as_of: date | None = None) -> Confidence | None:
    """The event's flag from its claims (as of a day, if given); None when no claim had yet been made."""
    claims = claims_as_of(event, as_of)
    if not claims:
        return None
    return assess_claims(log, claims)


def _names(log: Log, claims: Iterable[Claim]) -> tuple[str, ...]:
    """Distinct speaker names in order: the top-level actor for officials (Iran, not its UN mission)."""
    out: dict[str, None] = {}
    for c in claims:
        if c.by is not None and log.is_official(c.by):
            out[log.top(c.by).name] = None
        else:
            out[log.speaker_label(c)] = None
    return tuple(out)


def _publishers(log: Log, claims: Iterable[Claim]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(log.sources[c.original_source].publisher for c in claims))


def assess_claims(log: Log, claims: tuple[Claim, ...]) -> Confidence:
    denials = [c for c in claims if c.stance == "denies"]
    affirmations = [c for c in claims if c.stance in AFFIRMING]
    declines = [c for c in claims if c.stance == "declines-to-confirm"]
    authoritative = [c for c in affirmations if c.by is not None and not c.anonymous and log.is_official(c.by)]
    denier_ids = {c.by for c in denials if c.by is not None}
    denier_family: set[str] = set()
    for d in denier_ids:  # a denier's own parts and its state do not count as an outside confirmation
        denier_family |= log.parts[log.top(d).id]

    deniers = _names(log, denials)
    hedgers = _names(log, [c for c in claims if c.stance == "hedges"])
    confirming_states = {log.top(c.by).id for c in authoritative if c.by is not None}
    decliners = _names(log, [c for c in declines if c.by is None or log.top(c.by).id not in confirming_states])
    if denials:
        outside = [c for c in authoritative if c.by not in denier_family]
        if outside:
            return Confidence(
                "disputed", "denied by some, affirmed on the record by an official who is not among the deniers",
                deniers=deniers, confirmers=_names(log, outside), decliners=decliners, hedgers=hedgers,
            )  # fmt: skip
        return Confidence(
            "denied", "denied, and no official outside the deniers affirms it on the record",
            deniers=deniers, decliners=decliners, hedgers=hedgers,
        )  # fmt: skip
    if authoritative:
        return Confidence(
            "confirmed", "an official affirms it on the record and nobody denies it",
            confirmers=_names(log, authoritative), decliners=decliners, hedgers=hedgers,
        )  # fmt: skip
    if affirmations:
        on_record = [c for c in affirmations if not c.anonymous]
        originals = {c.original_source for c in on_record}
        good = [c for c in on_record if log.sources[c.original_source].grade not in LOW_GRADES]
        reporters = _publishers(log, affirmations)
        if on_record and (good or len(originals) >= 2):
            return Confidence(
                "reported", "reported on the record by a source graded A-C or by two independent sources",
                reporters=reporters, decliners=decliners, hedgers=hedgers,
            )  # fmt: skip
        rule = (
            "only anonymous sources affirm it" if not on_record else "only one source affirms it, and it is graded D-F"
        )
        reporters = tuple(f"{p} (anonymous sources)" for p in reporters) if not on_record else reporters
        return Confidence("unconfirmed", rule, reporters=reporters, decliners=decliners, hedgers=hedgers)
    predictions = [c for c in claims if c.stance == "predicts"]
    if predictions and len(predictions) == len(claims):
        return Confidence("predicted", "the only claims are predictions", reporters=_names(log, predictions))
    return Confidence(
        "unconfirmed", "no claim affirms it; only hedges or refusals to confirm",
        decliners=decliners, hedgers=hedgers,
    )  # fmt: skip
