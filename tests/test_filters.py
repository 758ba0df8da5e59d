"""One filter set everywhere (issue 22 item 4, issue 21 item 4), and the time semantics of date filters
(issue 22 items 1 and 2): every command that selects events takes every filter of irru.cli.filters.FILTERS, and a
date filter never places an event outside what its date says."""

from __future__ import annotations

import inspect
import json
from pathlib import Path
from typing import Any

import pytest
import typer

from irru.cli import app
from irru.cli.filters import FILTERS
from irru.dates import fit, parse_edtf, parse_user_date

# Every command that selects events: a new one must be added here, and takes the whole set (the test below).
SELECTING = {
    ("timeline",),
    ("stats",),
    ("promises",),
    ("transfers",),
    ("diff",),
    ("graph",),
    ("export", "html"),
    ("export", "timelinejs"),
    ("export", "sqlite"),
}


def _commands() -> dict[tuple[str, ...], Any]:
    root = typer.main.get_command(app)
    out: dict[tuple[str, ...], Any] = {}

    def walk(cmd: Any, path: tuple[str, ...]) -> None:
        if hasattr(cmd, "commands"):  # a group
            for name, sub in cmd.commands.items():
                walk(sub, (*path, name))
        else:
            out[path] = cmd

    walk(root, ())
    return out


def _option_of(name: str) -> str:
    if name == "query":
        return "QUERY"
    annotation = dict((n, a) for n, a, _d in FILTERS)[name]
    info = annotation.__metadata__[0]
    decls = [d for d in (info.default, *info.param_decls) if isinstance(d, str) and d.startswith("--")]
    return decls[0] if decls else "--" + name.replace("_", "-")


def test_every_selecting_command_takes_every_filter() -> None:
    commands = _commands()
    for path in SELECTING:
        options = {o for p in commands[path].params for o in p.opts}
        options |= {"QUERY"} if {"query"} & {p.name for p in commands[path].params} else set()
        missing = [_option_of(n) for n, _a, _d in FILTERS if _option_of(n) not in options]
        assert not missing, f"irru {' '.join(path)} lacks {missing}"


def test_a_command_that_selects_events_is_declared_selecting() -> None:
    """A command whose code builds a query from filters takes them from the one declaration (selecting)."""
    for path, cmd in _commands().items():
        callback = cmd.callback
        assert callback is not None
        source = inspect.getsource(inspect.unwrap(callback))
        builds = "query(log, asked)" in source or "_select(env, data, no_cache, asked)" in source
        assert builds == (path in SELECTING), f"irru {' '.join(path)}: selecting={path in SELECTING}"


@pytest.mark.slow
@pytest.mark.parametrize("path", sorted(SELECTING))
@pytest.mark.parametrize("name", [n for n, _a, _d in FILTERS])
def test_each_filter_is_accepted_by_each_command(irru, tmp_path: Path, path: tuple[str, ...], name: str) -> None:
    """Each command × each filter: the option is parsed and applied (exit 0 or 1, never a usage error)."""
    value = {
        "since": ["2024"], "until": ["2024"], "on": ["2024-Q3"], "within": [], "possibly": [], "as_of": ["2025"],
        "actor": ["Iran"], "role": ["supplier"], "between": ["Iran", "Russia"], "type": ["delivery"],
        "tag": ["drones"], "story": ["su35-for-iran"], "system": ["Shahed"], "category": ["drone"],
        "source": ["Reuters"], "stance": ["denies"], "speaker": ["Iran"], "denied_by": ["Iran"], "grade": ["A-C"],
        "confidence": ["denied"], "grep": ["missile"], "said_since": ["2025"], "said_until": ["2024"],
        "query": ["actor:Iran", "claim(by:Iran stance:denies) or type:delivery"],
    }[name]  # fmt: skip
    args = [*path, _option_of(name), *value]
    if name == "query":  # positional, or --query where the command's own arguments take any number (diff)
        args = [*path, *value] if path != ("diff",) else [*path, *(w for v in value for w in ("--query", v))]
    if name == "role":
        args += ["--actor", "Iran"]
    if path == ("diff",):
        args += ["--by", "Iran", "--by", "United States"]
    if path == ("export", "sqlite"):
        args.insert(2, str(tmp_path / "out.db"))
    r = irru(*args)
    assert r.exit_code in (0, 1), (args, r.stderr)
    assert "No such option" not in r.stderr


def test_export_html_takes_the_readme_query(irru, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    r = irru("export", "html", "--between", "Iran", "Russia", "--on", "2024-Q3", "-o", str(out))
    assert r.exit_code == 0, r.stderr
    assert r.stderr == f"irru: wrote 4 events to {out}\n"
    assert "--on 2024-Q3 --between Iran Russia" in out.read_text(encoding="utf-8")


# --- time semantics -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("event", "period", "expected"),
    [
        ("2024-02", "2024-Q1", "in"),
        ("2024-06/2024-08", "2024-Q3", "straddles"),
        ("2023-12/2024-01", "2024-Q1", "straddles"),
        ("2024-04", "2024-Q1", None),
        ("2022-08/..", "2024-Q1", "possibly"),  # an ongoing supply begun in 2022: only possibly still going
        ("2022-08/..", "2022", "open end"),  # it certainly began in 2022
        ("2022-08/..", "2022-08", "open end"),
        ("2022-08/..", "2021", None),
        ("../2024-10-28", "2024-Q3", "possibly"),  # known only to have happened by then
        ("../2024-10-28", "2024-Q4", "possibly"),
        ("../2024-10-28", "2024-11", None),
        ("../2023-06-09", "1995", "possibly"),
        ("2023/2024-10-28", "1995", None),  # a known earliest day bounds it: an EDTF interval, not an open end
        ("2024", "2024-02", "straddles"),  # a year-precise date overlaps the month it may fall in
    ],
)
def test_fit_table(event: str, period: str, expected: str | None) -> None:
    """The table of cases in docs/queries.md ("How an event's date sits in a period")."""
    assert fit(parse_edtf(event), parse_user_date(period)) == expected


def test_open_ended_events_are_placed_by_their_known_bound(irru) -> None:
    until = irru("timeline", "--until", "2024-10", "--type", "promise", "--format", "plain")
    assert "by 28 Oct 2024          S-400 air defence systems said to be promised to Iran" in until.stdout  # certain
    r = irru("timeline", "--on", "1995")
    assert (r.exit_code, r.stdout, r.stderr) == (0, "", "irru: no events match\n")
    r = irru("timeline", "--on", "1995", "--possibly", "--format", "jsonl")
    dates = [json.loads(line)["date"] for line in r.stdout.splitlines()]
    assert len(dates) >= 7 and all(d.startswith("../") for d in dates)  # only "by DAY" events may be that old


def test_stats_counts_only_the_period(irru) -> None:
    r = irru("stats", "--on", "2024-Q3", "--format", "json")
    assert json.loads(r.stdout)["by_year"] == {"2024": 10}
    listed = irru("timeline", "--on", "2024-Q3", "--format", "jsonl")
    assert len(listed.stdout.splitlines()) == 10  # stats counts what timeline lists


def test_a_straddling_training_appears_in_its_quarter(irru) -> None:
    r = irru("timeline", "--on", "2024-Q3", "--system", "Fath-360", "--format", "plain")
    assert (
        "Jun – Aug 2024 (straddles the period)  Russian military personnel trained in Iran on the Fath-360" in r.stdout
    )


def test_as_of_today_is_no_as_of(irru) -> None:
    plain = irru("transfers", "--system", "Su-35", "--format", "csv")
    assert "defencesecurityasia-2024-11" in plain.stdout  # dated 2024-11-18/..: it counts today
    for day in ("today", "2026-11-21", "2030"):
        assert irru("transfers", "--system", "Su-35", "--as-of", day, "--format", "csv").stdout == plain.stdout


def test_an_open_ended_publication_counts_from_its_start(irru) -> None:
    """defencesecurityasia-2024-11 is dated 2024-11-18/..: it counts as of 18 Nov 2024, not at no date."""
    before = irru("transfers", "--system", "Su-35", "--as-of", "2024-11-17", "--format", "csv")
    after = irru("transfers", "--system", "Su-35", "--as-of", "2024-11-18", "--format", "csv")
    assert "reported delivered (unconfirmed)" not in before.stdout
    assert "reported delivered (unconfirmed)" in after.stdout


def test_possibly_is_marked_apart(irru) -> None:
    r = irru("timeline", "--on", "2024-Q1", "--actor", "Iran", "--possibly", "--format", "plain")
    assert "from Aug 2022 (possibly in the period)  Iran supplies Russia" in r.stdout
    default = irru("timeline", "--on", "2024-Q1", "--actor", "Iran", "--format", "plain")
    assert "from Aug 2022" not in default.stdout and "MiG-29" not in default.stdout


def test_speaker_filters_use_the_membership_on_the_claims_day(irru, tmp_path: Path) -> None:
    """Lee was at the defence ministry until 30 May 2024, then in the National Assembly: his March 2024 claim is the
    ministry's, not the Assembly's (issue 23 item 4), as flags and `diff --by` already resolve it."""
    text = (Path(__file__).parent / "data" / "schema2.yaml").read_text(encoding="utf-8")
    claim = (
        "      - source: nis-briefing-report\n        by: lawmaker-lee\n        stance: denies\n"
        "        date: 2024-03-01\n        text: A ministry official denied the early reports.\n"
    )
    path = tmp_path / "lee.yaml"
    path.write_text(
        text.replace("      - source: pentagon-2024-10-28\n", claim + "      - source: pentagon-2024-10-28\n", 1)
    )
    for option in ("--speaker", "--denied-by"):
        ministry = irru("--data", str(path), "timeline", option, "Ministry of National Defense", "--format", "jsonl")
        assembly = irru("--data", str(path), "timeline", option, "National Assembly", "--format", "jsonl")
        assert [json.loads(line)["id"] for line in ministry.stdout.splitlines()] == ["dprk-troops-to-russia"]
        assert (assembly.exit_code, assembly.stdout) == (0, "")
    state = irru("--data", str(path), "timeline", "--denied-by", "South Korea", "--format", "jsonl")
    assert [json.loads(line)["id"] for line in state.stdout.splitlines()] == ["dprk-troops-to-russia"]


def test_query_terms_complete_their_fields_and_values() -> None:
    from irru.cli.completion import candidates

    assert candidates("query", "act") == ["actor:"]
    assert candidates("query", "stance:de") == ["stance:denies", "stance:declines-to-confirm"]
    assert candidates("query", "not:type:deli") == ["not:type:delivery"]
    assert "by:United States" in candidates("query", "by:United")
    assert candidates("query", "nosuch:x") == []


def test_the_docs_name_every_filter() -> None:
    """docs/queries.md describes every filter of the one declaration (and its query term)."""
    from irru.querylang import FIELDS

    text = (Path(__file__).parent.parent / "docs" / "queries.md").read_text(encoding="utf-8")
    for name, _a, _d in FILTERS:
        if name != "query":
            assert f"`{_option_of(name)}" in text, _option_of(name)
    for field in FIELDS:
        assert f"`{field}:" in text, field


def test_filter_options_are_declared_in_one_place() -> None:
    """Commands take filters through @selecting only: no command module names a filter option itself."""
    names = [a for _n, a, _d in FILTERS]
    import irru.cli.options as options

    declared = [k for k, v in vars(options).items() if any(v is a for a in names)]
    declared.remove("AsOfOption")  # show and trace, which select no events, take --as-of alone
    cli = Path(__file__).parent.parent / "irru" / "cli"
    for path in cli.glob("*.py"):
        if path.name in ("options.py", "filters.py"):
            continue
        text = path.read_text(encoding="utf-8")
        used = [d for d in declared if d in text]
        assert not used, f"{path.name} declares filter options itself: {used}; use @selecting"
