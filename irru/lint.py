"""Curator lints: things that are allowed but usually a mistake. ``irru check`` lists them as warnings (exit 0);
``--strict`` makes them errors. Pure functions of the log.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .model import Log

# Every warning code (docs/errors.md has a row for each; a test keeps them in step).
CODES = (
    "story-once",
    "tag-once",
    "delivery-unpromised",
    "transfer-without-parties",
    "near-duplicate",
    "source-unused",
    "quote-unarchived",
    "look-alike",
    "mixed-script",
    "invisible-character",
    "decomposed",
    "delivery-before-order",
    "statement-unspoken",
    "flag-on-weak-source",
)
# Event types a delivery can fulfil.
PROMISING = frozenset({"promise", "contract", "agreement"})
# Source grades a reader should not see a flag rest on alone ("not usually reliable" and worse).
WEAK_GRADES = frozenset({"D", "E", "F"})
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
    out += _transfers_without_parties(log)
    out += _near_duplicates(log)
    out += _sources_without_claims(log)
    out += _quotes_without_archive(log)
    out += _look_alikes(log)
    out += _deliveries_before_order(log)
    out += _statements_without_speaker(log)
    out += _flags_on_weak_sources(log)
    return sorted(out, key=lambda x: (x.line, x.code))


def _used_once(log: Log) -> list[Lint]:
    out: list[Lint] = []
    if len(log.events) < MIN_EVENTS_FOR_ONCE:
        return out
    stories = Counter(e.story for e in log.events if e.story)
    tags = Counter(t for e in log.events for t in e.tags)
    close_story, close_tag = _closest(stories), _closest(tags)
    for e in log.events:
        if e.story and stories[e.story] == 1:
            out.append(Lint(e.line, "story-once", f"story '{e.story}' of event '{e.id}' is used by no other event; a typo?"
                            + close_story(e.story)))  # fmt: skip
        for t in e.tags:
            if tags[t] == 1:
                out.append(Lint(e.line, "tag-once", f"tag '{t}' of event '{e.id}' is used by no other event; a typo?"
                                + close_tag(t)))  # fmt: skip
    return out


def _closest(words: Iterable[str]) -> Callable[[str], str]:
    """`` (did you mean 'x'?)`` for a word among ``words``: the closest other word (difflib, ratio 0.75 or more).
    Over many words only those next to it in spelling order (hints.Suggester's neighbours) are compared, so a log
    of a thousand stories used once each costs a thousand small comparisons, not a million."""
    import difflib

    from .hints import Suggester

    suggester = Suggester(words, neighbours=8)  # a typo of a slug sorts next to it by its start or its end

    def close(word: str) -> str:
        others = [suggester.lowered[k] for k in suggester.candidates(word.lower())]
        found = difflib.get_close_matches(word, [o for o in others if o != word], n=1, cutoff=0.75)
        return f" (did you mean '{found[0]}'?)" if found else ""

    return close


# Event types that move something from a supplier to a recipient (the transfers register reads these).
TRANSFERRING = frozenset({"delivery", "contract", "promise"})


def _transfers_without_parties(log: Log) -> list[Lint]:
    """A delivery, contract or promise that does not say who supplies and who receives: the transfers register
    shows '?' for it, and --role supplier / --role recipient never find it."""
    out: list[Lint] = []
    for e in log.events:
        if e.type not in TRANSFERRING:
            continue
        roles = {r.role for r in e.actors}
        missing = [role for role in ("supplier", "recipient") if role not in roles]
        if missing:
            out.append(Lint(e.line, "transfer-without-parties",
                            f"{e.type} '{e.id}' has no {' and no '.join(missing)} among its actors (irru transfers"
                            f" shows '?'); add {', '.join(f'{{actor: ID, role: {m}}}' for m in missing)}"))  # fmt: skip
    return out


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
            used |= {r.source for r in c.relays if r.source}
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


def _deliveries_before_order(log: Log) -> list[Lint]:
    """A delivery linked as fulfilling a promise, contract or agreement that is dated after it (certainly: the
    delivery's latest day is before the promise's earliest): the link, or one of the dates, is wrong."""
    events = {e.id: e for e in log.events}
    out: list[Lint] = []
    for e in log.events:
        for link in e.links:
            promise = events.get(link.event)
            if link.rel != "fulfils" or promise is None:
                continue
            done, made = e.date.latest, promise.date.earliest
            if done is not None and made is not None and done < made:
                out.append(
                    Lint(
                        e.line,
                        "delivery-before-order",
                        f"'{e.id}' ({e.date.text}) is dated before '{promise.id}' ({promise.date.text}), which"
                        " it is linked as fulfilling: a delivery cannot fulfil a later order or promise; fix"
                        " the date or use `follows`",
                    )
                )
    return out


def _statements_without_speaker(log: Log) -> list[Lint]:
    """A `statement` event names who made it (role `speaker`), else its flag falls back to whoever affirms it on
    the record, which may be someone answering it. Schema 1 has no speaker role, so only schema 2 is checked."""
    if log.schema < 2:
        return []
    return [
        Lint(
            e.line,
            "statement-unspoken",
            f"statement '{e.id}' names no speaker (an actor with role `speaker`): its flag then credits whoever"
            " affirms it on the record, who may only be answering it",
        )
        for e in log.events
        if e.is_statement and not any(a.role == "speaker" for a in e.actors)
    ]


def _flags_on_weak_sources(log: Log) -> list[Lint]:
    """An event whose flag names confirmers or deniers (CONFIRMED, DENIED, DISPUTED, ON RECORD) when every claim
    behind those speakers' positions comes (originally) from a source graded D-F: the flag reads firmer than its
    evidence. A speaker whose same stance is also carried by a better source is not weak."""
    from .confidence import assess, speaker_of, weighed_stance

    def kind(stance: str) -> str:
        return "affirm" if stance in ("asserts", "confirms") else stance

    out: list[Lint] = []
    for e in log.events:
        if not any(log.sources[c.original_source].grade in WEAK_GRADES for c in e.claims):
            continue  # nothing weak to rest on: skip the flag (most events; check stays about as cheap as before)
        conf = assess(log, e)
        if conf is None or conf.flag not in ("confirmed", "denied", "disputed", "statement"):
            continue
        named = set(conf.confirmers) | set(conf.deniers)
        deciding = [
            p for p in conf.positions if p.speaker in named and kind(weighed_stance(p.claim)) in ("affirm", "denies")
        ]
        weak: set[str] = set()
        for p in deciding:
            same = [
                c
                for c in e.claims
                if speaker_of(log, c)[0] == p.key and kind(weighed_stance(c)) == kind(weighed_stance(p.claim))
            ]
            if all(log.sources[c.original_source].grade in WEAK_GRADES for c in same):
                weak |= {c.original_source for c in same}
            else:
                break
        else:
            if deciding:
                out.append(
                    Lint(
                        e.line,
                        "flag-on-weak-source",
                        f"event '{e.id}' reads {conf.flag.upper()} only on claims whose sources are graded"
                        f" D-F ({', '.join(sorted(weak))}): find a better source, or say why in a note",
                    )
                )
    return out
