"""Quote anchoring: where a quoted claim's words stand in one hashed capture of its source. Pure.

An anchor (:class:`irru.model.Anchor`) keeps the words as the capture has them (``exact``), up to
:data:`CONTEXT` characters either side (``prefix``, ``suffix``), their offsets in the capture's text and the
capture's SHA-256 (the W3C Web Annotation TextQuote and TextPosition selectors, tied to one state of the page).

The capture's *text* is what a reader sees: an HTML page's visible text, a PDF's extracted text (with pypdf),
a text file as it is; then curly quotes and dashes read as straight ones, and each run of white space as one
space (:func:`fold`). Offsets count characters of that text.

:func:`resolve` finds an anchor again, only in the capture whose bytes have its hash, and says how:

- ``exact``: the words stand at the anchor's offsets, with its prefix and suffix;
- ``moved``: found once elsewhere (with its context, or the only occurrence): the new offsets are given and
  reported, never taken silently;
- ``ambiguous``: the words occur more than once and the context does not tell which;
- ``orphan``: the claim no longer quotes the anchored words, the capture is not the hashed one, or the words
  are not in it.

:func:`relocate` is the watch's question: are the anchored words still in a *new* capture of the page, edited
(their context is there with other words between), or removed?
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from .model import Anchor

CONTEXT = 32  # characters of prefix and suffix
# Typographic characters read as their plain forms (the same table `check --archive` uses).
_FOLD = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "‟": '"',
                       "–": "-", "—": "-", "‐": "-", "‑": "-", "\u00a0": " ", "…": "..."})  # fmt: skip
TEXT_KINDS = ("html", "htm", "xml", "txt", "json", "pdf")


class AnchorError(Exception):
    """A capture whose text cannot be read (a PDF without the 'pdf' extra, a format irru cannot search)."""


@dataclass(frozen=True, slots=True)
class Resolution:
    status: str  # exact | moved | ambiguous | orphan
    message: str
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True, slots=True)
class Placement:
    """The anchored words in a new capture: ``present`` (with where), ``edited`` (with the passage now between
    the anchor's prefix and suffix, and a diff), or ``removed``."""

    status: str  # present | edited | removed
    passage: str = ""
    diff: tuple[str, ...] = ()
    start: int | None = None


def fold(text: str) -> str:
    """Curly quotes, dashes and runs of white space in their plain forms (case kept)."""
    return " ".join(text.translate(_FOLD).split())


def capture_text(data: bytes, kind: str) -> str:
    """The folded text of a capture: ``kind`` is its file extension (html, txt, pdf …)."""
    kind = kind.lower()
    if kind == "pdf":
        return fold(pdf_text(data))
    if kind not in TEXT_KINDS:
        raise AnchorError(f"a .{kind} capture has no text irru can read")
    text = data.decode("utf-8", errors="replace")
    if kind in ("html", "htm", "xml"):
        from .archive import html_text

        text = html_text(text)
    return fold(text)


def pdf_text(data: bytes) -> str:
    """A PDF's text, page after page, extracted by pypdf (the optional 'pdf' extra)."""
    try:
        import pypdf
    except ImportError:
        raise AnchorError("reading a PDF capture needs the 'pdf' extra: pip install 'irru[pdf]'") from None
    import io

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except Exception as e:  # pypdf raises many kinds for a broken file; each means "no text here"
        raise AnchorError(f"the PDF capture cannot be read ({type(e).__name__}: {e})") from None


def occurrences(text: str, exact: str) -> list[int]:
    """Every offset where ``exact`` starts in ``text`` (overlapping ones too)."""
    out: list[int] = []
    i = text.find(exact)
    while i != -1 and exact:
        out.append(i)
        i = text.find(exact, i + 1)
    return out


def at(text: str, start: int, end: int, sha256: str) -> Anchor:
    """The anchor of ``text[start:end]`` in a capture of that hash."""
    return Anchor(
        text[start:end],
        start,
        end,
        sha256,
        prefix=text[max(0, start - CONTEXT) : start],
        suffix=text[end : end + CONTEXT],
    )


def make(text: str, quote: str, sha256: str, occurrence: int | None = None) -> Anchor | Resolution:
    """Anchor a quote in a capture's text; a :class:`Resolution` (orphan or ambiguous) says why it cannot be.

    ``occurrence`` (1-based) picks one when the words occur more than once."""
    exact = fold(quote)
    found = occurrences(text, exact) if exact else []
    if not found:
        return Resolution("orphan", "the quoted words are not in the capture (case, words and punctuation count)")
    if occurrence is not None:
        if not 1 <= occurrence <= len(found):
            return Resolution("ambiguous", f"there is no occurrence {occurrence}: the words occur {len(found)} times")
        found = [found[occurrence - 1]]
    if len(found) > 1:
        return Resolution(
            "ambiguous", f"the quoted words occur {len(found)} times in the capture; say which (--occurrence N)"
        )
    return at(text, found[0], found[0] + len(exact), sha256)


def _context_ok(text: str, start: int, anchor: Anchor) -> bool:
    end = start + len(anchor.exact)
    return (
        text[max(0, start - len(anchor.prefix)) : start] == anchor.prefix
        and text[end : end + len(anchor.suffix)] == anchor.suffix
    )


def resolve(anchor: Anchor, quote: str, text: str, digest: str) -> Resolution:
    """Find the anchor again in the capture whose bytes hash to ``digest`` and whose text is ``text``.

    ``quote`` is the claim's text as the log has it now: if it is no longer the anchored words, the anchor is
    an orphan (a quote swapped for another sentence of the page is caught here)."""
    if digest != anchor.sha256:
        return Resolution(
            "orphan", f"the capture is not the one anchored (sha256 {anchor.sha256[:12]}…, this one {digest[:12]}…)"
        )
    if fold(quote) != anchor.exact:
        return Resolution("orphan", "the claim's text is not the anchored quote: re-anchor it (irru anchor)")
    if text[anchor.start : anchor.end] == anchor.exact and _context_ok(text, anchor.start, anchor):
        return Resolution("exact", "at its offsets", anchor.start, anchor.end)
    found = occurrences(text, anchor.exact)
    if not found:
        return Resolution("orphan", "the anchored words are not in the capture")
    fitting = [p for p in found if _context_ok(text, p, anchor)]
    if len(fitting) == 1 or (not fitting and len(found) == 1):
        p = (fitting or found)[0]
        return Resolution(
            "moved",
            f"found at {p}-{p + len(anchor.exact)}, not at {anchor.start}-{anchor.end}",
            p,
            p + len(anchor.exact),
        )
    n = len(fitting) or len(found)
    return Resolution("ambiguous", f"the anchored words occur {n} times and their context does not tell which")


def relocate(anchor: Anchor, text: str) -> Placement:
    """Where the anchored words are in a new capture's text: present, edited or removed."""
    found = occurrences(text, anchor.exact)
    if found:
        fitting = [p for p in found if _context_ok(text, p, anchor)]
        return Placement("present", anchor.exact, start=(fitting or found)[0])
    passage = _between(text, anchor)
    if passage is None:
        return Placement("removed")
    diff = tuple(
        line
        for line in difflib.unified_diff(_words(anchor.exact), _words(passage), "anchored", "now", lineterm="", n=2)
        if not line.startswith(("---", "+++"))
    )
    return Placement("edited", passage, diff)


def _between(text: str, anchor: Anchor) -> str | None:
    """The text now standing where the words were: between the end of the prefix and the start of the suffix,
    found in that order within twice the quote's length plus the context. The whole context is tried first,
    then its nearest 16 and 8 characters (an edit near the quote changes its context too); else None."""
    limit = 2 * len(anchor.exact) + CONTEXT
    for k in (CONTEXT, 16, 8):
        prefix, suffix = anchor.prefix[-k:], anchor.suffix[:k]
        if not prefix.strip() and not suffix.strip():
            return None
        if not prefix:
            end = text.find(suffix)
            if end != -1:
                return text[max(0, end - limit) : end].strip()
            continue
        i = text.find(prefix)
        while i != -1:
            start = i + len(prefix)
            if not suffix:
                return text[start : start + len(anchor.exact)].strip()
            end = text.find(suffix, start, start + limit + len(suffix))
            if end != -1:
                return text[start:end].strip()
            i = text.find(prefix, i + 1)
    return None


def _words(text: str) -> list[str]:
    """A passage split after each sentence or clause, so that a diff shows which part changed."""
    import re

    return [p for p in re.split(r"(?<=[.,;:!?])\s+", text) if p]
