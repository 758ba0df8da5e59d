"""`irru trace`: relay trees as styled lines (plain drops the styles) and as JSON (docs/json.md)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..hints import plural
from ..inert import inert
from ..model import Claim, Log
from ..trace import Hop, Node, Trace, Warning, hop_label, speakers
from .common import claim_record
from .machine import dumps

Line = tuple[str, str]  # (text, rich style)


def _hop_line(log: Log, hop: Hop) -> str:
    label = hop_label(log, hop)
    if hop.kind == "source" and hop.id in log.sources:
        s = log.sources[hop.id]
        return f"{label} [{hop.id}] ({s.kind}, grade {s.grade})"
    if hop.kind in ("actor", "relay"):
        return f"relayed by {label}"
    return label


def _claim_line(log: Log, c: Claim) -> str:
    who = log.speaker_label(c)
    if c.anonymous and "anonym" not in who.casefold() and "unnamed" not in who.casefold():
        who += " (anonymous)"
    text = f'"{c.text}"' if c.quoted else c.text
    return f"{c.stance}: {who}, {c.date.label()}: {text}"


def _items(log: Log, node: Node, prefix: str) -> Iterator[Line]:
    items: list[Claim | Node] = [*node.claims, *node.relayed_by]
    for i, item in enumerate(items):
        last = i == len(items) - 1
        head = prefix + ("└─ " if last else "├─ ")
        if isinstance(item, Node):
            yield (inert(head + _hop_line(log, item.hop)), "bold")
            yield from _items(log, item, prefix + ("   " if last else "│  "))
        else:
            yield (inert(head + _claim_line(log, item)), "")


def lines(log: Log, tr: Trace) -> Iterator[Line]:
    e = tr.event
    yield (inert(e.title), "bold")
    yield (e.id, "dim")
    n_sources = len(tr.sources)
    yield (
        f"{plural(len(tr.claims), 'claim')} in {plural(n_sources, 'source')} rest on"
        f" {plural(tr.independent, 'independent original')}; the affirmations on {tr.affirming_originals}",
        "",
    )
    for i, root in enumerate(tr.originals, 1):
        yield ("", "")
        yield (inert(f"{i}. {_hop_line(log, root.hop)}"), "bold")
        yield (inert("   speakers: " + "; ".join(speakers(log, root))), "dim")
        for behind in root.behind:
            yield (inert("   behind it: " + " ← ".join(_hop_line(log, h) for h in reversed(behind))), "dim")
        yield from _items(log, root, "   ")
    if tr.warnings:
        yield ("", "")
        for w in tr.warnings:
            yield (inert(f"! {w.message}"), "bold yellow")


def _hop_record(log: Log, hop: Hop) -> dict[str, Any]:
    return {"kind": hop.kind, "id": hop.id, "label": hop_label(log, hop)}


def _warning_record(log: Log, w: Warning) -> dict[str, Any]:
    return {"kind": w.kind, "original": _hop_record(log, w.original), "sources": list(w.sources), "message": w.message}


def _node_record(log: Log, node: Node) -> dict[str, Any]:
    return {
        **_hop_record(log, node.hop),
        "claims": [claim_record(log, c) for c in node.claims],
        "relayed_by": [_node_record(log, n) for n in node.relayed_by],
    }


def as_json(log: Log, tr: Trace, *, as_of: str | None) -> Iterator[str]:
    doc = {
        "version": 1,
        "as_of": as_of,
        "event": tr.event.id,
        "title": tr.event.title,
        "claims": len(tr.claims),
        "sources": list(tr.sources),
        "independent_originals": tr.independent,
        "affirming_originals": tr.affirming_originals,
        "originals": [
            {
                **_node_record(log, root),
                "speakers": speakers(log, root),
                "carried_by": list(dict.fromkeys(c.source for c in root.all_claims())),
                "behind": [[_hop_record(log, h) for h in reversed(b)] for b in root.behind],
            }
            for root in tr.originals
        ],
        "warnings": [_warning_record(log, w) for w in tr.warnings],
    }
    yield dumps(doc, indent=2)


def all_lines(log: Log, flagged: list[Trace], *, events: int) -> Iterator[Line]:
    """The warnings of every event that has any, event by event."""
    n = sum(len(t.warnings) for t in flagged)
    yield (f"{plural(n, 'warning')} in {plural(len(flagged), 'event')} of {events}", "bold")
    for t in flagged:
        yield ("", "")
        yield (inert(f"{t.event.id}: {t.event.title}"), "bold")
        yield (
            f"  {plural(len(t.claims), 'claim')} rest on {plural(t.independent, 'independent original')};"
            f" the affirmations on {t.affirming_originals}",
            "dim",
        )
        for w in t.warnings:
            yield (inert(f"  ! {w.message}"), "yellow")


def all_json(log: Log, flagged: list[Trace], *, as_of: str | None, events: int) -> Iterator[str]:
    doc = {
        "version": 1,
        "as_of": as_of,
        "events": events,
        "flagged": [
            {
                "event": t.event.id,
                "title": t.event.title,
                "claims": len(t.claims),
                "independent_originals": t.independent,
                "affirming_originals": t.affirming_originals,
                "warnings": [_warning_record(log, w) for w in t.warnings],
            }
            for t in flagged
        ],
    }
    yield dumps(doc, indent=2)
