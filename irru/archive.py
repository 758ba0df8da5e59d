"""Archiving sources: captures beside the log, their hashes and times, and the checks that use them.

:func:`archive` fetches each source's page (standard library ``urllib``; no other network code), asking the
Internet Archive's availability API first whether a copy exists, and optionally asking it to make one (Save
Page Now). Captures are plain files in a directory beside the log, with a ``manifest.json`` written after each
source, so an interrupted run resumes where it stopped. It returns outcomes; writing the records into the log is
the caller's (through :mod:`irru.yamledit`). :func:`audit` is ``check --archive``: it reads only local files.

The network is reached through :class:`Fetcher`, whose base URLs, delay and clock are parameters: tests point it
at a server on 127.0.0.1.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from .model import Archive, Log, Source

WAYBACK_API = "https://archive.org/wayback/available"
SAVE_API = "https://web.archive.org/save"
MANIFEST = "manifest.json"
MAX_BYTES = 50 * 1024 * 1024
EXTENSIONS = {
    "text/html": "html", "application/xhtml+xml": "html", "application/pdf": "pdf", "text/plain": "txt",
    "application/json": "json", "text/xml": "xml", "application/xml": "xml",
}  # fmt: skip
TEXT_TYPES = ("html", "txt", "xml", "json")


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def stamp(t: datetime) -> str:
    """2024-02-21T10:00:00Z."""
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def wayback_stamp(ts: str) -> str | None:
    """The Wayback Machine's 20240221100000 as 2024-02-21T10:00:00Z (None if it is not one)."""
    if not re.fullmatch(r"\d{14}", ts):
        return None
    try:
        return stamp(datetime.strptime(ts, "%Y%m%d%H%M%S").replace(tzinfo=UTC))
    except ValueError:
        return None


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class FetchError(Exception):
    pass


@dataclass
class Page:
    url: str  # the final URL, after redirects
    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


SCHEMES = ("http", "https")
MAX_REDIRECTS = 5


def web_url(url: str) -> str:
    """The URL as it goes on the wire: http or https only (never file:, data:, ftp:), an IRI's host in IDNA and
    its other non-ASCII characters and spaces percent-encoded. FetchError for anything else: a control
    character, no host, another scheme."""
    from urllib.parse import urlunsplit

    from .inert import has_unsafe

    text = url.strip()
    if has_unsafe(text):
        raise FetchError("the URL holds a control or bidi character; not fetched")
    try:
        parts = urlsplit(text)
    except ValueError as e:
        raise FetchError(f"not a URL irru can fetch ({e})") from None
    if parts.scheme.lower() not in SCHEMES:
        raise FetchError(f"only http and https URLs are fetched, not {parts.scheme or 'one without a scheme'}:")
    host = parts.hostname
    if not host:
        raise FetchError("the URL names no host; not fetched")
    try:
        ascii_host = host.encode("idna").decode("ascii") if not host.isascii() else host
        port = parts.port
    except (UnicodeError, ValueError) as e:
        raise FetchError(f"the URL's host or port is not valid ({e}); not fetched") from None
    netloc = ascii_host if ":" not in ascii_host else f"[{ascii_host}]"
    if port is not None:
        netloc += f":{port}"
    if parts.username or parts.password:
        raise FetchError("the URL carries a user name or password; not fetched")
    keep = "/%:@!$&'()*+,;=-._~?"
    return urlunsplit(
        (parts.scheme.lower(), netloc, quote(parts.path, safe=keep), quote(parts.query, safe=keep + "="), "")
    )


def same_site(a: str, b: str) -> bool:
    """Whether a redirect from ``a`` to ``b`` stays on the page's site: the same host, give or take "www."."""
    ha, hb = (urlsplit(u).hostname or "" for u in (a, b))
    return ha.removeprefix("www.") == hb.removeprefix("www.")


def related_hosts(a: str, b: str) -> bool:
    """The same host, or one under the other's domain (archive.org and web.archive.org)."""
    ha, hb = ((urlsplit(u).hostname or "").removeprefix("www.") for u in (a, b))
    parent_a, parent_b = ha.partition(".")[2], hb.partition(".")[2]
    return ha == hb or hb.endswith("." + ha) or ha.endswith("." + hb) or (parent_a == hb or parent_b == ha)


@dataclass
class Fetcher:
    """HTTP GETs with a per-host delay between requests, a time limit on the whole request and a size limit.

    Only http and https are fetched (:func:`web_url`). A redirect is followed only to http(s) on the same site
    (at most MAX_REDIRECTS): a page that sends the reader elsewhere is not the page the log cites, and a
    redirect is also how a hostile server would point irru at another machine. ``timeout`` bounds the whole
    request, headers and body, so a server that trickles a byte at a time is cut off."""

    delay: float = 5.0
    timeout: float = 30.0
    max_bytes: int = MAX_BYTES
    user_agent: str = "irru-archive (+https://pypi.org/project/irru/)"
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    last: dict[str, float] = field(default_factory=dict)
    requests: int = 0

    def get(self, url: str, *, other_sites: bool = False) -> Page:
        """The page at ``url``; FetchError if it cannot be had. ``other_sites``: follow a redirect to another
        site (the availability API's answers come from archive.org's own hosts)."""
        import http.client
        import threading
        import urllib.error
        import urllib.request

        url = web_url(url)
        host = urlsplit(url).netloc
        if host in self.last:
            wait = self.delay - (self.clock() - self.last[host])
            if wait > 0:
                self.sleep(wait)
        sockets: list[Any] = []
        cut = threading.Event()

        def opened(conn: http.client.HTTPConnection) -> None:
            sockets.append(conn.sock)
            if cut.is_set():
                _shut(conn.sock)

        def stop() -> None:  # the time is up: whatever is blocked reading gets an end of file or an error
            cut.set()
            for sock in sockets:
                _shut(sock)

        opener = urllib.request.build_opener(
            _Redirects(url, other_sites), _Http(opened), _Https(opened), urllib.request.HTTPErrorProcessor()
        )
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent, "Accept": "*/*"})
        self.requests += 1
        timer = threading.Timer(self.timeout, stop)
        timer.daemon = True
        timer.start()
        try:
            with opener.open(request, timeout=self.timeout) as r:
                chunks: list[bytes] = []
                size = 0
                while chunk := r.read1(65536):
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise FetchError(f"larger than {self.max_bytes // (1024 * 1024)} MiB; not captured")
                    chunks.append(chunk)
                if cut.is_set():
                    raise FetchError(f"took longer than {self.timeout:g} s; not captured")
                ctype = (r.headers.get("Content-Type") or "").split(";")[0].strip().lower()
                return Page(r.geturl(), r.status, ctype, b"".join(chunks), {k.lower(): v for k, v in r.headers.items()})
        except FetchError:
            raise
        except urllib.error.HTTPError as e:
            raise FetchError(f"HTTP {e.code} {e.reason}") from None
        except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as e:
            if cut.is_set():
                raise FetchError(f"took longer than {self.timeout:g} s; not captured") from None
            reason = e.reason if isinstance(e, urllib.error.URLError) else e
            raise FetchError(f"cannot reach it ({reason})") from None
        finally:
            timer.cancel()
            self.last[host] = self.clock()


def _shut(sock: Any) -> None:
    import contextlib
    import socket

    with contextlib.suppress(OSError, AttributeError):
        sock.shutdown(socket.SHUT_RDWR)


def _connection(base: Any, opened: Callable[[Any], None]) -> Any:
    """An http.client connection class that reports its socket once connected (so a timer can cut it)."""

    class Watched(base):  # type: ignore[misc]  # a class chosen at run time (HTTP or HTTPS) is a valid base
        def connect(self) -> None:
            super().connect()
            opened(self)

    return Watched


def _Http(opened: Callable[[Any], None]) -> Any:
    import http.client
    import urllib.request

    cls = _connection(http.client.HTTPConnection, opened)

    class Handler(urllib.request.HTTPHandler):
        def http_open(self, req: Any) -> Any:
            return self.do_open(cls, req)

    return Handler()


def _Https(opened: Callable[[Any], None]) -> Any:
    import http.client
    import urllib.request

    cls = _connection(http.client.HTTPSConnection, opened)

    class Handler(urllib.request.HTTPSHandler):
        def https_open(self, req: Any) -> Any:
            return self.do_open(cls, req, context=self._context)  # type: ignore[attr-defined]  # set by HTTPSHandler

    return Handler()


def _Redirects(start: str, other_sites: bool) -> Any:
    import urllib.request

    class Redirects(urllib.request.HTTPRedirectHandler):
        max_redirections = MAX_REDIRECTS

        def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> Any:
            try:
                target = web_url(newurl)
            except FetchError as e:
                raise FetchError(f"redirected to {newurl}: {e}") from None
            if not other_sites and not same_site(start, target):
                raise FetchError(
                    f"redirected to another site ({target}); not captured: if that is the page, cite its URL"
                )
            return super().redirect_request(req, fp, code, msg, headers, target)

    return Redirects()


@dataclass(frozen=True)
class Snapshot:
    url: str
    archived: str | None


def wayback_lookup(fetcher: Fetcher, api: str, url: str) -> Snapshot | None:
    """The closest archived copy the availability API knows of, or None. FetchError if the API cannot answer."""
    page = fetcher.get(f"{api}?url={quote(url, safe='')}", other_sites=True)
    try:
        doc = json.loads(page.body.decode("utf-8"))
        closest = (doc.get("archived_snapshots") or {}).get("closest") or {}
        if not isinstance(closest, dict):
            raise ValueError
    except (ValueError, AttributeError, UnicodeDecodeError, RecursionError):
        raise FetchError("the availability API gave an answer irru cannot read") from None
    if not closest.get("available") or not closest.get("url"):
        return None
    snap_url = str(closest["url"])
    if snap_url.startswith("http://web.archive.org/"):
        snap_url = "https://" + snap_url[len("http://") :]
    try:
        snap_url = web_url(snap_url)  # file:///etc/passwd, data:, ftp: are not archived copies
        if not related_hosts(api, snap_url):
            raise FetchError(f"{snap_url} is not on the archive's own site")
    except FetchError as e:
        raise FetchError(f"the availability API named a copy irru will not fetch: {e}") from None
    return Snapshot(snap_url, wayback_stamp(str(closest.get("timestamp", ""))))


def wayback_save(fetcher: Fetcher, api: str, url: str) -> Snapshot | None:
    """Ask Save Page Now for a copy; the snapshot it made (from where it sends us), or None."""
    page = fetcher.get(f"{api.rstrip('/')}/{url}", other_sites=True)
    where = page.headers.get("content-location") or page.url
    m = re.search(r"/web/(\d{14})[^/]*/", where)
    if not m:
        return None
    base = f"{urlsplit(page.url).scheme}://{urlsplit(page.url).netloc}"
    return Snapshot(where if where.startswith("http") else base + where, wayback_stamp(m.group(1)))


# --- the manifest of captures ------------------------------------------------------------------------


def read_manifest(directory: Path) -> dict[str, dict[str, Any]]:
    try:
        doc = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
        captures = doc.get("captures", {})
        return captures if isinstance(captures, dict) else {}
    except (OSError, ValueError, AttributeError):
        return {}


def write_manifest(directory: Path, captures: dict[str, dict[str, Any]]) -> None:
    _atomic(
        directory / MANIFEST, json.dumps({"version": 1, "captures": captures}, indent=2, ensure_ascii=False).encode()
    )


def _atomic(path: Path, data: bytes) -> None:
    """A capture or the manifest, through :func:`irru.safewrite.write` (never through a link planted in the
    captures directory, never onto a device)."""
    from .safewrite import write

    write(path, data)


class CaptureError(Exception):
    """A capture irru will not read: outside the log's directory, a link, a device, a FIFO, too large."""


def read_capture(log_dir: Path, capture: str, *, limit: int = MAX_BYTES) -> bytes:
    """A capture's bytes, read only if it is a regular file inside the log's directory (the path resolved, links
    included), opened without following a link or waiting on a FIFO, and no larger than ``limit``.
    OSError if it is missing; CaptureError for anything irru will not read."""
    import stat

    path = log_dir / capture
    root = Path(os.path.realpath(log_dir))
    real = Path(os.path.realpath(path))
    if Path(capture).is_absolute() or not real.is_relative_to(root):
        raise CaptureError("is outside the log's directory; not read")
    if path.is_symlink():
        raise CaptureError("is a symbolic link; not read")
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise CaptureError("is not a regular file (a device, a FIFO or a directory); not read")
        if st.st_size > limit:
            raise CaptureError(f"is larger than {limit // (1024 * 1024)} MiB; not read")
        os.set_blocking(fd, True)
        return f.read(limit + 1)


def captures_dir(log_path: Path) -> Path:
    """Where captures go by default: ``events-captures/`` beside ``events.yaml``."""
    return log_path.with_name(log_path.stem + "-captures")


# --- archiving ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    source: str
    status: str  # archived | resumed | have | changed | replaced | failed | offline
    message: str
    record: Archive | None = None  # a record to write into the log (None: leave the log as it is)


@dataclass
class Options:
    wayback_api: str = WAYBACK_API
    save_api: str = SAVE_API
    save: bool = False  # ask Save Page Now when no copy exists
    offline: bool = False
    recheck: bool = False  # fetch again sources that already have a good record, to see if they changed
    refresh: bool = False  # replace a record whose page changed (otherwise keep it and say so)
    dry_run: bool = False  # fetch and report; store no capture and no manifest (the caller writes no log)


def archive(
    log_dir: Path, directory: Path, sources: Iterable[Source], fetcher: Fetcher, opts: Options,
    now: Callable[[], datetime] = utc_now,
) -> Iterator[Outcome]:  # fmt: skip
    """Archive each source in turn, yielding what happened; the manifest is saved after each one."""
    manifest = read_manifest(directory)
    for source in sources:
        try:
            outcome = _one(log_dir, directory, source, fetcher, opts, now, manifest)
        except FetchError as e:
            outcome = Outcome(source.id, "failed", f"not archived: {e}")
        yield outcome


def outcome_line(o: Outcome) -> str:
    """``source-id: status: what happened`` (inert: URLs and messages come from outside)."""
    from .inert import inert

    return inert(f"{o.source}: {o.status}: {o.message}")


def inert_line(text: str) -> str:
    from .inert import inert

    return inert(text)


def _rel(log_dir: Path, path: Path) -> str:
    return Path(os.path.relpath(path, log_dir)).as_posix()


def _capture_ok(log_dir: Path, record: Archive | None) -> bool:
    """The record needs nothing done: its capture is there and matches (or it keeps no local capture)."""
    if record is None:
        return False
    if record.capture is None:
        return True
    try:
        data = read_capture(log_dir, record.capture)
    except (OSError, CaptureError):
        return False
    return record.sha256 is None or sha256(data) == record.sha256


def _one(
    log_dir: Path, directory: Path, source: Source, fetcher: Fetcher, opts: Options, now: Callable[[], datetime],
    manifest: dict[str, dict[str, Any]],
) -> Outcome:  # fmt: skip
    sid, old = source.id, source.archive
    if source.url is None:
        return Outcome(sid, "failed", "has no url to archive")
    if old is not None and _capture_ok(log_dir, old) and not opts.recheck:
        return Outcome(sid, "have", "already archived; its capture matches its record")
    entry = manifest.get(sid)
    if old is None and entry and not opts.recheck:
        resumed = _from_manifest(log_dir, directory, entry)
        if resumed is not None:
            return Outcome(sid, "resumed", "record taken from the capture made by an earlier run", resumed)
    if opts.offline:
        what = "its capture is missing or does not match its record" if old else "it has no capture"
        return Outcome(sid, "offline", f"not fetched (--offline): {what}")

    notes: list[str] = []
    snapshot: Snapshot | None = None
    try:
        snapshot = wayback_lookup(fetcher, opts.wayback_api, source.url)
    except FetchError as e:
        notes.append(f"availability API: {e}")
    if snapshot is None and opts.save:
        try:
            snapshot = wayback_save(fetcher, opts.save_api, source.url)
        except FetchError as e:
            notes.append(f"Save Page Now: {e}")

    accessed = stamp(now())
    page: Page | None = None
    origin = "live"
    try:
        page = fetcher.get(source.url)
    except FetchError as e:
        notes.append(f"page: {e}")
        if snapshot is not None:
            try:
                page = fetcher.get(_raw_snapshot(snapshot.url))
                origin = "archived copy"
            except FetchError as e2:
                notes.append(f"archived copy: {e2}")
    tail = f" ({'; '.join(notes)})" if notes else ""

    if page is None:
        if snapshot is None:
            return Outcome(sid, "failed", "not archived: no capture and no archived copy" + tail)
        record = Archive(accessed, url=snapshot.url, archived=snapshot.archived)
        return _settle(sid, old, record, opts, "archived copy found; no capture" + tail)

    digest = sha256(page.body)
    ext = EXTENSIONS.get(page.content_type, "bin")
    changed = old is not None and old.sha256 is not None and old.sha256 != digest
    name = f"{sid}.{ext}" if not (changed and not opts.refresh) else f"{sid}.{accessed.replace(':', '')}.{ext}"
    target = directory / name
    if not opts.dry_run:
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise FetchError(f"the captures directory {directory} cannot be made ({e.strerror or e})") from None
        _atomic(target, page.body)
        manifest[sid] = {
            "url": source.url, "final_url": page.url, "status": page.status, "content_type": page.content_type,
            "sha256": digest, "bytes": len(page.body), "accessed": accessed, "file": name, "from": origin,
            "archived_url": snapshot.url if snapshot else None, "archived": snapshot.archived if snapshot else None,
        }  # fmt: skip
        write_manifest(directory, manifest)
    record = Archive(
        accessed, url=snapshot.url if snapshot else (old.url if old else None),
        archived=snapshot.archived if snapshot else (old.archived if old else None),
        sha256=digest, capture=_rel(log_dir, target),
    )  # fmt: skip
    what = (
        f"{'fetched' if opts.dry_run else 'captured'} {len(page.body)} bytes ({page.content_type or 'unknown type'})"
        f" from the {origin}"
    )
    what += f"; archived copy of {snapshot.archived or 'unknown date'}" if snapshot else "; no archived copy"
    if changed:
        assert old is not None
        change = f"page changed since {old.accessed} (sha256 {old.sha256[:12]}… now {digest[:12]}…)"  # type: ignore[index]  # changed implies a recorded sha256
        if not opts.refresh:
            return Outcome(
                sid,
                "changed",
                f"{change}; kept the old record, new capture {'not stored (--dry-run)' if opts.dry_run else 'in ' + name}"
                " (--refresh replaces the record)" + tail,
            )
        return Outcome(sid, "replaced", f"{change}; record replaced" + tail, record)
    return _settle(sid, old, record, opts, what + tail)


def _settle(sid: str, old: Archive | None, record: Archive, opts: Options, what: str) -> Outcome:
    """Write a new record; a different existing record is replaced only with --refresh, and always said so."""
    if old is None:
        return Outcome(sid, "archived", what, record)
    if old.sha256 is not None and old.sha256 == record.sha256:
        return Outcome(sid, "archived", what + "; same content as recorded, record updated", record)
    if opts.refresh:
        return Outcome(sid, "replaced", what + f"; replaced the record accessed {old.accessed}", record)
    return Outcome(
        sid, "changed", what + f"; it has a different record (accessed {old.accessed}): kept it (--refresh replaces it)"
    )


def _from_manifest(log_dir: Path, directory: Path, entry: dict[str, Any]) -> Archive | None:
    try:
        path = directory / str(entry["file"])
        if Path(str(entry["file"])).name != str(entry["file"]):  # the manifest names files in its own directory
            return None
        if sha256(read_capture(log_dir, _rel(log_dir, path))) != entry["sha256"]:
            return None
        return Archive(
            str(entry["accessed"]), url=entry.get("archived_url"), archived=entry.get("archived"),
            sha256=str(entry["sha256"]), capture=_rel(log_dir, path),
        )  # fmt: skip
    except (OSError, KeyError, TypeError, ValueError, CaptureError):
        return None


def _raw_snapshot(url: str) -> str:
    """The Wayback copy without its toolbar: /web/20240221100000id_/..."""
    return re.sub(r"(/web/\d{14})(?:[a-z]{2}_)?/", r"\1id_/", url, count=1)


def record_fields(record: Archive) -> list[tuple[str, str]]:
    """The record's keys in the documented order, empty ones left out."""
    pairs = [("url", record.url), ("accessed", record.accessed), ("archived", record.archived),
             ("sha256", record.sha256), ("capture", record.capture)]  # fmt: skip
    return [(k, v) for k, v in pairs if v is not None]


def write_records(text: str, records: dict[str, Archive]) -> str:
    """The log's text with these sources' archive records set; comments, order and quoting kept."""
    from . import yamledit

    doc = yamledit.load(text)
    for sid, record in records.items():
        node = yamledit.find_by_id(doc.get("sources"), sid)
        if node is None:
            continue
        from ruamel.yaml.comments import CommentedMap

        new = CommentedMap(record_fields(record))
        if getattr(node, "fa", None) is not None and node.fa.flow_style():
            new.fa.set_flow_style()
        node["archive"] = new
    return yamledit.dump(doc)


# --- check --archive -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    line: int
    message: str


def audit(log: Log, log_dir: Path) -> list[Finding]:
    """Sources without a record, captures missing or changed, quotes not found in their source's capture."""
    out: list[Finding] = []
    texts: dict[str, str | None] = {}
    for s in log.sources.values():
        a = s.archive
        if a is None:
            if s.url:
                out.append(Finding(s.line, f"source '{s.id}' has no archive record; run irru archive"))
            continue
        if a.capture is None:
            continue
        try:
            data = read_capture(log_dir, a.capture)
        except CaptureError as refused:
            out.append(Finding(s.line, f"capture '{a.capture}' of source '{s.id}' {refused}"))
            continue
        except OSError:
            out.append(Finding(s.line, f"capture '{a.capture}' of source '{s.id}' is missing"))
            continue
        if a.sha256 is not None and sha256(data) != a.sha256:
            out.append(
                Finding(
                    s.line, f"capture '{a.capture}' of source '{s.id}' no longer matches its sha256"
                    f" (recorded {a.sha256[:12]}…, now {sha256(data)[:12]}…)",
                )
            )  # fmt: skip
            continue
        ext = a.capture.rsplit(".", 1)[-1].lower()
        texts[s.id] = searchable(data, html=ext in ("html", "htm", "xml")) if ext in (*TEXT_TYPES, "htm") else None
    for e in log.events:
        for c in e.claims:
            if not c.quoted or c.source not in texts:
                continue
            text = texts[c.source]
            if text is None:  # a PDF or other binary capture: irru cannot search it, and says so
                cap = log.sources[c.source].archive.capture  # type: ignore[union-attr]  # texts holds only sources with a capture
                out.append(
                    Finding(
                        c.line, f"quoted text cannot be checked: the capture of '{c.source}' ({cap}) is not text"
                        " irru can search (HTML, text, XML or JSON); check the quote by hand",
                    )
                )  # fmt: skip
                continue
            if normalise(c.text) not in text:
                cap = log.sources[c.source].archive.capture  # type: ignore[union-attr]  # texts holds only sources with a capture
                out.append(Finding(c.line, f"quoted text not found in the capture of '{c.source}' ({cap})"))
    return sorted(out, key=lambda f: f.line)


QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "‟": '"',
                        "–": "-", "—": "-", "‐": "-", "‑": "-", "\u00a0": " ", "…": "..."})  # fmt: skip


def normalise(text: str) -> str:
    """Case, curly quotes, dashes and runs of white space do not count when a quote is looked for."""
    return " ".join(text.translate(QUOTES).casefold().split())


def searchable(data: bytes, *, html: bool) -> str:
    text = data.decode("utf-8", errors="replace")
    if html:
        text = html_text(text)
    return normalise(text)


def html_text(markup: str) -> str:
    """The text a reader sees in an HTML page (no scripts or styles), entities decoded."""
    from html.parser import HTMLParser

    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self.skip = 0

        def handle_starttag(self, tag: str, attrs: Any) -> None:
            if tag in ("script", "style", "noscript", "template"):
                self.skip += 1
            elif tag in BLOCKS:
                self.parts.append(" ")

        def handle_endtag(self, tag: str) -> None:
            if tag in ("script", "style", "noscript", "template") and self.skip:
                self.skip -= 1
            elif tag in BLOCKS:
                self.parts.append(" ")

        def handle_data(self, data: str) -> None:
            if not self.skip:
                self.parts.append(data)

    p = Text()
    p.feed(markup)
    p.close()
    return "".join(p.parts)


BLOCKS = frozenset(
    [
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "td",
        "th",
        "tr",
        "table",
        "blockquote",
        "section",
        "article",
        "header",
        "footer",
        "title",
    ]
)
