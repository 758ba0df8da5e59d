"""`irru watch` (issue 28 item 4) against a local HTTP server on 127.0.0.1: per quote still-present / edited /
removed with the passage's diff, no capture when the bytes match, nothing written with --dry-run, JSON out."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

PAGE = (
    "<html><body><h1>Drones sent</h1><p>The ministry said on Friday that the drones were delivered in March to"
    " the front.</p><p>Officials declined to comment further.</p><p>A third paragraph closes the page.</p>"
    "</body></html>"
)


class Site:
    def __init__(self) -> None:
        self.body = PAGE.encode()
        self.base = ""
        self.requests = 0


@pytest.fixture
def site() -> Iterator[Site]:
    s = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            s.requests += 1
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(s.body)))
            self.end_headers()
            self.wfile.write(s.body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    s.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    try:
        yield s
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def log(site: Site, tmp_path: Path, irru) -> Path:  # type: ignore[no-untyped-def]
    captures = tmp_path / "log-captures"
    captures.mkdir()
    (captures / "wire-a.html").write_bytes(site.body)
    sha = hashlib.sha256(site.body).hexdigest()
    path = tmp_path / "log.yaml"
    path.write_text(
        f"""schema: 2
sources:
  - id: wire-a
    title: Drones reported sent
    publisher: Example Wire
    published: 2024-03-01
    url: {site.base}/a
    kind: wire
    grade: B
    archive: {{accessed: "2024-03-02T10:00:00Z", sha256: {sha}, capture: log-captures/wire-a.html}}
events:
  - id: drones-sent
    date: 2024-03
    title: Drones reported sent
    type: delivery
    claims:
      - source: wire-a
        stance: asserts
        quoted: true
        text: the drones were delivered in March
      - source: wire-a
        stance: asserts
        quoted: true
        text: Officials declined to comment further.
""",
        encoding="utf-8",
    )
    assert irru("anchor", str(path)).exit_code == 0
    return path


def _files(tmp_path: Path) -> dict[str, bytes]:
    return {str(p.relative_to(tmp_path)): p.read_bytes() for p in sorted(tmp_path.rglob("*")) if p.is_file()}


def test_an_unchanged_page_stores_nothing(irru, site: Site, log: Path, tmp_path: Path) -> None:
    before = _files(tmp_path)
    r = irru("watch", str(log), "--delay", "0")
    assert (r.exit_code, r.stdout) == (
        0,
        "wire-a: unchanged: same bytes as its capture log-captures/wire-a.html\n"
        f"  drones-sent claim 1 ({log}:17): still-present\n"
        f"  drones-sent claim 2 ({log}:28): still-present\n",
    )
    assert _files(tmp_path) == before and site.requests == 1


def test_an_edited_and_a_removed_quote_with_the_passage_diff(irru, site: Site, log: Path, tmp_path: Path) -> None:
    site.body = (
        PAGE.replace("the drones were delivered in March", "the drones were delivered in April, officials said")
        .replace("<p>Officials declined to comment further.</p>", "")
        .encode()
    )
    before = _files(tmp_path)
    r = irru("watch", str(log), "--delay", "0", "--dry-run")
    assert r.exit_code == 1
    assert r.stdout.splitlines()[1:] == [
        f"  drones-sent claim 1 ({log}:17): edited",
        "    @@ -1 +1,2 @@",
        "    -the drones were delivered in March",
        "    +the drones were delivered in April,",
        "    +officials said",
        f"  drones-sent claim 2 ({log}:28): removed",
    ]
    assert r.stdout.startswith("wire-a: changed: page changed since its capture (sha256 now ")
    assert r.stdout.splitlines()[0].endswith("…); not stored (--dry-run)")
    assert _files(tmp_path) == before  # --dry-run writes nothing

    r = irru("watch", str(log), "--delay", "0", "--format", "json")
    doc = json.loads(r.stdout)
    (src,) = doc["sources"]
    assert (doc["version"], src["status"], [q["status"] for q in src["quotes"]]) == (
        1,
        "changed",
        ["edited", "removed"],
    )
    assert src["quotes"][0]["passage"] == "the drones were delivered in April, officials said"
    new = tmp_path / src["capture"]
    assert new.read_bytes() == site.body and new.parent == tmp_path / "log-captures"
    assert set(_files(tmp_path)) - set(before) == {src["capture"]}
    assert log.read_bytes() == before["log.yaml"]

    r = irru("watch", str(log), "--delay", "0")  # the same changed page again: its capture is kept already
    assert r.exit_code == 1
    assert r.stdout.splitlines()[0].endswith(f"…); same bytes as the capture {src['capture']}, kept already")
    assert [line.split(": ")[-1] for line in r.stdout.splitlines()[1:] if "claim" in line] == ["edited", "removed"]
    assert set(_files(tmp_path)) - set(before) == {src["capture"]}


def test_a_page_that_cannot_be_fetched_fails(irru, site: Site, log: Path) -> None:
    text = log.read_text(encoding="utf-8").replace(f"{site.base}/a", "http://127.0.0.1:9/nothing-listens")
    log.write_text(text, encoding="utf-8")
    r = irru("watch", str(log), "--delay", "0")
    assert r.exit_code == 1
    assert r.stdout.startswith("wire-a: failed: not fetched: cannot reach it (")
