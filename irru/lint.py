"""Curator lints: things that are allowed but usually a mistake. ``irru check`` lists them as warnings (exit 0);
``--strict`` makes them errors. Pure functions of the log.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .model import Log

# Every warning code (docs/errors.md has a row for each; a test keeps them in step).
CODES = (
    "story-once",
    "tag-once",
    "delivery-unpromised",
    "near-duplicate",
    "source-unused",
    "quote-unarchived",
    "look-alike",
    "mixed-script",
    "invisible-character",
    "decomposed",
)
# Event types a delivery can fulfil.
PROMISING = frozenset({"promise", "contract", "agreement"})
# Below this many events every story and tag is used once or twice; "used once" says nothing there.
MIN_EVENTS_FOR_ONCE = 10


@dataclass(frozen=True, slots=True)
class Lint:
    line: int
    code: str  # a short name, for filtering and for the docs
    message: str


def lints(log: Log) -> list[Lint]:
    out: list[Lint] = []
    out += _used_once(log)
    out += _deliveries_without_promise(log)
    out += _near_duplicates(log)
    out += _sources_without_claims(log)
    out += _quotes_without_archive(log)
    out += _look_alikes(log)
    return sorted(out, key=lambda x: (x.line, x.code))


def _used_once(log: Log) -> list[Lint]:
    out: list[Lint] = []
    if len(log.events) < MIN_EVENTS_FOR_ONCE:
        return out
    stories = Counter(e.story for e in log.events if e.story)
    tags = Counter(t for e in log.events for t in e.tags)
    for e in log.events:
        if e.story and stories[e.story] == 1:
            out.append(Lint(e.line, "story-once", f"story '{e.story}' of event '{e.id}' is used by no other event; a typo?"
                            + _close(e.story, [s for s in stories if s != e.story])))  # fmt: skip
        for t in e.tags:
            if tags[t] == 1:
                out.append(Lint(e.line, "tag-once", f"tag '{t}' of event '{e.id}' is used by no other event; a typo?"
                                + _close(t, [x for x in tags if x != t])))  # fmt: skip
    return out


def _close(word: str, others: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(word, others, n=1, cutoff=0.75)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _deliveries_without_promise(log: Log) -> list[Lint]:
    promised = {e.story for e in log.events if e.story and e.type in PROMISING}
    if not any(e.type in PROMISING for e in log.events):
        return []  # a log that records no promises: nothing for a delivery to match
    return [
        Lint(
            e.line,
            "delivery-unpromised",
            f"delivery '{e.id}' is in story '{e.story}', which has no promise, contract or agreement",
        )
        for e in log.events
        if e.type == "delivery" and e.story and e.story not in promised
    ]


def _key(name: str) -> str:
    return re.sub(r"[^0-9a-z]", "", name.casefold())


def _digits(key: str) -> str:
    return "".join(ch for ch in key if ch.isdigit())


def _one_edit(a: str, b: str) -> bool:
    """One letter inserted, deleted or changed (a typo), not more: Shahed-136 and Shahed-131 are two systems."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = sorted((a, b), key=len)
    i = next((k for k in range(len(short)) if short[k] != long_[k]), len(short))
    return short[i:] == long_[i + 1 :]


def _near_duplicates(log: Log) -> list[Lint]:
    """Pairs of names the same but for case and punctuation, or one letter apart. Candidate pairs come from an index
    of each key with one character deleted (two keys one edit apart share such a variant), so the cost is linear in
    the number of names, not quadratic (a log of 100,000 actors is checked in seconds, not in hours)."""
    out = []
    for kind, records in (("actor", list(log.actors.values())), ("system", list(log.systems.values()))):
        names = [(r, n, _key(n)) for r in records for n in (r.name, *r.aliases)]
        index: dict[str, int | list[int]] = {}  # one int until a second name shares the entry
        pairs: set[tuple[int, int]] = set()
        for j, (_, _, kb) in enumerate(names):
            if len(kb) < 4:
                continue
            # keyed by the digits too: a pair must have the same digits (Shahed-131 and Shahed-136 are two systems)
            digits = _digits(kb) + "/"
            variants = {kb} | ({kb[:p] + kb[p + 1 :] for p in range(len(kb))} if len(kb) >= 6 else set())
            for v in variants:
                key = digits + v
                prev = index.get(key)
                if prev is None:
                    index[key] = j
                elif isinstance(prev, int):
                    pairs.add((prev, j))
                    index[key] = [prev, j]
                else:
                    pairs.update((i, j) for i in prev)
                    prev.append(j)
        seen: set[tuple[str, str]] = set()
        for i, j in sorted(pairs):
            (a, na, ka), (b, nb, kb) = names[i], names[j]
            if a.id == b.id or (a.id, b.id) in seen:
                continue
            if ka == kb or (min(len(ka), len(kb)) >= 6 and _digits(ka) == _digits(kb) and _one_edit(ka, kb)):
                seen.add((a.id, b.id))
                out.append(
                    Lint(
                        b.line,
                        "near-duplicate",
                        f"{kind} '{b.id}' ('{nb}') is named almost like {kind} '{a.id}' ('{na}'); the same {kind} twice?",
                    )
                )
    return out


def _sources_without_claims(log: Log) -> list[Lint]:
    used = {c.source for e in log.events for c in e.claims} | {c.via for e in log.events for c in e.claims if c.via}
    used |= {s for src in log.sources.values() for s in src.cites}
    for e in log.events:  # schema 2 relays through sources (read when the model has them)
        for c in e.claims:
            used |= {r.source for r in getattr(c, "relays", ()) if getattr(r, "source", None)}
    return [
        Lint(s.line, "source-unused", f"source '{s.id}' backs no claim (and no claim or source relays it)")
        for s in log.sources.values()
        if s.id not in used
    ]


def _quotes_without_archive(log: Log) -> list[Lint]:
    return [
        Lint(
            c.line,
            "quote-unarchived",
            f"quoted claim in '{c.source}', which has no archive record: the words cannot be checked later (irru archive)",
        )
        for e in log.events
        for c in e.claims
        if c.quoted and log.sources[c.source].archive is None
    ]


def _look_alikes(log: Log) -> list[Lint]:
    from .lookalike import lookalikes

    return [Lint(w.line, w.code, w.message) for w in lookalikes(log)]
