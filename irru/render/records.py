"""The record shapes of the listing commands (actors, sources, stats, promises, transfers) and of `irru diff` for
JSON, JSONL and CSV, and the rows of their tables. docs/json.md documents the same shapes; the CLI only picks a
format. Data, not display strings: ISO dates with earliest/latest, null for absent, quantities as intervals with
units, confidence as an object.

Each ``*_view`` function returns a :class:`Listing`: the records (plain data for machines) and the table (headers
and text rows for people), built together so the two can never disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ..diff import KINDS, Comparison, Difference, Said, quantity_record, span_record
from ..ledger import Elapsed, Promise, Transfer
from ..model import Log, Membership
from ..query import Row
from .common import confidence_record, source_record


@dataclass(frozen=True, slots=True)
class Listing:
    kind: str
    headers: list[str]
    rows: list[list[str]]
    # The JSON records (and CSV rows): a list, or a function giving it, called only when the format needs them.
    records: list[dict[str, Any]] | Callable[[], list[dict[str, Any]]]
    version: int = 1  # the JSON document's version (docs/json.md)
    flat: list[dict[str, Any]] | Callable[[], list[dict[str, Any]]] | None = None  # CSV rows when records nest

    def record_list(self) -> list[dict[str, Any]]:
        return self.records() if callable(self.records) else self.records

    def flat_list(self) -> list[dict[str, Any]]:
        """The CSV rows: ``flat`` when the records nest, else the records."""
        if self.flat is None:
            return self.record_list()
        return self.flat() if callable(self.flat) else self.flat


def cell(value: object) -> str:
    """A record value as CSV text: absent is empty, a list is joined with '; '."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


def membership_text(m: Membership) -> str:
    """``mnd until 2024-05-30``, ``national-assembly from 2024-05-30`` (dates as written)."""
    return " ".join(
        [m.actor, *([f"from {m.start.text}"] if m.start else []), *([f"until {m.end.text}"] if m.end else [])]
    )


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
            "part_of_history": [membership_text(m) for m in a.memberships if m.start or m.end],
        }
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
        [
            s.id,
            s.publisher,
            s.published.label(),
            s.kind,
            s.grade,
            str(usage[s.id].events),
            str(usage[s.id].claims),
            s.url or "",
        ]
        for s in ordered
    ]
    # CSV: the archive record flattened into archive_url, archive_accessed, ... columns (empty when none).
    flat = [
        {
            **{k: v for k, v in r.items() if k != "archive"},
            **{
                f"archive_{k}": (r["archive"] or {}).get(k)
                for k in ("url", "accessed", "archived", "sha256", "capture")
            },
        }
        for r in records
    ]
    return Listing("sources", headers, rows, records, flat=flat)


StatGroups = list[tuple[str, list[tuple[str, int]]]]


def stats_view(groups: StatGroups) -> Listing:
    records: list[dict[str, Any]] = [
        {"dimension": dim, "value": value, "count": n} for dim, items in groups for value, n in items
    ]
    rows = [[dim, str(value), str(n)] for dim, items in groups for value, n in items]
    return Listing("stats", ["Dimension", "Value", "Events"], rows, records)


RECORDS_VERSION = 2  # diff, promises and transfers: version 2 is the first documented shape (docs/json.md)


def said_record(s: Said | None) -> dict[str, Any] | None:
    if s is None:
        return None
    return {
        "text": s.text,
        "value": s.value,
        "said": span_record(s.date),
        "history": [{"stance": stance, "said": span_record(when)} for stance, when in s.history],
        "events": list(s.events),
        "speaker": s.speaker,
    }


def difference_record(r: Difference) -> dict[str, Any]:
    return {
        "kind": r.kind,
        "field": r.field,
        "story": r.story,
        "type": r.type,
        "events": list(r.events),
        "a": said_record(r.a),
        "b": said_record(r.b),
        "note": r.note,
    }


def diff_document(c: Comparison) -> dict[str, Any]:
    kinds = c.only or KINDS
    return {
        "version": RECORDS_VERSION,
        "a": c.a,
        "b": c.b,
        "as_of": c.as_of.isoformat() if c.as_of else None,
        "only": list(c.only) or None,
        "differs": c.differs,
        "counts": {k: c.count(k) for k in kinds},
        "rows": [difference_record(r) for r in c.rows],
    }


def elapsed_record(e: Elapsed | None) -> dict[str, Any] | None:
    if e is None:
        return None
    return {
        "from": span_record(e.start),
        "to": span_record(e.end),
        "reason": e.reason,
        "months_min": e.low,
        "months_max": e.high,
        "text": e.text,
    }


def _event_ref(log: Log, row: Row) -> dict[str, Any]:
    e = row.event
    return {
        "event": e.id,
        "date": span_record(e.date),
        "quantities": [quantity_record(u.quantity) for u in e.systems if u.quantity is not None],
        "confidence": confidence_record(row.confidence),
    }


def promise_record(log: Log, p: Promise) -> dict[str, Any]:
    e = p.event
    return {
        "id": e.id,
        "date": span_record(e.date),
        "title": e.title,
        "story": e.story,
        "suppliers": list(p.suppliers),
        "recipients": list(p.recipients),
        "announced_by": list(p.announced_by),
        "systems": [
            {
                "id": s.system,
                "name": s.name,
                "promised": quantity_record(s.promised) if s.promised else None,
                "status": s.status,
                "delivered": quantity_record(s.delivered) if s.delivered else None,
                "deliveries": [r.event.id for r in s.deliveries],
            }
            for s in p.systems
        ],
        "status": p.status,
        "status_note": p.status_note,
        "outcome": p.outcome.id if p.outcome else None,
        "outcome_confidence": confidence_record(p.outcome_confidence) if p.outcome_confidence else None,
        "last_evidence": span_record(p.last_evidence),
        "elapsed": elapsed_record(p.elapsed),
        "elapsed_to_today": elapsed_record(p.to_today),
        "confidence": confidence_record(p.confidence),
        "sources": list(p.sources),
    }


def _end_text(e: Elapsed) -> str:
    if e.reason == "delivery":
        return f"{e.text} (to delivery, {e.end.label()})"
    if e.reason == "last-evidence":
        return f"{e.text} to the last evidence ({e.end.label()})"
    return f"{e.text} to {e.end.label()}"


PROMISE_HEADERS = ["Announced", "What", "From → to", "By", "Status", "Elapsed", "Confidence", "Sources"]


def promise_cells(p: Promise) -> list[str]:
    elapsed = _end_text(p.elapsed)
    if p.to_today is not None:
        elapsed += f"; {p.to_today.text} to today ({p.to_today.end.label()})"
    return [
        p.event.date.label(),
        "; ".join(s.text for s in p.systems) or p.event.title,
        f"{', '.join(p.suppliers) or '?'} → {', '.join(p.recipients) or '?'}",
        ", ".join(p.announced_by),
        p.status_note,
        elapsed,
        p.confidence.label(),
        ", ".join(p.sources),
    ]


def transfer_record(log: Log, t: Transfer) -> dict[str, Any]:
    return {
        "story": t.story,
        "supplier": t.supplier,
        "recipient": t.recipient,
        "system": t.system,
        "name": t.name,
        "category": t.category,
        "ordered": [quantity_record(q) for q in t.quantities(t.orders)],
        "delivered": [quantity_record(q) for q in t.quantities(t.deliveries)],
        "orders": [_event_ref(log, r) for r in t.orders],
        "deliveries": [_event_ref(log, r) for r in t.deliveries],
        "status": t.status,
        "status_text": t.status_text,
        "confidence": confidence_record(t.confidence),
        "sources": list(t.sources),
        "events": list(t.events),
    }


TRANSFER_HEADERS = [
    "Supplier",
    "Recipient",
    "System",
    "Category",
    "Ordered",
    "Delivered",
    "Order date",
    "Delivery date",
    "Status",
    "Confidence",
]


def transfer_cells(t: Transfer) -> list[str]:
    return [
        t.supplier,
        t.recipient,
        t.name,
        t.category,
        " / ".join(q.label for q in t.quantities(t.orders)),
        " / ".join(q.label for q in t.quantities(t.deliveries)),
        ", ".join(r.event.date.label() for r in t.orders),
        ", ".join(r.event.date.label() for r in t.deliveries),
        t.status_text,
        t.confidence.label(),
    ]


def transfer_csv(log: Log, t: Transfer) -> dict[str, Any]:
    """A flat record for CSV: the table's cells plus ids."""
    return {
        "story": t.story,
        "supplier": t.supplier,
        "recipient": t.recipient,
        "system": t.name,
        "category": t.category,
        "ordered": " / ".join(q.label for q in t.quantities(t.orders)),
        "delivered": " / ".join(q.label for q in t.quantities(t.deliveries)),
        "ordered_on": ", ".join(r.event.date.label() for r in t.orders),
        "delivered_on": ", ".join(r.event.date.label() for r in t.deliveries),
        "status": t.status,
        "status_text": t.status_text,
        "confidence": t.confidence.label(),
        "sources": "; ".join(t.sources),
        "events": "; ".join(t.events),
    }


def promise_csv(p: Promise) -> dict[str, Any]:
    cells = promise_cells(p)
    return {
        "id": p.event.id,
        "date": p.event.date.text,
        "title": p.event.title,
        "systems": cells[1],
        "suppliers": "; ".join(p.suppliers),
        "recipients": "; ".join(p.recipients),
        "announced_by": "; ".join(p.announced_by),
        "status": p.status,
        "status_note": p.status_note,
        "elapsed": p.elapsed.text,
        "months_min": p.elapsed.low,
        "months_max": "" if p.elapsed.high is None else p.elapsed.high,
        "counted_to": p.elapsed.end.text,
        "confidence": p.confidence.label(),
        "sources": "; ".join(p.sources),
    }


def promises_view(log: Log, items: Sequence[Promise]) -> Listing:
    return Listing(
        "promises",
        PROMISE_HEADERS,
        [promise_cells(p) for p in items],
        lambda: [promise_record(log, p) for p in items],
        RECORDS_VERSION,
        lambda: [promise_csv(p) for p in items],
    )


def transfers_view(log: Log, items: Sequence[Transfer]) -> Listing:
    return Listing(
        "transfers",
        TRANSFER_HEADERS,
        [transfer_cells(t) for t in items],
        lambda: [transfer_record(log, t) for t in items],
        RECORDS_VERSION,
        lambda: [transfer_csv(log, t) for t in items],
    )
