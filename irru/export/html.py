"""`irru export html`: one self-contained HTML page (pure; needs jinja2, the ``export`` extra).

Everything is inline: the stylesheet, the script and the data. A Content-Security-Policy meta tag allows no
remote load at all and only this page's own script and style (by their SHA-256), so a hostile log can neither
run code nor fetch anything even if a string escaped escaping. Log text reaches the page only through jinja2's
autoescape or as JSON inside a non-executed ``application/json`` block with ``<``, ``>`` and ``&`` escaped.

The as-of control keeps no confidence rule: each event carries its flag at every day it can change, computed
here by irru/confidence.py (``facts.flag_steps``), and report.js looks the day up. tests/test_export.py checks
the embedded flags against ``irru timeline --as-of`` on every change day; tests/test_browser.py checks the page.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from datetime import date
from importlib import resources
from typing import Any

from ..confidence import FLAGS
from ..dates import iso
from ..model import Log, likelihood_words
from ..query import FLAG_ORDER, Row
from ..render.common import actors_text, claim_sources
from .facts import (
    chain_sources,
    event_actor_keys,
    flag_shown,
    flag_steps,
    lineage_ids,
    relay_chain,
    safe_url,
    split_label,
)


class MissingJinja(ImportError):
    """jinja2 is not installed (the ``export`` extra)."""


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def json_for_script(obj: Any) -> str:
    """JSON safe inside <script type="application/json">: no '<', '>' or '&' can end the block."""
    from ..render.machine import dumps  # no raw C1, bidi or separator character either

    text = dumps(obj, sort_keys=False)
    return (
        text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    )  # fmt: skip


def page_data(log: Log, rows: Sequence[Row], *, as_of: date | None) -> dict[str, Any]:
    """What the script needs: each event's flag (now, and at each day it can change) and what the filters match."""
    events = []
    for row in rows:
        e = row.event
        claims = [
            {
                "i": i,
                "end": iso(c.date.known_last),  # the claim is shown as of a day on or after this one
                "lineage": lineage_ids(log, c.by) if c.by else [],
                "systems": list(c.values.systems) if c.values else [],
                "text": c.text,
            }
            for i, c in enumerate(row.claims)
        ]
        events.append(
            {
                "id": e.id,
                "title": e.title,
                "summary": e.summary or "",
                "story": e.story,
                "actors": event_actor_keys(log, e),
                "systems": [u.system for u in e.systems],
                "flag": flag_shown(row.confidence),  # with no day asked: the claims the page was made with
                "steps": flag_steps(log, e, row.claims),
                "claims": claims,
            }
        )
    return {"asOf": as_of.isoformat() if as_of else None, "events": events}


def _view(log: Log, rows: Sequence[Row]) -> dict[str, Any]:
    """The chronology as the template shows it, grouped by year."""
    years: dict[str, list[dict[str, Any]]] = {}
    used_sources: dict[str, None] = {}
    for row in rows:
        e, conf = row.event, row.confidence
        claims = []
        for c in row.claims:
            chain = relay_chain(log, c)
            used_sources.update(dict.fromkeys(chain_sources(chain)))
            claims.append(
                {
                    "speaker": log.speaker_label(c),
                    "stance": c.stance,
                    "date": c.date.label(),
                    "end": c.date.known_last.isoformat() if c.date.known_last else "",
                    "text": c.text,
                    "quoted": c.quoted,
                    "anonymous": c.anonymous,
                    "chain": [{"id": sid, "label": label} for sid, label in chain],
                    "estimate": "; ".join(
                        x
                        for x in (
                            c.likelihood and likelihood_words(c.likelihood),
                            c.analytic_confidence and f"{c.analytic_confidence} confidence",
                        )
                        if x
                    ),
                }
            )
        used_sources.update(dict.fromkeys(claim_sources(row.claims)))
        year = str(e.date.year) if e.date.year else "undated"
        years.setdefault(year, []).append(
            {
                "id": e.id,
                "date": e.date.label(),
                "title": e.title,
                "type": e.type,
                "story": e.story,
                "actors": actors_text(log, e),
                "systems": ", ".join(
                    log.systems[u.system].name + (f" ({u.quantity.label})" if u.quantity else "") for u in e.systems
                ),
                "summary": e.summary,
                "flag": conf.flag,
                "label": split_label(conf.label()),
                "rule": conf.rule,
                "claims": claims,
            }
        )
    sources = [
        {
            "id": s.id,
            "publisher": s.publisher,
            "title": s.title,
            "authors": ", ".join(s.authors),
            "published": s.published.label(),
            "url": safe_url(s.url),
            "raw_url": s.url if not safe_url(s.url) else None,
            "grade": s.grade,
            "kind": s.kind,
        }
        for s in sorted((log.sources[i] for i in used_sources), key=lambda s: (s.published.sort_key(), s.id))
    ]
    actor_ids = {k for row in rows for k in event_actor_keys(log, row.event)}
    actor_ids |= {a for row in rows for c in row.claims if c.by for a in lineage_ids(log, c.by)}
    system_ids = {u.system for row in rows for u in row.event.systems}
    system_ids |= {s for row in rows for c in row.claims if c.values for s in c.values.systems}
    return {
        "years": list(years.items()),
        "sources": sources,
        "actors": sorted(((a, log.actors[a].name) for a in actor_ids), key=lambda p: p[1].casefold()),
        "systems": sorted(((s, log.systems[s].name) for s in system_ids), key=lambda p: p[1].casefold()),
        "stories": sorted({row.event.story for row in rows if row.event.story}),
        "flags": FLAG_ORDER,
        "flag_meanings": [(f, FLAGS[f]) for f in FLAG_ORDER if f in FLAGS],
    }


def render(log: Log, rows: Sequence[Row], *, title: str, as_of: date | None, filters: str = "") -> str:
    """The whole page as one string."""
    try:
        import jinja2
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise MissingJinja(str(e)) from None

    script, style = _asset("report.js"), _asset("report.css")
    env = jinja2.Environment(
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True, finalize=_inert
    )
    template = env.from_string(_asset("report.html.j2"))
    csp = (
        "default-src 'none'; base-uri 'none'; form-action 'none'; "
        f"script-src {_csp_hash(script)}; style-src {_csp_hash(style)}"
    )
    claim_days = sorted({c.date.known_last for row in rows for c in row.claims if c.date.known_last})
    return template.render(
        title=title, csp=_markup(csp),  # our own text, with no double quote or angle bracket
        style=_markup(style),
        script=_markup(script), data=_markup(json_for_script(page_data(log, rows, as_of=as_of))),
        as_of=as_of.isoformat() if as_of else "", filters=filters, count=len(rows),
        first_day=claim_days[0].isoformat() if claim_days else "", last_day=claim_days[-1].isoformat() if claim_days else "",
        analyses=analyses(log, rows, as_of=as_of),
        **_view(log, rows),
    )  # fmt: skip


def _inert(value: Any) -> Any:
    """Every value put into the page's text and attributes: control and bidi characters made visible escapes,
    as on a terminal (the page may be printed to one, and a browser shows them as nothing or reorders text)."""
    from markupsafe import Markup

    if isinstance(value, str) and not isinstance(value, Markup):
        from ..inert import inert

        return inert(value)
    return value


def analyses(log: Log, rows: Sequence[Row], *, as_of: date | None) -> list[dict[str, Any]]:
    """The competing-hypotheses matrix (irru ach) of every analysis anchored on an exported event, as of the
    page's day: computed here, in Python, like every figure on the page."""
    from .. import ach
    from ..render.ach import evidence_text

    shown = {row.event.id for row in rows}
    out = []
    for anchor in ach.analyses(log):
        if anchor.id not in shown:
            continue
        m = ach.matrix(log, anchor, as_of=as_of)
        names = {h.id: f"H{i}" for i, h in enumerate(m.hypotheses, 1)}
        out.append(
            {
                "id": anchor.id,
                "story": m.story,
                "title": anchor.title,
                "heads": [names[h.id] for h in m.hypotheses],
                "ranked": [
                    {"name": names[h], "id": h, "text": m.hypothesis(h).text, "score": f"{m.scores[h]:.2f}"}
                    for h in m.ranking
                ],
                "tied": m.tied(),
                "rows": [
                    {
                        "name": f"E{i}",
                        "key": r.key,
                        "event": r.event.id,
                        "cells": [r.code(h.id) for h in m.hypotheses],
                        "weight": f"{r.weight:.2f}",
                        "diagnosticity": f"{r.diagnosticity:.2f}",
                        "what": evidence_text(log, r),
                        "original": f"{r.original_label} (grade {r.grade})",
                    }
                    for i, r in enumerate(m.rows, 1)
                ],
            }
        )
    return out


def _markup(text: str) -> Any:
    from markupsafe import Markup

    return Markup(text)
