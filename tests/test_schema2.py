"""Schema 2: counted quantities, estimative language, relays, part_of over time, new vocabulary, `irru migrate`.

The test log tests/data/schema2.yaml (an invented North Korea–Russia story) goes through timeline, show, diff
and JSON; its exact outputs are in tests/data/schema2-expected/ (regenerate with
``make regen (tests/regenerate.py runs test_schema2.regenerate)`` and review
the diff)."""

from __future__ import annotations

import json
import stat
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from irru.confidence import assess
from irru.errors import LogError
from irru.logfile import bundled_log_path, load_text, read_log
from irru.migrate import migrate
from irru.model import UNITS, Quantity, QuantityError, parse_quantity, render_quantity
from irru.trace import Hop, origins

from conftest import DATA

LOG = DATA / "schema2.yaml"
EXPECTED = DATA / "schema2-expected"
ENV = {"COLUMNS": "100", "NO_COLOR": "1", "IRRU_TODAY": "2026-11-21"}
OUTPUTS = {
    "timeline.txt": ("timeline", "--data", str(LOG)),
    "show-troops.txt": ("show", "--data", str(LOG), "dprk-troops-to-russia"),
    "show-shipments.txt": ("show", "--data", str(LOG), "dprk-artillery-shipments"),
    "show-statement.txt": ("show", "--data", str(LOG), "dprk-statement-on-kursk"),
    "diff-by.txt": ("diff", "--data", str(LOG), "--by", "united-states", "--by", "nis"),
    "diff-sources.txt": ("diff", "--data", str(LOG), "wire-2024-11-01", "think-tank-2024-12"),
}


# --- quantities ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "low", "high", "approximate", "up_to", "unit"),
    [
        ("400", 400, 400, False, False, None),
        ("~400", 400, 400, True, False, None),
        ("200+", 200, None, False, False, None),
        ("200-220", 200, 220, False, False, None),
        ("200 - 220", 200, 220, False, False, None),
        ("up to 500", 0, 500, False, True, None),
        ("~10000-12000", 10000, 12000, True, False, None),
        ("~10,000–12,000 troops", 10000, 12000, True, False, "troops"),
        ("10,000", 10000, 10000, False, False, None),
        ("3,000+ shells", 3000, None, False, False, "shells"),
        ("1,000,000+ shells", 1000000, None, False, False, "shells"),
        ("1 launcher", 1, 1, False, False, "launchers"),
        ("up to 500 USD", 0, 500, False, True, "USD"),
        ("0", 0, 0, False, False, None),
    ],
)
def test_schema2_quantity_forms(
    text: str, low: int, high: int | None, approximate: bool, up_to: bool, unit: str | None
) -> None:
    q = parse_quantity(text, schema=2)
    assert (q.text, q.low, q.high, q.approximate, q.up_to, q.unit) == (text, low, high, approximate, up_to, unit)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("~200+", "use either ~ (about) or + (at least), not both"),
        ("1,00", "write 400 (exact)"),
        ("10,0000", "write 400 (exact)"),
        ("<=500", "write an upper bound as 'up to 500'"),
        ("٤٠٠", "only the ASCII digits 0-9 are numbers"),
        ("400 soldiers", "unknown unit 'soldiers'"),
        ("400 troop s", "write 400 (exact)"),
        ("0400", "starts with 0"),
        ("9" * 16, "at most 15 digits"),
        ("1.5 million", "whole numbers"),
        ("about 400", "write an approximate number as '~400'"),
        ("at least 3,000 troops", "write a lower bound as '400+'"),
        ("no more than 500", "write an upper bound as 'up to 500'"),
        ("millions of shells", "millions as 2,000,000+"),
    ],
)
def test_schema2_quantity_mistakes(text: str, message: str) -> None:
    with pytest.raises(QuantityError, match=message.replace("(", r"\(").replace(")", r"\)").replace("+", r"\+")):
        parse_quantity(text, schema=2)


def test_only_ascii_digits_are_numbers_in_schema_1_too() -> None:
    with pytest.raises(QuantityError):
        parse_quantity("٤٠٠", schema=1)
    assert parse_quantity("2 00", schema=1).low == 200  # schema 1 ignores spaces, as it always did


NUMBER = st.integers(0, 10**12)


@st.composite
def quantity_texts(draw: st.DrawFn) -> str:
    """Texts in schema 2's grammar, written the many ways a person might."""

    def num(n: int) -> str:
        return f"{n:,}" if draw(st.booleans()) else str(n)

    a, b = sorted((draw(NUMBER), draw(NUMBER)))
    form = draw(st.sampled_from(["exact", "about", "plus", "upto", "range", "about-range"]))
    dash = draw(st.sampled_from(["-", " - ", "–"]))
    body = {
        "exact": num(a),
        "about": f"~{num(a)}",
        "plus": f"{num(a)}+",
        "upto": f"up to {num(a)}",
        "range": f"{num(a)}{dash}{num(b)}",
        "about-range": f"~{num(a)}{dash}{num(b)}",
    }[form]
    unit = draw(st.none() | st.sampled_from(sorted(UNITS)))
    return f"{body} {unit}" if unit else body


def _value(q: Quantity) -> tuple[object, ...]:
    return (q.low, q.high, q.approximate, q.up_to, q.unit, q.system)


@settings(max_examples=300, deadline=None)
@given(quantity_texts())
def test_parse_render_parse_is_stable(text: str) -> None:
    q = parse_quantity(text, schema=2)
    rendered = render_quantity(q)
    again = parse_quantity(rendered, schema=2)
    assert _value(again) == _value(q)
    assert render_quantity(again) == rendered


@settings(max_examples=300, deadline=None)
@given(
    st.text(max_size=30)
    | quantity_texts().map(lambda t: t + "x")
    | st.from_regex(r"[~ 0-9,+\-–a-z<]{0,20}", fullmatch=True)
)
def test_only_the_projects_error_escapes(text: str) -> None:
    for schema in (1, 2):
        try:
            q = parse_quantity(text, schema=schema)
        except QuantityError:
            continue
        assert q.high is None or q.low <= q.high
        assert _value(parse_quantity(render_quantity(q), schema=2)) == _value(q)


# --- the test log ----------------------------------------------------------------------------------


def test_the_test_log_uses_every_schema2_construct() -> None:
    log = read_log(LOG)
    claims = [c for e in log.events for c in e.claims]
    quantities = [q for c in claims if c.values for q in c.values.quantities]
    assert log.schema == 2 and log.units == ("railcars",)
    assert {"deployment", "statement"} <= {e.type for e in log.events}
    assert {"artillery", "rocket-artillery"} <= {s.category for s in log.systems.values()}
    assert {q.text for q in quantities} >= {
        "~10,000-12,000 troops",
        "1,500+ troops",
        "up to 120 guns",
        "~13000 railcars",
    }
    assert any(q.system == "m1991" and q.unit == "launchers" for q in quantities)
    assert any(u.quantity and u.quantity.up_to for e in log.events for u in e.systems)
    troops = log.events_by_id["dprk-troops-to-russia"]
    nis = troops.claims[0]
    assert (nis.likelihood, nis.analytic_confidence, nis.is_assessment) == ("very-likely", "moderate", True)
    assert [(r.source, r.actor, r.description) for r in nis.relays] == [
        (None, "lawmaker-lee", "lawmaker, after a closed-door briefing"),
        (None, None, "NIS briefing to the intelligence committee"),
    ]
    # NIS speaks on the record: its statement of the day is the original, the lawmaker and briefing behind it
    nis_origin = origins(troops.claims, log.sources)[0]
    assert (nis.via, nis.original_source, nis_origin.hop, nis_origin.source) == (
        None,
        "nis-briefing-report",
        Hop("statement", "nis@2024-10-18"),
        "nis-briefing-report",
    )
    assert [h.id for h in nis_origin.behind] == ["NIS briefing to the intelligence committee", "lawmaker-lee"]
    shipments = log.events_by_id["dprk-artillery-shipments"]
    relayed = shipments.claims[1]
    assert (relayed.via, relayed.original_source, origins(shipments.claims, log.sources)[1].hop) == (
        "wire-2024-11-01",
        "wire-2024-11-01",
        Hop("source", "wire-2024-11-01"),
    )
    statement = log.events_by_id["dprk-statement-on-kursk"]
    conf = assess(log, statement)
    assert statement.is_statement and conf is not None and conf.speakers == ("North Korea",)


def test_part_of_over_time() -> None:
    log = read_log(LOG)
    lee = log.actors["lawmaker-lee"]
    assert lee.part_of == "national-assembly" and len(lee.memberships) == 2
    assert log.part_of_at("lawmaker-lee", date(2024, 5, 29)) == "mnd"
    assert log.part_of_at("lawmaker-lee", date(2024, 5, 30)) == "national-assembly"  # `until` is when it ended
    assert log.part_of_at("lawmaker-lee", None) == "national-assembly"
    assert [a.id for a in log.lineage_at("lawmaker-lee", date(2024, 1, 1))] == ["lawmaker-lee", "mnd", "south-korea"]
    assert log.top_at("lawmaker-lee", date(2025, 1, 1)).id == "south-korea"
    assert log.part_of_at("nis", date(1990, 1, 1)) == "south-korea"  # an undated part_of holds at every date
    assert log.is_official_at("lawmaker-lee", date(2024, 1, 1))


@pytest.mark.parametrize("name", sorted(OUTPUTS))
def test_exact_output(irru, name: str) -> None:
    result = irru(*OUTPUTS[name], env=ENV)
    assert result.stderr == ""
    assert result.stdout == (EXPECTED / name).read_text(encoding="utf-8")


def test_json_carries_every_new_field_in_words(irru) -> None:
    result = irru("timeline", "--data", str(LOG), "--format", "json", env=ENV)
    doc = json.loads(result.stdout)
    events = {e["id"]: e for e in doc["events"]}
    nis = events["dprk-troops-to-russia"]["claims"][0]
    assert nis["relays"] == [
        {
            "source": None,
            "actor": "lawmaker-lee",
            "description": "lawmaker, after a closed-door briefing",
            "label": "Lee Example (lawmaker, after a closed-door briefing)",
        },
        {
            "source": None,
            "actor": None,
            "description": "NIS briefing to the intelligence committee",
            "label": "NIS briefing to the intelligence committee",
        },
    ]
    assert (nis["likelihood"], nis["likelihood_words"], nis["analytic_confidence"]) == (
        "very-likely",
        "very likely",
        "moderate",
    )
    assert nis["values"]["quantities"] == [
        {
            "text": "~10,000-12,000 troops",
            "low": 10000,
            "high": 12000,
            "approximate": True,
            "up_to": False,
            "unit": "troops",
            "system": None,
            "period": None,
        },
        {
            "text": "1,500+ troops",
            "low": 1500,
            "high": None,
            "approximate": False,
            "up_to": False,
            "unit": "troops",
            "system": None,
            "period": None,
        },
    ]
    assert nis["values"]["quantity"] == nis["values"]["quantities"][0]
    shipped = events["dprk-artillery-shipments"]
    assert shipped["claims"][0]["values"]["quantities"][1] == {
        "text": "up to 120 guns",
        "low": 0,
        "high": 120,
        "approximate": False,
        "up_to": True,
        "unit": "guns",
        "system": "koksan",
        "period": None,
    }
    assert shipped["systems"][0]["quantity"] == "up to 120 guns"
    assert events["dprk-troops-to-russia"]["type"] == "deployment"
    assert events["kn-23-use-assessment"]["claims"][0]["likelihood_words"] == "likely"


def regenerate() -> None:
    from typer.testing import CliRunner

    from irru.cli import app

    for name, args in OUTPUTS.items():
        r = CliRunner().invoke(app, list(args), env=ENV)
        (EXPECTED / name).write_text(r.stdout, encoding="utf-8")


# --- irru migrate ----------------------------------------------------------------------------------

SCHEMA1_LOGS = [
    DATA / n
    for n in ("valid.yaml", "small.yaml", "two-articles.yaml", "promises.yaml", "hostile.yaml", "all-fields.yaml")
]


# The bundled log is schema 2 since the 2026 curation; its last schema-1 version (a large real log, with the flow
# values only libyaml reads) stays here as a migration fixture.
BUNDLED_SCHEMA1 = DATA / "bundled-schema1.yaml"


@pytest.mark.parametrize("path", [*SCHEMA1_LOGS, BUNDLED_SCHEMA1], ids=lambda p: p.name)
def test_migrated_logs_say_the_same_and_print_the_same_timeline(irru, tmp_path: Path, path: Path) -> None:
    original = read_log(path)
    assert original.schema == 1
    copy = tmp_path / path.name
    copy.write_bytes(path.read_bytes())
    result = irru("migrate", str(copy))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.endswith("migrated to schema 2 (1 change)\n")
    migrated = read_log(copy)
    assert migrated.schema == 2
    assert (migrated.sources, migrated.actors, migrated.systems, migrated.events) == (
        original.sources,
        original.actors,
        original.systems,
        original.events,
    )
    # only the schema line changed: comments, order and layout are kept
    before, after = path.read_text(encoding="utf-8").splitlines(), copy.read_text(encoding="utf-8").splitlines()
    assert [(a, b) for a, b in zip(before, after, strict=True) if a != b] == [("schema: 1", "schema: 2")]
    for fmt in ("plain", "json", "md", "csv"):
        old = irru("timeline", "--data", str(path), "--format", fmt, env=ENV)
        new = irru("timeline", "--data", str(copy), "--format", fmt, env=ENV)
        assert new.stdout.encode() == old.stdout.encode() and new.exit_code == old.exit_code
    again = irru("migrate", str(copy))  # idempotent
    assert (again.exit_code, again.stderr) == (0, f"{copy}: already schema 2; nothing to do\n")
    assert copy.read_text(encoding="utf-8").splitlines() == after


def test_bundled_log_is_schema_2_and_migrate_leaves_it_alone(irru, tmp_path: Path) -> None:
    assert read_log(bundled_log_path()).schema == 2
    copy = tmp_path / "events.yaml"
    copy.write_bytes(bundled_log_path().read_bytes())
    result = irru("migrate", str(copy))
    assert (result.exit_code, result.stderr) == (0, f"{copy}: already schema 2; nothing to do\n")
    assert copy.read_bytes() == bundled_log_path().read_bytes()


ODD = """\
schema: 1   # a comment that stays
sources:
  - {id: s1, title: T, publisher: P, published: 2024, kind: news, grade: B}
systems:
  - {id: x, name: X, category: other}
events:
  # a comment between records
  - id: e
    date: 2024
    title: T
    type: delivery
    systems:
      - {system: x, quantity: "0400"}
      - {system: x, quantity: 2 00 +}
    claims:
      - {source: s1, stance: asserts, text: T, values: {quantity: '1 - 5'}}
"""


def test_migrate_rewrites_only_what_schema_2_reads_differently() -> None:
    m = migrate(ODD, "odd.yaml")
    assert m.changes == (
        "1:9: schema 1 -> 2",
        "13:31: quantity '0400' written '400'",
        "14:31: quantity '2 00 +' written '200+'",
    )
    assert m.text == ODD.replace("schema: 1 ", "schema: 2 ").replace('"0400"', '"400"').replace("2 00 +", "200+")
    assert migrate(m.text, "odd.yaml").changes == ()
    assert [u.quantity.low for u in load_text(m.text).events[0].systems] == [400, 200]


def test_migrate_keeps_crlf_line_ends_and_a_bom(irru, tmp_path: Path) -> None:
    path = tmp_path / "crlf.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + ODD.replace("\n", "\r\n").encode())
    assert irru("migrate", str(path)).exit_code == 0
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfschema: 2   # a comment") and data.count(b"\r\n") == ODD.count("\n")


def test_migrate_to_stdout_leaves_the_file_alone(irru, tmp_path: Path) -> None:
    path = tmp_path / "log.yaml"
    path.write_text(ODD, encoding="utf-8")
    result = irru("migrate", str(path), "--stdout")
    assert result.exit_code == 0 and result.stdout == migrate(ODD).text and result.stderr == ""
    assert path.read_text(encoding="utf-8") == ODD


def test_migrate_keeps_the_file_mode(irru, tmp_path: Path) -> None:
    path = tmp_path / "log.yaml"
    path.write_text(ODD, encoding="utf-8")
    path.chmod(0o640)
    assert irru("migrate", str(path)).exit_code == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["log.yaml"]  # no temporary file left behind


def test_migrate_refuses_a_log_with_problems(irru, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    text = ODD.replace("kind: news", "kind: newz")
    path.write_text(text, encoding="utf-8")
    result = irru("migrate", str(path))
    assert result.exit_code == 1
    assert f"{path}:3:61: unknown source kind 'newz'; did you mean 'news'?" in result.stderr
    assert path.read_text(encoding="utf-8") == text
    assert (
        irru("migrate", str(tmp_path / "missing.yaml")).stderr
        == f"{tmp_path / 'missing.yaml'}: no such file\n1 problem in {tmp_path / 'missing.yaml'}\n"
    )


def test_a_schema2_log_is_left_alone() -> None:
    text = LOG.read_text(encoding="utf-8")
    assert migrate(text, "schema2.yaml").text == text


def test_schema_1_files_keep_their_meaning_for_every_schema2_spelling_kept() -> None:
    """Schema-1 spellings that stay valid in schema 2 load to the same values."""
    one = load_text(ODD.replace("'1 - 5'", "'~400'"))
    two = load_text(
        ODD.replace("'1 - 5'", "'~400'")
        .replace("schema: 1", "schema: 2")
        .replace('"0400"', '"400"')
        .replace("2 00 +", "200+")
    )
    assert one.events[0].claims == two.events[0].claims
    with pytest.raises(LogError):
        load_text(ODD.replace("schema: 1", "schema: 2"))  # '0400' has a leading zero in schema 2


WRONG_SHAPES = [
    ("units: [railcars]", "units: {a: 1}", 5, "units must be a list, not a mapping"),
    (
        "        likelihood: very-likely",
        "        likelihood: [likely]",
        91,
        "likelihood must be a single value, not a list",
    ),
    (
        "        analytic_confidence: moderate",
        "        analytic_confidence: {a: b}",
        92,
        "analytic confidence must be a single value, not a mapping",
    ),
    (
        '          quantities: ["~10,000-12,000 troops", "1,500+ troops"]',
        "          quantities: {a: b}",
        94,
        "quantities must be a list, not a mapping",
    ),
    (
        "{quantity: 120 launchers, system: m1991}",
        "{quantity: [120], system: m1991}",
        131,
        "quantity must be a single value, not a list",
    ),
    ("{quantity: 120 launchers, system: m1991}", "[120 launchers]", 131, "quantity must be a single value, not a list"),
    (
        "{actor: mnd, until: 2024-05-30}",
        "{actor: mnd, until: [2024]}",
        65,
        "until date must be a single value, not a list",
    ),
    (
        "{actor: mnd, until: 2024-05-30}",
        "[mnd]",
        65,
        "a part_of entry must be a mapping (key: value lines), not a list",
    ),
    (
        "{description: NIS briefing to the intelligence committee}",
        "{description: [a]}",
        89,
        "description must be a single value, not a list",
    ),
]


@pytest.mark.parametrize(("old", "new", "line", "message"), WRONG_SHAPES, ids=[w[3] for w in WRONG_SHAPES])
def test_schema2_fields_given_the_wrong_shape(old: str, new: str, line: int, message: str) -> None:
    text = LOG.read_text(encoding="utf-8")
    assert old in text
    with pytest.raises(LogError) as e:
        load_text(text.replace(old, new, 1), "schema2.yaml")
    assert message in [p.message for p in e.value.problems if p.line == line], e.value.problems


def test_queries_for_a_body_find_those_who_were_ever_part_of_it() -> None:
    log = read_log(LOG)
    assert "lawmaker-lee" in log.parts["mnd"] and "lawmaker-lee" in log.parts["national-assembly"]
    assert "lawmaker-lee" in log.parts["south-korea"] and "lawmaker-lee" not in log.parts["north-korea"]
    claim = log.events_by_id["dprk-troops-to-russia"].claims[0]
    assert log.claim_day(claim) == date(2024, 10, 18)
    assert claim.by is not None and log.top_at(claim.by, log.claim_day(claim)).id == "south-korea"


VALID2 = LOG.read_text(encoding="utf-8")


@settings(max_examples=150, deadline=None)
@given(st.integers(0, len(VALID2)), st.integers(0, 30), st.text(max_size=20))
def test_mutated_schema2_logs_fail_cleanly(at: int, cut: int, insert: str) -> None:
    """Whatever is cut or inserted, a schema-2 log loads or fails with the project's error, never anything else."""
    mutated = VALID2[:at] + insert + VALID2[at + cut :]
    try:
        load_text(mutated, "mutated.yaml")
    except LogError as e:
        assert e.problems


def test_actors_listing_shows_dated_part_of(irru) -> None:
    doc = json.loads(irru("actors", "--data", str(LOG), "--format", "json", env=ENV).stdout)
    lee = next(a for a in doc["actors"] if a["id"] == "lawmaker-lee")
    assert (lee["part_of"], lee["part_of_history"]) == (
        "national-assembly",
        ["mnd until 2024-05-30", "national-assembly from 2024-05-30"],
    )
    assert next(a for a in doc["actors"] if a["id"] == "nis")["part_of_history"] == []
    csv_out = irru("actors", "--data", str(LOG), "--format", "csv", env=ENV).stdout
    assert "mnd until 2024-05-30; national-assembly from 2024-05-30" in csv_out


def test_migrate_finds_values_after_non_ascii_text_on_the_same_line() -> None:
    """Columns count characters, not bytes: a quantity after 'Ça ✈' on its line is still found."""
    text = (
        "schema: 1\n"
        "sources:\n  - {id: s1, title: Tehrán–Moscow ✈, publisher: P, published: 2024, kind: news, grade: B}\n"
        "systems:\n  - {id: x, name: X, category: other}\n"
        "events:\n  - {id: e, date: 2024, title: Ça ✈ va, type: delivery, systems: [{system: x, quantity: '0400'}],"
        " claims: [{source: s1, stance: asserts, text: t}]}\n"
    )
    m = migrate(text)
    assert m.changes == ("1:9: schema 1 -> 2", "7:89: quantity '0400' written '400'")
    assert m.text == text.replace("schema: 1", "schema: 2").replace("'0400'", "'400'")


@pytest.mark.parametrize("schema", ["1", "2"])
def test_same_as_links_two_records_of_one_event_in_either_schema(schema: str) -> None:
    text = ODD.replace("schema: 1", f"schema: {schema}").replace('"0400"', '"400"').replace("2 00 +", "200+")
    text += "  - {id: e2, date: 2024, title: T, type: delivery, links: [{rel: same-as, event: e}],"
    text += " claims: [{source: s1, stance: asserts, text: T}]}\n"
    log = load_text(text)
    assert [(lk.rel, lk.event) for lk in log.events_by_id["e2"].links] == [("same-as", "e")]
