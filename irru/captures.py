"""Captures on disk, for anchoring quotes and resolving their anchors (reads local files only, never the network).

A source's captures are its archive record's ``capture`` and, kept beside it by ``irru archive`` when a page
changed, ``<source id>.<time>.<ext>`` files in the same directory (or the log's default ``FILE-captures/``).
An anchor names its capture by SHA-256, so it is resolved against exactly those bytes or not at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .anchor import AnchorError, Resolution, capture_text, make, resolve
from .archive import captures_dir, sha256
from .model import Anchor, Claim, Event, Log, Source


@dataclass(frozen=True, slots=True)
class Capture:
    path: Path
    data: bytes
    digest: str

    @property
    def kind(self) -> str:
        return self.path.suffix.lstrip(".").lower()

    def text(self) -> str:
        return capture_text(self.data, self.kind)


def recorded(log_dir: Path, source: Source) -> Capture | None:
    """The capture the source's archive record names, if it is there and matches its hash."""
    a = source.archive
    if a is None or a.capture is None:
        return None
    try:
        data = (log_dir / a.capture).read_bytes()
    except OSError:
        return None
    digest = sha256(data)
    if a.sha256 is not None and digest != a.sha256:
        return None
    return Capture(log_dir / a.capture, data, digest)


def by_hash(log_dir: Path, log_path: Path, source: Source, digest: str) -> Capture | None:
    """The capture of this source whose bytes have this SHA-256: the recorded one, or one kept beside it."""
    first = recorded(log_dir, source)
    if first is not None and first.digest == digest:
        return first
    places = {captures_dir(log_path)}
    if source.archive is not None and source.archive.capture is not None:
        places.add((log_dir / source.archive.capture).parent)
    for place in sorted(places):
        for path in sorted(place.glob(f"{source.id}.*")) if place.is_dir() else ():
            try:
                data = path.read_bytes()
            except OSError:
                continue
            if sha256(data) == digest:
                return Capture(path, data, digest)
    return None


def quoted(log: Log, event_ids: frozenset[str] | None = None) -> Iterator[tuple[Event, int, Claim]]:
    """Every quoted claim (of these events), with its 1-based number in its event."""
    for e in log.events:
        if event_ids is not None and e.id not in event_ids:
            continue
        for i, c in enumerate(e.claims, 1):
            if c.quoted:
                yield e, i, c


@dataclass(frozen=True, slots=True)
class Anchored:
    """What `irru anchor` found for one quoted claim: an anchor to write, or why there is none."""

    event: str
    claim: int
    line: int
    anchor: Anchor | None
    message: str


def anchor_claims(
    log: Log, log_path: Path, *, event_ids: frozenset[str] | None = None, refresh: bool = False,
    occurrence: int | None = None,
) -> list[Anchored]:  # fmt: skip
    """An anchor for each quoted claim in its source's recorded capture (claims anchored already are kept,
    unless ``refresh``)."""
    out: list[Anchored] = []
    log_dir = log_path.parent
    texts: dict[str, str | AnchorError] = {}
    for e, i, c in quoted(log, event_ids):
        if c.anchor is not None and not refresh:
            continue
        cap = recorded(log_dir, log.sources[c.source])
        if cap is None:
            out.append(Anchored(e.id, i, c.line, None, f"'{c.source}' has no capture to anchor in (irru archive)"))
            continue
        if c.source not in texts:
            try:
                texts[c.source] = cap.text()
            except AnchorError as err:
                texts[c.source] = err
        text = texts[c.source]
        if isinstance(text, AnchorError):
            out.append(Anchored(e.id, i, c.line, None, str(text)))
            continue
        got = make(text, c.text, cap.digest, occurrence)
        if isinstance(got, Resolution):
            out.append(Anchored(e.id, i, c.line, None, f"{got.status}: {got.message}"))
        else:
            out.append(Anchored(e.id, i, c.line, got, f"anchored at {got.start}-{got.end} of {cap.path.name}"))
    return out


@dataclass(frozen=True, slots=True)
class Checked:
    line: int
    event: str
    source: str
    resolution: Resolution


def check_anchors(log: Log, log_path: Path) -> list[Checked]:
    """Each anchored quote resolved against the capture its anchor names."""
    out: list[Checked] = []
    texts: dict[tuple[str, str], str | AnchorError] = {}
    for e, _i, c in quoted(log):
        a = c.anchor
        if a is None:
            continue
        key = (c.source, a.sha256)
        if key not in texts:
            cap = by_hash(log_path.parent, log_path, log.sources[c.source], a.sha256)
            if cap is None:
                texts[key] = AnchorError(f"no capture of '{c.source}' has the anchor's sha256 ({a.sha256[:12]}…)")
            else:
                try:
                    texts[key] = cap.text()
                except AnchorError as err:
                    texts[key] = err
        text = texts[key]
        if isinstance(text, AnchorError):
            out.append(Checked(c.line, e.id, c.source, Resolution("orphan", str(text))))
            continue
        out.append(Checked(c.line, e.id, c.source, resolve(a, c.text, text, a.sha256)))
    return out
