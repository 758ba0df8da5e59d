"""An edit costs what it changed: a log read again after an edit re-parses only the events whose text changed.

A log's ``events:`` list is split, by a cheap scan of its bytes, into *chunks*: one per item, from the line its
``- `` starts on to the next item's (or the end of the file). A cache entry notes each event's chunk by a hash of
its bytes, and the *head* (every byte before the first item) by its hash (:func:`rows`; the entry's ``chunks``
table, verified by its digest like any table). When the file changed, :func:`reload` takes the previous entry
of the same path and:

1. splits the new bytes the same way; the head must be byte-identical (an edit to the sources, actors, systems or
   units, or anything above the events, is read by a full parse);
2. takes every chunk whose hash the previous entry knows as that event, its lines moved by the lines gained or
   lost above it; its record is decoded and checked as any cached record is;
3. parses the head and the changed chunks alone, as one text in which every reused chunk is replaced by as many
   comment lines (``#``, so every line keeps its number, and a block scalar ends there as it ends at the next
   item: ``|+`` would keep empty lines), with the reader told the reused events' ids: everything a full
   parse checks of those events (their fields, duplicate ids, references to the sources, actors, systems and to
   any event, claim dates against their sources) is checked the same way, by the same code;
4. checks what crosses chunks: every event id once, every event a reused event names exists (decoded against the
   new log's ids).

Why the result is the full parse's: YAML reads a block sequence item by item; at the start of a line that
begins an item (``n`` spaces, then ``-``), with the same text above, nothing of an earlier item is still open
(no quote, bracket or block scalar: the item before parsed whole, alone or in the previous entry's full parse
with the same bytes). So an item with the same bytes gives the same node, with every line moved by the same
number; anchors and aliases, the only way one item could depend on another's text, are refused in a log.
The split is refused (a full parse instead) when it cannot be sure of lines: a line break other than ``\\n``
(libyaml also breaks lines at ``\\r``, NEL, LS and PS), a byte-order mark, a line indented no more than the items
that is not an item or a comment (another top-level key after ``events:``, a tab), or no item at all.

Anything that does not fit goes the long way, which reports every problem at its FILE:LINE:COL: a problem found
here (the parse of the changed chunks, an unknown event, a duplicate id), any analysis of competing hypotheses
(its ratings check other events' stories and claims), an entry that fails a check. A log with problems is never
cached, so a reused event always comes from a valid log.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model import Event, Log
from . import records

if TYPE_CHECKING:
    from collections.abc import Callable

    from .entry import CachedLog

_EVENTS_KEY = re.compile(rb"\nevents[ \t]*:[ \t]*(?:#[^\n]*)?\n")  # (patterns start at a line's \n: much faster)
_EVENTS_KEY_FIRST = re.compile(_EVENTS_KEY.pattern[2:])  # the same on the file's first line
_CONTENT = re.compile(rb"\n *[^ \n#]")  # a line that is neither blank nor a comment
_OTHER_BREAKS = (b"\r", b"\xc2\x85", b"\xe2\x80\xa8", b"\xe2\x80\xa9")  # CR, NEL, LS, PS: YAML breaks lines there


def digest(chunk: bytes) -> str:
    return hashlib.blake2b(chunk, digest_size=16).hexdigest()


@dataclass(frozen=True)
class Split:
    """A log's bytes as its head and its event items (``starts``: each item's byte offset; ``lines``: its line)."""

    data: bytes
    starts: tuple[int, ...]
    lines: tuple[int, ...]

    @property
    def head(self) -> bytes:
        return self.data[: self.starts[0]] if self.starts else self.data

    def chunk(self, i: int) -> bytes:
        end = self.starts[i + 1] if i + 1 < len(self.starts) else len(self.data)
        return self.data[self.starts[i] : end]

    def digests(self) -> list[str]:
        """Each chunk's :func:`digest`, without copying it."""
        view, ends = memoryview(self.data), (*self.starts[1:], len(self.data))[: len(self.starts)]
        return [hashlib.blake2b(view[a:b], digest_size=16).hexdigest() for a, b in zip(self.starts, ends, strict=True)]

    def line_counts(self) -> list[int]:
        """How many line breaks each chunk holds."""
        if not self.starts:
            return []
        last = self.data.count(b"\n", self.starts[-1])
        return [b - a for a, b in zip(self.lines, self.lines[1:], strict=False)] + [last]


def split(data: bytes) -> Split | None:
    """The log's event items by a scan of its bytes, or None when the scan cannot be sure (see the module)."""
    if b"\xef\xbb\xbf" in data or any(b in data for b in _OTHER_BREAKS):
        return None
    m = _EVENTS_KEY_FIRST.match(data) or _EVENTS_KEY.search(data)
    if m is None or _EVENTS_KEY.search(data, m.end() - 1) is not None:
        return None
    first = _CONTENT.search(data, m.end() - 1)
    if first is None:
        return None
    indent = first.end() - first.start() - 2
    starts = []
    # Every line indented no more than the items that is not blank or a comment must start an item.
    for f in re.compile(rb"\n {0,%d}[^ \n#]" % indent).finditer(data, m.end() - 1):
        end = f.end()
        if end - f.start() != indent + 2 or data[end - 1] != 45 or data[end : end + 1] not in (b" ", b"\n", b""):
            return None  # 45: "-"
        starts.append(end - indent - 1)
    if not starts:
        return None
    lines = []
    line, at = 1, 0
    for s in starts:
        line += data.count(b"\n", at, s)
        at = s
        lines.append(line)
    return Split(data, tuple(starts), tuple(lines))


_ANY_EVENTS_KEY = re.compile(rb"(?:^|\n)events[ \t]*:")


def _split_part(data: bytes) -> Split | None:
    """A file of a workspace: :func:`split`, or all head when it has no ``events:`` key."""
    if _ANY_EVENTS_KEY.search(data) is None:
        return None if b"\xef\xbb\xbf" in data or any(b in data for b in _OTHER_BREAKS) else Split(data, (), ())
    return split(data)


@dataclass(frozen=True)
class Layout:
    """A log's files (one, or a workspace's in order), each split; lines numbered through all of them."""

    splits: tuple[Split, ...]
    offsets: tuple[int, ...]  # each file's first line is offset + 1

    @property
    def head(self) -> str:
        """A hash of every byte outside the events' items, file by file (NUL, never in a log, between files)."""
        return digest(b"\0".join(sp.head for sp in self.splits))

    @property
    def lines(self) -> list[int]:
        return [off + line for sp, off in zip(self.splits, self.offsets, strict=True) for line in sp.lines]

    def digests(self) -> list[str]:
        return [h for sp in self.splits for h in sp.digests()]


def layout(datas: Sequence[bytes], offsets: Sequence[int]) -> Layout | None:
    """The layout of one file (``offsets`` ``[0]``) or of a workspace's files; None when a file cannot be split."""
    found = [split(datas[0])] if len(datas) == 1 else [_split_part(d) for d in datas]
    if any(sp is None for sp in found) or len(offsets) != len(found):
        return None
    return Layout(tuple(sp for sp in found if sp is not None), tuple(offsets))


def rows(datas: Sequence[bytes], offsets: Sequence[int], log: Log) -> list[tuple[int, int, str]]:
    """The ``chunks`` rows of a cache entry for the log read from these files (one, or a workspace's with the line
    offset of each): ``(-1, 1, head hash)`` and ``(seq, line, hash)`` per event; none when the scan does not find
    exactly the events the parse read, line for line (a workspace's come file by file, in the order of its
    files)."""
    lay = layout(datas, offsets)
    if lay is None or lay.lines != [e.line for e in log.events]:
        return []
    pairs = zip(lay.lines, lay.digests(), strict=True)
    return [(-1, 1, lay.head), *((i, line, h) for i, (line, h) in enumerate(pairs))]


def reload(
    datas: Sequence[bytes],
    offsets: Sequence[int],
    previous: CachedLog,
    parse: Callable[[list[bytes], dict[str, int]], Log | None],
    reparse: Callable[[], Log],
) -> Log | None:
    """The log these files hold (one, or a workspace's, with the line offset of each), re-using the events of
    ``previous`` (the entry of an earlier version of the same log) whose text is unchanged; None when that cannot
    be done, or a problem is found (then read it whole).

    ``parse(texts, ids)``: the log the files hold with these texts, its reader told these event ids (and their
    lines) are defined elsewhere; None on any problem (:func:`irru.logfile.load.load_seeded`, or a workspace's
    read: passed in, as they import this module). ``reparse``: the whole log read, should the entry prove
    corrupt once in use.

    Where no event holds an analysis of competing hypotheses, the log is a :class:`PatchedLog`: the re-used
    events are decoded only as a query asks for them (through the previous entry's indexes), and ``previous``
    stays open for it; otherwise every re-used event is decoded now, and ``previous`` is closed."""
    from .entry import PatchedLog

    lay = layout(datas, offsets)
    got = None if lay is None else _reload(lay, previous, parse)
    if got is None:
        previous.close()
        return None
    small, order, moved = got
    try:
        ids = set(_ids(previous, order))
        if not any(e.evidence for e in small.events) and previous.patchable(moved, ids):
            return PatchedLog.over(previous, small, order, moved, reparse)
    except records.Corrupt:
        previous.close()
        return None
    try:
        old = previous.reused_events(list(moved.items()), ids)
    except records.Corrupt:
        return None
    finally:
        previous.close()
    events = [old[x] if isinstance(x, int) else x for x in order]
    if any(e.evidence for e in events) and not _evidence_holds(small.schema, events):
        return None
    return dataclasses.replace(small, events=tuple(events))


def _ids(previous: CachedLog, order: list[int | Event]) -> list[str]:
    by_seq = previous.ids_by_seq()
    return [by_seq[x] if isinstance(x, int) else x.id for x in order]


def _reload(
    lay: Layout, previous: CachedLog, parse: Callable[[list[bytes], dict[str, int]], Log | None]
) -> tuple[Log, list[int | Event], dict[int, int]] | None:
    """The heads and changed events parsed (a log), every event in file order (a previous seq, or an event parsed
    afresh), and the lines each re-used seq moves by; None when the events cannot be re-used."""
    try:
        known = {h: (seq, line) for seq, line, h in previous.chunk_rows()}
    except records.Corrupt:
        return None
    if known.get(lay.head) != (-1, 1):
        return None
    lines = lay.lines
    n = len(lines)
    reused: dict[int, tuple[int, int]] = {}  # chunk -> (previous seq, lines moved)
    for i, h in enumerate(lay.digests()):
        found = known.get(h)
        if found is not None and found[0] >= 0:
            reused[i] = (found[0], lines[i] - found[1])
    if not reused:
        return None
    i = 0
    for sp in lay.splits:  # a file whose events all re-use parses its last, so that its events are still a list
        i += len(sp.starts)
        if sp.starts and all(k in reused for k in range(i - len(sp.starts), i)):
            del reused[i - 1]
    try:
        by_seq = previous.ids_by_seq()
    except records.Corrupt:
        return None
    seed = {by_seq[seq]: lines[i] for i, (seq, _) in reused.items() if seq in by_seq}
    if len(seed) != len(reused):
        return None  # an unknown seq, or one id twice
    texts = []
    i = 0
    for sp in lay.splits:  # each file: its head, its changed chunks, and a comment line for each line re-used
        parts = [sp.head]
        for k, count in enumerate(sp.line_counts()):
            parts.append(b"#\n" * count if i in reused else sp.chunk(k))
            i += 1
        texts.append(b"".join(parts))
    small = parse(texts, seed)
    if small is None:
        return None
    changed = [i for i in range(n) if i not in reused]
    if [e.line for e in small.events] != [lines[i] for i in changed]:
        return None
    if len({*seed, *(e.id for e in small.events)}) != n:
        return None
    fresh = iter(small.events)
    order: list[int | Event] = [reused[i][0] if i in reused else next(fresh) for i in range(n)]
    return small, order, dict(reused.values())


def _evidence_holds(schema: int, events: list[Event]) -> bool:
    """Whether every analysis of competing hypotheses still rates evidence that exists and belongs to it: the
    check a full parse makes (:func:`irru.logfile.checks.check_evidence`, which reads other events' stories and
    claims), run on the events themselves. Its nodes only place a message; a valid log's ratings are all named
    in ``ratings`` (an unknown rating word is a problem when the event is read, and such a log is never cached)."""
    from .checks import check_evidence
    from .nodes import Map, Node, Scalar
    from .schema import Reader

    r = Reader(schema)
    for e in events:
        hypotheses = tuple(h.id for h in e.hypotheses)
        for ev in e.evidence:
            ratings = Map(ev.line, 1)
            for rating in ev.ratings:
                ratings.items[rating.hypothesis] = (
                    Scalar(rating.hypothesis, ev.line, 1),
                    Scalar(rating.value, ev.line, 1),
                )
            here = Scalar("", ev.line, 1)
            nodes: dict[str, Node] = {"event": here, "source": here, "by": here, "analyst": here, "ratings": ratings}
            r.evidence.append((e.id, hypotheses, ev, nodes))
    check_evidence(r, events)
    return not r.problems
