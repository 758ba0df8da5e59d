"""`irru diff`: like compared with like, every kind of row, on small fixtures with exact expected output."""

from __future__ import annotations

import json

from conftest import DATA

TWO = str(DATA / "two-articles.yaml")
KINDS_LOG = str(DATA / "diff-kinds.yaml")

# Two articles on two different shipments of one story: never paired as a conflict or an update, shown as related.
EXPECTED_TWO = """\
A: Example Institute
B: Example Op-Ed
only in A  treaty-talks: claim: Example Institute asserts: The two announced they are close to signing. (29 Feb – 31 Mar 2024) vs —
only in A  reported-400: claim: anonymous sources cited by Reuters asserts: About 400 missiles were provided. (29 Feb – 31 Mar 2024) vs —
only in A  reported-400: claim: Iran denies: Iran has denied the report. (29 Feb – 31 Mar 2024) vs —
only in A  reported-400: claim: United States declines-to-confirm: Washington has not confirmed it. (29 Feb – 31 Mar 2024) vs —
only in B  fath360-shipped: claim: — vs Example Op-Ed asserts: More than 200 Fath-360 missiles were delivered via the Caspian Sea. (29 Oct – 30 Nov 2024)
only in B  fath360-shipped: claim: — vs Iran denies: Iranian officials deny supplying missiles. (29 Oct – 30 Nov 2024)
only in B  fath360-shipped: claim: — vs United States confirms: US intelligence confirms munitions were provided. (29 Oct – 30 Nov 2024)
only in B  fath360-shipped: claim: — vs United Kingdom confirms: UK intelligence confirms munitions were provided. (29 Oct – 30 Nov 2024)
RELATED    missiles (delivery): different shipments: ~400 Fateh-110, Zolfaghar, Jan – 21 Feb 2024 | 200+ Fath-360, Aug – Sep 2024
Example Institute vs Example Op-Ed: 0 agree, 0 compatible, 0 narrower, 0 conflicts, 0 updates, 4 only in A, 4 only in B, 1 related
"""

# Every kind between two sources on the same events.
EXPECTED_KINDS = """\
A: Early Paper
B: Late Paper
agree      shells-sent: stance of the source itself: asserts (29 Feb – 31 Mar 2024) vs asserts (29 Oct – 30 Nov 2024)
compatible shells-sent: quantity: 1000000+ (29 Feb – 31 Mar 2024) vs 500000-3000000 (29 Oct – 30 Nov 2024)  (the intervals overlap)
agree      shells-sent: systems: Artillery shells (29 Feb – 31 Mar 2024) vs Artillery shells (29 Oct – 30 Nov 2024)
only in B  shells-sent: route: — vs Caspian Sea (29 Oct – 30 Nov 2024)
agree      jets-promised: stance of the source itself: asserts (29 Feb – 31 Mar 2024) vs asserts (29 Oct – 30 Nov 2024)
narrower   jets-promised: systems: Su-35, Mi-28 (29 Feb – 31 Mar 2024) vs Su-35 (29 Oct – 30 Nov 2024)  (B names fewer)
UPDATE     jets-promised: status: not-delivered (29 Feb – 31 Mar 2024) → partly-delivered (29 Oct – 30 Nov 2024)
only in A  missiles-early: claim: Early Paper asserts: About 400 missiles were sent in early 2024. (29 Feb – 31 Mar 2024) vs —
UPDATE     fath360-shipped: stance of United States: declines-to-confirm (1 Mar 2024) → confirms (29 Oct – 30 Nov 2024)
only in B  fath360-shipped: stance of Iran: — vs denies (29 Oct – 30 Nov 2024)
CONFLICT   fath360-shipped: quantity: ~400 (29 Feb – 31 Mar 2024) vs ~200 (29 Oct – 30 Nov 2024)  (the intervals do not overlap)
compatible fath360-shipped: date: by 8 Sep 2024 (29 Feb – 31 Mar 2024) vs 1 Sep – 10 Sep 2024 (29 Oct – 30 Nov 2024)  (the spans overlap)
only in B  missiles-late: claim: — vs Late Paper asserts: Another 100 were sent in October. (29 Oct – 30 Nov 2024)
RELATED    missiles (delivery): different shipments: ~400 Fath-360, Jan – Feb 2024 | 100 Fath-360, Oct 2024
Early Paper vs Late Paper: 3 agree, 2 compatible, 1 narrower, 1 conflict, 2 updates, 1 only in A, 3 only in B, 1 related
"""


def test_different_events_of_one_story_are_related_never_conflicting(irru) -> None:
    result = irru("diff", "analysis", "oped", "--data", TWO)
    assert result.stdout == EXPECTED_TWO
    assert "CONFLICT" not in result.stdout and "UPDATE" not in result.stdout
    assert result.exit_code == 1  # one-sided claims are differences


def test_every_kind(irru) -> None:
    result = irru("diff", "early", "late", "--data", KINDS_LOG)
    assert result.stdout == EXPECTED_KINDS
    assert result.exit_code == 1


def test_sources_by_unambiguous_publisher_part(irru) -> None:
    assert irru("diff", "Institute", "op-ed", "--data", TWO).stdout == EXPECTED_TWO


def test_only_filters_kinds_and_the_exit_status_follows(irru) -> None:
    r = irru("diff", "early", "late", "--data", KINDS_LOG, "--only", "conflict,update")
    assert r.stdout.splitlines()[2:] == [
        "UPDATE     jets-promised: status: not-delivered (29 Feb – 31 Mar 2024) → partly-delivered (29 Oct – 30 Nov 2024)",
        "UPDATE     fath360-shipped: stance of United States: declines-to-confirm (1 Mar 2024) → confirms (29 Oct – 30 Nov 2024)",
        "CONFLICT   fath360-shipped: quantity: ~400 (29 Feb – 31 Mar 2024) vs ~200 (29 Oct – 30 Nov 2024)  (the intervals do not overlap)",
        "Early Paper vs Late Paper: 1 conflict, 2 updates",
    ]
    assert r.exit_code == 1
    r = irru("diff", "early", "late", "--data", KINDS_LOG, "--only", "agree,compatible,related")
    assert r.exit_code == 0 and r.stdout.endswith("Early Paper vs Late Paper: 3 agree, 2 compatible, 1 related\n")
    bad = irru("diff", "early", "late", "--data", KINDS_LOG, "--only", "relatd")
    assert (bad.exit_code, bad.stderr) == (2, "irru: --only: unknown kind 'relatd'; did you mean 'related'?\n")


def test_json_is_data(irru) -> None:
    doc = json.loads(irru("diff", "early", "late", "--data", KINDS_LOG, "--format", "json").stdout)
    assert doc["version"] == 2 and doc["as_of"] is None and doc["differs"] is True
    assert doc["counts"] == {
        "agree": 3,
        "compatible": 2,
        "narrower": 1,
        "conflict": 1,
        "update": 2,
        "only-a": 1,
        "only-b": 3,
        "related": 1,
    }
    quantity = next(r for r in doc["rows"] if r["field"] == "quantity" and r["kind"] == "compatible")
    assert quantity["a"]["value"] == {
        "text": "1000000+",
        "low": 1000000,
        "high": None,
        "approximate": False,
        "unit": None,
        "system": None,
        "period": None,
    }
    assert quantity["b"]["said"] == {
        "text": "2024-10-29/2024-11-30",
        "label": "29 Oct – 30 Nov 2024",
        "earliest": "2024-10-29",
        "latest": "2024-11-30",
    }
    date_row = next(r for r in doc["rows"] if r["field"] == "date")
    assert (date_row["kind"], date_row["a"]["value"]["earliest"], date_row["a"]["value"]["latest"]) == (
        "compatible",
        None,
        "2024-09-08",
    )
    update = next(r for r in doc["rows"] if r["field"] == "stance of United States")
    assert (update["kind"], update["a"]["value"], update["b"]["value"]) == ("update", "declines-to-confirm", "confirms")
    related = next(r for r in doc["rows"] if r["kind"] == "related")
    assert related["field"] == "different shipments" and related["events"] == ["missiles-early", "missiles-late"]
    assert [v["event"] for v in related["a"]["value"]] == ["missiles-early"]
    assert related["b"]["value"][0]["quantities"][0]["low"] == 100


def test_same_source_twice_has_no_differences(irru) -> None:
    result = irru("diff", "analysis", "analysis", "--data", TWO)
    assert result.exit_code == 0
    assert result.stdout.endswith(
        "Example Institute vs Example Institute: 6 agree, 0 compatible, 0 narrower, 0 conflicts, 0 updates,"
        " 0 only in A, 0 only in B, 0 related\n"
    )


def test_as_of_before_the_later_article(irru) -> None:
    result = irru("diff", "early", "late", "--data", KINDS_LOG, "--as-of", "2024-06-30")
    assert (
        "only in A  fath360-shipped: claim: US State Department declines-to-confirm: We have not seen it. (1 Mar 2024) vs —"
        in result.stdout
    )
    assert "UPDATE" not in result.stdout and "Late Paper" in result.stdout


def test_by_speaker_uses_each_speakers_latest_position_with_its_history(irru) -> None:
    result = irru("diff", "--by", "Iran", "--by", "Washington", "--data", KINDS_LOG)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[2] == (
        "CONFLICT   fath360-shipped: stance: denies (29 Oct – 30 Nov 2024) vs confirms (29 Oct – 30 Nov 2024;"
        " earlier declines-to-confirm 1 Mar 2024)"
    )
    # as of the spring, only Washington had spoken, and its position was its refusal to confirm
    spring = irru("diff", "--by", "Iran", "--by", "Washington", "--data", KINDS_LOG, "--as-of", "2024-06-30")
    assert spring.stdout.splitlines()[2:] == [
        "only in B  fath360-shipped: claim: — vs US State Department declines-to-confirm: We have not seen it. (1 Mar 2024)",
        "Iran vs United States: 0 agree, 0 compatible, 0 narrower, 0 conflicts, 0 updates, 0 only in A, 1 only in B, 0 related",
    ]


def test_event_shows_its_own_rows_and_its_story_beside_it(irru) -> None:
    out = irru("diff", "analysis", "oped", "--data", TWO, "--event", "reported-400").stdout
    assert out.splitlines()[2:] == [
        "only in A  reported-400: claim: anonymous sources cited by Reuters asserts: About 400 missiles were provided. (29 Feb – 31 Mar 2024) vs —",
        "only in A  reported-400: claim: Iran denies: Iran has denied the report. (29 Feb – 31 Mar 2024) vs —",
        "only in A  reported-400: claim: United States declines-to-confirm: Washington has not confirmed it. (29 Feb – 31 Mar 2024) vs —",
        "RELATED    missiles (delivery): different shipments: ~400 Fateh-110, Zolfaghar, Jan – 21 Feb 2024 | 200+ Fath-360, Aug – Sep 2024",
        "Example Institute vs Example Op-Ed: 0 agree, 0 compatible, 0 narrower, 0 conflicts, 0 updates, 3 only in A, 0 only in B, 1 related",
    ]


def test_quantities_compare_as_intervals() -> None:
    from irru.diff import compare_quantities
    from irru.model import Quantity

    def q(text: str, low: int, high: int | None, approximate: bool = False) -> Quantity:
        return Quantity(text, low, high, approximate)

    assert compare_quantities(q("1000000+", 1000000, None), q("500000-3000000", 500000, 3000000)) == "compatible"
    assert compare_quantities(q("~400", 400, 400, True), q("380", 380, 380)) == "compatible"  # ~ is 10% either side
    assert compare_quantities(q("~400", 400, 400, True), q("200+", 200, None)) == "compatible"
    assert compare_quantities(q("~400", 400, 400, True), q("~200", 200, 200, True)) == "conflict"
    assert compare_quantities(q("400", 400, 400), q("400", 400, 400)) == "agree"


def test_usage_errors_exit_2(irru) -> None:
    assert irru("diff", "analysis", "--data", TWO).exit_code == 2
    r = irru("diff", "analysis", "nope", "--data", TWO)
    assert (r.exit_code, r.stderr) == (2, "irru: unknown source 'nope'; did you mean 'oped'?\n")
    r = irru("diff", "Example", "oped", "--data", TWO)
    assert (r.exit_code, r.stderr) == (
        2,
        "irru: source 'Example' is ambiguous: it matches analysis, oped; give an id\n",
    )


def _compact(o: object, ind: int = 0) -> str:
    """JSON indented by level, with short objects and lists on one line (how docs/json.md shows examples)."""
    pad = "  " * ind
    one = json.dumps(o, ensure_ascii=False)
    short = not isinstance(o, (dict, list)) or not o or len(one) + len(pad) < 110
    flat = not isinstance(o, dict) or all(not isinstance(v, (dict, list)) or not v for v in o.values())
    if short and flat:
        return one
    if isinstance(o, dict):
        items = [f"{pad}  {json.dumps(k)}: {_compact(v, ind + 1)}" for k, v in o.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    assert isinstance(o, list)
    return "[\n" + ",\n".join(pad + "  " + _compact(v, ind + 1) for v in o) + "\n" + pad + "]"


EXAMPLE = r"<!-- example: irru (.*?) -->\n```json\n(.*?)```"


def regenerate_json_examples() -> None:
    """Refresh the examples in docs/json.md (run from the repository root):
    make regen (tests/regenerate.py runs test_diff.regenerate_json_examples)"""
    import re
    import shlex
    from pathlib import Path

    from typer.testing import CliRunner

    from irru.cli import app

    env = {"IRRU_TODAY": "2026-11-21", "NO_COLOR": "1", "COLUMNS": "100"}
    doc = Path(__file__).parent.parent / "docs" / "json.md"

    def run(m: re.Match[str]) -> str:
        out = CliRunner().invoke(app, shlex.split(m.group(1)), env=env).stdout
        return f"<!-- example: irru {m.group(1)} -->\n```json\n{_compact(json.loads(out))}\n```"

    doc.write_text(re.sub(EXAMPLE, run, doc.read_text(encoding="utf-8"), flags=re.S), encoding="utf-8")


def test_json_doc_examples_are_real(irru) -> None:
    """Every `<!-- example: irru ... -->` JSON block in docs/json.md is what the command prints (parsed)."""
    import re
    import shlex
    from pathlib import Path

    doc = Path(__file__).parent.parent / "docs" / "json.md"
    if not doc.is_file():  # docs/ ships with the source tree, not the wheel
        return
    blocks = re.findall(EXAMPLE, doc.read_text(encoding="utf-8"), re.S)
    assert len(blocks) >= 3
    for command, shown in blocks:
        args = [a.replace("tests/data/", f"{DATA}/") for a in shlex.split(command)]
        assert json.loads(irru(*args).stdout) == json.loads(shown), (
            f"docs/json.md: output of `irru {command}` is stale; run `make regen`"
        )


def test_events_linked_as_the_same_thing_are_compared_field_by_field() -> None:
    """A `same-as` link (where the schema has one) makes two events one thing for diff; built by hand here, since
    schema 1's loader has no such relation."""
    from dataclasses import replace
    from pathlib import Path

    from irru.diff import compare, source_side
    from irru.logfile import load_text
    from irru.model import Link, Log

    log = load_text(Path(TWO).read_text(encoding="utf-8"))
    events = tuple(
        replace(e, links=(Link("same-as", "reported-400"),)) if e.id == "fath360-shipped" else e for e in log.events
    )
    linked = Log(log.path, log.schema, log.sources, log.actors, log.systems, events)
    rows = compare(linked, source_side(linked, "analysis"), source_side(linked, "oped")).rows
    shown = [(r.kind, r.where, r.field) for r in rows if r.field != "claim"]
    assert shown == [
        ("only-a", "reported-400 = fath360-shipped", "stance of anonymous sources cited by Reuters"),
        ("agree", "reported-400 = fath360-shipped", "stance of Iran"),
        ("update", "reported-400 = fath360-shipped", "stance of United States"),
        ("only-b", "reported-400 = fath360-shipped", "stance of United Kingdom"),
        ("compatible", "reported-400 = fath360-shipped", "quantity"),
        ("conflict", "reported-400 = fath360-shipped", "systems"),
        ("only-b", "reported-400 = fath360-shipped", "route"),
    ]
    assert not any(r.kind == "related" for r in rows)
