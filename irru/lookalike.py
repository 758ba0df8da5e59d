"""Names that look like another name but are not it: the warnings of `irru check`.

A name typed with a Cyrillic 'а' ("Irаn"), holding an invisible character (a zero-width joiner), or stored
decomposed (NFD "Irán") shows the same on screen as the real one, yet a filter for one never finds the other, and
a reader takes two actors for one. None of these is an error (a log may name a Cyrillic-script outlet), so they
are curator warnings (:mod:`irru.lint`): `irru check` lists them and still exits 0 (1 with --strict). Pure: a log in, warnings out.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from .model import Log

# Letters of other scripts drawn like Latin letters (Unicode's confusables, the common ones).
_CONFUSABLE = str.maketrans(
    "аеорсухіјѕԁһӏАВЕКМНОРСТХУІЈЅαονρτικΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
    "aeopcyxijsdhlABEKMHOPCTXYIJSaovptikABEZHIKMNOPTYX",
)
_SHOWN = 60


@dataclass(frozen=True, slots=True)
class LookAlike:
    line: int
    code: str  # invisible-character, decomposed, mixed-script, look-alike (the lint codes of docs/errors.md)
    message: str


@dataclass(frozen=True, slots=True)
class _Name:
    kind: str  # actor, system, source
    id: str
    text: str
    line: int


def _names(log: Log) -> Iterator[_Name]:
    for a in log.actors.values():
        for n in dict.fromkeys((a.name, *a.aliases)):
            yield _Name("actor", a.id, n, a.line)
    for s in log.systems.values():
        for n in dict.fromkeys((s.name, *s.aliases)):
            yield _Name("system", s.id, n, s.line)
    for src in log.sources.values():
        for n in dict.fromkeys((src.publisher, *src.authors)):
            yield _Name("source", src.id, n, src.line)


def _invisible(text: str) -> str | None:
    for ch in text:
        if unicodedata.category(ch) == "Cf":
            return f"U+{ord(ch):04X} ({unicodedata.name(ch, 'format character').lower()})"
    return None


def _script(ch: str) -> str | None:
    if not ch.isalpha():
        return None
    name = unicodedata.name(ch, "")
    return name.split(" ")[0] if name else None


def _mixed(text: str) -> tuple[str, str] | None:
    """The first two scripts mixed inside one word, as ('LATIN', 'CYRILLIC')."""
    for word in text.replace("-", " ").split():
        scripts = dict.fromkeys(s for s in map(_script, word) if s is not None)
        if len(scripts) > 1:
            a, b, *_ = scripts
            return a, b
    return None


def skeleton(text: str) -> str:
    """What a name looks like: compatibility-normalised, without invisible characters, confusables folded to
    Latin, case-folded. Two names with one skeleton are read as one name."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return text.translate(_CONFUSABLE).casefold()


def _q(text: str) -> str:
    shown = text.encode("ascii", "backslashreplace").decode("ascii") if not text.isprintable() else text
    return shown if len(shown) <= _SHOWN else shown[: _SHOWN - 1] + "…"


def _looks_like(n: _Name, other: _Name) -> LookAlike:
    return LookAlike(
        n.line,
        "look-alike",
        f"{n.kind} '{n.id}': the name '{_q(n.text)}' looks like '{_q(other.text)}' of {other.kind} '{other.id}'"
        f" (line {other.line}) but is not the same text",
    )


def lookalikes(log: Log) -> list[LookAlike]:
    """Every name that hides something or looks like another record's name, in file order."""
    out: list[LookAlike] = []
    seen: dict[str, _Name] = {}
    for n in _names(log):
        if n.text.isascii():  # the common case: nothing can hide in it, and its skeleton is its case-folded text
            key = n.text.lower()
            other = seen.setdefault(key, n)
            if (other.kind, other.id) != (n.kind, n.id) and other.text.casefold() != n.text.casefold():
                out.append(_looks_like(n, other))
            continue
        who = f"{n.kind} '{n.id}'"
        invisible = _invisible(n.text)
        if invisible:
            out.append(
                LookAlike(
                    n.line,
                    "invisible-character",
                    f"{who}: the name '{_q(n.text)}' holds an invisible character {invisible}",
                )
            )
        if unicodedata.normalize("NFC", n.text) != n.text:
            out.append(
                LookAlike(
                    n.line, "decomposed", f"{who}: the name '{_q(n.text)}' is decomposed (not NFC); save it composed"
                )
            )
        mixed = _mixed(n.text)
        if mixed:
            a, b = (s.capitalize() for s in mixed)
            out.append(
                LookAlike(
                    n.line, "mixed-script", f"{who}: the name '{_q(n.text)}' mixes {a} and {b} letters in one word"
                )
            )
        key = skeleton(n.text)
        other = seen.setdefault(key, n)
        if (other.kind, other.id) != (n.kind, n.id) and other.text.casefold() != n.text.casefold():
            out.append(_looks_like(n, other))
    out.sort(key=lambda w: w.line)
    return out
