"""Checks across records, made once every record is read: references resolve, part_of has no cycle, names
mean one thing, and claims are dated no later than their sources."""

from __future__ import annotations

from ..errors import Problem
from ..hints import Suggester
from ..model import Actor, Event, Source
from .nodes import Node, shorten
from .schema import Reader

SUGGESTED = 100  # unknown names given a suggestion, in file order: as many as a report shows (render.problems)


def check_refs(r: Reader) -> None:
    """Every reference names a defined record. Suggestions are searched for the first SUGGESTED unknown names
    in file order (the ones a report shows), once per distinct name, among a bounded set of candidates."""
    plural = {"source": "sources", "actor": "actors", "system": "systems", "event": "events"}
    unknown = [(node, kind, what) for kind, node, what in r.refs if node.value not in r.ids[kind]]
    unknown.sort(key=lambda u: (u[0].line, u[0].col))
    suggesters: dict[str, Suggester] = {}
    for i, (node, kind, what) in enumerate(unknown):
        hint = ""
        if i < SUGGESTED:
            if kind not in suggesters:
                suggesters[kind] = Suggester(r.ids[kind])
            hint = suggesters[kind].did_you_mean(node.value)
        hint = hint or f"; define it under '{plural[kind]}:'"
        r.err(node, f"unknown {kind} '{shorten(node.value)}' in {what}{hint}")


def check_part_of(r: Reader, actors: dict[str, Actor]) -> None:
    """part_of must not go round in a circle. Each actor is walked once (linear in the number of actors)."""
    done: set[str] = set()  # actors whose chain up is known to end without a circle, or was reported
    for actor in actors.values():
        path: dict[str, None] = {}  # the chain walked from this actor, in order
        current: str | None = actor.id
        while current is not None and current in actors and current not in done:
            if current in path:
                chain = list(path)
                cycle = chain[chain.index(current) :]
                first = min(cycle)  # report each circle once, from its smallest id, at that actor's line
                ring = [*cycle[cycle.index(first) :], *cycle[: cycle.index(first)], first]
                if len(ring) > 8:
                    ring = [*ring[:3], f"… ({len(ring) - 5:,} more)", *ring[-2:]]
                shown = " → ".join(shorten(a) for a in ring)
                r.problems.append(Problem(actors[first].line, 1, f"part_of goes round in a circle: {shown}"))
                break
            path[current] = None
            current = actors[current].part_of
        done.update(path)


def check_names(r: Reader, kind: str, items: object, list_node: Node | None) -> None:
    """Names and aliases must each mean one thing when a user types them."""
    owner: dict[str, str] = {}
    for item in items:  # type: ignore[attr-defined]
        for name in (item.name, *item.aliases):
            key = name.casefold()
            other = owner.setdefault(key, item.id)
            if other != item.id:
                r.problems.append(
                    Problem(
                        item.line,
                        1,
                        f"{kind} '{shorten(item.id)}' uses the name '{shorten(name)}', already used by {kind} '{shorten(other)}'",
                    )
                )


def date_claims(r: Reader, events: list[Event], sources: dict[str, Source]) -> list[Event]:
    """Give undated claims their source's publication date; refuse claims dated after their source."""
    from dataclasses import replace

    for date, source_node, date_node in r.claim_dates:
        source = sources.get(source_node.value)
        if source is None:
            continue
        published_end = source.published.latest
        if published_end is not None and date.earliest is not None and date.earliest > published_end:
            r.err(
                date_node,
                f"claim dated {date.text} comes after its source '{source.id}' was published ({source.published.text})",
            )
    out = []
    for event in events:
        if any(not c.dated for c in event.claims):
            claims = tuple(
                c if c.dated or c.source not in sources else replace(c, date=sources[c.source].published)
                for c in event.claims
            )
            event = replace(event, claims=claims)
        out.append(event)
    return out
