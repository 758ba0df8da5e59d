"""`irru watch` output: one block per source (plain), or one JSON document (for cron and CI)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..inert import inert
from ..watch import Watched
from .machine import dumps

WATCH_JSON_VERSION = 1


def plain(results: Iterable[Watched], where: str) -> Iterator[str]:
    """``source: status: message`` then each quote: ``  EVENT claim N (FILE:LINE): still-present`` and, for an
    edited quote, the diff of its passage."""
    for w in results:
        yield inert(f"{w.source}: {w.status}: {w.message}")
        for q in w.quotes:
            yield f"  {q.event} claim {q.claim} ({where}:{q.line}): {q.status}"
            for line in q.diff:
                yield "    " + inert(line)


def as_json(results: Iterable[Watched]) -> Iterator[str]:
    records = [
        {
            "source": w.source,
            "url": w.url,
            "status": w.status,
            "message": w.message,
            "capture": w.capture,
            "quotes": [
                {
                    "event": q.event,
                    "claim": q.claim,
                    "line": q.line,
                    "status": q.status,
                    "passage": q.passage or None,
                    "diff": list(q.diff),
                }
                for q in w.quotes
            ],
        }
        for w in results
    ]
    yield dumps({"version": WATCH_JSON_VERSION, "sources": records}, indent=2)
