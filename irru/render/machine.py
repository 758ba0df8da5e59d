"""JSON, JSON Lines and CSV: the documented, versioned machine formats (docs/json.md). Nothing else on stdout."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import Any

from ..inert import inert
from ..model import Log
from ..query import Row
from .common import claim_sources, event_record, source_record

JSON_VERSION = 1
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# What JSON may carry raw but a reader should never meet raw: DEL and C1 controls, bidi controls and marks,
# U+2028/U+2029 (line breaks to JavaScript and to some terminals) and lone surrogates. json.dumps already
# escapes C0 controls; these are escaped the same way (\\u202e), so the JSON stays valid and decodes to the same text.
_RAW_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")


def _json_escape(m: re.Match[str]) -> str:
    return f"\\u{ord(m.group()):04x}"


def dumps(obj: Any, **kwargs: Any) -> str:
    """JSON with non-ASCII text kept readable, and every invisible or reordering character escaped."""
    text = json.dumps(obj, ensure_ascii=False, **kwargs)
    if text.isascii() and "\x7f" not in text:  # every character _RAW_UNSAFE escapes but DEL is beyond ASCII
        return text
    return _RAW_UNSAFE.sub(_json_escape, text)


def timeline_json(log: Log, rows: Sequence[Row], *, as_of: date | None) -> Iterator[str]:
    """One JSON document, written event by event so that large results stream."""
    yield "{"
    yield f'  "version": {JSON_VERSION},'
    yield f'  "as_of": {dumps(as_of.isoformat() if as_of else None)},'
    yield f'  "count": {len(rows)},'
    yield '  "events": ['
    used: dict[str, None] = {}
    for i, row in enumerate(rows):
        used.update(dict.fromkeys(claim_sources(row.claims)))
        yield "    " + dumps(event_record(log, row)) + ("," if i < len(rows) - 1 else "")
    yield "  ],"
    sources = {sid: source_record(log.sources[sid]) for sid in used}
    yield f'  "sources": {dumps(sources)}'
    yield "}"


def timeline_jsonl(log: Log, rows: Sequence[Row]) -> Iterator[str]:
    for row in rows:
        yield dumps(event_record(log, row))


def planned_json(
    log: Log, count: int, lines: Iterable[tuple[Sequence[str], str]], *, as_of: date | None = None
) -> Iterator[str]:
    """:func:`timeline_json` from ready JSON texts of the events (cache.CachedLog.planned_lines), each with the
    sources its claims cite."""
    yield "{"
    yield f'  "version": {JSON_VERSION},'
    yield f'  "as_of": {dumps(as_of.isoformat() if as_of else None)},'
    yield f'  "count": {count},'
    yield '  "events": ['
    used: dict[str, None] = {}
    held = None
    for cited, line in lines:
        used.update(dict.fromkeys(cited))
        if held is not None:
            yield "    " + held + ","
        held = line
    if held is not None:
        yield "    " + held
    yield "  ],"
    sources = {sid: source_record(log.sources[sid]) for sid in used}
    yield f'  "sources": {dumps(sources)}'
    yield "}"


CSV_COLUMNS = (
    "id",
    "date",
    "start",
    "end",
    "precision",
    "title",
    "type",
    "actors",
    "systems",
    "tags",
    "confidence",
    "confidence_who",
    "sources",
    "claims",
)


def neutral(cell: str) -> str:
    """Spreadsheet-safe: a cell starting with = + - @ (or tab/CR) gets a leading apostrophe, and control
    characters become visible escapes (CSV is often looked at in a terminal)."""
    cell = "'" + cell if cell.startswith(FORMULA_START) else cell
    return inert(cell)


def csv_lines(header: Sequence[str], rows: Iterator[Sequence[str]]) -> Iterator[str]:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    for r in rows:
        writer.writerow([neutral(c) for c in r])
        yield buf.getvalue()[:-1]
        buf.seek(0)
        buf.truncate()
    # the header is flushed with the first row; an empty result still gets its header
    if buf.getvalue():
        yield buf.getvalue()[:-1]


def timeline_csv(log: Log, rows: Sequence[Row]) -> Iterator[str]:
    return records_csv(event_record(log, row) for row in rows)


def records_csv(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    """`timeline --format csv` from the events' JSON records (:func:`event_record`, or the stored texts of the
    planned path, read back), one row per record as it comes."""

    def cells() -> Iterator[list[str]]:
        for rec in records:
            yield [
                rec["id"],
                rec["date"],
                rec["start"] or "",
                rec["end"] or "",
                rec["precision"],
                rec["title"],
                rec["type"],
                "; ".join(f"{a['id']}:{a['role']}" for a in rec["actors"]),
                "; ".join(s["id"] + (f" ({s['quantity']})" if s["quantity"] else "") for s in rec["systems"]),
                "; ".join(rec["tags"]),
                rec["confidence"]["flag"],
                rec["confidence"]["who"],
                "; ".join(rec["sources"]),
                str(len(rec["claims"])),
            ]

    return csv_lines(CSV_COLUMNS, cells())


def records_json(kind: str, records: Sequence[dict[str, Any]], *, version: int = JSON_VERSION) -> Iterator[str]:
    yield dumps({"version": version, kind: list(records)})


def records_jsonl(records: Sequence[dict[str, Any]]) -> Iterator[str]:
    for r in records:
        yield dumps(r)


def event_json(log: Log, row: Row) -> Iterator[str]:
    """`irru show --format json`: one event object."""
    yield dumps(event_record(log, row))


def stats_json(total: int, groups: Sequence[tuple[str, Sequence[tuple[str, int]]]]) -> Iterator[str]:
    yield dumps({"version": JSON_VERSION, "total": total, **{f"by_{d}": dict(items) for d, items in groups}})


def chart_json(by: str, periods: Sequence[tuple[str, dict[str, int]]]) -> Iterator[str]:
    """`irru stats --chart --format json`: events per period, counted by flag."""
    records = [{"period": p, "total": sum(c.values()), "confidence": c} for p, c in periods]
    yield dumps({"version": JSON_VERSION, "by": by, "periods": records})
