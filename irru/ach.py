"""Analysis of Competing Hypotheses (Heuer) over the log's own claims: the matrix, its scores and its sensitivity.

An analysis is anchored on an event that carries ``hypotheses`` and ``evidence`` ratings (docs/format.md); its
evidence is the claims (or whole events) of the anchor's story that analysts rated. What ACH tools leave to the
analyst, the log already knows, and the scores use it (docs/ach.md gives every formula):

- **Credibility** of a row is the grade of the original it rests on (the source a relay chain ends at, as
  :mod:`irru.trace` finds it), not of the outlet that repeated it: ``A 1.0, B 0.8, C 0.6, D 0.4, E 0.2, F 0.5``.
- **Independence**: rows resting on one original share its weight, so ten relays of one wire story weigh as one.
- **Inconsistency** of a hypothesis is the sum over rows of ``weight × cell``, where a cell is ``I`` = 1 and
  ``II`` = 2 (``CC``, ``C``, ``N`` count 0; ``NA`` and unrated cells are left out), averaged over the analysts who
  rated it. Hypotheses rank from the least inconsistent: Heuer's rule that evidence refutes, it does not prove.
- **Diagnosticity** of a row is the spread of its signed ratings (``CC`` +2 … ``II`` −2) across hypotheses: a row
  consistent with every hypothesis (spread 0) helps choose none.
- **As of a day** only claims made by then are evidence (:func:`irru.confidence.claims_as_of`).

Pure functions of the log; nothing here knows the terminal.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from .confidence import assess, claims_as_of
from .model import Claim, Event, Evidence, Hypothesis, Log
from .trace import Hop, hop_label, trace

GRADE_WEIGHTS: dict[str, float] = {"A": 1.0, "B": 0.8, "C": 0.6, "D": 0.4, "E": 0.2, "F": 0.5}
INCONSISTENCY: dict[str, int] = {"very-inconsistent": 2, "inconsistent": 1}
SIGNED: dict[str, int] = {
    "very-consistent": 2,
    "consistent": 1,
    "neutral": 0,
    "inconsistent": -1,
    "very-inconsistent": -2,
}
CODES: dict[str, str] = {
    "very-consistent": "CC",
    "consistent": "C",
    "neutral": "N",
    "inconsistent": "I",
    "very-inconsistent": "II",
    "not-applicable": "NA",
}
WEAK_GRADES = frozenset("DEF")


@dataclass(frozen=True)
class Row:
    """One piece of evidence: a claim (or an event as a whole) with every analyst's ratings of it."""

    key: str  # EVENT/SOURCE[@BY], or EVENT for an event as a whole
    event: Event
    claim: Claim | None
    original: Hop  # what it rests on; rows sharing one share its weight
    original_label: str
    grade: str  # of the original
    flag: str  # the event's confidence flag on the day of the matrix
    anonymous: bool
    ratings: dict[str, dict[str, str]]  # hypothesis id -> analyst -> rating
    notes: tuple[tuple[str, str], ...]  # (analyst, note)
    shared: int = 1  # rows resting on the same original
    line: int = 0

    @property
    def credibility(self) -> float:
        return GRADE_WEIGHTS[self.grade]

    @property
    def weight(self) -> float:
        return self.credibility / self.shared

    def cell(self, hypothesis: str) -> float | None:
        """The row's inconsistency with the hypothesis, averaged over analysts (None: unrated or NA by all)."""
        scores = [INCONSISTENCY.get(v, 0) for v in self.ratings.get(hypothesis, {}).values() if v in SIGNED]
        return sum(scores) / len(scores) if scores else None

    def signed(self, hypothesis: str) -> float | None:
        values = [SIGNED[v] for v in self.ratings.get(hypothesis, {}).values() if v in SIGNED]
        return sum(values) / len(values) if values else None

    @property
    def diagnosticity(self) -> float:
        values = [v for h in self.ratings if (v := self.signed(h)) is not None]
        return max(values) - min(values) if len(values) > 1 else 0.0

    def code(self, hypothesis: str) -> str:
        """The cell as ACH tools write it: one code, or each analyst's where they differ (``C/I``); ``-`` unrated."""
        given = self.ratings.get(hypothesis, {})
        codes = list(dict.fromkeys(CODES[v] for v in given.values()))
        return "/".join(codes) if codes else "-"

    def disagreements(self) -> list[tuple[str, dict[str, str]]]:
        """Cells where analysts differ in direction (one consistent, another inconsistent) or by two steps."""
        out = []
        for h, given in self.ratings.items():
            signs = [SIGNED[v] for v in given.values() if v in SIGNED]
            if len(signs) > 1 and (max(signs) - min(signs) >= 2 or (max(signs) > 0 > min(signs))):
                out.append((h, dict(given)))
        return out


@dataclass(frozen=True)
class Matrix:
    anchor: Event
    hypotheses: tuple[Hypothesis, ...]
    rows: tuple[Row, ...]
    as_of: date | None
    scores: dict[str, float] = field(default_factory=dict)  # weighted inconsistency per hypothesis
    ranking: tuple[str, ...] = ()  # least inconsistent first

    @property
    def story(self) -> str:
        return self.anchor.story or self.anchor.id

    @property
    def analysts(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(a for r in self.rows for given in r.ratings.values() for a in given))

    def hypothesis(self, hid: str) -> Hypothesis:
        return next(h for h in self.hypotheses if h.id == hid)

    def tied(self) -> bool:
        return len(self.ranking) > 1 and _close(self.scores[self.ranking[0]], self.scores[self.ranking[1]])

    def deciding(self) -> list[tuple[Row, float]]:
        """The rows that put the leader ahead of the runner-up: each row's share of the gap between them
        (``weight × (cell(runner-up) − cell(leader))``), largest first; rows favouring the runner-up last."""
        if len(self.ranking) < 2:
            return []
        top, second = self.ranking[0], self.ranking[1]
        out = []
        for r in self.rows:
            a, b = r.cell(top), r.cell(second)
            if a is None and b is None:
                continue
            share = r.weight * ((b or 0.0) - (a or 0.0))
            if not _close(share, 0.0):
                out.append((r, share))
        out.sort(key=lambda x: (-x[1], x[0].line))
        return out


def _close(a: float, b: float) -> bool:
    return abs(a - b) < 1e-9


def analyses(log: Log) -> list[Event]:
    """The events that anchor an analysis, in log order."""
    return [e for e in log.events if e.hypotheses]


def find(log: Log, name: str) -> Event | None:
    """The analysis of a story (by story slug) or anchored on an event (by id)."""
    for e in analyses(log):
        if e.id == name or e.story == name:
            return e
    return None


def _key(ev: Evidence) -> str:
    if ev.source is None:
        return ev.event
    return f"{ev.event}/{ev.source}" + (f"@{ev.by}" if ev.by else "")


def _pick(event: Event, ev: Evidence) -> Claim | None:
    for c in event.claims:
        if c.source == ev.source and (ev.by is None or c.by == ev.by):
            return c
    return None


def _root_of(log: Log, event: Event, claim: Claim, known: tuple[Claim, ...]) -> Hop:
    for root in trace(log, event, known).originals:
        if any(c is claim for c in root.all_claims()):
            return root.hop
    return Hop("source", claim.source)  # pragma: no cover - every claim rests on one of its event's originals


def _grade(log: Log, hop: Hop, claim: Claim | None) -> str:
    if hop.kind == "source" and hop.id in log.sources:
        return log.sources[hop.id].grade
    # an on-record statement or a relay through people: as reliable as the source that carries it
    return log.sources[claim.source].grade if claim is not None and claim.source in log.sources else "F"


def matrix(
    log: Log,
    anchor: Event,
    *,
    as_of: date | None = None,
    keep: Callable[[Row], bool] | None = None,
) -> Matrix:
    """The analysis anchored on ``anchor``: evidence known on ``as_of`` (all of it without a day), optionally
    only the rows ``keep`` accepts (the sensitivity tests drop rows this way)."""
    events = log.events_by_id
    grouped: dict[str, list[Evidence]] = {}
    for ev in anchor.evidence:
        grouped.setdefault(_key(ev), []).append(ev)
    rows: list[Row] = []
    for key, evs in grouped.items():
        event = events[evs[0].event]
        known = claims_as_of(event, as_of)
        if not known:
            continue
        claim = _pick(event, evs[0]) if evs[0].source is not None else None
        if evs[0].source is not None and (claim is None or not any(c is claim for c in known)):
            continue  # said after the day of the matrix
        conf = assess(log, event, as_of)
        flag = conf.label() if conf is not None else ""
        if claim is not None:
            hop = _root_of(log, event, claim, known)
            grade = _grade(log, hop, claim)
            anonymous = claim.anonymous
        else:  # an event as a whole: its own original, as credible as the best source reporting it
            hop = Hop("event", event.id)
            grade = min((log.sources[c.source].grade for c in known if c.source in log.sources), default="F")
            anonymous = all(c.anonymous for c in known)
        ratings: dict[str, dict[str, str]] = {}
        for ev in evs:
            for rating in ev.ratings:
                ratings.setdefault(rating.hypothesis, {})[ev.analyst] = rating.value
        notes = tuple((ev.analyst, ev.note) for ev in evs if ev.note)
        label = event.title if hop.kind == "event" else hop_label(log, hop)
        rows.append(
            Row(key, event, claim, hop, label, grade, flag, anonymous, ratings, notes, line=min(e.line for e in evs))
        )
    if keep is not None:
        rows = [r for r in rows if keep(r)]
    counts: dict[Hop, int] = {}
    for row in rows:
        counts[row.original] = counts.get(row.original, 0) + 1
    rows = [_with_shared(row, counts[row.original]) for row in rows]
    return _scored(anchor, tuple(rows), as_of)


def _with_shared(row: Row, shared: int) -> Row:
    from dataclasses import replace

    return replace(row, shared=shared)


def _scored(anchor: Event, rows: tuple[Row, ...], as_of: date | None) -> Matrix:
    scores = {h.id: sum(r.weight * (r.cell(h.id) or 0.0) for r in rows) for h in anchor.hypotheses}
    order = {h.id: i for i, h in enumerate(anchor.hypotheses)}
    ranking = tuple(sorted(scores, key=lambda h: (round(scores[h], 9), order[h])))
    return Matrix(anchor, anchor.hypotheses, rows, as_of, scores, ranking)


@dataclass(frozen=True)
class Test:
    """One sensitivity test: the matrix without some rows, and whether the leading hypothesis stays."""

    name: str  # "weak-originals" | "anonymous" | "original"
    what: str  # in words: what was dropped
    dropped: tuple[Row, ...]
    ranking: tuple[str, ...]
    scores: dict[str, float]
    changes: bool  # the leader is another, or the lead is lost to a tie


def sensitivity(log: Log, m: Matrix) -> list[Test]:
    """Heuer's step 6: would the conclusion change without the weakest or the one decisive evidence? Drops the
    rows resting on D–F originals, the anonymous rows, then each original in turn."""
    tests: list[Test] = []

    def run(name: str, what: str, drop: Callable[[Row], bool]) -> None:
        dropped = tuple(r for r in m.rows if drop(r))
        if not dropped:
            return
        again = matrix(log, m.anchor, as_of=m.as_of, keep=lambda r: not drop(r))
        lead = m.ranking[0] if m.ranking else None
        changes = bool(again.ranking) and (again.ranking[0] != lead or (again.tied() and not m.tied()))
        tests.append(Test(name, what, dropped, again.ranking, again.scores, changes))

    run("weak-originals", "rows resting on originals graded D, E or F", lambda r: r.grade in WEAK_GRADES)
    run("anonymous", "rows whose speaker is anonymous", lambda r: r.anonymous)
    for original in dict.fromkeys(r.original for r in m.rows):
        label = next(r.original_label for r in m.rows if r.original == original)
        run("original", label, _resting_on(original))
    return tests


def _resting_on(original: Hop) -> Callable[[Row], bool]:
    return lambda r: r.original == original


def hanging_on(tests: Sequence[Test]) -> list[Test]:
    """The tests whose dropped evidence changes the leader: what the ranking hangs on."""
    return [t for t in tests if t.changes]
