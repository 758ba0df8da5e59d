"""`irru promises` and `irru transfers` on a fixture, with exact expected output."""

from __future__ import annotations

import json

from conftest import DATA

LOG = str(DATA / "promises.yaml")


def _rows(irru, *args: str) -> list[tuple]:
    doc = json.loads(irru("promises", "--data", LOG, "--format", "json", *args).stdout)
    assert doc["version"] == 2
    return [
        (
            p["id"],
            p["status"],
            p["elapsed"]["text"],
            p["elapsed"]["reason"],
            p["elapsed"]["to"]["text"],
            (p["elapsed_to_today"] or {}).get("text"),
        )
        for p in doc["promises"]
    ]


def test_promise_ledger_counts_to_the_last_evidence_and_shows_today_apart(irru) -> None:
    assert _rows(irru) == [
        ("yak130-promised", "delivered", "8 months", "delivery", "2023-09-02", None),
        # a confirmed delivery of 2 of the 4 Mi-28s, none of the S-400: partly delivered, counted to that delivery's report
        ("pair-promised", "partly-delivered", "6 months", "last-evidence", "2023-11-01", "3 years 6 months"),
        # the unconfirmed blog report neither stops nor moves the clock: the op-ed (29 Oct – 30 Nov 2024) is the last word
        ("su35-finalised", "not-delivered", "1 year", "last-evidence", "2024-11-30", "3 years"),
        # s400-hoped is only predicted: not an announced promise
    ]
    doc = json.loads(irru("promises", "--data", LOG, "--format", "json").stdout)
    su35 = doc["promises"][2]
    assert su35["status_note"] == (
        "not delivered as of 29 Oct – 30 Nov 2024 (Example Op-Ed); a delivery report is unconfirmed (18 Nov 2024, su35-two-seen)"
    )
    assert su35["suppliers"] == ["Russia"] and su35["recipients"] == ["Iran"]
    assert su35["sources"] == ["tasnim", "oped"]
    assert su35["announced_by"] == ["Iran"]
    assert su35["date"] == {
        "text": "2023-11-28",
        "label": "28 Nov 2023",
        "earliest": "2023-11-28",
        "latest": "2023-11-28",
    }
    assert su35["elapsed"]["months_min"] == su35["elapsed"]["months_max"] == 12
    assert su35["confidence"]["flag"] == "confirmed" and su35["confidence"]["confirmers"] == ["Iran"]
    pair = doc["promises"][1]
    assert [(s["name"], s["status"], s["promised"]["low"] if s["promised"] else None) for s in pair["systems"]] == [
        ("Mi-28", "partly-delivered", 4),
        ("S-400", "not-delivered", None),
    ]
    assert pair["systems"][0]["delivered"]["high"] == 2


def test_promises_with_and_without_as_of_agree_on_elapsed_time(irru) -> None:
    """The same promise, counted to --as-of 2024-11-25 or to its last evidence (Nov 2024): the same months."""
    without = {r[0]: r[2] for r in _rows(irru)}
    with_as_of = {r[0]: r[2] for r in _rows(irru, "--as-of", "2024-11-25")}
    assert without["su35-finalised"] == with_as_of["su35-finalised"] == "1 year"


def test_promises_as_of_a_day(irru) -> None:
    assert _rows(irru, "--as-of", "2024-03-31") == [
        ("yak130-promised", "delivered", "8 months", "delivery", "2023-09-02", None),
        ("pair-promised", "partly-delivered", "10 months", "as-of", "2024-03-31", None),
        ("su35-finalised", "no-outcome-recorded", "4 months", "as-of", "2024-03-31", None),
    ]
    # nothing announced after the day appears
    assert [r[0] for r in _rows(irru, "--as-of", "2023-09-30")] == ["yak130-promised", "pair-promised"]


def test_promise_table_says_where_the_count_stops(irru) -> None:
    out = irru("promises", "--data", LOG, "--format", "plain", "--system", "Su-35").stdout
    assert "1 year to the last evidence (30 Nov 2024); 3 years to today (21 Nov 2026)" in out
    assert "Su-35: reported only (unconfirmed)" in out


def test_spans_as_spans() -> None:
    from irru.dates import parse_edtf
    from irru.ledger import elapsed

    assert elapsed(parse_edtf("../2024-10-28"), parse_edtf("2024-11-30"), "as-of").text == "at least 1 month"
    assert elapsed(parse_edtf("2023"), parse_edtf("2024-06-15"), "as-of").text == "6 months to 1 year 5 months"
    assert elapsed(parse_edtf("2023-01"), parse_edtf("../2023-09-02"), "delivery").text == "up to 8 months"
    assert elapsed(parse_edtf("2023-11-28"), parse_edtf("2023-12-01"), "as-of").text == "1 month"


def test_promises_filters(irru) -> None:
    out = irru("promises", "--data", LOG, "--format", "jsonl", "--status", "not-delivered").stdout
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["su35-finalised"]
    out = irru("promises", "--data", LOG, "--format", "jsonl", "--system", "Yak-130").stdout
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["yak130-promised"]
    bad = irru("promises", "--data", LOG, "--status", "delivred")
    assert (bad.exit_code, bad.stderr) == (
        2,
        "irru: unknown status 'delivred'; did you mean 'delivered' or 'not-delivered' or 'delivery-denied'?\n",
    )


EXPECTED_REGISTER = """\
Supplier  Recipient  System            Category          Ordered  Delivered  Order date   Delivery date                           Status                                            Confidence
Iran      Russia     Artillery shells  munitions                                          Aug 2023, Oct 2023, Nov 2023, Dec 2023  delivered; also 3 denied (of 4 delivery reports)  CONFIRMED by United States
Russia    Iran       Mi-28             helicopter        4        2          May 2023     Sep – Oct 2023                          delivered                                         CONFIRMED by Iran
Russia    Iran       S-400             air-defence                           May 2023                                             promised                                          CONFIRMED by Iran
Russia    Iran       S-400             air-defence                           c. Mar 2024                                          promised                                          PREDICTED by Example Op-Ed
Russia    Iran       Su-35             combat-aircraft            2          28 Nov 2023  18 Nov 2024                             reported delivered (unconfirmed)                  UNCONFIRMED (reported by A Blog)
Russia    Iran       Yak-130           trainer-aircraft  2        2          Jan 2023     2 Sep 2023                              delivered                                         CONFIRMED by Iran
"""


def test_transfer_register_shows_denied_deliveries_beside_a_confirmed_one(irru) -> None:
    assert irru("transfers", "--data", LOG, "--format", "plain").stdout == EXPECTED_REGISTER


def test_transfer_register_json_is_data(irru) -> None:
    doc = json.loads(irru("transfers", "--data", LOG, "--format", "json").stdout)
    assert doc["version"] == 2
    shells = next(t for t in doc["transfers"] if t["system"] == "shells")
    assert (shells["status"], shells["status_text"]) == (
        "delivered",
        "delivered; also 3 denied (of 4 delivery reports)",
    )
    assert [d["confidence"]["flag"] for d in shells["deliveries"]] == ["confirmed", "denied", "denied", "denied"]
    assert shells["deliveries"][0]["date"] == {
        "text": "2023-08",
        "label": "Aug 2023",
        "earliest": "2023-08-01",
        "latest": "2023-08-31",
    }
    assert shells["ordered"] == [] and shells["orders"] == []
    mi28 = next(t for t in doc["transfers"] if t["system"] == "mi-28")
    assert (mi28["ordered"][0]["low"], mi28["delivered"][0]["high"]) == (4, 2)


def test_transfer_register_csv_keeps_markers(irru, tmp_path) -> None:
    import csv
    import io

    out = irru("transfers", "--data", str(DATA / "small.yaml"), "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    fath = next(r for r in rows if r["system"] == "Fath-360")
    assert (fath["supplier"], fath["delivered"], fath["status"]) == ("Iran", "~400 / 200+", "delivery-disputed")
    assert fath["events"] == "missiles-feb; fath360-shipment"  # missiles-feb's supplier is the IRGC: counted as Iran's


def test_a_promise_is_delivered_when_its_last_system_arrives() -> None:
    from datetime import date

    from irru import ledger
    from irru.logfile import load_text
    from irru.query import Query, run

    text = (DATA / "promises.yaml").read_text(encoding="utf-8")
    text += """\
  - id: s400-for-pair
    date: 2024-06
    title: The S-400s of the pair arrive
    type: delivery
    story: pair
    actors: [{actor: russia, role: supplier}, {actor: iran, role: recipient}]
    systems: [{system: s-400}]
    links: [{rel: fulfils, event: pair-promised}]
    claims:
      - {source: oped, by: iran-mod, stance: confirms, text: The S-400s are here.}
  - id: mi28-rest
    date: 2024-02
    title: The other two Mi-28s arrive
    type: delivery
    story: pair
    actors: [{actor: russia, role: supplier}, {actor: iran, role: recipient}]
    systems: [{system: mi-28, quantity: '4'}]
    links: [{rel: fulfils, event: pair-promised}]
    claims:
      - {source: oped, by: iran-mod, stance: confirms, text: All four helicopters are here.}
"""
    log = load_text(text)
    pair = next(
        p for p in ledger.promises(log, run(log, Query()), today=date(2026, 11, 21)) if p.event.id == "pair-promised"
    )
    assert (pair.status, pair.status_note) == ("delivered", "delivered Jun 2024 (s400-for-pair, confirmed)")
    assert (pair.elapsed.text, pair.elapsed.reason, pair.to_today) == ("1 year 1 month", "delivery", None)
    assert [(s.name, s.status) for s in pair.systems] == [("Mi-28", "delivered"), ("S-400", "delivered")]
