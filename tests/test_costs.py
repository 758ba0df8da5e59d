"""Issue 25 item 13: the costs that grew with the square of the log. Each test pins the output that must not change
and the count that must stay linear; the times are measured by `benchmarks/run.py --pathological`, not here."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).parent.parent / "benchmarks"


def shapes():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(BENCH))
    try:
        import pathological
    finally:
        sys.path.remove(str(BENCH))
    return pathological


@pytest.mark.skipif(not BENCH.is_dir(), reason="benchmarks/ ships with the source tree")
def test_merge_pairs_each_source_with_a_bounded_number_of_others(irru, tmp_path: Path) -> None:
    p = shapes()
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text(p.same_url(20_000), encoding="utf-8")
    b.write_text(p.PAIRS["same-url"](20_000), encoding="utf-8")
    n = a.read_text(encoding="utf-8").count("  - {id: ")
    assert n > 100
    r = irru("merge", str(a), str(b), "--format", "plain")
    findings = [line for line in r.stdout.splitlines() if "both cite" in line]
    assert len(findings) == n * 20  # was n * n: 689 sources gave 473,349 lines
    assert sum(f"(and {n - 20} more in the second log)" in line for line in findings) == n


def test_one_shared_url_is_still_one_plain_finding(irru, tmp_path: Path) -> None:
    head = "schema: 2\nsources:\n"
    src = "  - {{id: {}, title: T, publisher: P, published: 2024, url: https://x.example/a, kind: news, grade: C}}\n"
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text(head + src.format("one") + "events: []\n", encoding="utf-8")
    b.write_text(head + src.format("two") + src.format("one") + "events: []\n", encoding="utf-8")
    r = irru("merge", str(a), str(b), "--format", "json")
    import json

    found = [f for f in json.loads(r.stdout)["findings"] if f["kind"] == "same-url"]
    assert [(f["a"]["id"], f["b"]["id"], f["detail"]) for f in found] == [
        ("one", "two", "both cite https://x.example/a")
    ]


@pytest.mark.skipif(not BENCH.is_dir(), reason="benchmarks/ ships with the source tree")
def test_stories_used_once_still_get_their_suggestion_among_thousands(tmp_path: Path) -> None:
    from irru.lint import lints
    from irru.logfile import load_text

    p = shapes()
    text = p.once(400_000) + p._event(999_999, "    story: stroy-000500\n")  # a typo of an existing story
    found = [w for w in lints(load_text(text, "x")) if w.code == "story-once" and "story 'stroy" in w.message]
    assert [w.message for w in found] == [
        "story 'stroy-000500' of event 'event-999999' is used by no other event; a typo? (did you mean 'story-000500'?)"
    ]
