"""`irru import`: reference datasets into a log as dated claims, re-synced without duplicates (docs/import.md).

The extracts under tests/data/import/ are synthetic, in each dataset's published layout (their README says so)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from irru.importer import formats
from irru.logfile import load_text

IMPORT = Path(__file__).parent / "data" / "import"
MAP = str(IMPORT / "mapping.yaml")

pytest.importorskip("ruamel.yaml")


@pytest.fixture
def log(tmp_path: Path) -> Path:
    path = tmp_path / "log.yaml"
    shutil.copy(IMPORT / "log.yaml", path)
    return path


@pytest.fixture
def empty(tmp_path: Path) -> Path:
    path = tmp_path / "empty.yaml"
    shutil.copy(IMPORT / "empty.yaml", path)
    return path


def _import(irru, *args: str):
    return irru("import", *args)


SIPRI_2025 = """\
+ source sipri-at-2025-03-10: SIPRI Arms Transfers Database, version of 2025-03-10
+ actor sipri: 'SIPRI' (kind institute), who speaks in the dataset's claims
+ event sipri-borduria-ruritania-2021-jet-x-order (contract) from sipri:borduria:ruritania:2021:jet-x/order (line 6)
+ sipri:borduria:ruritania:2021:jet-x/delivery (line 6): claim on jets-delivered (mapped)
+ system arrow-7: 'Arrow-7' (category ballistic-missile; line 7)
+ event sipri-borduria-ruritania-2022-arrow-7-order (contract) from sipri:borduria:ruritania:2022:arrow-7/order (line 7)
+ event sipri-borduria-ruritania-2022-arrow-7-delivery (delivery) from sipri:borduria:ruritania:2022:arrow-7/delivery (line 7)
+ system watcher-2: 'Watcher-2' (category radar; line 8)
+ event sipri-borduria-ruritania-2023-watcher-2-order (contract) from sipri:borduria:ruritania:2023:watcher-2/order (line 8)
"""


def test_sipri_deals_become_orders_and_deliveries(irru, log: Path) -> None:
    r = _import(irru, "sipri", str(IMPORT / "sipri-2025.csv"), "--into", str(log), "--map", MAP)
    assert r.exit_code == 0, r.stderr
    assert r.stdout == SIPRI_2025 + (
        f"{log}: added 4 events, 1 claims on existing events, 1 actors, 2 systems, 0 actor updates;"
        f" 0 rows unchanged; old file kept as {log}.bak\n"
    )
    text = log.read_text(encoding="utf-8")
    assert text.startswith("# A small log that the fixtures are imported into")  # comments are kept
    loaded = load_text(text, str(log))
    order = loaded.events_by_id["sipri-borduria-ruritania-2022-arrow-7-order"]
    assert (order.date.text, order.claims[0].upstream, order.claims[0].by) == (
        "2022?",  # SIPRI's brackets: a year it is not sure of
        "sipri:borduria:ruritania:2022:arrow-7/order",
        "sipri",
    )
    assert [q.text for q in order.claims[0].values.quantities] == ["~500 missiles"]  # a bracketed estimate
    assert loaded.sources["sipri-at-2025-03-10"].kind == "dataset"


def test_transfers_show_sipri_numbers_with_their_uncertainty(irru, log: Path) -> None:
    _import(irru, "sipri", str(IMPORT / "sipri-2025.csv"), "--into", str(log), "--map", MAP)
    r = irru("--data", str(log), "transfers", "--system", "Arrow-7", "--format", "csv")
    assert r.exit_code == 0
    rows = r.stdout.splitlines()
    assert rows[1].split(",")[1:10] == [
        "Borduria", "Ruritania", "Arrow-7", "ballistic-missile", "~500 missiles", "500 missiles", "2022?",
        "2023 – 2024?", "delivery-reported",
    ]  # fmt: skip


def test_diff_sets_sipri_against_the_logs_other_sources(irru, log: Path) -> None:
    _import(irru, "sipri", str(IMPORT / "sipri-2025.csv"), "--into", str(log), "--map", MAP)
    r = irru("--data", str(log), "diff", "sipri-at-2025-03-10", "daily-2025", "--only", "conflict")
    assert r.exit_code == 1
    assert r.stdout.splitlines()[2] == (
        "CONFLICT   jets-delivered: quantity (aircraft, Jet-X): ~2 aircraft Jet-X (10 Mar 2025) vs 4 aircraft Jet-X"
        " (10 Jan 2025)  (the intervals do not overlap)"
    )


def test_importing_the_same_file_twice_changes_nothing(irru, log: Path) -> None:
    _import(irru, "sipri", str(IMPORT / "sipri-2025.csv"), "--into", str(log), "--map", MAP)
    before = log.read_bytes()
    r = _import(irru, "sipri", str(IMPORT / "sipri-2025.csv"), "--into", str(log), "--map", MAP)
    assert (r.exit_code, r.stdout) == (0, f"{log}: nothing to import; 5 rows unchanged\n")
    assert log.read_bytes() == before


def test_a_new_version_adds_exactly_the_changed_rows(irru, log: Path) -> None:
    _import(irru, "sipri", str(IMPORT / "sipri-2025.csv"), "--into", str(log), "--map", MAP)
    r = _import(irru, "sipri", str(IMPORT / "sipri-2026.csv"), "--into", str(log), "--map", MAP)
    assert r.exit_code == 0, r.stderr
    assert r.stdout.splitlines()[:-1] == [
        "+ source sipri-at-2026-03-09: SIPRI Arms Transfers Database, version of 2026-03-09",
        "~ sipri:borduria:ruritania:2021:jet-x/delivery (line 6) changed since 2025-03-10: new claim on jets-delivered",
        "+ system rotor-5: 'Rotor-5' (category helicopter; line 8)",
        "+ event sipri-borduria-ruritania-2025-rotor-5-order (contract) from sipri:borduria:ruritania:2025:rotor-5/order"
        " (line 8)",
        "- sipri:borduria:ruritania:2023:watcher-2/order: gone from this version; noted on"
        " sipri-borduria-ruritania-2023-watcher-2-order",
    ]
    loaded = load_text(log.read_text(encoding="utf-8"), str(log))
    sipri = [c for e in loaded.events for c in e.claims if c.by == "sipri"]
    assert len(sipri) == 5 + 3  # five rows of 2025, then one changed, one new, one gone
    gone = loaded.events_by_id["sipri-borduria-ruritania-2023-watcher-2-order"].claims[-1]
    assert (gone.stance, gone.source) == ("declines-to-confirm", "sipri-at-2026-03-09")
    # --as-of replays what the dataset said when
    new = irru("--data", str(log), "show", "jets-delivered", "--format", "json")
    old = irru("--data", str(log), "show", "jets-delivered", "--format", "json", "--as-of", "2025-12-31")
    assert "6 Jet-X" in new.stdout and "6 Jet-X" not in old.stdout and "~2 Jet-X" in old.stdout


def test_a_partial_extract_marks_nothing_gone(irru, log: Path) -> None:
    _import(irru, "sipri", str(IMPORT / "sipri-2025.csv"), "--into", str(log), "--map", MAP)
    r = _import(irru, "sipri", str(IMPORT / "sipri-2026.csv"), "--into", str(log), "--map", MAP, "--partial")
    assert r.exit_code == 0
    assert not any(line.startswith("- ") for line in r.stdout.splitlines())


def test_acled_dates_keep_their_precision(irru, empty: Path) -> None:
    r = _import(irru, "acled", str(IMPORT / "acled.csv"), "--into", str(empty))
    assert (r.exit_code, r.stderr) == (
        2,
        f"irru: {IMPORT / 'acled.csv'} does not say which version of the dataset it is: give --version DATE\n",
    )
    r = _import(irru, "acled", str(IMPORT / "acled.csv"), "--into", str(empty), "--version", "2025-08-01")
    assert r.exit_code == 0, r.stderr
    loaded = load_text(empty.read_text(encoding="utf-8"), str(empty))
    dates = {e.id: e.date.text for e in loaded.events}
    assert dates == {"acled-rur101": "2025-06-13", "acled-rur102": "2025-06-17/2025-06-23", "acled-rur103": "2025-07"}
    strike = loaded.events_by_id["acled-rur101"]
    claim = strike.claims[0]
    assert (claim.quoted, claim.text) == (True, "On 13 June 2025, Bordurian drones struck Strelsau Airbase.")
    assert [q.text for q in claim.values.quantities] == ["3 fatalities"] and loaded.units == ("fatalities",)
    assert [(a.actor, a.role) for a in strike.actors] == [
        ("military-forces-of-borduria-2010", "attacker"),
        ("military-forces-of-ruritania-2001", "target"),
    ]


def test_ucdp_counts_are_a_range_with_the_best_estimate(irru, empty: Path) -> None:
    r = _import(irru, "ucdp", str(IMPORT / "ucdp.csv"), "--into", str(empty), "--version", "2025-09-01")
    assert r.exit_code == 0, r.stderr
    loaded = load_text(empty.read_text(encoding="utf-8"), str(empty))
    e = loaded.events_by_id["ucdp-500002"]
    assert e.date.text == "2025-06-17/2025-06-23"
    assert [q.text for q in e.claims[0].values.quantities] == ["4-9 fatalities"]
    assert e.claims[0].text == (
        "Between Government of Ruritania and Government of Borduria at Zenda area: 5 deaths (best estimate; low 4,"
        " high 9)."
    )


def test_wikidata_fills_aliases_and_dated_memberships(irru, log: Path) -> None:
    r = _import(irru, "wikidata", str(IMPORT / "wikidata.json"), "--into", str(log), "--map", MAP)
    assert r.stdout.splitlines()[:2] == [
        "+ alias 'R. Rassendyll' for rassendyll (from Q900001, line 2)",
        "+ rassendyll part of security-council-ru from 2024-05-12 (from Q900001, line 2)",
    ]
    r = _import(irru, "wikidata", str(IMPORT / "sparql.json"), "--into", str(log), "--map", MAP)
    assert r.stdout.splitlines()[0] == "+ alias 'RAF of Ruritania' for ruritanian-air-force (from Q900002, line 3)"
    loaded = load_text(log.read_text(encoding="utf-8"), str(log))
    person = loaded.actors["rassendyll"]
    assert person.aliases == ("R. Rassendyll",)
    assert [(m.actor, m.start.text if m.start else None) for m in person.memberships] == [
        ("security-council-ru", "2024-05-12")
    ]
    before = log.read_bytes()
    r = _import(irru, "wikidata", str(IMPORT / "wikidata.json"), "--into", str(log), "--map", MAP)
    assert log.read_bytes() == before and r.stdout.endswith("nothing to import; 0 rows unchanged\n")


def test_an_unmapped_entity_is_a_suggestion_not_a_merge(irru, log: Path) -> None:
    r = _import(irru, "wikidata", str(IMPORT / "wikidata.json"), "--into", str(log))
    assert r.stderr == (
        "suggest: line 2: Q900001 (Rudolf Rassendyll) is not mapped to an actor; add entities: {Q900001: ACTOR_ID}"
        " to the mapping file\n"
    )


def test_a_file_in_another_format_is_reported_at_its_line(irru, log: Path) -> None:
    r = _import(irru, "sipri", str(IMPORT / "acled.csv"), "--into", str(log), "--version", "2025-01-01")
    assert r.exit_code == 1
    assert r.stderr.splitlines()[0] == (
        f"{IMPORT / 'acled.csv'}:1:1: not a SIPRI trade register: no header row with the columns Recipient,"
        " Supplier, Year of order, Weapon designation"
    )


def test_usage_errors(irru, log: Path, tmp_path: Path) -> None:
    r = _import(irru, "sipry", str(IMPORT / "sipri-2025.csv"), "--into", str(log))
    assert (r.exit_code, r.stderr) == (2, "irru: unknown dataset 'sipry'; did you mean 'sipri'?\n")
    bad = tmp_path / "map.yaml"
    bad.write_text("systems: {Jet-X: jet-y}\n", encoding="utf-8")
    r = _import(irru, "sipri", str(IMPORT / "sipri-2025.csv"), "--into", str(log), "--map", str(bad))
    assert (r.exit_code, r.stderr) == (2, f"irru: {bad}: systems maps 'Jet-X' to 'jet-y', which {log} does not have\n")


def test_the_same_version_with_other_content_is_refused(irru, log: Path, tmp_path: Path) -> None:
    _import(irru, "sipri", str(IMPORT / "sipri-2025.csv"), "--into", str(log), "--map", MAP)
    changed = tmp_path / "sipri.csv"
    changed.write_text(
        (IMPORT / "sipri-2025.csv").read_text(encoding="utf-8").replace(",(2),", ",3,"), encoding="utf-8"
    )
    before = log.read_bytes()
    r = _import(irru, "sipri", str(changed), "--into", str(log), "--map", MAP)
    assert r.exit_code == 1 and log.read_bytes() == before
    assert "version 2025-03-10 of SIPRI Arms Transfers Database is already in the log" in r.stderr
    assert "line 6 (sipri:borduria:ruritania:2021:jet-x/delivery)" in r.stderr


def test_dry_run_writes_nothing(irru, log: Path) -> None:
    before = log.read_bytes()
    r = _import(irru, "sipri", str(IMPORT / "sipri-2025.csv"), "--into", str(log), "--map", MAP, "--dry-run")
    assert r.exit_code == 0 and log.read_bytes() == before
    assert r.stdout.splitlines()[-1].endswith("(dry run: nothing written)")


@pytest.mark.parametrize(
    ("cell", "mark", "expected"),
    [("24", "", "24"), ("(24)", "", "~24"), ("24", "?", "~24"), (". .", "", None), ("1,200", "", "1,200")],
)
def test_sipri_numbers(cell: str, mark: str, expected: str | None) -> None:
    assert formats._sipri_number(cell, mark, 1, "number") == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("2023", "2023"), ("2023; 2024", "2023/2024"), ("2023; (2024)", "2023/2024?"), ("(2023)", "2023?"), ("", None)],
)
def test_sipri_delivery_years(cell: str, expected: str | None) -> None:
    assert formats._sipri_years(cell) == expected


def test_every_fixture_imports_into_an_empty_log_that_passes_check(irru, empty: Path) -> None:
    for dataset, name in (("sipri", "sipri-2025.csv"), ("acled", "acled.csv"), ("ucdp", "ucdp.csv")):
        r = _import(irru, dataset, str(IMPORT / name), "--into", str(empty), "--version", "2025-10-01")
        assert r.exit_code == 0, r.stderr
    r = irru("--data", str(empty), "check")
    assert r.exit_code == 0 and r.stdout.startswith(f"{empty}: ok: 10 events, 10 claims, 3 sources,"), r.stdout


def test_a_fifo_is_refused_not_waited_on(irru, log: Path, tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "extract.csv"
    os.mkfifo(fifo)
    r = _import(irru, "sipri", str(fifo), "--into", str(log))
    assert (r.exit_code, r.stderr) == (2, f"irru: {fifo}: not a regular file; give the extract as a file\n")
