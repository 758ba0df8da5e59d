"""Relay trees: every claim on an event traced back to its original, and circular reporting found.

A claim appears in a source; it may relay another source (``via``; in schema 2 a chain of ``relays``, nearest
first, through sources or people). The *original* of a claim is where its chain ends:

- a relayed claim: the last relay (the wire story, or the people the last relay names);
- an on-record claim by a defined actor, not relayed: that actor's statement on that day (a briefing reported
  by several outlets is one original);
- otherwise: the source's own reporting (its reporters, or the anonymous people it quotes).

Claims resting on one original are not independent: when two or more sources carry one original, that is
reported as circular reporting. A source whose ``cites`` name another source reporting the same event may
relay it without saying so in a claim; that is reported as a possible relay. Pure functions of the log.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import AFFIRMING, Claim, Event, Log


@dataclass(frozen=True, slots=True)
class Hop:
    """One link of a relay chain: a source, an actor, a described relay, or an actor's statement of one day."""

    kind: str  # "source" | "actor" | "relay" | "statement"
    id: str  # source id, actor id, the description, or "<actor id>@<date text>"


@dataclass
class Node:
    """A hop in a relay tree, the claims that appear in it (source hops only) and the hops that relay it."""

    hop: Hop
    claims: list[Claim] = field(default_factory=list)
    relayed_by: list[Node] = field(default_factory=list)
    behind: list[tuple[Hop, ...]] = field(default_factory=list)  # people or channels beyond an original source

    def child(self, hop: Hop) -> Node:
        for n in self.relayed_by:
            if n.hop == hop:
                return n
        n = Node(hop)
        self.relayed_by.append(n)
        return n

    def all_claims(self) -> list[Claim]:
        out = list(self.claims)
        for n in self.relayed_by:
            out.extend(n.all_claims())
        return out


@dataclass(frozen=True, slots=True)
class Warning:
    kind: str  # "circular-reporting" | "same-statement" | "possible-relay"
    original: Hop
    sources: tuple[str, ...]  # the sources concerned (carriers of one original; or citing, cited)
    message: str


@dataclass(frozen=True)
class Trace:
    event: Event
    claims: tuple[Claim, ...]
    originals: tuple[Node, ...]  # roots, in order of first claim
    warnings: tuple[Warning, ...]

    @property
    def independent(self) -> int:
        return len(self.originals)

    @property
    def affirming_originals(self) -> int:
        return sum(1 for r in self.originals if any(c.stance in AFFIRMING for c in r.all_claims()))

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.source for c in self.claims))


def relay_hops(claim: Claim) -> list[Hop]:
    """The claim's relays, nearest first: schema 2's ``relays`` when the model has them, else ``via``."""
    relays = getattr(claim, "relays", None)
    if relays:
        hops = []
        for r in relays:
            if getattr(r, "source", None):
                hops.append(Hop("source", r.source))
            elif getattr(r, "actor", None):
                hops.append(Hop("actor", r.actor))
            elif getattr(r, "description", None):
                hops.append(Hop("relay", r.description))
        if hops:
            return hops
    return [Hop("source", claim.via)] if claim.via else []


def chain(claim: Claim, onward: dict[str, list[Hop]] | None = None) -> list[Hop]:
    """From the original down to the source the claim appears in (see :func:`split` for relays beyond it).

    ``onward`` maps a source to the relays its own claims (on the same event) agree on: a claim relaying a
    source whose claim there relays a wire story rests on that wire story (blog ← paper ← wire).
    """
    hops = [Hop("source", claim.source), *relay_hops(claim)]
    while onward and hops[-1].kind == "source" and hops[-1].id in onward and len(hops) > 1:
        more = [h for h in onward[hops[-1].id] if h not in hops]
        if not more:
            break
        hops.extend(more)
    if len(hops) == 1 and claim.by and not claim.anonymous:
        hops.append(Hop("statement", f"{claim.by}@{claim.date.text}"))
    return list(reversed(hops))


def split(path: list[Hop]) -> tuple[list[Hop], tuple[Hop, ...]]:
    """The path from its original source, and the people or channels said to stand behind that source.

    As the confidence rules have it (docs/format.md, Relays), a claim's original is its farthest relayed
    source; relays through people beyond it (a lawmaker, a closed-door briefing) are shown with that original,
    not counted as originals of their own. A path with no relayed source keeps its people as the original.
    """
    farthest = next((i for i, h in enumerate(path[:-1]) if h.kind == "source"), None)
    if farthest is None or farthest == 0:
        return path, ()
    return path[farthest:], tuple(path[:farthest])


def _onward(claims: tuple[Claim, ...]) -> dict[str, list[Hop]]:
    """For each source, the relays its claims on this event all share (sources with mixed claims: none)."""
    seen: dict[str, set[tuple[Hop, ...]]] = {}
    for c in claims:
        seen.setdefault(c.source, set()).add(tuple(relay_hops(c)))
    return {s: list(next(iter(v))) for s, v in seen.items() if len(v) == 1 and next(iter(v))}


def trace(log: Log, event: Event, claims: tuple[Claim, ...] | None = None) -> Trace:
    """The relay trees of the event's claims (all of them, or those given: an --as-of selection)."""
    claims = event.claims if claims is None else claims
    onward = _onward(event.claims)
    roots: dict[Hop, Node] = {}
    for c in claims:
        path, behind = split(chain(c, onward))
        node = roots.setdefault(path[0], Node(path[0]))
        if behind and behind not in node.behind:
            node.behind.append(behind)
        for hop in path[1:]:
            node = node.child(hop)
        node.claims.append(c)
    originals = tuple(roots.values())
    return Trace(event, claims, originals, tuple(_warnings(log, originals)))


def _carriers(root: Node) -> list[str]:
    """The sources in which claims resting on this original appear, in order."""
    return list(dict.fromkeys(c.source for c in root.all_claims()))


def _hops(node: Node) -> list[Hop]:
    out = [node.hop]
    for n in node.relayed_by:
        out.extend(_hops(n))
    return out


def _warnings(log: Log, originals: tuple[Node, ...]) -> list[Warning]:
    out: list[Warning] = []
    for root in originals:
        carriers = _carriers(root)
        if len(carriers) < 2:
            continue
        names = ", ".join(source_name(log, s) for s in carriers)
        what = hop_label(log, root.hop)
        if root.hop.kind == "statement":
            out.append(
                Warning(
                    "same-statement", root.hop, tuple(carriers),
                    f"one statement: {len(carriers)} sources ({names}) carry {what}: one original, not {len(carriers)}",
                )
            )  # fmt: skip
            continue
        anonymous = " (anonymous speakers only)" if all(c.anonymous for c in root.all_claims()) else ""
        out.append(
            Warning(
                "circular-reporting", root.hop, tuple(carriers),
                f"circular reporting: {len(carriers)} sources ({names}) relay one original, {what}{anonymous}:"
                f" they count as one, not {len(carriers)}",
            )
        )  # fmt: skip
    in_event = {h.id for root in originals for h in _hops(root) if h.kind == "source"}
    unrelayed = dict.fromkeys(c.source for root in originals for c in root.all_claims() if not relay_hops(c))
    for sid in unrelayed:
        for cited in log.sources[sid].cites if sid in log.sources else ():
            if cited in in_event and cited != sid:
                out.append(
                    Warning(
                        "possible-relay", Hop("source", cited), (sid, cited),
                        f"possible relay: {source_name(log, sid)} cites {source_name(log, cited)}, which also"
                        f" reports this event; if claims of {sid} here come from there, give them via: {cited}",
                    )
                )  # fmt: skip
    return out


def source_name(log: Log, source_id: str) -> str:
    s = log.sources.get(source_id)
    return s.publisher if s else source_id


def hop_label(log: Log, hop: Hop) -> str:
    """``Reuters, 21 Feb 2024``; ``John Kirby, on the record, 22 Feb 2024``; an actor's name; a description."""
    if hop.kind == "source":
        s = log.sources.get(hop.id)
        return f"{s.publisher}, {s.published.label()}" if s else hop.id
    if hop.kind == "actor":
        a = log.actors.get(hop.id)
        return a.name if a else hop.id
    if hop.kind == "statement":
        actor, _, when = hop.id.partition("@")
        from .dates import parse_edtf

        name = log.actors[actor].name if actor in log.actors else actor
        return f"{name}, on the record, {parse_edtf(when).label()}"
    return hop.id


def speakers(log: Log, node: Node) -> list[str]:
    """Who speaks in the claims resting on this original, each once, anonymous ones marked."""
    out: dict[str, None] = {}
    for c in node.all_claims():
        label = log.speaker_label(c)
        if c.anonymous and "anonym" not in label.casefold() and "unnamed" not in label.casefold():
            label += " (anonymous)"
        out[label] = None
    return list(out)
