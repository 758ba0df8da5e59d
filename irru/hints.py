"""Help for mistyped words and counted nouns: one spelling of each, used by the loader and the CLI alike."""

from __future__ import annotations

from collections.abc import Iterable


def suggest(word: str, choices: Iterable[str], *, n: int = 3) -> list[str]:
    """Close matches for a mistyped word, best first (case-insensitive)."""
    import difflib

    options = list(choices)
    lowered = {str(c).lower(): str(c) for c in options}
    w = word.lower()
    close = difflib.get_close_matches(w, lowered, n=n, cutoff=0.6)
    containing = sorted((k for k in lowered if len(w) >= 3 and w in k and k not in close), key=len)
    return [lowered[m] for m in (close + containing)[:n]]


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """``"; did you mean 'Iran' or 'Iraq'?"`` for a mistyped word, or ``""`` when nothing is close."""
    close = suggest(word, choices)
    return f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""


def plural(n: int, word: str) -> str:
    """``1 event``, ``2 events``."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
