"""Workspaces: one log split across files with ``include:``.

A log file may name other files to read with it::

    schema: 2
    include:
      - sources.yaml        # a file, relative to the including file
      - events/             # a directory: every *.yaml and *.yml file in it, by name
      - "2025-*.yaml"       # a glob

The files are read in order (the including file first, then each include in turn, depth first) and their
``sources``, ``actors``, ``systems``, ``events`` and ``units`` lists are joined into one log, which is then read
and checked exactly like a single file: ids are unique across all files, references resolve across files.

Every problem keeps the file it stands in: each file's node tree is parsed on its own and its lines shifted by
an offset, so that one line number runs through the whole workspace (file k's line n is ``offset_k + n``);
:func:`irru.errors.locate` maps it back to the file and its line, for messages and for record ``line`` fields
(``Log.files`` holds the offsets).

The cache (:mod:`irru.logfile.cache`) is keyed by bytes made of every file's SHA-256, so an edit to any file
of the workspace is never served stale. To find the files without parsing all of them, the ``include:`` block
of each file is read on its own (:func:`_scan_includes`); a log is stored only when that light reading named the
same files as the full one.
"""

from __future__ import annotations

import glob
import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import FileSpan, LogError, Problem
from ..hints import Suggester, did_you_mean
from ..model import Log
from .nodes import KIND_NAMES, Map, Node, Scalar, Seq

if TYPE_CHECKING:
    from .entry import FactsMaker

INCLUDE_LINE = re.compile(rb"^include[ \t]*:", re.M)
_INCLUDE_AFTER_BREAK = re.compile(rb"\ninclude[ \t]*:")
_NEXT_TOP_KEY = re.compile(rb"\n[^\s#-]")  # the line after a top-level block
LIST_KEYS = ("sources", "actors", "systems", "events", "units")
FILE_KEYS = ("schema", "include", *LIST_KEYS)  # the top-level keys any file of a workspace may hold
GLOB_CHARS = re.compile(r"[*?\[]")
SUFFIXES = (".yaml", ".yml")
MAX_FILES = 10_000
MAX_DEPTH = 100  # files included from included files...: a chain deeper than this is refused, never recursed into
LOG_KEY_LINE = re.compile(rb"^(?:schema|include|sources|actors|systems|events|units)[ \t]*:", re.M)
INCLUDE_DIRS = "IRRU_INCLUDE_DIRS"


def include_roots(top: Path) -> tuple[Path, ...]:
    """The directories includes may read from: the top log file's own directory (and everything under it), and
    those named in IRRU_INCLUDE_DIRS (separated by the system's path separator, ':' on Linux and macOS)."""
    extra = [d for d in os.environ.get(INCLUDE_DIRS, "").split(os.pathsep) if d.strip()]
    return (top.resolve().parent, *(Path(d).expanduser().resolve() for d in extra))


def _inside(path: str | Path, roots: tuple[Path, ...]) -> bool:
    real = Path(os.path.realpath(path))
    return any(real == r or real.is_relative_to(r) for r in roots)


def has_include(data: bytes) -> bool:
    """Does this file start a workspace (a top-level ``include:`` line)? (Searched for after a line break, which
    a regular expression finds far faster in a large file than the start of every line.)"""
    return _include_key(data) is not None


@dataclass(frozen=True)
class Reading:
    """What :mod:`.load` lends a workspace to read each file as it reads one (passed in: load imports this module)."""

    decode: Callable[[bytes, str], str]
    load_tree: Callable[..., Log]  # load.load_tree(root, problems, path, text, *, files, where)
    max_bytes: int
    reparse_limit: int


@dataclass
class Part:
    """One file of a workspace."""

    name: str  # as messages show it: the including file's directory joined with the include
    path: Path
    data: bytes
    offset: int = 0
    text: str | None = None
    root: Node | None = None
    problems: list[Problem] = field(default_factory=list)


def read_workspace(
    path: Path,
    name: str,
    data: bytes,
    how: Reading,
    *,
    use_libyaml: bool = True,
    use_cache: bool = False,
    facts: FactsMaker | None = None,
    defer_store: bool = False,
) -> Log:
    """Read a log file that includes others, with every file's problems reported in that file.

    Cached, it is served like a single file (the indexes, the planned path), with the layout of its files as
    scanned now (an entry is keyed by the files' contents, so the same files elsewhere share it). ``facts`` and
    ``defer_store``: as :func:`irru.logfile.load.read_log`."""
    from . import cache

    key = None
    if use_cache:
        scanned = _scan(path, name, data, how)
        if scanned is not None:
            key = _cache_key(scanned)

            def reparse() -> Log:  # should the entry prove corrupt once in use
                return read_workspace(path, name, data, how, use_libyaml=use_libyaml)

            cached = cache.load(key, name, reparse, facts=facts)
            if cached is not None:
                return cache.with_files(cached, _layout(scanned))
            # The scan does not check that the files are text: an entry exists only for files that were (it is
            # keyed by their bytes). A file that is not is reported by the full read below, never re-used.
            found = _reused(path, name, how, scanned, reparse) if use_libyaml and _all_text(scanned, how) else None
            if found is not None:
                _store(key, found, scanned, path, facts, defer_store)
                return found
    # As load.load_text: when libyaml finds a problem, or a hand-sized workspace holds a tab (libyaml is more
    # lenient about tabs), read again with the reference parser, so messages do not depend on libyaml.
    try:
        log, parts = _read(path, name, data, how, use_libyaml=use_libyaml)
    except LogError:
        total = sum(len(p.data) for p in _scan(path, name, data, how) or [])
        if not use_libyaml or total > how.reparse_limit:
            raise
        log, parts = _read(path, name, data, how, use_libyaml=False)
    else:
        if use_libyaml and any(b"\t" in p.data for p in parts) and sum(len(p.data) for p in parts) <= how.reparse_limit:
            log, parts = _read(path, name, data, how, use_libyaml=False)
    if (
        key is not None
        and scanned is not None
        and [(p.path, p.data) for p in scanned] == [(p.path, p.data) for p in parts]
    ):
        _store(key, log, parts, path, facts, defer_store)
    return log


def _store(key: bytes, log: Log, parts: list[Part], top: Path, facts: FactsMaker | None, defer: bool) -> None:
    """Store the workspace's entry (after the answer, with ``defer``), noted for its top file."""
    from . import cache

    files = ([p.data for p in parts], [offset for _name, offset in _layout(parts)])
    if defer:
        cache.defer(lambda: cache.store(key, log, facts=facts, files=files, top=str(top)))
    else:
        cache.store(key, log, facts=facts, files=files, top=str(top))


def _reused(path: Path, name: str, how: Reading, scanned: list[Part], reparse: Callable[[], Log]) -> Log | None:
    """The workspace read again after an edit, re-using the events of its previous entry whose text is unchanged
    (:mod:`irru.logfile.reuse`); None when it cannot be. A file that holds a tab is read by the reference parser
    when the workspace is small: such a workspace is never re-used."""
    from . import cache, reuse

    if any(b"\t" in p.data for p in scanned):
        return None
    previous = cache.previous(str(path), name)
    if previous is None:
        return None

    def parse(texts: list[bytes], ids: dict[str, int]) -> Log | None:
        contents = {p.path: text for p, text in zip(scanned, texts, strict=True)}
        try:
            log, parts = _read(path, name, texts[0], how, use_libyaml=True, contents=contents, seed=ids)
        except LogError:
            return None
        return log if [p.path for p in parts] == [p.path for p in scanned] else None

    offsets = [offset for _name, offset in _layout(scanned)]
    return reuse.reload([p.data for p in scanned], offsets, previous, parse, reparse)


def _all_text(parts: list[Part], how: Reading) -> bool:
    try:
        for p in parts:
            how.decode(p.data, p.name)
    except LogError:
        return False
    return True


def _cache_key(parts: list[Part]) -> bytes:
    """Bytes that change whenever any file changes, or the list of files does (the cache hashes them again)."""
    return b"irru-workspace-1\n" + b"".join(hashlib.sha256(p.data).digest() for p in parts)


def _layout(parts: list[Part]) -> tuple[tuple[str, int], ...]:
    offset = 0
    out = []
    for p in parts:
        out.append((p.name, offset))
        offset += p.data.count(b"\n") + 2
    return tuple(out)


def _read(
    path: Path,
    name: str,
    data: bytes,
    how: Reading,
    *,
    use_libyaml: bool,
    contents: dict[Path, bytes] | None = None,
    seed: dict[str, int] | None = None,
) -> tuple[Log, list[Part]]:
    """The workspace read and checked, and its files. ``contents``: the text to read for these files instead of
    theirs, and ``seed``: event ids defined elsewhere (see :func:`_reused`)."""
    from . import yamltree

    parts: list[Part] = []
    problems: list[Problem] = []
    seen: dict[Path, Part] = {}
    offset = 0
    roots = include_roots(path)
    suggesters: dict[str, Suggester] = {}

    def visit(part: Part, chain: list[Path], by: Scalar | None = None) -> None:
        nonlocal offset
        part.offset = offset
        offset += part.data.count(b"\n") + 2
        parts.append(part)
        seen[part.path] = part
        part.text = how.decode(part.data, part.name)  # the first file's own problem; included files are checked first
        root, found = yamltree.parse(part.text, use_libyaml=use_libyaml)
        if by is not None and not _looks_like_a_log(part.data, root):
            # Not a log (/etc/passwd, a key file): say so where it is included, and show nothing of it.
            part.text = None
            problems.append(
                Problem(
                    by.line, by.col, f"included file '{part.name}' is not a log: it has none of {', '.join(FILE_KEYS)}"
                    " at its top level (nothing of it is shown)",
                )
            )  # fmt: skip
            return
        if root is None and not found:
            found = [Problem(1, 1, "the file is empty; a log file starts with 'schema: 2'")]
        for p in found:
            problems.append(Problem(p.line + part.offset if p.line else part.offset + 1, p.col, p.message))
        if root is None:
            return
        _shift(root, part.offset)
        part.root = root
        if not isinstance(root, Map):
            what = "the top level of a log" if not chain else "an included file"
            problems.append(
                Problem(
                    root.line, root.col, f"{what} must be a mapping (key: value lines), not {KIND_NAMES[type(root)]}"
                )
            )
            return
        entry = root.items.get("include")
        if entry is None:
            return
        for item, pattern in _patterns(entry[1], problems):
            if len(chain) + 1 >= MAX_DEPTH:
                problems.append(
                    Problem(
                        item.line, item.col, f"includes nested more than {MAX_DEPTH} files deep; include the files"
                        " from a file nearer the top",
                    )
                )  # fmt: skip
                return
            for match in _expand(part, item, pattern, problems, roots, suggesters):
                resolved = match.path
                if resolved in chain or resolved == part.path:
                    if not GLOB_CHARS.search(pattern) and not Path(part.path.parent, pattern).is_dir():
                        path_ = [*chain, part.path]
                        ring = " → ".join(p.name for p in [*path_, resolved][path_.index(resolved) :])
                        problems.append(Problem(item.line, item.col, f"include goes round in a circle: {ring}"))
                    continue
                if resolved in seen:
                    continue  # a file is read once, however many includes name it
                if len(parts) >= MAX_FILES:
                    problems.append(Problem(item.line, item.col, f"a workspace holds at most {MAX_FILES} files"))
                    return
                if not _readable(match, item, problems, how, contents):
                    continue
                visit(match, [*chain, part.path], item)

    visit(Part(name, path.resolve(), data), [])
    files: list[FileSpan] = [(p.name, p.offset, p.text) for p in parts]
    root = _combine(parts, problems)

    def where(line: int) -> str:
        from ..errors import locate

        i, local = locate(files, line)
        return f"line {local} of {files[i][0]}" if len(files) > 1 else f"line {local}"

    if root is None:
        raise LogError(name, problems, parts[0].text, files)
    return how.load_tree(root, problems, name, parts[0].text, files=files, where=where, seed=seed), parts


def _patterns(node: Node, problems: list[Problem]) -> list[tuple[Scalar, str]]:
    items = node.items if isinstance(node, Seq) else [node]
    out = []
    for item in items:
        if not isinstance(item, Scalar) or not item.value.strip():
            what = "empty" if isinstance(item, Scalar) else KIND_NAMES[type(item)]
            problems.append(
                Problem(item.line, item.col, f"each include must be a file name, directory or glob, not {what}")
            )
            continue
        out.append((item, item.value.strip()))
    return out


def _looks_like_a_log(data: bytes, root: Node | None) -> bool:
    """An included file is read as a log only if it looks like one: a mapping with at least one key a log file
    holds (or, when it is not valid YAML, a line starting with one), so a file that is not a log is never echoed."""
    if not data.strip():
        return True  # empty: said so in that file (there is nothing to show)
    if isinstance(root, Map):
        return any(k in FILE_KEYS for k in root.items)
    return root is None and LOG_KEY_LINE.search(data) is not None


def _expand(
    part: Part, item: Scalar, pattern: str, problems: list[Problem], roots: tuple[Path, ...] = (),
    hints: dict[str, Suggester] | None = None,
) -> list[Part]:  # fmt: skip
    """The files an include names, relative to the including file, each with the name messages use for it.

    Only files under ``roots`` (:func:`include_roots`; links resolved) are named: anything else is a problem,
    found before the file is looked at, so nothing is learnt of what lies outside."""
    base = part.path.parent
    shown_base = os.path.dirname(part.name)
    full = os.path.join(base, pattern)
    outside = roots and (
        not _inside(full, roots) if not GLOB_CHARS.search(pattern) else not _inside(os.path.dirname(full), roots)
    )
    if outside:
        problems.append(
            Problem(
                item.line, item.col, f"include '{pattern}' is outside {roots[0]}, the log's directory; includes stay"
                f" under it (set {INCLUDE_DIRS} to allow another directory)",
            )
        )  # fmt: skip
        return []
    if GLOB_CHARS.search(pattern):
        found = sorted(m for m in glob.glob(full) if os.path.isfile(m) and (not roots or _inside(m, roots)))
        if not found:
            problems.append(Problem(item.line, item.col, f"include '{pattern}' matches no file"))
    elif os.path.isdir(full):
        found = sorted(
            os.path.join(full, f)
            for f in os.listdir(full)
            if f.endswith(SUFFIXES) and os.path.isfile(os.path.join(full, f))
        )
        if not found:
            problems.append(Problem(item.line, item.col, f"directory '{pattern}' holds no .yaml or .yml file"))
    elif os.path.isfile(full):
        found = [full]
    elif os.path.exists(full):
        problems.append(Problem(item.line, item.col, f"included '{pattern}' is not a regular file"))
        found = []
    else:
        hint = ""
        if hints is not None and os.path.isdir(os.path.dirname(full) or "."):
            directory = os.path.dirname(full) or "."
            key = f"{directory}\0{part.path.name}"
            if key not in hints:  # one listing and one index per directory, however many includes miss
                hints[key] = Suggester(f for f in os.listdir(directory) if f != part.path.name)
            hint = hints[key].did_you_mean(os.path.basename(pattern))
        problems.append(Problem(item.line, item.col, f"included file '{pattern}' does not exist{hint}"))
        found = []
    out = []
    for m in found:
        rel = os.path.relpath(m, base)
        out.append(Part(os.path.normpath(os.path.join(shown_base, rel)), Path(m).resolve(), b""))
    return out


def _readable(
    part: Part, item: Scalar, problems: list[Problem], how: Reading, contents: dict[Path, bytes] | None = None,
    *, check_text: bool = True,
) -> bool:  # fmt: skip
    try:
        if part.path.stat().st_size > how.max_bytes:
            problems.append(Problem(item.line, item.col, f"included file '{part.name}' is too large to read"))
            return False
        part.data = contents[part.path] if contents and part.path in contents else part.path.read_bytes()
    except OSError as e:
        problems.append(Problem(item.line, item.col, f"included file '{part.name}' cannot be read: {e.strerror or e}"))
        return False
    if not check_text:
        return True
    try:
        how.decode(part.data, part.name)
    except LogError as e:
        p = e.problems[0]
        problems.append(Problem(item.line, item.col, f"included file '{part.name}' line {p.line}: {p.message}"))
        return False
    return True


def _shift(root: Node, offset: int) -> None:
    """Renumber the tree's lines to the workspace's numbering (explicit stack: no recursion limit)."""
    if not offset:
        return
    stack: list[Node | Scalar] = [root]
    while stack:
        node = stack.pop()
        node.line += offset
        if isinstance(node, Seq):
            stack.extend(node.items)
        elif isinstance(node, Map):
            for key, value in node.items.values():
                stack.append(key)
                stack.append(value)


def _combine(parts: list[Part], problems: list[Problem]) -> Map | None:
    """One top-level mapping holding every file's lists, each item keeping its own (workspace) line."""
    top = parts[0].root
    if not isinstance(top, Map):
        return None
    combined = Map(top.line, top.col)
    schema = top.items.get("schema")
    if schema is not None:
        combined.items["schema"] = schema
    top_schema = schema[1].value.strip() if schema is not None and isinstance(schema[1], Scalar) else None
    for part in parts:
        root = part.root
        if not isinstance(root, Map):
            continue
        for key_name, (key, value) in root.items.items():
            if key_name not in FILE_KEYS:
                if part is parts[0]:
                    combined.items[key_name] = (key, value)  # the reader reports it, with its usual hint
                else:
                    hint = did_you_mean(key_name, FILE_KEYS) or f"; an included file holds {', '.join(FILE_KEYS)}"
                    problems.append(Problem(key.line, key.col, f"unknown key '{key_name}' in an included file{hint}"))
                continue
            if key_name == "include":
                continue
            if key_name == "schema":
                if (
                    part is not parts[0]
                    and isinstance(value, Scalar)
                    and top_schema
                    and value.value.strip() != top_schema
                ):
                    problems.append(
                        Problem(
                            value.line,
                            value.col,
                            f"schema {value.value.strip()} here, but {parts[0].name} is schema {top_schema}; "
                            "the files of a workspace share one schema (or leave 'schema:' out of included files)",
                        )
                    )
                continue
            if not isinstance(value, Seq):
                problems.append(
                    Problem(value.line, value.col, f"{key_name} must be a list, not {KIND_NAMES[type(value)]}")
                )
                continue
            if key_name not in combined.items:
                combined.items[key_name] = (key, Seq(value.line, value.col))
            target = combined.items[key_name][1]
            assert isinstance(target, Seq)
            target.items.extend(value.items)
    return combined


def _scan(path: Path, name: str, data: bytes, how: Reading) -> list[Part] | None:
    """The workspace's files and their bytes, found by reading only each file's ``include:`` block.

    None when that is not enough (an include that is not a plain list of names, a file that cannot be read):
    the caller then reads the workspace in full, without the cache."""
    parts: list[Part] = []
    seen: set[Path] = set()
    roots = include_roots(path)

    def visit(part: Part, chain: list[Path]) -> bool:
        if len(parts) >= MAX_FILES or len(chain) + 1 >= MAX_DEPTH:
            return False
        parts.append(part)
        seen.add(part.path)
        patterns = _scan_includes(part.data)
        if patterns is None:
            return False
        for pattern in patterns:
            scratch: list[Problem] = []
            dummy = Scalar(pattern, 0, 0)
            for match in _expand(part, dummy, pattern, scratch, roots):
                if match.path in chain or match.path == part.path or match.path in seen:
                    continue
                if not _readable(match, dummy, scratch, how, check_text=False) or not visit(match, [*chain, part.path]):
                    return False
            if scratch:
                return False
        return True

    return parts if visit(Part(name, path.resolve(), data), []) else None


def _include_key(data: bytes) -> re.Match[bytes] | None:
    """The top-level ``include:`` key: at the start, or after a line break. ``bytes.find`` skips to each candidate
    (a regex search steps through every byte of a large file in Python's engine)."""
    m = INCLUDE_LINE.match(data)
    i = data.find(b"\ninclude")
    while m is None and i != -1:
        m = _INCLUDE_AFTER_BREAK.match(data, i)
        i = data.find(b"\ninclude", i + 1)
    return m


def _scan_includes(data: bytes) -> list[str] | None:
    """The patterns of the file's top-level ``include:`` ([] without one), read from that block alone."""
    m = _include_key(data)
    if m is None:
        return []
    start = m.start() + (data[m.start() : m.start() + 1] == b"\n")
    end = _NEXT_TOP_KEY.search(data, m.end())
    block = data[start : end.start() + 1 if end else len(data)]
    import yaml

    try:
        value = yaml.load(block.decode("utf-8"), Loader=getattr(yaml, "CBaseLoader", yaml.BaseLoader))
    except (yaml.YAMLError, UnicodeDecodeError):
        return None
    if not isinstance(value, dict) or "include" not in value:
        return None
    v = value["include"]
    items = v if isinstance(v, list) else [v]
    if not all(isinstance(i, str) and i.strip() for i in items):
        return None
    return [i.strip() for i in items]
