"""What several exports share: the relay chain of a claim, http(s)-only links, the claim facts the HTML page's
JavaScript needs to recompute a flag (pure)."""

from __future__ import annotations

import re
from typing import Any

from ..dates import iso
from ..model import AFFIRMING, Claim, Event, Log


def safe_url(url: str | None) -> str | None:
    """A URL a page may link to: http or https only (never javascript:, data:, file:)."""
    if url and url.strip().lower().startswith(("https://", "http://")):
        return url.strip()
    return None


def relay_chain(log: Log, claim: Claim) -> list[tuple[str | None, str]]:
    """The hops from the source a claim appears in back to its origin, as (source id or None, label): the source,
    its relays nearest first (a source, a person or body, or an intermediary in words), then, from the farthest
    source, what that source cites. ``cites`` is followed only through single citations (a source citing several
    rests on no one of them); a cycle stops the walk."""
    chain: list[tuple[str | None, str]] = [(claim.source, log.sources[claim.source].publisher)]
    for r in claim.relays:
        chain.append((r.source, log.relay_label(r)))
    seen = {sid for sid, _ in chain if sid}
    last = chain[-1][0]
    while last is not None:
        cites = log.sources[last].cites
        if len(cites) != 1 or cites[0] in seen or cites[0] not in log.sources:
            break
        last = cites[0]
        seen.add(last)
        chain.append((last, log.sources[last].publisher))
    return chain


def chain_sources(chain: list[tuple[str | None, str]]) -> list[str]:
    return [sid for sid, _ in chain if sid is not None]


def lineage_ids(log: Log, actor_id: str) -> list[str]:
    return [a.id for a in log.lineage(actor_id)]


def rule_facts(log: Log, claim: Claim, order: int) -> dict[str, Any]:
    """The facts about one claim that the confidence rules use (irru/confidence.py), so that a page can recompute
    the flag as of any day: everything that does not depend on the day asked is computed here, once."""
    from ..confidence import claim_day, claim_month, speaker_of, weighed_stance

    original = log.sources[claim.original_source]
    key, name = speaker_of(log, claim)
    return {
        "end": iso(claim.date.latest),  # the claim counts as of a day on or after this one
        "order": order,  # rank of the claim among its event's claims by confidence.order_key: later sorts last
        "stance": claim.stance,
        "weighs": weighed_stance(claim),  # the stance it counts as: "doubts" for an unlikely assessment
        "anonymous": claim.anonymous,
        "by": claim.by,
        # the speaker's state and officialdom on the claim's day (a minister since gone still spoke in office)
        "top": log.top_at(claim.by, claim_day(claim)).id if claim.by is not None else None,
        "official": claim.by is not None and log.is_official_at(claim.by, claim_day(claim)),
        "assessment": getattr(claim, "likelihood", None) is not None,
        "key": key,  # the credited speaker: a position is a speaker's latest claim
        "name": name,
        "month": claim_month(claim),
        "original": claim.original_source,
        "originalGrade": original.grade,
        "originalPublisher": original.publisher,
    }


def event_rule_facts(log: Log, event: Event) -> dict[str, Any]:
    """The event's part of the rules: its type, and the parties a statement event's speakers must be among."""
    from ..confidence import credit

    parties = {credit(log, r.actor).id for r in event.actors if r.role != "target" and r.actor in log.actors}
    return {"type": event.type, "parties": sorted(parties)}


def rules_constants(names: list[str]) -> dict[str, Any]:
    """Vocabularies of the rules, and every speaker and publisher name ranked as Python sorts them (casefold)."""
    from ..confidence import LOW_GRADES, PAST_VERBS, STRENGTH

    return {
        "affirming": sorted(AFFIRMING),
        "lowGrades": sorted(LOW_GRADES),
        "pastVerbs": PAST_VERBS,
        "strength": STRENGTH,
        "nameRank": {n: i for i, n in enumerate(sorted(set(names), key=str.casefold))},
    }


def event_actor_keys(log: Log, event: Event) -> list[str]:
    """Actor ids an actor filter matches this event by (its actors and what they are part of)."""
    out: dict[str, None] = {}
    for r in event.actors:
        out.update(dict.fromkeys(lineage_ids(log, r.actor)))
    return list(out)


LABEL_HEAD = re.compile(r"[A-Z]+(?: [A-Z]+)*:?")


def split_label(label: str) -> tuple[str, str]:
    """``DENIED by Iran`` as (``DENIED``, `` by Iran``), ``ON RECORD: Iran said so`` as (``ON RECORD:``, …): the
    flag's words in capitals are shown bold (report.js splits the same way)."""
    m = LABEL_HEAD.match(label)
    head = m.group() if m else ""
    return head, label[len(head) :]
