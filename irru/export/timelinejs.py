"""`irru export timelinejs`: Knight Lab's TimelineJS3 JSON format (pure).

https://timeline.knightlab.com/docs/json-format.html: an object with ``events`` (slides) and an optional
``title`` slide. A slide needs ``start_date`` (a date object with at least ``year``); ``end_date``, ``text``
(``headline`` and ``text``, both read as HTML by TimelineJS, so every log string is HTML-escaped here),
``group``, ``display_date`` and ``unique_id`` are optional. Dates carry only the precision the log has: a
month-precise event gets no day. ``display_date`` is irru's own label, with ``c.`` (approximate), ``?``
(uncertain), ``by`` (open start) and ``from`` (open end), because TimelineJS has no notion of these.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from html import escape
from typing import Any

from ..dates import Point
from ..model import Log
from ..query import Row
from ..render.common import actors_text, claim_sources
from .facts import safe_url, split_label


def tl_date(point: Point) -> dict[str, int]:
    """A TimelineJS date object at the point's precision (year; year and month; or year, month and day)."""
    out = {"year": point.year}
    if point.month is not None:
        out["month"] = point.month
    if point.day is not None:
        out["day"] = point.day
    return out


def _text(log: Log, row: Row) -> str:
    e, conf = row.event, row.confidence
    head, rest = split_label(conf.label())
    parts = [f"<p><strong>{escape(head)}</strong>{escape(rest)}</p>"]
    who = actors_text(log, e)
    if who:
        parts.append(f"<p>{escape(e.type)} · {escape(who)}</p>")
    if e.summary:
        parts.append(f"<p>{escape(e.summary)}</p>")
    claims = []
    for c in row.claims:
        src = log.sources[c.source]
        via = f" (via {escape(' ← '.join(log.relay_label(r) for r in c.relays))})" if c.relays else ""
        claims.append(
            f"<li>{escape(log.speaker_label(c))} <em>{escape(c.stance)}</em>, {escape(c.date.label())}:"
            f" {escape(c.text)} — {escape(src.publisher)}{via}</li>"
        )
    parts.append("<ul>" + "".join(claims) + "</ul>")
    links = []
    for sid in claim_sources(row.claims):
        s = log.sources[sid]
        url = safe_url(s.url)
        name = escape(f"{s.publisher}, {s.title}, {s.published.label()}")
        links.append(f'<li><a href="{escape(url)}">{name}</a></li>' if url else f"<li>{name}</li>")
    parts.append("<p>Sources:</p><ul>" + "".join(links) + "</ul>")
    return "".join(parts)


def slide(log: Log, row: Row) -> dict[str, Any]:
    e = row.event
    start, end = e.date.start, e.date.end
    out: dict[str, Any] = {}
    # An open start ("by 7 Oct 2023") is placed at its known end; an open end ("from Aug 2022") at its start.
    anchor = start if start is not None else end
    assert anchor is not None  # the loader rejects dates open at both ends
    out["start_date"] = tl_date(anchor)
    if start is not None and end is not None and end is not start:
        out["end_date"] = tl_date(end)
    out["display_date"] = e.date.label()
    out["text"] = {"headline": escape(e.title), "text": _text(log, row)}
    if e.story:
        out["group"] = e.story
    out["unique_id"] = e.id
    out["autolink"] = False
    return out


def document(log: Log, rows: Sequence[Row], *, title: str, as_of: date | None) -> dict[str, Any]:
    known = f" Claims made by {as_of.isoformat()}." if as_of else ""
    return {
        "title": {
            "text": {
                "headline": escape(title),
                "text": escape(f"{len(rows)} events, each with who says so and how sure it is.{known} Made with irru."),
            }
        },
        "events": [slide(log, row) for row in rows],
    }


def timelinejs(log: Log, rows: Sequence[Row], *, title: str, as_of: date | None) -> Iterator[str]:
    from ..render.machine import dumps  # the escaping of every JSON irru writes: no raw C1 or bidi controls

    yield dumps(document(log, rows, title=title, as_of=as_of), indent=1)
