"""Reading a log: file bytes to text, text to the model, with every problem reported at its line and column.

:func:`load_text` is pure (text in, :class:`~irru.model.Log` out); :func:`read_log` adds reading the file and the
cache. Problems are collected, not raised one at a time, and raised together as a :class:`~irru.errors.LogError`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path

from ..errors import FileSpan, LogError, Problem
from ..model import Log
from .checks import check_memberships, check_names, check_part_of, check_refs, date_claims
from .nodes import Map, Node, Scalar
from .schema import SCHEMAS, TOP_KEYS, TOP_KEYS_2, Reader

MAX_FILE_BYTES = 1024 * 1024 * 1024  # the default of IRRU_MAX_BYTES: about 1,300,000 events like the bundled ones
REPARSE_LIMIT = 8 * 1024 * 1024  # characters; the bundled log is ~150 KB


def load_text(text: str, path: str = "<log>", *, use_libyaml: bool = True) -> Log:
    """Parse and check a whole log. Raises :class:`LogError` listing every problem found.

    libyaml is fast but, on a few inputs, more lenient than PyYAML's reference parser (a tab inside a plain
    key). When the fast path finds any problem in a log of hand-edited size (up to REPARSE_LIMIT characters),
    or the log contains a tab, the text is read again with the reference parser, so the problems reported do not depend on whether
    libyaml is installed. Larger (generated) logs keep libyaml's reading: the reference parser would take
    tens of seconds over them.
    """
    from . import yamltree  # imports yaml: only when a log is actually parsed

    if use_libyaml and yamltree.has_libyaml():
        try:
            log = _load(text, path, use_libyaml=True)
        except LogError:
            if len(text) > REPARSE_LIMIT:
                raise
        else:
            # libyaml's leniency is about tabs; a hand-sized log that has one is confirmed by the reference.
            if "\t" not in text or len(text) > REPARSE_LIMIT:
                return log
    return _load(text, path, use_libyaml=False)


def _load(text: str, path: str, *, use_libyaml: bool) -> Log:
    from . import yamltree

    root, problems = yamltree.parse(text, use_libyaml=use_libyaml)
    if root is None and not problems:
        problems.append(Problem(1, 1, "the file is empty; a log starts with 'schema: 1'"))
    if root is None:
        raise LogError(path, problems, text)
    return load_tree(root, problems, path, text)


def load_tree(
    root: Node,
    problems: list[Problem],
    path: str,
    text: str | None,
    *,
    files: Sequence[FileSpan] = (),
    where: Callable[[int], str] | None = None,
) -> Log:
    """The log a node tree holds (``problems``: those found while parsing it). A workspace passes the tree
    combined from all its files, with ``files`` and ``where`` (how a message names a line)."""
    schema = _schema_of(root)
    r = Reader(schema or 1)
    if where is not None:
        r.where = where
    r.problems.extend(problems)
    top = r.mapping(root, "the top level of a log", TOP_KEYS, TOP_KEYS_2)
    if top is None:
        raise LogError(path, r.problems, text, files)
    schema_node = top.get("schema")
    written = r.text(schema_node, "schema")
    if written is not None and schema is None:
        assert schema_node is not None
        versions = " and ".join(str(v) for v in SCHEMAS)
        r.err(schema_node, f"schema version '{written}' is not supported; this irru reads schema {versions}")
    units = r.units_list(top.get("units"))
    sources = {s.id: s for s in r.each(top.get("sources"), "sources", r.source)}
    actors = {a.id: a for a in r.each(top.get("actors"), "actors", r.actor)}
    systems = {s.id: s for s in r.each(top.get("systems"), "systems", r.system)}
    events = r.each(top.get("events"), "events", r.event)

    check_refs(r)
    check_part_of(r, actors)
    check_memberships(r)
    check_names(r, "actor", actors.values(), top.get("actors"))
    check_names(r, "system", systems.values(), top.get("systems"))
    events = date_claims(r, events, sources)
    if r.problems:
        raise LogError(path, r.problems, text, files)
    return Log(path, r.schema, sources, actors, systems, tuple(events), units=units, files=tuple(f[:2] for f in files))


def _schema_of(root: object) -> int | None:
    """The schema version the file declares (1 or 2), or None when it declares none or another."""
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
) -> Log:
    """Read and load a log file; every failure is a :class:`LogError` with a message for the user.

    ``name`` is how messages refer to the file (the bundled log is called ``events.yaml`` wherever it is
    installed); it defaults to the path as given. With ``use_cache``, a log parsed before (same bytes, same
    irru) comes from the cache (see :mod:`irru.logfile.cache`). ``missing_hint`` is added to the message
    for a file that does not exist (the CLI says which option names a log).
    """
    name = name or str(path)

    def reparse() -> Log:  # should a cache entry prove corrupt once in use: the file read again, not kept meanwhile
        return read_log(path, name=name, use_libyaml=use_libyaml, missing_hint=missing_hint)

    try:
        p = Path(path)
        if p.is_dir():
            raise LogError(name, [Problem(0, 0, "is a directory, not a log file")])
        st = p.stat()
        size = st.st_size
        limit = max_bytes()
        if size > limit:
            raise LogError(
                name,
                [
                    Problem(
                        0,
                        0,
                        f"is {size // (1024 * 1024)} MiB; irru reads logs up to {limit // (1024 * 1024)} MiB (set IRRU_MAX_BYTES to change)",
                    )
                ],
            )
        if use_cache:
            from . import cache

            # A file whose status is exactly as when it was last hashed is not read at all (see the cache).
            known = cache.load_known(str(p), st, name, reparse)
            if known is not None:
                return known
        started = time.time()
        data = p.read_bytes()
    except FileNotFoundError:
        raise LogError(name, [Problem(0, 0, f"no such file{missing_hint}")]) from None
    except PermissionError:
        raise LogError(name, [Problem(0, 0, "cannot be read: permission denied")]) from None
    except OSError as e:
        raise LogError(name, [Problem(0, 0, f"cannot be read: {e.strerror or e}")]) from None
    from . import workspace

    if workspace.has_include(data):
        how = workspace.Reading(decode, load_tree, MAX_FILE_BYTES, REPARSE_LIMIT)
        return workspace.read_workspace(p, name, data, how, use_libyaml=use_libyaml, use_cache=use_cache)
    if use_cache:
        origin = cache.Origin(str(p), st, started)
        cached = cache.load(data, name, reparse, origin)
        if cached is not None:
            return cached
    log = load_text(decode(data, name), name, use_libyaml=use_libyaml)
    if use_cache:
        cache.store(data, log, origin)
    return log


def max_bytes() -> int:
    """The largest log irru reads: ``IRRU_MAX_BYTES`` (a number of bytes) or :data:`MAX_FILE_BYTES` (1 GiB)."""
    import os

    value = os.environ.get("IRRU_MAX_BYTES", "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else MAX_FILE_BYTES


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
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\0" in text:
        offset = text.index("\0")
        line = text.count("\n", 0, offset) + 1
        col = offset - (text.rfind("\n", 0, offset) + 1) + 1
        raise LogError(name, [Problem(line, col, "contains a NUL byte: this is a binary file, not a YAML log")])
    return text
