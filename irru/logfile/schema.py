"""The log's schema: which keys each record takes, and the walk from the node tree to the model's records.

:class:`Reader` converts nodes to typed values and records every problem (with its line and column) instead of
stopping at the first; the cross-record checks live in :mod:`irru.logfile.checks`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import TypeVar

from ..dates import DateError, Span, parse_edtf
from ..errors import Problem
from ..hints import did_you_mean
from ..model import (
    ACTOR_KINDS,
    ANALYTIC_CONFIDENCES,
    EVENT_TYPES,
    GRADES,
    KNOWN_FROM,
    LIKELIHOOD_STANCES,
    LIKELIHOOD_SYNONYMS,
    LIKELIHOODS,
    LINK_RELATIONS,
    OUTCOME_STATUSES,
    PERIODS,
    RATING_CODES,
    RATINGS,
    REVIEW_ROLES,
    ROLES,
    SOURCE_KINDS,
    STANCES,
    SYSTEM_CATEGORIES,
    UNIT_WORD,
    UNITS,
    VERDICTS,
    Actor,
    ActorRole,
    Anchor,
    Archive,
    Claim,
    Event,
    Evidence,
    Hypothesis,
    Link,
    Membership,
    Quantity,
    Rating,
    Relay,
    Review,
    Source,
    System,
    SystemUse,
    Values,
    parse_quantity,
)
from .nodes import KIND_NAMES, Map, Node, Scalar, Seq, shorten

SCHEMAS = (1, 2)  # the schemas this irru reads; `irru migrate` writes the newest
SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")

T = TypeVar("T")

# Which keys each kind of mapping takes: name -> required.
TOP_KEYS = {"schema": True, "sources": False, "actors": False, "systems": False, "events": True}
SOURCE_KEYS = {
    "id": True,
    "title": True,
    "publisher": True,
    "published": True,
    "kind": True,
    "grade": True,
    "authors": False,
    "url": False,
    "cites": False,
    "note": False,
    "archive": False,
}
ARCHIVE_KEYS = {"url": False, "accessed": True, "archived": False, "sha256": False, "capture": False}
SHA256 = re.compile(r"[0-9a-f]{64}")
ACTOR_KEYS = {"id": True, "name": True, "kind": True, "aliases": False, "part_of": False, "note": False}
SYSTEM_KEYS = {"id": True, "name": True, "category": True, "aliases": False, "note": False}
EVENT_KEYS = {
    "id": True,
    "date": True,
    "title": True,
    "type": True,
    "claims": True,
    "story": False,
    "actors": False,
    "systems": False,
    "tags": False,
    "summary": False,
    "links": False,
}
CLAIM_KEYS = {
    "source": True,
    "stance": True,
    "text": True,
    "by": False,
    "speaker": False,
    "anonymous": False,
    "via": False,
    "date": False,
    "quoted": False,
    "values": False,
    "note": False,
}
VALUE_KEYS = {"quantity": False, "systems": False, "route": False, "date": False, "amount": False, "status": False}
ACTOR_ROLE_KEYS = {"actor": True, "role": True}
SYSTEM_USE_KEYS = {"system": True, "quantity": False}
LINK_KEYS = {"rel": True, "event": True}
HYPOTHESIS_KEYS = {"id": True, "text": True}
EVIDENCE_KEYS = {
    "event": True,
    "source": False,
    "by": False,
    "analyst": True,
    "rated": False,
    "ratings": True,
    "note": False,
}

# Schema 2 adds keys (schema-1 keys all stay valid, with the same meaning) and a few records.
TOP_KEYS_2 = {**TOP_KEYS, "units": False, "rules": False}  # rules: rule sets, read by `irru check` (irru.rules)
EVENT_KEYS_2 = {**EVENT_KEYS, "hypotheses": False, "evidence": False, "review": False}
CLAIM_KEYS_2 = {
    **CLAIM_KEYS,
    "likelihood": False,
    "analytic_confidence": False,
    "known_from": False,
    "upstream": False,
    "review": False,
    "anchor": False,
}
ANCHOR_KEYS = {"exact": True, "start": True, "end": True, "sha256": True, "prefix": False, "suffix": False}
REVIEW_KEYS = {"who": True, "role": True, "date": True, "verdict": False, "note": False}
VALUE_KEYS_2 = {**VALUE_KEYS, "quantities": False}
QUANTITY_KEYS = {"quantity": True, "system": False, "period": False}
RELAY_KEYS = {"source": False, "actor": False, "description": False}
MEMBERSHIP_KEYS = {"actor": True, "from": False, "until": False}
# Vocabulary values a schema-1 file may not use (an older irru would refuse them).
NEW_IN_2 = {
    "event type": {"deployment"},
    "source kind": {"dataset"},
    "role": {"speaker"},
    "system category": {
        "artillery",
        "rocket-artillery",
        "armoured-vehicle",
        "small-arms",
        "naval-vessel",
        "transport-aircraft",
        "components",
    },
}
KEY_HINTS = {
    "unit": "; write the unit after the number: quantity: 120 launchers",
    "confidence": "; an assessment's confidence is 'analytic_confidence' (low, moderate, high)",
    "probability": "; write 'likelihood' on the ICD 203 scale (likely, very-likely, ...)",
    "since": "; write 'from'",
    "to": "; write 'until'",
    "person": "; a relay is {source: ID}, {actor: ID} or {description: TEXT}",
    "include": (
        "; a workspace's 'include:' is read by the commands that read a log (check, timeline, merge, ...);"
        " fmt, new, archive and migrate edit one self-contained file"
    ),
}
MIGRATE_HINT = "new in schema 2: write 'schema: 2' at the top (irru migrate FILE rewrites a schema-1 log)"


class Reader:
    """Walks the node tree, converting and collecting problems."""

    def __init__(self, schema: int = 1) -> None:
        self.schema = schema
        self.units: dict[str, str] = dict(UNITS)
        self.memberships: list[tuple[str, Membership, Node]] = []  # (actor id, membership, its node), for checks
        self.problems: list[Problem] = []
        self.ids: dict[str, dict[str, int]] = {"source": {}, "actor": {}, "system": {}, "event": {}}
        self.refs: list[tuple[str, Scalar, str]] = []  # (kind, node, what refers)
        self.claim_dates: list[tuple[Span, Scalar, Node]] = []  # explicit claim dates, checked against sources
        # (anchor event id, its hypothesis ids, an evidence record, that record's nodes): checked once all is read
        self.evidence: list[tuple[str, tuple[str, ...], Evidence, dict[str, Node]]] = []
        self.where: Callable[[int], str] = _line_words  # how a message names another line (a workspace: its file)

    def err(self, node: Node | Scalar, message: str) -> None:
        self.problems.append(Problem(node.line, node.col, message))

    # --- shapes -------------------------------------------------------------------------------------
    def mapping(
        self, node: Node, what: str, keys: Mapping[str, bool], keys_2: Mapping[str, bool] | None = None
    ) -> dict[str, Node] | None:
        """The mapping's known keys. ``keys_2``: the keys schema 2 takes, when it adds some."""
        if keys_2 is not None and self.schema >= 2:
            keys = keys_2
        if not isinstance(node, Map):
            self.err(node, f"{what} must be a mapping (key: value lines), not {KIND_NAMES[type(node)]}")
            return None
        out: dict[str, Node] = {}
        for name, (key, value) in node.items.items():
            if name not in keys:
                if keys_2 is not None and name in keys_2:
                    hint = f"; '{name}' is {MIGRATE_HINT}"
                else:
                    hint = KEY_HINTS.get(name) or did_you_mean(name, keys)
                self.err(key, f"unknown key '{shorten(name)}' in {what}{hint}")
            else:
                out[name] = value
        missing = [k for k, required in keys.items() if required and k not in out]
        for k in missing:
            self.err(node, f"{what} is missing required key '{k}'")
        return out

    def seq(self, node: Node, what: str) -> list[Node]:
        if isinstance(node, Seq):
            return node.items
        self.err(node, f"{what} must be a list, not {KIND_NAMES[type(node)]}")
        return []

    def scalar(self, node: Node, what: str) -> Scalar | None:
        if isinstance(node, Scalar):
            return node
        self.err(node, f"{what} must be a single value, not {KIND_NAMES[type(node)]}")
        return None

    # --- values -------------------------------------------------------------------------------------
    def text(self, node: Node | None, what: str) -> str | None:
        if node is None:
            return None
        if type(node) is not Scalar:  # the usual case tested first: this runs for most values of a log
            self.scalar(node, what)
            return None
        value = node.value.strip()
        if not value:
            self.err(node, f"{what} is empty")
            return None
        return value

    def texts(self, node: Node | None, what: str) -> tuple[str, ...]:
        if node is None:
            return ()
        out = []
        for item in self.seq(node, what):
            value = self.text(item, f"each of {what}")
            if value is not None:
                out.append(value)
        return tuple(out)

    def slug(self, node: Node | None, what: str) -> str | None:
        value = self.text(node, what)
        if value is not None and not SLUG.fullmatch(value):
            assert node is not None
            self.err(node, f"{what} '{shorten(value)}' is not a slug: use lower-case letters, digits and '-'")
            return None
        return value

    def slugs(self, node: Node | None, what: str) -> tuple[str, ...]:
        if node is None:
            return ()
        return tuple(v for v in (self.slug(item, f"each of {what}") for item in self.seq(node, what)) if v)

    def choice(self, node: Node | None, what: str, vocabulary: Mapping[str, str]) -> str | None:
        value = self.text(node, what)
        if value is None:
            return None
        assert node is not None
        if value in vocabulary:
            if self.schema < 2 and value in NEW_IN_2.get(what, ()):
                self.err(node, f"{what} '{value}' is {MIGRATE_HINT}")
                return None
            return value
        hint = did_you_mean(value, vocabulary) or f"; use one of: {', '.join(vocabulary)}"
        self.err(node, f"unknown {what} '{shorten(value)}'{hint}")
        return None

    def date(self, node: Node | None, what: str) -> Span | None:
        value = self.text(node, what)
        if value is None:
            return None
        try:
            return parse_edtf(value)
        except DateError as e:
            assert node is not None
            self.err(node, f"invalid {what}: {str(e).replace(value, shorten(value))}")
            return None

    def quantity(self, node: Node | None, what: str, system: str | None = None) -> Quantity | None:
        value = self.text(node, what)
        if value is None:
            return None
        try:
            return parse_quantity(value, schema=self.schema, units=self.units, system=system)
        except ValueError as e:
            assert node is not None
            hint = ""
            if self.schema < 2:
                try:
                    parse_quantity(value, schema=2, units=self.units)
                    hint = f"; this spelling is {MIGRATE_HINT}"
                except ValueError:
                    pass
            self.err(node, f"invalid {what} '{shorten(value)}': {e}{hint}")
            return None

    def quantity_item(self, node: Node) -> Quantity | None:
        """Schema 2: ``~400 missiles`` or ``{quantity: 120 launchers, system: m1991}``."""
        if not isinstance(node, Map):
            return self.quantity(node, "quantity")
        f = self.mapping(node, "a quantity", QUANTITY_KEYS)
        if f is None:
            return None
        system = self.ref("system", f.get("system"), "system")
        q = self.quantity(f.get("quantity"), "quantity", system=system)
        period = self.text(f.get("period"), "period")
        if period is not None and period not in PERIODS:
            try:
                parse_edtf(period)
            except DateError:
                hint = did_you_mean(period, PERIODS) or f"; use one of: {', '.join(PERIODS)}, or an EDTF span"
                self.err(f["period"], f"unknown period '{shorten(period)}'{hint} (2023-01/2024-07: a total over it)")
                return None
        return replace(q, period=period) if q is not None and period is not None else q

    def units_list(self, node: Node | None) -> tuple[str, ...]:
        """The log's own units (schema 2's top-level ``units:``), added to the built-in vocabulary."""
        if node is None:
            return ()
        out: dict[str, None] = {}  # ordered, and membership in constant time (a list made 14k units quadratic)
        for item in self.seq(node, "units"):
            value = self.text(item, "each of units")
            if value is None:
                continue
            if not UNIT_WORD.fullmatch(value):
                self.err(item, f"unit '{value}' is not one word: use letters and '-' (containers, railway-wagons)")
            elif value in out:
                self.err(item, f"unit '{value}' is listed twice")
            else:
                out[value] = None
                self.units.setdefault(value, "defined in this log")
        return tuple(out)

    def boolean(self, node: Node | None, what: str) -> bool:
        value = self.text(node, what)
        if value is None:
            return False
        if value in ("true", "false"):
            return value == "true"
        assert node is not None
        self.err(node, f"{what} must be true or false, not '{shorten(value)}'")
        return False

    def url(self, node: Node | None, what: str) -> str | None:
        value = self.text(node, what)
        if value is not None and not re.match(r"https?://[^\s/]+", value):
            assert node is not None
            self.err(node, f"{what} '{shorten(value)}' is not a web address: it must start with http:// or https://")
            return None
        return value

    def ref(self, kind: str, node: Node | None, what: str) -> str | None:
        value = self.slug(node, what)
        if value is not None and isinstance(node, Scalar):
            self.refs.append((kind, node, what))
        return value

    def refs_list(self, kind: str, node: Node | None, what: str) -> tuple[str, ...]:
        if node is None:
            return ()
        out = []
        for item in self.seq(node, what):
            value = self.ref(kind, item, what)
            if value:
                out.append(value)
        return tuple(out)

    def define(self, kind: str, node: Node | None, what: str) -> str | None:
        value = self.slug(node, f"{what} id")
        if value is None:
            return None
        assert isinstance(node, Scalar)
        first = self.ids[kind].get(value)
        if first is not None:
            self.err(node, f"duplicate {kind} id '{shorten(value)}' (first defined at {self.where(first)})")
            return None
        self.ids[kind][value] = node.line
        return value

    def each(self, node: Node | None, what: str, convert: Callable[[Node], T | None]) -> list[T]:
        if node is None:
            return []
        return [v for v in (convert(item) for item in self.seq(node, what)) if v is not None]

    # --- records ------------------------------------------------------------------------------------
    def source(self, node: Node) -> Source | None:
        f = self.mapping(node, "a source", SOURCE_KEYS)
        if f is None:
            return None
        sid = self.define("source", f.get("id"), "source")
        title = self.text(f.get("title"), "title")
        publisher = self.text(f.get("publisher"), "publisher")
        published = self.date(f.get("published"), "published date")
        kind = self.choice(f.get("kind"), "source kind", SOURCE_KINDS)
        grade = self.choice(f.get("grade"), "grade", GRADES)
        authors = self.texts(f.get("authors"), "authors")
        url = self.url(f.get("url"), "url")
        cites = self.refs_list("source", f.get("cites"), "cites")
        note = self.text(f.get("note"), "note")
        archive = self.archive(f.get("archive"))
        if sid is None or title is None or publisher is None or published is None or kind is None or grade is None:
            return None
        return Source(
            sid,
            title,
            publisher,
            published,
            kind,
            grade,
            authors=authors,
            url=url,
            cites=cites,
            note=note,
            line=node.line,
            archive=archive,
        )

    def timestamp(self, node: Node | None, what: str) -> str | None:
        """An ISO 8601 time in UTC: 2024-02-21T10:00:00Z (seconds and the Z required, so records compare)."""
        value = self.text(node, what)
        if value is None:
            return None
        from datetime import datetime

        ok = bool(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", value))
        if ok:
            try:
                datetime.fromisoformat(value[:-1])
            except ValueError:
                ok = False
        if not ok:
            assert node is not None
            self.err(node, f"{what} '{value}' is not a UTC time: write it as 2024-02-21T10:00:00Z")
            return None
        return value

    def archive(self, node: Node | None) -> Archive | None:
        if node is None:
            return None
        f = self.mapping(node, "an archive record", ARCHIVE_KEYS)
        if f is None:
            return None
        accessed = self.timestamp(f.get("accessed"), "accessed time")
        url = self.url(f.get("url"), "archive url")
        archived = self.timestamp(f.get("archived"), "archived time")
        sha = self.text(f.get("sha256"), "sha256")
        if sha is not None and not SHA256.fullmatch(sha):
            self.err(f["sha256"], f"sha256 '{sha}' is not a SHA-256 digest: 64 lower-case hexadecimal digits")
            sha = None
        capture = self.text(f.get("capture"), "capture path")
        if capture is not None and (
            capture.startswith(("/", "\\")) or ".." in capture.replace("\\", "/").split("/") or ":" in capture
        ):
            self.err(f["capture"], f"capture path '{capture}' must be relative to the log's directory, inside it")
            capture = None
        if url is None and sha is None and "url" not in f and "sha256" not in f:
            self.err(node, "an archive record needs an archived copy's url, or the sha256 of a capture, or both")
        if accessed is None:
            return None
        return Archive(accessed, url=url, archived=archived, sha256=sha, capture=capture)

    def actor(self, node: Node) -> Actor | None:
        f = self.mapping(node, "an actor", ACTOR_KEYS)
        if f is None:
            return None
        aid = self.define("actor", f.get("id"), "actor")
        name = self.text(f.get("name"), "name")
        kind = self.choice(f.get("kind"), "actor kind", ACTOR_KINDS)
        aliases = self.texts(f.get("aliases"), "aliases")
        part_of, memberships = self.part_of(f.get("part_of"))
        note = self.text(f.get("note"), "note")
        if aid is None or name is None or kind is None:
            return None
        for m, m_node in memberships:
            self.memberships.append((aid, m, m_node))
        return Actor(
            aid,
            name,
            kind,
            aliases=aliases,
            part_of=part_of,
            note=note,
            memberships=tuple(m for m, _ in memberships),
            line=node.line,
        )

    def part_of(self, node: Node | None) -> tuple[str | None, list[tuple[Membership, Node]]]:
        """``part_of: ID`` (timeless), or in schema 2 a list of ``{actor, from, until}``: the current parent
        (the membership without ``until``) and every membership."""
        if node is None:
            return None, []
        if self.schema < 2 and _schema2_shape(node):
            self.err(node, f"part_of names one actor in schema 1; dated part_of entries are {MIGRATE_HINT}")
            return None, []
        if self.schema < 2 or isinstance(node, Scalar):
            parent = self.ref("actor", node, "part_of")
            return parent, ([(Membership(parent), node)] if parent else [])
        items = [node] if isinstance(node, Map) else self.seq(node, "part_of")
        out: list[tuple[Membership, Node]] = []
        for item in items:
            f = self.mapping(item, "a part_of entry", MEMBERSHIP_KEYS)
            if f is None:
                continue
            parent = self.ref("actor", f.get("actor"), "part_of")
            start = self.date(f.get("from"), "from date")
            end = self.date(f.get("until"), "until date")
            if parent is not None:
                out.append((Membership(parent, start, end), item))
        current = [m for m, _ in out if m.end is None]
        return (current[-1].actor if current else None), out

    def system(self, node: Node) -> System | None:
        f = self.mapping(node, "a system", SYSTEM_KEYS)
        if f is None:
            return None
        sid = self.define("system", f.get("id"), "system")
        name = self.text(f.get("name"), "name")
        category = self.choice(f.get("category"), "system category", SYSTEM_CATEGORIES)
        aliases = self.texts(f.get("aliases"), "aliases")
        note = self.text(f.get("note"), "note")
        if sid is None or name is None or category is None:
            return None
        return System(sid, name, category, aliases=aliases, note=note, line=node.line)

    def actor_role(self, node: Node) -> ActorRole | None:
        f = self.mapping(node, "an event actor", ACTOR_ROLE_KEYS)
        if f is None:
            return None
        actor = self.ref("actor", f.get("actor"), "actor")
        role = self.choice(f.get("role"), "role", ROLES)
        return ActorRole(actor, role) if actor and role else None

    def system_use(self, node: Node) -> SystemUse | None:
        f = self.mapping(node, "an event system", SYSTEM_USE_KEYS)
        if f is None:
            return None
        system = self.ref("system", f.get("system"), "system")
        quantity = self.quantity(f.get("quantity"), "quantity")  # it counts the use's system: no Quantity.system
        return SystemUse(system, quantity) if system else None

    def link(self, node: Node) -> Link | None:
        f = self.mapping(node, "a link", LINK_KEYS)
        if f is None:
            return None
        rel = self.choice(f.get("rel"), "link relation", LINK_RELATIONS)
        event = self.ref("event", f.get("event"), "link")
        return Link(rel, event) if rel and event else None

    def values(self, node: Node | None) -> Values | None:
        if node is None:
            return None
        f = self.mapping(node, "claim values", VALUE_KEYS, VALUE_KEYS_2)
        if f is None:
            return None
        one, several = f.get("quantity"), f.get("quantities")
        quantities: list[Quantity] = []
        if one is not None:
            q = self.quantity_item(one) if self.schema >= 2 else self.quantity(one, "quantity")
            if q is not None:
                quantities.append(q)
        if several is not None:
            if one is not None:
                self.err(several, "give either 'quantity' (one) or 'quantities' (a list), not both")
            quantities.extend(self.each(several, "quantities", self.quantity_item))
        return Values(
            quantities=tuple(quantities),
            systems=self.refs_list("system", f.get("systems"), "systems"),
            route=self.text(f.get("route"), "route"),
            date=self.date(f.get("date"), "date"),
            amount=self.text(f.get("amount"), "amount"),
            status=self.choice(f.get("status"), "status", OUTCOME_STATUSES),
        )

    def claim(self, node: Node) -> Claim | None:
        f = self.mapping(node, "a claim", CLAIM_KEYS, CLAIM_KEYS_2)
        if f is None:
            return None
        assert isinstance(node, Map)
        source = self.ref("source", f.get("source"), "source")
        stance = self.choice(f.get("stance"), "stance", STANCES)
        text = self.text(f.get("text"), "text")
        by = self.ref("actor", f.get("by"), "by")
        speaker = self.text(f.get("speaker"), "speaker")
        anonymous = self.boolean(f.get("anonymous"), "anonymous")
        relays = self.relays(f.get("via"))
        likelihood = self.likelihood(f.get("likelihood"))
        analytic_confidence = self.choice(f.get("analytic_confidence"), "analytic confidence", ANALYTIC_CONFIDENCES)
        known_from = self.choice(f.get("known_from"), "known_from", KNOWN_FROM)
        date_node = f.get("date")
        date = self.date(date_node, "claim date")
        quoted = self.boolean(f.get("quoted"), "quoted")
        values = self.values(f.get("values"))
        note = self.text(f.get("note"), "note")
        upstream = self.text(f.get("upstream"), "upstream")
        reviews = self.each(f.get("review"), "review", self.review)
        anchor = self.anchor(f.get("anchor"))
        if anchor is not None and not quoted:
            self.err(f["anchor"], "an anchor places a quote: give the claim quoted: true, or remove the anchor")
        if source is None or stance is None or text is None:
            return None
        for relay, relay_node in relays:
            if relay.source is not None and relay.source == source:
                self.err(relay_node, f"via '{source}' is the claim's own source; via names the source it relays")
        for key in ("likelihood", "analytic_confidence"):
            if key in f and stance is not None and stance not in LIKELIHOOD_STANCES:
                self.err(
                    f[key],
                    f"{key} grades an assessment, so the stance is asserts (or predicts), not '{stance}'; "
                    "an assessment that it did not happen is stance: asserts with likelihood: unlikely",
                )
        source_node = f["source"]
        if date is not None and date_node is not None and isinstance(source_node, Scalar):
            self.claim_dates.append((date, source_node, date_node))
        return Claim(
            source=source,
            stance=stance,
            text=text,
            date=date or _PENDING,
            by=by,
            speaker=speaker,
            anonymous=anonymous,
            relays=tuple(r for r, _ in relays),
            quoted=quoted,
            values=values,
            note=note,
            dated=date is not None,
            likelihood=likelihood,
            analytic_confidence=analytic_confidence,
            reviews=tuple(reviews),
            anchor=anchor,
            line=node.line,
            known_from=known_from,
            upstream=upstream,
        )

    def anchor(self, node: Node | None) -> Anchor | None:
        """``{exact, start, end, sha256, prefix, suffix}``, as `irru anchor` writes it."""
        if node is None:
            return None
        f = self.mapping(node, "an anchor", ANCHOR_KEYS)
        if f is None:
            return None
        exact = self.text(f.get("exact"), "anchored text")
        start, end = self.offset(f.get("start"), "start"), self.offset(f.get("end"), "end")
        sha = self.text(f.get("sha256"), "sha256")
        if sha is not None and not SHA256.fullmatch(sha):
            self.err(f["sha256"], f"sha256 '{sha}' is not a SHA-256 digest: 64 lower-case hexadecimal digits")
            sha = None
        prefix, suffix = (f[k].value if isinstance(f.get(k), Scalar) else "" for k in ("prefix", "suffix"))  # type: ignore[union-attr]  # checked just before
        if exact is None or start is None or end is None or sha is None:
            return None
        if end - start != len(exact):
            self.err(
                f["end"], f"an anchor's end is its start plus the length of its text: {start + len(exact)}, not {end}"
            )
            return None
        return Anchor(exact, start, end, sha, prefix=prefix, suffix=suffix)

    def offset(self, node: Node | None, what: str) -> int | None:
        value = self.text(node, what)
        if value is None:
            return None
        if not value.isdigit() or not value.isascii() or len(value) > 12:
            assert node is not None
            self.err(node, f"{what} '{shorten(value)}' is not an offset: a whole number of characters, 0 or more")
            return None
        return int(value)

    def review(self, node: Node) -> Review | None:
        """One entry of a ``review:`` list: ``{who, role, date, verdict, note}`` (a reviewer gives a verdict)."""
        f = self.mapping(node, "a review entry", REVIEW_KEYS)
        if f is None:
            return None
        who = self.text(f.get("who"), "reviewer name")
        role = self.choice(f.get("role"), "review role", REVIEW_ROLES)
        day = self.date(f.get("date"), "review date")
        verdict = self.choice(f.get("verdict"), "verdict", VERDICTS)
        note = self.text(f.get("note"), "note")
        if day is not None and not re.fullmatch(r"\d{4}-\d\d-\d\d", day.text):
            self.err(f["date"], f"a review date is a day: write it as 2024-03-01, not '{day.text}'")
            return None
        if role == "reviewer" and "verdict" not in f:
            self.err(node, f"a reviewer's entry needs a verdict: {', '.join(VERDICTS)}")
        if role == "author" and verdict is not None:
            self.err(f["verdict"], "an author gives no verdict; a verdict is a reviewer's (role: reviewer)")
        if who is None or role is None or day is None:
            return None
        return Review(who, role, day, verdict=verdict, note=note, line=node.line)

    def likelihood(self, node: Node | None) -> str | None:
        value = self.text(node, "likelihood")
        if value is not None and value not in LIKELIHOODS:
            assert node is not None
            key = value.lower().replace(" ", "-")
            if key in LIKELIHOODS or key in LIKELIHOOD_SYNONYMS:
                hint = f"; write it '{LIKELIHOOD_SYNONYMS.get(key, key)}'"
            else:
                hint = did_you_mean(value, LIKELIHOODS) or f"; use one of the ICD 203 terms: {', '.join(LIKELIHOODS)}"
            self.err(node, f"unknown likelihood '{value}'{hint}")
            return None
        return value

    def relays(self, node: Node | None) -> list[tuple[Relay, Node]]:
        """``via: SOURCE`` (both schemas), or in schema 2 one ``{source|actor|description}`` mapping or a
        list of them, nearest first."""
        if node is None:
            return []
        if self.schema < 2 and _schema2_shape(node):
            self.err(node, f"via names one source in schema 1; relays through people and channels are {MIGRATE_HINT}")
            return []
        if self.schema < 2:
            source = self.ref("source", node, "via")
            return [(Relay(source=source), node)] if source else []
        if isinstance(node, Scalar):
            source = self.ref("source", node, "via")
            return [(Relay(source=source), node)] if source else []
        items = [node] if isinstance(node, Map) else self.seq(node, "via")
        out: list[tuple[Relay, Node]] = []
        for item in items:
            if isinstance(item, Scalar):
                self.err(
                    item, "each relay in a via list is a mapping: {source: ID}, {actor: ID} or {description: TEXT}"
                )
                continue
            f = self.mapping(item, "a relay", RELAY_KEYS)
            if f is None:
                continue
            if isinstance(item, Map) and not item.items:
                self.err(item, "a relay needs a source, an actor or a description")
                continue
            relay = Relay(
                source=self.ref("source", f.get("source"), "via"),
                actor=self.ref("actor", f.get("actor"), "via"),
                description=self.text(f.get("description"), "description"),
            )
            if relay != Relay():
                out.append((relay, item))
        return out

    def event(self, node: Node) -> Event | None:
        f = self.mapping(node, "an event", EVENT_KEYS, EVENT_KEYS_2)
        if f is None:
            return None
        eid = self.define("event", f.get("id"), "event")
        date = self.date(f.get("date"), "event date")
        title = self.text(f.get("title"), "title")
        etype = self.choice(f.get("type"), "event type", EVENT_TYPES)
        story = self.slug(f.get("story"), "story")
        actors = self.each(f.get("actors"), "actors", self.actor_role)
        systems = self.each(f.get("systems"), "systems", self.system_use)
        tags = self.slugs(f.get("tags"), "tags")
        summary = self.text(f.get("summary"), "summary")
        links = self.each(f.get("links"), "links", self.link)
        reviews = self.each(f.get("review"), "review", self.review)
        claims_node = f.get("claims")
        claims = self.each(claims_node, "claims", self.claim)
        if claims_node is not None and isinstance(claims_node, Seq) and not claims_node.items:
            self.err(claims_node, "an event needs at least one claim: who says it happened, and where")
        hypotheses = self.hypotheses(f.get("hypotheses"))
        evidence = self.each(f.get("evidence"), "evidence", self.evidence_item)
        if evidence and not hypotheses:
            self.err(f["evidence"], "evidence is rated against the event's hypotheses: add 'hypotheses:' first")
        if eid is not None:
            ids = tuple(h.id for h in hypotheses)
            self.evidence.extend((eid, ids, ev, nodes) for ev, nodes in evidence)
        if eid is None or date is None or title is None or etype is None or not claims:
            return None
        return Event(
            eid,
            date,
            title,
            etype,
            tuple(claims),
            story=story,
            actors=tuple(actors),
            systems=tuple(systems),
            tags=tags,
            summary=summary,
            links=tuple(links),
            reviews=tuple(reviews),
            line=node.line,
            hypotheses=tuple(hypotheses),
            evidence=tuple(ev for ev, _ in evidence),
        )

    def hypotheses(self, node: Node | None) -> list[Hypothesis]:
        """Schema 2: ``[{id, text}, ...]``, the competing explanations an analysis weighs; ids unique here."""
        out: list[Hypothesis] = []
        seen: dict[str, int] = {}
        for item in self.seq(node, "hypotheses") if node is not None else ():
            f = self.mapping(item, "a hypothesis", HYPOTHESIS_KEYS)
            if f is None:
                continue
            hid = self.slug(f.get("id"), "hypothesis id")
            text = self.text(f.get("text"), "hypothesis text")
            if hid is not None and hid in seen:
                self.err(f["id"], f"duplicate hypothesis id '{hid}' (first defined at {self.where(seen[hid])})")
                continue
            if hid is not None:
                seen[hid] = item.line
            if hid is not None and text is not None:
                out.append(Hypothesis(hid, text, line=item.line))
        if node is not None and isinstance(node, Seq) and len(out) == 1 and len(node.items) == 1:
            self.err(node, "an analysis of competing hypotheses needs at least two hypotheses")
        return out

    def evidence_item(self, node: Node) -> tuple[Evidence, dict[str, Node]] | None:
        """Schema 2: one analyst's ratings of a claim (``event`` + ``source`` [+ ``by``]) or of an event."""
        f = self.mapping(node, "an evidence rating", EVIDENCE_KEYS)
        if f is None:
            return None
        event = self.ref("event", f.get("event"), "evidence")
        source = self.ref("source", f.get("source"), "evidence")
        by = self.ref("actor", f.get("by"), "evidence")
        if "by" in f and "source" not in f:
            self.err(f["by"], "'by' narrows a claim of the source: give 'source' too")
        analyst = self.text(f.get("analyst"), "analyst")
        rated = self.date(f.get("rated"), "rated date")
        note = self.text(f.get("note"), "note")
        ratings: list[Rating] = []
        ratings_node = f.get("ratings")
        if ratings_node is not None:
            if not isinstance(ratings_node, Map):
                self.err(ratings_node, "ratings is a mapping of hypothesis id to rating: {delivered: consistent}")
            else:
                for name, (_key, value) in ratings_node.items.items():
                    word = self.text(value, "rating")
                    if word is None:
                        continue
                    word = RATING_CODES.get(word, word)
                    if word not in RATINGS:
                        codes = ", ".join(f"{c} ({w})" for c, w in RATING_CODES.items())
                        hint = did_you_mean(word, RATINGS) or f"; use one of: {', '.join(RATINGS)} or a code: {codes}"
                        self.err(value, f"unknown rating '{shorten(word)}'{hint}")
                        continue
                    ratings.append(Rating(name, word))
                if not ratings_node.items:
                    self.err(ratings_node, "ratings is empty: rate the evidence against at least one hypothesis")
        if event is None or analyst is None or not ratings:
            return None
        evidence = Evidence(event, analyst, tuple(ratings), source, by, rated, note, line=node.line)
        return evidence, f


def _line_words(line: int) -> str:
    return f"line {line}"


def _schema2_shape(node: Node) -> bool:
    """A mapping, or a list of mappings: how schema 2 writes relays and dated part_of."""
    return isinstance(node, Map) or (isinstance(node, Seq) and any(isinstance(i, Map) for i in node.items))


_PENDING = parse_edtf("0001")  # placeholder replaced by the source's publication date once sources are known
