"""What every renderer shares: actor lines, footnote numbering, source lines, event records for JSON/CSV."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from ..dates import Span, iso
from ..inert import inert
from ..model import Archive, Claim, Event, Log, Quantity, Source, Values, likelihood_words
from ..query import Row

if TYPE_CHECKING:
    from ..confidence import Confidence


def actors_text(log: Log, event: Event) -> str:
    """``Iran → Russia`` for transfers; otherwise the actors in order, without repeats."""
    return named_actors_text([(log.actors[r.actor].name, r.role) for r in event.actors])


def named_actors_text(actors: Sequence[tuple[str, str]]) -> str:
    """:func:`actors_text` from the actors' (name, role) pairs, in the event's order."""
    suppliers = [name for name, role in actors if role == "supplier"]
    recipients = [name for name, role in actors if role == "recipient"]
    if suppliers and recipients:
        return f"{', '.join(suppliers)} → {', '.join(recipients)}"
    sanctioners = [name for name, role in actors if role in ("sanctioner", "attacker")]
    targets = [name for name, role in actors if role == "target"]
    if sanctioners and targets:
        return f"{', '.join(sanctioners)} ⟶ {', '.join(targets)}"
    return ", ".join(dict.fromkeys(name for name, _role in actors))


def date_text(row: Row) -> str:
    """The event's date label, saying how a date filter placed it when not certainly inside the period:
    ``Jun – Aug 2024 (straddles the period)``, ``by 28 Oct 2024 (possibly in the period)``."""
    return noted(row.event.date, row.date_note)


def noted(span: Span, note: str) -> str:
    """A date's label with how a date filter placed it (``Row.date_note``, ``query.date_note``), if it says."""
    shown = DATE_NOTES.get(note, note)
    return f"{span.label()} ({shown})" if shown else span.label()


DATE_NOTES = {"straddles": "straddles the period", "open end": "open end", "possibly": "possibly in the period"}


def summary_text(rows: Sequence[Row]) -> str:
    """The line above a chronology: how many events, the period they span, how many are disputed or denied
    (``78 events, 30 Nov 1971 – Sep 2025; 6 disputed, 9 denied``), each end at the precision it was recorded."""
    flags = {flag: sum(1 for r in rows if r.confidence.flag == flag) for flag in ("disputed", "denied")}
    return summary_of(len(rows), [r.event.date for r in rows], flags)


def summary_of(n: int, dates: Iterable[Span], flags: Mapping[str, int]) -> str:
    """:func:`summary_text` from the number of events, their dates in the listed order (those that may hold the
    first or the last day are enough: the earliest listed first wins a tie) and how many have each flag."""
    dates = list(dates)
    head = f"{n} event{'' if n == 1 else 's'}"
    starts = [p for p in (d.start or d.end for d in dates) if p is not None]
    ends = [p for p in (d.end or d.start for d in dates) if p is not None]
    if starts and ends:
        first = min(starts, key=lambda p: p.first)
        last = max(ends, key=lambda p: p.last)
        head += ", " + Span("", first, first if last == first else last).label()  # one point: not an interval
    counts = {flag: flags.get(flag, 0) for flag in ("disputed", "denied")}
    if not any(counts.values()):
        return head + "; none disputed or denied"
    return head + "; " + ", ".join(f"{k} {flag}" for flag, k in counts.items())


def claim_sources(claims: tuple[Claim, ...]) -> list[str]:
    """Source ids in the order the claims cite them, relayed sources right after their relays."""
    out: dict[str, None] = {}
    for c in claims:
        out[c.source] = None
        for r in c.relays:
            if r.source is not None:
                out[r.source] = None
    return list(out)


class Footnotes:
    """Numbers sources [1] [2] in order of first use."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def markers(self, claims: tuple[Claim, ...]) -> str:
        return self.marks(claim_sources(claims))

    def marks(self, cited: Iterable[str]) -> str:
        """``[1][2]`` for sources (ids, as :func:`claim_sources` lists them), numbering the new ones."""
        numbers = self.numbers
        return "".join(f"[{numbers.setdefault(s, len(numbers) + 1)}]" for s in cited)


class Item(NamedTuple):
    """One event as the human formats (table, plain, md) print it: its text not yet made inert or escaped."""

    id: str
    date: str  # date_text: the label, and how a date filter placed it
    year: int | None  # the year it is listed under
    title: str
    actors: str  # actors_text
    label: str  # the flag in words (Confidence.label)
    flag: str
    cited: tuple[str, ...]  # claim_sources: what its footnote marks number


def item_of(log: Log, row: Row) -> Item:
    e = row.event
    return Item(e.id, date_text(row), e.date.year, e.title, actors_text(log, e), row.confidence.label(),
                row.confidence.flag, tuple(claim_sources(row.claims)))  # fmt: skip


class RecordItems:
    """:func:`item_of` from events' JSON records (:func:`event_record`) as of no day: the planned path's rows.
    ``note`` says how a date filter placed a date (``query.date_note``; none without a filter). What repeats from
    row to row is worked out once: a date's text read and labelled (with its note), a set of actors put in words."""

    def __init__(self, note: Callable[[Span], str] | None = None) -> None:
        self._dates: dict[str, tuple[Span, str, int | None]] = {}
        self._actors: dict[tuple[tuple[str, str], ...], str] = {}
        self._note = note

    def span(self, text: str) -> Span:
        return self._date(text)[0]

    def _date(self, text: str) -> tuple[Span, str, int | None]:
        got = self._dates.get(text)
        if got is None:
            from ..dates import parse_edtf

            span = parse_edtf(text)
            label = noted(span, self._note(span)) if self._note is not None else span.label()
            got = self._dates[text] = (span, label, span.year)
        return got

    def item(self, rec: Mapping[str, Any]) -> Item:
        """Raises on a record of another shape (KeyError, TypeError, ValueError)."""
        _span, label, year = self._date(rec["date"])
        pairs = tuple((a["name"], a["role"]) for a in rec["actors"])
        actors = self._actors.get(pairs)
        if actors is None:
            actors = self._actors[pairs] = named_actors_text(pairs)
        conf = rec["confidence"]
        ident, title, words, flag, cited = rec["id"], rec["title"], conf["label"], conf["flag"], tuple(rec["sources"])
        if str is not type(ident) or str is not type(title) or str is not type(words) or str is not type(flag):
            raise TypeError("not an event record")
        if not all(type(s) is str for s in cited):
            raise TypeError("not an event record")
        return Item(ident, label, year, title, actors, words, flag, cited)


def source_line(source: Source) -> str:
    """``Reuters, "Title", 21 Feb 2024, https://…`` (inert)."""
    by = f"{', '.join(source.authors)}, " if source.authors else ""
    parts = [f"{source.publisher}", f'{by}"{source.title}"', source.published.label()]
    if source.url:
        parts.append(source.url)
    return inert(", ".join(parts) + f" (grade {source.grade}, {source.kind})")


def quantity_record(q: Quantity) -> dict[str, Any]:
    return {
        "text": q.text,
        "low": q.low,
        "high": q.high,
        "approximate": q.approximate,
        "up_to": q.up_to,
        "unit": q.unit,
        "system": q.system,
        "period": q.period,
    }


def values_record(v: Values | None) -> dict[str, Any] | None:
    if v is None:
        return None
    out: dict[str, Any] = {}
    if v.quantity is not None:
        out["quantity"] = quantity_record(v.quantity)
        out["quantities"] = [quantity_record(q) for q in v.quantities]
    if v.systems:
        out["systems"] = list(v.systems)
    for key in ("route", "amount", "status"):
        value = getattr(v, key)
        if value is not None:
            out[key] = value
    if v.date is not None:
        out["date"] = v.date.text
    return out


def claim_record(log: Log, c: Claim) -> dict[str, Any]:
    return {
        "source": c.source,
        "by": c.by,
        "speaker": c.speaker,
        "speaker_label": log.speaker_label(c),
        "anonymous": c.anonymous,
        "via": c.via,
        "relays": [
            {"source": r.source, "actor": r.actor, "description": r.description, "label": log.relay_label(r)}
            for r in c.relays
        ],
        "stance": c.stance,
        "likelihood": c.likelihood,
        "likelihood_words": likelihood_words(c.likelihood) if c.likelihood else None,
        "analytic_confidence": c.analytic_confidence,
        "known_from": c.known_from,
        "date": c.date.text,
        "start": iso(c.date.earliest),
        "end": iso(c.date.latest),
        "text": c.text,
        "quoted": c.quoted,
        "values": values_record(c.values),
    }


def event_record(log: Log, row: Row) -> dict[str, Any]:
    """The documented JSON shape of one event (docs/json.md)."""
    e, conf = row.event, row.confidence
    return {
        "id": e.id,
        "date": e.date.text,
        "start": iso(e.date.earliest),
        "end": iso(e.date.latest),
        "precision": e.date.precision,
        "approximate": e.date.approximate,
        "uncertain": e.date.uncertain,
        "title": e.title,
        "type": e.type,
        "story": e.story,
        "actors": [{"id": r.actor, "name": log.actors[r.actor].name, "role": r.role} for r in e.actors],
        "systems": [
            {
                "id": u.system,
                "name": log.systems[u.system].name,
                "category": log.systems[u.system].category,
                "quantity": u.quantity.text if u.quantity else None,
            }
            for u in e.systems
        ],
        "tags": list(e.tags),
        "summary": e.summary,
        "confidence": confidence_record(conf),
        "sources": claim_sources(row.claims),
        "claims": [claim_record(log, c) for c in row.claims],
        "links": [{"rel": link.rel, "event": link.event} for link in e.links],
    }


def source_record(source: Source) -> dict[str, Any]:
    return {
        "id": source.id,
        "title": source.title,
        "publisher": source.publisher,
        "authors": list(source.authors),
        "published": source.published.text,
        "url": source.url,
        "kind": source.kind,
        "grade": source.grade,
        "cites": list(source.cites),
        "archive": archive_record(source.archive),
    }


def archive_record(a: Archive | None) -> dict[str, Any] | None:
    """A source's archive record (docs/format.md), None when it has none."""
    if a is None:
        return None
    return {"url": a.url, "accessed": a.accessed, "archived": a.archived, "sha256": a.sha256, "capture": a.capture}


def confidence_record(conf: Confidence) -> dict[str, object]:
    """The JSON shape of a flag (docs/json.md): data, not only display strings. Here, with the other shapes,
    so that a renderer needs no import of the rules that compute the flag."""
    return {
        "flag": conf.flag,
        "who": conf.who,
        "label": conf.label(),
        "rule": conf.rule,
        "deniers": list(conf.deniers),
        "confirmers": list(conf.confirmers),
        "confirmers_inside": list(conf.inside),
        "reporters": list(conf.reporters),
        "hedgers": list(conf.hedgers),
        "doubters": list(conf.doubters),
        "decliners": list(conf.decliners),
        "history": [{"speaker": h.speaker, "stance": h.stance, "until": h.until} for h in conf.history],
    }
