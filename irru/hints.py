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
