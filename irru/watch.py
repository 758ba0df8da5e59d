"""Watching archived pages for the quoted words (`irru watch`): fetch each source's page again and say, for each
quote, whether it is still present, edited (its context is there with other words between: the diff shows
them) or removed. A page whose bytes match a capture already kept is unchanged and stores nothing; a changed
page is kept as a new capture beside the old (never replacing it, never touching the log or the manifest).

The network is reached only through the :class:`irru.archive.Fetcher` given (tests point it at 127.0.0.1).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .anchor import AnchorError, Placement, capture_text, fold, occurrences, relocate
from .archive import EXTENSIONS, Fetcher, FetchError, captures_dir, sha256, stamp, utc_now
from .captures import by_hash, quoted, recorded
from .model import Claim, Event, Log, Source


@dataclass(frozen=True, slots=True)
class QuoteState:
    event: str
    claim: int
    line: int
    status: str  # still-present | edited | removed
    passage: str = ""
    diff: tuple[str, ...] = ()


@dataclass(frozen=True)
class Watched:
    source: str
    url: str
    status: str  # unchanged | changed | failed
    message: str
    capture: str | None = None  # the new capture, relative to the log's directory (None: nothing stored)
    quotes: tuple[QuoteState, ...] = field(default=())

    @property
    def alarming(self) -> bool:
        return self.status == "failed" or any(q.status != "still-present" for q in self.quotes)


def watch(
    log: Log, log_path: Path, fetcher: Fetcher, *, sources: frozenset[str] | None = None, dry_run: bool = False,
    now: Callable[[], datetime] = utc_now,
) -> Iterator[Watched]:  # fmt: skip
    """Each source with quoted claims (of these sources), fetched once, in log order."""
    by_source: dict[str, list[tuple[Event, int, Claim]]] = {}
    for e, i, c in quoted(log):
        if sources is None or c.source in sources:
            by_source.setdefault(c.source, []).append((e, i, c))
    for sid, claims in by_source.items():
        source = log.sources[sid]
        if source.url is None:
            yield Watched(sid, "", "failed", "has no url to watch")
            continue
        yield _one(log_path, source, claims, fetcher, dry_run, now)


def _one(
    log_path: Path, source: Source, claims: list[tuple[Event, int, Claim]], fetcher: Fetcher, dry_run: bool,
    now: Callable[[], datetime],
) -> Watched:  # fmt: skip
    assert source.url is not None
    try:
        page = fetcher.get(source.url)
    except FetchError as e:
        return Watched(source.id, source.url, "failed", f"not fetched: {e}")
    digest = sha256(page.body)
    log_dir = log_path.parent
    kept = recorded(log_dir, source)
    if kept is not None and kept.digest == digest:
        states = tuple(QuoteState(e.id, i, c.line, "still-present") for e, i, c in claims)
        return Watched(
            source.id, source.url, "unchanged", f"same bytes as its capture {_rel(log_dir, kept.path)}", quotes=states
        )
    ext = EXTENSIONS.get(page.content_type, "bin")
    try:
        text = capture_text(page.body, ext)
    except AnchorError as e:
        return Watched(source.id, source.url, "failed", f"page changed, but its text cannot be read: {e}")
    states = tuple(_state(e, i, c, text, digest) for e, i, c in claims)
    message = f"page changed since its capture (sha256 now {digest[:12]}…)"
    same = by_hash(log_dir, log_path, source, digest)
    capture = None
    if same is not None:
        message += f"; same bytes as the capture {_rel(log_dir, same.path)}, kept already"
    elif dry_run:
        message += "; not stored (--dry-run)"
    else:
        directory = captures_dir(log_path)
        if source.archive is not None and source.archive.capture is not None:
            directory = (log_dir / source.archive.capture).parent
        directory.mkdir(parents=True, exist_ok=True)
        target = directory / f"{source.id}.{stamp(now()).replace(':', '')}.{ext}"
        _write_new(target, page.body)
        capture = _rel(log_dir, target)
        message += f"; new capture {capture}"
    return Watched(source.id, source.url, "changed", message, capture, states)


def _rel(log_dir: Path, path: Path) -> str:
    return path.relative_to(log_dir).as_posix() if path.is_relative_to(log_dir) else str(path)


def _state(e: Event, i: int, c: Claim, text: str, digest: str) -> QuoteState:
    if c.anchor is not None and c.anchor.sha256 == digest:
        return QuoteState(e.id, i, c.line, "still-present")  # the very capture it was anchored in
    if c.anchor is not None:
        p: Placement = relocate(c.anchor, text)
        status = {"present": "still-present", "edited": "edited", "removed": "removed"}[p.status]
        return QuoteState(e.id, i, c.line, status, p.passage, p.diff)
    found = occurrences(text, fold(c.text))  # not anchored: present or not, no passage to compare
    return QuoteState(e.id, i, c.line, "still-present" if found else "removed")


def _write_new(path: Path, data: bytes) -> None:
    """A new capture, written whole or not at all, never through a link (:func:`irru.safewrite.write`)."""
    from .safewrite import write

    write(path, data)
