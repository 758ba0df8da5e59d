"""`irru export prov`: the log's provenance as W3C PROV-O in JSON-LD (pure).

- each source is a ``prov:Entity`` (title, publisher, published date as written, URL, grade);
- each capture of a source is a ``prov:Entity`` too, ``prov:specializationOf`` its source, with its SHA-256,
  place and the time it was fetched (``prov:generatedAtTime``);
- each claim is a ``prov:Entity`` derived from the source it appears in (``prov:wasDerivedFrom``) and from the
  hop it relays, each hop derived from the next (relays as derivation); ``prov:wasAttributedTo`` its speaker
  (a ``prov:Agent``); ``prov:hadPrimarySource`` the original it rests on, exactly as `irru trace` finds it (a
  source, an actor's statement of one day, or a relay named in words), so counting an event's distinct primary
  sources gives trace's count of independent originals;
- each event is an entity listing its claims (``irru:claim``).

Identifiers are URNs (``urn:irru:source:ID`` …); irru's own terms are under ``urn:irru:vocab:``. The context is
inline, so the document needs nothing from the network to be read.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import pairwise
from typing import Any
from urllib.parse import quote

from ..model import Claim, Log
from ..query import Row
from ..trace import Hop, relay_hops, trace

CONTEXT = {
    "prov": "http://www.w3.org/ns/prov#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dcterms": "http://purl.org/dc/terms/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "irru": "urn:irru:vocab:",
    "id": "@id",
    "type": "@type",
    "label": "rdfs:label",
    "title": "dcterms:title",
    "publisher": "dcterms:publisher",
    "url": {"@id": "prov:atLocation", "@type": "xsd:anyURI"},
    "generatedAtTime": {"@id": "prov:generatedAtTime", "@type": "xsd:dateTime"},
    "wasDerivedFrom": {"@id": "prov:wasDerivedFrom", "@type": "@id", "@container": "@set"},
    "hadPrimarySource": {"@id": "prov:hadPrimarySource", "@type": "@id"},
    "wasAttributedTo": {"@id": "prov:wasAttributedTo", "@type": "@id"},
    "specializationOf": {"@id": "prov:specializationOf", "@type": "@id"},
    "claim": {"@id": "irru:claim", "@type": "@id", "@container": "@set"},
    "source": {"@id": "irru:source", "@type": "@id"},
    "sha256": "irru:sha256",
    "text": "irru:text",
    "stance": "irru:stance",
    "said": "irru:date",
    "published": "irru:published",
    "grade": "irru:grade",
    "kind": "irru:kind",
}


def iri(kind: str, ident: str) -> str:
    return f"urn:irru:{kind}:{quote(ident, safe='-._~@/')}"


def hop_iri(hop: Hop) -> str:
    """A relay hop as a node: a source's own IRI; an actor, a described relay or a statement of one day."""
    return iri("source", hop.id) if hop.kind == "source" else iri(hop.kind, hop.id)


def document(log: Log, rows: Sequence[Row]) -> dict[str, Any]:
    graph: dict[str, dict[str, Any]] = {}

    def add(node: dict[str, Any]) -> None:
        """A node, merged with any node of the same id (a source that is also a relay hop)."""
        have = graph.setdefault(node["id"], {})
        for key, value in node.items():
            if key == "wasDerivedFrom":
                have[key] = list(dict.fromkeys([*have.get(key, []), *value]))
            else:
                have.setdefault(key, value)

    used_sources: dict[str, None] = {}
    for row in rows:
        for c in row.event.claims:
            used_sources[c.source] = None
            used_sources.update((h.id, None) for h in relay_hops(c) if h.kind == "source")
    for sid in used_sources:
        s = log.sources[sid]
        node: dict[str, Any] = {
            "id": iri("source", sid), "type": "prov:Entity", "title": s.title, "publisher": s.publisher,
            "published": s.published.text, "grade": s.grade, "kind": s.kind,
        }  # fmt: skip
        if s.url:
            node["url"] = s.url
        add(node)
        a = s.archive
        if a is not None and a.sha256 is not None:
            cap: dict[str, Any] = {
                "id": iri("capture", a.sha256), "type": "prov:Entity", "specializationOf": iri("source", sid),
                "sha256": a.sha256, "generatedAtTime": a.accessed,
            }  # fmt: skip
            if a.capture:
                cap["label"] = a.capture
            if a.url:
                cap["url"] = a.url
            add(cap)
    for row in rows:
        e = row.event
        tr = trace(log, e)
        primary: dict[int, Hop] = {}
        for root in tr.originals:
            for c in root.all_claims():
                primary[id(c)] = root.hop
        claims = []
        for n, c in enumerate(e.claims, 1):
            cid = iri("claim", f"{e.id}/{n}")
            claims.append(cid)
            for node in _claim_nodes(log, c, cid, primary[id(c)]):
                add(node)
        add({"id": iri("event", e.id), "type": "prov:Entity", "title": e.title, "claim": claims})
    return {"@context": CONTEXT, "@graph": list(graph.values())}


def _claim_nodes(log: Log, c: Claim, cid: str, original: Hop) -> Iterator[dict[str, Any]]:
    hops = [Hop("source", c.source), *relay_hops(c)]  # the claim's source, then each relay, nearest first
    node: dict[str, Any] = {
        "id": cid, "type": "prov:Entity", "text": c.text, "stance": c.stance, "said": c.date.text,
        "source": iri("source", c.source), "wasDerivedFrom": [hop_iri(hops[0])] + ([hop_iri(hops[1])] if len(hops) > 1 else []),
        "hadPrimarySource": hop_iri(original),
    }  # fmt: skip
    if c.by is not None:
        node["wasAttributedTo"] = iri("actor", c.by)
        yield {"id": iri("actor", c.by), "type": "prov:Agent", "label": log.actors[c.by].name}
    yield node
    for near, far in pairwise(hops):  # the source derived from its nearest relay, each relay from the next
        yield {"id": hop_iri(near), "type": "prov:Entity", "wasDerivedFrom": [hop_iri(far)]}
    if original.kind != "source":
        yield _original(log, original)


def _original(log: Log, hop: Hop) -> dict[str, Any]:
    """A non-source original: an actor's statement of one day, an actor as relay, or a relay in words."""
    node: dict[str, Any] = {"id": hop_iri(hop), "type": ["prov:Entity", "prov:PrimarySource"]}
    actor = hop.id.partition("@")[0] if hop.kind == "statement" else hop.id if hop.kind == "actor" else None
    if actor is not None and actor in log.actors:
        node["wasAttributedTo"] = iri("actor", actor)
    node["label"] = hop.id
    return node


def prov_json(log: Log, rows: Sequence[Row]) -> Iterator[str]:
    from ..render.machine import dumps

    yield dumps(document(log, rows), indent=2)
