"""`irru cache info` as text and as JSON (pure: the listing in, lines out)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator, Sequence

from ..inert import inert
from ..logfile.cache import Entry

LIMITS_NOTE = "(IRRU_CACHE_MAX_AGE_DAYS, IRRU_CACHE_MAX_MB)"


def plain(
    directory: str, problem: str | None, entries: Sequence[Entry], max_age_days: int, max_bytes: int
) -> Iterator[str]:
    if problem is not None:
        yield inert(f"cache: {directory} ({problem})")
        return
    total = sum(e.size for e in entries)
    count = f"{len(entries)} {'entry' if len(entries) == 1 else 'entries'}"
    yield inert(f"cache: {directory}")
    yield (
        f"{count}, {total / 1e6:.1f} MB; pruned after {max_age_days} days unused"
        f" or beyond {max_bytes // (1024 * 1024)} MB in all {LIMITS_NOTE}"
    )
    for e in entries:
        used = time.strftime("%Y-%m-%d %H:%M", time.localtime(e.used))
        events = ("1 event" if e.events == 1 else f"{e.events:,} events") if e.events is not None else "old format"
        yield inert(f"  {e.name[:12]}  {e.size / 1e6:8.1f} MB  last used {used}  {events}  {e.path or ''}".rstrip())


def as_json(
    directory: str, problem: str | None, entries: Sequence[Entry], max_age_days: int, max_bytes: int
) -> Iterator[str]:
    doc = {
        "directory": directory,
        "usable": problem is None or problem == "not created yet",
        "problem": problem,
        "max_age_days": max_age_days,
        "max_bytes": max_bytes,
        "entries": [
            {
                "key": e.name,
                "bytes": e.size,
                "last_used": time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(e.used)),
                "events": e.events,
                "log": e.path,
            }
            for e in entries
        ],
    }
    yield json.dumps(doc, ensure_ascii=False, indent=2)
