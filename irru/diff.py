"""Compare two sources' (or two speakers') claims, like with like (pure; docs/guide.md, "irru diff").

**What is compared with what.** Claims are compared field by field only when they are about the same event, or
about events the log links as the same thing (a ``same-as`` link, where the schema has one). Two events that
merely share a story — the Jan–Feb 2024 report of ~400 Fateh-110 missiles and the Sep 2024 Fath-360 shipment —
are different things: when one side speaks only of one and the other side only of the other, they are shown
side by side as ``related`` ("different shipments: ~400 Fateh-110, Zolfaghar, Jan – 21 Feb 2024 | 200+ Fath-360,
c. 28 Aug – 4 Sep 2024"), never as a conflict or an update.

**Kinds** (every one documented with an example in docs/guide.md):

- ``agree``: the same value (the same stance, the same quantity, the same list, the same date).
- ``compatible``: different but not contradictory: quantities whose intervals overlap (``1000000+`` and
  ``500000-3000000``), date spans that overlap (``by 8 Sep 2024`` and ``1 – 10 Sep 2024``), lists that share some
  items, a route that contains the other.
- ``narrower``: one side's list is part of the other's (``Su-35`` against ``Su-35, Mi-28``): it says less, not
  something else.
- ``conflict``: contradictory: disjoint quantity intervals in the same unit, disjoint date spans, lists with
  nothing in common, different routes, amounts or statuses said at the same time, two speakers taking opposite
  stances, or two sources reporting one speaker's stance differently at the same time.
- ``update``: the same speaker, or the same status, later: the later claim is certainly made after the earlier
  one (Washington "has not seen confirmation" in Feb 2024, "confirms" in Sep 2024, on the same event).
- ``only-a`` / ``only-b``: one side says something about the event that the other does not address.
- ``related``: see above; not a difference.

**Quantities** are numeric intervals: ``400`` is [400, 400], ``200+`` is [200, ∞), ``200-220`` is [200, 220];
an approximate ``~400`` is read as 10% either side ([360, 440]). Quantities in different units (troops and
missiles) are not compared.

**Stances** are counted as the flag counts them (:func:`irru.confidence.weighed_stance`): an assessment that
something is unlikely ``doubts`` it (opposing an affirmation, and giving no values); one of even chance ``hedges``.

**Voices.** Values are compared per voice: each side's latest claim per speaker (``Log.speaker_label``) for the
field, one row per pair of voices, the speaker named (``Said.speaker``) where a side has several: the Treasury's
and the State Department's counts from one page are both shown.

**Speakers** are credited as the confidence rules credit them (:func:`irru.confidence.credit`: Kirby is the
United States). Each side's stance of a speaker is that speaker's latest position on that side as of the day
asked (on the record before anonymous); its earlier stances on that side are kept as history.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from .confidence import claims_as_of, credit, order_key, weighed_stance
from .dates import Span
from .model import AFFIRMING, Claim, Event, Log, Quantity
from .narrow import among, by_ids, fetch, linking
from .query import Query, run
from .trace import hop_label, origins

KINDS = ("agree", "compatible", "narrower", "conflict", "update", "only-a", "only-b", "related")
DIFFERENCES = frozenset({"narrower", "conflict", "update", "only-a", "only-b"})  # what makes `irru diff` exit 1
VALUE_FIELDS = ("quantity", "systems", "route", "date", "amount", "status")
SAME_RELATIONS = frozenset({"same-as", "same-event"})  # link relations that make two events one thing
APPROXIMATE = 0.10  # "~400" is read as 400 ± 10%
NOUNS = {
    "delivery": "shipments",
    "contract": "contracts",
    "promise": "promises",
    "sanction": "sanctions",
    "statement": "statements",
    "strike": "strikes",
    "training": "deployments",
    "deployment": "deployments",
    "negotiation": "meetings",
    "treaty": "treaty steps",
    "agreement": "agreements",
    "launch": "launches",
}


@dataclass(frozen=True)
class Side:
    """One side of a comparison: a source, or a speaker (an actor and its parts)."""

    label: str
    picks: Callable[[Claim], bool]
    speakers: bool = False  # a speaker side: its stance is compared with the other side's, whoever speaks
    # Where the claims it picks can be found (every event with one: a superset); None: anywhere in the log.
    where: Query | None = None


@dataclass(frozen=True)
class Said:
    """What one side says for one field: display text, the value as data, and when it was said."""

    text: str
    value: Any  # JSON-ready: a stance, {low, high, ...}, a list of system ids, {text, earliest, latest}, ...
    date: Span | None  # when the claim that gives it was made
    history: tuple[tuple[str, Span], ...] = ()  # the speaker's earlier stances on this side: (stance, when)
    events: tuple[str, ...] = ()
    speaker: str | None = None  # who said it, named where the side has several voices for the field


@dataclass(frozen=True)
class Difference:
    story: str | None
    type: str
    events: tuple[str, ...]  # the events compared (A's first)
    field: str  # "stance of United States", "quantity", "claim", "different shipments"
    kind: str
    a: Said | None
    b: Said | None
    note: str | None = None  # "A names fewer", "overlap: Shahed-136"

    @property
    def where(self) -> str:
        """The event (or events taken as one) the row is about; for a related row, its story and type."""
        if self.kind == "related":
            return f"{self.story} ({self.type})"
        return " = ".join(self.events)


@dataclass(frozen=True)
class Comparison:
    a: str
    b: str
    rows: tuple[Difference, ...]
    as_of: date | None = None
    only: tuple[str, ...] = field(default=())

    def count(self, kind: str) -> int:
        return sum(1 for r in self.rows if r.kind == kind)

    @property
    def differs(self) -> bool:
        return any(r.kind in DIFFERENCES for r in self.rows)

    def filtered(self, kinds: Sequence[str]) -> Comparison:
        """Only the rows of these kinds (``--only``); counts and the exit status follow what is shown."""
        if not kinds:
            return self
        return Comparison(self.a, self.b, tuple(r for r in self.rows if r.kind in kinds), self.as_of, tuple(kinds))


def source_side(log: Log, source_id: str) -> Side:
    return Side(log.sources[source_id].publisher, lambda c: c.source == source_id, where=Query(sources=(source_id,)))


def speaker_side(log: Log, actor_id: str) -> Side:
    """The claims of an actor and of whatever was part of it on the claim's day (a minister's claims in office)."""

    def spoke(c: Claim) -> bool:
        return c.by is not None and any(a.id == actor_id for a in log.lineage_at(c.by, log.claim_day(c)))

    # Log.parts holds every actor part of it at any date: the speakers' index finds all their claims.
    return Side(log.actors[actor_id].name, spoke, speakers=True, where=Query(actors=(actor_id,)))


# --- grouping --------------------------------------------------------------------------------------------------


def event_groups(log: Log, events: Sequence[Event] | None = None) -> list[tuple[Event, ...]]:
    """Events that are one thing (linked ``same-as``) grouped together, oldest first; every other event alone.

    ``events``: only the groups of these events (each group whole, its other members found through the links
    both ways); by default, every event's."""
    if events is None:
        members: dict[str, Event] = {e.id: e for e in log.events}
    else:
        members = _same_as_closure(log, events)
    parent: dict[str, str] = {i: i for i in members}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for e in members.values():
        for link in e.links:
            if link.rel in SAME_RELATIONS and link.event in parent:
                parent[find(link.event)] = find(e.id)
    groups: dict[str, list[Event]] = {}
    for e in sorted(members.values(), key=lambda e: (e.date.sort_key(), e.id)):
        groups.setdefault(find(e.id), []).append(e)
    return [tuple(g) for g in groups.values()]


def _same_as_closure(log: Log, events: Sequence[Event]) -> dict[str, Event]:
    """These events and every event linked to them as the same thing, either way, transitively."""
    found: dict[str, Event] = {}
    todo = list(events)
    while todo:
        fresh = [e for e in dict((e.id, e) for e in todo).values() if e.id not in found]
        found.update((e.id, e) for e in fresh)
        ahead = {lk.event for e in fresh for lk in e.links if lk.rel in SAME_RELATIONS and lk.event not in found}
        todo = by_ids(log, sorted(ahead))
        todo += [e for e in linking(log, {e.id for e in fresh}, SAME_RELATIONS) if e.id not in found]
    return found


Pair = tuple[Event, Claim]
Block = tuple[tuple[Event, ...], str, list["Difference"], list[Pair]]  # group, who speaks (a, b, both), rows, pairs


def compare(log: Log, a: Side, b: Side, *, event_id: str | None = None, as_of: date | None = None) -> Comparison:
    """What the two sides say, event by event (see the module docstring).

    Only the events with a claim either side picks (as of the day) are read, with the events linked to them as
    the same thing (and ``event_id``'s group): from a cached log, through its indexes (:mod:`irru.narrow`). A side
    without ``where`` means reading the whole log."""
    by_speaker = a.speakers and b.speakers
    blocks: list[Block] = []
    for group in event_groups(log, _spoken_of(log, a, b, as_of)):
        pairs = [(e, c) for e in group for c in claims_as_of(e, as_of)]
        side_a = [p for p in pairs if a.picks(p[1])]
        side_b = [p for p in pairs if b.picks(p[1])]
        if not side_a and not side_b:
            continue
        if side_a and side_b:
            blocks.append((group, "both", _compare_group(log, group, side_a, side_b, by_speaker=by_speaker), []))
        else:
            who = "a" if side_a else "b"
            blocks.append((group, who, _one_sided(log, group, side_a or side_b, who), side_a or side_b))
    rows: list[Difference] = []
    related = _related(log, blocks)
    wanted = _wanted(log, event_id) if event_id is not None else None
    for i, (group, _who, group_rows, _pairs) in enumerate(blocks):
        if wanted is None or any(e.id in wanted for e in group):
            rows.extend(group_rows)
        for row in related.get(i, ()):
            if wanted is None or event_id in row.events:
                rows.append(row)
    return Comparison(a.label, b.label, tuple(rows), as_of)


def about(log: Log, result: Comparison, q: Query) -> Comparison:
    """Only the rows about an event the query selects (the command's filters), the query's exact test run on the
    events the rows are about, not on the whole log."""
    ids = sorted({i for r in result.rows for i in r.events})
    chosen = {r.event.id for r in run(among(log, by_ids(log, ids)), q)}
    rows = tuple(r for r in result.rows if chosen.intersection(r.events))
    return Comparison(result.a, result.b, rows, result.as_of, result.only)


def _spoken_of(log: Log, a: Side, b: Side, as_of: date | None) -> list[Event] | None:
    """The events with a claim (as of the day) that either side picks; None: every event. (A group none of
    them is in has nothing to compare; ``--event``'s group is found apart, by :func:`_wanted`.)"""
    qa, qb = a.where, b.where
    if qa is None or qb is None:
        return None

    def spoken(e: Event) -> bool:
        return any(a.picks(c) or b.picks(c) for c in claims_as_of(e, as_of))

    if qa == replace(qb, sources=qa.sources):  # two sources (or speakers): one question to the index
        asked = [replace(qa, sources=tuple(dict.fromkeys(qa.sources + qb.sources)))]
    elif qa == replace(qb, actors=qa.actors):
        asked = [replace(qa, actors=tuple(dict.fromkeys(qa.actors + qb.actors)))]
    else:
        asked = [qa, qb]
    return list({e.id: e for q in asked for e in fetch(log, q, spoken)}.values())


def _wanted(log: Log, event_id: str) -> set[str]:
    for group in event_groups(log, by_ids(log, [event_id])):
        if any(e.id == event_id for e in group):
            return {e.id for e in group}
    return {event_id}


def _one_sided(log: Log, group: tuple[Event, ...], pairs: list[Pair], side: str) -> list[Difference]:
    events = tuple(e.id for e in group)
    out = []
    for e, c in pairs:
        said = Said(
            f"{log.speaker_label(c)} {c.stance}: {c.text}",
            {"speaker": log.speaker_label(c), "stance": c.stance, "text": c.text},
            c.date,
            events=(e.id,),
        )
        out.append(
            Difference(
                group[0].story,
                group[0].type,
                events,
                "claim",
                f"only-{side}",
                said if side == "a" else None,
                said if side == "b" else None,
            )
        )
    return out


def _related(log: Log, blocks: list[Block]) -> dict[int, list[Difference]]:
    """One ``related`` row per story and event type where A speaks only of some events and B only of others;
    placed after the last of those events."""
    by_story: dict[tuple[str, str], dict[str, list[int]]] = {}
    for i, (group, who, _rows, _pairs) in enumerate(blocks):
        story = group[0].story
        if story is None or who == "both":
            continue
        by_story.setdefault((story, group[0].type), {"a": [], "b": []})[who].append(i)
    out: dict[int, list[Difference]] = {}
    for (story, type_), sides in by_story.items():
        if not sides["a"] or not sides["b"]:
            continue
        side_a = [blocks[i] for i in sides["a"]]
        side_b = [blocks[i] for i in sides["b"]]
        events = tuple(e.id for b in side_a + side_b for e in b[0])
        noun = NOUNS.get(type_, "events")
        row = Difference(
            story,
            type_,
            events,
            f"different {noun}",
            "related",
            _summary(log, side_a),
            _summary(log, side_b),
        )
        out.setdefault(max(sides["a"] + sides["b"]), []).append(row)
    return out


def _summary(log: Log, blocks: list[Block]) -> Said:
    """``~400 Fateh-110, Zolfaghar, Jan – 21 Feb 2024`` for each event one side speaks of: the quantity and systems
    its own claims give (else the event's; its title when it moves no system), and the event's date."""
    texts, values = [], []
    for group, _who, _rows, pairs in blocks:
        e = group[0]
        quantities = [q for _c, qs in _values(log, pairs, "quantity")[-1:] for q in qs]
        if not quantities:
            quantities = [u.quantity for u in e.systems if u.quantity is not None]
        found = _values(log, pairs, "systems")
        systems = list(found[-1][1]) if found else [u.system for u in e.systems]
        what = ", ".join(log.systems[s].name for s in systems)
        if quantities:
            what = f"{_quantity_text(quantities[0])} {what}".strip()
        texts.append(f"{what or e.title}, {e.date.label()}")
        values.append(
            {
                "event": e.id,
                "title": e.title,
                "date": span_record(e.date),
                "systems": systems,
                "quantities": [quantity_record(q) for q in quantities],
            }
        )
    return Said("; ".join(texts), values, None, events=tuple(e.id for b in blocks for e in b[0]))


# --- comparing one event --------------------------------------------------------------------------------------


def _key(log: Log, c: Claim) -> tuple[str, str]:
    """(identity, name) of a speaker as diff matches them across sides."""
    if c.by is not None and c.by in log.actors:
        body = credit(log, c.by, Log.claim_day(c))  # the body of the claim's day, as the flag credits it
        return body.id, body.name
    if c.speaker:
        return "\x00" + c.speaker, c.speaker
    return "\x00", "the source itself"


def _position(pairs: list[Pair]) -> tuple[Pair, tuple[tuple[str, Span], ...]]:
    """The latest claim (on the record before anonymous) and the earlier, different stances before it."""
    on_record = [p for p in pairs if p[1].on_record]
    pool = sorted(on_record or pairs, key=lambda p: order_key(p[1]))
    latest = pool[-1]
    history: list[tuple[str, Span]] = []  # each change of stance certainly before the current claim, oldest first
    for _e, c in pool[:-1]:
        if _later(c, latest[1]) and (not history or history[-1][0] != weighed_stance(c)):
            history.append((weighed_stance(c), c.date))
    if history and history[-1][0] == weighed_stance(latest[1]):
        history.pop()  # the current stance was already held: its start is not a change
    return latest, tuple(history)


def _same_class(x: str, y: str) -> bool:
    return x == y or (x in AFFIRMING and y in AFFIRMING)


OPPOSING = frozenset({"denies", "hedges", "doubts"})


def _stance_kind(x: str, y: str) -> str:
    """Two different speakers: agree, conflict (one denies, hedges or doubts what the other affirms), else compatible."""
    if _same_class(x, y):
        return "agree"
    if (x in OPPOSING and y in AFFIRMING) or (y in OPPOSING and x in AFFIRMING):
        return "conflict"
    return "compatible"


def _later(first: Claim, second: Claim) -> bool:
    """The second claim was certainly made after the first."""
    return (
        first.date.latest is not None and second.date.earliest is not None and second.date.earliest > first.date.latest
    )


def _compare_group(
    log: Log, group: tuple[Event, ...], side_a: list[Pair], side_b: list[Pair], *, by_speaker: bool
) -> list[Difference]:
    events = tuple(dict.fromkeys([e.id for e, _ in side_a] + [e.id for e, _ in side_b]))
    story, type_ = group[0].story, group[0].type
    rows: list[Difference] = []

    def stance_said(pairs: list[Pair]) -> Said:
        (e, c), history = _position(pairs)
        stance = weighed_stance(c)  # "doubts" for an assessment that it is unlikely, as the flag counts it
        return Said(stance, stance, c.date, history, (e.id,))

    origin = {id(c): o for e in group for c, o in zip(e.claims, origins(e.claims, log.sources), strict=True)}

    def one_original(ca: Claim, cb: Claim) -> str | None:
        """Both claims rest on one original (:func:`irru.trace.origins`, as the flag and trace count them)."""
        oa, ob = origin.get(id(ca)), origin.get(id(cb))
        if oa is None or ob is None or oa.hop != ob.hop:
            return None
        return f"not independent: both rest on one original, {hop_label(log, oa.hop)}"

    if by_speaker:
        sa, sb = stance_said(side_a), stance_said(side_b)
        note = one_original(_position(side_a)[0][1], _position(side_b)[0][1])
        rows.append(Difference(story, type_, events, "stance", _stance_kind(sa.value, sb.value), sa, sb, note))
    else:
        names: dict[str, str] = {}
        for _e, c in side_a + side_b:
            k, n = _key(log, c)
            names.setdefault(k, n)
        for k, name in names.items():
            pa = [p for p in side_a if _key(log, p[1])[0] == k]
            pb = [p for p in side_b if _key(log, p[1])[0] == k]
            label = f"stance of {name}"
            if pa and pb:
                sa, sb = stance_said(pa), stance_said(pb)
                ca, cb = _position(pa)[0][1], _position(pb)[0][1]
                if _same_class(weighed_stance(ca), weighed_stance(cb)):
                    kind = "agree"
                elif k == "\x00":  # each source's own voice: two speakers, never an update
                    kind = _stance_kind(weighed_stance(ca), weighed_stance(cb))
                else:  # one speaker as two sources report it
                    kind = "update" if _later(ca, cb) or _later(cb, ca) else "conflict"
                rows.append(Difference(story, type_, events, label, kind, sa, sb, one_original(ca, cb)))
            elif name != "the source itself":
                said = stance_said(pa or pb)
                rows.append(
                    Difference(
                        story,
                        type_,
                        events,
                        label,
                        "only-a" if pa else "only-b",
                        said if pa else None,
                        None if pa else said,
                    )
                )
    for name in VALUE_FIELDS:
        rows.extend(_compare_values(log, story, type_, events, name, side_a, side_b))
    return rows


def _values(log: Log, pairs: list[Pair], name: str) -> list[tuple[Claim, Any]]:
    """The side's claims that give this field (affirming or predicting), oldest first."""
    out: list[tuple[Claim, Any]] = []
    for _e, c in sorted(pairs, key=lambda p: order_key(p[1])):
        if c.values is None or weighed_stance(c) not in AFFIRMING | {"predicts"}:  # a doubt gives no values
            continue
        v = c.values
        if name == "quantity":
            qs = v.quantities
            if qs:
                out.append((c, qs))
        elif name == "systems":
            if v.systems:
                out.append((c, tuple(v.systems)))
        else:
            value = getattr(v, name, None)
            if value is not None:
                out.append((c, value))
    return out


def _voices(log: Log, found: list[tuple[Claim, Any]]) -> list[tuple[str, tuple[Claim, Any]]]:
    """A side's latest claim per voice (who said it, as ``Log.speaker_label`` names them: the US Treasury and the
    State Department on one page are two voices), in the order each voice first speaks."""
    latest: dict[str, tuple[Claim, Any]] = {}
    for c, value in found:  # oldest first: the latest claim of each voice stays
        latest[log.speaker_label(c)] = (c, value)
    return list(latest.items())


def _compare_values(
    log: Log, story: str | None, type_: str, events: tuple[str, ...], name: str, side_a: list[Pair], side_b: list[Pair]
) -> list[Difference]:
    """One row per pair of voices (each side's latest claim per speaker): every claim of a side about the event
    and field is shown, with its speaker named where the side has several."""
    va, vb = _voices(log, _values(log, side_a, name)), _voices(log, _values(log, side_b, name))
    if not va and not vb:
        return []
    where: dict[int, tuple[str, ...]] = {id(c): (e.id,) for e, c in side_a + side_b}  # the event each claim is on
    if name == "quantity":
        return _compare_quantities(log, story, type_, events, va, vb, where)

    def said(voices: list[tuple[str, tuple[Claim, Any]]], label: str, found: tuple[Claim, Any]) -> Said:
        out = _said(log, name, found, where)
        return replace(out, speaker=label) if len(voices) > 1 else out

    if not va or not vb:
        kind = "only-a" if va else "only-b"
        rows = []
        for label, found in va or vb:
            one = said(va or vb, label, found)
            rows.append(Difference(story, type_, events, name, kind, one if va else None, None if va else one))
        return rows
    rows = []
    for la, fa in va:
        for lb, fb in vb:
            kind, note = _kind_of(log, name, fa[1], fb[1], fa[0], fb[0])
            rows.append(Difference(story, type_, events, name, kind, said(va, la, fa), said(vb, lb, fb), note))
    return rows


def _said(log: Log, name: str, found: tuple[Claim, Any], where: dict[int, tuple[str, ...]]) -> Said:
    c, value = found
    if name == "systems":
        return Said(", ".join(log.systems[s].name for s in value), list(value), c.date, events=where[id(c)])
    if name == "date":
        return Said(value.label(), span_record(value), c.date, events=where[id(c)])
    return Said(str(value), value, c.date, events=where[id(c)])


def _kind_of(log: Log, name: str, x: Any, y: Any, cx: Claim, cy: Claim) -> tuple[str, str | None]:
    if name == "systems":
        sx, sy = set(x), set(y)
        if sx == sy:
            return "agree", None
        if sx < sy:
            return "narrower", "A names fewer"
        if sy < sx:
            return "narrower", "B names fewer"
        if sx & sy:
            return "compatible", "both name " + ", ".join(log.systems[s].name for s in x if s in sy)
        return "conflict", None
    if name == "date":
        if (x.earliest, x.latest) == (y.earliest, y.latest):
            return "agree", None
        return ("compatible", "the spans overlap") if x.overlaps(y) else ("conflict", "the spans do not overlap")
    if name == "status":
        if x == y:
            return "agree", None
        return ("update", None) if _later(cx, cy) or _later(cy, cx) else ("conflict", None)
    tx, ty = str(x).casefold(), str(y).casefold()
    if tx == ty:
        return "agree", None
    if name == "route" and (tx in ty or ty in tx):
        return "compatible", "one route contains the other"
    return "conflict", None


# --- quantities -----------------------------------------------------------------------------------------------


def interval(q: Quantity) -> tuple[float, float]:
    """The numeric interval a quantity stands for; approximate ones widened by 10% either side."""
    low: float = q.low
    high: float = float("inf") if q.high is None else q.high
    if q.approximate:
        low, high = low * (1 - APPROXIMATE), high * (1 + APPROXIMATE)
    return low, high


def _unit(q: Quantity) -> str | None:
    return q.unit


def _quantity_text(q: Quantity) -> str:
    return q.label  # as written, unit included ("~10,000-12,000 troops") in the number's form ("1 year")


def quantity_record(q: Quantity) -> dict[str, Any]:
    """A quantity as data: the interval [low, high] (high null: no upper bound), with its unit."""
    return {
        "text": q.text,
        "low": q.low,
        "high": q.high,
        "approximate": q.approximate,
        "unit": _unit(q),
        "system": q.system,
        "period": q.period,
    }


def span_record(span: Span | None) -> dict[str, Any] | None:
    """A date as data: as written, and its earliest and latest ISO days (null for an open end)."""
    if span is None:
        return None
    return {
        "text": span.text,
        "label": span.label(),
        "earliest": span.earliest.isoformat() if span.earliest else None,
        "latest": span.latest.isoformat() if span.latest else None,
    }


def compare_quantities(x: Quantity, y: Quantity) -> str:
    """agree, compatible or conflict: equal intervals, overlapping ones, disjoint ones."""
    if (x.low, x.high, x.approximate) == (y.low, y.high, y.approximate):
        return "agree"
    (lx, hx), (ly, hy) = interval(x), interval(y)
    return "compatible" if lx <= hy and ly <= hx else "conflict"


Voiced = tuple[str, Claim, Quantity]  # who said it, the claim, the quantity
Voice = tuple[str, tuple[Claim, tuple[Quantity, ...]]]  # who said it, and its latest claim's quantities


def _compare_quantities(
    log: Log,
    story: str | None,
    type_: str,
    events: tuple[str, ...],
    va: list[Voice],
    vb: list[Voice],
    where: dict[int, tuple[str, ...]],
) -> list[Difference]:
    """Each voice's latest quantities, compared per (unit, period, system): ``200 Fath-360 + 50 Ababil`` against
    ``200 Fath-360 + 80 Ababil`` is one agreement and one conflict, in whatever order they are written. A side
    whose quantities have no unit, facing a side that counts in one unit, is read in that unit. An untied total
    (no system) facing only tied parts on the other side is compared with the sum of those parts: the parts
    may add up to less (``narrower``: they count part of it), overlap it (``compatible``), or exceed it
    (``conflict``). Quantities over different periods (``USD 68,000,000`` per month, ``USD 2,600,000,000`` over
    19 months) are different measures, never compared. One row per pair of voices and per measure and system."""

    def units(voices: list[Voice]) -> set[str | None]:
        return {_unit(q) for _label, (_c, qs) in voices for q in qs}

    ua, ub = units(va), units(vb)
    rename_a = rename_b = None
    if ua == {None} and len(ub) == 1:
        rename_a = next(iter(ub))
    elif ub == {None} and len(ua) == 1:
        rename_b = next(iter(ua))
    several_a, several_b = len(va) > 1, len(vb) > 1

    def parts(voice: Voice, rename: str | None) -> dict[str | None, dict[str | None, Voiced]]:
        """measure (the unit, and the period it counts over: only like is compared) -> system (None: untied)
        -> the first quantity given for it."""
        label, (c, qs) = voice
        out: dict[str | None, dict[str | None, Voiced]] = {}
        for q in qs:
            measure = ", ".join(x for x in (rename or _unit(q), q.period_words) if x) or None
            out.setdefault(measure, {}).setdefault(q.system, (label, c, q))
        return out

    def said(v: Voiced, several: bool) -> Said:
        label, c, q = v
        text = _quantity_text(q) + (f" {log.systems[q.system].name}" if q.system in log.systems else "")
        text += f" {q.period_words}" if q.period_words else ""
        return Said(text, quantity_record(q), c.date, events=where[id(c)], speaker=label if several else None)

    def said_sum(vs: list[Voiced], several: bool) -> Said:
        label, c, _q = vs[0]
        text = " + ".join(said(v, False).text for v in vs)
        return Said(
            text, [quantity_record(v[2]) for v in vs], c.date, events=where[id(c)], speaker=label if several else None
        )

    def field_of(unit: str | None, system: str | None) -> str:
        inside = ", ".join(x for x in (unit, log.systems[system].name if system in log.systems else system) if x)
        return f"quantity ({inside})" if inside else "quantity"

    pa = [parts(v, rename_a) for v in va]
    pb = [parts(v, rename_b) for v in vb]
    all_units = list(dict.fromkeys([u for p in pa for u in p] + [u for p in pb for u in p]))
    rows: list[Difference] = []
    for unit in all_units:
        xs = [p[unit] for p in pa if unit in p]
        ys = [p[unit] for p in pb if unit in p]
        if not xs or not ys:
            for side, found, several in (("only-a", xs, several_a), ("only-b", ys, several_b)):
                for by_system in found:
                    for system, v in by_system.items():
                        one = said(v, several)
                        a, b = (one, None) if side == "only-a" else (None, one)
                        rows.append(Difference(story, type_, events, field_of(unit, system), side, a, b))
            continue
        for x in xs:
            for y in ys:
                rows.extend(
                    _match_parts(story, type_, events, unit, x, y, said, said_sum, field_of, several_a, several_b)
                )
    return rows


def _match_parts(
    story: str | None,
    type_: str,
    events: tuple[str, ...],
    unit: str | None,
    x: dict[str | None, Voiced],
    y: dict[str | None, Voiced],
    said: Callable[[Voiced, bool], Said],
    said_sum: Callable[[list[Voiced], bool], Said],
    field_of: Callable[[str | None, str | None], str],
    several_a: bool,
    several_b: bool,
) -> list[Difference]:
    """The rows for one unit between two voices' quantities, keyed by system (None: an untied total)."""
    rows = []
    tied_x = [v for s, v in x.items() if s is not None]
    tied_y = [v for s, v in y.items() if s is not None]
    total_vs_sum = None
    if None in x and None not in y and tied_y:
        total_vs_sum = ("a", x[None], tied_y)
    elif None in y and None not in x and tied_x:
        total_vs_sum = ("b", y[None], tied_x)
    for system in dict.fromkeys([*x, *y]):
        if total_vs_sum is not None and (system is None or system not in (x if total_vs_sum[0] == "a" else y)):
            continue  # the total, and the parts it covers that the total's side does not give, are compared below
        vx, vy = x.get(system), y.get(system)
        if vx is not None and vy is not None:
            kind = compare_quantities(vx[2], vy[2])
            note = {"compatible": "the intervals overlap", "conflict": "the intervals do not overlap"}.get(kind)
            rows.append(
                Difference(
                    story, type_, events, field_of(unit, system), kind, said(vx, several_a), said(vy, several_b), note
                )
            )
        elif vx is not None:
            rows.append(Difference(story, type_, events, field_of(unit, system), "only-a", said(vx, several_a), None))
        elif vy is not None:
            rows.append(Difference(story, type_, events, field_of(unit, system), "only-b", None, said(vy, several_b)))
    if total_vs_sum is not None:
        side, total, tied = total_vs_sum
        kind, note = _total_against_parts(total[2], [v[2] for v in tied], side)
        total_said = said(total, several_a if side == "a" else several_b)
        parts_said = said_sum(tied, several_b if side == "a" else several_a)
        a, b = (total_said, parts_said) if side == "a" else (parts_said, total_said)
        rows.append(Difference(story, type_, events, field_of(unit, None), kind, a, b, note))
    return rows


def _total_against_parts(total: Quantity, parts: list[Quantity], side: str) -> tuple[str, str]:
    """An untied total against the sum of the other side's tied parts (``side``: the side giving the total)."""
    lo = sum(interval(q)[0] for q in parts)
    hi = sum(interval(q)[1] for q in parts)
    tl, th = interval(total)
    whose = "B" if side == "a" else "A"
    if hi < tl:
        return "narrower", f"{whose}'s parts add up to less than the total: they count part of it"
    if lo > th:
        return "conflict", f"{whose}'s parts add up to more than the total"
    return "compatible", f"{whose}'s parts add up to the total's range"
