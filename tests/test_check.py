"""`irru check`: one fixture log per error kind, with its exact expected messages beside it (hledger style)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import DATA

ERRORS = sorted((DATA / "errors").glob("*.yaml"))


def test_there_is_a_fixture_for_every_error_kind() -> None:
    names = {p.stem for p in ERRORS}
    assert len(names) >= 25
    assert {"unknown-key", "duplicate-key", "duplicate-id", "invalid-date", "claim-after-source"} <= names


@pytest.mark.parametrize("fixture", ERRORS, ids=lambda p: p.stem)
def test_bad_log_fails_with_its_messages(irru, fixture: Path) -> None:
    result = irru("check", str(fixture))
    expected = fixture.with_suffix(".err").read_text(encoding="utf-8")
    assert result.stderr.replace(str(fixture), "FILE") == expected
    assert result.stdout == ""
    assert result.exit_code == 1


def test_every_problem_is_reported_not_only_the_first(irru) -> None:
    result = irru("check", str(DATA / "errors" / "many-problems.yaml"))
    locations = [line.split(": ")[0].rsplit(":", 2)[1:] for line in result.stderr.splitlines() if line.startswith("/")]
    assert locations == [["9", "5"], ["30", "11"], ["47", "17"]]
    assert result.stderr.endswith("3 problems in " + str(DATA / "errors" / "many-problems.yaml") + "\n")


def test_clean_log_prints_one_summary_line(irru) -> None:
    path = DATA / "valid.yaml"
    result = irru("check", str(path))
    assert result.exit_code == 0
    assert result.stdout == f"{path}: ok: 1 event, 2 claims, 2 sources, 4 actors, 1 system; 2024-01-01 to 2024-02-21\n"
    assert result.stderr == ""


def test_data_option_and_environment_select_the_log(irru) -> None:
    path = str(DATA / "valid.yaml")
    assert irru("check", "--data", path).stdout.startswith(path + ": ok: 1 event")
    assert irru("check", env={"IRRU_DATA": path}).stdout.startswith(path + ": ok: 1 event")


def test_missing_file_is_a_message_not_a_traceback(irru, tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    result = irru("check", str(missing))
    assert result.exit_code == 1
    assert result.stderr == f"{missing}: no such file; check the file's name and directory\n1 problem in {missing}\n"


def test_directory_is_refused(irru, tmp_path: Path) -> None:
    result = irru("check", str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{tmp_path}: is a directory, not a log file\n")


def test_bundled_log_passes(irru) -> None:
    result = irru("check")
    assert result.exit_code == 0, result.stderr
    assert ": ok: " in result.stdout


def test_unknown_option_is_a_usage_error(irru) -> None:
    result = irru("check", "--colour")
    assert result.exit_code == 2
    assert "No such option: --colour" in result.stderr


def test_every_error_kind_is_documented_with_its_exact_output() -> None:
    doc = (Path(__file__).parent.parent / "docs" / "errors.md").read_text(encoding="utf-8")
    for fixture in ERRORS:
        expected = fixture.with_suffix(".err").read_text(encoding="utf-8").replace("FILE", "events.yaml")
        assert expected.rstrip("\n") in doc, f"docs/errors.md does not show {fixture.name}"


def test_the_bundled_log_reads_the_same_with_or_without_libyaml() -> None:
    """libyaml accepts a few things PyYAML's reference parser refuses (a '?' in a flow mapping): the bundled log
    must load on a machine without libyaml too, to the same log."""
    from irru.logfile import bundled_log_path, load_text

    text = bundled_log_path().read_text(encoding="utf-8")
    assert load_text(text, "events.yaml", use_libyaml=False) == load_text(text, "events.yaml", use_libyaml=True)
