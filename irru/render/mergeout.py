"""`irru merge`'s report: one line per finding (text) or one JSON document (docs/json.md)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ..hints import plural
from ..inert import inert
from ..merge import KINDS, Finding, MergeReport, Side

MERGE_JSON_VERSION = 1


def _at(s: Side) -> str:
    return f"{s.file}:{s.line}"


def finding_line(f: Finding) -> str:
    if f.a.id == f.b.id:
        what = f"{f.record} '{f.a.id}' ({_at(f.a)}, {_at(f.b)})"
    else:
        what = f"{f.record} '{f.a.id}' ({_at(f.a)}) and {f.record} '{f.b.id}' ({_at(f.b)})"
    return inert(f"{f.kind}: {what}: {f.detail}")


def summary(r: MergeReport) -> str:
    counts = r.counts()
    parts = [plural(n, k) for k, n in counts.items() if n]
    verdict = "conflicts to resolve before merging" if r.conflicts else "no conflicts"
    return inert(f"{r.a} and {r.b}: {', '.join(parts) or 'nothing in common'}; {verdict}")


def plain(r: MergeReport) -> Iterator[str]:
    for f in r.findings:
        yield finding_line(f)
    yield summary(r)


def document(r: MergeReport) -> dict[str, Any]:
    def side(s: Side) -> dict[str, Any]:
        return {"id": s.id, "file": s.file, "line": s.line}

    return {
        "version": MERGE_JSON_VERSION,
        "a": r.a,
        "b": r.b,
        "conflicts": r.conflicts,
        "counts": {k: r.counts()[k] for k in KINDS},
        "findings": [
            {
                "kind": f.kind,
                "conflict": f.is_conflict,
                "record": f.record,
                "a": side(f.a),
                "b": side(f.b),
                "detail": f.detail,
            }
            for f in r.findings
        ],
    }


def as_json(r: MergeReport) -> Iterator[str]:
    yield json.dumps(document(r), ensure_ascii=False, indent=2)
