"""The reference datasets as their publishers export them, read into :class:`Record` s (pure: text in, records out).

- SIPRI Arms Transfers Database, trade register (CSV): one deal a row. A figure or year in brackets is one
  SIPRI is not sure of (its own convention), ``. .`` or an empty cell is unknown; a number becomes an
  approximate quantity (``~24``), a year an uncertain date (``2021?``). A deal becomes an order record and,
  when something was delivered, a delivery record.
- ACLED (CSV export): one event a row, keyed by ``event_id_cnty``; ``time_precision`` 1 is the day, 2 the week
  around the date given, 3 the month (ACLED codes a week or a month by a day inside it); ``fatalities`` a count;
  ``notes`` ACLED's own words (kept as a quotation).
- UCDP GED (CSV): one event a row, keyed by ``id``; ``date_start``/``date_end`` the span; ``low``-``high`` the
  range of deaths with ``best`` said in the text.
- Wikidata: an entity document (``Special:EntityData/Q….json``) or SPARQL results (JSON): names, aliases and
  memberships (``part of``, ``member of``, ``parent organization``) with their start and end dates.

Every problem is a :class:`~irru.errors.Problem` at the line (and column) of the file where it stands.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from ..errors import Problem

FORMATS = ("sipri", "acled", "ucdp", "wikidata")


class FormatError(Exception):
    """The file is not in the format asked for; carries the problems with their lines."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems[0].message if problems else "")
        self.problems = problems


@dataclass(frozen=True)
class Party:
    name: str  # as the dataset writes it
    role: str  # a ROLES key


@dataclass(frozen=True)
class Record:
    """One upstream row (or one aspect of it: a SIPRI deal's order or its delivery), in irru's words."""

    key: str  # stable across versions of the dataset: "sipri:…/order", "acled:UKR1234", "ucdp:123456"
    line: int  # where it stands in the file
    type: str  # an event type
    date: str  # EDTF, no more precise than the dataset
    title: str
    text: str  # the claim
    parties: tuple[Party, ...] = ()
    designation: str | None = None  # a weapon system as the dataset names it
    quantity: str | None = None  # schema-2 quantity text, without a unit when the unit is not known
    unit_hint: str | None = None  # the dataset's word for what is counted ("FGA aircraft"), for suggestions
    status: str | None = None  # delivered | partly-delivered | not-delivered
    quoted: bool = False
    note: str | None = None
    fulfils: str | None = None  # the key of the record this one fulfils (a delivery → its order)
    # the fields whose change makes a new claim, as text (compared between versions)
    content: tuple[tuple[str, str], ...] = field(default=())


@dataclass(frozen=True)
class Entity:
    """A Wikidata entity: what it fills in an actor."""

    qid: str
    line: int
    label: str | None
    aliases: tuple[str, ...]
    memberships: tuple[tuple[str, str | None, str | None], ...]  # (QID of the body, from, until), EDTF


@dataclass(frozen=True)
class Extract:
    """What a file holds: its records or entities, and the version it declares (None: not said)."""

    records: tuple[Record, ...] = ()
    entities: tuple[Entity, ...] = ()
    version: str | None = None  # EDTF date of the extract, when the file says it


# --- CSV with its line numbers -----------------------------------------------------------------------


def _rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """Each CSV row with the line it starts on (quoted cells may span lines)."""
    reader = csv.reader(io.StringIO(text))
    line = 1
    for row in reader:
        yield line, row
        line = reader.line_num + 1


def _table(text: str, required: Sequence[str], what: str) -> tuple[list[str], list[tuple[int, dict[str, str]]], int]:
    """The header (found on the first row that has every required column) and the rows under it as mappings."""
    rows = list(_rows(text))
    want = {r.casefold() for r in required}
    for i, (line, row) in enumerate(rows):
        names = [c.strip() for c in row]
        if want <= {n.casefold() for n in names}:
            out = []
            for line_, cells in rows[i + 1 :]:
                if not any(c.strip() for c in cells):
                    continue
                out.append((line_, _cells(names, cells)))
            return names, out, line
    raise FormatError([Problem(1, 1, f"not {what}: no header row with the columns {', '.join(required)}")])


def _cells(names: list[str], cells: list[str]) -> dict[str, str]:
    """Cells by column name (case-folded). An unnamed column after a named one is kept as 'NAME+' (SIPRI puts
    its '?' marks there)."""
    out: dict[str, str] = {}
    last = ""
    for i, name in enumerate(names):
        value = cells[i].strip() if i < len(cells) else ""
        key = name.casefold() if name else f"{last}+"
        if name:
            last = name.casefold()
        out[key] = value
    return out


# --- SIPRI ---------------------------------------------------------------------------------------------

_BRACKETED = re.compile(r"^\((.*)\)$")
_YEAR = re.compile(r"\(?\b(\d{4})\b\)?")
_UNKNOWN = {"", ". .", "..", "n/a", "unknown"}
_GENERATED = re.compile(r"Information generated:\s*(\d{1,2} \w+ \d{4}|\d{4}-\d{2}-\d{2})")


def _uncertain(value: str, mark: str) -> tuple[str, bool]:
    """The value without SIPRI's brackets, and whether it was bracketed (or marked '?' in the next column)."""
    m = _BRACKETED.match(value)
    if m:
        return m.group(1).strip(), True
    return value, mark.strip() == "?"


def _sipri_number(value: str, mark: str, line: int, col: str) -> str | None:
    value, unsure = _uncertain(value, mark)
    if value.casefold() in _UNKNOWN:
        return None
    digits = value.replace(",", "").replace(" ", "")
    if not digits.isdigit():
        raise FormatError([Problem(line, 1, f"SIPRI {col} '{value}' is not a number")])
    return ("~" if unsure else "") + f"{int(digits):,}"


def _sipri_year(value: str, mark: str, line: int, col: str) -> str | None:
    value, unsure = _uncertain(value, mark)
    if value.casefold() in _UNKNOWN:
        return None
    if not re.fullmatch(r"\d{4}", value):
        raise FormatError([Problem(line, 1, f"SIPRI {col} '{value}' is not a year")])
    return value + ("?" if unsure else "")


def _sipri_years(value: str) -> str | None:
    """``2023; (2024)`` or ``2023-2024``: the span from the first year to the last, each end uncertain if
    bracketed."""
    found = [(m.group(1), m.group(0).startswith("(")) for m in _YEAR.finditer(value)]
    if not found:
        return None
    (first, a), (last, b) = min(found), max(found)
    start, end = first + ("?" if a else ""), last + ("?" if b else "")
    return start if first == last and a == b else f"{start}/{end}"


def _label(edtf: str) -> str:
    """A date as irru shows it (``2023 – 2024?``): the reader sees SIPRI's uncertainty as every other date's."""
    from ..dates import parse_edtf

    return parse_edtf(edtf).label()


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "x"


def _version_from_words(words: str) -> str | None:
    from dateutil import parser as dateparser

    try:
        return dateparser.parse(words, dayfirst=True).date().isoformat()
    except (ValueError, OverflowError):
        return None


def sipri(text: str) -> Extract:
    names, rows, _ = _table(
        text, ["Recipient", "Supplier", "Year of order", "Weapon designation"], "a SIPRI trade register"
    )
    m = _GENERATED.search(text[:2000])
    version = _version_from_words(m.group(1)) if m else None
    id_col = next((n.casefold() for n in names if n.casefold() in ("deal id", "sipri id", "deal_id", "sipri_id")), None)
    records: list[Record] = []
    for line, r in rows:
        recipient, supplier = r.get("recipient", ""), r.get("supplier", "")
        designation = r.get("weapon designation", "")
        if not recipient or not supplier or not designation:
            raise FormatError([Problem(line, 1, "a SIPRI deal needs a recipient, a supplier and a weapon designation")])
        description = r.get("weapon description", "")
        order_year = _sipri_year(r.get("year of order", ""), r.get("year of order+", ""), line, "year of order")
        ordered = _sipri_number(r.get("number ordered", ""), r.get("number ordered+", ""), line, "number ordered")
        delivered = _sipri_number(
            r.get("number delivered", ""), r.get("number delivered+", ""), line, "number delivered"
        )
        years = _sipri_years(r.get("year(s) of delivery", ""))
        status = r.get("status", "")
        comments = r.get("comments", "") or None
        base = (
            f"sipri:{r[id_col]}"
            if id_col and r.get(id_col)
            else f"sipri:{_slug(supplier)}:{_slug(recipient)}:{(order_year or 'na').rstrip('?')}:{_slug(designation)}"
        )
        parties = (Party(supplier, "supplier"), Party(recipient, "recipient"))
        what = f"{designation} ({description})" if description else designation
        order_text = f"{supplier} ordered {ordered or 'an unknown number of'} {what} for {recipient}" + (
            f"; year of order {_label(order_year)}" if order_year else ""
        )
        content = (
            ("ordered", ordered or ""),
            ("year", order_year or ""),
            ("status", status),
            ("comments", comments or ""),
        )
        records.append(
            Record(
                key=f"{base}/order",
                line=line,
                type="contract",
                date=order_year or "..",
                title=f"{supplier} order of {designation} for {recipient} (SIPRI)",
                text=order_text,
                parties=parties,
                designation=designation,
                quantity=ordered,
                unit_hint=description or None,
                note=comments,
                content=content,
            )
        )
        if delivered or years:
            state = (
                "delivered"
                if ordered and delivered and ordered.lstrip("~") == delivered.lstrip("~")
                else "partly-delivered"
                if delivered
                else None
            )
            records.append(
                Record(
                    key=f"{base}/delivery",
                    line=line,
                    type="delivery",
                    date=years or "..",
                    title=f"{supplier} delivery of {designation} to {recipient} (SIPRI)",
                    text=f"{supplier} delivered {delivered or 'an unknown number of'} {what} to {recipient}"
                    + (f"; year(s) of delivery {_label(years)}" if years else ""),
                    parties=parties,
                    designation=designation,
                    quantity=delivered,
                    unit_hint=description or None,
                    status=state,
                    fulfils=f"{base}/order",
                    content=(("delivered", delivered or ""), ("years", years or ""), ("status", state or "")),
                )
            )
    if not records:
        raise FormatError([Problem(1, 1, "the SIPRI trade register holds no deal")])
    return Extract(tuple(records), version=version)


# --- ACLED ---------------------------------------------------------------------------------------------

ACLED_TYPES = {
    "battles": "strike",
    "explosions/remote violence": "strike",
    "violence against civilians": "strike",
    "strategic developments": "context",
    "protests": "context",
    "riots": "context",
}


def _day(value: str, line: int, what: str) -> date:
    from dateutil import parser as dateparser

    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return date.fromisoformat(value)
        return dateparser.parse(value, dayfirst=True).date()
    except (ValueError, OverflowError):
        raise FormatError([Problem(line, 1, f"{what} '{value}' is not a date")]) from None


def acled(text: str) -> Extract:
    _names, rows, _ = _table(text, ["event_id_cnty", "event_date", "event_type"], "an ACLED export")
    records = []
    for line, r in rows:
        key = r["event_id_cnty"]
        day = _day(r["event_date"], line, "event_date")
        precision = r.get("time_precision", "1") or "1"
        if precision == "1":
            when = day.isoformat()
        elif precision == "2":
            when = f"{(day - timedelta(days=3)).isoformat()}/{(day + timedelta(days=3)).isoformat()}"
        elif precision == "3":
            when = day.strftime("%Y-%m")
        else:
            raise FormatError([Problem(line, 1, f"ACLED time_precision '{precision}' is not 1, 2 or 3")])
        kind = r["event_type"]
        etype = ACLED_TYPES.get(kind.casefold(), "context")
        sub = r.get("sub_event_type", "")
        actor1, actor2 = r.get("actor1", ""), r.get("actor2", "")
        parties = tuple(
            p
            for p in (
                Party(actor1, "attacker" if etype == "strike" else "party") if actor1 else None,
                Party(actor2, "target" if etype == "strike" else "party") if actor2 else None,
            )
            if p is not None
        )
        place = ", ".join(x for x in (r.get("location", ""), r.get("country", "")) if x)
        fatalities = r.get("fatalities", "")
        notes = r.get("notes", "")
        title = f"{sub or kind}{' in ' + place if place else ''} (ACLED {key})"
        records.append(
            Record(
                key=f"acled:{key}",
                line=line,
                type=etype,
                date=when,
                title=title,
                text=notes or title,
                quoted=bool(notes),
                parties=parties,
                quantity=f"{int(fatalities):,}" if fatalities.isdigit() else None,
                unit_hint="fatalities",
                note=f"ACLED sources: {r['source']}" if r.get("source") else None,
                content=(("date", when), ("type", f"{kind}/{sub}"), ("fatalities", fatalities), ("notes", notes)),
            )
        )
    if not records:
        raise FormatError([Problem(1, 1, "the ACLED export holds no event")])
    return Extract(tuple(records))


# --- UCDP GED ------------------------------------------------------------------------------------------


def ucdp(text: str) -> Extract:
    _names, rows, _ = _table(text, ["id", "date_start", "date_end", "best"], "a UCDP GED file")
    records = []
    for line, r in rows:
        start = _day(r["date_start"][:10], line, "date_start")
        end = _day(r["date_end"][:10], line, "date_end")
        when = start.isoformat() if start == end else f"{start.isoformat()}/{end.isoformat()}"
        counts = {k: r.get(k, "") for k in ("low", "best", "high")}
        if not all(v.isdigit() for v in counts.values()):
            raise FormatError([Problem(line, 1, f"UCDP low, best and high must be whole numbers, not {counts}")])
        low, best, high = (int(counts[k]) for k in ("low", "best", "high"))
        quantity = f"{low:,}" if low == high else f"{low:,}-{high:,}"
        side_a, side_b = r.get("side_a", ""), r.get("side_b", "")
        parties = tuple(Party(n, "party") for n in (side_a, side_b) if n)
        where = r.get("where_description", "") or r.get("country", "")
        name = r.get("conflict_name", "") or r.get("dyad_name", "")
        headline = r.get("source_headline", "")
        records.append(
            Record(
                key=f"ucdp:{r['id']}",
                line=line,
                type="strike",
                date=when,
                title=f"{name or 'Event'}{': ' + where if where else ''} (UCDP GED {r['id']})",
                text=f"Between {side_a or '?'} and {side_b or '?'}{' at ' + where if where else ''}:"
                f" {best:,} deaths (best estimate; low {low:,}, high {high:,}).",
                parties=parties,
                quantity=quantity,
                unit_hint="fatalities",
                note=f"UCDP source: {headline}" if headline else None,
                content=(("date", when), ("low", str(low)), ("best", str(best)), ("high", str(high))),
            )
        )
    if not records:
        raise FormatError([Problem(1, 1, "the UCDP file holds no event")])
    return Extract(tuple(records))


# --- Wikidata ------------------------------------------------------------------------------------------

MEMBERSHIP_PROPERTIES = {"P361": "part of", "P463": "member of", "P749": "parent organization"}
_QID = re.compile(r"Q[1-9][0-9]*")


def _wikidata_time(value: object) -> str | None:
    """A Wikidata time (``+2024-05-12T00:00:00Z`` with a precision) as EDTF, no more precise than it says."""
    if not isinstance(value, dict):
        return None
    t, precision = value.get("time"), value.get("precision", 11)
    if not isinstance(t, str):
        return None
    m = re.match(r"[+]?(\d{4})-(\d{2})-(\d{2})", t)
    if not m:
        return None
    y, mo, d = m.groups()
    if precision == 9 or mo == "00":
        return y
    if precision == 10 or d == "00":
        return f"{y}-{mo}"
    return f"{y}-{mo}-{d}"


def _qualifier_time(claim: dict[str, object], prop: str) -> str | None:
    quals = claim.get("qualifiers")
    if not isinstance(quals, dict):
        return None
    for snak in quals.get(prop, []) or []:
        dv = snak.get("datavalue", {}) if isinstance(snak, dict) else {}
        found = _wikidata_time(dv.get("value") if isinstance(dv, dict) else None)
        if found:
            return found
    return None


def wikidata(text: str) -> Extract:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        raise FormatError([Problem(e.lineno, e.colno, f"not Wikidata JSON: {e.msg}")]) from None
    if isinstance(doc, dict) and "entities" in doc:
        return Extract(entities=tuple(_entities(text, doc["entities"])))
    if isinstance(doc, dict) and "results" in doc and "head" in doc:
        return Extract(entities=tuple(_sparql(text, doc)))
    raise FormatError([Problem(1, 1, "not Wikidata JSON: expected an entity document ('entities') or SPARQL results")])


def _line_of(text: str, needle: str) -> int:
    at = text.find(needle)
    return text.count("\n", 0, at) + 1 if at >= 0 else 1


def _entities(text: str, entities: object) -> Iterator[Entity]:
    if not isinstance(entities, dict):
        raise FormatError([Problem(1, 1, "Wikidata 'entities' must be a mapping of QIDs")])
    for qid, e in entities.items():
        if not _QID.fullmatch(str(qid)) or not isinstance(e, dict):
            continue
        label = (e.get("labels", {}).get("en") or {}).get("value")
        aliases = tuple(a["value"] for a in e.get("aliases", {}).get("en", []) if isinstance(a, dict) and "value" in a)
        members: list[tuple[str, str | None, str | None]] = []
        for prop in MEMBERSHIP_PROPERTIES:
            for claim in e.get("claims", {}).get(prop, []) or []:
                snak = claim.get("mainsnak", {})
                value = (snak.get("datavalue") or {}).get("value")
                if isinstance(value, dict) and _QID.fullmatch(str(value.get("id", ""))):
                    members.append((value["id"], _qualifier_time(claim, "P580"), _qualifier_time(claim, "P582")))
        yield Entity(str(qid), _line_of(text, f'"{qid}"'), label, aliases, tuple(members))


@dataclass
class _Gathered:
    label: str | None = None
    aliases: list[str] = field(default_factory=list)
    members: list[tuple[str, str | None, str | None]] = field(default_factory=list)


def _sparql(text: str, doc: dict[str, object]) -> Iterator[Entity]:
    """Rows with ``?item`` (and optionally ``?itemLabel``, ``?alias``, ``?parent``, ``?start``, ``?end``)."""
    results = doc.get("results")
    bindings = results.get("bindings", []) if isinstance(results, dict) else []
    grouped: dict[str, _Gathered] = {}
    for b in bindings:
        qid = b.get("item", {}).get("value", "").rsplit("/", 1)[-1]
        if not _QID.fullmatch(qid):
            continue
        g = grouped.setdefault(qid, _Gathered())
        if "itemLabel" in b:
            g.label = b["itemLabel"]["value"]
        if "alias" in b and b["alias"]["value"] not in g.aliases:
            g.aliases.append(b["alias"]["value"])
        if "parent" in b:
            parent = b["parent"]["value"].rsplit("/", 1)[-1]
            start = b.get("start", {}).get("value", "")[:10] or None
            end = b.get("end", {}).get("value", "")[:10] or None
            if (parent, start, end) not in g.members:
                g.members.append((parent, start, end))
    for qid, g in grouped.items():
        yield Entity(qid, _line_of(text, f'/{qid}"'), g.label, tuple(g.aliases), tuple(g.members))


PARSERS = {"sipri": sipri, "acled": acled, "ucdp": ucdp, "wikidata": wikidata}
