"""`irru promises` and `irru transfers` on a fixture, with exact expected output."""

from __future__ import annotations

import json

from conftest import DATA

LOG = str(DATA / "promises.yaml")


def test_promise_ledger(irru) -> None:
    doc = json.loads(irru("promises", "--data", LOG, "--format", "json").stdout)
    rows = [(p["id"], p["status"], p["elapsed"], p["until"], p["status_note"]) for p in doc["promises"]]
    assert rows == [
        ("yak130-promised", "delivered", "8 months", "2023-09-02", "delivered 2 Sep 2023 (yak130-arrive, confirmed)"),
        (
            "su35-finalised", "not-delivered", "2 years 11 months", "2026-11-21",
            "not delivered as of 29 Oct – 30 Nov 2024 (Example Op-Ed); a delivery report is unconfirmed (18 Nov 2024, su35-two-seen)",
        ),
        ("s400-hoped", "no-outcome-recorded", "2 years 8 months", "2026-11-21", "no delivery recorded"),
    ]  # fmt: skip
    su35 = doc["promises"][1]
    assert su35["suppliers"] == ["Russia"] and su35["recipients"] == ["Iran"]
    assert su35["sources"] == ["tasnim", "oped"]
    assert su35["announced_by"] == ["Iranian defence ministry"]


def test_promises_as_of_a_day(irru) -> None:
    doc = json.loads(irru("promises", "--data", LOG, "--format", "json", "--as-of", "2024-01-31").stdout)
    rows = [(p["id"], p["status"], p["elapsed"], p["until"]) for p in doc["promises"]]
    assert rows == [
        ("yak130-promised", "delivered", "8 months", "2023-09-02"),
        ("su35-finalised", "no-outcome-recorded", "2 months", "2024-01-31"),
    ]


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


def test_transfer_register(irru) -> None:
    out = irru("transfers", "--data", LOG, "--format", "plain").stdout
    assert out == (
        "Supplier  Recipient  System   Category          Ordered  Delivered  Order date   Delivery date  Status                Confidence\n"
        "Russia    Iran       S-400    air-defence                           c. Mar 2024                 promised              PREDICTED by Example Op-Ed\n"
        "Russia    Iran       Su-35    combat-aircraft            2          28 Nov 2023  18 Nov 2024    delivery-unconfirmed  UNCONFIRMED (reported by A Blog)\n"
        "Russia    Iran       Yak-130  trainer-aircraft  2        2          Jan 2023     2 Sep 2023     delivered             CONFIRMED by Iran\n"
    )


def test_transfer_register_csv_keeps_markers(irru, tmp_path) -> None:
    import csv
    import io

    out = irru("transfers", "--data", str(DATA / "small.yaml"), "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    fath = next(r for r in rows if r["system"] == "Fath-360")
    assert (fath["supplier"], fath["delivered"], fath["status"]) == ("Iran", "~400 / 200+", "delivery-disputed")
    assert fath["events"] == "missiles-feb; fath360-shipment"  # missiles-feb's supplier is the IRGC: counted as Iran's
