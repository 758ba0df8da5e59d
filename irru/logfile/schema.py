"""The log's schema: which keys each record takes, and the walk from the node tree to the model's records.

:class:`Reader` converts nodes to typed values and records every problem (with its line and column) instead of
stopping at the first; the cross-record checks live in :mod:`irru.logfile.checks`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import TypeVar

from ..dates import DateError, Span, parse_edtf
from ..errors import Problem
from ..hints import did_you_mean
from ..model import (
    ACTOR_KINDS,
    EVENT_TYPES,
    GRADES,
    LINK_RELATIONS,
    ROLES,
    SOURCE_KINDS,
    STANCES,
    STATUSES,
    SYSTEM_CATEGORIES,
    Actor,
    ActorRole,
    Claim,
    Event,
    Link,
    Quantity,
    Source,
    System,
    SystemUse,
    Values,
    parse_quantity,
)
from .nodes import KIND_NAMES, Map, Node, Scalar, Seq, shorten

SCHEMA_VERSION = 1
SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")

T = TypeVar("T")

# Which keys each kind of mapping takes: name -> required.
TOP_KEYS = {"schema": True, "sources": False, "actors": False, "systems": False, "events": True}
SOURCE_KEYS = {
    "id": True, "title": True, "publisher": True, "published": True, "kind": True, "grade": True,
    "authors": False, "url": False, "cites": False, "note": False,
}  # fmt: skip
ACTOR_KEYS = {"id": True, "name": True, "kind": True, "aliases": False, "part_of": False, "note": False}
SYSTEM_KEYS = {"id": True, "name": True, "category": True, "aliases": False, "note": False}
EVENT_KEYS = {
    "id": True, "date": True, "title": True, "type": True, "claims": True, "story": False, "actors": False,
    "systems": False, "tags": False, "summary": False, "links": False,
}  # fmt: skip
CLAIM_KEYS = {
    "source": True, "stance": True, "text": True, "by": False, "speaker": False, "anonymous": False,
    "via": False, "date": False, "quoted": False, "values": False, "note": False,
}  # fmt: skip
VALUE_KEYS = {"quantity": False, "systems": False, "route": False, "date": False, "amount": False, "status": False}
ACTOR_ROLE_KEYS = {"actor": True, "role": True}
SYSTEM_USE_KEYS = {"system": True, "quantity": False}
LINK_KEYS = {"rel": True, "event": True}


class Reader:
    """Walks the node tree, converting and collecting problems."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.ids: dict[str, dict[str, int]] = {"source": {}, "actor": {}, "system": {}, "event": {}}
        self.refs: list[tuple[str, Scalar, str]] = []  # (kind, node, what refers)
        self.claim_dates: list[tuple[Span, Scalar, Node]] = []  # explicit claim dates, checked against sources

    def err(self, node: Node | Scalar, message: str) -> None:
        self.problems.append(Problem(node.line, node.col, message))

    # --- shapes -------------------------------------------------------------------------------------
    def mapping(self, node: Node, what: str, keys: Mapping[str, bool]) -> dict[str, Node] | None:
        if not isinstance(node, Map):
            self.err(node, f"{what} must be a mapping (key: value lines), not {KIND_NAMES[type(node)]}")
            return None
        out: dict[str, Node] = {}
        for name, (key, value) in node.items.items():
            if name not in keys:
                self.err(key, f"unknown key '{shorten(name)}' in {what}{did_you_mean(name, keys)}")
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
        s = self.scalar(node, what)
        if s is None:
            return None
        value = s.value.strip()
        if not value:
            self.err(s, f"{what} is empty")
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
        if value is None or value in vocabulary:
            return value
        assert node is not None
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

    def quantity(self, node: Node | None, what: str) -> Quantity | None:
        value = self.text(node, what)
        if value is None:
            return None
        try:
            return parse_quantity(value)
        except ValueError as e:
            assert node is not None
            self.err(node, f"invalid {what} '{shorten(value)}': {e}")
            return None

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
            self.err(node, f"duplicate {kind} id '{shorten(value)}' (first defined at line {first})")
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
        src = dict(
            title=self.text(f.get("title"), "title"),
            publisher=self.text(f.get("publisher"), "publisher"),
            published=self.date(f.get("published"), "published date"),
            kind=self.choice(f.get("kind"), "source kind", SOURCE_KINDS),
            grade=self.choice(f.get("grade"), "grade", GRADES),
        )
        authors = self.texts(f.get("authors"), "authors")
        url = self.url(f.get("url"), "url")
        cites = self.refs_list("source", f.get("cites"), "cites")
        note = self.text(f.get("note"), "note")
        if sid is None or any(v is None for v in src.values()):
            return None
        return Source(sid, authors=authors, url=url, cites=cites, note=note, line=node.line, **src)  # type: ignore[arg-type]

    def actor(self, node: Node) -> Actor | None:
        f = self.mapping(node, "an actor", ACTOR_KEYS)
        if f is None:
            return None
        aid = self.define("actor", f.get("id"), "actor")
        name = self.text(f.get("name"), "name")
        kind = self.choice(f.get("kind"), "actor kind", ACTOR_KINDS)
        aliases = self.texts(f.get("aliases"), "aliases")
        part_of = self.ref("actor", f.get("part_of"), "part_of")
        note = self.text(f.get("note"), "note")
        if aid is None or name is None or kind is None:
            return None
        return Actor(aid, name, kind, aliases=aliases, part_of=part_of, note=note, line=node.line)

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
        quantity = self.quantity(f.get("quantity"), "quantity")
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
        f = self.mapping(node, "claim values", VALUE_KEYS)
        if f is None:
            return None
        return Values(
            quantity=self.quantity(f.get("quantity"), "quantity"),
            systems=self.refs_list("system", f.get("systems"), "systems"),
            route=self.text(f.get("route"), "route"),
            date=self.date(f.get("date"), "date"),
            amount=self.text(f.get("amount"), "amount"),
            status=self.choice(f.get("status"), "status", STATUSES),
        )

    def claim(self, node: Node) -> Claim | None:
        f = self.mapping(node, "a claim", CLAIM_KEYS)
        if f is None:
            return None
        assert isinstance(node, Map)
        source = self.ref("source", f.get("source"), "source")
        stance = self.choice(f.get("stance"), "stance", STANCES)
        text = self.text(f.get("text"), "text")
        by = self.ref("actor", f.get("by"), "by")
        speaker = self.text(f.get("speaker"), "speaker")
        anonymous = self.boolean(f.get("anonymous"), "anonymous")
        via = self.ref("source", f.get("via"), "via")
        date_node = f.get("date")
        date = self.date(date_node, "claim date")
        quoted = self.boolean(f.get("quoted"), "quoted")
        values = self.values(f.get("values"))
        note = self.text(f.get("note"), "note")
        if source is None or stance is None or text is None:
            return None
        if via is not None and via == source:
            self.err(f["via"], f"via '{via}' is the claim's own source; via names the source it relays")
        source_node = f["source"]
        if date is not None and date_node is not None and isinstance(source_node, Scalar):
            self.claim_dates.append((date, source_node, date_node))
        return Claim(
            source=source, stance=stance, text=text, date=date or _PENDING, by=by, speaker=speaker,
            anonymous=anonymous, via=via, quoted=quoted, values=values, note=note, dated=date is not None,
            line=node.line,
        )  # fmt: skip

    def event(self, node: Node) -> Event | None:
        f = self.mapping(node, "an event", EVENT_KEYS)
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
        claims_node = f.get("claims")
        claims = self.each(claims_node, "claims", self.claim)
        if claims_node is not None and isinstance(claims_node, Seq) and not claims_node.items:
            self.err(claims_node, "an event needs at least one claim: who says it happened, and where")
        if eid is None or date is None or title is None or etype is None or not claims:
            return None
        return Event(
            eid, date, title, etype, tuple(claims), story=story, actors=tuple(actors), systems=tuple(systems),
            tags=tags, summary=summary, links=tuple(links), line=node.line,
        )  # fmt: skip


_PENDING = parse_edtf("0001")  # placeholder replaced by the source's publication date once sources are known
