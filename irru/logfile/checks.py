"""Checks across records, made once every record is read: references resolve, part_of has no cycle, names
mean one thing, and claims are dated no later than their sources."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from itertools import pairwise

from ..dates import Span
from ..errors import Problem
from ..hints import Suggester, did_you_mean
from ..model import Actor, Event, Membership, Source, System
from .nodes import Map, Node, shorten
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
    """No actor is ever (at any date) part of itself: part_of over all memberships has no cycle. One walk over
    the graph (linear in the number of actors), each circle reported once."""
    edges = {a.id: [m.actor for m in a.memberships if m.actor in actors] for a in actors.values()}
    reported: set[tuple[str, ...]] = set()
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    for root in actors:
        if state.get(root):
            continue
        path: list[str] = []
        stack: list[tuple[str, int]] = [(root, 0)]
        while stack:
            node, i = stack.pop()
            if i == 0:
                state[node] = 1
                path.append(node)
            children = edges[node]
            if i < len(children):
                stack.append((node, i + 1))
                child = children[i]
                if state.get(child) == 1:
                    cycle = path[path.index(child) :]
                    first = cycle.index(min(cycle))
                    cycle = cycle[first:] + cycle[:first]
                    if tuple(cycle) not in reported:
                        reported.add(tuple(cycle))
                        ring = [*cycle, cycle[0]]
                        if len(ring) > 8:
                            ring = [*ring[:3], f"… ({len(ring) - 5:,} more)", *ring[-2:]]
                        chain = " → ".join(shorten(a) for a in ring)
                        r.problems.append(Problem(actors[cycle[0]].line, 1, f"part_of goes round in a circle: {chain}"))
                elif not state.get(child):
                    stack.append((child, 0))
            else:
                state[node] = 2
                path.pop()


def check_memberships(r: Reader) -> None:
    """Dated part_of entries (schema 2) start before they end, and one actor is part of one body at a time."""
    by_actor: dict[str, list[tuple[Membership, Node]]] = {}
    for actor_id, m, node in r.memberships:
        start, end = _first_day(m.start), _first_day(m.end)
        if start is not None and end is not None and start > end:
            assert m.start is not None and m.end is not None
            r.err(node, f"part_of '{m.actor}' ends (until {m.end.text}) before it starts (from {m.start.text})")
            continue
        by_actor.setdefault(actor_id, []).append((m, node))
    for actor_id, items in by_actor.items():
        items.sort(key=lambda item: _first_day(item[0].start) or datetime.date.min)
        for (prev, _), (m, node) in pairwise(items):
            prev_end, start = _first_day(prev.end), _first_day(m.start)
            if prev_end is None or start is None or start < prev_end:
                r.err(
                    node,
                    f"actor '{actor_id}' would be part of '{prev.actor}' and '{m.actor}' at the same time; "
                    f"part_of gives one body at a time: end the earlier one with 'until:' no later than this one's 'from:'",
                )


def _first_day(span: Span | None) -> datetime.date | None:
    return None if span is None else (span.earliest or span.latest)


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
                        item.line,
                        1,
                        f"{kind} '{shorten(item.id)}' uses the name '{shorten(name)}', already used by {kind} '{shorten(other)}'",
                    )
                )


def date_claims(r: Reader, events: list[Event], sources: dict[str, Source]) -> list[Event]:
    """Give undated claims their source's publication date; refuse claims dated after their source."""
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
    # The claims were made by this reader and nothing else holds them yet: each undated claim is given its
    # source's date in place (as a constructor would), instead of copying it and its event (dataclasses.replace
    # for every claim of a large log costs more than the rest of this check).
    set_field = object.__setattr__
    for event in events:
        for c in event.claims:
            if not c.dated and c.source in sources:
                set_field(c, "date", sources[c.source].published)
    return events


def check_evidence(r: Reader, events: list[Event]) -> None:
    """Each rating of an analysis of competing hypotheses (docs/ach.md) names evidence that exists and belongs
    to the analysis: an event of the anchor's story (or the anchor itself), a claim that one source (and speaker)
    picks out in it, hypotheses of the anchor, and each analyst rates a piece of evidence once."""
    if not r.evidence:
        return
    by_id = {e.id: e for e in events}
    seen: dict[tuple[str, str, str | None, str | None, str], int] = {}
    for anchor_id, hypotheses, ev, nodes in r.evidence:
        anchor = by_id.get(anchor_id)
        target = by_id.get(ev.event)
        if anchor is None or target is None:
            continue  # an unknown event is reported by check_refs
        if target.id != anchor.id and (anchor.story is None or target.story != anchor.story):
            where = f"story '{anchor.story}'" if anchor.story else f"the event '{anchor.id}' (it has no story)"
            r.err(nodes["event"], f"evidence event '{ev.event}' is not part of this analysis: it covers {where}")
            continue
        if ev.source is not None:
            picked = [c for c in target.claims if c.source == ev.source and (ev.by is None or c.by == ev.by)]
            if not picked:
                cited = ", ".join(dict.fromkeys(c.source for c in target.claims))
                who = f" by '{ev.by}'" if ev.by else ""
                r.err(
                    nodes["by" if ev.by and any(c.source == ev.source for c in target.claims) else "source"],
                    f"event '{target.id}' has no claim from source '{ev.source}'{who}; its claims cite: {cited}",
                )
                continue
            if len(picked) > 1:
                speakers = ", ".join(dict.fromkeys(c.by or "(the source itself)" for c in picked))
                hint = "add 'by: ACTOR' to pick one" if ev.by is None else "rate them as the event instead"
                r.err(
                    nodes["source"],
                    f"{len(picked)} claims of event '{target.id}' cite source '{ev.source}' (speakers: {speakers});"
                    f" {hint}",
                )
                continue
        ratings = nodes["ratings"]
        assert isinstance(ratings, Map)
        for name, (key, _value) in ratings.items.items():
            if name not in hypotheses:
                hint = did_you_mean(name, hypotheses) or f"; the hypotheses are: {', '.join(hypotheses)}"
                r.err(key, f"unknown hypothesis '{shorten(name)}' in ratings{hint}")
        mark = (anchor_id, ev.event, ev.source, ev.by, ev.analyst)
        first = seen.get(mark)
        if first is not None:
            r.err(
                nodes["analyst"],
                f"{ev.analyst} rated this evidence twice (first at {r.where(first)}); keep one row per analyst",
            )
        else:
            seen[mark] = ev.line
