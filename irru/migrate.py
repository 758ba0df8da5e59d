"""`irru migrate`: rewrite a schema-1 log as schema 2, as text edits, so comments, order and layout stay.

Pure: text in, text out. What changes:

- ``schema: 1`` becomes ``schema: 2``;
- a quantity that schema 2 reads differently is rewritten in schema 2's spelling. Schema 1 ignores spaces
  anywhere in a quantity and accepts leading zeros (``2 00``, ``0400``, ``400 +``); schema 2 does not.
  Every other schema-1 spelling means the same in schema 2 and is left as written.

The result is loaded again and must give the same sources, actors, systems and events (quantities compared by
value) as the original; otherwise nothing is written. A schema-2 log is returned unchanged (idempotent).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .errors import IrruError, LogError, Problem
from .logfile.nodes import Scalar
from .model import Event, Log, Quantity, QuantityError, Values, parse_quantity, render_quantity

_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # what PyYAML counts as a line break


@dataclass(frozen=True)
class Migration:
    text: str
    changes: tuple[str, ...]  # "LINE:COL: what changed", in file order; empty when nothing changed

    @property
    def changed(self) -> bool:
        return bool(self.changes)


def migrate(text: str, path: str = "<log>") -> Migration:
    """The log rewritten as schema 2. Raises LogError for a log with problems (fix them first)."""
    from .logfile import load_text, yamltree
    from .logfile.nodes import Map, Seq

    original = load_text(text, path)
    if original.schema >= 2:
        return Migration(text, ())
    # The parser that loaded it: libyaml when installed, else (or if libyaml refuses it) PyYAML's reference
    # parser. Both count columns in characters and break lines as YAML does.
    root, _ = yamltree.parse(text, use_libyaml=True)
    if root is None:
        root, _ = yamltree.parse(text, use_libyaml=False)
    assert isinstance(root, Map)
    edits: list[tuple[Scalar, str, str]] = []  # (node, new value, why)
    schema_node = root.items["schema"][1]
    assert isinstance(schema_node, Scalar)  # the log loaded, so its schema is a single value
    edits.append((schema_node, "2", "schema 1 -> 2"))

    def quantity(node: object) -> None:
        if not isinstance(node, Scalar):
            return
        old = parse_quantity(node.value.strip(), schema=1)
        try:
            new = parse_quantity(node.value.strip(), schema=2)
        except QuantityError:
            new = None
        if new is None or _value(new) != _value(old):
            canonical = render_quantity(old)
            edits.append((node, canonical, f"quantity '{node.value}' written '{canonical}'"))

    def field(node: object, key: str) -> object:
        return node.items[key][1] if isinstance(node, Map) and key in node.items else None

    events = field(root, "events")
    for event in events.items if isinstance(events, Seq) else []:
        uses = field(event, "systems")
        for use in uses.items if isinstance(uses, Seq) else []:
            quantity(field(use, "quantity"))
        claims = field(event, "claims")
        for claim in claims.items if isinstance(claims, Seq) else []:
            quantity(field(field(claim, "values"), "quantity"))

    new_text = _apply(text, path, edits)
    migrated = load_text(new_text, path)
    if _meaning(migrated) != _meaning(original):
        raise IrruError(f"{path}: migrating would change what the log says; nothing written (please report this)")
    return Migration(
        new_text, tuple(f"{n.line}:{n.col}: {why}" for n, _, why in sorted(edits, key=lambda e: (e[0].line, e[0].col)))
    )


def _apply(text: str, path: str, edits: list[tuple[Scalar, str, str]]) -> str:
    starts = [0] + [m.end() for m in _BREAK.finditer(text)]
    spans = []
    problems = []
    for node, new, _ in edits:
        at = starts[node.line - 1] + node.col - 1
        value = node.value
        if text.startswith(value, at) and value.strip() == value:
            spans.append((at, at + len(value), new))
        elif text[at : at + 1] in ("'", '"') and text.startswith(value + text[at], at + 1):
            spans.append((at + 1, at + 1 + len(value), new))
        else:
            problems.append(
                Problem(node.line, node.col, f"cannot rewrite this value automatically; write it as '{new}'")
            )
    if problems:
        raise LogError(path, problems, text)
    for start, end, new in sorted(spans, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def _value(q: Quantity) -> tuple[object, ...]:
    return (q.low, q.high, q.approximate, q.up_to, q.unit, q.system)


def _meaning(log: Log) -> tuple[object, ...]:
    """What a log says: everything but its schema number, its path and how quantities are spelled."""

    def q(x: Quantity | None) -> Quantity | None:
        return None if x is None else replace(x, text="")

    def values(v: Values) -> Values:
        return replace(v, quantities=tuple(replace(x, text="") for x in v.quantities))

    def event(e: Event) -> Event:
        claims = tuple(c if c.values is None else replace(c, values=values(c.values)) for c in e.claims)
        return replace(e, systems=tuple(replace(u, quantity=q(u.quantity)) for u in e.systems), claims=claims)

    return (log.sources, log.actors, log.systems, tuple(event(e) for e in log.events), log.units)
