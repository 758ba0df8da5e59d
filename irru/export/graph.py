"""`irru graph`: who does what to whom (actors), and which report rests on which (sources), as Mermaid or DOT.

Actor graph: a node per actor that takes part; edges, aggregated with a count,
- transfer: supplier → recipient, labelled with the systems (or the event type);
- sanction / strike: sanctioner or attacker → target;
- statement: a named actor's claim that confirms, denies, hedges or declines to confirm → each principal
  actor of the event (suppliers, recipients, sanctioners, attackers, targets; else all its actors) other than
  the speaker, labelled with the stance; for a ``statement`` event, its speakers → the event's other actors.
Relay graph: a node per source; ``relays`` edges from a source to the source a claim in it was relayed from
(each source hop of the claim's relays, nearest first), ``cites`` edges from a source to the sources it cites, so circular reporting shows as many arrows
into one original. Pure; labels are inert text, escaped for each syntax.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from ..inert import inert
from ..model import Log
from ..query import Row

STATEMENT_STANCES = ("confirms", "denies", "hedges", "declines-to-confirm")


@dataclass
class Edge:
    src: str
    dst: str
    kind: str
    label: str
    events: list[str] = field(default_factory=list)


@dataclass
class Graph:
    title: str
    nodes: dict[str, str]  # id -> label, in order of first use
    edges: list[Edge]


def _add(edges: dict[tuple[str, str, str, str], Edge], src: str, dst: str, kind: str, label: str, event: str) -> None:
    if src == dst:
        return
    edge = edges.setdefault((src, dst, kind, label), Edge(src, dst, kind, label))
    if event not in edge.events:
        edge.events.append(event)


def actor_graph(log: Log, rows: Sequence[Row]) -> Graph:
    edges: dict[tuple[str, str, str, str], Edge] = {}
    for row in rows:
        e = row.event
        by_role: dict[str, list[str]] = {}
        for r in e.actors:
            by_role.setdefault(r.role, []).append(r.actor)
        systems = ", ".join(log.systems[u.system].name for u in e.systems) or e.type
        for s in by_role.get("supplier", []):
            for t in by_role.get("recipient", []):
                _add(edges, s, t, "transfer", systems, e.id)
        for role, kind in (("sanctioner", "sanction"), ("attacker", "strike")):
            for s in by_role.get(role, []):
                for t in by_role.get("target", []):
                    _add(edges, s, t, kind, kind, e.id)
        principals = [
            a for role in ("supplier", "recipient", "sanctioner", "attacker", "target") for a in by_role.get(role, [])
        ]
        principals = list(dict.fromkeys(principals or [r.actor for r in e.actors]))
        for c in row.claims:
            if c.by is None:
                continue
            if c.stance in STATEMENT_STANCES:
                stance = c.stance
            elif e.type == "statement":
                stance = "statement"
            else:
                continue
            family = log.parts[log.top_at(c.by, log.claim_day(c)).id]  # the speaker's state when it spoke
            for a in principals:
                if a not in family:
                    _add(edges, c.by, a, "statement", stance, e.id)
    ordered = list(edges.values())
    nodes: dict[str, str] = {}
    for edge in ordered:
        for a in (edge.src, edge.dst):
            nodes.setdefault(a, log.actors[a].name)
    return Graph("actors", nodes, ordered)


def relay_graph(log: Log, rows: Sequence[Row]) -> Graph:
    edges: dict[tuple[str, str, str, str], Edge] = {}
    seen: dict[str, None] = {}
    for row in rows:
        for c in row.claims:
            hops = [c.source, *(r.source for r in c.relays if r.source is not None)]
            seen.update(dict.fromkeys(hops))
            for near, far in pairwise(hops):
                _add(edges, near, far, "relays", "relays", row.event.id)
    todo = list(seen)
    while todo:  # what the sources cite, transitively
        sid = todo.pop(0)
        for cited in log.sources[sid].cites:
            if cited not in log.sources:
                continue
            _add(edges, sid, cited, "cites", "cites", "")
            if cited not in seen:
                seen[cited] = None
                todo.append(cited)
    nodes = {}
    linked = {a for edge in edges.values() for a in (edge.src, edge.dst)}
    for sid in seen:  # a source that relays nothing and is relayed by none is no part of the picture
        if sid in linked:
            s = log.sources[sid]
            nodes[sid] = f"{s.publisher}, {s.published.label()} (grade {s.grade})"
    return Graph("sources", nodes, list(edges.values()))


def _edge_label(edge: Edge) -> str:
    n = len([e for e in edge.events if e])
    return edge.label + (f" ×{n}" if n > 1 else "")


_MERMAID_ESCAPES = {'"': "#quot;", "<": "#lt;", ">": "#gt;", "#": "#35;", "`": "#96;", "&": "#amp;"}
MERMAID_ARROWS = {
    "transfer": "==>",
    "sanction": "-->",
    "strike": "-->",
    "statement": "-.->",
    "relays": "-->",
    "cites": "-.->",
}


def mermaid_text(text: str) -> str:
    """A label safe inside Mermaid's double quotes: entity codes for the characters Mermaid would read."""
    return re.sub(r'["<>#`&]', lambda m: _MERMAID_ESCAPES[m.group()], inert(text))


def mermaid(graph: Graph) -> Iterator[str]:
    ids = {node: f"n{i}" for i, node in enumerate(graph.nodes, 1)}
    yield "flowchart LR"
    for node, label in graph.nodes.items():
        yield f'  {ids[node]}["{mermaid_text(label)}"]'
    for edge in graph.edges:
        yield f'  {ids[edge.src]} {MERMAID_ARROWS[edge.kind]}|"{mermaid_text(_edge_label(edge))}"| {ids[edge.dst]}'


def dot_text(text: str) -> str:
    return '"' + inert(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


DOT_STYLES = {
    "transfer": "bold",
    "sanction": "solid",
    "strike": "solid",
    "statement": "dashed",
    "relays": "solid",
    "cites": "dashed",
}


def dot(graph: Graph) -> Iterator[str]:
    yield f"digraph {dot_text(graph.title)} {{"
    yield "  rankdir=LR;"
    yield "  node [shape=box];"
    for node, label in graph.nodes.items():
        yield f"  {dot_text(node)} [label={dot_text(label)}];"
    for edge in graph.edges:
        yield f"  {dot_text(edge.src)} -> {dot_text(edge.dst)} [label={dot_text(_edge_label(edge))}, style={DOT_STYLES[edge.kind]}];"
    yield "}"
