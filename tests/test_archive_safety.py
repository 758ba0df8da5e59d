"""Issue 25 items 1, 4, 8 and 11: what `irru archive` fetches and follows, how long it waits, what it reads back, and
a log edited while it runs. Every server is started here on 127.0.0.1 (and 127.0.0.2); no outside network."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from irru import archive as A

Handler = Callable[[BaseHTTPRequestHandler], None]


class Server:
    """A server whose answer to each path is a function of the request handler."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.routes: dict[str, Handler] = {}
        self.requests: list[str] = []
        server = self

        class H(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests.append(self.path)
                path = self.path.split("?")[0]
                route = server.routes.get(path)
                if route is None:
                    send(self, 404, b"not found")
                else:
                    route(self)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer((host, 0), H)
        self.httpd.daemon_threads = True
        self.base = f"http://{host}:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def send(h: BaseHTTPRequestHandler, status: int, body: bytes, ctype: str = "text/html", **headers: str) -> None:
    h.send_response(status)
    h.send_header("Content-Type", ctype)
    h.send_header("Content-Length", str(len(body)))
    for k, v in headers.items():
        h.send_header(k, v)
    h.end_headers()
    h.wfile.write(body)


def page(body: str) -> Handler:
    return lambda h: send(h, 200, body.encode("utf-8"))


def api(closest: object) -> Handler:
    doc = {"archived_snapshots": {"closest": closest}}
    return lambda h: send(h, 200, json.dumps(doc).encode(), "application/json")


@pytest.fixture
def server() -> Iterator[Server]:
    s = Server()
    s.routes["/api"] = api(None)
    yield s
    s.close()


def write_log(tmp_path: Path, urls: dict[str, str]) -> Path:
    sources = "".join(
        f"  - {{id: {sid}, title: T, publisher: P, published: 2024-02-21, url: {json.dumps(url)}, kind: news,"
        " grade: C}\n"
        for sid, url in urls.items()
    )
    claims = "".join(f"      - {{source: {sid}, stance: asserts, text: Said.}}\n" for sid in urls)
    text = (
        f"schema: 2\nsources:\n{sources}events:\n  - id: e\n    date: 2024-02\n    title: E\n    type: negotiation\n"
        f"    claims:\n{claims}"
    )
    path = tmp_path / "log.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def run(irru, server: Server, log: Path, *args: str):  # type: ignore[no-untyped-def]
    return irru("archive", str(log), "--delay", "0", "--wayback-api", server.base + "/api", *args)


def captured(log: Path) -> str:
    d = log.parent / "log-captures"
    return "".join(p.read_text(encoding="utf-8", errors="replace") for p in sorted(d.iterdir())) if d.is_dir() else ""


# --- item 1: schemes and redirects ----------------------------------------------------------------------------


@pytest.mark.parametrize("copy", ["file:///etc/passwd", "data:text/html,<p>forged</p>", "ftp://127.0.0.1/x"])
def test_an_archived_copy_that_is_not_http_is_never_fetched(irru, server: Server, tmp_path: Path, copy: str) -> None:
    server.routes["/api"] = api({"available": True, "url": copy, "timestamp": "20240221000000"})
    log = write_log(tmp_path, {"gone": server.base + "/gone"})
    r = run(irru, server, log)
    assert r.exit_code == 1
    scheme = copy.split(":")[0]
    assert r.stdout.splitlines()[0] == (
        "gone: failed: not archived: no capture and no archived copy (availability API: the availability API named"
        f" a copy irru will not fetch: only http and https URLs are fetched, not {scheme}:; page: HTTP 404 Not Found)"
    )
    assert "root:" not in captured(log) and "forged" not in captured(log) and "archive:" not in log.read_text()


@pytest.mark.parametrize(
    ("url", "refused"),
    [
        ("file:///etc/passwd", "only http and https URLs are fetched, not file:"),
        ("data:text/html,x", "only http and https URLs are fetched, not data:"),
        ("gopher://h/x", "only http and https URLs are fetched, not gopher:"),
        ("http:///path", "the URL names no host; not fetched"),
        ("http://user:pw@h/x", "the URL carries a user name or password; not fetched"),
        ("http://h/a\u202eb", "the URL holds a control or bidi character; not fetched"),
        ("http://h:99999/", "the URL's host or port is not valid (Port out of range 0-65535); not fetched"),
    ],
)
def test_only_plain_web_urls_are_fetched(url: str, refused: str) -> None:
    with pytest.raises(A.FetchError) as e:
        A.web_url(url)
    assert str(e.value) == refused


def test_an_iri_goes_on_the_wire_as_ascii() -> None:
    assert A.web_url("https://bücher.example/новости/a b?q=ü") == (
        "https://xn--bcher-kva.example/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8/a%20b?q=%C3%BC"
    )
    assert A.web_url("https://h.example/already%20encoded") == "https://h.example/already%20encoded"


def test_a_redirect_to_another_host_or_scheme_is_not_followed(irru, server: Server, tmp_path: Path) -> None:
    other = Server("127.0.0.2")
    try:
        other.routes["/page"] = page("<p>another machine</p>")
        server.routes["/away"] = lambda h: send(h, 302, b"", Location=other.base + "/page")
        server.routes["/ftp"] = lambda h: send(h, 301, b"", Location="ftp://127.0.0.1/x")
        server.routes["/moved"] = lambda h: send(h, 301, b"", Location="/here")
        server.routes["/here"] = page("<p>same site</p>")
        log = write_log(tmp_path, {"away": server.base + "/away", "ftp": server.base + "/ftp", "moved": server.base + "/moved"})  # fmt: skip
        r = run(irru, server, log)
        lines = r.stdout.splitlines()
        assert r.exit_code == 1
        assert lines[0] == (
            "away: failed: not archived: no capture and no archived copy (page: redirected to another site"
            f" ({other.base}/page); not captured: if that is the page, cite its URL)"
        )
        assert lines[1] == (
            "ftp: failed: not archived: no capture and no archived copy (page: redirected to ftp://127.0.0.1/x: only"
            " http and https URLs are fetched, not ftp:)"
        )
        assert lines[2].startswith("moved: archived: captured 16 bytes")  # a redirect on the same site is fine
        assert other.requests == []
        manifest = json.loads((tmp_path / "log-captures" / "manifest.json").read_text(encoding="utf-8"))
        assert list(manifest["captures"]) == ["moved"] and manifest["captures"]["moved"]["final_url"].endswith("/here")
    finally:
        other.close()


# --- item 8: URLs, replies and servers that used to crash or hang it -------------------------------------------


def test_an_iri_and_a_url_with_a_space_are_fetched_encoded(irru, server: Server, tmp_path: Path) -> None:
    server.routes["/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8/a"] = page("<p>iri</p>")
    server.routes["/two%20words"] = page("<p>space</p>")
    log = write_log(tmp_path, {"iri": server.base + "/новости/a", "space": server.base + "/two words"})
    r = run(irru, server, log)
    assert r.exit_code == 0, r.stdout
    assert [line.split(":")[1] for line in r.stdout.splitlines()[:2]] == [" archived", " archived"]


def test_a_control_character_fails_that_source_and_the_others_are_still_archived(
    irru, server: Server, tmp_path: Path
) -> None:
    server.routes["/ok"] = page("<p>fine</p>")
    log = write_log(tmp_path, {"bad": server.base + "/a\tb\u001b[31m", "ok": server.base + "/ok"})
    r = run(irru, server, log)
    lines = r.stdout.splitlines()
    assert r.exit_code == 1
    assert lines[0] == (
        "bad: failed: not archived: no capture and no archived copy (page: the URL holds a control or bidi"
        " character; not fetched)"
    )
    assert "\x1b" not in r.stdout
    assert lines[1].startswith("ok: archived: captured 11 bytes")
    assert lines[2] == f"1 failed, 1 archived; wrote 1 record(s) to {log} (old file kept as {log}.bak)"


def test_a_deeply_nested_api_reply_is_an_answer_it_cannot_read(irru, server: Server, tmp_path: Path) -> None:
    nested = b"[" * 100_000 + b"]" * 100_000
    server.routes["/api"] = lambda h: send(h, 200, nested, "application/json")
    server.routes["/ok"] = page("<p>fine</p>")
    log = write_log(tmp_path, {"ok": server.base + "/ok"})
    r = run(irru, server, log)
    assert r.exit_code == 0
    assert r.stdout.splitlines()[0].endswith(
        "no archived copy (availability API: the availability API gave an answer irru cannot read)"
    )


def test_a_server_that_trickles_is_cut_off_at_the_timeout(irru, server: Server, tmp_path: Path) -> None:
    sent: list[int] = []
    done = threading.Event()

    def trickle(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", "100000")
        h.end_headers()
        try:
            for _ in range(100_000):  # a byte every 20 ms: 2,000 s in all, and never 0.5 s of silence
                h.wfile.write(b"x")
                h.wfile.flush()
                sent.append(1)
                if done.wait(0.02):
                    return
        except OSError:
            return

    server.routes["/slow"] = trickle
    log = write_log(tmp_path, {"slow": server.base + "/slow"})
    try:
        r = run(irru, server, log, "--timeout", "0.5")
    finally:
        done.set()
    assert r.exit_code == 1
    assert r.stdout.splitlines()[0] == (
        "slow: failed: not archived: no capture and no archived copy (page: took longer than 0.5 s; not captured)"
    )
    assert len(sent) < 100_000


def test_a_server_that_trickles_its_headers_is_cut_off_too(server: Server) -> None:
    done = threading.Event()

    def headers(h: BaseHTTPRequestHandler) -> None:
        try:
            for ch in b"HTTP/1.1 200 OK\r\n" + b"X-Slow: " + b"y" * 100_000:
                h.wfile.write(bytes([ch]))
                h.wfile.flush()
                if done.wait(0.02):
                    return
        except OSError:
            return

    server.routes["/slow"] = headers
    try:
        with pytest.raises(A.FetchError, match=r"^took longer than 0.5 s; not captured$"):
            A.Fetcher(delay=0, timeout=0.5).get(server.base + "/slow")
    finally:
        done.set()


# --- item 4: captures read back ---------------------------------------------------------------------------------


def archived_log(irru, server: Server, tmp_path: Path) -> tuple[Path, Path]:  # type: ignore[no-untyped-def]
    server.routes["/a"] = page("<p>The minister said yes.</p>")
    log = write_log(tmp_path, {"a": server.base + "/a"})
    assert run(irru, server, log).exit_code == 0
    return log, tmp_path / "log-captures" / "a.html"


@pytest.mark.parametrize("kind", ["dev-zero", "fifo", "passwd", "outside"])
def test_a_capture_replaced_by_a_link_or_a_special_file_is_not_read(
    irru, server: Server, tmp_path: Path, kind: str
) -> None:
    log, capture = archived_log(irru, server, tmp_path)
    capture.unlink()
    if kind == "dev-zero":
        capture.symlink_to("/dev/zero")
        said = "is outside the log's directory; not read"
    elif kind == "fifo":
        os.mkfifo(capture)  # reading it would wait for ever
        said = "is not a regular file (a device, a FIFO or a directory); not read"
    elif kind == "passwd":
        capture.symlink_to("/etc/passwd")
        said = "is outside the log's directory; not read"
    else:
        outside = tmp_path.parent / f"{tmp_path.name}-outside.html"
        outside.write_text("<p>The minister said yes.</p>", encoding="utf-8")
        capture.symlink_to(outside)
        said = "is outside the log's directory; not read"
    r = irru("check", str(log), "--archive", "--no-cache")
    assert r.exit_code == 1
    assert r.stderr.splitlines()[0] == f"{log}:3: capture 'log-captures/a.html' of source 'a' {said}"
    r = run(irru, server, log, "--offline")  # and archive does not take it for a good capture
    assert (
        r.stdout.splitlines()[0]
        == "a: offline: not fetched (--offline): its capture is missing or does not match its record"
    )


# --- item 11: the log edited while archive runs --------------------------------------------------------------------


def test_an_edit_made_while_archive_runs_is_kept_and_the_write_refused(irru, server: Server, tmp_path: Path) -> None:
    log: list[Path] = []

    def edit_then_answer(h: BaseHTTPRequestHandler) -> None:
        text = log[0].read_text(encoding="utf-8")
        log[0].write_text(text.replace("title: E", "title: Edited meanwhile"), encoding="utf-8")
        st = log[0].stat()
        os.utime(log[0], ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))  # an editor's save, a moment later
        send(h, 200, b"<p>page</p>")

    server.routes["/a"] = edit_then_answer
    log.append(write_log(tmp_path, {"a": server.base + "/a"}))
    r = run(irru, server, log[0])
    assert r.exit_code == 1
    assert r.stderr == (
        f"irru: {log[0]} changed while irru was working on it; nothing written (the other change is kept: run the"
        " command again); the captures are kept and recorded in the manifest, so the next run records them without"
        " fetching again\n"
    )
    assert "title: Edited meanwhile" in log[0].read_text(encoding="utf-8")
    assert "archive:" not in log[0].read_text(encoding="utf-8") and not (tmp_path / "log.yaml.bak").exists()
    n = len(server.requests)
    r = run(irru, server, log[0], "--offline")
    assert r.exit_code == 0 and r.stdout.splitlines()[0].startswith("a: resumed:") and len(server.requests) == n
    text = log[0].read_text(encoding="utf-8")
    assert "title: Edited meanwhile" in text and "archive:" in text


# --- item 12: a capture that is not text ---------------------------------------------------------------------------


def test_a_quote_whose_capture_is_not_text_is_said_to_be_unchecked(irru, server: Server, tmp_path: Path) -> None:
    server.routes["/a.pdf"] = lambda h: send(h, 200, b"%PDF-1.4 binary", "application/pdf")
    log = write_log(tmp_path, {"a": server.base + "/a.pdf"})
    log.write_text(log.read_text(encoding="utf-8").replace("text: Said.}", "text: Said., quoted: true}"), "utf-8")
    assert run(irru, server, log).exit_code == 0
    r = irru("check", str(log), "--archive", "--no-cache")
    assert r.exit_code == 1
    assert r.stderr.splitlines()[0] == (
        f"{log}:10: quoted text cannot be checked: the capture of 'a' (log-captures/a.pdf) is not text irru can"
        " search (HTML, text, XML or JSON); check the quote by hand"
    )


def test_a_captures_path_that_is_a_file_is_a_usage_error(irru, server: Server, tmp_path: Path) -> None:
    log = write_log(tmp_path, {"a": server.base + "/a"})
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    r = run(irru, server, log, "--captures", str(tmp_path / "afile"))
    assert r.exit_code == 2 and server.requests == []
    assert r.stderr == f"irru: {tmp_path / 'afile'} is not a directory; give --captures DIR, where captures are kept\n"


def test_a_default_captures_directory_that_is_a_link_is_not_written_through(
    irru, server: Server, tmp_path: Path
) -> None:
    server.routes["/a"] = page("<p>a</p>")
    log = write_log(tmp_path, {"a": server.base + "/a"})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "log-captures").symlink_to(elsewhere)
    r = run(irru, server, log)
    assert r.exit_code == 2 and server.requests == [] and list(elsewhere.iterdir()) == []
    assert r.stderr == (
        f"irru: {tmp_path / 'log-captures'} is a symbolic link: irru does not write captures through a link beside"
        " the log (one planted in a shared folder could send them anywhere); give --captures DIR to write there\n"
    )
    r = run(irru, server, log, "--captures", str(elsewhere))  # named by the user: written there
    assert r.exit_code == 0, r.stdout + r.stderr
    assert sorted(p.name for p in elsewhere.iterdir()) == ["a.html", "manifest.json"]
