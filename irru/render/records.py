"""Records for `irru diff`, `irru promises` and `irru transfers`: the JSON contracts (docs/json.md), and the
table cells the text formats show. Data, not display strings: ISO dates with earliest/latest, null for absent,
quantities as intervals with units, confidence as an object."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..confidence import confidence_record
from ..diff import KINDS, Comparison, Difference, Said, quantity_record, span_record
from ..ledger import Elapsed, Promise, Transfer
from ..model import Log
from ..query import Row

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
                "id": s.system, "name": s.name, "promised": quantity_record(s.promised) if s.promised else None,
                "status": s.status, "delivered": quantity_record(s.delivered) if s.delivered else None,
                "deliveries": [r.event.id for r in s.deliveries],
            }  # fmt: skip
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
    "Supplier", "Recipient", "System", "Category", "Ordered", "Delivered", "Order date", "Delivery date", "Status",
    "Confidence",
]  # fmt: skip


def transfer_cells(t: Transfer) -> list[str]:
    return [
        t.supplier, t.recipient, t.name, t.category,
        " / ".join(q.text for q in t.quantities(t.orders)), " / ".join(q.text for q in t.quantities(t.deliveries)),
        ", ".join(r.event.date.label() for r in t.orders), ", ".join(r.event.date.label() for r in t.deliveries),
        t.status_text, t.confidence.label(),
    ]  # fmt: skip


def transfer_csv(log: Log, t: Transfer) -> dict[str, Any]:
    """A flat record for CSV: the table's cells plus ids."""
    return {
        "story": t.story, "supplier": t.supplier, "recipient": t.recipient, "system": t.name, "category": t.category,
        "ordered": " / ".join(q.text for q in t.quantities(t.orders)),
        "delivered": " / ".join(q.text for q in t.quantities(t.deliveries)),
        "ordered_on": ", ".join(r.event.date.label() for r in t.orders),
        "delivered_on": ", ".join(r.event.date.label() for r in t.deliveries),
        "status": t.status, "status_text": t.status_text, "confidence": t.confidence.label(),
        "sources": "; ".join(t.sources), "events": "; ".join(t.events),
    }  # fmt: skip


def promise_csv(p: Promise) -> dict[str, Any]:
    cells = promise_cells(p)
    return {
        "id": p.event.id, "date": p.event.date.text, "title": p.event.title, "systems": cells[1],
        "suppliers": "; ".join(p.suppliers), "recipients": "; ".join(p.recipients),
        "announced_by": "; ".join(p.announced_by), "status": p.status, "status_note": p.status_note,
        "elapsed": p.elapsed.text, "months_min": p.elapsed.low,
        "months_max": "" if p.elapsed.high is None else p.elapsed.high, "counted_to": p.elapsed.end.text,
        "confidence": p.confidence.label(), "sources": "; ".join(p.sources),
    }  # fmt: skip


def machine_lines(fmt: str, kind: str, records: list[dict[str, Any]], flat: list[dict[str, Any]], headers: list[str]) -> Iterator[str]:
    """json (one document, version 2), jsonl (one record a line) or csv (flat records, one row each)."""
    from .machine import csv_lines, dumps

    if fmt == "json":
        yield dumps({"version": RECORDS_VERSION, kind: records})
    elif fmt == "jsonl":
        yield from (dumps(r) for r in records)
    else:
        columns = list(flat[0]) if flat else headers
        yield from csv_lines(columns, iter([["" if v is None else str(v) for v in r.values()] for r in flat]))
