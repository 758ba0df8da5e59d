"""Writing a user's file safely: the one routine behind every command that writes one (``fmt``, ``new``,
``migrate``, ``archive``, ``export … -o``, ``import``).

What it promises (docs/security.md repeats it for users):

- **Only regular files.** A target that is a symbolic link, a directory, a FIFO, a device or a socket is refused
  (:class:`UnsafeTarget`, exit 2): irru never writes through a link, never replaces one, and never turns
  ``/dev/null`` into a file. The same holds for ``FILE.bak``.
- **Atomic.** The new content goes to a temporary file beside the target (``mkstemp``: created exclusively, never
  through a link), is flushed to disk, then renamed over the target: a reader, a crash or Ctrl-C sees the old file
  or the new one, never half of one.
- **Compare before replace.** The caller hands back the :class:`Original` it read; just before the rename the
  target is looked at again, and if it changed meanwhile (an editor saved it, another irru wrote it) nothing is
  written (:class:`ConcurrentChange`, exit 1): the other change is kept, never silently reverted.
- **The previous backup is never lost.** ``FILE.bak`` is itself written atomically, after the new file is
  complete on disk: when the disk is full the old backup and the old file are both still whole.
- **Clear failures.** A full disk, a read-only directory or a missing permission is a :class:`WriteError`
  (``cannot write FILE: No space left on device; nothing written``, exit 1), never a traceback.

Use::

    original = safewrite.read(path)                       # the bytes, refused if not a regular file
    ...                                                   # work out the new text
    safewrite.write(path, new_text, original=original, backup=True)

    with safewrite.replacing(path) as tmp:                # a writer that needs a path (sqlite3)
        fill(tmp)

``write`` without ``original`` looks at the target when called: it must then be missing or a regular file, and is
compared again just before the rename.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import Exit, IrruError, UsageError


class WriteError(IrruError):
    """The file could not be written (full disk, read-only directory, no permission); nothing was changed."""

    exit_code = Exit.PROBLEMS


class ConcurrentChange(WriteError):
    """The file changed on disk while irru worked on it; nothing was written."""


class UnsafeTarget(UsageError):
    """The path names something irru does not write to: a link, a directory, a FIFO, a device, a socket."""


@dataclass(frozen=True)
class Original:
    """What a file was when it was read: its bytes (None: it did not exist) and its identity on disk."""

    path: Path
    data: bytes | None
    identity: tuple[int, int, int, int] | None  # device, inode, size, mtime in ns; None: no file

    @property
    def exists(self) -> bool:
        return self.identity is not None


def _identity(st: os.stat_result) -> tuple[int, int, int, int]:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def _kind(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _refuse(path: Path, st: os.stat_result) -> UnsafeTarget:
    what = _kind(st.st_mode)
    if stat.S_ISLNK(st.st_mode):
        try:
            where = f" to {os.readlink(path)}"
        except OSError:
            where = ""
        return UnsafeTarget(
            f"{path} is a symbolic link{where}; irru never writes through a link nor replaces one:"
            " give the file it points to, or remove the link"
        )
    if stat.S_ISDIR(st.st_mode):
        return UnsafeTarget(f"{path} is a directory; give the file to write")
    return UnsafeTarget(f"{path} is {what}; irru writes only regular files (nothing written)")


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as e:
        raise WriteError(f"cannot write {path}: {e.strerror or e}; nothing written") from None


def check_target(path: Path) -> os.stat_result | None:
    """The target's lstat, or None when it does not exist; UnsafeTarget when it is not a regular file."""
    st = _lstat(path)
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise _refuse(path, st)
    return st


def look(path: Path) -> Original:
    """The target's identity without reading it (for outputs that may be replaced, such as an export's file)."""
    st = check_target(path)
    return Original(path, None, _identity(st) if st is not None else None)


def read(path: Path, *, missing_ok: bool = False, limit: int | None = None) -> Original:
    """Read a file that will be written back: refused (UnsafeTarget) unless it is a regular file, never through a
    link, never waiting on a FIFO. ``limit``: refuse a larger file (WriteError) while reading, not after."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        if missing_ok:
            return Original(path, None, None)
        raise WriteError(f"{path}: no such file") from None
    except OSError as e:
        if e.errno in (errno.ELOOP, errno.EMLINK):  # O_NOFOLLOW on a link
            raise _refuse(path, os.lstat(path)) from None
        raise WriteError(f"{path}: cannot be read: {e.strerror or e}") from None
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise _refuse(path, st)
        os.set_blocking(fd, True)
        try:
            data = f.read() if limit is None else f.read(limit + 1)
        except OSError as e:
            raise WriteError(f"{path}: cannot be read: {e.strerror or e}") from None
        if limit is not None and len(data) > limit:
            raise WriteError(f"{path}: larger than {limit} bytes; not read")
    return Original(path, data, _identity(st))


def _unchanged(original: Original) -> None:
    """ConcurrentChange unless the target is still what ``original`` says it was."""
    path = original.path
    st = check_target(path)
    now = _identity(st) if st is not None else None
    changed = now != original.identity
    if not changed and original.data is not None:
        try:
            changed = read(path).data != original.data
        except IrruError:
            changed = True
    if changed:
        what = "appeared" if original.identity is None else ("was removed" if now is None else "changed")
        raise ConcurrentChange(
            f"{path} {what} while irru was working on it; nothing written (the other change is kept: run the"
            " command again)"
        )


def _writable(path: Path, st: os.stat_result | None) -> None:
    if st is not None and not (st.st_mode & 0o222 and os.access(path, os.W_OK)):  # read-only, even for root
        raise WriteError(f"{path}: the file is read-only; nothing written")


def _mode_for(st: os.stat_result | None) -> int:
    if st is not None:
        return stat.S_IMODE(st.st_mode)
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _failed(path: Path, e: OSError, *, kept: str = "") -> WriteError:
    reason = e.strerror or str(e)
    if e.errno == errno.ENOSPC:
        reason = "the disk is full"
    elif e.errno == errno.EROFS:
        reason = "the file system is read-only"
    elif e.errno in (errno.EACCES, errno.EPERM):
        reason = f"permission denied in {path.parent if str(path.parent) else '.'}"
    return WriteError(f"cannot write {path}: {reason}; nothing written{kept}")


@contextlib.contextmanager
def _temporary(path: Path) -> Iterator[str]:
    """A fresh temporary file beside ``path`` (removed unless renamed away)."""
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent if str(path.parent) else ".", prefix=f".{path.name}.", suffix=".tmp")
    except OSError as e:
        raise _failed(path, e) from None
    os.close(fd)
    try:
        yield tmp
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def _fill(tmp: str, data: bytes, mode: int | None = None) -> None:
    fd = os.open(tmp, os.O_WRONLY | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
        if mode is not None:
            os.fchmod(fd, mode)
    finally:
        os.close(fd)


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def write(path: Path, data: bytes | str, *, original: Original | None = None, backup: bool = False) -> Path | None:
    """Replace (or create) ``path`` with ``data``, atomically, after checking it did not change since
    ``original``; with ``backup``, the old content is kept as ``FILE.bak`` (returned; None when there was no file).

    Raises UnsafeTarget (a link or special file, also for FILE.bak), ConcurrentChange, WriteError."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    original = original or look(Path(path))
    with replacing(path, original=original, backup=backup) as tmp:
        _fill(str(tmp), payload)
    return backup_path(path) if backup and original.exists else None


@contextlib.contextmanager
def replacing(path: Path, *, original: Original | None = None, backup: bool = False) -> Iterator[Path]:
    """Yield a temporary path beside ``path`` for the caller to fill; on a normal exit it is checked against
    ``original`` and renamed over ``path`` (see :func:`write`). Nothing is changed when the body raises."""
    path = Path(path)
    st = check_target(path)
    if original is None:
        original = Original(path, None, _identity(st) if st is not None else None)
    _writable(path, st)
    bak = backup_path(path)
    if backup and original.exists:
        check_target(bak)
    mode = _mode_for(st)
    try:
        with _temporary(path) as tmp:
            yield Path(tmp)
            os.chmod(tmp, mode)
            with contextlib.ExitStack() as stack:
                bak_tmp: str | None = None
                if backup and original.exists:
                    old = original.data if original.data is not None else read(path).data
                    assert old is not None
                    bak_tmp = stack.enter_context(_temporary(bak))
                    _fill(bak_tmp, old, mode)
                _unchanged(original)
                if bak_tmp is not None:
                    check_target(bak)
                    os.replace(bak_tmp, bak)
                os.replace(tmp, path)
    except OSError as e:
        raise _failed(path, e, kept=" (the file and its backup are as they were)" if backup else "") from None
