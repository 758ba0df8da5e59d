"""`irru timeline` through the CLI: filters, their combinations, every format, and terminal behaviour."""

from __future__ import annotations

import csv
import io
import json

import pytest

from conftest import DATA

SMALL = str(DATA / "small.yaml")

GOLDEN_PLAIN = """\
gaza-war          7 Oct 2023              The Gaza war begins | REPORTED by Example Op-Ed | [1]
su35-finalised    28 Nov 2023             Iran says the Su-35 purchase is finalised | Russia → Iran | CONFIRMED by Iran | [2]
missiles-feb      Jan – 21 Feb 2024       About 400 missiles reported shipped | Islamic Revolutionary Guard Corps → Russia | DENIED by Iran; reported by Example Wire (anonymous sources) | [3][1]
fath360-shipment  29 Aug – 4 Sep 2024     Fath-360 missiles shipped across the Caspian | Iran → Russia | DISPUTED (denied by Iran; confirmed by United States) | [4][1]

Sources
[1] Example Op-Ed, "A wary alliance", 29 Oct – 30 Nov 2024 (grade C, op-ed)
[2] Tasnim, "Deal finalised", 28 Nov 2023 (grade C, state-media)
[3] Example Wire, "Iran sends missiles", 21 Feb 2024, https://wire.example/feb (grade B, wire)
[4] US State Department, "Remarks in London", 10 Sep 2024 (grade B, official-statement)
"""


def ids(irru, *args: str) -> list[str]:
    result = irru("timeline", "--data", SMALL, "--format", "jsonl", *args)
    assert result.exit_code == 0, result.stderr
    return [json.loads(line)["id"] for line in result.stdout.splitlines()]


def test_plain_golden_output(irru) -> None:
    result = irru("timeline", "--data", SMALL)
    assert result.exit_code == 0
    assert result.stdout == GOLDEN_PLAIN
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((), ["gaza-war", "su35-finalised", "missiles-feb", "fath360-shipment"]),
        (("--reverse",), ["fath360-shipment", "missiles-feb", "su35-finalised", "gaza-war"]),
        (("-n", "2"), ["missiles-feb", "fath360-shipment"]),  # the latest two, oldest first (as jrnl -n)
        (("-n", "2", "-r"), ["fath360-shipment", "missiles-feb"]),
        (("--since", "2024"), ["missiles-feb", "fath360-shipment"]),
        (("--until", "2023"), ["gaza-war", "su35-finalised"]),  # a partial date covers its whole period
        (("--until", "Nov 2023"), ["gaza-war", "su35-finalised"]),
        (("--until", "27 Nov 2023"), ["gaza-war"]),
        (("--on", "2024-02"), ["missiles-feb"]),  # Jan–21 Feb 2024 overlaps February
        (("--on", "2024-02", "--within"), []),  # … but is not certainly inside it
        (("--on", "2024-01/2024-02", "--within"), ["missiles-feb"]),
        (("--on", "2023-10", "--on", "2024-09"), ["gaza-war", "fath360-shipment"]),  # repeated: any
        (("--actor", "Iran"), ["su35-finalised", "missiles-feb", "fath360-shipment"]),  # Iran matches its IRGC
        (("--actor", "irgc"), ["missiles-feb"]),
        (("--actor", "tehran", "--role", "supplier"), ["missiles-feb", "fath360-shipment"]),
        (("--actor", "Iran", "--role", "recipient"), ["su35-finalised"]),
        (("--actor", "Washington"), ["fath360-shipment"]),  # a US official speaks in it
        (("--type", "delivery"), ["missiles-feb", "fath360-shipment"]),
        (("--type", "promise", "--type", "context"), ["gaza-war", "su35-finalised"]),
        (("--tag", "caspian-route"), ["fath360-shipment"]),
        (("--system", "Fateh-360"), ["missiles-feb", "fath360-shipment"]),  # alias
        (("--system", "su-35"), ["su35-finalised"]),
        (("--source", "Example Wire"), ["missiles-feb"]),  # a publisher
        (("--source", "Example"), ["gaza-war", "missiles-feb", "fath360-shipment"]),  # a word of two publishers
        (("--source", "gov-sep"), ["fath360-shipment"]),
        (("--confidence", "denied"), ["missiles-feb"]),
        (("--confidence", "disputed", "--confidence", "confirmed"), ["su35-finalised", "fath360-shipment"]),
        (("--grep", "ASTRAKHAN"), ["fath360-shipment"]),  # summaries count, case-insensitive
        (("--grep", "denies sending"), ["missiles-feb"]),  # claim texts count
        (("--actor", "Iran", "--type", "delivery", "--since", "2024-03"), ["fath360-shipment"]),  # all must hold
        (("--sort", "confidence"), ["su35-finalised", "gaza-war", "fath360-shipment", "missiles-feb"]),
        (("--sort", "type"), ["gaza-war", "missiles-feb", "fath360-shipment", "su35-finalised"]),
    ],
)
def test_filters_and_order(irru, args: tuple[str, ...], expected: list[str]) -> None:
    assert ids(irru, *args) == expected


def test_as_of_shows_what_was_known_that_day(irru) -> None:
    # By 22 Feb 2024 only the wire's anonymous report existed: no Gaza op-ed claim (Nov 2024), no denial yet.
    result = irru("timeline", "--data", SMALL, "--as-of", "2024-02-22", "--format", "jsonl")
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(e["id"], e["confidence"]["flag"]) for e in events] == [
        ("su35-finalised", "confirmed"),
        ("missiles-feb", "unconfirmed"),
    ]


def test_json_is_the_documented_contract(irru) -> None:
    result = irru("timeline", "--data", SMALL, "--confidence", "denied", "--format", "json")
    doc = json.loads(result.stdout)
    assert doc["version"] == 1 and doc["count"] == 1 and doc["as_of"] is None
    (event,) = doc["events"]
    assert event["id"] == "missiles-feb"
    assert (event["date"], event["start"], event["end"], event["precision"]) == (
        "2024-01/2024-02-21",
        "2024-01-01",
        "2024-02-21",
        "interval",
    )
    assert event["actors"] == [
        {"id": "irgc", "name": "Islamic Revolutionary Guard Corps", "role": "supplier"},
        {"id": "russia", "name": "Russia", "role": "recipient"},
    ]
    assert event["systems"] == [
        {"id": "fath-360", "name": "Fath-360", "category": "ballistic-missile", "quantity": "~400"}
    ]
    assert event["confidence"]["flag"] == "denied"
    assert event["confidence"]["who"] == "denied by Iran; reported by Example Wire (anonymous sources)"
    assert event["sources"] == ["wire-feb", "oped-nov"]
    assert [c["stance"] for c in event["claims"]] == ["asserts", "denies"]
    denial = event["claims"][1]
    assert (denial["by"], denial["date"], denial["text"]) == ("iran-mfa", "2024-02-23", "Iran denies sending missiles.")
    quantity = {
        "text": "~400",
        "low": 400,
        "high": 400,
        "approximate": True,
        "up_to": False,
        "unit": None,
        "system": None,
        "period": None,
    }
    assert event["claims"][0]["values"]["quantity"] == quantity
    assert event["claims"][0]["values"]["quantities"] == [quantity]
    assert (event["claims"][0]["relays"], event["claims"][0]["likelihood"]) == ([], None)
    assert set(doc["sources"]) == {"wire-feb", "oped-nov"}
    assert result.stderr == ""


def test_csv_parses_back(irru) -> None:
    result = irru("timeline", "--data", SMALL, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["id"] for r in rows] == ["gaza-war", "su35-finalised", "missiles-feb", "fath360-shipment"]
    assert rows[2]["actors"] == "irgc:supplier; russia:recipient"
    assert rows[2]["systems"] == "fath-360 (~400)"
    assert (rows[3]["confidence"], rows[3]["confidence_who"]) == (
        "disputed",
        "denied by Iran; confirmed by United States",
    )
    assert rows[3]["start"] == "2024-08-29" and rows[3]["claims"] == "2"


def test_markdown(irru) -> None:
    out = irru("timeline", "--data", SMALL, "--format", "md", "--since", "2024").stdout
    assert out.startswith(
        "2 events, Jan – 4 Sep 2024; 1 disputed, 1 denied\n\n"
        "## 2024\n\n| Id | Date | Event | Actors | Confidence | Sources |\n|---|---|---|---|---|---|\n"
    )
    assert (
        "| `missiles-feb` | Jan – 21 Feb 2024 | About 400 missiles reported shipped | Islamic Revolutionary Guard Corps → Russia | DENIED by Iran; reported by Example Wire (anonymous sources) | \\[1\\]\\[2\\] |"
        in out
    )
    assert out.endswith(
        '## Sources\n\n1. Example Wire, "Iran sends missiles", 21 Feb 2024, https://wire.example/feb (grade B, wire)\n'
        '2. Example Op-Ed, "A wary alliance", 29 Oct – 30 Nov 2024 (grade C, op-ed)\n'
        '3. US State Department, "Remarks in London", 10 Sep 2024 (grade B, official-statement)\n'
    )


def test_table_groups_by_year_and_says_flags_in_words(irru) -> None:
    out = irru("timeline", "--data", SMALL, "--format", "table", env={"COLUMNS": "80"}).stdout
    lines = out.splitlines()
    assert lines[0] == "4 events, 7 Oct 2023 – 4 Sep 2024; 1 disputed, 1 denied"
    assert lines[2] == "── 2023 " + "─" * 72 and "── 2024 " + "─" * 72 in lines  # a rule: no wrapped date looks so
    assert not any(line.strip() in ("2023", "2024") for line in lines)
    assert "DENIED by Iran" in out and "CONFIRMED by" in out
    assert max(len(line) for line in lines) <= 80
    assert "[3] Example Wire" in out


def test_color_always_colours_the_flag_and_keeps_the_words(irru) -> None:
    out = irru("timeline", "--data", SMALL, "--format", "table", "--color", "always").stdout
    assert "\x1b[1;31mDENIED by Iran" in out


def test_no_color_and_pipes_get_plain_text(irru) -> None:
    out = irru("timeline", "--data", SMALL, env={"NO_COLOR": "1"}).stdout
    assert out == GOLDEN_PLAIN


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--actor", "Irn"), "irru: unknown actor 'Irn'; did you mean 'Iran'?\n"),
        (("--type", "deliveries"), "irru: unknown event type 'deliveries'; did you mean 'delivery'?\n"),
        (("--tag", "missile"), "irru: unknown tag 'missile'; did you mean 'missiles'?\n"),
        (("--system", "Fath-36"), "irru: unknown system 'Fath-36'; did you mean 'Fath-360' or 'Fateh-360'?\n"),
        (("--confidence", "deny"), "irru: unknown confidence flag 'deny'; did you mean 'denied'?\n"),
        (("--source", "Nobody"), "irru: unknown source 'Nobody'; irru sources lists them\n"),
        (
            ("--since", "soonish"),
            "irru: --since: 'soonish' is not a date; write 2023, 2023-10, 2024-02-21, Oct 2023, 21 Feb 2024, 2024-Q1, last month, this year, 3 months ago, A/B\n",
        ),
        (
            ("--until", "Feb 30 2024"),
            "irru: --until: 'Feb 30 2024' is not a date (day is out of range for month); write 2023, 2023-10, 2024-02-21, Oct 2023, 21 Feb 2024, 2024-Q1, last month, this year, 3 months ago, A/B\n",
        ),
        (
            ("--since", "2024-13-45"),
            "irru: --since: '2024-13-45': month 13 does not exist; write 2023, 2023-10, 2024-02-21, Oct 2023, 21 Feb 2024, 2024-Q1, last month, this year, 3 months ago, A/B\n",
        ),
        (("--since", "2024-03", "--until", "2024-02"), "irru: --since 2024-03 is after --until 2024-02\n"),
        (("--format", "xml"), "irru: --format: unknown value 'xml'; use one of: table, plain, md, json, jsonl, csv\n"),
        (("--color", "sometimes"), "irru: --color: unknown value 'sometimes'; use one of: auto, always, never\n"),
        (("--role", "supplier"), "irru: --role needs --actor: it says which role that actor plays\n"),
        (("--sort", "title"), "irru: --sort: unknown value 'title'; use one of: date, confidence, type\n"),
    ],
)
def test_bad_input_exits_2_with_a_suggestion(irru, args: tuple[str, ...], message: str) -> None:
    result = irru("timeline", "--data", SMALL, *args)
    assert result.exit_code == 2
    assert result.stderr == message
    assert result.stdout == ""


def test_no_match_says_so_on_stderr(irru) -> None:
    result = irru("timeline", "--data", SMALL, "--since", "2030", "--format", "jsonl")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "irru: no events match\n")


def test_no_sources_leaves_out_the_marks_and_the_list(irru) -> None:
    plain = irru("timeline", "--data", SMALL, "--no-sources").stdout
    assert plain == "".join(
        line.rsplit(" | ", 1)[0] + "\n" for line in GOLDEN_PLAIN.split("\n\n")[0].splitlines()
    )  # the golden lines without their [n] marks, and no Sources list
    md = irru("timeline", "--data", SMALL, "--no-sources", "--format", "md", "--since", "2024").stdout
    assert "| `missiles-feb` | Jan – 21 Feb 2024 | About 400 missiles reported shipped |" in md
    assert "[1]" not in md and "Sources" not in md
    table = irru("timeline", "--data", SMALL, "--no-sources", "--format", "table", env={"COLUMNS": "80"}).stdout
    assert "[1]" not in table and "Sources" not in table and "missiles-feb" in table


def test_the_summary_counts_what_is_shown(irru) -> None:
    out = irru("timeline", "--data", SMALL, "--format", "table", "--until", "2023").stdout
    assert out.splitlines()[0] == "2 events, 7 Oct – 28 Nov 2023; none disputed or denied"
    one = irru("timeline", "--data", SMALL, "--format", "md", "--until", "2023-10").stdout
    assert one.splitlines()[0] == "1 event, 7 Oct 2023; none disputed or denied"
