"""The promise ledger and the transfer register (pure; docs/guide.md, "irru promises and irru transfers").

A **promise** is an event of type ``promise`` that someone said was made by the day asked (its date does not
start after that day, and a claim made by then asserts or confirms it: a prediction alone is not an
announcement). Its deliveries are the ``delivery`` events that ``fulfil`` it (a link), or, failing a link, later
deliveries in the same story that move one of the same systems.

**Per system**, a promise's system is ``delivered`` (a delivery confirmed or reported on the record moves it, in
full where quantities say so), ``partly-delivered`` (such deliveries move fewer than promised: the largest count
one of them gives, since several reports of one shipment are not added up), ``reported-only``
(only unconfirmed, denied, disputed or predicted delivery reports) or ``not-delivered`` (no delivery report).
The promise's **status**: ``delivered`` when every system is; ``partly-delivered`` when some are; otherwise what
the newest source to say so put it (``not-delivered``, ``partly-delivered``, ``cancelled``), else
``delivery-<flag>`` from the best-supported delivery report, else ``no-outcome-recorded``.

**Elapsed time** is counted in calendar months from the promise to its delivery; undelivered, to the ``--as-of``
day when given, otherwise to the newest evidence on the promise (the latest day of the newest claim on it or on a delivery
confirmed or reported on the record: what was last said of where it stood; an unconfirmed delivery report
does not stop the clock and does not move it), with the time to today given separately. So ``irru promises`` and ``irru promises
--as-of DAY`` count the same months when DAY falls in the month of that evidence. Dates are spans: a promise dated "Mar 2023"
counts from March; one dated "by 28 Oct 2024" (open start) gives "at least"; a year-precise one a range.

The **transfer register** (in the manner of SIPRI's trade register) has one row per story and system: what was
ordered or promised (contracts and promises) and what was delivered (deliveries), with dates, status,
confidence and sources. Its status says how sure the delivery is, from its best-supported report's flag
(``DELIVERY_WORDS``): only a confirmed delivery reads "delivered"; a reported one "reported delivered (not
officially confirmed)", an unconfirmed one "reported delivered (unconfirmed)". It also says when other delivery
reports are denied or disputed, even beside a confirmed one ("delivered; also 3 denied (of 4 delivery reports)").
In the promise ledger, a system delivered on reporting alone reads "reported delivered".

**What is read.** :func:`promise_ledger` and :func:`register` ask the log only for the events their rules can
reach (:mod:`irru.narrow`): the promises selected, the deliveries linked to them or in their stories; the
contracts, promises and deliveries selected and the rest of their stories. From the cache, only those are decoded.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from .confidence import Confidence, order_key, speaker_of
from .dates import Span
from .model import AFFIRMING, Claim, Event, Log, Quantity
from .narrow import among, batches, by_ids, fetch, linking
from .query import FLAG_ORDER, Query, Row, run

# A promise's status in the ledger (`irru promises --status`); not a claim's model.OUTCOME_STATUSES.
PROMISE_STATUSES = (
    "delivered",
    "partly-delivered",
    "delivery-disputed",
    "delivery-unconfirmed",
    "delivery-denied",
    "delivery-predicted",
    "not-delivered",
    "cancelled",
    "no-outcome-recorded",
)
SYSTEM_STATUSES = ("delivered", "partly-delivered", "reported-only", "not-delivered")
SETTLED = frozenset({"confirmed", "reported"})
# What the transfer register's status column says of a delivery, by the flag of its best-supported report: only a
# confirmed delivery reads "delivered"; a reader never sees "delivered" for a delivery nobody official confirmed.
DELIVERY_WORDS = {
    "confirmed": "delivered",
    "reported": "reported delivered (not officially confirmed)",
    "unconfirmed": "reported delivered (unconfirmed)",
    "disputed": "delivery disputed",
    "denied": "delivery denied",
    "predicted": "delivery predicted",
    "statement": "delivery stated on the record",
}


def months_between(start: date, end: date) -> int:
    """Calendar months from one day's month to another's (days ignored); negative when end is earlier."""
    return (end.year - start.year) * 12 + end.month - start.month


def months_text(months: int) -> str:
    """``2 years 11 months``; ``5 months``; ``under a month``."""
    if months <= 0:
        return "under a month"
    years, rest = divmod(months, 12)
    parts = []
    if years:
        parts.append(f"{years} year{'s' if years != 1 else ''}")
    if rest:
        parts.append(f"{rest} month{'s' if rest != 1 else ''}")
    return " ".join(parts)


@dataclass(frozen=True)
class Elapsed:
    """Calendar months from a (possibly imprecise) start to an end: a range when the dates are spans."""

    start: Span
    end: Span  # the delivery's date, or the day counted to
    reason: str  # "delivery", "as-of", "last-evidence", "today"
    low: int  # fewest months it can be
    high: int | None  # most months it can be; None: unbounded (an open start)

    @property
    def text(self) -> str:
        if self.high is None:
            return "at least " + months_text(self.low)
        if self.low == self.high:
            return months_text(self.low)
        if self.low <= 0:
            return "up to " + months_text(self.high)
        return f"{months_text(self.low)} to {months_text(self.high)}"


def elapsed(start: Span, end: Span, reason: str) -> Elapsed:
    lo_end, hi_end = end.earliest or end.latest, end.latest or end.earliest
    assert lo_end is not None and hi_end is not None
    start_late = start.latest or start.earliest
    assert start_late is not None
    low = max(0, months_between(start_late, lo_end)) if end.earliest is not None else 0  # "by 2 Sep": maybe at once
    high = max(0, months_between(start.earliest, hi_end)) if start.earliest is not None else None
    return Elapsed(start, end, reason, low, high)


def day_span(day: date) -> Span:
    from .dates import parse_edtf

    return parse_edtf(day.isoformat())


@dataclass(frozen=True)
class SystemStatus:
    system: str  # id
    name: str
    promised: Quantity | None
    status: str  # one of SYSTEM_STATUSES
    deliveries: tuple[Row, ...]  # delivery reports moving this system, best-supported first
    delivered: Quantity | None = None  # the settled delivery's quantity, when given

    @property
    def text(self) -> str:
        what = self.name + (f" ({self.promised.label})" if self.promised else "")
        status = self.status.replace("-", " ")
        if self.status in ("delivered", "partly-delivered") and not any(
            r.confidence.flag == "confirmed" for r in self.deliveries
        ):
            status = "reported " + status  # settled by reporting alone: never a bare "delivered"
        if self.status == "reported-only" and self.deliveries:
            status += f" ({self.deliveries[0].confidence.flag})"
        if self.status == "partly-delivered" and self.delivered:
            status += f" ({self.delivered.label})"
        return f"{what}: {status}"


@dataclass(frozen=True)
class Promise:
    event: Event
    confidence: Confidence
    systems: tuple[SystemStatus, ...]
    suppliers: tuple[str, ...]
    recipients: tuple[str, ...]
    announced_by: tuple[str, ...]
    status: str
    status_note: str  # "not delivered as of 29 Oct – 30 Nov 2024 (Example Op-Ed)"
    outcome: Event | None  # the delivery that settles it, else the best-supported delivery report
    outcome_confidence: Confidence | None
    elapsed: Elapsed
    to_today: Elapsed | None  # without --as-of, when the elapsed time stops before today
    last_evidence: Span | None  # the date of the newest claim on the promise or on its settled deliveries
    sources: tuple[str, ...]


def _names(log: Log, event: Event, role: str) -> tuple[str, ...]:
    return tuple(log.actors[r.actor].name for r in event.actors if r.role == role)


class _Deliveries:
    """The delivery rows indexed once, by the promise they say they fulfil and by story, so that finding each
    promise's deliveries costs what it finds, not a scan of the log (quadratic at 100,000 events)."""

    def __init__(self, rows: Sequence[Row]) -> None:
        self.fulfilling: dict[str, list[Row]] = {}
        self.by_story: dict[str, list[Row]] = {}
        for r in rows:
            if r.event.type != "delivery":
                continue
            for promise_id in dict.fromkeys(lk.event for lk in r.event.links if lk.rel == "fulfils"):
                self.fulfilling.setdefault(promise_id, []).append(r)
            if r.event.story:
                self.by_story.setdefault(r.event.story, []).append(r)

    def of(self, promise: Event) -> list[Row]:
        """The deliveries linked to the promise; failing that, those of its story and systems, not before it."""
        linked = self.fulfilling.get(promise.id, [])
        if linked or not promise.story:
            return list(linked)
        systems = {u.system for u in promise.systems}
        start = promise.date.earliest or date.min
        return [
            r
            for r in self.by_story.get(promise.story, [])
            if systems & {u.system for u in r.event.systems} and (r.event.date.latest or date.max) >= start
        ]


def system_quantities(row: Row, system: str) -> list[Quantity]:
    """The counts of one system a row gives: its event's ``systems`` entry, then the quantities tied to that
    system (``{quantity: 24 aircraft, system: ID}``) in the claims that affirm it, oldest first."""
    out = [u.quantity for u in row.event.systems if u.system == system and u.quantity is not None]
    for c in sorted(row.claims, key=order_key):
        if c.stance in AFFIRMING and c.values is not None:
            out.extend(q for q in c.values.quantities if q.system == system)
    return out


def _when(row: Row) -> tuple[date, int]:
    return row.event.date.sort_key()


def _best(rows: Sequence[Row]) -> list[Row]:
    return sorted(rows, key=lambda r: (FLAG_ORDER.index(r.confidence.flag), r.event.date.sort_key()))


def _system_status(log: Log, promise: Event, deliveries: list[Row]) -> tuple[SystemStatus, ...]:
    out = []
    for use in promise.systems:
        moving = [r for r in deliveries if not r.event.systems or use.system in {u.system for u in r.event.systems}]
        moving = _best(moving)
        settled = [r for r in moving if r.confidence.flag in SETTLED]
        name = log.systems[use.system].name
        if settled:
            # the largest count a settled report gives (reports of one shipment are not added up)
            counts = [q for r in settled for q in system_quantities(r, use.system)]
            got = max(counts, key=lambda q: (q.high if q.high is not None else q.low, q.low)) if counts else None
            short = (
                use.quantity is not None and got is not None and got.high is not None and got.high < use.quantity.low
            )
            status = "partly-delivered" if short else "delivered"
            out.append(SystemStatus(use.system, name, use.quantity, status, tuple(moving), got))
        elif moving:
            out.append(SystemStatus(use.system, name, use.quantity, "reported-only", tuple(moving)))
        else:
            out.append(SystemStatus(use.system, name, use.quantity, "not-delivered", ()))
    return tuple(out)


def promiser(log: Log, promise: Event, claims: Sequence[Claim]) -> tuple[str, ...]:
    """Who made the promise, never who spoke of it later: the named speakers (credited, as the flag credits them)
    of the claims that announce it (affirming it, or predicting it by a named speaker; not later reports of where
    it stood) made by the promise's last possible day; failing those, its promising party (role ``supplier``);
    failing that, the speakers of the earliest announcing claim."""
    announcing = [
        c
        for c in sorted(claims, key=order_key)
        if (c.stance in AFFIRMING or (c.stance == "predicts" and c.by is not None))
        and not (c.values and c.values.status)
    ]
    end = promise.date.latest
    on_time = [c for c in announcing if c.by is not None and end is not None and (c.date.earliest or end) <= end]
    if on_time:
        return tuple(dict.fromkeys(speaker_of(log, c)[1] for c in on_time))
    suppliers = _names(log, promise, "supplier")
    if suppliers or not announcing:
        return suppliers
    first = order_key(announcing[0])[:2]
    return tuple(dict.fromkeys(speaker_of(log, c)[1] for c in announcing if order_key(c)[:2] == first))


def _status_claim(claims: Sequence[Claim]) -> Claim | None:
    with_status = [c for c in claims if c.values is not None and c.values.status is not None]
    return max(with_status, key=order_key) if with_status else None


def announced(row: Row, as_of: date | None) -> bool:
    """Said to have been promised by the day asked: not dated after it, and affirmed (not only predicted)."""
    e = row.event
    if as_of is not None and e.date.earliest is not None and e.date.earliest > as_of:
        return False
    return any(c.stance in AFFIRMING for c in row.claims)


def promises(log: Log, rows: Sequence[Row], *, today: date, as_of: date | None = None) -> list[Promise]:
    """Every promise among ``rows`` (as-of'd), with its deliveries among ``rows``. The CLI passes the whole log as
    of the day and keeps the promises its filters chose: a filter never hides the evidence (``--system Su-35``
    must not make a promise's Mi-28 delivery disappear)."""
    out = []
    index = _Deliveries(rows)
    for row in rows:
        e = row.event
        if e.type != "promise" or not announced(row, as_of):
            continue
        deliveries = index.of(e)
        systems = _system_status(log, e, deliveries)
        best = _best(deliveries)
        settled = [r for r in best if r.confidence.flag in SETTLED]
        said = _status_claim(row.claims)
        done = [s for s in systems if s.status in ("delivered", "partly-delivered")]
        outcome = settled[0] if settled else (best[0] if best else None)
        if (systems and all(s.status == "delivered" for s in systems)) or (not systems and settled):
            status = "delivered"
            # complete when the last system's first settled delivery came
            firsts = [min((r for r in s.deliveries if r.confidence.flag in SETTLED), key=_when) for s in systems]
            settled = sorted(firsts or settled, key=_when)[-1:]
            note = f"delivered {settled[0].event.date.label()} ({settled[0].event.id}, {settled[0].confidence.flag})"
        elif done:
            status = "partly-delivered"
            got = [s for s in systems if s.status in ("delivered", "partly-delivered")]
            delivered = ", ".join(
                s.name + (f" {s.delivered.label} of {s.promised.label}" if s.delivered and s.promised else "")
                for s in got
            )
            lead = next(r for r in settled if any(r in s.deliveries for s in got))
            note = f"partly delivered: {delivered} ({lead.event.date.label()}, {lead.event.id}, {lead.confidence.flag})"
        elif said is not None and said.values is not None and said.values.status is not None:
            status = said.values.status
            note = f"{status.replace('-', ' ')} as of {said.date.label()} ({log.sources[said.source].publisher})"
        elif best:
            status = f"delivery-{best[0].confidence.flag}"
            note = f"delivery {best[0].confidence.flag} ({best[0].event.date.label()}, {best[0].event.id})"
        else:
            status = "no-outcome-recorded"
            note = "no delivery reported"
        if status not in ("delivered", "partly-delivered") and best and not status.startswith("delivery-"):
            note += (
                f"; a delivery report is {best[0].confidence.flag} ({best[0].event.date.label()}, {best[0].event.id})"
            )
        said_on = [*row.claims, *(c for r in settled for c in r.claims)]
        last = max(said_on, key=order_key).date if said_on else None
        to_today = None
        if status == "delivered":
            span = elapsed(e.date, settled[0].event.date, "delivery") if settled else None
            assert span is not None
        elif as_of is not None:
            span = elapsed(e.date, day_span(as_of), "as-of")
        else:
            end = day_span(last.latest) if last is not None and last.latest is not None else day_span(today)
            span = elapsed(e.date, end, "last-evidence")
            if status == "no-outcome-recorded" and last is not None:
                note = f"no delivery reported as of the last evidence, {_month(last)}"
            to_today = elapsed(e.date, day_span(today), "today")
        by = promiser(log, e, row.claims)
        out.append(
            Promise(
                e,
                row.confidence,
                systems,
                _names(log, e, "supplier"),
                _names(log, e, "recipient"),
                by,
                status,
                note,
                outcome.event if outcome else None,
                outcome.confidence if outcome else None,
                span,
                to_today,
                last,
                tuple(dict.fromkeys(c.source for c in row.claims)),
            )
        )
    return out


def promise_ledger(log: Log, q: Query, *, today: date) -> list[Promise]:
    """The promises ``q`` selects (as of ``q.as_of``), each judged on all its deliveries, whatever ``q`` says.

    Reads only what that takes: the promises ``q`` selects, the deliveries that ``fulfil`` them and the
    deliveries of their stories (through the cache's indexes on type, story and links), not the whole log. The
    same as :func:`promises` over every event of the log, keeping the promises ``q`` selects."""
    if q.types and "promise" not in q.types:
        return []
    chosen = _plain_rows(run(log, replace(q, types=("promise",), sort="date", reverse=False, limit=None)))
    ids = {r.event.id for r in chosen}
    stories = {r.event.story for r in chosen if r.event.story}
    found = {e.id: e for e in linking(log, ids, {"fulfils"}) if e.type == "delivery"}
    for some in batches(sorted(stories)):
        of_stories = Query(types=("delivery",), stories=some)
        found.update((e.id, e) for e in fetch(log, of_stories, lambda e: e.type == "delivery" and e.story in stories))
    rows = _in_order([*chosen, *run(among(log, found.values()), Query(as_of=q.as_of))])
    return promises(log, rows, today=today, as_of=q.as_of)


def _plain_rows(rows: Iterable[Row]) -> list[Row]:
    """Rows as a query with no date filter gives them (no note on why an open date matched)."""
    return [replace(r, date_note="") if r.date_note else r for r in rows]


def _in_order(rows: Iterable[Row]) -> list[Row]:
    """In a query's default order: by date, then id."""
    return sorted(rows, key=lambda r: (r.event.date.sort_key(), r.event.id))


def _month(span: Span) -> str:
    day = span.latest or span.earliest
    return day.strftime("%b %Y") if day else span.label()


@dataclass(frozen=True)
class Transfer:
    story: str
    supplier: str
    recipient: str
    system: str  # id
    name: str
    category: str
    orders: tuple[Row, ...]  # contracts and promises, oldest first
    deliveries: tuple[Row, ...]  # delivery reports, oldest first
    status: str  # delivered (confirmed), delivery-<flag> (reported, unconfirmed, ...), ordered, promised
    status_text: str  # "delivered; also 3 denied (of 4 delivery reports)", "reported delivered (unconfirmed)"
    confidence: Confidence  # the best-supported delivery's, else the best-supported order's
    sources: tuple[str, ...]

    def quantities(self, rows: Sequence[Row]) -> tuple[Quantity, ...]:
        """The counts of this system the rows give: their events' and their affirming claims' (tied to it)."""
        found = [q for r in rows for q in system_quantities(r, self.system)]
        return tuple({q.canonical: q for q in found}.values())

    @property
    def events(self) -> tuple[str, ...]:
        return tuple(r.event.id for r in self.orders + self.deliveries)


ORDER_TYPES = frozenset({"contract", "promise"})
REGISTER_TYPES = tuple(sorted(ORDER_TYPES | {"delivery"}))


def register(log: Log, q: Query) -> list[Transfer]:
    """The register's rows with an event ``q`` selects (as of ``q.as_of``); each row counts all its events.

    Reads only what that takes: the contracts, promises and deliveries ``q`` selects, and the others of their
    stories (a row is a story's, or a lone event's), through the cache's indexes on type and story; with no
    filter but ``--as-of``, every contract, promise and delivery. The same as :func:`transfers` over every event
    of the log, keeping the rows with an event ``q`` selects."""
    types = tuple(t for t in q.types or REGISTER_TYPES if t in REGISTER_TYPES)
    if not types:
        return []
    q = replace(q, types=types, sort="date", reverse=False, limit=None)

    def moves(e: Event) -> bool:  # an event that moves no system is in no row
        return e.type in REGISTER_TYPES and bool(e.systems)

    chosen = _plain_rows(run(among(log, fetch(log, q, moves)), q))
    ids = {r.event.id for r in chosen}
    if replace(q, types=(), as_of=None) == Query() and types == REGISTER_TYPES:
        return transfers(log, chosen)  # nothing filtered: these are all the register's events
    # A row groups a story's events (or a lone event's: keyed by its id, which a story may share).
    keys = {r.event.story or r.event.id for r in chosen}
    have = {r.event.id: r for r in chosen}
    stories = {r.event.story for r in chosen if r.event.story}
    more = {e.id: e for e in by_ids(log, sorted(stories)) if e.story is None and moves(e)}
    for some in batches(sorted(keys)):
        of_stories = Query(types=REGISTER_TYPES, stories=some)
        more.update((e.id, e) for e in fetch(log, of_stories, lambda e: moves(e) and e.story in keys))
    # a delivery fulfilling a chosen order sits in the order's row, and a chosen delivery in its order's row
    more.update((e.id, e) for e in linking(log, ids, {"fulfils"}) if moves(e))
    targets = sorted({lk.event for r in chosen for lk in r.event.links if lk.rel == "fulfils"})
    orders = [e for e in by_ids(log, targets) if moves(e) and e.type in ORDER_TYPES]
    more.update((e.id, e) for e in orders)
    order_stories = {e.story for e in orders if e.story} - stories
    for some in batches(sorted(order_stories)):
        of_stories = Query(types=REGISTER_TYPES, stories=some)
        more.update((e.id, e) for e in fetch(log, of_stories, lambda e: moves(e) and e.story in order_stories))
    more = {i: e for i, e in more.items() if i not in have}
    rows = _in_order([*chosen, *run(among(log, more.values()), Query(as_of=q.as_of))])
    return [t for t in transfers(log, rows) if ids.intersection(t.events)]


def _fulfilled_story(rows: Sequence[Row]) -> dict[str, str]:
    """For each delivery that ``fulfils`` an order (a contract or promise) among the rows: the row key (story, else
    id) of that order, so that the delivery is counted in the order's row even when logged in another story."""
    orders = {r.event.id: r.event for r in rows if r.event.type in ORDER_TYPES and r.event.systems}
    out: dict[str, str] = {}
    for r in rows:
        if r.event.type == "delivery":
            for link in r.event.links:
                if link.rel == "fulfils" and link.event in orders:
                    out[r.event.id] = orders[link.event].story or link.event
                    break
    return out


def _reports(rows: Sequence[Row]) -> list[list[Row]]:
    """Delivery rows grouped into reports: events linked ``same-as`` (either way, transitively) are one report."""
    ids = {r.event.id: r for r in rows}
    parent = {i: i for i in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for r in rows:
        for link in r.event.links:
            if link.rel == "same-as" and link.event in ids:
                parent[find(link.event)] = find(r.event.id)
    groups: dict[str, list[Row]] = {}
    for r in rows:
        groups.setdefault(find(r.event.id), []).append(r)
    return [_best(g) for g in groups.values()]


def transfers(log: Log, rows: Sequence[Row]) -> list[Transfer]:
    """One row per (story, supplier, recipient, system) over contracts, promises and deliveries. A delivery that
    ``fulfils`` an order among the rows sits in the order's row; deliveries linked ``same-as`` are one report."""
    groups: dict[tuple[str, str, str, str], list[Row]] = {}
    moved_to = _fulfilled_story(rows)
    for row in rows:
        e = row.event
        if e.type not in ORDER_TYPES | {"delivery"} or not e.systems:
            continue
        # Like SIPRI, the register is state to state: the IRGC's deliveries are Iran's.
        # ... as each actor belonged on the event's day
        day = e.date.earliest or e.date.latest
        supplier = (
            ", ".join(dict.fromkeys(log.top_at(r.actor, day).name for r in e.actors if r.role == "supplier")) or "?"
        )
        recipient = (
            ", ".join(dict.fromkeys(log.top_at(r.actor, day).name for r in e.actors if r.role == "recipient")) or "?"
        )
        for use in e.systems:
            key = moved_to.get(e.id) or e.story or e.id
            groups.setdefault((key, supplier, recipient, use.system), []).append(row)
    out = []
    for (story, supplier, recipient, system_id), members in groups.items():
        members.sort(key=lambda r: r.event.date.sort_key())
        orders = tuple(r for r in members if r.event.type in ORDER_TYPES)
        deliveries = tuple(r for r in members if r.event.type == "delivery")
        if deliveries:
            reports = sorted(_reports(deliveries), key=lambda g: (FLAG_ORDER.index(g[0].confidence.flag), _when(g[0])))
            best = reports[0][0]
            flag = best.confidence.flag
            status = "delivered" if flag == "confirmed" else f"delivery-{flag}"
            text = DELIVERY_WORDS.get(flag, status)
            others: dict[str, int] = {}
            for g in reports[1:]:
                if g[0].confidence.flag != flag:
                    others[g[0].confidence.flag] = others.get(g[0].confidence.flag, 0) + 1
            if others:
                listed = ", ".join(
                    f"{n} {flag}" for flag, n in sorted(others.items(), key=lambda kv: FLAG_ORDER.index(kv[0]))
                )
                text += f"; also {listed} (of {len(reports)} delivery reports)"
            lead = best
        else:
            status = "ordered" if any(r.event.type == "contract" for r in orders) else "promised"
            text = status
            lead = _best(orders)[0]
        system = log.systems[system_id]
        out.append(
            Transfer(
                story,
                supplier,
                recipient,
                system_id,
                system.name,
                system.category,
                orders,
                deliveries,
                status,
                text,
                lead.confidence,
                tuple(dict.fromkeys(c.source for r in members for c in r.claims)),
            )
        )
    out.sort(key=lambda t: (t.supplier, t.recipient, t.name))
    return out
