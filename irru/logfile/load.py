"""Reading a log: file bytes to text, text to the model, with every problem reported at its line and column.

:func:`load_text` is pure (text in, :class:`~irru.model.Log` out); :func:`read_log` adds reading the file and the
cache. Problems are collected, not raised one at a time, and raised together as a :class:`~irru.errors.LogError`.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
import time
from collections.abc import Callable, Container, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import FileSpan, LogError, Problem
from ..model import Event, Log

if TYPE_CHECKING:
    from .entry import FactsMaker
    from .nodes import Map, Node, Scalar
    from .schema import Reader

# What parses and checks a log (.schema, .checks, .rulesets, .nodes and their dataclasses and expressions) is
# imported by the functions that parse, so that a log served from the cache does not pay for it at start-up.

MAX_FILE_BYTES = 1024 * 1024 * 1024  # the default of IRRU_MAX_BYTES: about 1,300,000 events like the bundled ones
REPARSE_LIMIT = 256 * 1024  # characters: a hand-edited log; the reference parser reads it in well under a second


def load_text(text: str, path: str = "<log>", *, use_libyaml: bool = True) -> Log:
    """Parse and check a whole log. Raises :class:`LogError` listing every problem found.

    libyaml (when installed) and PyYAML's reference parser give the same events, so every problem found in
    them is reported the same whichever parser read the log. Only YAML *syntax* errors are worded differently by
    the two: when libyaml finds one in a log of hand-edited size (up to REPARSE_LIMIT characters), the log is
    read again by the reference parser for its wording. A syntax error stops the parse, so this costs at most
    one reading of a quarter-megabyte; a larger (generated) log keeps libyaml's wording.
    """
    from . import yamltree  # imports yaml: only when a log is actually parsed

    bom = text.find("\ufeff", 1)
    if bom != -1:  # libyaml and the reference parser disagree about these; no log needs one
        line = text.count("\n", 0, bom) + 1
        col = bom - (text.rfind("\n", 0, bom) + 1) + 1
        message = "a byte-order mark (U+FEFF) inside the text, as when two files are joined; remove it"
        raise LogError(path, [Problem(line, col, message)], text)
    stream = _Stream()
    root, problems = yamltree.parse(text, use_libyaml=use_libyaml, on_events=stream.start)
    if root is None and problems and use_libyaml and yamltree.has_libyaml() and len(text) <= REPARSE_LIMIT:
        stream = _Stream()
        root, problems = yamltree.parse(text, use_libyaml=False, on_events=stream.start)
    if stream.too_early(root):  # the events were read before the units they use: read again, whole
        stream = _Stream()
        root, problems = yamltree.parse(text, use_libyaml=use_libyaml)
    return _load(text, path, root, problems, stream)


def load_bytes(data: bytes, path: str = "<log>", *, use_libyaml: bool = True) -> Log:
    """:func:`load_text` of the file's bytes, without holding its text while parsing a large log.

    libyaml reads UTF-8 bytes: given the text, PyYAML hands it an encoded copy. So a log larger than REPARSE_LIMIT
    (which libyaml alone reads) is checked as text (UTF-8, no NUL, no inner byte-order mark), then parsed from
    its bytes, which are exactly that text encoded; the text is decoded again only to show a problem's line. At
    300,000 events this keeps two copies of the file (about 240 MB each) out of memory. Same results as
    ``load_text(decode(data, path), path)``, which is what any other log gets.
    """
    from . import yamltree

    text = decode(data, path)
    if (
        not (use_libyaml and yamltree.has_libyaml())
        or len(text) <= REPARSE_LIMIT
        or data.startswith(b"\xef\xbb\xbf")  # the text is the bytes without it: not quite the same input
        or text.find("\ufeff", 1) != -1
    ):
        return load_text(text, path, use_libyaml=use_libyaml)
    del text
    stream = _Stream()
    root, problems = yamltree.parse(data, on_events=stream.start)
    if stream.too_early(root):
        stream = _Stream()
        root, problems = yamltree.parse(data)
    try:
        return _load(None, path, root, problems, stream)
    except LogError as e:
        e.text = decode(data, path)
        raise


def load_seeded(data: bytes, path: str, ids: dict[str, int]) -> Log | None:
    """The log in ``data`` (UTF-8, read by libyaml), its reader told that these event ids are defined elsewhere
    (at these lines): a duplicate of one is a problem, a link to one is not. None if libyaml is missing or any
    problem is found (the caller then parses the whole log, which reports them). For :mod:`irru.logfile.reuse`."""
    from . import yamltree

    if not yamltree.has_libyaml() or b"\x00" in data:
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    stream = _Stream()
    stream.seed = ids
    root, problems = yamltree.parse(data, on_events=stream.start)
    if root is None or problems or stream.reader is None or stream.too_early(root):
        return None
    try:
        return load_tree(root, problems, path, None, stream=stream)
    except LogError:
        return None


def _load(
    text: str | None, path: str, root: Node | None, problems: list[Problem], stream: _Stream | None = None
) -> Log:
    if root is None and not problems:
        problems.append(Problem(1, 1, "the file is empty; a log starts with 'schema: 1'"))
    if root is None:
        raise LogError(path, problems, text)
    return load_tree(root, problems, path, text, stream=stream)


class _Stream:
    """The events of a log turned into records while it is parsed, one at a time (see ``yamltree.parse``).

    Converting an event needs the schema version and (schema 2) the log's own units, so the list is streamed
    when ``schema:`` (and ``units:``, if any) come before ``events:``, as in every log irru writes; otherwise the
    events are kept as nodes and read at the end, as a whole tree (``schema:`` after ``events:``), or the file is
    parsed again whole (``units:`` after ``events:``, found at the end: :meth:`too_early`). Everything that needs
    the rest of the log (references, claim dates against their sources, names) is checked at the end, from the
    reader's light per-reference data; references that already resolve to a record defined above the events (or to
    an earlier event) are dropped as soon as the event is read.
    """

    def __init__(self) -> None:
        self.reader: Reader | None = None
        self.events: list[Event] = []
        self.units_before = False
        self.seed: dict[str, int] = {}  # event ids defined elsewhere, and their lines (see load_seeded)

    def start(self, root: Map) -> Callable[[Node], None] | None:
        from .schema import Reader

        if "schema" not in root.items:
            return None
        schema = _schema_of(root) or 1
        r = self.reader = Reader(schema)
        r.ids["event"].update(self.seed)
        units = root.items.get("units")
        self.units_before = units is not None
        if schema >= 2 and units is not None:
            scratch = Reader(schema)  # its problems are found again, in place, when the top level is read
            scratch.units_list(units[1])
            r.units = scratch.units
        known: dict[str, Container[str]] = {kind: _defined(root.items.get(key)) for kind, key in _DEFINED.items()}
        known["event"] = r.ids["event"]
        refs, events, convert = r.refs, self.events, r.event

        def consume(node: Node) -> None:
            n = len(refs)
            event = convert(node)
            if event is not None:
                events.append(event)
            if len(refs) > n:
                unresolved = [ref for ref in refs[n:] if ref[1].value not in known[ref[0]]]
                del refs[n:]
                refs.extend(unresolved)

        return consume

    def too_early(self, root: Node | None) -> bool:
        """Whether schema 2's ``units:`` came after the events that were read without it."""
        from .nodes import Map

        return (
            self.reader is not None
            and self.reader.schema >= 2
            and not self.units_before
            and isinstance(root, Map)
            and "units" in root.items
        )


_DEFINED = {"source": "sources", "actor": "actors", "system": "systems"}


def _defined(entry: tuple[Scalar, Node] | None) -> set[str]:
    """The ids that the records of a list above the events will surely define (as ``Reader.define`` will): an
    id that is a valid slug, in an item that is a mapping. A reference to one of them needs no check at the end."""
    from .nodes import Map, Scalar, Seq
    from .schema import SLUG

    out: set[str] = set()
    if entry is None or not isinstance(entry[1], Seq):
        return out
    for item in entry[1].items:
        if isinstance(item, Map):
            found = item.items.get("id")
            if found is not None and isinstance(found[1], Scalar):
                value = found[1].value.strip()
                if value and SLUG.fullmatch(value):
                    out.add(value)
    return out


def load_tree(
    root: Node,
    problems: list[Problem],
    path: str,
    text: str | None,
    *,
    files: Sequence[FileSpan] = (),
    where: Callable[[int], str] | None = None,
    stream: _Stream | None = None,
    seed: dict[str, int] | None = None,
) -> Log:
    """The log a node tree holds (``problems``: those found while parsing it). A workspace passes the tree
    combined from all its files, with ``files`` and ``where`` (how a message names a line). ``stream``: the events
    already read while parsing (the tree's events list is then empty), with the reader that read them. ``seed``:
    event ids defined elsewhere, and their lines (see :func:`load_seeded`)."""
    from .checks import check_evidence, check_memberships, check_names, check_part_of, check_refs, date_claims
    from .nodes import shorten
    from .rulesets import read_sets
    from .schema import SCHEMAS, TOP_KEYS, TOP_KEYS_2, Reader

    schema = _schema_of(root)
    streamed = stream if stream is not None and stream.reader is not None else None
    r = streamed.reader if streamed is not None and streamed.reader is not None else Reader(schema or 1)
    if where is not None:
        r.where = where
    if seed:
        r.ids["event"].update(seed)
    r.problems.extend(problems)
    top = r.mapping(root, "the top level of a log", TOP_KEYS, TOP_KEYS_2)
    if top is None:
        raise LogError(path, r.problems, text, files)
    schema_node = top.get("schema")
    written = r.text(schema_node, "schema")
    if written is not None and schema is None:
        assert schema_node is not None
        versions = " and ".join(str(v) for v in SCHEMAS)
        r.err(schema_node, f"schema version '{shorten(written)}' is not supported; this irru reads schema {versions}")
    units = r.units_list(top.get("units"))
    if "rules" in top:  # rule sets (irru.rules): checked here, read again by `irru check --rules`
        r.problems.extend(read_sets(top["rules"], path)[1])
    sources = {s.id: s for s in r.each(top.get("sources"), "sources", r.source)}
    actors = {a.id: a for a in r.each(top.get("actors"), "actors", r.actor)}
    systems = {s.id: s for s in r.each(top.get("systems"), "systems", r.system)}
    events = streamed.events if streamed is not None else r.each(top.get("events"), "events", r.event)

    check_refs(r)
    check_part_of(r, actors)
    check_memberships(r)
    check_names(r, "actor", actors.values(), top.get("actors"))
    check_names(r, "system", systems.values(), top.get("systems"))
    events = date_claims(r, events, sources)
    check_evidence(r, events)
    if r.problems:
        raise LogError(path, r.problems, text, files)
    return Log(path, r.schema, sources, actors, systems, tuple(events), units=units, files=tuple(f[:2] for f in files))


def _schema_of(root: object) -> int | None:
    """The schema version the file declares (1 or 2), or None when it declares none or another."""
    from .nodes import Map, Scalar
    from .schema import SCHEMAS

    if isinstance(root, Map) and "schema" in root.items:
        node = root.items["schema"][1]
        if isinstance(node, Scalar) and node.value.strip() in {str(v) for v in SCHEMAS}:
            return int(node.value.strip())
    return None


def bundled_log_path() -> Path:
    """The log shipped with irru: inside the installed package, or at the top of a source checkout."""
    packaged = Path(__file__).parent.parent / "data" / "events.yaml"
    if packaged.is_file():
        return packaged
    return Path(__file__).parent.parent.parent / "events.yaml"


BUNDLED_NAME = "events.yaml"


def read_log(
    path: str | Path,
    *,
    name: str | None = None,
    use_libyaml: bool = True,
    use_cache: bool = False,
    missing_hint: str = "",
    facts: FactsMaker | None = None,
    defer_store: bool = False,
) -> Log:
    """Read and load a log file; every failure is a :class:`LogError` with a message for the user.

    ``name`` is how messages refer to the file (the bundled log is called ``events.yaml`` wherever it is
    installed); it defaults to the path as given. With ``use_cache``, a log parsed before (same bytes, same
    irru) comes from the cache (see :mod:`irru.logfile.cache`). ``missing_hint`` is added to the message
    for a file that does not exist (the CLI says which option names a log). ``facts``: what computes the facts of
    the as-of-independent view a cache entry stores for the planned path (:mod:`irru.viewfacts`); without it
    (``irru check``), a new entry is built without them (:func:`irru.logfile.entry.build`). ``defer_store``: a
    new entry is written once the command's answer is out (:func:`irru.logfile.cache.run_deferred`), so the first
    query after an edit costs what ``--no-cache`` costs.
    """
    name = name or (STDIN_NAME if str(path) == "-" else str(path))
    p = Path(path)
    stdin = str(path) == "-"

    def reparse() -> Log:  # should a cache entry prove corrupt once in use: the file read again, not kept meanwhile
        return read_log(path, name=name, use_libyaml=use_libyaml, missing_hint=missing_hint)

    st: os.stat_result | None = None
    if use_cache and not stdin:
        from . import cache

        try:
            st = os.stat(p)
        except OSError:
            st = None
        if st is not None and stat.S_ISREG(st.st_mode) and st.st_size <= max_bytes():
            # A file whose status is exactly as when it was last hashed is not read at all (see the cache).
            known = cache.load_known(str(p), st, name, reparse, facts=facts)
            if known is not None:
                return known
        else:
            st = None
    started = time.time()
    data = read_bytes(path, name, missing_hint)
    from . import workspace

    if workspace.has_include(data):
        how = workspace.Reading(decode, load_tree, MAX_FILE_BYTES, REPARSE_LIMIT)
        return workspace.read_workspace(
            p, name, data, how, use_libyaml=use_libyaml, use_cache=use_cache, facts=facts, defer_store=defer_store
        )
    origin = None
    if use_cache:
        from . import cache

        origin = cache.Origin(str(p), st, started) if st is not None else None
        cached = cache.load(data, name, None if stdin else reparse, origin, facts=facts)
        if cached is not None:
            return cached
    log = None
    if use_cache and use_libyaml and not stdin:  # an edited file: re-parse only the events that changed
        from . import reuse

        previous = cache.previous(str(p), name)
        if previous is not None:
            log = reuse.reload(
                [data],
                [0],
                previous,
                lambda texts, ids: load_seeded(texts[0], name, ids),
                lambda: load_bytes(data, name),
            )
    if log is None:
        log = load_bytes(data, name, use_libyaml=use_libyaml)
    if use_cache and defer_store:
        cache.defer(lambda: cache.store(data, log, origin, facts=facts))
    elif use_cache:
        cache.store(data, log, origin, facts=facts)
    return log


def max_bytes() -> int:
    """The largest log irru reads: ``IRRU_MAX_BYTES`` (a number of bytes) or :data:`MAX_FILE_BYTES` (1 GiB)."""
    import os

    value = os.environ.get("IRRU_MAX_BYTES", "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else MAX_FILE_BYTES


STDIN_NAME = "<stdin>"
FIFO_WAIT = 10.0  # seconds a named pipe may stay silent before irru gives up on it
_CHUNK = 1024 * 1024


def read_bytes(path: str | Path, name: str, missing_hint: str = "") -> bytes:
    """The bytes of a log: a regular file, a device, a named pipe, or standard input (``-``).

    At most :func:`max_bytes` are read, counted while reading (a device or pipe has no size to check first, and
    ``/dev/zero`` never ends). A named pipe is opened without blocking: when nothing has written to it within
    FIFO_WAIT seconds (no writer yet, or a silent one), it is refused with a message instead of waiting forever.
    """
    most = max_bytes()
    limit = most // (1024 * 1024)
    hint = " (set IRRU_MAX_BYTES to change)"
    try:
        fd = 0 if str(path) == "-" else _open(str(path))
    except FileNotFoundError:
        raise LogError(name, [Problem(0, 0, f"no such file{missing_hint}")]) from None
    except PermissionError:
        raise LogError(name, [Problem(0, 0, "cannot be read: permission denied")]) from None
    except OSError as e:
        raise LogError(name, [Problem(0, 0, f"cannot be read: {e.strerror or e}")]) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise LogError(name, [Problem(0, 0, "is a directory, not a log file")])
        if stat.S_ISREG(st.st_mode) and st.st_size > most:
            raise LogError(
                name, [Problem(0, 0, f"is {st.st_size // (1024 * 1024)} MiB; irru reads logs up to {limit} MiB{hint}")]
            )
        fifo = stat.S_ISFIFO(st.st_mode) and fd != 0
        if fifo and not _readable_within(fd, FIFO_WAIT):
            message = (
                f"is a named pipe and nothing was written to it within {FIFO_WAIT:g} s;"
                " start the program that writes it first, or give a file"
            )
            raise LogError(name, [Problem(0, 0, message)])
        if fd != 0 and not fifo:
            os.set_blocking(fd, True)
        stream = not stat.S_ISREG(st.st_mode)  # a device, a pipe, stdin: no size known before reading
        chunks: list[bytes] = []
        total = 0
        utf8 = codecs.getincrementaldecoder("utf-8")()
        while True:
            if fifo and total and not _readable_within(fd, FIFO_WAIT):
                message = (
                    f"is a named pipe whose writer stopped: nothing more came within {FIFO_WAIT:g} s after"
                    f" {total} bytes; give a file, or close the pipe when the log is written"
                )
                raise LogError(name, [Problem(0, 0, message)])
            try:
                chunk = os.read(fd, _CHUNK)
            except BlockingIOError:  # the poll said readable, yet nothing: ask again
                continue
            if not chunk:
                break
            total += len(chunk)
            if total > most:
                raise LogError(
                    name, [Problem(0, 0, f"gives more than {limit} MiB; irru reads logs up to {limit} MiB{hint}")]
                )
            if stream:
                end = _never_a_log(chunk, utf8)
                if end is not None:  # what was read holds the first problem (/dev/zero's NUL, bytes not UTF-8)
                    chunks.append(chunk[:end])
                    break
            chunks.append(chunk)
        return b"".join(chunks)
    except IsADirectoryError:
        raise LogError(name, [Problem(0, 0, "is a directory, not a log file")]) from None
    except OSError as e:
        raise LogError(name, [Problem(0, 0, f"cannot be read: {e.strerror or e}")]) from None
    finally:
        if fd != 0:
            os.close(fd)


_NEVER_IN_YAML = re.compile(b"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _never_a_log(chunk: bytes, utf8: codecs.IncrementalDecoder) -> int | None:
    """Where to stop reading a stream whose chunk holds what no log can: bytes that are not UTF-8 (the chunk's
    end) or a C0 control (just after it). The problem the loader reports is then in what was read, the same as
    in the whole stream; reading on (``/dev/zero``, ``/dev/urandom``) would only cost memory. None: read on."""
    try:
        utf8.decode(chunk)
    except UnicodeDecodeError:
        return len(chunk)
    m = _NEVER_IN_YAML.search(chunk)
    return m.end() if m else None


def _open(path: str) -> int:
    """A file descriptor to read ``path`` from; non-blocking, so that opening a named pipe never hangs."""
    return os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))


def _readable_within(fd: int, seconds: float) -> bool:
    """Whether a pipe has data (or its writer has come and gone) within ``seconds``."""
    import select

    poller = select.poll()
    poller.register(fd, select.POLLIN)
    return bool(poller.poll(int(seconds * 1000)))


def decode(data: bytes, name: str) -> str:
    """UTF-8 text, or a LogError pointing at the first byte that is not."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        col = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        raise LogError(
            name, [Problem(line, col, f"not UTF-8 text (byte 0x{data[e.start]:02x}); save the file as UTF-8")]
        ) from None
    text = text.removeprefix("\ufeff")
    if "\0" in text:
        offset = text.index("\0")
        line = text.count("\n", 0, offset) + 1
        col = offset - (text.rfind("\n", 0, offset) + 1) + 1
        raise LogError(name, [Problem(line, col, "contains a NUL byte: this is a binary file, not a YAML log")])
    return text
