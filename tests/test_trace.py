"""`irru trace`: relay trees down to originals, independent-original counts, circular reporting."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from irru.trace import Hop, chain, relay_hops

RELAYS = """\
schema: 1
sources:
  - {id: wire, title: Missiles sent, publisher: Example Wire, published: 2024-02-21, kind: wire, grade: B}
  - {id: paper, title: Missiles sent say sources, publisher: Daily Paper, published: 2024-02-22, kind: news, grade: C}
  - {id: blog, title: What the paper says, publisher: A Blog, published: 2024-02-23, kind: blog, grade: D}
  - {id: think, title: Analysis, publisher: Think Tank, published: 2024-03, kind: analysis, grade: B, cites: [wire]}
  - {id: tv, title: Evening news, publisher: TV One, published: 2024-02-22, kind: news, grade: C}
  - {id: radio, title: Morning news, publisher: Radio Two, published: 2024-02-22, kind: news, grade: C}
actors:
  - {id: land, name: Landia, kind: state}
  - {id: minister, name: The Minister, kind: person, part_of: land}
events:
  - id: shipment
    date: 2024-02
    title: Missiles shipped
    type: delivery
    claims:
      - {source: wire, speaker: five unnamed officials, anonymous: true, stance: asserts, text: Missiles were sent.}
      - {source: paper, via: wire, speaker: unnamed officials, anonymous: true, stance: asserts, text: Missiles went.}
      - {source: blog, via: paper, stance: asserts, text: The paper says missiles went.}
      - {source: think, stance: asserts, text: Missiles were sent.}
      - {source: tv, by: minister, stance: denies, text: No missiles were sent., date: 2024-02-22}
      - {source: radio, by: minister, stance: denies, text: Nothing was sent., date: 2024-02-22}
"""


@pytest.fixture
def relays(tmp_path: Path) -> str:
    p = tmp_path / "relays.yaml"
    p.write_text(RELAYS, encoding="utf-8")
    return str(p)


def test_bundled_log_shows_the_anonymous_reuters_original_behind_i24news_and_stimson(irru) -> None:
    r = irru("trace", "reuters-400-missiles", "--format", "plain")
    assert r.exit_code == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[2] == "8 claims in 5 sources rest on 6 independent originals; the affirmations on 1"
    assert lines[4] == "1. Reuters, 21 Feb 2024 [reuters-2024-02-21] (wire, grade B)"
    assert lines[5].startswith(
        "   speakers: six unnamed sources cited by Reuters; a US official, unnamed (United States);"
    )
    assert lines[6] == "   ├─ i24NEWS, 21 Feb 2024 [i24news-2024-02-21] (news, grade C)"
    assert lines[7].startswith(
        "   │  ├─ asserts: six unnamed sources cited by Reuters, 21 Feb 2024: Iran has provided Russia"
    )
    assert lines[9] == "   └─ Stimson Center, 29 Feb – 31 Mar 2024 [stimson-2024-new-level] (analysis, grade B)"
    assert lines[10].startswith(
        "      └─ asserts: several anonymous sources cited by Reuters, 29 Feb – 31 Mar 2024: Iran recently"
    )
    assert (
        "! circular reporting: 2 sources (i24NEWS, Stimson Center) relay one original, Reuters, 21 Feb 2024"
        " (anonymous speakers only): they count as one, not 2"
    ) in lines


def test_multi_hop_relays_form_one_tree_and_count_one_original(irru, relays: str) -> None:
    r = irru("trace", "shipment", "--data", relays, "--format", "plain")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.splitlines()[2:16] == [
        "6 claims in 6 sources rest on 3 independent originals; the affirmations on 2",
        "",
        "1. Example Wire, 21 Feb 2024 [wire] (wire, grade B)",
        "   speakers: five unnamed officials; unnamed officials; A Blog",
        "   ├─ asserts: five unnamed officials, 21 Feb 2024: Missiles were sent.",
        "   └─ Daily Paper, 22 Feb 2024 [paper] (news, grade C)",
        "      ├─ asserts: unnamed officials, 22 Feb 2024: Missiles went.",
        "      └─ A Blog, 23 Feb 2024 [blog] (blog, grade D)",
        "         └─ asserts: A Blog, 23 Feb 2024: The paper says missiles went.",
        "",
        "2. Think Tank, Mar 2024 [think] (analysis, grade B)",
        "   speakers: Think Tank",
        "   └─ asserts: Think Tank, Mar 2024: Missiles were sent.",
        "",
    ]
    tail = r.stdout.splitlines()[-3:]
    assert tail == [
        "! circular reporting: 3 sources (Example Wire, Daily Paper, A Blog) relay one original, Example Wire,"
        " 21 Feb 2024: they count as one, not 3",
        "! one statement: 2 sources (TV One, Radio Two) carry The Minister, on the record, 22 Feb 2024: one"
        " original, not 2",
        "! possible relay: Think Tank cites Example Wire, which also reports this event; if claims of think here"
        " come from there, give them via: wire",
    ]


def test_json_gives_counts_tree_and_warnings(irru, relays: str) -> None:
    r = irru("trace", "shipment", "--data", relays, "--format", "json")
    assert r.exit_code == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["version"] == 1 and doc["event"] == "shipment"
    assert (doc["claims"], doc["independent_originals"], doc["affirming_originals"]) == (6, 3, 2)
    wire = doc["originals"][0]
    assert (wire["kind"], wire["id"], wire["carried_by"]) == ("source", "wire", ["wire", "paper", "blog"])
    assert wire["relayed_by"][0]["id"] == "paper"
    assert wire["relayed_by"][0]["relayed_by"][0]["claims"][0]["via"] == "paper"
    assert doc["originals"][2]["kind"] == "statement" and doc["originals"][2]["id"] == "minister@2024-02-22"
    assert [w["kind"] for w in doc["warnings"]] == ["circular-reporting", "same-statement", "possible-relay"]


def test_as_of_keeps_only_claims_made_by_then(irru, relays: str) -> None:
    r = irru("trace", "shipment", "--data", relays, "--as-of", "2024-02-21", "--format", "json")
    doc = json.loads(r.stdout)
    assert (doc["as_of"], doc["claims"], doc["independent_originals"], doc["warnings"]) == ("2024-02-21", 1, 1, [])
    r = irru("trace", "shipment", "--data", relays, "--as-of", "2024-01-01")
    assert r.exit_code == 1 and "nobody had reported 'shipment' by 2024-01-01" in r.stderr


def test_unknown_event_and_unsupported_format_are_usage_errors(irru, relays: str) -> None:
    r = irru("trace", "shipmen", "--data", relays)
    assert r.exit_code == 2 and "shipment" in r.stderr
    r = irru("trace", "shipment", "--data", relays, "--format", "csv")
    assert r.exit_code == 2
    assert r.stderr == "irru: --format csv is not available for trace; use table, plain or json\n"


def test_schema_2_relays_are_followed_when_the_model_has_them() -> None:
    """Claim.relays (nearest first; through sources or people) is preferred over via when present."""
    relays = (
        SimpleNamespace(source="wire", actor=None, description=None),
        SimpleNamespace(source=None, actor=None, description="six unnamed sources"),
    )
    claim = SimpleNamespace(source="think", via="wire", relays=relays, by=None, anonymous=True)
    assert relay_hops(claim) == [Hop("source", "wire"), Hop("relay", "six unnamed sources")]  # type: ignore[arg-type]
    assert chain(claim) == [Hop("relay", "six unnamed sources"), Hop("source", "wire"), Hop("source", "think")]  # type: ignore[arg-type]
    old = SimpleNamespace(source="think", via="wire", by=None, anonymous=False)
    assert chain(old) == [Hop("source", "wire"), Hop("source", "think")]  # type: ignore[arg-type]


SCHEMA2 = """\
schema: 2
sources:
  - {id: wire, title: Briefing reported, publisher: Example Wire, published: 2024-02-21, kind: wire, grade: B}
  - {id: paper, title: Paper story, publisher: Daily Paper, published: 2024-02-22, kind: news, grade: C}
  - {id: tv, title: TV story, publisher: TV One, published: 2024-02-22, kind: news, grade: C}
actors:
  - {id: lee, name: Lee Example, kind: person}
events:
  - id: shipment
    date: 2024-02
    title: Missiles shipped
    type: delivery
    claims:
      - source: paper
        via: [{source: wire}, {actor: lee, description: speaking to lawmakers}, {description: closed-door briefing}]
        speaker: intelligence officials
        anonymous: true
        stance: asserts
        text: Missiles were sent.
      - source: tv
        via: {source: wire}
        stance: asserts
        text: Missiles went.
      - source: tv
        via: [{actor: lee}]
        stance: asserts
        text: A lawmaker said missiles went.
"""


def test_schema_2_relays_through_people_stand_behind_their_original_source(irru, tmp_path: Path) -> None:
    p = tmp_path / "s2.yaml"
    p.write_text(SCHEMA2, encoding="utf-8")
    r = irru("trace", "shipment", "--data", str(p), "--format", "plain")
    assert r.exit_code == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[2] == "3 claims in 2 sources rest on 2 independent originals; the affirmations on 2"
    assert lines[4:8] == [
        "1. Example Wire, 21 Feb 2024 [wire] (wire, grade B)",
        "   speakers: intelligence officials (anonymous); TV One",
        "   behind it: relayed by Lee Example ← relayed by closed-door briefing",
        "   ├─ Daily Paper, 22 Feb 2024 [paper] (news, grade C)",
    ]
    assert "2. relayed by Lee Example" in lines
    doc = json.loads(irru("trace", "shipment", "--data", str(p), "--format", "json").stdout)
    assert [h["id"] for h in doc["originals"][0]["behind"][0]] == ["lee", "closed-door briefing"]


def test_table_format_in_colour_styles_the_same_lines(irru) -> None:
    import re

    plain = irru("trace", "reuters-400-missiles", "--format", "plain").stdout
    r = irru("trace", "reuters-400-missiles", "--format", "table", "--color", "always")
    assert r.exit_code == 0
    assert "\x1b[1m" in r.stdout
    bare = re.sub(r"\x1b\[[0-9;]*m", "", r.stdout)
    assert bare.splitlines()[:5] == plain.splitlines()[:5]
    assert " ".join(bare.split()) == " ".join(plain.split())  # the same text, wrapped to the terminal


def test_without_an_event_every_flagged_event_is_listed(irru, relays: str) -> None:
    r = irru("trace", "--data", relays, "--format", "plain")
    assert r.exit_code == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[:4] == [
        "3 warnings in 1 event of 1",
        "",
        "shipment: Missiles shipped",
        "  6 claims rest on 3 independent originals; the affirmations on 2",
    ]
    assert lines[4].startswith("  ! circular reporting: 3 sources (Example Wire, Daily Paper, A Blog)")
    doc = json.loads(irru("trace", "--data", relays, "--format", "json", "--as-of", "2024-02-21").stdout)
    assert (doc["events"], doc["flagged"], doc["as_of"]) == (1, [], "2024-02-21")
    doc = json.loads(irru("trace", "--data", relays, "--format", "json").stdout)
    assert [w["kind"] for w in doc["flagged"][0]["warnings"]] == [
        "circular-reporting",
        "same-statement",
        "possible-relay",
    ]
