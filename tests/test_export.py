"""Exports: the HTML report's page (without a browser), TimelineJS JSON, SQLite for Datasette, graphs, the chart."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import sqlite3
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


# --- HTML ------------------------------------------------------------------------------------------------


def test_html_is_self_contained_with_a_csp_that_allows_only_its_own_script_and_style(irru, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    r = irru("export", "html", "-o", str(out))
    n = len(json.loads(irru("timeline", "--format", "json").stdout)["events"])
    assert (r.exit_code, r.stdout, r.stderr) == (0, "", f"irru: wrote {n} events to {out}\n")
    page = out.read_text(encoding="utf-8")
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page).group(1)
    assert csp.startswith("default-src 'none';")
    script = re.search(r"<script>(.*?)</script>", page, re.S).group(1)
    style = re.search(r"<style>(.*?)</style>", page, re.S).group(1)
    for text, directive in ((script, "script-src"), (style, "style-src")):
        digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
        assert f"{directive} 'sha256-{digest}'" in csp
    assert not re.search(r"<(link|img|iframe|object|embed)\b|\bsrc=|@import|url\(", page)  # nothing to load
    assert page.count("<article ") == len(json.loads(irru("timeline", "--format", "json").stdout)["events"])


def test_html_escapes_log_text_everywhere(irru, tmp_path: Path) -> None:
    log = (DATA / "small.yaml").read_text(encoding="utf-8")
    evil = "</script><script>alert(1)</script><b onclick=x>&amp;"
    log = log.replace("title: The Gaza war begins", "title: " + json.dumps(evil))
    log = log.replace("text: The war began on 7 October 2023.", "text: " + json.dumps(evil + " claim"))
    (tmp_path / "log.yaml").write_text(log, encoding="utf-8")
    r = irru("export", "html", "--data", str(tmp_path / "log.yaml"))
    assert r.exit_code == 0, r.stderr
    page = r.stdout
    assert page.count("<script") == 2 and "<b onclick" not in page and "alert(1)</script>" not in page
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;b onclick=x&gt;&amp;amp;" in page
    data = re.search(r'<script type="application/json" id="irru-data">(.*?)</script>', page, re.S).group(1)
    assert "<" not in data and ">" not in data
    titles = [e["title"] for e in json.loads(data)["events"]]
    assert evil in titles  # the JSON still carries the text exactly


def _page_data(page: str) -> dict:
    return json.loads(re.search(r'<script type="application/json" id="irru-data">(.*?)</script>', page, re.S).group(1))


def flag_as_of(steps: list[dict], day: str) -> dict | None:
    """The step in force on ``day`` as report.js's flagAsOf looks it up: the last one from on or before it."""
    found = None
    for step in steps:
        if step["from"] <= day:
            found = step
    return found


def _compare_flags_on_change_days(irru, *data: str) -> tuple[int, int]:
    """Each event's embedded flag on every day a flag can change (a claim became known), and the day before the
    first, against `timeline --as-of DAY --format json`; returns (days compared, flags that moved from today's)."""
    events = _page_data(irru("export", "html", *data).stdout)["events"]
    days: set[str] = set()
    for e in events:
        ends = sorted({c["end"] for c in e["claims"] if c["end"]})
        assert [s["from"] for s in e["steps"]][:1] == ends[:1] and {s["from"] for s in e["steps"]} <= set(ends)
        days |= set(ends)
    days.add((date.fromisoformat(min(days)) - timedelta(days=1)).isoformat())  # before anything was said
    moved = 0
    for day in sorted(days):
        doc = json.loads(irru("timeline", *data, "--as-of", day, "--format", "json").stdout)
        expected = {e["id"]: e["confidence"] for e in doc["events"]}
        for e in events:
            step = flag_as_of(e["steps"], day)
            if e["id"] not in expected:
                assert step is None, (day, e["id"])  # nothing said yet: the page hides it
                continue
            want = expected[e["id"]]
            assert step is not None, (day, e["id"])
            assert (step["flag"], step["rule"], "".join(step["label"])) == (want["flag"], want["rule"], want["label"])
            assert step["label"][0] == re.match(r"[A-Z]+(?: [A-Z]+)*:?", want["label"]).group()
            moved += step["flag"] != e["flag"]["flag"]
    now = json.loads(irru("timeline", *data, "--format", "json").stdout)["events"]
    assert [(e["id"], "".join(e["flag"]["label"])) for e in events] == [
        (e["id"], e["confidence"]["label"]) for e in now
    ]
    return len(days), moved


@pytest.mark.slow  # one `timeline --as-of` per change day: ~100 runs
def test_html_flags_at_every_change_day_are_the_timelines(irru) -> None:
    """The page's as-of control reads flags computed in Python: on every day any bundled event's flag can change,
    each event's embedded flag (word, rule, label) is `timeline --as-of DAY`'s."""
    days, moved = _compare_flags_on_change_days(irru)
    assert days > 100 and moved > 20  # the comparison covers flags that really move with the day


def test_html_flags_follow_a_speaker_whose_state_changed(irru, tmp_path: Path) -> None:
    """Dated part_of: a lawmaker who left North Korea's foreign ministry for South Korea's defence ministry confirms
    what North Korea denies. The page shows exactly what the command line says on every day (a port of the rules in
    JavaScript once said DISPUTED here where the command said DENIED)."""
    log = (DATA / "schema2.yaml").read_text(encoding="utf-8")
    log = log.replace("{actor: mnd, until: 2024-05-30}", "{actor: dprk-mfa, until: 2024-05-30}")
    log = log.replace("{actor: national-assembly, from: 2024-05-30}", "{actor: mnd, from: 2024-05-30}")
    log = log.replace("by: united-states\n        stance: confirms", "by: lawmaker-lee\n        stance: confirms")
    (tmp_path / "moved.yaml").write_text(log, encoding="utf-8")
    data = ("--data", str(tmp_path / "moved.yaml"))
    days, moved = _compare_flags_on_change_days(irru, *data)
    assert days == 7 and moved > 0


def test_html_uses_the_timeline_filters(irru) -> None:
    r = irru("export", "html", "--system", "Fath-360", "--as-of", "2024-09-30", "--title", "Fath-360 <as of Sep>")
    assert r.exit_code == 0
    expected = json.loads(irru("timeline", "--system", "Fath-360", "--as-of", "2024-09-30", "--format", "json").stdout)
    ids = re.findall(r'<article class="event f-\w+" id="ev-([^"]+)"', r.stdout)
    assert ids == [e["id"] for e in expected["events"]]
    assert "<title>Fath-360 &lt;as of Sep&gt;</title>" in r.stdout
    assert "Selected with: <code>--system Fath-360 --as-of 2024-09-30</code>" in r.stdout
    assert 'id="f-asof" type="date" value="2024-09-30"' in r.stdout


def test_html_without_jinja2_says_how_to_get_it(irru, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "jinja2", None)
    r = irru("export", "html")
    assert r.exit_code == 2 and r.stdout == ""
    assert (
        r.stderr == "irru: export html needs jinja2, one of irru's dependencies, which is missing from this Python:"
        " reinstall irru (pip install --force-reinstall irru) or pip install jinja2\n"
    )


def test_export_filters_fail_like_timeline(irru) -> None:
    r = irru("export", "timelinejs", "--actor", "Irann")
    assert r.exit_code == 2 and "unknown actor 'Irann'; did you mean 'Iran'" in r.stderr
    r = irru("export", "timelinejs", "--story", "nope")
    assert r.exit_code == 2 and r.stderr.startswith("irru: unknown story 'nope'; use one of: ")  # as timeline's --story


def test_export_goes_through_the_one_command_app() -> None:
    from irru.cli import app
    from irru.cli.entry import app_for

    single = app_for(["export", "html"])
    assert single is not app and [g.name for g in single.registered_groups] == ["export"]
    assert single.registered_commands == []


# --- TimelineJS --------------------------------------------------------------------------------------------

# https://timeline.knightlab.com/docs/json-format.html
SLIDE_KEYS = {"start_date", "end_date", "text", "media", "group", "display_date", "background", "autolink", "unique_id"}
DATE_KEYS = {"year", "month", "day", "hour", "minute", "second", "millisecond", "display_date"}


def _check_date(d: dict[str, object]) -> None:
    assert set(d) <= DATE_KEYS and "year" in d
    assert all(isinstance(v, int) for k, v in d.items() if k != "display_date")
    assert "day" not in d or "month" in d


def test_timelinejs_has_every_field_timelinejs_requires(irru) -> None:
    r = irru("export", "timelinejs")
    assert r.exit_code == 0
    doc = json.loads(r.stdout)
    assert set(doc) <= {"events", "title", "eras", "scale"} and isinstance(doc["events"], list)
    assert set(doc["title"]) <= SLIDE_KEYS - {"start_date"} and doc["title"]["text"]["headline"]
    timeline = json.loads(irru("timeline", "--format", "json").stdout)["events"]
    assert [s["unique_id"] for s in doc["events"]] == [e["id"] for e in timeline]
    for slide, event in zip(doc["events"], timeline, strict=True):
        assert set(slide) <= SLIDE_KEYS, slide.keys()
        _check_date(slide["start_date"])
        if "end_date" in slide:
            _check_date(slide["end_date"])
        assert set(slide["text"]) == {"headline", "text"}
        head = re.match(r"[A-Z]+(?: [A-Z]+)*:?", event["confidence"]["label"]).group()  # DENIED, ON RECORD:
        assert slide["text"]["text"].startswith(f"<p><strong>{head}</strong>")
        if event["story"]:
            assert slide["group"] == event["story"]


def test_timelinejs_dates_keep_their_precision_and_qualifiers(irru, tmp_path: Path) -> None:
    log = (DATA / "small.yaml").read_text(encoding="utf-8").replace("date: 2023-10-07", "date: 2023-10~")
    (tmp_path / "log.yaml").write_text(log, encoding="utf-8")
    slides = {
        s["unique_id"]: s
        for s in json.loads(irru("export", "timelinejs", "--data", str(tmp_path / "log.yaml")).stdout)["events"]
    }
    assert slides["gaza-war"]["start_date"] == {"year": 2023, "month": 10}
    assert "end_date" not in slides["gaza-war"] and slides["gaza-war"]["display_date"] == "c. Oct 2023"
    assert slides["missiles-feb"]["start_date"] == {"year": 2024, "month": 1}
    assert slides["missiles-feb"]["end_date"] == {"year": 2024, "month": 2, "day": 21}
    assert slides["missiles-feb"]["display_date"] == "Jan – 21 Feb 2024"
    assert slides["missiles-feb"]["text"]["text"].startswith(
        "<p><strong>DENIED</strong> by Iran; reported by Example Wire (anonymous sources)</p>"
    )


def test_timelinejs_escapes_html(irru) -> None:
    doc = json.loads(irru("export", "timelinejs", "--data", str(DATA / "hostile.yaml")).stdout)
    text = json.dumps(doc)
    assert "<script" not in text
    slide = doc["events"][0]
    assert "<" not in slide["text"]["headline"]
    assert re.sub(r"</?(p|strong|em|ul|li|a)( href=\"[^\"<>]*\")?>", "", slide["text"]["text"]).count("<") == 0


# --- SQLite ------------------------------------------------------------------------------------------------


def test_sqlite_export_opens_and_full_text_search_finds_fath_360(irru, tmp_path: Path) -> None:
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    db_path = tmp_path / "irru.db"
    r = irru("export", "sqlite", str(db_path))
    assert r.exit_code == 0 and r.stdout == ""
    n = len(json.loads(irru("timeline", "--format", "json").stdout)["events"])
    assert (
        r.stderr == f"irru: wrote {n} events to {db_path} and Datasette metadata to {tmp_path / 'irru.metadata.json'}\n"
    )
    db = sqlite3.connect(db_path)
    found = [row[0] for row in db.execute(
        "SELECT events.id FROM events_fts JOIN events ON events.rowid = events_fts.rowid"
        " WHERE events_fts MATCH '\"Fath-360\"' ORDER BY events.earliest, events.id"
    )]  # fmt: skip
    expected = json.loads(irru("timeline", "--grep", "Fath-360", "--format", "json").stdout)["events"]
    assert found == [e["id"] for e in expected]
    assert set(found) >= {"fath360-contract", "fath360-shipment-2024"}
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    flags = dict(db.execute("SELECT id, flag FROM events"))
    assert flags == {
        e["id"]: e["confidence"]["flag"] for e in json.loads(irru("timeline", "--format", "json").stdout)["events"]
    }
    row = db.execute(
        "SELECT date, earliest, latest, precision FROM events WHERE id = 'reuters-400-missiles'"
    ).fetchone()
    assert row == ("2024-01/2024-02-21", "2024-01-01", "2024-02-21", "interval")
    claims = db.execute(
        "SELECT count(*) FROM claims JOIN claims_fts ON claims.id = claims_fts.rowid WHERE claims_fts MATCH 'Caspian'"
    ).fetchone()[0]
    assert claims >= 1
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"events", "claims", "sources", "actors", "systems", "links", "event_actors", "event_systems"} <= tables
    indexes = {
        r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'")
    }
    assert {"events_flag", "claims_event", "event_actors_actor"} <= indexes
    meta = json.loads((tmp_path / "irru.metadata.json").read_text(encoding="utf-8"))
    events_meta = meta["databases"]["irru"]["tables"]["events"]
    assert events_meta["fts_table"] == "events_fts" and "flag" in events_meta["facets"]
    assert {"array": "actors"} in events_meta["facets"] and "type" in events_meta["facets"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["irru.db", "irru.metadata.json"]  # no temporary left


def test_sqlite_export_replaces_atomically_and_reports_unwritable_places(irru, tmp_path: Path) -> None:
    db_path = tmp_path / "x.db"
    db_path.write_text("old", encoding="utf-8")
    assert irru("export", "sqlite", str(db_path), "--confidence", "denied").exit_code == 0
    assert sqlite3.connect(db_path).execute("SELECT DISTINCT flag FROM events").fetchall() == [("denied",)]
    r = irru("export", "sqlite", str(tmp_path / "missing" / "x.db"))
    assert (
        r.exit_code == 2
        and r.stderr == f"irru: cannot write {tmp_path / 'missing' / 'x.db'}: no directory {tmp_path / 'missing'}\n"
    )
    r = irru("export", "sqlite", str(tmp_path))
    assert r.exit_code == 2 and r.stderr == f"irru: {tmp_path} is a directory; give the file to write\n"


# --- graphs ------------------------------------------------------------------------------------------------

NODE = re.compile(r'  (n\d+)\["([^"\n]*)"\]')
EDGE = re.compile(r'  (n\d+) (==>|-->|-\.->)\|"([^"\n]*)"\| (n\d+)')


def parse_mermaid(text: str) -> tuple[dict[str, str], list[tuple[str, str, str, str]]]:
    """A structural check of Mermaid flowchart syntax: header, node lines, edges between declared nodes."""
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    nodes: dict[str, str] = {}
    edges = []
    for line in lines[1:]:
        if m := NODE.fullmatch(line):
            assert m.group(1) not in nodes
            nodes[m.group(1)] = m.group(2)
        elif m := EDGE.fullmatch(line):
            assert m.group(1) in nodes and m.group(4) in nodes
            edges.append(m.groups())
        else:
            raise AssertionError(f"not a Mermaid node or edge line: {line!r}")
    return nodes, edges


def test_graph_mermaid_actors(irru) -> None:
    r = irru("graph", "--data", str(DATA / "small.yaml"))
    assert r.exit_code == 0
    nodes, edges = parse_mermaid(r.stdout)
    named = {(nodes[a], arrow, label, nodes[b]) for a, arrow, label, b in edges}
    assert ("Russia", "==>", "Su-35", "Iran") in named
    assert ("Iran", "==>", "Fath-360", "Russia") in named
    assert ("Antony Blinken", "-.->", "confirms", "Russia") in named
    assert ("Iran", "-.->", "denies", "Russia") in named


def test_graph_mermaid_bundled_log_and_filters(irru) -> None:
    nodes, edges = parse_mermaid(irru("graph").stdout)
    assert len(nodes) > 5 and len(edges) > 10
    assert any(label.startswith("Shahed") for _, arrow, label, _ in edges if arrow == "==>")
    nodes_iran, _ = parse_mermaid(irru("graph", "--system", "Fath-360").stdout)
    assert 0 < len(nodes_iran) < len(nodes)


def test_graph_relays_shows_which_report_rests_on_which(irru) -> None:
    nodes, edges = parse_mermaid(irru("graph", "--relays").stdout)
    relayed = {(nodes[a], label, nodes[b]) for a, _, label, b in edges}
    assert any(
        a.startswith("Stimson Center") and b.startswith("Reuters") and label.startswith("relays")
        for a, label, b in relayed
    )
    dot = irru("graph", "--relays", "--format", "dot").stdout.splitlines()
    assert dot[0] == 'digraph "sources" {' and dot[-1] == "}"
    assert any('"stimson-2024-new-level" -> "reuters-2024-02-21"' in line for line in dot)


def test_graph_labels_from_a_hostile_log_stay_labels(irru) -> None:
    text = irru("graph", "--data", str(DATA / "hostile.yaml")).stdout
    parse_mermaid(text)
    assert "\x1b" not in text and "\u202e" not in text
    dot = irru("graph", "--data", str(DATA / "hostile.yaml"), "-f", "dot").stdout
    for line in dot.splitlines()[3:-1]:
        assert re.fullmatch(
            r'  "(?:[^"\\]|\\.)*"( -> "(?:[^"\\]|\\.)*")? \[label="(?:[^"\\]|\\.)*"(, style=\w+)?\];', line
        ), line


def test_graph_rejects_unknown_format(irru) -> None:
    r = irru("graph", "--format", "svg")
    assert r.exit_code == 2 and r.stderr == "irru: --format: unknown value 'svg'; use one of: mermaid, dot\n"


# --- stats chart -----------------------------------------------------------------------------------------


def test_stats_chart_plain(irru) -> None:
    r = irru("stats", "--chart", "--data", str(DATA / "small.yaml"))
    assert r.exit_code == 0
    assert r.stdout == (
        "Events per quarter by confidence\n"
        "█ confirmed  ◆ statement  ▓ reported  ▒ disputed  ░ unconfirmed  × denied  · predicted\n"
        "2023-Q4  █▓  2 (1 confirmed, 1 reported)\n"
        "2024-Q1  ×   1 (1 denied)\n"
        "2024-Q2      none\n"
        "2024-Q3  ▒   1 (1 disputed)\n"
    )


def test_stats_chart_by_year_json_and_as_of(irru) -> None:
    r = irru(
        "stats",
        "--chart",
        "--by",
        "year",
        "--as-of",
        "2024-03-31",
        "--format",
        "json",
        "--data",
        str(DATA / "small.yaml"),
    )
    assert json.loads(r.stdout) == {
        "version": 1, "by": "year",
        "periods": [
            {"period": "2023", "total": 1, "confidence": {"confirmed": 1}},  # the Gaza war's claim came later
            {"period": "2024", "total": 1, "confidence": {"denied": 1}},
        ],
    }  # fmt: skip


def test_stats_chart_on_a_terminal_is_coloured_and_still_says_the_flag(irru) -> None:
    r = irru(
        "stats", "--chart", "--by", "year", "--format", "table", "--color", "always", "--data", str(DATA / "small.yaml")
    )
    assert "\x1b[" in r.stdout
    plain = re.sub(r"\x1b\[[0-9;]*m", "", r.stdout)
    assert "2023  █▓  2 (1 confirmed, 1 reported)" in plain


def test_stats_chart_collapses_long_empty_runs_and_checks_by(irru) -> None:
    lines = irru("stats", "--chart").stdout.splitlines()
    folded = [line for line in lines if re.fullmatch(r"\d{4}-Q\d – \d{4}-Q\d +none", line)]
    assert folded  # three or more empty quarters, one line
    r = irru("stats", "--chart", "--by", "week")
    assert r.exit_code == 2 and r.stderr == "irru: --by: unknown value 'week'; use one of: quarter, month, year\n"
    assert irru("stats").stdout.startswith("Dimension")  # the table stays the default view


def test_html_puts_only_verbatim_claims_in_quotation_marks(irru) -> None:
    page = irru("export", "html", "--data", str(DATA / "small.yaml")).stdout
    assert '<q class="ctext verbatim">' not in page  # small.yaml has no verbatim quote
    assert '<span class="ctext">Arrangements for the jets are finalised.</span>' in page
    page = irru("export", "html", "--grep", "have not seen any confirmation").stdout
    assert '<q class="ctext verbatim">While we are following this closely' in page


RELAYS_LOG = """schema: 2
sources:
  - {id: paper, title: Paper report, publisher: Example Paper, published: 2024-05-02, kind: news, grade: C}
  - {id: wire, title: Wire report, publisher: Example Wire, published: 2024-05-01, kind: wire, grade: B}
actors:
  - {id: a, name: Atlantis, kind: state}
  - {id: b, name: Borduria, kind: state}
  - {id: mp, name: Lee Example, kind: person}
events:
  - id: e1
    date: 2024-04
    title: Atlantis sends drones to Borduria
    type: delivery
    actors: [{actor: a, role: supplier}, {actor: b, role: recipient}]
    claims:
      - source: paper
        stance: asserts
        text: Drones were sent.
        via: [{source: wire}, {actor: mp, description: lawmaker}, {description: closed-door briefing}]
      - source: wire
        stance: asserts
        likelihood: likely
        analytic_confidence: moderate
        text: Drones were likely sent.
"""


def test_exports_follow_schema_2_relays_and_estimates(irru, tmp_path: Path) -> None:
    log = tmp_path / "relays.yaml"
    log.write_text(RELAYS_LOG, encoding="utf-8")
    page = irru("export", "html", "--data", str(log)).stdout
    assert (
        '<a href="#src-paper">Example Paper</a> ← <a href="#src-wire">Example Wire</a>'
        " ← Lee Example (lawmaker) ← closed-door briefing</span>"
    ) in page
    assert '<i class="estimate">(an estimate: ' in page and "moderate confidence)</i>" in page
    nodes, edges = parse_mermaid(irru("graph", "--relays", "--data", str(log)).stdout)
    assert [(nodes[a], label, nodes[b]) for a, _, label, b in edges] == [
        ("Example Paper, 2 May 2024 (grade C)", "relays", "Example Wire, 1 May 2024 (grade B)")
    ]
    assert irru("export", "sqlite", str(tmp_path / "r.db"), "--data", str(log)).exit_code == 0
    rows = sqlite3.connect(tmp_path / "r.db").execute("SELECT via_id, relays, likelihood FROM claims ORDER BY position")
    (via, relays, likelihood), (_, no_relays, estimate) = rows.fetchall()
    assert via == "wire" and likelihood is None and estimate == "likely" and json.loads(no_relays) == []
    assert [r["label"] for r in json.loads(relays)] == [
        "Example Wire",
        "Lee Example (lawmaker)",
        "closed-door briefing",
    ]


def test_datasette_sorts_events_as_the_chronology_does(irru, tmp_path: Path) -> None:
    """An open-start event (by 28 Oct 2024) is placed by its known date, not above 1971 as NULL earliest was."""
    import sqlite3

    db = tmp_path / "irru.db"
    assert irru("export", "sqlite", str(db)).exit_code == 0
    meta = json.loads((tmp_path / "irru.metadata.json").read_text(encoding="utf-8"))
    assert meta["databases"]["irru"]["tables"]["events"]["sort"] == "sort_date"
    ordered = [r[0] for r in sqlite3.connect(db).execute("SELECT id FROM events ORDER BY sort_date, rowid")]
    chronology = [json.loads(line)["id"] for line in irru("timeline", "--format", "jsonl").stdout.splitlines()]
    assert ordered == chronology
    (day,) = sqlite3.connect(db).execute("SELECT sort_date FROM events WHERE earliest IS NULL LIMIT 1").fetchone()
    assert day is not None and day > "1971"
