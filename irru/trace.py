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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from .model import AFFIRMING, Claim, Event, Log, Source


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
    """From the original down to the source the claim appears in, for one claim seen alone (no other claim of
    its event to follow): its own relays, then, for an on-record claim by a defined actor that relays nothing,
    that actor's statement of the day. :func:`origins` follows a relayed source's own relays on the event."""
    hops = [Hop("source", claim.source), *relay_hops(claim)]
    while onward and hops[-1].kind == "source" and hops[-1].id in onward and len(hops) > 1:
        more = [h for h in onward[hops[-1].id] if h not in hops]
        if not more:
            break
        hops.extend(more)
    if len(hops) == 1 and claim.by and not claim.anonymous:
        hops.append(Hop("statement", f"{claim.by}@{claim.date.text}"))
    return list(reversed(hops))


@dataclass(frozen=True, slots=True)
class Origin:
    """Where one claim comes from, for deciding independence (docs/format.md, "Independence").

    ``hop`` is the original: an on-record speaker's statement of one day (``statement``), else the source at the
    end of the relay chain (followed through the relayed sources' own claims on the event), else the people or
    channel the chain ends in. ``path`` runs from the original down to the claim's own source; ``behind`` holds
    the people or channels said to stand behind the original source (farthest first); ``source`` is the
    farthest source of the chain, the first to print it (its grade is the original's grade)."""

    hop: Hop
    path: tuple[Hop, ...]
    behind: tuple[Hop, ...]
    source: str


def _followed(claim: Claim, by_source: dict[str, list[Claim]], sources: Mapping[str, Source] | None) -> list[Hop]:
    """The claim's hops, nearest first from its own source, continued through the relayed source's own claims on
    the event while they agree on where they had it from. A cycle ends at its earliest-published source."""
    hops = [Hop("source", claim.source), *relay_hops(claim)]
    while hops[-1].kind == "source" and len(hops) > 1:
        theirs = [c for c in by_source.get(hops[-1].id, ()) if c is not claim]
        alike = [c for c in theirs if (c.stance in AFFIRMING) == (claim.stance in AFFIRMING)] or theirs
        onward = {tuple(relay_hops(c)) for c in alike}
        if len(onward) != 1:
            break
        more = list(next(iter(onward)))
        if not more:
            break
        for h in more:
            if h in hops:  # a cycle: every source on it rests on one of them, the earliest published
                loop = hops[hops.index(h) :]
                end = min((x for x in loop if x.kind == "source"), key=lambda x: _published(sources, x.id))
                return hops[: hops.index(end) + 1]
            hops.append(h)
            if h.kind != "source":
                break
        if hops[-1].kind != "source":
            break
    return hops


def _published(sources: Mapping[str, Source] | None, sid: str) -> tuple[tuple[date, int], str]:
    s = sources.get(sid) if sources else None
    return (s.published.sort_key() if s is not None else (date.min, 0), sid)


def origins(claims: Sequence[Claim], sources: Mapping[str, Source] | None = None) -> list[Origin]:
    """Each claim's :class:`Origin`, in order: the one rule of independence that flags, trace and diff use."""
    by_source: dict[str, list[Claim]] = {}
    for c in claims:
        by_source.setdefault(c.source, []).append(c)
    out = []
    for c in claims:
        hops = _followed(c, by_source, sources)
        farthest_source = max(i for i, h in enumerate(hops) if h.kind == "source")
        source = hops[farthest_source].id
        behind = tuple(reversed(hops[farthest_source + 1 :]))
        if c.by and c.on_record:  # an on-record speaker: the original is its statement, however it travelled
            path = (Hop("statement", f"{c.by}@{c.date.text}"), *reversed(hops[: farthest_source + 1]))
            out.append(Origin(path[0], tuple(path), behind, source))
        elif behind and farthest_source > 0:  # people beyond a relayed source stand behind that source
            path = tuple(reversed(hops[: farthest_source + 1]))
            out.append(Origin(path[0], path, behind, source))
        else:  # the source's own reporting, or a chain of people only: they are the original
            path = tuple(reversed(hops))
            out.append(Origin(path[0], path, (), source))
    return out


def trace(log: Log, event: Event, claims: tuple[Claim, ...] | None = None) -> Trace:
    """The relay trees of the event's claims (all of them, or those given: an --as-of selection)."""
    claims = event.claims if claims is None else claims
    roots: dict[Hop, Node] = {}
    for c, o in zip(claims, origins(claims, log.sources), strict=True):
        node = roots.setdefault(o.hop, Node(o.hop))
        if o.behind and o.behind not in node.behind:
            node.behind.append(o.behind)
        for hop in o.path[1:]:
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
