"""`irru archive` and `irru check --archive`, against a server the test starts on 127.0.0.1 (no outside network)."""

from __future__ import annotations

import json
import re
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from irru import archive as A
from irru.logfile import read_log

PAGE_A = "<html><head><title>A</title><script>var x = 'no';</script></head><body><p>The minister said: &ldquo;We are <b>morally</b> obliged to refrain.&rdquo;</p></body></html>"
PAGE_B = "<html><body><p>Officials said about 400 missiles were sent.</p></body></html>"


class Site:
    """What the test server answers: path -> (status, content type, body, extra headers)."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[int, str, bytes, dict[str, str]]] = {}
        self.snapshots: dict[str, tuple[str, str]] = {}  # page url -> (snapshot url, timestamp)
        self.requests: list[str] = []
        self.base = ""

    def page(
        self, path: str, body: str, ctype: str = "text/html; charset=utf-8", status: int = 200, **headers: str
    ) -> str:
        self.pages[path] = (status, ctype, body.encode("utf-8"), headers)
        return self.base + path


@pytest.fixture
def site() -> Iterator[Site]:
    s = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            s.requests.append(self.path)
            parts = urlsplit(self.path)
            if parts.path == "/wayback/available":
                url = parse_qs(parts.query)["url"][0]
                snap = s.snapshots.get(url)
                closest = {"available": True, "url": snap[0], "timestamp": snap[1], "status": "200"} if snap else None
                body = json.dumps({"url": url, "archived_snapshots": {"closest": closest} if closest else {}}).encode()
                self._send(200, "application/json", body, {})
                return
            status, ctype, body, headers = s.pages.get(self.path, (404, "text/plain", b"not found", {}))
            self._send(status, ctype, body, headers)

        def _send(self, status: int, ctype: str, body: bytes, headers: dict[str, str]) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for k, v in headers.items():
                self.send_header(k.replace("_", "-"), v)
            self.end_headers()
            self.wfile.write(body)

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


LOG = """\
schema: 1
# Sources, with a comment that must survive.
sources:
  - id: page-a
    title: "The minister's remarks"   # quoted title, trailing comment
    publisher: Paper A
    published: 2024-02-23
    url: {a}
    kind: news
    grade: C
  - {{id: page-b, title: Missiles sent, publisher: Paper B, published: 2024-02-21, url: "{b}", kind: news, grade: C}}
  - id: gone
    title: A page that is gone
    publisher: Paper C
    published: 2024-02-22
    url: {gone}
    kind: news
    grade: C
actors:
  - {{id: land, name: Landia, kind: state}}
events:
  - id: shipment
    date: 2024-02
    title: Missiles shipped
    type: delivery
    claims:
      - source: page-a
        by: land
        stance: denies
        text: "We are morally obliged to refrain."
        quoted: true
      - source: page-b
        stance: asserts
        text: "Officials said about 500 missiles were sent."
        quoted: true
      - source: gone
        stance: asserts
        text: Missiles were sent.
"""


@pytest.fixture
def log(site: Site, tmp_path: Path) -> Path:
    a = site.page("/a", PAGE_A)
    b = site.page("/b", PAGE_B)
    gone = site.base + "/gone"
    site.snapshots[a] = (f"{site.base}/web/20240224101500/{a}", "20240224101500")
    site.page(f"/web/20240221090000id_/{gone}", "<p>Missiles were sent.</p>")
    site.snapshots[gone] = (f"{site.base}/web/20240221090000/{gone}", "20240221090000")
    path = tmp_path / "log.yaml"
    path.write_text(LOG.format(a=a, b=b, gone=gone), encoding="utf-8")
    return path


def run_archive(irru, site: Site, log: Path, *args: str):  # type: ignore[no-untyped-def]
    return irru("archive", str(log), "--delay", "0", "--wayback-api", site.base + "/wayback/available", *args)


STAMP = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"


def test_archive_fills_records_keeps_comments_and_writes_a_backup(irru, site: Site, log: Path) -> None:
    before = log.read_text(encoding="utf-8")
    r = run_archive(irru, site, log)
    assert r.exit_code == 0, r.stdout + r.stderr
    lines = r.stdout.splitlines()
    assert (
        lines[0]
        == f"page-a: archived: captured {len(PAGE_A)} bytes (text/html) from the live; archived copy of 2024-02-24T10:15:00Z"
    )
    assert lines[1] == f"page-b: archived: captured {len(PAGE_B)} bytes (text/html) from the live; no archived copy"
    assert lines[2].startswith(
        "gone: archived: captured 26 bytes (text/html) from the archived copy; archived copy of 2024-02-21T09:00:00Z (page: HTTP 404"
    )
    assert lines[3] == f"3 archived; wrote 3 record(s) to {log} (old file kept as {log}.bak)"
    assert (log.parent / "log.yaml.bak").read_text(encoding="utf-8") == before
    text = log.read_text(encoding="utf-8")
    assert "# Sources, with a comment that must survive." in text
    assert 'title: "The minister\'s remarks"   # quoted title, trailing comment' in text
    assert re.search(
        r"    grade: C\n    archive:\n      url: http://127\.0\.0\.1:\d+/web/20240224101500/http://127\.0\.0\.1:\d+/a\n"
        rf"      accessed: '{STAMP}'\n      archived: '2024-02-24T10:15:00Z'\n      sha256: [0-9a-f]{{64}}\n"
        r"      capture: log-captures/page-a\.html\n",
        text,
    ), text
    assert re.search(
        r"- \{id: page-b, .*grade: C, archive: \{accessed: .*, sha256: [0-9a-f]{64}, capture: log-captures/page-b\.html\}\}",
        text,
    )
    src = read_log(log).sources
    assert src["page-a"].archive.sha256 == A.sha256(PAGE_A.encode())  # type: ignore[union-attr]
    assert (log.parent / "log-captures" / "page-a.html").read_text(encoding="utf-8") == PAGE_A
    manifest = json.loads((log.parent / "log-captures" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["captures"]["gone"]["from"] == "archived copy"
    assert site.requests[0].startswith("/wayback/available?url=")  # the archive is asked first


def test_a_second_run_fetches_nothing_and_writes_nothing(irru, site: Site, log: Path) -> None:
    run_archive(irru, site, log)
    text, n = log.read_text(encoding="utf-8"), len(site.requests)
    r = run_archive(irru, site, log)
    assert r.exit_code == 0
    assert r.stdout.splitlines()[-1] == "3 have"
    assert len(site.requests) == n and log.read_text(encoding="utf-8") == text


def test_check_archive_finds_missing_records_changed_captures_and_quotes_not_captured(
    irru, site: Site, log: Path
) -> None:
    r = irru("check", str(log), "--archive")
    assert r.exit_code == 1
    assert [line for line in r.stderr.splitlines() if line.startswith(str(log)) and ": warning: " not in line] == [
        f"{log}:4: source 'page-a' has no archive record; run irru archive",
        f"{log}:11: source 'page-b' has no archive record; run irru archive",
        f"{log}:12: source 'gone' has no archive record; run irru archive",
    ]
    run_archive(irru, site, log)
    r = irru("check", str(log), "--archive")
    assert r.exit_code == 1
    located = [line for line in r.stderr.splitlines() if line.startswith(str(log)) and ": warning: " not in line]
    line = log.read_text(encoding="utf-8").splitlines().index("      - source: page-b") + 1
    assert located == [f"{log}:{line}: quoted text not found in the capture of 'page-b' (log-captures/page-b.html)"]
    assert r.stderr.endswith(f"1 problem in {log}\n")
    (log.parent / "log-captures" / "page-a.html").write_text(PAGE_A.replace("morally", "legally"), encoding="utf-8")
    r = irru("check", str(log), "--archive")
    assert re.search(
        rf"{re.escape(str(log))}:4: capture 'log-captures/page-a.html' of source 'page-a' no longer matches its sha256 \(recorded [0-9a-f]{{12}}…, now [0-9a-f]{{12}}…\)",
        r.stderr,
    )
    assert irru("check", str(log)).exit_code == 0  # without --archive, nothing of this


def test_a_changed_page_is_reported_and_its_record_kept_unless_refresh(irru, site: Site, log: Path) -> None:
    run_archive(irru, site, log)
    old = read_log(log).sources["page-b"].archive
    site.page("/b", PAGE_B.replace("400", "500"))
    r = run_archive(irru, site, log, "--recheck", "--source", "page-b")
    assert r.exit_code == 1
    assert re.fullmatch(
        rf"page-b: changed: page changed since {STAMP} \(sha256 [0-9a-f]{{12}}… now [0-9a-f]{{12}}…\); kept the old record,"
        r" new capture in page-b\.\d{4}-\d\d-\d\dT\d{6}Z\.html \(--refresh replaces the record\)",
        r.stdout.splitlines()[0],
    ), r.stdout
    assert read_log(log).sources["page-b"].archive == old
    assert (log.parent / "log-captures" / "page-b.html").read_text(encoding="utf-8") == PAGE_B  # the old capture stays
    r = run_archive(irru, site, log, "--recheck", "--refresh", "--source", "page-b")
    assert r.exit_code == 0 and "page-b: replaced: page changed since" in r.stdout
    assert read_log(log).sources["page-b"].archive.sha256 == A.sha256(PAGE_B.replace("400", "500").encode())  # type: ignore[union-attr]
    assert irru("check", str(log), "--archive").exit_code == 0  # the new capture has the quoted 500


def test_a_dry_run_fetches_and_reports_but_stores_nothing(irru, site: Site, log: Path) -> None:
    before = log.read_text(encoding="utf-8")
    r = run_archive(irru, site, log, "--dry-run")
    assert r.exit_code == 0, r.stdout + r.stderr
    assert r.stdout.splitlines()[0].startswith("page-a: archived: fetched ")
    assert r.stdout.splitlines()[-1] == "3 archived; 3 record(s) not written (--dry-run)"
    assert log.read_text(encoding="utf-8") == before
    assert sorted(p.name for p in log.parent.iterdir()) == ["log.yaml"]  # no captures directory, no backup
    assert run_archive(irru, site, log).exit_code == 0
    captures = sorted(p.name for p in (log.parent / "log-captures").iterdir())
    site.page("/b", PAGE_B.replace("400", "500"))
    r = run_archive(irru, site, log, "--recheck", "--dry-run", "--source", "page-b")
    assert r.exit_code == 1
    assert "kept the old record, new capture not stored (--dry-run) (--refresh replaces the record)" in r.stdout
    assert sorted(p.name for p in (log.parent / "log-captures").iterdir()) == captures


def test_an_interrupted_run_resumes_from_the_manifest_offline(irru, site: Site, log: Path) -> None:
    # A run cut short after its captures: the archiving loop ran (captures and manifest stored), the log unwritten.
    sources = [s for s in read_log(log).sources.values() if s.url]
    opts = A.Options(wayback_api=site.base + "/wayback/available")
    done = list(A.archive(log.parent, A.captures_dir(log), sources, A.Fetcher(delay=0), opts))
    assert [o.status for o in done] == ["archived"] * 3
    assert "archive:" not in log.read_text(encoding="utf-8")
    n = len(site.requests)
    r = run_archive(irru, site, log, "--offline")
    assert r.exit_code == 0
    assert r.stdout.splitlines()[0] == "page-a: resumed: record taken from the capture made by an earlier run"
    assert len(site.requests) == n
    assert irru("check", str(log), "--archive").stderr.count("has no archive record") == 0


def test_offline_with_nothing_captured_fetches_nothing(irru, site: Site, log: Path) -> None:
    r = run_archive(irru, site, log, "--offline")
    assert r.exit_code == 0 and site.requests == []
    assert r.stdout.splitlines()[0] == "page-a: offline: not fetched (--offline): it has no capture"


def test_availability_api_down_still_captures_and_says_so(irru, site: Site, log: Path) -> None:
    r = irru("archive", str(log), "--delay", "0", "--wayback-api", site.base + "/no-api", "--source", "page-b")
    assert r.exit_code == 0
    assert (
        r.stdout.splitlines()[0]
        == f"page-b: archived: captured {len(PAGE_B)} bytes (text/html) from the live; no archived copy (availability API: HTTP 404 Not Found)"
    )


def test_save_page_now_is_asked_only_with_save_and_only_when_no_copy_exists(irru, site: Site, log: Path) -> None:
    b = site.base + "/b"
    site.page(f"/save/{b}", "saved", **{"Content_Location": f"/web/20260101120000/{b}"})
    r = run_archive(irru, site, log, "--source", "page-b", "--save", "--save-api", site.base + "/save")
    assert r.exit_code == 0, r.stdout
    assert read_log(log).sources["page-b"].archive.url == f"{site.base}/web/20260101120000/{b}"  # type: ignore[union-attr]
    assert read_log(log).sources["page-b"].archive.archived == "2026-01-01T12:00:00Z"  # type: ignore[union-attr]
    assert not any(p.startswith("/save/") and "/a" in p for p in site.requests)


def test_a_source_that_cannot_be_reached_fails_with_exit_1(irru, site: Site, log: Path) -> None:
    text = log.read_text(encoding="utf-8").replace(site.base + "/b", site.base + "/missing")
    log.write_text(text, encoding="utf-8")
    r = run_archive(irru, site, log, "--source", "page-b")
    assert r.exit_code == 1
    assert (
        r.stdout.splitlines()[0]
        == "page-b: failed: not archived: no capture and no archived copy (page: HTTP 404 Not Found)"
    )


def test_requests_to_one_host_are_spaced_by_the_delay(site: Site) -> None:
    now = [100.0]
    waits: list[float] = []
    f = A.Fetcher(delay=5.0, clock=lambda: now[0], sleep=waits.append)
    site.page("/x", "x")
    f.get(site.base + "/x")
    now[0] += 1.5
    f.get(site.base + "/x")
    assert waits == [3.5]


def test_writing_needs_ruamel_and_says_how_to_get_it(irru, log: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ruamel.yaml", None)
    monkeypatch.setitem(sys.modules, "ruamel", None)
    r = irru("archive", str(log))
    assert r.exit_code == 2
    assert (
        r.stderr
        == "irru: editing a log needs ruamel.yaml, one of irru's dependencies, which is missing from this Python:"
        " reinstall irru (pip install --force-reinstall irru) or pip install ruamel.yaml\n"
    )


def test_writing_commands_need_an_explicit_log(irru) -> None:
    r = irru("archive")
    assert r.exit_code == 2 and "give the log to work on" in r.stderr


def test_quotes_are_found_across_markup_entities_curly_quotes_and_case() -> None:
    text = A.searchable(PAGE_A.encode(), html=True)
    assert A.normalise("“We are MORALLY obliged to refrain.”") in text
    assert "var x" not in text


def test_sources_listing_shows_archive_records_in_json_and_csv(irru, site: Site, log: Path) -> None:
    run_archive(irru, site, log)
    doc = json.loads(irru("sources", "--data", str(log), "--format", "json").stdout)
    by_id = {s["id"]: s for s in doc["sources"]}
    assert by_id["page-a"]["archive"]["archived"] == "2024-02-24T10:15:00Z"
    assert by_id["page-b"]["archive"]["url"] is None
    assert by_id["page-b"]["archive"]["sha256"] == A.sha256(PAGE_B.encode())
    csv_lines = irru("sources", "--data", str(log), "--format", "csv").stdout.splitlines()
    assert csv_lines[0].endswith(",archive_url,archive_accessed,archive_archived,archive_sha256,archive_capture")
