"""Terminal tables never cut a flag, an id, a status, a name or a URL, at any width from 60 columns up."""

from __future__ import annotations

import re

import pytest
from rich.text import Text

from irru.render.layout import grid, wrap

from conftest import DATA

WIDTHS = (60, 80, 120, 200)
URL = re.compile(r"https?://\S+")

# Each command with arguments, on the bundled log; its plain output holds every cell whole, one line per row.
COMMANDS = {
    "timeline": ["timeline"],
    "transfers": ["transfers"],
    "promises": ["promises"],
    "sources": ["sources"],
    "actors": ["actors"],
    "stats": ["stats"],
}


def tokens(text: str) -> set[str]:
    return {t for t in text.split() if not re.fullmatch(r"(\[\d+\])+", t)} - {"|", "vs", "→"}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_word_of_every_cell_appears_whole(irru, command: str, width: int) -> None:
    args = COMMANDS[command]
    plain = irru(*args, "--format", "plain").stdout
    table = irru(*args, "--format", "table", env={"COLUMNS": str(width)}).stdout
    assert "…" not in table
    cells = plain if command in ("timeline", "diff") else plain.split("\n", 1)[1]  # headers may be stacked away
    missing = sorted(tokens(cells) - tokens(table) - {"A:", "B:"})
    assert missing == [], f"{command} at {width} columns cut or lost: {missing[:10]}"
    for line in table.splitlines():  # only a URL may run past the edge (the terminal soft-wraps it)
        assert len(line) <= width or URL.search(line), f"{command} at {width}: {line!r}"
    for url in URL.findall(plain):
        assert url.rstrip(",") in table


@pytest.mark.parametrize("width", WIDTHS)
def test_diff_shows_every_event_id_and_kind_whole(irru, width: int) -> None:
    import json

    args = ["diff", "Stimson", "wary alliance"]
    doc = json.loads(irru(*args, "--format", "json").stdout)
    table = irru(*args, "--format", "table", env={"COLUMNS": str(width)}).stdout
    words = {w.strip(",:") for w in table.split()}
    for row in doc["rows"]:
        assert set(row["events"]) <= words
    assert "only in A" in table and "…" not in table
    for line in table.splitlines():
        assert len(line) <= width


@pytest.mark.parametrize("width", WIDTHS)
def test_flags_ids_and_urls_by_name(irru, width: int) -> None:
    from irru.logfile import bundled_log_path, read_log

    log = read_log(bundled_log_path())
    env = {"COLUMNS": str(width)}
    sources = irru("sources", "--format", "table", env=env).stdout.split()
    for s in log.sources.values():
        assert s.id in sources
        if s.url:
            assert s.url in sources
    import json

    transfers = irru("transfers", "--format", "table", env=env).stdout.split()
    records = json.loads(irru("transfers", "--format", "json").stdout)["transfers"]
    for r in records:  # every status word, system and category, whole (Shahed-131 and Shahed-136 told apart)
        for word in (*r["status_text"].split(), *r["name"].split(), r["category"]):
            assert word in transfers, (word, width)
    assert {"Shahed-131", "Shahed-136"} <= set(transfers)
    timeline = irru("timeline", "--format", "table", env=env).stdout.split()
    for word in ("CONFIRMED", "REPORTED", "DISPUTED", "DENIED", "UNCONFIRMED", "PREDICTED"):
        assert word in timeline, (word, width)


def test_a_grid_when_it_fits_wraps_only_at_spaces() -> None:
    lines = grid(
        ["Id", "Status", "Note"],
        [["alpha-1", "delivery-disputed", "a long note that has to wrap somewhere"], ["b", "ordered", "short"]],
        40,
    )
    assert [line.plain for line in lines] == [
        "Id       Status             Note",
        "alpha-1  delivery-disputed  a long note",
        "                            that has to",
        "                            wrap",
        "                            somewhere",
        "b        ordered            short",
    ]


def test_too_narrow_for_a_grid_stacks_each_row_and_keeps_urls_on_one_line() -> None:
    lines = grid(
        ["Id", "Publisher", "URL"],
        [
            [
                "wire-agency-2024-02-21-story",
                "Example Wire Agency of Somewhere",
                "https://wire.example/a/very/long/path/to/a/story",
            ]
        ],
        30,
    )
    assert [line.plain for line in lines] == [
        "wire-agency-2024-02-21-story",
        "  Publisher  Example Wire",
        "             Agency of",
        "             Somewhere",
        "  URL        https://wire.example/a/very/long/path/to/a/story",
    ]


def test_a_url_that_does_not_fit_its_grid_goes_under_its_row() -> None:
    lines = grid(["Id", "Grade", "URL"], [["w-1", "B", "https://wire.example/a/long/path"]], 24)
    assert [line.plain for line in lines] == ["Id   Grade", "w-1  B", "     https://wire.example/a/long/path"]


def test_wrap_hangs_and_never_splits_a_word() -> None:
    lines = wrap(Text("[12] Publisher, https://example.org/a/long/url/that/runs (grade B)"), 20, hang=5)
    assert [line.plain for line in lines] == [
        "[12] Publisher,",
        "     https://example.org/a/long/url/that/runs",
        "     (grade B)",
    ]


def test_timeline_stacks_per_event_when_narrow(irru) -> None:
    out = irru("timeline", "--data", str(DATA / "small.yaml"), "--format", "table", "--since", "2024",
               env={"COLUMNS": "60"}).stdout  # fmt: skip
    assert out == (
        "2 events, Jan – 4 Sep 2024; 1 disputed, 1 denied\n"
        "\n"
        "── 2024 ────────────────────────────────────────────────────\n"
        "\n"
        "Jan – 21 Feb     missiles-feb\n"
        "2024             About 400 missiles reported shipped [1][2]\n"
        "                 Islamic Revolutionary Guard Corps → Russia\n"
        "                 DENIED by Iran; reported by Example Wire\n"
        "                 (anonymous sources)\n"
        "\n"
        "29 Aug – 4 Sep   fath360-shipment\n"
        "2024             Fath-360 missiles shipped across the\n"
        "                 Caspian [3][2]\n"
        "                 Iran → Russia\n"
        "                 DISPUTED (denied by Iran; confirmed by\n"
        "                 United States)\n"
        "\n"
        "Sources\n"
        '[1] Example Wire, "Iran sends missiles", 21 Feb 2024,\n'
        "    https://wire.example/feb (grade B, wire)\n"
        '[2] Example Op-Ed, "A wary alliance", 29 Oct – 30 Nov 2024\n'
        "    (grade C, op-ed)\n"
        '[3] US State Department, "Remarks in London", 10 Sep 2024\n'
        "    (grade B, official-statement)\n"
    )
