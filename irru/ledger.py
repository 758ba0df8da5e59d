"""The promise ledger and the transfer register (pure).

A **promise** is an event of type ``promise``. Its outcome is a ``delivery`` event that ``fulfils`` it (a link),
or, failing a link, a later delivery in the same story that moves one of the same systems. Without a delivery,
the newest claim on the promise that gives a ``status`` value says where it stood ("not delivered" in an Nov
2024 article); otherwise nothing was recorded.

The **transfer register** (in the manner of SIPRI's trade register) has one row per story and system: what
was ordered or promised (contracts and promises) and what was delivered (deliveries), with dates, status,
confidence and sources.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from .confidence import Confidence
from .model import Claim, Event, Log, Quantity
from .query import FLAG_ORDER, Row

STATUSES = (
    "delivered", "delivery-disputed", "delivery-unconfirmed", "delivery-denied", "delivery-predicted",
    "partly-delivered", "not-delivered", "cancelled", "no-outcome-recorded",
)  # fmt: skip
SETTLED = frozenset({"confirmed", "reported"})


@dataclass(frozen=True)
class Promise:
    event: Event
    confidence: Confidence
    systems: tuple[str, ...]  # system names with quantities
    suppliers: tuple[str, ...]
    recipients: tuple[str, ...]
    announced_by: tuple[str, ...]
    status: str
    status_note: str  # "not delivered as of Nov 2024 (Example Op-Ed)"
    outcome: Event | None
    outcome_confidence: Confidence | None
    until: date  # the delivery's first day, or the as-of/today day the elapsed time is counted to
    elapsed_days: int
    sources: tuple[str, ...]


def elapsed_text(days: int) -> str:
    """``2 years 11 months``; ``5 months``; ``12 days``."""
    years, rest = divmod(days, 365)
    months = rest // 30
    if years == 0 and months == 0:
        return f"{days} day{'s' if days != 1 else ''}"
    parts = []
    if years:
        parts.append(f"{years} year{'s' if years != 1 else ''}")
    if months:
        parts.append(f"{months} month{'s' if months != 1 else ''}")
    return " ".join(parts)


def _names(log: Log, event: Event, role: str) -> tuple[str, ...]:
    return tuple(log.actors[r.actor].name for r in event.actors if r.role == role)


def _system_names(log: Log, event: Event) -> tuple[str, ...]:
    return tuple(log.systems[u.system].name + (f" ({u.quantity.text})" if u.quantity else "") for u in event.systems)


def _outcome(log: Log, promise: Event, rows_by_id: dict[str, Row]) -> Row | None:
    linked = [
        rows_by_id[e.id]
        for e in log.events
        if e.id in rows_by_id
        and e.type == "delivery"
        and any(lk.rel == "fulfils" and lk.event == promise.id for lk in e.links)
    ]
    if not linked and promise.story:
        systems = {u.system for u in promise.systems}
        start = promise.date.earliest or date.min
        linked = [
            r for r in rows_by_id.values()
            if r.event.story == promise.story and r.event.type == "delivery"
            and systems & {u.system for u in r.event.systems} and (r.event.date.latest or date.max) >= start
        ]  # fmt: skip
    if not linked:
        return None
    settled = [r for r in linked if r.confidence.flag in SETTLED]
    pool = settled or linked
    return min(pool, key=lambda r: r.event.date.sort_key())


def _status_claim(claims: Sequence[Claim]) -> Claim | None:
    with_status = [c for c in claims if c.values is not None and c.values.status is not None]
    return max(with_status, key=lambda c: (c.date.latest or date.min, c.line)) if with_status else None


def promises(log: Log, rows: Sequence[Row], *, today: date) -> list[Promise]:
    """Every promise among ``rows`` (already filtered and as-of'd), with its outcome among ``rows``."""
    rows_by_id = {r.event.id: r for r in rows}
    out = []
    for row in rows:
        e = row.event
        if e.type != "promise":
            continue
        outcome = _outcome(log, e, rows_by_id)
        start = e.date.earliest or e.date.latest or today
        said = _status_claim(row.claims)
        if outcome is not None and outcome.confidence.flag in SETTLED:
            status = "delivered"
            until = outcome.event.date.earliest or today
            note = f"delivered {outcome.event.date.label()} ({outcome.event.id}, {outcome.confidence.flag})"
        else:
            # An unconfirmed delivery report does not stop the clock, nor outrank a source that says where
            # the promise stood.
            until = today
            if said is not None and said.values is not None and said.values.status is not None:
                status = said.values.status
                note = f"{status.replace('-', ' ')} as of {said.date.label()} ({log.sources[said.source].publisher})"
            elif outcome is not None:
                status = f"delivery-{outcome.confidence.flag}"
                note = f"delivery {outcome.confidence.flag} ({outcome.event.date.label()}, {outcome.event.id})"
            else:
                status = "no-outcome-recorded"
                note = "no delivery recorded"
            if outcome is not None and status != "delivery-unconfirmed":
                note += f"; a delivery report is {outcome.confidence.flag} ({outcome.event.date.label()}, {outcome.event.id})"
        # who announced it: affirming claims about the promise itself, not later reports of where it stood
        announcers = [
            c for c in row.claims if c.stance in ("asserts", "confirms") and not (c.values and c.values.status)
        ]
        first = sorted(announcers, key=lambda c: (c.date.sort_key(), c.line))
        announced = tuple(dict.fromkeys(log.speaker_label(c) for c in first))
        sources = tuple(dict.fromkeys(c.source for c in row.claims))
        out.append(
            Promise(
                e,
                row.confidence,
                _system_names(log, e),
                _names(log, e, "supplier"),
                _names(log, e, "recipient"),
                announced,
                status,
                note,
                outcome.event if outcome else None,
                outcome.confidence if outcome else None,
                until,
                max(0, (until - start).days),
                sources,
            )  # fmt: skip
        )
    return out


@dataclass(frozen=True)
class Transfer:
    story: str
    supplier: str
    recipient: str
    system: str
    category: str
    ordered: str  # quantity as written, "" when unknown
    delivered: str
    ordered_on: str  # date labels
    delivered_on: str
    status: str
    confidence: str  # the delivery's flag label, else the order's
    sources: tuple[str, ...]
    events: tuple[str, ...]


ORDER_TYPES = frozenset({"contract", "promise"})


def _quantities(rows: list[Row], system_id: str) -> str:
    """The quantities the rows give for one system, as written (~ and + kept), without repeats."""
    found: list[Quantity] = [u.quantity for r in rows for u in r.event.systems if u.system == system_id and u.quantity]
    return " / ".join(dict.fromkeys(q.text for q in found))


def transfers(log: Log, rows: Sequence[Row]) -> list[Transfer]:
    """One row per (story, supplier, recipient, system) over contracts, promises and deliveries."""
    groups: dict[tuple[str, str, str, str], list[Row]] = {}
    for row in rows:
        e = row.event
        if e.type not in ORDER_TYPES | {"delivery"} or not e.systems:
            continue
        # Like SIPRI, the register is state to state: the IRGC's deliveries are Iran's.
        supplier = ", ".join(dict.fromkeys(log.top(r.actor).name for r in e.actors if r.role == "supplier")) or "?"
        recipient = ", ".join(dict.fromkeys(log.top(r.actor).name for r in e.actors if r.role == "recipient")) or "?"
        for use in e.systems:
            groups.setdefault((e.story or e.id, supplier, recipient, use.system), []).append(row)
    out = []
    for (story, supplier, recipient, system_id), members in groups.items():
        orders = [r for r in members if r.event.type in ORDER_TYPES]
        deliveries = [r for r in members if r.event.type == "delivery"]
        settled = [r for r in deliveries if r.confidence.flag in SETTLED]

        if settled:
            status = "delivered"
        elif deliveries:  # the best-supported delivery report says how far it got: delivery-disputed, …
            best = min(deliveries, key=lambda r: FLAG_ORDER.index(r.confidence.flag))
            status = f"delivery-{best.confidence.flag}"
        else:
            status = "ordered" if any(r.event.type == "contract" for r in orders) else "promised"
        # the best-supported delivery speaks for the row (confirmed before reported … before denied)
        lead: Row = min(settled or deliveries or orders, key=lambda r: FLAG_ORDER.index(r.confidence.flag))
        system = log.systems[system_id]
        out.append(
            Transfer(
                story,
                supplier,
                recipient,
                system.name,
                system.category,
                _quantities(orders, system_id),
                _quantities(deliveries, system_id),
                ", ".join(r.event.date.label() for r in orders),
                ", ".join(r.event.date.label() for r in deliveries),
                status,
                lead.confidence.label(),
                tuple(dict.fromkeys(c.source for r in members for c in r.claims)),
                tuple(r.event.id for r in members),
            )  # fmt: skip
        )
    out.sort(key=lambda t: (t.supplier, t.recipient, t.system))
    return out
