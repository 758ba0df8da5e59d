"""Each confidence rule of docs/format.md, on a small log built in the test."""

from __future__ import annotations

from datetime import date

import pytest

from irru.confidence import assess
from irru.logfile import load_text

HEAD = """\
schema: 1
sources:
  - {id: wire, title: W, publisher: Wire, published: 2024-02-21, kind: wire, grade: B}
  - {id: blog, title: B, publisher: Blog, published: 2024-02-22, kind: blog, grade: E}
  - {id: blog2, title: B2, publisher: Blog Two, published: 2024-02-23, kind: blog, grade: E}
  - {id: gov, title: G, publisher: Gov, published: 2024-09-10, kind: official-statement, grade: B}
  - {id: later, title: L, publisher: Later, published: 2024-11, kind: op-ed, grade: C}
actors:
  - {id: iran, name: Iran, kind: state}
  - {id: iran-mfa, name: Iranian foreign ministry, kind: government, part_of: iran}
  - {id: iran-mp, name: An Iranian MP, kind: person, part_of: iran}
  - {id: us, name: United States, kind: state}
  - {id: kirby, name: John Kirby, kind: person, part_of: us}
  - {id: reporter, name: A reporter, kind: media}
events:
  - id: e
    date: 2024-01
    title: T
    type: delivery
    claims:
"""


def flag(claims: str, as_of: str | None = None) -> tuple[str, str] | None:
    log = load_text(HEAD + claims)
    c = assess(log, log.events[0], date.fromisoformat(as_of) if as_of else None)
    return (c.flag, c.label()) if c else None


ANON = "      - {source: wire, speaker: unnamed sources, anonymous: true, stance: asserts, text: t}\n"
DENY = "      - {source: blog, by: iran-mfa, stance: denies, text: t, date: 2024-02-22}\n"
NOT_SEEN = "      - {source: blog, by: kirby, stance: declines-to-confirm, text: t, date: 2024-02-22}\n"
US_CONFIRMS = "      - {source: gov, by: kirby, stance: confirms, text: t}\n"


@pytest.mark.parametrize(
    ("claims", "expected"),
    [
        (ANON, ("unconfirmed", "UNCONFIRMED (reported by Wire (anonymous sources))")),
        (
            ANON + NOT_SEEN,
            ("unconfirmed", "UNCONFIRMED (reported by Wire (anonymous sources); not confirmed by United States)"),
        ),
        (ANON + DENY + NOT_SEEN, ("denied", "DENIED by Iran; not confirmed by United States")),
        (ANON + DENY + US_CONFIRMS, ("disputed", "DISPUTED (denied by Iran; confirmed by United States)")),
        (US_CONFIRMS, ("confirmed", "CONFIRMED by United States")),
        ("      - {source: wire, stance: asserts, text: t}\n", ("reported", "REPORTED by Wire")),
        ("      - {source: blog, stance: asserts, text: t}\n", ("unconfirmed", "UNCONFIRMED (reported by Blog)")),
        (
            "      - {source: blog, stance: asserts, text: t}\n      - {source: blog2, stance: asserts, text: t}\n",
            ("reported", "REPORTED by Blog, Blog Two"),
        ),
        (
            "      - {source: blog, stance: asserts, text: t}\n      - {source: blog2, via: blog, stance: asserts, text: t}\n",
            ("unconfirmed", "UNCONFIRMED (reported by Blog)"),
        ),
        ("      - {source: later, stance: predicts, text: t}\n", ("predicted", "PREDICTED by Later")),
        (
            "      - {source: later, by: iran-mfa, stance: hedges, text: t}\n",
            ("unconfirmed", "UNCONFIRMED (hedged by Iran)"),
        ),
        # A denier's own parts do not make it disputed: an Iranian MP affirming against Iran's denial.
        (DENY + "      - {source: gov, by: iran-mp, stance: asserts, text: t}\n", ("denied", "DENIED by Iran")),
        # A media reporter is not an official: no confirmation.
        (DENY + "      - {source: gov, by: reporter, stance: asserts, text: t}\n", ("denied", "DENIED by Iran")),
        # Anonymous officials are not on the record.
        (
            "      - {source: gov, by: us, anonymous: true, stance: confirms, text: t}\n",
            ("unconfirmed", "UNCONFIRMED (reported by Gov (anonymous sources))"),
        ),
    ],
)
def test_rules(claims: str, expected: tuple[str, str]) -> None:
    assert flag(claims) == expected


def test_as_of_recomputes_the_flag_from_claims_made_by_then() -> None:
    claims = ANON + NOT_SEEN + DENY + US_CONFIRMS
    assert flag(claims, "2024-02-20") is None  # nobody had reported it yet
    assert flag(claims, "2024-02-21") == ("unconfirmed", "UNCONFIRMED (reported by Wire (anonymous sources))")
    assert flag(claims, "2024-02-22") == ("denied", "DENIED by Iran; not confirmed by United States")
    assert flag(claims, "2024-09-10") == ("disputed", "DISPUTED (denied by Iran; confirmed by United States)")
