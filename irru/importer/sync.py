"""Which records of an extract are new, changed or gone, and what that adds to a log (pure: log and extract in,
a :class:`Plan` out). docs/import.md says every rule; in short:

- Each dataset version is one source (``sipri-at-2025-03-10``, kind ``dataset``), and each upstream row a claim
  from it carrying the row's key (``upstream``), so ``--as-of`` shows what the dataset said when.
- A row already in the log (a claim with its key) and unchanged since the dataset's latest version there adds
  nothing; a changed row adds a claim from the new version to the same event; a row that is gone adds a claim
  that the new version no longer carries it (``declines-to-confirm``), unless the extract is partial.
- Rows are matched to events, actors and systems only explicitly: by the mapping file, by an exact name or alias,
  or by the key a claim of the log already carries. Anything else becomes a new record, and a possible match is
  printed as a suggestion, never merged.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..model import Claim, Event, Log
from .formats import Entity, Extract, Record

DATASETS: dict[str, dict[str, str]] = {
    "sipri": {
        "prefix": "sipri-at",
        "actor": "SIPRI",
        "publisher": "SIPRI Arms Transfers Database",
        "title": "Trade register",
        "url": "https://www.sipri.org/databases/armstransfers",
    },
    "acled": {
        "prefix": "acled",
        "actor": "ACLED",
        "publisher": "ACLED (Armed Conflict Location & Event Data)",
        "title": "Event data export",
        "url": "https://acleddata.com/",
    },
    "ucdp": {
        "prefix": "ucdp-ged",
        "actor": "UCDP",
        "publisher": "UCDP Georeferenced Event Dataset (GED)",
        "title": "Event data",
        "url": "https://ucdp.uu.se/",
    },
}
REMOVED = "declines-to-confirm"
# What a quantity counts, from the category of the system it is tied to.
UNIT_OF_CATEGORY = {
    "combat-aircraft": "aircraft",
    "trainer-aircraft": "aircraft",
    "transport-aircraft": "aircraft",
    "helicopter": "helicopters",
    "drone": "drones",
    "ballistic-missile": "missiles",
    "cruise-missile": "missiles",
    "armoured-vehicle": "vehicles",
    "naval-vessel": "ships",
    "artillery": "guns",
    "rocket-artillery": "launchers",
}
# A system category from SIPRI's weapon description (first match wins).
CATEGORY_WORDS = (
    ("trainer", "trainer-aircraft"),
    ("transport aircraft", "transport-aircraft"),
    ("helicopter", "helicopter"),
    ("uav", "drone"),
    ("ucav", "drone"),
    ("sam", "air-defence"),
    ("air defence", "air-defence"),
    ("radar", "radar"),
    ("ballistic", "ballistic-missile"),
    ("cruise missile", "cruise-missile"),
    ("aircraft", "combat-aircraft"),
    ("tank", "armoured-vehicle"),
    ("apc", "armoured-vehicle"),
    ("ifv", "armoured-vehicle"),
    ("frigate", "naval-vessel"),
    ("submarine", "naval-vessel"),
    ("ship", "naval-vessel"),
    ("mrl", "rocket-artillery"),
    ("gun", "artillery"),
    ("howitzer", "artillery"),
    ("missile", "ballistic-missile"),
)


@dataclass
class Mapping_:
    """The mapping file: upstream names and keys to the log's ids (``actors``, ``systems``, ``events``,
    and for Wikidata ``entities``: QID → actor id)."""

    actors: dict[str, str] = field(default_factory=dict)
    systems: dict[str, str] = field(default_factory=dict)
    events: dict[str, str] = field(default_factory=dict)
    entities: dict[str, str] = field(default_factory=dict)


@dataclass
class Plan:
    """What an import adds, as plain records ready to be written, and what it says about each row."""

    source: dict[str, Any] | None = None
    actors: list[dict[str, Any]] = field(default_factory=list)
    systems: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    claims: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (existing event id, claim)
    units: list[str] = field(default_factory=list)
    actor_updates: list[tuple[str, str, Any]] = field(default_factory=list)  # (actor id, "alias"|"part_of", value)
    lines: list[str] = field(default_factory=list)  # the report, one change a line
    suggestions: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def changes(self) -> bool:
        return bool(
            self.source or self.actors or self.systems or self.events or self.claims or self.units or self.actor_updates
        )


class ImportError_(Exception):
    """The extract cannot be imported as asked (the message says why and how to go on)."""


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "x"


def _names(log: Log) -> tuple[dict[str, str], dict[str, str]]:
    actors: dict[str, str] = {}
    for a in log.actors.values():
        for n in (a.name, *a.aliases):
            actors.setdefault(n.casefold(), a.id)
    systems: dict[str, str] = {}
    for s in log.systems.values():
        for n in (s.name, *s.aliases):
            systems.setdefault(n.casefold(), s.id)
    return actors, systems


def _latest_by_key(log: Log, prefix: str) -> dict[str, tuple[Event, Claim, str]]:
    """For each upstream key of this dataset, the event and claim of its latest version in the log."""
    out: dict[str, tuple[Event, Claim, str]] = {}
    for e in log.events:
        for c in e.claims:
            key = c.upstream
            src = log.sources.get(c.source)
            if key is None or src is None or not src.id.startswith(prefix + "-"):
                continue
            version = src.published.text
            if key not in out or version >= out[key][2]:
                out[key] = (e, c, version)
    return out


def plan(log: Log, fmt: str, extract: Extract, *, version: str, mapping: Mapping_, grade: str, partial: bool) -> Plan:
    if fmt == "wikidata":
        return _plan_entities(log, extract.entities, mapping)
    ds = DATASETS[fmt]
    p = Plan()
    source_id = f"{ds['prefix']}-{slug(version)}"
    latest = _latest_by_key(log, ds["prefix"])
    existing_source = log.sources.get(source_id)
    if existing_source is None:
        p.source = {
            "id": source_id,
            "title": f"{ds['title']} (version of {version})",
            "publisher": ds["publisher"],
            "published": version,
            "url": ds["url"],
            "kind": "dataset",
            "grade": grade,
        }
        p.lines.append(f"+ source {source_id}: {ds['publisher']}, version of {version}")
    actor_names, system_names = _names(log)
    new_actor_ids: dict[str, str] = {}
    new_system_ids: dict[str, str] = {}
    event_of_key: dict[str, str] = {}

    def actor_id(name: str, line: int) -> str:
        if name in mapping.actors:
            return mapping.actors[name]
        found = actor_names.get(name.casefold())
        if found:
            return found
        if name in new_actor_ids:
            return new_actor_ids[name]
        aid = _unique(slug(name), set(log.actors) | set(new_actor_ids.values()))
        kind = _actor_kind(fmt, name)
        new_actor_ids[name] = aid
        p.actors.append({"id": aid, "name": name, "kind": kind})
        p.lines.append(f"+ actor {aid}: '{name}' (kind {kind}; line {line})")
        _suggest(p, "actors", name, {a.id: a.name for a in log.actors.values()}, line)
        return aid

    def system_id(name: str, hint: str | None, line: int) -> tuple[str, str]:
        if name in mapping.systems:
            sid = mapping.systems[name]
            return sid, log.systems[sid].category if sid in log.systems else "other"
        found = system_names.get(name.casefold())
        if found:
            return found, log.systems[found].category
        category = _category(hint or "")
        if name in new_system_ids:
            return new_system_ids[name], category
        sid = _unique(slug(name), set(log.systems) | set(new_system_ids.values()))
        new_system_ids[name] = sid
        p.systems.append({"id": sid, "name": name, "category": category})
        p.lines.append(f"+ system {sid}: '{name}' (category {category}; line {line})")
        _suggest(p, "systems", name, {s.id: s.name for s in log.systems.values()}, line)
        return sid, category

    # The dataset speaks: its claims are by one actor, so that a later version's word on a row is that speaker's
    # latest position (a row gone from the dataset reads "not confirmed by SIPRI", its earlier report history).
    speaker = mapping.actors.get(ds["actor"]) or actor_names.get(ds["actor"].casefold())
    if speaker is None:
        speaker = _unique(slug(ds["actor"]), set(log.actors))
        p.actors.append({"id": speaker, "name": ds["actor"], "kind": "institute"})
        p.lines.append(f"+ actor {speaker}: '{ds['actor']}' (kind institute), who speaks in the dataset's claims")
    seen: set[str] = set()
    for rec in extract.records:
        seen.add(rec.key)
        claim = _claim(rec, source_id, speaker)
        sys_ids: list[tuple[str, str]] = []
        if rec.designation:
            sys_ids.append(system_id(rec.designation, rec.unit_hint, rec.line))
        quantity = _quantity(rec, sys_ids[0] if sys_ids else None, p)
        if quantity is not None or rec.status:
            values: dict[str, Any] = {}
            if quantity is not None:
                values["quantities"] = [quantity]
            if rec.status:
                values["status"] = rec.status
            claim["values"] = values
        before = latest.get(rec.key)
        if existing_source is not None:
            same = [c for e in log.events for c in e.claims if c.source == source_id and c.upstream == rec.key]
            if not same or not _same(same[-1], claim):
                raise ImportError_(
                    f"version {version} of {ds['publisher']} is already in the log as source {source_id}, and this"
                    f" file says otherwise at line {rec.line} ({rec.key}): give the version this file really is"
                    " with --version DATE"
                )
            p.unchanged += 1
            event_of_key[rec.key] = next(e.id for e in log.events for c in e.claims if c is same[-1])
            continue
        if before is not None:
            had, last, was = before
            event_of_key[rec.key] = had.id
            if _same(last, claim):
                p.unchanged += 1
                continue
            p.claims.append((had.id, claim))
            p.lines.append(f"~ {rec.key} (line {rec.line}) changed since {was}: new claim on {had.id}")
            continue
        target = mapping.events.get(rec.key)
        if target is not None:
            if target not in log.events_by_id:
                raise ImportError_(f"the mapping sends {rec.key} to event '{target}', which the log does not have")
            event_of_key[rec.key] = target
            p.claims.append((target, claim))
            p.lines.append(f"+ {rec.key} (line {rec.line}): claim on {target} (mapped)")
            continue
        eid = _unique(slug(rec.key.replace(":", "-")), set(log.events_by_id) | {e["id"] for e in p.events})
        event_of_key[rec.key] = eid
        event: dict[str, Any] = {"id": eid, "date": _event_date(rec, version), "title": rec.title, "type": rec.type}
        if fmt == "sipri":
            event["story"] = slug(rec.key.rsplit("/", 1)[0].replace(":", "-"))
        event["actors"] = [{"actor": actor_id(pt.name, rec.line), "role": pt.role} for pt in rec.parties]
        if sys_ids:
            tied = quantity["quantity"] if isinstance(quantity, dict) else None
            event["systems"] = [{"system": sid, "quantity": tied} for sid, _ in sys_ids]
        if rec.fulfils and rec.fulfils in event_of_key:
            event["links"] = [{"rel": "fulfils", "event": event_of_key[rec.fulfils]}]
            mapped_order = log.events_by_id.get(event_of_key[rec.fulfils])
            if mapped_order is not None and mapped_order.story:
                event["story"] = mapped_order.story
        event["claims"] = [claim]
        p.events.append(event)
        p.lines.append(f"+ event {eid} ({rec.type}) from {rec.key} (line {rec.line})")
        _suggest_event(p, log, rec, event, sys_ids)
    if not partial:
        for key, (had, last, was) in sorted(latest.items()):
            if key in seen or last.stance == REMOVED:
                continue
            p.claims.append(
                (
                    had.id,
                    {
                        "source": source_id,
                        "by": speaker,
                        "stance": REMOVED,
                        "text": f"Version of {version} no longer carries this row (last seen in the version of {was}).",
                        "upstream": key,
                    },
                )
            )
            p.lines.append(f"- {key}: gone from this version; noted on {had.id}")
    return p


def _unique(base: str, taken: set[str]) -> str:
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def _actor_kind(fmt: str, name: str) -> str:
    if fmt == "sipri":
        return "state"
    low = name.casefold()
    if low.startswith(("military forces of", "police forces of")):
        return "armed-force"
    if low.startswith("government of"):
        return "government"
    return "group"


def _category(hint: str) -> str:
    low = hint.casefold()
    for word, category in CATEGORY_WORDS:
        if re.search(rf"\b{re.escape(word)}", low):
            return category
    return "other"


def _claim(rec: Record, source_id: str, speaker: str) -> dict[str, Any]:
    claim: dict[str, Any] = {"source": source_id, "by": speaker, "stance": "asserts", "text": rec.text}
    if rec.quoted:
        claim["quoted"] = "true"
    claim["upstream"] = rec.key
    if rec.note:
        claim["note"] = rec.note
    return claim


def _quantity(rec: Record, system: tuple[str, str] | None, p: Plan) -> dict[str, str] | str | None:
    if rec.quantity is None:
        return None
    if rec.unit_hint == "fatalities":
        if "fatalities" not in p.units:
            p.units.append("fatalities")
        return f"{rec.quantity} fatalities"
    unit = UNIT_OF_CATEGORY.get(system[1]) if system else None
    text = f"{rec.quantity} {unit}" if unit else rec.quantity
    return {"quantity": text, "system": system[0]} if system else text


def _event_date(rec: Record, version: str) -> str:
    return rec.date if rec.date != ".." else f"../{version}"


def _same(claim: Claim, new: Mapping[str, Any]) -> bool:
    """Whether a claim already in the log says what the new row says (its text, note, quantities and status)."""
    if claim.stance != new["stance"] or claim.text != new["text"] or (claim.note or None) != new.get("note"):
        return False
    values = new.get("values", {})
    quantities = [q["quantity"] if isinstance(q, dict) else q for q in values.get("quantities", [])]
    had = [q.text for q in claim.values.quantities] if claim.values else []
    status = claim.values.status if claim.values else None
    return had == quantities and status == values.get("status")


def _suggest(p: Plan, what: str, name: str, known: dict[str, str], line: int) -> None:
    from ..hints import did_you_mean

    hint = did_you_mean(name, {**{n: i for i, n in known.items()}, **known})
    if hint:
        p.suggestions.append(
            f"line {line}: '{name}' is new{hint.replace('; did you mean', ' — did you mean')} If so, map it:"
            f" {what}: {{{name!r}: ID}} in the mapping file"
        )


def _suggest_event(p: Plan, log: Log, rec: Record, event: dict[str, Any], sys_ids: list[tuple[str, str]]) -> None:
    """An existing event of the same type with the same system and the same parties may be this row."""
    actors = {(a["actor"], a["role"]) for a in event["actors"]}
    systems = {sid for sid, _ in sys_ids}
    for e in log.events:
        if e.type != rec.type or not actors:
            continue
        if actors <= {(a.actor, a.role) for a in e.actors} and (
            not systems or systems <= {s.system for s in e.systems}
        ):
            p.suggestions.append(
                f"line {rec.line}: {rec.key} may be the log's event '{e.id}' ({e.title}); if so, map it:"
                f" events: {{{rec.key!r}: {e.id}}} in the mapping file"
            )


def _plan_entities(log: Log, entities: tuple[Entity, ...], mapping: Mapping_) -> Plan:
    """Wikidata fills the mapped actors: aliases they lack, and memberships (part_of) with their dates, where the
    body is an actor of the log too (mapped by its QID)."""
    p = Plan()
    for ent in entities:
        aid = mapping.entities.get(ent.qid)
        if aid is None:
            p.suggestions.append(
                f"line {ent.line}: {ent.qid} ({ent.label or 'no label'}) is not mapped to an actor; add"
                f" entities: {{{ent.qid}: ACTOR_ID}} to the mapping file"
            )
            continue
        actor = log.actors.get(aid)
        if actor is None:
            raise ImportError_(f"the mapping sends {ent.qid} to actor '{aid}', which the log does not have")
        have = {n.casefold() for n in (actor.name, *actor.aliases)}
        for alias in (*(() if ent.label is None else (ent.label,)), *ent.aliases):
            if alias.casefold() not in have and alias.strip():
                have.add(alias.casefold())
                p.actor_updates.append((aid, "alias", alias))
                p.lines.append(f"+ alias '{alias}' for {aid} (from {ent.qid}, line {ent.line})")
        held = {(m.actor, m.start.text if m.start else None, m.end.text if m.end else None) for m in actor.memberships}
        held_bodies = {m.actor for m in actor.memberships}
        for body, start, end in ent.memberships:
            body_id = mapping.entities.get(body)
            if body_id is None or body_id not in log.actors or body_id == aid:
                continue
            if (body_id, start, end) in held or (body_id in held_bodies and start is None and end is None):
                continue
            p.actor_updates.append((aid, "part_of", {"actor": body_id, "from": start, "until": end}))
            when = " ".join(x for x in (f"from {start}" if start else "", f"until {end}" if end else "") if x)
            p.lines.append(f"+ {aid} part of {body_id}{' ' + when if when else ''} (from {ent.qid}, line {ent.line})")
    return p
