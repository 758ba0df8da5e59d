"""What several exports share: the relay chain of a claim, http(s)-only links, and each event's flag at each day
it can change, which the HTML page's as-of control looks up (pure)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ..confidence import Confidence, assess
from ..model import Claim, Event, Log


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


def flag_shown(conf: Confidence) -> dict[str, Any]:
    """A flag as the page shows it: its word, the rule in words, and its label split as :func:`split_label`."""
    return {"flag": conf.flag, "rule": conf.rule, "label": list(split_label(conf.label()))}


def flag_steps(log: Log, event: Event, claims: Sequence[Claim]) -> list[dict[str, Any]]:
    """The event's flag as of each day it can change, computed by irru/confidence.py (the page keeps no rule).

    A flag depends only on the claims made by the day asked, so it can change only on a day that one of
    ``claims`` became known (its latest possible day, or its known start if open-ended: Span.known_last, as
    ``--as-of`` counts it). Each step is
    ``{"from": DAY, ...flag_shown}``, oldest first; a step that would show the same as the one before is left
    out. The flag as of any day D is the last step whose day is on or before D (none: nothing was said yet).
    """
    steps: list[dict[str, Any]] = []
    for day in sorted({d for c in claims if (d := c.date.known_last) is not None}):
        conf = assess(log, event, day)
        assert conf is not None  # a claim became known on this day
        shown = flag_shown(conf)
        if not steps or {k: v for k, v in steps[-1].items() if k != "from"} != shown:
            steps.append({"from": day.isoformat(), **shown})
    return steps


def event_actor_keys(log: Log, event: Event) -> list[str]:
    """Actor ids an actor filter matches this event by (its actors and what they are part of)."""
    out: dict[str, None] = {}
    for r in event.actors:
        out.update(dict.fromkeys(lineage_ids(log, r.actor)))
    return list(out)


LABEL_HEAD = re.compile(r"[A-Z]+(?: [A-Z]+)*:?")


def split_label(label: str) -> tuple[str, str]:
    """``DENIED by Iran`` as (``DENIED``, `` by Iran``), ``ON RECORD: Iran said so`` as (``ON RECORD:``, …): the
    flag's words in capitals are shown bold."""
    m = LABEL_HEAD.match(label)
    head = m.group() if m else ""
    return head, label[len(head) :]
