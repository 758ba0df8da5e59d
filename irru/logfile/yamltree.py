"""YAML text to a light node tree that keeps the line and column of every value.

Built from the parser's event stream with an explicit stack, so no input can exhaust Python's recursion
(PyYAML's own composer recurses and dies on deeply nested input). Every scalar stays text: irru converts
values by its schema, never by YAML's type guessing. Anchors, aliases and explicit tags are refused, which
also rules out alias-expansion bombs and object construction. Duplicate keys are reported, not dropped.

libyaml's C parser is used when PyYAML was built with it; the pure-Python parser (taught libyaml's rules where the two
differ, see :class:`_ReferenceLoader`) gives the same events. Only YAML syntax errors are worded differently by the
two; ``irru.logfile.load`` says how it keeps those messages the same.

Every scalar and key is checked for code points that are not characters (lone surrogates such as ``"\\ud800"``
and the non-characters U+FFFE, U+FFFF, U+FDD0–U+FDEF, …): they cannot be written as UTF-8, so they are log problems
at the value's line and column, never data.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import yaml

from ..errors import Problem
from .nodes import Map, Node, Scalar, Seq, shorten

MAX_DEPTH = 64

# Called when the events list starts, with the root mapping so far: a function taking each event's node, or None.
OnEvents = Callable[[Map], "Callable[[Node], None] | None"]


_C_LOADER = getattr(yaml, "CBaseLoader", None)

# Lone surrogates (which only an escape like "\ud800" can produce) and Unicode's 66 non-characters.
NOT_A_CHARACTER = re.compile(
    "[\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17))
    + "]"
)


def not_a_character(value: str, line: int, col: int) -> Problem | None:
    """The problem with a value holding a code point that is not a character, or None."""
    m = NOT_A_CHARACTER.search(value)
    if m is None:
        return None
    code = ord(m.group())
    what = "a lone surrogate" if 0xD800 <= code <= 0xDFFF else "a Unicode non-character"
    return Problem(line, col, f"the value contains U+{code:04X}, {what}, not text; remove the escape that makes it")


class _ReferenceLoader(yaml.BaseLoader):
    """PyYAML's reference parser taught libyaml's (and YAML 1.2's) rules where the two differ: a tab is a space
    inside a line (after a value, between a key and its value, inside a plain value, anywhere in [..] and {..}),
    never indentation; a plain value inside [..] or {..} may contain '?' (``[K?remlin]``)."""

    def scan_tag(self) -> Any:
        if self.peek(1) == "\t":  # the non-specific tag '!' then a tab, which separates as a space does
            from yaml.tokens import TagToken

            start_mark = self.get_mark()
            self.forward()
            return TagToken((None, "!"), start_mark, self.get_mark())
        return super().scan_tag()

    def scan_plain(self) -> Any:
        # PyYAML's scan_plain, except that '?' does not end a plain scalar in the flow context.
        from yaml.tokens import ScalarToken

        ends = "\0 \t\r\n\x85\u2028\u2029"
        chunks: list[str] = []
        start_mark = self.get_mark()
        end_mark = start_mark
        indent = self.indent + 1
        spaces: list[str] = []
        while True:
            length = 0
            if self.peek() == "#":
                break
            while True:
                ch = self.peek(length)
                if (
                    ch in ends
                    or (ch == ":" and self.peek(length + 1) in ends + (",[]{}" if self.flow_level else ""))
                    or (self.flow_level and ch in ",[]{}")
                ):
                    break
                length += 1
            if length == 0:
                break
            self.allow_simple_key = False
            chunks.extend(spaces)
            chunks.append(self.prefix(length))
            self.forward(length)
            end_mark = self.get_mark()
            spaces = self.scan_plain_spaces(indent, start_mark)
            if not spaces or self.peek() == "#" or (not self.flow_level and self.column < indent):
                break
        return ScalarToken("".join(chunks), True, start_mark, end_mark)

    def scan_flow_scalar_non_spaces(self, double: bool, start_mark: Any) -> Any:
        # PyYAML's, except that an escape beyond U+10FFFF ("\\U00110000", "\\UFFFFFFFF") is the syntax error
        # libyaml reports, not a ValueError or OverflowError from chr().
        try:
            return super().scan_flow_scalar_non_spaces(double, start_mark)
        except (ValueError, OverflowError):
            raise yaml.scanner.ScannerError(
                "while parsing a quoted scalar", start_mark, "found invalid Unicode character escape code",
                self.get_mark(),
            ) from None  # fmt: skip

    def scan_to_next_token(self) -> None:
        if self.index == 0 and self.peek() == "\ufeff":
            self.forward()
        while True:
            while self.peek() == " " or (self.peek() == "\t" and (self.flow_level or not self.allow_simple_key)):
                self.forward()
            if self.peek() == "#":
                while self.peek() not in "\0\r\n\x85\u2028\u2029":
                    self.forward()
            if self.scan_line_break():  # type: ignore[no-untyped-call]  # PyYAML's scanner is untyped
                if not self.flow_level:
                    self.allow_simple_key = True
            else:
                return

    def scan_plain_spaces(self, indent: int, start_mark: Any) -> Any:
        length = 0
        while self.peek(length) in " \t":
            length += 1
        if length and self.peek(length) not in "\r\n\x85\u2028\u2029":
            whitespace = self.prefix(length)
            self.forward(length)
            return [whitespace]
        self.forward(length)  # blanks before a line break: the break is handled as usual
        return super().scan_plain_spaces(indent, start_mark)


def has_libyaml() -> bool:
    return _C_LOADER is not None


def parse(
    text: str | bytes, *, use_libyaml: bool = True, on_events: OnEvents | None = None
) -> tuple[Node | None, list[Problem]]:
    """Parse one YAML document into nodes. Returns the root (None if unusable) and the problems found.

    ``on_events`` streams the log's ``events:`` list: when the list starts (as the value of the top-level key
    ``events``, its first occurrence), it is called with the root mapping built so far; if it returns a function,
    each item of the list is passed to that function as soon as the item is complete, and not kept in the tree
    (the root's ``events`` list stays empty). So the node tree of the bulk of a log is never held whole.

    ``text`` may be given as its UTF-8 bytes (no byte-order mark), which libyaml reads without a copy; only
    libyaml is given bytes.
    """
    loader = _C_LOADER if (use_libyaml and _C_LOADER is not None) else _ReferenceLoader
    if isinstance(text, bytes) and loader is not _C_LOADER:
        text = text.decode("utf-8")
    try:
        return _build(text, loader, on_events)
    except yaml.YAMLError as e:
        return None, [_problem(e, text if isinstance(text, str) else text.decode("utf-8"))]


def _problem(e: yaml.YAMLError, text: str) -> Problem:
    from yaml.reader import ReaderError

    if isinstance(e, ReaderError):
        offset = e.position
        line = text.count("\n", 0, offset) + 1
        col = offset - (text.rfind("\n", 0, offset) + 1) + 1
        char = e.character if isinstance(e.character, str) else chr(e.character)
        return Problem(line, col, f"control character U+{ord(char):04X} is not allowed in YAML; remove it")
    if isinstance(e, yaml.MarkedYAMLError):
        return _unclosed_quote(e, text) or _syntax_problem(e)
    return Problem(0, 0, f"not readable as YAML: {e}")


# A value that opens a quote and does not close it on its line: `title: "Missiles sent` (a quoted value may
# continue on the next lines, but a log's values never do).
_OPENED = re.compile(r"""^\s*(?:-\s+)?[^\s#'"{}\[\]][^:#]*:\s+(["'])(.*)$""")


def _unclosed_quote(e: yaml.MarkedYAMLError, text: str) -> Problem | None:
    """An unclosed quote, reported where it opens: YAML reads on to the next quote of the same kind or to the end
    of the file, so its own error is lines away (often inside a comment)."""
    mark = e.problem_mark or e.context_mark
    if mark is None:
        return None
    if e.context == "while scanning a quoted scalar" and e.context_mark is not None:
        start = e.context_mark
        line = text.splitlines()[start.line] if start.line < len(text.splitlines()) else ""
        quote = line[start.column : start.column + 1]
        if quote in ("'", '"') and not _closes(line[start.column + 1 :], quote):
            return _quote_problem(start.line + 1, start.column + 1, quote, mark.line + 1)
    for n, line in enumerate(text.splitlines()[: mark.line + 1]):
        m = _OPENED.match(line)
        if m and not _closes(m.group(2), m.group(1)):
            return _quote_problem(n + 1, m.start(1) + 1, m.group(1), mark.line + 1)
    return None


def _closes(rest: str, quote: str) -> bool:
    """Whether ``rest`` (what follows an opening quote on its line) closes it."""
    if quote == "'":
        return "'" in rest.replace("''", "")
    return re.search(r'(?<!\\)(?:\\\\)*"', rest) is not None


def _quote_problem(line: int, col: int, quote: str, seen: int) -> Problem:
    what = "double" if quote == '"' else "single"
    return Problem(
        line,
        col,
        f"this {what}-quoted value is not closed on its line (YAML read on to line {seen}); add the closing {quote}"
        " at its end",
    )


def _syntax_problem(e: yaml.MarkedYAMLError) -> Problem:
    mark = e.problem_mark or e.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
    what = e.problem or e.context or "invalid YAML"
    hint = ""
    if "found character '\\t'" in what or "\\t" in what:
        hint = "; indent with spaces, YAML does not allow tabs for indentation"
    elif "invalid Unicode character escape code" in what:
        hint = (
            "; \\ud800 to \\udfff (surrogates) and anything above \\U0010FFFF are not characters: write the"
            " character itself"
        )
    elif "mapping values are not allowed" in what:
        hint = "; a value containing ': ' must be quoted"
    return Problem(line, col, f"YAML syntax error: {what}{hint}")


def _build(text: str | bytes, loader: type, on_events: OnEvents | None = None) -> tuple[Node | None, list[Problem]]:
    problems: list[Problem] = []
    stack: list[Seq | Map] = []
    pending_key: list[Scalar | None] = []  # per open mapping: the key awaiting its value, if any
    root: Node | None = None
    documents = 0
    ScalarEvent, SequenceStartEvent, MappingStartEvent = (
        yaml.ScalarEvent,
        yaml.SequenceStartEvent,
        yaml.MappingStartEvent,
    )
    SequenceEndEvent, MappingEndEvent, AliasEvent = yaml.SequenceEndEvent, yaml.MappingEndEvent, yaml.AliasEvent
    DocumentStartEvent, StreamEndEvent = yaml.DocumentStartEvent, yaml.StreamEndEvent
    node: Scalar
    streamed: Seq | None = None  # the events list whose items go to ``consume`` instead of the tree
    consume: Callable[[Node], None] | None = None

    parser = loader(text)
    get_event = parser.get_event
    try:
        while True:
            # Events are told apart by exact type below (faster than isinstance), so they are typed loosely here.
            event: Any = get_event()
            cls = type(event)
            if cls is ScalarEvent:
                m = event.start_mark
                line, col = m.line + 1, m.column + 1
                if event.anchor is not None or (event.tag is not None and event.tag != "!"):
                    _marked(event, line, col, problems)
                value = event.value
                node = Scalar(value, line, col)
                if not value.isascii():
                    bad = not_a_character(value, line, col)
                    if bad is not None:
                        problems.append(bad)
            elif cls is MappingStartEvent or cls is SequenceStartEvent:
                m = event.start_mark
                line, col = m.line + 1, m.column + 1
                if event.anchor is not None or (event.tag is not None and event.tag != "!"):
                    _marked(event, line, col, problems)
                if len(stack) >= MAX_DEPTH:
                    # Stop here: the rest cannot be a log, and libyaml slows down on very deep flow nesting.
                    problems.append(
                        Problem(line, col, f"nested more than {MAX_DEPTH} levels deep; a log needs at most 6")
                    )
                    return None, problems
                tree: Seq | Map = Seq(line, col) if cls is SequenceStartEvent else Map(line, col)
                if not stack:
                    root = tree
                else:
                    if (
                        on_events is not None
                        and streamed is None
                        and len(stack) == 1
                        and isinstance(tree, Seq)
                        and isinstance(stack[0], Map)
                    ):
                        key = pending_key[0]
                        if key is not None and key.value == "events" and "events" not in stack[0].items:
                            consume = on_events(stack[0])
                            if consume is not None:
                                streamed = tree
                    _attach(stack, pending_key, tree, problems)
                stack.append(tree)
                pending_key.append(None)
                continue
            elif cls is SequenceEndEvent or cls is MappingEndEvent:
                stack.pop()
                pending_key.pop()
                if stack and stack[-1] is streamed:
                    assert consume is not None and streamed is not None
                    consume(streamed.items.pop())  # the event's nodes are dropped once it is converted
                continue
            elif cls is AliasEvent:
                m = event.start_mark
                problems.append(
                    Problem(m.line + 1, m.column + 1, "aliases (*name) are not allowed in a log; write the value out")
                )
                node = Scalar("", m.line + 1, m.column + 1)
            elif cls is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    m = event.start_mark
                    problems.append(
                        Problem(m.line + 1, m.column + 1, "more than one YAML document; a log is a single document")
                    )
                    break
                continue
            elif cls is StreamEndEvent or event is None:
                break
            else:  # stream and document boundaries
                continue
            if not stack:
                root = node
            else:
                parent = stack[-1]
                if isinstance(parent, Seq):
                    if parent is streamed:
                        assert consume is not None
                        consume(node)
                    else:
                        parent.items.append(node)
                else:  # _attach for a scalar, inlined: most nodes are a mapping's scalar keys and values
                    key = pending_key[-1]
                    if key is None:
                        pending_key[-1] = node
                    else:
                        pending_key[-1] = None
                        items = parent.items
                        if key.value in items:
                            _duplicate(key, items, problems)
                        else:
                            items[key.value] = (key, node)
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose is not None:
            dispose()
    return root, problems


def _marked(event: Any, line: int, col: int, problems: list[Problem]) -> None:
    """Anchors and explicit tags: refused where they stand."""
    if event.anchor is not None:
        problems.append(Problem(line, col, f"anchors (&{event.anchor}) are not allowed in a log; write the value out"))
    if event.tag is not None and event.tag != "!":
        problems.append(Problem(line, col, f"tags ({event.tag}) are not allowed in a log; values are plain text"))


def _attach(stack: list[Seq | Map], pending_key: list[Scalar | None], node: Node, problems: list[Problem]) -> None:
    parent = stack[-1]
    if isinstance(parent, Seq):
        parent.items.append(node)
        return
    key = pending_key[-1]
    if key is None:  # this node is a key
        if not isinstance(node, Scalar):
            problems.append(Problem(node.line, node.col, "a mapping key must be a plain value, not a list or mapping"))
            node = Scalar("\0invalid", node.line, node.col)
        pending_key[-1] = node
        return
    pending_key[-1] = None
    if key.value in parent.items:
        _duplicate(key, parent.items, problems)
        return
    parent.items[key.value] = (key, node)


def _duplicate(key: Scalar, items: dict[str, tuple[Scalar, Node]], problems: list[Problem]) -> None:
    """A key met again in one mapping: reported, and its value dropped."""
    if key.value != "\0invalid":
        first = items[key.value][0]
        problems.append(
            Problem(
                key.line,
                key.col,
                f"duplicate key '{shorten(key.value)}' (first at line {first.line}); YAML would silently keep only the last one",
            )
        )
