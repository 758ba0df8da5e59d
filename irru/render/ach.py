"""`irru ach`: the matrix of competing hypotheses as styled lines (plain drops the styles), Markdown and JSON.

Lines stay readable at 80 columns: the ratings of a row are short codes (CC C N I II NA) in one column per
hypothesis, and what the evidence is comes on the lines under it, stacked, never squeezed into a cell.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from ..ach import CODES, Matrix, Row, Test, hanging_on
from ..hints import plural
from ..inert import inert
from ..model import Event, Log
from .common import claim_record
from .machine import dumps
from .markdown import md

Line = tuple[str, str]  # (text, rich style)


def _n(x: float) -> str:
    return f"{x:.2f}"


def _signed(x: float) -> str:
    return f"{x:+.2f}"


def _names(m: Matrix) -> dict[str, str]:
    """H1, H2, ... in the order the log gives the hypotheses."""
    return {h.id: f"H{i}" for i, h in enumerate(m.hypotheses, 1)}


def _evidence_names(m: Matrix) -> dict[str, str]:
    return {r.key: f"E{i}" for i, r in enumerate(m.rows, 1)}


def evidence_text(log: Log, r: Row) -> str:
    """Who says what, where: ``Wire A (wire, grade B), 1 Mar 2024, officials, unnamed (anonymous): asserts …``."""
    if r.claim is None:
        return f"the event as a whole: {r.event.title}"
    c = r.claim
    s = log.sources.get(c.source)
    where = f"{s.publisher} ({s.kind}, grade {s.grade})" if s else c.source
    who = log.speaker_label(c)
    if c.anonymous and "anonym" not in who.casefold() and "unnamed" not in who.casefold():
        who += " (anonymous)"
    text = f'"{c.text}"' if c.quoted else c.text
    return f"{where}, {c.date.label()}, {who}: {c.stance} {text}"


def lines(log: Log, m: Matrix, tests: Sequence[Test] | None = None) -> Iterator[Line]:
    h_names = _names(m)
    e_names = _evidence_names(m)
    originals = len({r.original for r in m.rows})
    yield (inert(f"{m.anchor.title}: competing hypotheses"), "bold")
    yield (inert(f"story {m.story}, anchored on event {m.anchor.id}"), "dim")
    as_of = f" known on {m.as_of.isoformat()}" if m.as_of else ""
    analysts = ", ".join(m.analysts) or "nobody"
    yield (
        inert(
            f"{plural(len(m.rows), 'piece')} of evidence{as_of} resting on {plural(originals, 'independent original')};"
            f" rated by {analysts}"
        ),
        "",
    )
    yield ("", "")
    yield ("Hypotheses, least inconsistent first (weighted inconsistency: lower fits the evidence better)", "bold")
    width = max((len(h) for h in m.ranking), default=0)
    for rank, hid in enumerate(m.ranking, 1):
        h = m.hypothesis(hid)
        tie = " (tied)" if rank > 1 and abs(m.scores[hid] - m.scores[m.ranking[rank - 2]]) < 1e-9 else ""
        style = "bold green" if rank == 1 else ""
        yield (inert(f"  {rank}. {h_names[hid]} {hid:<{width}}  {_n(m.scores[hid])}{tie}  {h.text}"), style)
    if m.tied():
        yield ("  The first two are tied: the evidence rated so far does not choose between them.", "yellow")
    if not m.rows:
        yield ("", "")
        yield ("No rated evidence was known on that day.", "yellow")
        return
    yield ("", "")
    head = "  ".join(f"{h_names[h.id]:<3}" for h in m.hypotheses)
    yield (f"Evidence   {head}  weight  diag", "bold")
    for r in m.rows:
        cells = "  ".join(f"{r.code(h.id):<3}" for h in m.hypotheses)
        yield (f"{e_names[r.key]:<10} {cells}  {_n(r.weight):>6}  {_n(r.diagnosticity):>4}", "")
        yield (inert(f"    {r.key}: {evidence_text(log, r)}"), "dim")
        shared = [e_names[o.key] for o in m.rows if o.original == r.original and o.key != r.key]
        with_ = f"; shared with {', '.join(shared)}: together they weigh as one" if shared else ""
        yield (inert(f"    rests on {r.original_label} (grade {r.grade}){with_}"), "dim")
        if r.flag:
            yield (inert(f"    event flag: {r.flag}"), "dim")
        for analyst, note in r.notes:
            yield (inert(f"    note ({analyst}): {note}"), "dim")
    deciding = m.deciding()
    if deciding:
        top, second = m.ranking[0], m.ranking[1]
        gap = m.scores[second] - m.scores[top]
        yield ("", "")
        yield (f"What decides it: {h_names[top]} {top} leads {h_names[second]} {second} by {_n(gap)}", "bold")
        for r, share in deciding:
            yield (inert(f"  {e_names[r.key]:<4} {_signed(share)}  {r.key}"), "" if share > 0 else "dim")
    disagree = [(r, hid, given) for r in m.rows for hid, given in r.disagreements()]
    if disagree:
        yield ("", "")
        yield ("Analysts disagree", "bold yellow")
        for r, hid, given in disagree:
            who = ", ".join(f"{a} {CODES[v]}" for a, v in given.items())
            yield (inert(f"  {e_names[r.key]} on {h_names[hid]} {hid}: {who}"), "yellow")
    if tests is not None:
        yield from _sensitivity_lines(m, tests, e_names)


def _sensitivity_lines(m: Matrix, tests: Sequence[Test], e_names: dict[str, str]) -> Iterator[Line]:
    yield ("", "")
    lead = m.ranking[0] if m.ranking else "-"
    yield (f"Sensitivity: does {lead} keep the lead without some of the evidence?", "bold")
    if not tests:
        yield ("  nothing to drop: every row is needed to rank at all", "dim")
    for t in tests:
        rows = ", ".join(e_names[r.key] for r in t.dropped)
        ranked = ", ".join(f"{h} {_n(t.scores[h])}" for h in t.ranking)
        verdict = f"CHANGES: {t.ranking[0]} leads" if t.changes else "holds"
        if t.changes and len(t.ranking) > 1 and abs(t.scores[t.ranking[0]] - t.scores[t.ranking[1]]) < 1e-9:
            verdict = f"CHANGES: {t.ranking[0]} and {t.ranking[1]} tie"
        yield (inert(f"  without {t.what} ({rows}): {verdict} ({ranked})"), "yellow" if t.changes else "")
    hangs = hanging_on(tests)
    if hangs:
        what = "; ".join(t.what for t in hangs)
        yield (inert(f"The ranking hangs on: {what}."), "bold yellow")
    elif tests:
        yield ("The ranking does not hang on any one of these.", "bold")


def listing(log: Log, anchors: Sequence[Event]) -> Iterator[str]:
    """Every analysis in the log, one a line."""
    if not anchors:
        yield "no analysis in this log: give an event 'hypotheses:' and 'evidence:' (docs/ach.md)"
        return
    for e in anchors:
        rows = len({(ev.event, ev.source, ev.by) for ev in e.evidence})
        n = len(e.hypotheses)
        hypotheses = f"{n} hypothesis" if n == 1 else f"{n} hypotheses"
        yield inert(
            f"{e.story or e.id}  {hypotheses}, {plural(rows, 'piece')} of evidence (anchored on {e.id}): {e.title}"
        )


def _md_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> Iterator[str]:
    """A Markdown table whose cells are already escaped (log text through :func:`md`; codes and figures as is)."""
    yield "| " + " | ".join(headers) + " |"
    yield "|" + "---|" * len(headers)
    for r in rows:
        yield "| " + " | ".join(r) + " |"


def markdown(log: Log, m: Matrix, tests: Sequence[Test] | None = None) -> Iterator[str]:
    h_names = _names(m)
    e_names = _evidence_names(m)
    yield f"## {md(m.anchor.title)}: competing hypotheses"
    yield ""
    yield f"Story `{m.story}`" + (f", evidence known on {m.as_of.isoformat()}" if m.as_of else "") + "."
    yield ""
    yield from _md_table(
        ["Rank", "Hypothesis", "Inconsistency", "Text"],
        [
            [str(i), f"{h_names[h]} `{h}`", _n(m.scores[h]), md(m.hypothesis(h).text)]
            for i, h in enumerate(m.ranking, 1)
        ],
    )
    yield ""
    yield from _md_table(
        ["Evidence", *[h_names[h.id] for h in m.hypotheses], "Weight", "Diagnosticity", "What"],
        [
            [
                f"{e_names[r.key]} `{r.key}`",
                *[r.code(h.id) for h in m.hypotheses],
                _n(r.weight),
                _n(r.diagnosticity),
                md(f"{evidence_text(log, r)} (rests on {r.original_label}, grade {r.grade})"),
            ]
            for r in m.rows
        ],
    )
    if tests is not None:
        yield ""
        yield from _md_table(
            ["Without", "Evidence dropped", "Leader", "Changes"],
            [
                [
                    md(t.what),
                    ", ".join(e_names[r.key] for r in t.dropped),
                    f"`{t.ranking[0]}`",
                    "yes" if t.changes else "no",
                ]
                for t in tests
            ],
        )


def _row_record(log: Log, r: Row) -> dict[str, Any]:
    return {
        "key": r.key,
        "event": r.event.id,
        "claim": claim_record(log, r.claim) if r.claim is not None else None,
        "original": {"kind": r.original.kind, "id": r.original.id, "label": r.original_label},
        "grade": r.grade,
        "shared_with": r.shared - 1,
        "credibility": r.credibility,
        "weight": round(r.weight, 6),
        "diagnosticity": round(r.diagnosticity, 6),
        "anonymous": r.anonymous,
        "event_flag": r.flag,
        "ratings": {h: dict(given) for h, given in r.ratings.items()},
        "notes": [{"analyst": a, "note": n} for a, n in r.notes],
    }


def as_json(log: Log, m: Matrix, tests: Sequence[Test] | None = None) -> Iterator[str]:
    doc: dict[str, Any] = {
        "version": 1,
        "as_of": m.as_of.isoformat() if m.as_of else None,
        "story": m.story,
        "anchor": m.anchor.id,
        "hypotheses": [
            {"id": h.id, "text": h.text, "inconsistency": round(m.scores[h.id], 6), "rank": m.ranking.index(h.id) + 1}
            for h in m.hypotheses
        ],
        "ranking": list(m.ranking),
        "tied": m.tied(),
        "evidence": [_row_record(log, r) for r in m.rows],
        "deciding": [{"key": r.key, "share": round(s, 6)} for r, s in m.deciding()],
        "disagreements": [
            {"key": r.key, "hypothesis": h, "ratings": given} for r in m.rows for h, given in r.disagreements()
        ],
    }
    if tests is not None:
        doc["sensitivity"] = [
            {
                "test": t.name,
                "without": t.what,
                "dropped": [r.key for r in t.dropped],
                "ranking": list(t.ranking),
                "inconsistency": {h: round(v, 6) for h, v in t.scores.items()},
                "changes": t.changes,
            }
            for t in tests
        ]
    yield dumps(doc, indent=2)
