"""`irru export annotations`: anchored quotes as W3C Web Annotations (JSON-LD), loadable into annotation tools
such as Hypothesis (pure).

One ``Annotation`` per quoted claim with an anchor (irru anchor): its target is the source's page (``source``:
the page's URL; ``state``: the archived copy and the capture's time) with a ``TextQuoteSelector`` (exact,
prefix, suffix) and a ``TextPositionSelector`` (start, end); its body says what the log makes of the quote (the
event, the stance, the speaker). All in an ``AnnotationCollection`` with one page.
https://www.w3.org/TR/annotation-model/
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from ..model import Log
from ..query import Row
from .prov import iri

CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def document(log: Log, rows: Sequence[Row], *, label: str) -> dict[str, Any]:
    items: list[dict[str, Any]] = []
    for row in rows:
        e = row.event
        for n, c in enumerate(e.claims, 1):
            a = c.anchor
            if a is None or not c.quoted:
                continue
            s = log.sources[c.source]
            target: dict[str, Any] = {
                "source": s.url or iri("source", s.id),
                "selector": [
                    {"type": "TextQuoteSelector", "exact": a.exact, "prefix": a.prefix, "suffix": a.suffix},
                    {"type": "TextPositionSelector", "start": a.start, "end": a.end},
                ],
            }
            if s.archive is not None:
                state: dict[str, Any] = {"type": "TimeState", "sourceDate": s.archive.accessed}
                if s.archive.url:
                    state["cached"] = s.archive.url
                target["state"] = state
            body = f"{log.speaker_label(c)} {c.stance}: {e.title} (irru event {e.id}, claim {n}; {c.date.label()})"
            items.append(
                {
                    "id": iri("annotation", f"{e.id}/{n}"),
                    "type": "Annotation",
                    "motivation": "describing",
                    "body": {"type": "TextualBody", "value": body, "format": "text/plain"},
                    "target": target,
                }
            )
    return {
        "@context": CONTEXT,
        "id": iri("annotations", label),
        "type": "AnnotationCollection",
        "label": label,
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }


def annotations_json(log: Log, rows: Sequence[Row], *, label: str) -> Iterator[str]:
    from ..render.machine import dumps

    yield dumps(document(log, rows, label=label), indent=2)
