"""The record shapes of the listing commands (actors, sources, stats, promises, transfers) for JSON, JSONL and CSV,
and the rows of their tables. docs/json.md documents the same shapes; the CLI only picks a format.

Each ``*_view`` function returns a :class:`Listing`: the records (plain data for machines) and the table (headers
and text rows for people), built together so the two can never disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from ..dates import iso
from ..ledger import Promise, Transfer, elapsed_text
from ..model import Log
from .common import source_record


@dataclass(frozen=True, slots=True)
class Listing:
    kind: str
    headers: list[str]
    rows: list[list[str]]
    records: list[dict[str, Any]]


def cell(value: object) -> str:
    """A record value as CSV text: absent is empty, a list is joined with '; '."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


def actors_view(log: Log) -> Listing:
    from ..tally import actor_usage

    usage = actor_usage(log)
    ordered = sorted(log.actors.values(), key=lambda a: a.name.casefold())
    records: list[dict[str, Any]] = [
        {
            "id": a.id,
            "name": a.name,
            "kind": a.kind,
            "part_of": a.part_of,
            "aliases": list(a.aliases),
            "events": usage[a.id].events,
            "claims": usage[a.id].claims,
        }  # fmt: skip
        for a in ordered
    ]
    headers = ["Id", "Name", "Kind", "Part of", "Events", "Claims", "Aliases"]
    rows = [
        [a.id, a.name, a.kind, a.part_of or "", str(usage[a.id].events), str(usage[a.id].claims), ", ".join(a.aliases)]
        for a in ordered
    ]
    return Listing("actors", headers, rows, records)


def sources_view(log: Log) -> Listing:
    from ..tally import source_usage

    usage = source_usage(log)
    ordered = sorted(log.sources.values(), key=lambda s: (s.published.sort_key(), s.id))
    records = [{**source_record(s), "events": usage[s.id].events, "claims": usage[s.id].claims} for s in ordered]
    headers = ["Id", "Publisher", "Published", "Kind", "Grade", "Events", "Claims", "URL"]
    rows = [
        [s.id, s.publisher, s.published.label(), s.kind, s.grade, str(usage[s.id].events), str(usage[s.id].claims), s.url or ""]
        for s in ordered
    ]  # fmt: skip
    return Listing("sources", headers, rows, records)


StatGroups = list[tuple[str, list[tuple[str, int]]]]


def stats_view(groups: StatGroups) -> Listing:
    records: list[dict[str, Any]] = [
        {"dimension": dim, "value": value, "count": n} for dim, items in groups for value, n in items
    ]
    rows = [[dim, str(value), str(n)] for dim, items in groups for value, n in items]
    return Listing("stats", ["Dimension", "Value", "Events"], rows, records)


def promises_view(items: Sequence[Promise]) -> Listing:
    records = [
        {
            "id": p.event.id,
            "date": p.event.date.text,
            "title": p.event.title,
            "systems": list(p.systems),
            "suppliers": list(p.suppliers),
            "recipients": list(p.recipients),
            "announced_by": list(p.announced_by),
            "status": p.status,
            "status_note": p.status_note,
            "outcome": p.outcome.id if p.outcome else None,
            "until": iso(p.until),
            "elapsed_days": p.elapsed_days,
            "elapsed": elapsed_text(p.elapsed_days),
            "confidence": {"flag": p.confidence.flag, "who": p.confidence.who},
            "sources": list(p.sources),
        }  # fmt: skip
        for p in items
    ]
    headers = ["Announced", "What", "From → to", "By", "Status", "Elapsed", "Confidence", "Sources"]
    rows = [
        [
            p.event.date.label(),
            ", ".join(p.systems) or p.event.title,
            f"{', '.join(p.suppliers) or '?'} → {', '.join(p.recipients) or '?'}",
            ", ".join(p.announced_by),
            p.status_note,
            elapsed_text(p.elapsed_days) + ("" if p.status == "delivered" else f" (to {p.until.isoformat()})"),
            p.confidence.label(),
            ", ".join(p.sources),
        ]  # fmt: skip
        for p in items
    ]
    return Listing("promises", headers, rows, records)


def transfers_view(items: Sequence[Transfer]) -> Listing:
    records = [{**asdict(t), "sources": list(t.sources), "events": list(t.events)} for t in items]
    headers = [
        "Supplier", "Recipient", "System", "Category", "Ordered", "Delivered", "Order date", "Delivery date", "Status",
        "Confidence",
    ]  # fmt: skip
    rows = [
        [t.supplier, t.recipient, t.system, t.category, t.ordered, t.delivered, t.ordered_on, t.delivered_on, t.status, t.confidence]
        for t in items
    ]  # fmt: skip
    return Listing("transfers", headers, rows, records)
