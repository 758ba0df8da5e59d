"""The HTML report in a real browser: headless Chromium (Debian's chromium + chromium-driver) through selenium.

Skipped, with the reason, only where selenium, chromium or chromedriver cannot be found; `.ci/run` installs
them. The page's flags for an as-of day are compared with `irru timeline --as-of DAY --format json` (the flags
are computed in Python and embedded; tests/test_export.py compares them on every change day without a browser).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import invoke

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DATA = Path(__file__).parent / "data"
CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)
CHROMEDRIVER = shutil.which("chromedriver")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
ENV = {"NO_COLOR": "1", "COLUMNS": "100", "IRRU_TODAY": "2026-11-21", "IRRU_NO_CACHE": "1"}


def _skip_reason() -> str | None:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install '.[browser]')"
    if CHROMIUM is None:
        return "chromium is not installed (apt-get install chromium chromium-driver)"
    if CHROMEDRIVER is None:
        return "chromedriver is not installed (apt-get install chromium-driver)"
    return None


if (_reason := _skip_reason()) is not None:
    pytestmark.append(pytest.mark.skip(reason=_reason))


def cli(*args: str) -> str:
    result = invoke(args, env=ENV)
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="irru-chromium-")
    options = webdriver.ChromeOptions()
    assert CHROMIUM is not None and CHROMEDRIVER is not None
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument("--window-size=1280,800")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "report.html"
    cli("export", "html", "-o", str(out))
    return out


def open_page(driver: Any, path: Path) -> None:
    driver.get_log("browser")  # drop what earlier pages logged
    driver.get(path.as_uri())


def visible(driver: Any) -> list[str]:
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('article.event:not([hidden])')).map(a => a.dataset.id)"
    )


def flags(driver: Any) -> dict[str, tuple[str, str]]:
    """Each visible event's flag and its label in words, as the page shows them."""
    pairs = driver.execute_script(
        "return Array.from(document.querySelectorAll('article.event:not([hidden])')).map(a => "
        "[a.dataset.id, a.querySelector('.flag').dataset.flag, a.querySelector('.flag').textContent])"
    )
    return {i: (f, label) for i, f, label in pairs}


def set_control(driver: Any, element_id: str, value: str) -> None:
    driver.execute_script(
        "const el = document.getElementById(arguments[0]); el.value = arguments[1];"
        "el.dispatchEvent(new Event('input')); el.dispatchEvent(new Event('change'));",
        element_id, value,
    )  # fmt: skip


def reset(driver: Any) -> None:
    for control in ("f-actor", "f-system", "f-flag", "f-story", "f-text", "f-asof"):
        set_control(driver, control, "")


def cli_events(*args: str) -> dict[str, tuple[str, str]]:
    doc = json.loads(cli("timeline", "--format", "json", *args))
    return {e["id"]: (e["confidence"]["flag"], e["confidence"]["label"]) for e in doc["events"]}


def errors(driver: Any) -> list[dict[str, Any]]:
    return [entry for entry in driver.get_log("browser") if entry["level"] in ("SEVERE", "WARNING")]


def test_the_page_shows_the_whole_chronology_with_no_errors_and_no_requests(browser, report: Path) -> None:
    open_page(browser, report)
    expected = cli_events()
    assert visible(browser) == list(expected)
    assert flags(browser) == expected  # the page's own computation agrees with the CLI at the latest date
    years = browser.execute_script(
        "return Array.from(document.querySelectorAll('section.year h2')).map(h => h.textContent)"
    )
    assert years == sorted(set(years)) and len(years) > 5
    assert browser.find_element("id", "status").text == f"{len(expected)} of {len(expected)} events"
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0
    assert errors(browser) == []


@pytest.mark.parametrize(
    ("control", "value", "cli_args"),
    [
        ("f-actor", "iran", ["--actor", "iran"]),
        ("f-actor", "united-states", ["--actor", "united-states"]),
        ("f-system", "fath-360", ["--system", "Fath-360"]),
        ("f-flag", "denied", ["--confidence", "denied"]),
        ("f-text", "Caspian", ["--grep", "Caspian"]),
    ],
)  # fmt: skip
def test_filters_show_what_the_same_timeline_filter_selects(
    browser, report: Path, control: str, value: str, cli_args: list[str]
) -> None:
    open_page(browser, report)
    set_control(browser, control, value)
    expected = list(cli_events(*cli_args))
    assert 0 < len(expected) < len(cli_events())
    assert visible(browser) == expected
    reset(browser)
    assert len(visible(browser)) == len(cli_events())
    assert errors(browser) == []


def test_story_filter_shows_one_story(browser, report: Path) -> None:
    open_page(browser, report)
    set_control(browser, "f-story", "iran-missiles-to-russia")
    doc = json.loads(cli("timeline", "--format", "json"))
    assert visible(browser) == [e["id"] for e in doc["events"] if e["story"] == "iran-missiles-to-russia"]


AS_OF_DAYS = [
    "2022-03-31",
    "2022-12-31",
    "2023-09-30",
    "2024-02-22",
    "2024-03-31",
    "2024-09-10",
    "2024-12-31",
    "2025-06-30",
    "2025-12-31",  # after the MiG-29 claims: two analysts' doubts weigh against one lawmaker's word
]


def test_as_of_recomputes_flags_as_the_cli_does(browser, report: Path) -> None:
    open_page(browser, report)
    latest = flags(browser)
    changed = 0
    for day in AS_OF_DAYS:
        set_control(browser, "f-asof", day)
        expected = cli_events("--as-of", day)
        shown = flags(browser)
        assert list(shown) == list(expected), day
        assert shown == expected, day
        changed += sum(1 for k, v in shown.items() if latest[k] != v)
        assert browser.find_element("id", "status").text.endswith(f"as known on {day}")
    assert changed >= 3  # the comparison covers flags that really move with the day
    assert errors(browser) == []


def test_as_of_hides_claims_not_yet_made(browser, report: Path) -> None:
    open_page(browser, report)
    set_control(browser, "f-asof", "2024-02-21")
    shown = browser.execute_script(
        "return Array.from(document.querySelectorAll('#ev-reuters-400-missiles li.claim')).filter(li => !li.hidden)"
        ".map(li => li.dataset.end)"
    )
    expected = json.loads(cli("show", "reuters-400-missiles", "--as-of", "2024-02-21", "--format", "json"))["claims"]
    assert shown == [c["end"] for c in expected]


HTML_HOSTILE = '</script><script>window.pwned=1</script><img src=x onerror="window.pwned=2"> & "quotes" \u202eevil'


def _html_hostile_log(tmp: Path) -> Path:
    text = (DATA / "valid.yaml").read_text(encoding="utf-8")
    import yaml

    doc = yaml.safe_load(text)
    for section in ("events", "sources", "actors", "systems"):
        for n, item in enumerate(doc.get(section, [])):
            for key in ("title", "summary", "name", "publisher"):
                if key in item:
                    item[key] = HTML_HOSTILE + ("" if key == "title" else str(n))  # names must stay distinct
    for e in doc["events"]:
        for c in e.get("claims", []):
            c["text"] = HTML_HOSTILE
    for s in doc["sources"]:
        s["url"] = 'https://x.example/"><script>window.pwned=3</script>'

    path = tmp / "html-hostile.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("kind", ["hostile.yaml", "html-hostile"])
def test_a_hostile_log_renders_inert(browser, tmp_path: Path, kind: str) -> None:
    log = DATA / "hostile.yaml" if kind == "hostile.yaml" else _html_hostile_log(tmp_path)
    out = tmp_path / "hostile.html"
    cli("export", "html", "--data", str(log), "-o", str(out))
    open_page(browser, out)
    assert browser.execute_script("return typeof window.pwned") == "undefined"
    assert browser.execute_script("return document.scripts.length") == 2  # the data block and the page's script
    assert browser.execute_script("return document.images.length") == 0
    protocols = browser.execute_script("return Array.from(new Set(Array.from(document.links).map(a => a.protocol)))")
    assert set(protocols) <= {"file:", "https:"}  # in-page anchors and the sources' own https links; never javascript:
    titles = browser.execute_script("return Array.from(document.querySelectorAll('h3.title')).map(h => h.textContent)")
    if kind == "html-hostile":
        # the markup is text; the bidi override is shown as a visible escape, as on a terminal (issue 25 item 5)
        assert titles and all(t == HTML_HOSTILE.replace("\u202e", "\\u202e") for t in titles)
    else:
        assert titles and all(t.startswith("[bold red]X[/bold red] [link=file:///etc/passwd]") for t in titles)
    set_control(browser, "f-text", "pwned")  # the script still runs over hostile data
    assert len(visible(browser)) == len(titles)
    assert [e for e in errors(browser) if "pwned" in e["message"] or "Content Security" in e["message"]] == []
    assert errors(browser) == []


def test_screenshot_at_1280x800(browser, report: Path, tmp_path: Path) -> None:
    """A screenshot of the report; IRRU_SCREENSHOT=PATH keeps a copy (docs/report.png is made this way)."""
    open_page(browser, report)
    browser.set_window_size(1280, 800)
    shot = tmp_path / "report.png"
    assert browser.save_screenshot(str(shot))
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert width == 1280 and 600 <= height <= 800  # the viewport, without the window's chrome
    assert 20_000 < len(data) < 1_000_000
    keep = os.environ.get("IRRU_SCREENSHOT")
    if keep:
        shutil.copyfile(shot, keep)


def _box(driver: Any, selector: str) -> dict[str, float]:
    return driver.execute_script(
        "const r = document.querySelector(arguments[0]).getBoundingClientRect();"
        "return {top: r.top, bottom: r.bottom, height: r.height};",
        selector,
    )


def test_on_a_phone_the_bar_is_small_years_can_be_jumped_to_and_links_land_below_it(
    browser, report: Path, tmp_path: Path
) -> None:
    """At 390×844 (a phone): the filters start folded, so the sticky bar (the count and the year index) is small;
    a year link and a link to an event land with the heading, the event's title and its flag below the bar.
    IRRU_SCREENSHOT_PHONE=PATH keeps the screenshot (docs/report-phone.png is made this way)."""
    browser.set_window_size(390, 844)
    try:
        open_page(browser, report)
        assert browser.execute_script("return document.getElementById('filter-box').open") is False
        bar = _box(browser, "#filters")
        assert bar["height"] < 100  # it took 266 px unfolded
        assert browser.execute_script("return document.getElementById('status').textContent").endswith(" events")
        years = browser.execute_script(
            "return Array.from(document.querySelectorAll('.years a[data-year]')).map(a => a.dataset.year)"
        )
        sections = browser.execute_script(
            "return Array.from(document.querySelectorAll('section.year')).map(s => s.dataset.year)"
        )
        assert years == sections and "2024" in years
        browser.execute_script("document.querySelector('.years a[data-year=\"2024\"]').click()")
        heading = _box(browser, "#y-2024 h2")
        assert _box(browser, "#filters")["bottom"] <= heading["top"] < 844
        event_id = cli_events("--since", "2024-09", "--until", "2024-09")
        target = sorted(event_id)[0]
        browser.get(report.as_uri() + "#ev-" + target)
        title, flag = _box(browser, f"#ev-{target} .title"), _box(browser, f"#ev-{target} .flag")
        assert _box(browser, "#filters")["bottom"] <= title["top"] and flag["bottom"] <= 844
        browser.execute_script("document.getElementById('filter-box').open = true")
        assert browser.execute_script("return document.getElementById('filter-box').open") is True
        assert errors(browser) == []
        open_page(browser, report)
        shot = tmp_path / "report-phone.png"
        assert browser.save_screenshot(str(shot))
        data = shot.read_bytes()
        assert int.from_bytes(data[16:20], "big") <= 500  # a phone's width, not a desktop's
        keep = os.environ.get("IRRU_SCREENSHOT_PHONE")
        if keep:
            shutil.copyfile(shot, keep)
    finally:
        browser.set_window_size(1280, 800)
