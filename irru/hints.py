"""Help for mistyped words and counted nouns: one spelling of each, used by the loader and the CLI alike."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable

SCAN_ALL = 400  # up to this many choices, every one is compared with the mistyped word
NEIGHBOURS = 60  # beyond, the choices nearest to it in spelling order, from the front and from the back
MAX_WORD = 200  # a longer "word" is not a typo of anything: nothing is suggested


class Suggester:
    """Suggestions from one fixed set of choices, asked for many words (a log's ids, say).

    Each distinct word is answered once. Over a large set, only the choices sorted next to the word (by its
    beginning and by its end: a typo rarely changes both) are compared, so an answer costs the same whatever
    the number of choices: a log with thousands of mistyped links is checked in time linear in its size.
    """

    def __init__(self, choices: Iterable[str], *, neighbours: int = NEIGHBOURS) -> None:
        self.neighbours = neighbours
        self.lowered: dict[str, str] = {}
        for c in choices:
            self.lowered.setdefault(str(c).lower(), str(c))
        self.memo: dict[str, list[str]] = {}
        self.forward: list[str] = []
        self.backward: list[str] = []
        if len(self.lowered) > SCAN_ALL:
            self.forward = sorted(self.lowered)
            self.backward = sorted(k[::-1] for k in self.lowered)

    def candidates(self, w: str) -> Iterable[str]:
        if not self.forward:
            return self.lowered
        i = bisect_left(self.forward, w)
        j = bisect_left(self.backward, w[::-1])
        n = self.neighbours
        near = self.forward[max(0, i - n) : i + n]
        near += [k[::-1] for k in self.backward[max(0, j - n) : j + n]]
        return dict.fromkeys(near)

    def suggest(self, word: str, *, n: int = 3) -> list[str]:
        """Close matches for a mistyped word, best first (case-insensitive)."""
        w = word.lower()
        key = f"{n}:{w}"
        if key not in self.memo:
            self.memo[key] = self._suggest(w, n) if len(w) <= MAX_WORD else []
        return self.memo[key]

    def _suggest(self, w: str, n: int) -> list[str]:
        import difflib

        options = list(self.candidates(w))
        close = difflib.get_close_matches(w, options, n=n, cutoff=0.6)
        containing = sorted((k for k in options if len(w) >= 3 and w in k and k not in close), key=len)
        return [self.lowered[m] for m in (close + containing)[:n]]

    def did_you_mean(self, word: str) -> str:
        """``"; did you mean 'Iran' or 'Iraq'?"`` for a mistyped word, or ``""`` when nothing is close."""
        close = self.suggest(word)
        return f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""


def suggest(word: str, choices: Iterable[str], *, n: int = 3) -> list[str]:
    """Close matches for a mistyped word, best first (case-insensitive)."""
    return Suggester(choices).suggest(word, n=n)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """``"; did you mean 'Iran' or 'Iraq'?"`` for a mistyped word, or ``""`` when nothing is close."""
    return Suggester(choices).did_you_mean(word)


def plural(n: int, word: str) -> str:
    """``1 event``, ``2 events``."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def singular(noun: str) -> str:
    """The form of a counted noun after the number one: ``years`` -> ``year``, ``launchers`` -> ``launcher``.
    Units are listed in their plural, ``s``-final form (see model.unit_key); a noun without one (``aircraft``,
    ``personnel``, ``USD``) stays as it is; ``entities`` -> ``entity``, ``boxes`` -> ``box``."""
    if len(noun) < 2 or not noun.endswith("s") or noun.endswith("ss") or not noun.islower():
        return noun
    if noun.endswith("ies") and len(noun) > 3:
        return noun[:-3] + "y"  # entities -> entity
    if noun.endswith(("ches", "shes", "xes", "sses", "zes")):
        return noun[:-2]  # launches -> launch, boxes -> box
    return noun[:-1]
