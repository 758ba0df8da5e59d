"""`irru diff`: conflicts, updates over time and one-sided claims between two sources or two speakers."""

from __future__ import annotations

import json

from conftest import DATA

TWO = str(DATA / "two-articles.yaml")

EXPECTED_PLAIN = """\
A: Example Institute
B: Example Op-Ed
only in A  treaty-talks: claim: Example Institute asserts: The two announced they are close to signing. (2024-02-29/2024-03-31) vs —  [treaty-talks]
only in A  missiles (delivery): stance of anonymous sources cited by Reuters: asserts (2024-02-29/2024-03-31) vs —  [reported-400]
agree      missiles (delivery): stance of Iran: denies (2024-02-29/2024-03-31) vs denies (2024-10-29/2024-11-30)  [reported-400, fath360-shipped]
UPDATE     missiles (delivery): stance of United States: declines-to-confirm (2024-02-29/2024-03-31) → confirms (2024-10-29/2024-11-30)  [reported-400, fath360-shipped]
only in B  missiles (delivery): stance of United Kingdom: — vs confirms (2024-10-29/2024-11-30)  [fath360-shipped]
CONFLICT   missiles (delivery): quantity: ~400 (2024-02-29/2024-03-31) vs 200+ (2024-10-29/2024-11-30)  [reported-400, fath360-shipped]
CONFLICT   missiles (delivery): systems: Fateh-110, Zolfaghar (2024-02-29/2024-03-31) vs Fath-360 (2024-10-29/2024-11-30)  [reported-400, fath360-shipped]
only in B  missiles (delivery): route: — vs Caspian Sea (2024-10-29/2024-11-30)  [reported-400, fath360-shipped]
Example Institute vs Example Op-Ed: 1 agree, 2 conflicts, 1 update, 2 only in A, 2 only in B
"""


def test_two_articles_conflict_and_update(irru) -> None:
    result = irru("diff", "analysis", "oped", "--data", TWO)
    assert result.stdout == EXPECTED_PLAIN
    assert result.exit_code == 1


def test_sources_by_unambiguous_publisher_part(irru) -> None:
    assert irru("diff", "Institute", "op-ed", "--data", TWO).stdout == EXPECTED_PLAIN


def test_json_rows(irru) -> None:
    doc = json.loads(irru("diff", "analysis", "oped", "--data", TWO, "--format", "json").stdout)
    assert doc["counts"] == {"agree": 1, "conflict": 2, "update": 1, "only-a": 2, "only-b": 2}
    quantity = next(r for r in doc["rows"] if r["field"] == "quantity")
    assert quantity == {
        "story": "missiles (delivery)", "events": ["reported-400", "fath360-shipped"], "field": "quantity",
        "a": "~400", "b": "200+", "kind": "conflict", "a_date": "2024-02-29/2024-03-31", "b_date": "2024-10-29/2024-11-30",
    }  # fmt: skip


def test_same_source_twice_has_no_differences(irru) -> None:
    result = irru("diff", "analysis", "analysis", "--data", TWO)
    assert result.exit_code == 0
    assert result.stdout.endswith(
        "Example Institute vs Example Institute: 6 agree, 0 conflicts, 0 updates, 0 only in A, 0 only in B\n"
    )


def test_as_of_before_the_later_article(irru) -> None:
    result = irru("diff", "analysis", "oped", "--data", TWO, "--as-of", "2024-06-30")
    assert (
        "only in A  missiles (delivery): claim: United States declines-to-confirm: Washington has not confirmed it."
        in result.stdout
    )
    assert "UPDATE" not in result.stdout


def test_by_speaker(irru) -> None:
    result = irru("diff", "--by", "Iran", "--by", "Washington", "--data", TWO)
    assert result.exit_code == 1
    assert (
        "CONFLICT   missiles (delivery): stance: denies (2024-10-29/2024-11-30) vs confirms (2024-10-29/2024-11-30)"
        in result.stdout
    )


def test_event_narrows_to_its_story(irru) -> None:
    out = irru("diff", "analysis", "oped", "--data", TWO, "--event", "treaty-talks").stdout
    assert out.splitlines()[2:] == [
        "only in A  treaty-talks: claim: Example Institute asserts: The two announced they are close to signing. (2024-02-29/2024-03-31) vs —  [treaty-talks]",
        "Example Institute vs Example Op-Ed: 0 agree, 0 conflicts, 0 updates, 1 only in A, 0 only in B",
    ]


def test_usage_errors_exit_2(irru) -> None:
    assert irru("diff", "analysis", "--data", TWO).exit_code == 2
    r = irru("diff", "analysis", "nope", "--data", TWO)
    assert (r.exit_code, r.stderr) == (2, "irru: unknown source 'nope'; did you mean 'oped'?\n")
    r = irru("diff", "Example", "oped", "--data", TWO)
    assert (r.exit_code, r.stderr) == (
        2,
        "irru: source 'Example' is ambiguous: it matches analysis, oped; give an id\n",
    )
