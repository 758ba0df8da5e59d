"""A cache of parsed logs that answers queries without building the whole log.

Each valid log read is stored once as an indexed SQLite database (standard library ``sqlite3``); a repeated query
reads the small tables (sources, actors, systems) whole, asks the indexes which events can match, and decodes
only those. What holds:

- **Keyed by content, the log's and the code's.** The entry's name is the SHA-256 of the file's bytes, the
  fingerprint of irru's own files (:func:`code_fingerprint`: every rule, renderer and template), the cache format
  and the layout of the model's records (:data:`irru.logfile.records.LAYOUT`): an edited file, whatever its
  mtime, is never served stale, and a changed irru (a rule edited, another version installed) never reads an
  answer an earlier one stored.
- **Only valid logs are cached.** A log with problems is parsed every time, with full line and column reporting.
- **An edit costs what it changed.** A file read again after an edit re-uses the events of its previous version's
  entry whose text is unchanged (:mod:`irru.logfile.reuse`; the entry is found through the file's note, see
  :func:`previous`), and parses the rest.
- **Verified as it is read, never trusted.** The table definitions must be the ones irru writes; every record
  decoded is checked for shape, types, dates and references (:mod:`irru.logfile.records`); the actors' ``part_of``
  must not loop; an event's indexed columns must agree with its record; every table SQL reads without decoding
  is checked against its digest, every stored text against its seal, and every table's row count against the
  one noted (see :data:`irru.logfile.entry.DIGESTED`). Any failure discards the entry and the log is parsed
  again: an inconsistent cache means a slower run, never a traceback, a hang or a wrong answer.
  No pickle: reading a cache entry cannot run code.
- **Where a user expects it, and nobody else's.** ``$XDG_CACHE_HOME/irru`` (``~/.cache/irru``; a relative
  ``XDG_CACHE_HOME`` is ignored, as the XDG specification says). Every directory on the way from ``/`` is opened
  with ``O_NOFOLLOW`` relative to its parent's descriptor and must belong to the user or root and be writable by
  nobody else (or be sticky, as ``/tmp``); a symbolic link on the way is followed only when the user or root owns
  it. The ``irru`` directory itself must be the user's alone (it is created ``0700``), entries are ``0600``
  regular files, and SQLite reads the very file irru opened and checked (through ``/proc/self/fd`` on Linux).
- **Atomic.** An entry is built in memory, written to a temporary file and renamed into place.
- **Pruned.** After each new entry: temporary files of runs that died more than an hour ago are removed, then
  entries unused for :func:`max_age_days` days (``IRRU_CACHE_MAX_AGE_DAYS``, default 30), then the least recently
  used until the total is at most :func:`max_total_bytes` (``IRRU_CACHE_MAX_MB``, default 1024). ``irru cache
  info`` lists the entries, ``irru cache clear`` removes them.
- **Switchable off:** ``--no-cache`` or ``IRRU_NO_CACHE=1``.

This module keeps the directory and the entries' life; an entry's tables and the log read from them are
:mod:`irru.logfile.entry`'s, the query planner :mod:`irru.logfile.planner`'s.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import io
import json
import os
import stat
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import Log
from . import records
from .entry import ALL_EVENTS, FORMAT, LOG_EXTRAS, CachedLog, FactsMaker, build

if TYPE_CHECKING:
    import sqlite3

SUFFIX = ".sqlite"
TEMP_PREFIX = ".tmp-"
STALE_TEMP_SECONDS = 3600
TOUCH_SECONDS = 3600  # an entry's mtime (its last use) is refreshed at most this often
DEFAULT_MAX_AGE_DAYS = 30
DEFAULT_MAX_MB = 1024


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "irru"


def key(data: bytes, code: str | None = None) -> str:
    """The entry's name for a log's bytes (``code``: the code's fingerprint, computed here if not given)."""
    return f"{hashlib.sha256(data).hexdigest()}-{_code_suffix(code)}"


def _code_suffix(code: str | None = None) -> str:
    return f"{code or code_fingerprint()}-{FORMAT}-{records.LAYOUT}"


# --- the code's fingerprint ----------------------------------------------------------------------------
#
# What the cache stores (flags, texts, counts) is computed by irru's code, so the code is part of every key: a
# SHA-256 of every file of the package (sources, templates, scripts; compiled files excluded), by path. Reading
# and hashing them all costs ~10-20 ms, too much for every run; listing them with their size and mtime costs well
# under 1 ms. So the digest is noted in the cache directory under a name made from that listing ("code-" +
# a hash of every file's path, size and mtime to the nanosecond), and computed again only when a file of the
# package is added, removed, or written (which sets its mtime).

CODE_PREFIX = "code-"
_CODE: list[str] = []  # this run's fingerprint, once known


def _package_files() -> list[tuple[str, int, int]]:
    """Every file of the irru package: (path relative to it, size, mtime in ns), sorted."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out: list[tuple[str, int, int]] = []
    todo = [""]
    while todo:
        rel = todo.pop()
        with os.scandir(os.path.join(root, rel)) as it:
            for e in it:
                if e.name.startswith(".") or e.name == "__pycache__":
                    continue
                name = f"{rel}/{e.name}" if rel else e.name
                if e.is_dir(follow_symlinks=False):
                    todo.append(name)
                elif not e.name.endswith((".pyc", ".pyo")):
                    st = e.stat()
                    out.append((name, st.st_size, st.st_mtime_ns))
    return sorted(out)


def _digest_files(files: list[tuple[str, int, int]]) -> str:
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    h = hashlib.sha256()
    for name, _size, _mtime in files:
        with open(os.path.join(root, name), "rb") as f:
            body = f.read()
        h.update(f"{name}\0{len(body)}\0".encode("utf-8", "surrogateescape"))
        h.update(body)
    return h.hexdigest()


def code_fingerprint(dirfd: int | None = None) -> str:
    """A digest of irru's own files (24 hex digits); noted in the cache directory (``dirfd``) by their listing."""
    if _CODE:
        return _CODE[0]
    files = _package_files()
    listing = hashlib.sha256(json.dumps(files).encode("utf-8", "surrogateescape")).hexdigest()[:40]
    name = CODE_PREFIX + listing
    found = None
    if dirfd is not None:
        fd = _entry_fd(dirfd, name)
        if fd is not None:
            with os.fdopen(fd, "rb") as f:
                text = f.read(100).decode("ascii", "replace")
            if len(text) == 64 and all(c in "0123456789abcdef" for c in text):
                found = text
    if found is None:
        found = _digest_files(files)
        if dirfd is not None:
            with contextlib.suppress(OSError):
                _write_atomically(dirfd, name, found.encode("ascii"))
    _CODE.append(found[:24])
    return _CODE[0]


def _env_number(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.isdigit() else default


def max_age_days() -> int:
    return _env_number("IRRU_CACHE_MAX_AGE_DAYS", DEFAULT_MAX_AGE_DAYS)


def max_total_bytes() -> int:
    return _env_number("IRRU_CACHE_MAX_MB", DEFAULT_MAX_MB) * 1024 * 1024


# --- the directory: checked from / down, without following links nobody trusted ---------------------


class Unsafe(Exception):
    """The cache directory cannot be used; the message says why."""


class Missing(Unsafe):
    """The cache directory (or one above it) does not exist yet."""


def _uid() -> int:
    return os.getuid() if hasattr(os, "getuid") else 0


def _trusted_dir(st: os.stat_result, path: str) -> None:
    if not stat.S_ISDIR(st.st_mode):
        raise Unsafe(f"{path} is not a directory")
    if st.st_uid not in (_uid(), 0):
        raise Unsafe(f"{path} belongs to another user")
    if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH) and not st.st_mode & stat.S_ISVTX:
        raise Unsafe(f"{path} can be written by other users")


def open_dir(*, create: bool) -> int:
    """A descriptor of the cache directory, every step of its path checked; raises :class:`Unsafe`.

    Not found (and not ``create``) is an Unsafe too: the caller treats both as "no cache".
    """
    target = cache_dir()
    if not hasattr(os, "O_NOFOLLOW") or os.open not in os.supports_dir_fd:
        raise Unsafe("this system cannot open directories safely (no O_NOFOLLOW or dir_fd)")
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    todo = list(reversed(target.parts[1:]))  # a stack: next component last
    fd = os.open("/", flags)
    where = "/"
    links = 0
    try:
        while todo:
            name = todo.pop()
            if name in ("", "."):
                continue
            last = not todo
            try:
                st = os.stat(name, dir_fd=fd, follow_symlinks=False)
            except FileNotFoundError:
                if not create:
                    raise Missing(f"{os.path.join(where, name)} does not exist") from None
                with contextlib.suppress(FileExistsError):
                    os.mkdir(name, 0o700, dir_fd=fd)
                st = os.stat(name, dir_fd=fd, follow_symlinks=False)
            path = os.path.join(where, name)
            if stat.S_ISLNK(st.st_mode):
                if last:
                    raise Unsafe(f"{path} is a symbolic link")
                if st.st_uid not in (_uid(), 0):
                    raise Unsafe(f"{path} is a symbolic link owned by another user")
                links += 1
                if links > 40:
                    raise Unsafe(f"{path}: too many symbolic links")
                dest = os.readlink(name, dir_fd=fd)
                todo.extend(reversed(Path(dest).parts[1:] if dest.startswith("/") else Path(dest).parts))
                if dest.startswith("/"):
                    os.close(fd)
                    fd, where = os.open("/", flags), "/"
                continue
            new = os.open(name, flags, dir_fd=fd)
            os.close(fd)
            fd, where = new, path
            st = os.fstat(fd)
            _trusted_dir(st, path)
            if last:
                if st.st_uid != _uid():
                    raise Unsafe(f"{path} belongs to another user")
                if (
                    st.st_mode
                    & (stat.S_IRWXG | stat.S_IRWXO)
                    & ~(stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH)
                ):
                    raise Unsafe(f"{path} can be written by other users")
        return fd
    except Unsafe:
        os.close(fd)
        raise
    except OSError as e:
        os.close(fd)
        raise Unsafe(f"{where}: {e.strerror or e}") from None


def _entry_fd(dirfd: int, name: str) -> int | None:
    """The entry opened read-only, if it is a regular file of ours that nobody else can write."""
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0), dir_fd=dirfd)
    except OSError:
        return None
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode) or st.st_uid != _uid() or st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        os.close(fd)
        return None
    return fd


def _connect(fd: int, dirfd: int, name: str) -> sqlite3.Connection:
    """A read-only connection to the file open as ``fd`` (the same inode, not whatever the path now names)."""
    import sqlite3

    proc = f"/proc/self/fd/{fd}"
    # Without /proc: the path, in a directory only we can write to.
    path = proc if os.path.exists(proc) else str(cache_dir() / name)
    uri = "file:" + path.replace("%", "%25").replace("?", "%3f").replace("#", "%23") + "?mode=ro&immutable=1"
    return sqlite3.connect(uri, uri=True, check_same_thread=False)


# --- the entry points the loader uses -----------------------------------------------------------------


@dataclass(frozen=True)
class Origin:
    """Where the bytes came from: the file, its status before it was read, and when the read began."""

    path: str
    before: os.stat_result
    started: float


def load(
    data: bytes,
    name: str,
    reparse: Callable[[], Log] | None = None,
    origin: Origin | None = None,
    *,
    facts: FactsMaker | None = None,
) -> Log | None:
    """The cached log for these bytes, or None on a miss (or an unusable, unsafe or corrupt entry).

    ``reparse`` gives the log parsed afresh; it is called should an entry prove corrupt after it is opened.
    Without it (a workspace of several files), every event is decoded and checked at once and a plain
    :class:`~irru.model.Log` returned.
    ``origin``: the file the bytes were read from, so that the next run can find the entry by its status
    (:func:`load_known`). ``facts``: what computes the facts of the planned path; an entry built without them (by
    ``irru check``) gets them now, from its own events (see :func:`_with_facts`)."""
    try:
        dirfd = open_dir(create=False)
    except Unsafe:
        return None
    try:
        k = key(data, code_fingerprint(dirfd))
    except OSError:
        os.close(dirfd)
        return None
    try:
        if reparse is None:
            return _open_whole(dirfd, k, name)
        log = _open_entry(dirfd, k, name, reparse, facts)
        if log is not None and origin is not None:
            _remember(dirfd, origin, k)
        return _with_facts(dirfd, k, name, reparse, log, facts)
    finally:
        os.close(dirfd)


def _with_facts(
    dirfd: int, k: str, name: str, reparse: Callable[[], Log], log: Log | None, facts: FactsMaker | None
) -> Log | None:
    """The entry with the facts of the as-of-independent view: an entry built without them (``irru check``) is
    rebuilt from its own events (decoded and checked: no parse of the file) and opened again."""
    if facts is None or not isinstance(log, CachedLog) or log.has_facts:
        return log
    events = log.events  # every event decoded and checked; a corrupt entry is discarded and the log parsed
    if log._parsed is not None:
        return log
    extras = {extra: getattr(log, extra) for extra in LOG_EXTRAS}
    whole = Log(log.path, log.schema, log.sources, log.actors, log.systems, events, **extras)
    try:
        chunks = log.chunk_rows()
    except records.Corrupt:
        chunks = []  # the next version of the file is parsed whole
    try:
        _build_atomically(dirfd, k + SUFFIX, whole, k, facts=facts, chunks=chunks)
    except Exception:
        return log
    return _open_entry(dirfd, k, name, reparse, facts) or log


def with_files(log: Log, files: tuple[tuple[str, int], ...]) -> Log:
    """The log with a workspace's layout of files (a cached log keeps serving from its entry)."""
    if isinstance(log, CachedLog):
        object.__setattr__(log, "files", files)
        return log
    return dataclasses.replace(log, files=files)


def _open_whole(dirfd: int, k: str, name: str) -> Log | None:
    def no_reparse() -> Log:
        raise records.Corrupt

    log = _open_entry(dirfd, k, name, no_reparse)
    if not isinstance(log, CachedLog):
        return None
    try:
        events = tuple(log._decode(ALL_EVENTS, ()))
    except records.Corrupt:
        _unlink(dirfd, k + SUFFIX)
        return None
    extras = {extra: getattr(log, extra) for extra in LOG_EXTRAS}
    return Log(log.path, log.schema, log.sources, log.actors, log.systems, events, **extras)


def _open_entry(
    dirfd: int, k: str, name: str, reparse: Callable[[], Log], facts: FactsMaker | None = None
) -> Log | None:
    entry = k + SUFFIX
    fd = _entry_fd(dirfd, entry)
    if fd is None:
        return None
    try:
        db = _connect(fd, dirfd, entry)
    except Exception:  # sqlite3.Error: not a database we can open
        os.close(fd)
        _unlink(dirfd, entry)
        return None
    finally:
        with contextlib.suppress(OSError):
            os.close(fd)  # sqlite holds its own descriptor of the same file

    def discard() -> None:
        _remove(entry)

    try:
        log = CachedLog(db, name, discard, reparse, facts)
    except records.Corrupt:
        db.close()
        _unlink(dirfd, entry)
        return None
    _touch(dirfd, entry)
    return log


# --- finding an entry without reading the file: its status as last seen -----------------------------------
#
# Reading and hashing a log costs about 1.5 s per GB. A run that hashed a file also notes the file's status
# (device, inode, size, mtime and ctime, to the nanosecond) under "fp-" + a hash of its absolute path; the next
# run whose stat() of that path gives exactly the same status uses the same entry without reading the file.
# Any write to a file sets its ctime to the current time, and no call lets a user set it back, so an edited file
# never matches. To rule out an edit within the clock's granularity of the one noted, the status is noted only
# when the file had not changed for RACY_SECONDS before it was read (git's "racily clean" rule).

RACY_SECONDS = 2.0
FP_PREFIX = "fp-"


def _status(st: os.stat_result) -> list[int]:
    return [st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]


def _fp_name(path: str) -> str:
    return FP_PREFIX + hashlib.sha256(os.path.abspath(path).encode("utf-8", "surrogateescape")).hexdigest()[:40]


def _remember(dirfd: int, origin: Origin, k: str) -> None:
    """Note the entry of the file at ``origin``: with its status when it may be found by it (:func:`load_known`);
    without (null) when the file changed while read or too recently, so the note only names the entry the next
    version of the file may re-use events from (:func:`previous`)."""
    try:
        after = os.stat(origin.path)
    except OSError:
        return
    status: list[int] | None = _status(after)
    if status != _status(origin.before) or after.st_ctime > origin.started - RACY_SECONDS:
        status = None
    _note(dirfd, origin.path, status, k)


def _note(dirfd: int, path: str, status: list[int] | None, k: str) -> None:
    """Write the note of the file at ``path`` (a workspace's top file: never with a status, as its entry depends
    on other files)."""
    doc = json.dumps({"path": os.path.abspath(path), "status": status, "key": k})
    name = _fp_name(path)
    with contextlib.suppress(OSError):
        fd = _entry_fd(dirfd, name)
        if fd is not None:
            with os.fdopen(fd, "rb") as f:
                if f.read(4096) == doc.encode("utf-8", "surrogateescape"):
                    return  # already noted
        _write_atomically(dirfd, name, doc.encode("utf-8", "surrogateescape"))


def _noted_key(dirfd: int, path: str) -> tuple[str, object] | None:
    """The entry noted for the file at ``path`` (its key and the status noted, see :func:`_remember`), if the note
    is sound and names an entry of this irru."""
    fd = _entry_fd(dirfd, _fp_name(path))
    if fd is None:
        return None
    with os.fdopen(fd, "rb") as f:
        doc = json.loads(f.read(4096))
    if (
        type(doc) is not dict
        or doc.get("path") != os.path.abspath(path)
        or type(doc.get("key")) is not str
        or "/" in doc["key"]
        or doc["key"].startswith(".")
        or not doc["key"].endswith("-" + _code_suffix(code_fingerprint(dirfd)))
    ):
        return None
    return doc["key"], doc.get("status")


def previous(path: str, name: str) -> CachedLog | None:
    """The entry of the last version of the file at ``path`` that was read (whatever it holds now), opened and
    verified as any entry; its events may be re-used (:mod:`irru.logfile.reuse`), never served as they are."""

    def no_reparse() -> Log:
        raise records.Corrupt

    try:
        dirfd = open_dir(create=False)
    except Unsafe:
        return None
    try:
        noted = _noted_key(dirfd, path)
        if noted is None:
            return None
        log = _open_entry(dirfd, noted[0], name, no_reparse)
        return log if isinstance(log, CachedLog) else None
    except (OSError, ValueError, RecursionError):
        return None
    finally:
        os.close(dirfd)


def load_known(
    path: str, before: os.stat_result, name: str, reparse: Callable[[], Log], *, facts: FactsMaker | None = None
) -> Log | None:
    """The cached log for the file at ``path`` if its status is exactly the one noted when it was last hashed."""
    try:
        dirfd = open_dir(create=False)
    except Unsafe:
        return None
    try:
        noted = _noted_key(dirfd, path)
        if noted is None or noted[1] != _status(before):
            return None
        log = _open_entry(dirfd, noted[0], name, reparse, facts)
        return _with_facts(dirfd, noted[0], name, reparse, log, facts)
    except (OSError, ValueError, RecursionError):
        return None
    finally:
        os.close(dirfd)


def _remove(entry: str) -> None:
    try:
        dirfd = open_dir(create=False)
    except Unsafe:
        return
    try:
        _unlink(dirfd, entry)
    finally:
        os.close(dirfd)


def _unlink(dirfd: int, name: str) -> bool:
    try:
        os.unlink(name, dir_fd=dirfd)
        return True
    except OSError:
        return False


def _touch(dirfd: int, name: str) -> None:
    try:
        st = os.stat(name, dir_fd=dirfd, follow_symlinks=False)
        if time.time() - st.st_mtime > TOUCH_SECONDS:
            os.utime(name, dir_fd=dirfd, follow_symlinks=False)
    except (OSError, NotImplementedError):
        pass


def _write_atomically(dirfd: int, name: str, blob: bytes) -> None:
    tmp = f"{TEMP_PREFIX}{os.getpid()}-{os.urandom(4).hex()}{SUFFIX}"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(tmp, flags, 0o600, dir_fd=dirfd)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(blob)
        os.replace(tmp, name, src_dir_fd=dirfd, dst_dir_fd=dirfd)
    except BaseException:
        _unlink(dirfd, tmp)
        raise


def _build_atomically(
    dirfd: int,
    name: str,
    log: Log,
    k: str,
    *,
    facts: FactsMaker | None = None,
    chunks: Sequence[tuple[int, int, str]] = (),
) -> None:
    """Build the entry straight into a temporary file (SQLite writes it through /proc/self/fd, so the file is the
    one created here, in the checked directory), then rename it into place."""
    tmp = f"{TEMP_PREFIX}{os.getpid()}-{os.urandom(4).hex()}{SUFFIX}"
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(tmp, flags, 0o600, dir_fd=dirfd)
    try:
        proc = f"/proc/self/fd/{fd}"
        if os.path.exists(proc):
            build(log, k, proc, facts=facts, chunks=chunks)
        else:  # no /proc: build in memory and write the bytes
            blob = build(log, k, facts=facts, chunks=chunks)
            assert blob is not None
            with os.fdopen(os.dup(fd), "wb") as f:
                f.write(blob)
        os.replace(tmp, name, src_dir_fd=dirfd, dst_dir_fd=dirfd)
    except BaseException:
        _unlink(dirfd, tmp)
        raise
    finally:
        os.close(fd)


# --- writing an entry after the answer -----------------------------------------------------------------------
#
# A query that had to parse its log answers from the parse; building the entry (as costly again, with the facts)
# waits until the answer is out: the command line runs :func:`run_deferred` when the command is done.

_DEFERRED: list[Callable[[], None]] = []


def defer(work: Callable[[], None]) -> None:
    """Run ``work`` at :func:`run_deferred` (after the command's output), not now."""
    _DEFERRED.append(work)


def run_deferred() -> None:
    """Flush the output and let go of it, then do the work deferred (each failure only means no cache entry).

    The process's own stdout and stderr are pointed at /dev/null first, so whatever reads them (a pipe, ``$(…)``)
    has the whole answer and its end at once, and does not wait for the entry to be written."""
    import sys

    if not _DEFERRED:
        return
    failing = sys.exc_info()[1]
    if isinstance(failing, OSError) and not isinstance(failing, BrokenPipeError):
        return  # the output failed (a full disk): the caller says so, on the stderr it has; no entry this time
    # An output that cannot be written (a full disk) is reported as before, by the caller; a reader that went away
    # does not want the answer, but the entry is still wanted.
    with contextlib.suppress(BrokenPipeError):
        sys.stdout.flush()
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.flush()
    with contextlib.suppress(OSError, ValueError, AttributeError, io.UnsupportedOperation):
        if sys.stdout.fileno() == 1 and sys.stderr.fileno() == 2:  # the process's own, not a test's capture
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, 1)
            os.dup2(null, 2)
            os.close(null)
    while _DEFERRED:
        work = _DEFERRED.pop(0)
        with contextlib.suppress(Exception):
            work()


def store(
    data: bytes,
    log: Log,
    origin: Origin | None = None,
    *,
    facts: FactsMaker | None = None,
    files: tuple[Sequence[bytes], Sequence[int]] | None = None,
    top: str | None = None,
) -> None:
    """Write the cache entry atomically, then prune; any failure only means there is no cache. ``facts``: see
    :func:`irru.logfile.entry.build`. A workspace's (``data``: the bytes its key is made of) gives ``files``, the
    bytes of each file and its line offset, and ``top``, its top file, whose note names the entry for the next
    version to re-use events from (:mod:`irru.logfile.reuse`)."""
    try:
        dirfd = open_dir(create=True)
    except Unsafe:
        return
    try:
        from . import reuse

        k = key(data, code_fingerprint(dirfd))
        datas, offsets = files if files is not None else ([data], [0])
        _build_atomically(dirfd, k + SUFFIX, log, k, facts=facts, chunks=reuse.rows(datas, offsets, log))
        if origin is not None:
            _remember(dirfd, origin, k)
        elif top is not None:
            _note(dirfd, top, None, k)
        prune(dirfd, keep=k + SUFFIX)
    except Exception:
        return
    finally:
        os.close(dirfd)


# --- listing, pruning, clearing -------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    name: str
    size: int
    used: float  # mtime: the last use (refreshed at most hourly)
    path: str | None = None  # the log it was built from, as named then
    events: int | None = None


def _listing(dirfd: int) -> Iterator[tuple[str, os.stat_result]]:
    for name in os.listdir(dirfd):
        try:
            st = os.stat(name, dir_fd=dirfd, follow_symlinks=False)
        except OSError:
            continue
        if stat.S_ISREG(st.st_mode):
            yield name, st


def _is_entry(name: str) -> bool:
    return not name.startswith(".") and (name.endswith(SUFFIX) or name.endswith(".json"))


def prune(dirfd: int, *, keep: str | None = None, now: float | None = None) -> list[str]:
    """Remove stale temporary files, entries unused for too long, then the least recently used over the size
    limit (never ``keep``). Returns the names removed."""
    now = time.time() if now is None else now
    removed = []
    entries = []
    for name, st in _listing(dirfd):
        if name.startswith(TEMP_PREFIX):
            if now - st.st_mtime > STALE_TEMP_SECONDS and _unlink(dirfd, name):
                removed.append(name)
        elif name.startswith((FP_PREFIX, CODE_PREFIX)):
            if st.st_mtime < now - max_age_days() * 86400 and _unlink(dirfd, name):
                removed.append(name)
        elif _is_entry(name):
            entries.append((st.st_mtime, name, st.st_size))
    entries.sort(reverse=True)  # newest first
    total, limit, oldest = 0, max_total_bytes(), now - max_age_days() * 86400
    for mtime, name, size in entries:
        if name != keep and (mtime < oldest or total + size > limit):
            if _unlink(dirfd, name):
                removed.append(name)
            continue
        total += size
    return removed


def entries() -> list[Entry]:
    """The cache's entries, most recently used first (raises :class:`Unsafe` when the directory is unusable)."""
    dirfd = open_dir(create=False)
    try:
        out = []
        for name, st in _listing(dirfd):
            if not _is_entry(name):
                continue
            path, events = None, None
            if name.endswith(SUFFIX):
                path, events = _describe(dirfd, name)
            out.append(Entry(name, st.st_size, st.st_mtime, path, events))
        return sorted(out, key=lambda e: (-e.used, e.name))
    finally:
        os.close(dirfd)


def _describe(dirfd: int, name: str) -> tuple[str | None, int | None]:
    import sqlite3

    fd = _entry_fd(dirfd, name)
    if fd is None:
        return None, None
    try:
        db = _connect(fd, dirfd, name)
        try:
            meta = dict(db.execute("SELECT k, v FROM meta").fetchall())
        finally:
            db.close()
    except sqlite3.Error:
        return None, None
    finally:
        os.close(fd)
    events = meta.get("events")
    return (str(meta["path"]) if "path" in meta else None), (int(str(events)) if str(events).isdigit() else None)


def clear() -> tuple[int, int]:
    """Remove every entry and temporary file; returns (files removed, bytes freed). Raises :class:`Unsafe`."""
    dirfd = open_dir(create=False)
    try:
        count = freed = 0
        for name, st in list(_listing(dirfd)):
            if (_is_entry(name) or name.startswith((TEMP_PREFIX, FP_PREFIX, CODE_PREFIX))) and _unlink(dirfd, name):
                count += 1
                freed += st.st_size
        return count, freed
    finally:
        os.close(dirfd)
