"""A compact, checked encoding of the model's records, derived from the dataclasses themselves.

Every record class reachable from :class:`~irru.model.Source`, :class:`~irru.model.Actor`,
:class:`~irru.model.System` and :class:`~irru.model.Event` is encoded as a JSON list of its fields, in the order
of ``dataclasses.fields``; the codec of each field follows from its type annotation:

- ``str``, ``int``, ``bool``, ``float``: as they are (checked by exact type on the way back);
- ``X | None``: ``null`` or X; ``tuple[X, ...]``: a list of X;
- :class:`~irru.dates.Span`: the date as written, re-read by the log's own date parser;
- ``datetime.date``: ISO text;
- any other dataclass: its own list of fields, recursively.

So a field added to the model round-trips with no edit here, and :data:`LAYOUT` (which goes into the cache key)
changes with it, so an old cache entry is never read with a new layout. A type this module cannot encode fails
when the codecs are generated, in the test suite, not at a user's.

Decoding *checks* what it reads: the shape of every list, the exact type of every value, that dates parse, and
that every reference names a record that exists (fields called ``source``, ``via``, ``cites`` name sources;
``actor``, ``by``, ``part_of`` actors; ``system``, ``systems`` systems; ``event`` events). Anything else raises
:class:`Corrupt`. The codecs are generated Python functions (as :mod:`dataclasses` generates ``__init__``), so
checking costs little; they are generated once, into :mod:`irru.logfile.recordcodecs` (`python tests/regenerate.py
codecs`), not at every start, and tests/test_cache.py keeps that module equal to what the model gives.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import types
import typing
from collections.abc import Callable, Container
from typing import Any

from .. import model
from ..dates import Span, parse_edtf
from . import recordcodecs as codecs

ROOTS: tuple[type, ...] = (model.Source, model.Actor, model.System, model.Event)

# Which table a field's value refers to, by field name (see the module docstring).
REFERENCES: dict[str, str] = {
    "source": "SOURCES", "via": "SOURCES", "cites": "SOURCES",
    "actor": "ACTORS", "by": "ACTORS", "part_of": "ACTORS",
    "system": "SYSTEMS", "systems": "SYSTEMS",
    "event": "EVENTS",
}  # fmt: skip


class Corrupt(Exception):
    """A cached record that is not what irru wrote: the cache entry is discarded and the log parsed again."""


def _bad(*_: object) -> typing.NoReturn:
    raise Corrupt


class _Gen:
    """Generates one encoder and one checking decoder per record class."""

    def __init__(self) -> None:
        self.classes: list[type] = []
        self.layout: list[str] = []

    def visit(self, cls: type) -> None:
        if cls in self.classes:
            return
        self.classes.append(cls)
        hints = hints_of(cls)
        self.layout.append(
            cls.__name__ + "(" + ", ".join(f"{f.name}: {hints[f.name]}" for f in dataclasses.fields(cls)) + ")"
        )
        for f in dataclasses.fields(cls):
            for inner in _leaves(hints[f.name]):
                if isinstance(inner, type) and dataclasses.is_dataclass(inner) and inner is not Span:
                    self.visit(inner)

    # --- one field's value: an expression to encode it, statements to check and decode it ---

    def enc(self, tp: Any, x: str) -> str:
        opt, tp = _unoptional(tp)
        if tp in (str, int, bool, float):
            return x
        if _is_tuple(tp):
            item = typing.get_args(tp)[0]
            inner = self.enc(item, "i")
            body = f"list({x})" if inner == "i" else f"[{inner} for i in {x}]"
        elif tp is Span:
            body = f"{x}.text"
        elif tp is datetime.date:
            body = f"{x}.isoformat()"
        elif isinstance(tp, type) and dataclasses.is_dataclass(tp):
            body = f"enc_{tp.__name__}({x})"
        else:
            raise TypeError(f"the cache cannot encode {tp!r}; teach irru/logfile/records.py")
        return f"(None if {x} is None else {body})" if opt else body

    def dec(self, tp: Any, x: str, name: str) -> str:
        """An expression that checks ``x`` and evaluates to the decoded value (raises Corrupt)."""
        opt, tp = _unoptional(tp)
        ref = REFERENCES.get(name)
        if tp is int and name == "line":  # where the record starts: moved by SHIFT (text above it changed)
            body = f"({x} + SHIFT[0] if type({x}) is int else bad())"
        elif tp in (str, int, bool, float):
            check = f"type({x}) is {tp.__name__}"
            if ref and tp is str:
                check += f" and {x} in {ref}"
            body = f"({x} if {check} else bad())"
        elif _is_tuple(tp):
            item = typing.get_args(tp)[0]
            if item is str:
                check = (
                    f"all([type(i) is str and i in {ref} for i in {x}])"
                    if ref
                    else f"all([type(i) is str for i in {x}])"
                )
                body = f"(tuple({x}) if type({x}) is list and ({check}) else bad())"
            else:
                body = f"(tuple([{self.dec(item, 'i', name)} for i in {x}]) if type({x}) is list else bad())"
        elif tp is Span:
            body = f"(SPANS.get({x}) or span({x}))"
        elif tp is datetime.date:
            body = f"(day({x}))"
        elif isinstance(tp, type) and dataclasses.is_dataclass(tp):
            body = f"dec_{tp.__name__}({x})"
        else:
            raise TypeError(f"the cache cannot decode {tp!r}; teach irru/logfile/records.py")
        return f"(None if {x} is None else {body})" if opt else body

    def module(self) -> str:
        """The text of :mod:`irru.logfile.recordcodecs`: typed encoders at module level, and a factory of decoders
        whose checks close over the tables a reference must name."""
        layout = hashlib.sha256("\n".join(self.layout).encode()).hexdigest()[:16]
        names = sorted(c.__name__ for c in self.classes)
        out = [
            CODECS_HEADER,
            "from __future__ import annotations\n\n"
            "from collections.abc import Callable, Container\n"
            "from datetime import date\n"
            "from typing import Any, NoReturn\n\n"
            "from ..dates import Span\n"
            "from ..model import (\n" + "".join(f"    {n},\n" for n in names) + ")\n\n"
            f'LAYOUT = "{layout}"\n'
            f"CLASSES: tuple[type, ...] = ({', '.join(c.__name__ for c in self.classes)})\n",
        ]
        for cls in self.classes:
            hints = hints_of(cls)
            n = cls.__name__
            out.append(
                f"def enc_{n}(o: {n}) -> list[Any]:\n    return ["
                + ", ".join(self.enc(hints[f.name], "o." + f.name) for f in dataclasses.fields(cls))
                + "]\n"
            )
        out.append(
            "ENCODERS: dict[type, Callable[[Any], list[Any]]] = {"
            + ", ".join(f"{c.__name__}: enc_{c.__name__}" for c in self.classes)
            + "}\n"
        )
        decs = []
        for cls in self.classes:
            hints = hints_of(cls)
            fields = dataclasses.fields(cls)
            n = cls.__name__
            names = [f"v{i}" for i in range(len(fields))]
            unpack = ", ".join(names) + ("," if len(names) == 1 else "")
            args = ", ".join(self.dec(hints[f.name], v, f.name) for f, v in zip(fields, names, strict=True))
            decs.append(
                f"    def dec_{n}(v: Any) -> {n}:\n"
                f"        if type(v) is not list or len(v) != {len(fields)}:\n            bad()\n"
                f"        {unpack} = v\n"
                f"        return {n}({args})\n"
            )
        out.append(
            "def decoders(\n"
            "    bad: Callable[[], NoReturn],\n"
            "    SPANS: dict[str, Span],\n"
            "    span: Callable[[object], Span],\n"
            "    day: Callable[[object], date],\n"
            "    SOURCES: Container[str],\n"
            "    ACTORS: Container[str],\n"
            "    SYSTEMS: Container[str],\n"
            "    EVENTS: Container[str],\n"
            "    SHIFT: list[int],\n"
            ") -> dict[str, Callable[[Any], Any]]:\n"
            + "\n".join(decs)
            + "\n    return {"
            + ", ".join(f'"{c.__name__}": dec_{c.__name__}' for c in self.classes)
            + "}\n"
        )
        return "\n\n".join(out)


CODECS_HEADER = '''"""The cache's record codecs, generated from the model by irru.logfile.records.generated_module(); do not edit.

Regenerate with `python tests/regenerate.py codecs` (`make regen`) after changing a record class of irru.model;
tests/test_cache.py fails while this file differs from what the model gives. Generated once here rather than at
every start, where building and compiling them cost several milliseconds of each command's start-up.
"""

# fmt: off'''


_NAMES: dict[str, Any] = {"str": str, "int": int, "bool": bool, "float": float, "Span": Span, "date": datetime.date}


def _annotation(text: str) -> Any:
    """``str | None``, ``tuple[Claim, ...]``, ``Span``: the annotation forms the model uses, read without eval
    (typing.get_type_hints compiles each string, which costs more at start-up than all the rest of this module)."""
    text = text.strip()
    if " | " in text and not text.startswith("tuple["):
        parts = [p.strip() for p in text.split(" | ")]
        if parts[-1] == "None" and len(parts) == 2:
            return _annotation(parts[0]) | None
        return typing.get_type_hints  # unreachable for the model; caught below
    if text.startswith("tuple[") and text.endswith(", ...]"):
        return tuple[_annotation(text[6:-6]), ...]  # type: ignore[misc]  # a type built at run time
    if text in _NAMES:
        return _NAMES[text]
    found = getattr(model, text, None)
    if isinstance(found, type):
        return found
    raise KeyError(text)


def hints_of(cls: type) -> dict[str, Any]:
    """Each field's type: read from the annotation text when it has a simple form, else by typing."""
    out = {}
    for f in dataclasses.fields(cls):
        try:
            tp = _annotation(f.type) if isinstance(f.type, str) else f.type
            if tp is typing.get_type_hints:
                raise KeyError(f.type)
        except KeyError:
            tp = typing.get_type_hints(cls, vars(model))[f.name]
        out[f.name] = tp
    return out


def _unoptional(tp: Any) -> tuple[bool, Any]:
    if isinstance(tp, types.UnionType) or typing.get_origin(tp) is typing.Union:
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1 and len(typing.get_args(tp)) == 2:
            return True, args[0]
        raise TypeError(f"the cache cannot encode the union {tp!r}")
    return False, tp


def _is_tuple(tp: Any) -> bool:
    args = typing.get_args(tp)
    return typing.get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis


def _leaves(tp: Any) -> list[Any]:
    args = typing.get_args(tp)
    if not args:
        return [tp]
    return [leaf for a in args if a is not Ellipsis for leaf in _leaves(a)]


def generated_module() -> str:
    """The text :mod:`irru.logfile.recordcodecs` must have for the model as it is now."""
    gen = _Gen()
    for root in ROOTS:
        gen.visit(root)
    gen.layout.append("Log(" + ", ".join(f"{f.name}: {f.type}" for f in dataclasses.fields(model.Log)) + ")")
    return gen.module()


CLASSES: tuple[type, ...] = codecs.CLASSES
LAYOUT = codecs.LAYOUT  # in the cache key


def encoder(cls: type) -> Callable[[Any], list[Any]]:
    """The function turning a record of ``cls`` into its list form."""
    return codecs.ENCODERS[cls]


def _span_parser(spans: dict[str, Span]) -> Callable[[object], Span]:
    def span(text: object) -> Span:
        if type(text) is not str:
            raise Corrupt
        try:
            s = spans[text] = parse_edtf(text)
        except ValueError:
            raise Corrupt from None
        if s.text != text:
            raise Corrupt
        return s

    return span


def _day(text: object) -> datetime.date:
    if type(text) is not str:
        raise Corrupt
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise Corrupt from None


def decoders(
    sources: Container[str],
    actors: Container[str],
    systems: Container[str],
    events: Container[str],
    shift: list[int] | None = None,
) -> dict[str, Callable[[Any], Any]]:
    """Checking decoders, ``{"Event": dec_Event, …}``, whose references are checked against these ids.

    The containers are consulted when a record is decoded, so they may be filled after this call (an actor's
    ``part_of`` names an actor decoded in the same pass: the caller checks those afterwards). ``shift``: a
    one-item list whose number is added to every ``line`` field decoded (set it before each record: a record
    reused after the text above it gained or lost lines, see :mod:`irru.logfile.reuse`).
    """
    spans: dict[str, Span] = {}
    moved = shift if shift is not None else [0]
    return codecs.decoders(_bad, spans, _span_parser(spans), _day, sources, actors, systems, events, moved)
