"""Text from a log is data: make it inert before it reaches a terminal.

Control characters (ESC, CR, backspace, bell, C1 controls, DEL), Unicode bidi overrides, U+2028/U+2029 and lone
surrogates become visible escapes (``\\x1b``, ``\\u202e``), tabs and newlines become spaces, so a hostile string can neither move the
cursor, recolour the terminal, set its title, hide text nor reorder it. Rich markup is never parsed from
data: renderers build ``rich.text.Text`` objects, whose content is literal.
"""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, the Unicode bidi embedding/override/isolate controls and marks, the line and paragraph
# separators, and lone surrogates (a stream with errors="surrogateescape" would write them out as raw bytes, which
# could spell any of the others).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape(m: re.Match[str]) -> str:
    ch = m.group()
    if ch in "\t\n":
        return " "
    if ch == "\r":
        return "\\r"
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def inert(text: str) -> str:
    """One safe line of text: no control codes, no bidi overrides. (Every character escaped here is one Python does
    not call printable, so printable text, the common case, is returned as it is without a search.)"""
    if text.isprintable():
        return text
    return _UNSAFE.sub(_escape, text)


def has_unsafe(text: str) -> bool:
    return _UNSAFE.search(text) is not None
