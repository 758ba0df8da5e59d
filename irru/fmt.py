"""`irru fmt`: a log rewritten in canonical key order and house indentation, keeping everything else.

Only what must change changes: keys of each record are put in the canonical order below (the order
docs/format.md documents), and indentation becomes the house style (two spaces, list dashes indented under
their key). Records keep their order (curators group them by story, under comment headers); comments stay with
the key they precede or end; quoting, flow style (``{actor: iran, role: supplier}``) and line breaks inside
values are kept. ruamel.yaml does the round trip (the ``edit`` extra).
"""

from __future__ import annotations

from typing import Any

TOP = ["schema", "include", "units", "rules", "sources", "actors", "systems", "events"]
SOURCE = ["id", "title", "publisher", "authors", "published", "url", "kind", "grade", "cites", "note", "archive"]
ARCHIVE = ["url", "accessed", "archived", "sha256", "capture"]
ACTOR = ["id", "name", "kind", "part_of", "aliases", "note"]
SYSTEM = ["id", "name", "category", "aliases", "note"]
EVENT = [
    "id", "date", "title", "type", "story", "actors", "systems", "tags", "links", "summary", "claims", "hypotheses",
    "evidence", "review",
]  # fmt: skip
HYPOTHESIS = ["id", "text"]  # schema 2: an analysis of competing hypotheses (docs/ach.md)
EVIDENCE = ["event", "source", "by", "analyst", "rated", "ratings", "note"]
CLAIM = [
    "source", "via", "by", "speaker", "anonymous", "stance", "date", "text", "quoted", "values", "likelihood",
    "analytic_confidence", "known_from", "upstream", "note", "anchor", "review",
]  # fmt: skip
ANCHOR = ["exact", "prefix", "suffix", "start", "end", "sha256"]  # schema 2: a quote's place in a capture
REVIEW = ["who", "role", "date", "verdict", "note"]  # schema 2: review entries of events and claims
VALUES = ["quantity", "quantities", "status", "date", "systems", "route", "amount"]
QUANTITY = ["quantity", "system", "period"]  # schema 2
RELAY = ["source", "actor", "description"]  # schema 2: via as a list
MEMBERSHIP = ["actor", "from", "until"]  # schema 2: part_of as a list
ACTOR_ROLE = ["actor", "role"]
SYSTEM_USE = ["system", "quantity"]
LINK = ["rel", "event"]


def changed_lines(old: str, new: str) -> int:
    """How many lines of the old text a rewrite changes."""
    import difflib

    diff = difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0)
    return sum(1 for line in diff if line.startswith("-") and not line.startswith("---"))


def unified_diff(old: str, new: str, name: str) -> list[str]:
    """The change as a unified diff, inert (a log's text is data)."""
    import difflib

    from .inert import inert

    return [
        inert(line)
        for line in difflib.unified_diff(old.splitlines(), new.splitlines(), name, f"{name} (formatted)", lineterm="")
    ]


def format_text(text: str) -> str:
    """The canonical text of a log (which the caller has checked first).

    Two passes. ruamel.yaml reorders the keys of flow mappings (``{actor: iran, role: supplier}``: one line, no
    comments inside) and writes the document in house indentation. Block mappings are then reordered as text:
    each key moves with the lines of its value and the comment lines standing right above it, so every comment
    stays where the curator put it relative to its key.
    """
    from . import yamledit

    doc = yamledit.load(text)
    if doc is None:
        return text
    for m, order in _mappings(doc):
        if _flow(m):
            _reorder_flow(m, order)
    text = yamledit.dump(doc)
    doc = yamledit.load(text)
    blocks = [(m, order) for m, order in _mappings(doc) if not _flow(m) and len(m)]
    return "".join(_Blocks(text, blocks).render())


def _mappings(doc: Any) -> list[tuple[Any, list[str]]]:
    """Every record mapping in the log with the order its keys take."""
    out: list[tuple[Any, list[str]]] = [(doc, TOP)] if _is_map(doc) else []
    if not _is_map(doc):
        return out
    for s in _items(doc.get("sources")):
        out.append((s, SOURCE))
        if _is_map(s.get("archive")):
            out.append((s["archive"], ARCHIVE))
    for a in _items(doc.get("actors")):
        out.append((a, ACTOR))
        out += [(m, MEMBERSHIP) for m in _items(a.get("part_of"))]
    out += [(s, SYSTEM) for s in _items(doc.get("systems"))]
    for e in _items(doc.get("events")):
        out.append((e, EVENT))
        out += [(r, ACTOR_ROLE) for r in _items(e.get("actors"))]
        out += [(u, SYSTEM_USE) for u in _items(e.get("systems"))]
        out += [(link, LINK) for link in _items(e.get("links"))]
        out += [(h, HYPOTHESIS) for h in _items(e.get("hypotheses"))]
        out += [(r, EVIDENCE) for r in _items(e.get("evidence"))]
        out += [(r, REVIEW) for r in _items(e.get("review"))]
        for c in _items(e.get("claims")):
            out.append((c, CLAIM))
            out += [(r, RELAY) for r in _items(c.get("via"))]
            out += [(r, REVIEW) for r in _items(c.get("review"))]
            if _is_map(c.get("anchor")):
                out.append((c["anchor"], ANCHOR))
            values = c.get("values")
            if _is_map(values):
                out.append((values, VALUES))
                one = values.get("quantity")
                out += [(q, QUANTITY) for q in ([one] if _is_map(one) else []) + _items(values.get("quantities"))]
    return out


def _is_map(node: Any) -> bool:
    return hasattr(node, "ca") and hasattr(node, "move_to_end")


def _flow(m: Any) -> bool:
    return bool(getattr(m, "fa", None) is not None and m.fa.flow_style())


def _items(seq: Any) -> list[Any]:
    if not isinstance(seq, list):
        return []
    return [m for m in seq if _is_map(m)]


def _wanted(keys: list[Any], order: list[str]) -> list[Any]:
    rank = {k: i for i, k in enumerate(order)}
    return sorted(keys, key=lambda k: (rank.get(str(k), len(order)), keys.index(k)))


def _reorder_flow(m: Any, order: list[str]) -> None:
    for k in _wanted(list(m.keys()), order):
        m.move_to_end(k)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _gap(line: str) -> bool:
    """A blank or comment-only line."""
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


class _Blocks:
    """Block mappings reordered as ranges of lines, innermost first, by recursion over the text."""

    def __init__(self, text: str, blocks: list[tuple[Any, list[str]]]) -> None:
        self.lines = text.splitlines(keepends=True)
        self.maps: dict[int, tuple[list[int], list[Any], list[Any], int, int]] = {}
        for m, order in blocks:
            keys = list(m.keys())
            key_lines = [m.lc.key(k)[0] for k in keys]
            col = m.lc.key(keys[0])[1]
            end = self._end(key_lines[-1], col)
            self.maps[key_lines[0]] = (key_lines, keys, _wanted(keys, order), col, end)

    def _end(self, last: int, col: int) -> int:
        """One past the last line of the value of the key on line ``last`` (trailing comments excluded)."""
        end = last + 1
        i = last + 1
        while i < len(self.lines):
            line = self.lines[i]
            if _gap(line):
                i += 1
                continue
            if _indent(line) <= col:
                break
            i += 1
            end = i
        return end

    def render(self) -> list[str]:
        return self._emit(0, len(self.lines), skip=None)

    def _emit(self, a: int, b: int, skip: int | None) -> list[str]:
        out: list[str] = []
        i = a
        while i < b:
            if i in self.maps and i != skip:
                out += self._map(i)
                i = self.maps[i][4]
            else:
                out.append(self.lines[i])
                i += 1
        return out

    def _map(self, first: int) -> list[str]:
        key_lines, keys, wanted, col, end = self.maps[first]
        starts = [key_lines[0]]
        for j in range(1, len(key_lines)):
            s = key_lines[j]
            while (
                s - 1 > key_lines[j - 1]
                and _gap(self.lines[s - 1])
                and (not self.lines[s - 1].strip() or _indent(self.lines[s - 1]) <= col)
            ):
                s -= 1
            starts.append(s)
        bounds = [*starts[1:], end]
        chunks = {k: self._emit(starts[j], bounds[j], skip=first if j == 0 else None) for j, k in enumerate(keys)}
        lead = {k: key_lines[j] - starts[j] for j, k in enumerate(keys)}  # comment lines above each key
        if wanted == keys:
            return [line for k in keys for line in chunks[k]]
        dash = col >= 2 and self.lines[first][col - 2 : col] == "- "
        out: list[str] = []
        for n, k in enumerate(wanted):
            chunk = list(chunks[k])
            if dash and k == keys[0]:
                chunk[0] = chunk[0][: col - 2] + "  " + chunk[0][col:]
            if dash and n == 0:
                out += chunk[: lead[k]]  # comments above the key that now opens the item: above the item
                chunk = chunk[lead[k] :]
                chunk[0] = chunk[0][: col - 2] + "- " + chunk[0][col:]
            out += chunk
        return out
