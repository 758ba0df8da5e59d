"""YAML text to a light node tree that keeps the line and column of every value.

Built from the parser's event stream with an explicit stack, so no input can exhaust Python's recursion
(PyYAML's own composer recurses and dies on deeply nested input). Every scalar stays text: irru converts
values by its schema, never by YAML's type guessing. Anchors, aliases and explicit tags are refused, which
also rules out alias-expansion bombs and object construction. Duplicate keys are reported, not dropped.

libyaml's C parser is used when PyYAML was built with it; the pure-Python parser gives the same events. When
a log has problems, ``irru.logfile.load`` reads it again with the pure-Python parser, so that the messages are the
same whichever parser is installed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import yaml

from ..errors import Problem
from .nodes import Map, Node, Scalar, Seq

MAX_DEPTH = 64


_C_LOADER = getattr(yaml, "CBaseLoader", None)


def has_libyaml() -> bool:
    return _C_LOADER is not None


def parse(text: str, *, use_libyaml: bool = True) -> tuple[Node | None, list[Problem]]:
    """Parse one YAML document into nodes. Returns the root (None if unusable) and the problems found."""
    loader = _C_LOADER if (use_libyaml and _C_LOADER is not None) else yaml.BaseLoader
    try:
        return _build(text, loader)
    except yaml.YAMLError as e:
        return None, [_problem(e, text)]


def _problem(e: yaml.YAMLError, text: str) -> Problem:
    from yaml.reader import ReaderError

    if isinstance(e, ReaderError):
        offset = e.position
        line = text.count("\n", 0, offset) + 1
        col = offset - (text.rfind("\n", 0, offset) + 1) + 1
        char = e.character if isinstance(e.character, str) else chr(e.character)
        return Problem(line, col, f"control character U+{ord(char):04X} is not allowed in YAML; remove it")
    if isinstance(e, yaml.MarkedYAMLError):
        return _syntax_problem(e)
    return Problem(0, 0, f"not readable as YAML: {e}")


def _syntax_problem(e: yaml.MarkedYAMLError) -> Problem:
    mark = e.problem_mark or e.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
    what = e.problem or e.context or "invalid YAML"
    hint = ""
    if "found character '\\t'" in what or "\\t" in what:
        hint = "; indent with spaces, YAML does not allow tabs for indentation"
    elif "mapping values are not allowed" in what:
        hint = "; a value containing ': ' must be quoted"
    return Problem(line, col, f"YAML syntax error: {what}{hint}")


def _build(text: str, loader: type) -> tuple[Node | None, list[Problem]]:
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
    DocumentStartEvent = yaml.DocumentStartEvent

    # Events are told apart by exact type below (faster than isinstance), so they are typed loosely here.
    stream: Iterator[Any] = yaml.parse(text, Loader=loader)
    for event in stream:
        cls = type(event)
        if cls is DocumentStartEvent:
            documents += 1
            if documents > 1:
                m = event.start_mark
                problems.append(
                    Problem(m.line + 1, m.column + 1, "more than one YAML document; a log is a single document")
                )
                break
            continue
        if cls is AliasEvent:
            m = event.start_mark
            problems.append(
                Problem(m.line + 1, m.column + 1, "aliases (*name) are not allowed in a log; write the value out")
            )
            node: Node = Scalar("", m.line + 1, m.column + 1)
        elif cls is ScalarEvent or cls is SequenceStartEvent or cls is MappingStartEvent:
            m = event.start_mark
            line, col = m.line + 1, m.column + 1
            if event.anchor is not None:
                problems.append(
                    Problem(line, col, f"anchors (&{event.anchor}) are not allowed in a log; write the value out")
                )
            if event.tag is not None and event.tag != "!":
                problems.append(
                    Problem(line, col, f"tags ({event.tag}) are not allowed in a log; values are plain text")
                )
            if cls is ScalarEvent:
                node = Scalar(event.value, line, col)
            else:
                if len(stack) >= MAX_DEPTH:
                    # Stop here: the rest cannot be a log, and libyaml slows down on very deep flow nesting.
                    problems.append(
                        Problem(line, col, f"nested more than {MAX_DEPTH} levels deep; a log needs at most 6")
                    )
                    return None, problems
                node = Seq(line, col) if cls is SequenceStartEvent else Map(line, col)
                if not stack:
                    root = node
                else:
                    _attach(stack, pending_key, node, problems)
                stack.append(node)
                pending_key.append(None)
                continue
        elif cls is SequenceEndEvent or cls is MappingEndEvent:
            stack.pop()
            pending_key.pop()
            continue
        else:  # stream and document boundaries
            continue
        if not stack:
            root = node
        else:
            _attach(stack, pending_key, node, problems)
    return root, problems


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
        if key.value != "\0invalid":
            first = parent.items[key.value][0]
            problems.append(
                Problem(
                    key.line,
                    key.col,
                    f"duplicate key '{key.value}' (first at line {first.line}); YAML would silently keep only the last one",
                )
            )
        return
    parent.items[key.value] = (key, node)
