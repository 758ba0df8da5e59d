"""`irru export csl`: the sources behind the selected events as CSL-JSON, the format Zotero, Pandoc and
citeproc read (pure). https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html

Each source is one item: its id, a CSL type from its kind, title, the publisher as container (a newspaper, a
wire, a think tank), authors as written (``literal`` names: irru does not split names it cannot know), the
publication date at the precision the log gives (a range at the precision its ends share), the URL, the time it was accessed
and its archived copy (``archive_location``); its grade, kind and the date as written in ``note``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from ..dates import Point, Span
from ..model import Log
from ..query import Row
from ..trace import relay_hops

CSL_TYPES = {
    "news": "article-newspaper",
    "wire": "article-newspaper",
    "state-media": "article-newspaper",
    "analysis": "report",
    "op-ed": "article-newspaper",
    "official-statement": "document",
    "intelligence-assessment": "report",
    "blog": "post-weblog",
    "social-media": "post",
    "reference": "entry-encyclopedia",
}


def date_parts(span: Span) -> dict[str, Any] | None:
    """``{"date-parts": [[2024, 2, 21]]}`` at the precision the log gives; a range at the precision its two ends
    share (2023-09-02/2023-09-04 is September 2023: never more precise than the evidence); None when the ends
    share no year or one is open (the note keeps the date as written). Approximate dates are marked ``circa``."""
    if span.start is None or span.end is None:
        return None
    first, last = _parts(span.start), _parts(span.end)
    shared = []
    for a, b in zip(first, last, strict=False):
        if a != b:
            break
        shared.append(a)
    if not shared:
        return None
    out: dict[str, Any] = {"date-parts": [shared]}
    if any(p.approximate or p.uncertain for p in (span.start, span.end)):
        out["circa"] = True
    return out


def _parts(p: Point) -> list[int]:
    return [p.year, *([p.month] if p.month is not None else []), *([p.day] if p.day is not None else [])]


def items(log: Log, rows: Sequence[Row]) -> list[dict[str, Any]]:
    wanted: dict[str, None] = {}
    for row in rows:
        for c in row.event.claims:
            wanted[c.source] = None
            wanted.update((h.id, None) for h in relay_hops(c) if h.kind == "source")
    out = []
    for sid in wanted:
        s = log.sources[sid]
        item: dict[str, Any] = {
            "id": s.id, "type": CSL_TYPES.get(s.kind, "document"), "title": s.title,
            "container-title": s.publisher, "publisher": s.publisher,
        }  # fmt: skip
        if s.authors:
            item["author"] = [{"literal": a} for a in s.authors]
        issued = date_parts(s.published)
        if issued is not None:
            item["issued"] = issued
        if s.url:
            item["URL"] = s.url
        if s.archive is not None:
            day = s.archive.accessed[:10].split("-")
            item["accessed"] = {"date-parts": [[int(x) for x in day]]}
            if s.archive.url:
                item["archive_location"] = s.archive.url
        item["note"] = f"irru source {s.id}; grade {s.grade}; kind {s.kind}; published {s.published.text}"
        out.append(item)
    return out


def csl_json(log: Log, rows: Sequence[Row]) -> Iterator[str]:
    from ..render.machine import dumps

    yield dumps(items(log, rows), indent=2)
