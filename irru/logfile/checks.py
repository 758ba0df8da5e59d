"""Checks across records, made once every record is read: references resolve, part_of has no cycle, names
mean one thing, and claims are dated no later than their sources."""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import Problem
from ..hints import did_you_mean
from ..model import Actor, Event, Source, System
from .nodes import Node
from .schema import Reader


def check_refs(r: Reader) -> None:
    plural = {"source": "sources", "actor": "actors", "system": "systems", "event": "events"}
    for kind, node, what in r.refs:
        if node.value not in r.ids[kind]:
            hint = did_you_mean(node.value, r.ids[kind]) or f"; define it under '{plural[kind]}:'"
            r.err(node, f"unknown {kind} '{node.value}' in {what}{hint}")


def check_part_of(r: Reader, actors: dict[str, Actor]) -> None:
    for actor in actors.values():
        seen = [actor.id]
        current = actor.part_of
        while current is not None and current in actors:
            if current in seen:
                cycle = seen[seen.index(current) :]
                if actor.id == min(cycle):  # report each cycle once
                    chain = " → ".join([*cycle, current])
                    r.problems.append(Problem(actor.line, 1, f"part_of goes round in a circle: {chain}"))
                break
            seen.append(current)
            current = actors[current].part_of


def check_names(r: Reader, kind: str, items: Iterable[Actor | System], list_node: Node | None) -> None:
    """Names and aliases must each mean one thing when a user types them."""
    owner: dict[str, str] = {}
    for item in items:
        for name in (item.name, *item.aliases):
            key = name.casefold()
            other = owner.setdefault(key, item.id)
            if other != item.id:
                r.problems.append(
                    Problem(
                        item.line, 1, f"{kind} '{item.id}' uses the name '{name}', already used by {kind} '{other}'"
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
