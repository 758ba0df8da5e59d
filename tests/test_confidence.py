"""Each confidence rule of docs/format.md, on a small log built in the test."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from irru.confidence import assess, credit
from irru.logfile import load_text
from irru.render.common import confidence_record

from conftest import DATA

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
        # A denied or disputed label never drops who reported it (issue 23 item 7).
        (
            ANON + DENY + NOT_SEEN,
            ("denied", "DENIED by Iran; reported by Wire (anonymous sources); not confirmed by United States"),
        ),
        (
            ANON + DENY + US_CONFIRMS,
            ("disputed", "DISPUTED (denied by Iran; confirmed by United States; reported by Wire (anonymous sources))"),
        ),
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
        # A person speaks for the body it is part of: an Iranian MP's earlier affirmation is superseded by Iran's
        # later denial, and cannot make it disputed.
        (
            "      - {source: wire, by: iran-mp, stance: asserts, text: t}\n" + DENY,
            ("denied", "DENIED by Iran (affirmed until Feb 2024)"),
        ),
        # ... and Iran's later word (here the MP's) supersedes its earlier denial, which stays as history.
        (
            DENY + "      - {source: gov, by: iran-mp, stance: asserts, text: t}\n",
            ("confirmed", "CONFIRMED by Iran (denied until Sep 2024)"),
        ),
        # The same day, on the record beats anonymous; between two on-record claims the log's order decides (the
        # refusal written first, then the confirmation), never the verb.
        (
            "      - {source: gov, by: us, anonymous: true, stance: declines-to-confirm, text: t, date: 2024-09-10}\n"
            + US_CONFIRMS,
            ("confirmed", "CONFIRMED by United States"),
        ),
        (
            "      - {source: gov, by: kirby, stance: declines-to-confirm, text: t, date: 2024-09-10}\n" + US_CONFIRMS,
            ("confirmed", "CONFIRMED by United States (declined to confirm until Sep 2024)"),
        ),
        # An anonymous official never overrides its government's on-record word, whatever the date; but a later
        # anonymous voice is shown, marked (issue 23 items 8-9).
        (
            US_CONFIRMS + "      - {source: later, by: us, anonymous: true, stance: denies, text: t}\n",
            ("confirmed", "CONFIRMED (denied by United States (anonymous); confirmed by United States)"),
        ),
        # A span counts from its latest day: a claim in a Nov 2024 article comes after one of 10 Sep 2024.
        (
            US_CONFIRMS + "      - {source: later, by: kirby, stance: declines-to-confirm, text: t}\n",
            ("unconfirmed", "UNCONFIRMED (not confirmed by United States (confirmed until Nov 2024))"),
        ),
        # A hedge after a denial is the speaker's latest word; the denial stays as history.
        (
            DENY + "      - {source: later, by: iran-mfa, stance: hedges, text: t}\n",
            ("unconfirmed", "UNCONFIRMED (hedged by Iran (denied until Nov 2024))"),
        ),
        # A media reporter is not an official: no confirmation.
        (
            DENY + "      - {source: gov, by: reporter, stance: asserts, text: t}\n",
            ("denied", "DENIED by Iran; reported by Gov"),
        ),
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
    assert flag(claims, "2024-02-22") == (
        "denied",
        "DENIED by Iran; reported by Wire (anonymous sources); not confirmed by United States",
    )
    assert flag(claims, "2024-09-10") == (
        "disputed",
        "DISPUTED (denied by Iran; confirmed by United States (declined to confirm until Sep 2024); reported by Wire"
        " (anonymous sources))",
    )


TROOPS = DATA / "troops.yaml"


def load_path(path):  # type: ignore[no-untyped-def]
    return load_text(path.read_text(encoding="utf-8"), str(path))


def _labels(as_of: str | None) -> dict[str, str]:
    log = load_path(TROOPS)
    day = date.fromisoformat(as_of) if as_of else None
    out = {}
    for e in log.events:
        c = assess(log, e, day)
        if c is not None:
            out[e.id] = c.label()
    return out


@pytest.mark.parametrize(
    ("as_of", "sent", "kursk"),
    [
        ("2024-10-20", "CONFIRMED by South Korea", "UNCONFIRMED (reported by Example Wire (anonymous sources))"),
        (
            "2024-10-24",
            "DISPUTED (denied by Russia; confirmed by South Korea)",
            "DENIED by Russia; reported by Example Wire (anonymous sources)",
        ),
        (
            "2025-04-25",
            "DISPUTED (denied by North Korea, Russia; confirmed by South Korea, United States)",
            "DENIED by North Korea, Russia; reported by Example Wire (anonymous sources)",
        ),
        (
            "2025-04-26",
            "DISPUTED (denied by North Korea; confirmed by Russia, South Korea, United States (Russia denied until Apr 2025))",
            "DISPUTED (denied by North Korea; confirmed by Russia (denied until Apr 2025); reported by Example Wire"
            " (anonymous sources))",
        ),
        (
            None,
            "CONFIRMED by North Korea, Russia, South Korea, United States (North Korea, Russia denied until Apr 2025)",
            "CONFIRMED by North Korea, Russia (both denied until Apr 2025)",
        ),
    ],
)
def test_denied_then_acknowledged(as_of: str | None, sent: str, kursk: str) -> None:
    """Two states deny a deployment in Oct 2024 and acknowledge it on 26-28 Apr 2025."""
    labels = _labels(as_of)
    assert (labels["troops-sent"], labels["troops-in-kursk"]) == (sent, kursk)


def test_credit_stops_below_an_organisation_and_at_a_company() -> None:
    log = load_path(TROOPS)
    assert _labels(None)["shells-panel"] == "CONFIRMED by UN Panel of Experts"  # not "UN Security Council"
    assert [credit(log, a).name for a in ("gerasimov", "peskov", "nis", "un-panel", "north-korea")] == [
        "Russia",
        "Russia",
        "South Korea",
        "UN Panel of Experts",
        "North Korea",
    ]


def test_statement_event_is_on_record_never_confirmed() -> None:
    labels = _labels(None)
    assert labels["denial-statement"] == "ON RECORD: North Korea said so"


def test_statement_event_named_by_its_parties_not_by_a_target() -> None:
    text = HEAD.replace("type: delivery", "type: statement").replace(
        "    claims:\n", "    actors: [{actor: us, role: party}, {actor: iran, role: target}]\n    claims:\n"
    )
    log = load_text(text + US_CONFIRMS + "      - {source: gov, by: iran-mfa, stance: asserts, text: t}\n")
    c = assess(log, log.events[0])
    assert c is not None and (c.flag, c.label()) == ("statement", "ON RECORD: United States said so")
    # Denied by someone: the ordinary rules apply, so never CONFIRMED beside a denial.
    log = load_text(text + US_CONFIRMS + DENY)
    c = assess(log, log.events[0])
    assert c is not None and c.label() == "DISPUTED (denied by Iran; confirmed by United States)"


def test_json_record_is_data() -> None:
    log = load_path(TROOPS)
    c = assess(log, log.events_by_id["troops-in-kursk"])
    assert c is not None
    assert confidence_record(c) == {
        "flag": "confirmed",
        "who": "confirmed by North Korea, Russia (both denied until Apr 2025)",
        "label": "CONFIRMED by North Korea, Russia (both denied until Apr 2025)",
        "rule": "an official affirms it on the record and nobody's latest position denies it",
        "deniers": [],
        "confirmers": ["North Korea", "Russia"],
        "confirmers_inside": [],
        "reporters": [],
        "hedgers": [],
        "doubters": [],
        "decliners": [],
        "history": [
            {"speaker": "North Korea", "stance": "denies", "until": "Apr 2025"},
            {"speaker": "Russia", "stance": "denies", "until": "Apr 2025"},
        ],
    }


# --- property: a later claim by a speaker leaves its earlier stances out of the flag --------------------------

SPEAKERS = ("iran-mfa", "kirby", "iran-mp", "reporter", "us")
STANCES = ("asserts", "confirms", "denies", "hedges", "declines-to-confirm", "predicts")
SOURCES = ("wire", "blog", "blog2", "gov")
_claim = st.tuples(
    st.sampled_from((*SPEAKERS, None)),
    st.sampled_from(STANCES),
    st.sampled_from(SOURCES),
    st.dates(date(2024, 1, 1), date(2024, 2, 21)),
    st.booleans(),  # on or before every source's publication
)


def _yaml(by: str | None, stance: str, source: str, day: date, anonymous: bool) -> str:
    who = f"by: {by}, " if by else ""
    anon = "anonymous: true, " if anonymous else ""
    return f"      - {{source: {source}, {who}{anon}stance: {stance}, text: t, date: {day.isoformat()}}}\n"


@settings(max_examples=150, deadline=None)
@given(
    st.lists(_claim, min_size=0, max_size=7),
    st.sampled_from(SPEAKERS),
    st.sampled_from(STANCES),
    st.dates(date(2024, 2, 22), date(2024, 9, 10)),  # after all of them, and by gov's publication
)
def test_a_later_claim_supersedes_the_speakers_earlier_stances(claims, speaker, stance, later) -> None:
    """For any claim set, adding a later on-record claim by a speaker gives the same flag, and the same people in
    each role, as if that speaker had never said anything before: its earlier stances appear only as history."""
    log = load_text(HEAD + "".join(_yaml(*c) for c in claims) + _yaml(speaker, stance, "gov", later, False))
    with_history = assess(log, log.events[0])
    key = credit(log, speaker).id
    kept = [c for c in claims if c[0] is None or credit(log, c[0]).id != key]
    log2 = load_text(HEAD + "".join(_yaml(*c) for c in kept) + _yaml(speaker, stance, "gov", later, False))
    without = assess(log2, log2.events[0])
    assert with_history is not None and without is not None
    roles = ("flag", "deniers", "confirmers", "decliners", "hedgers", "reporters")
    assert [getattr(with_history, r) for r in roles] == [getattr(without, r) for r in roles]
    # ... and its earlier stances show only as history, every change in order, each until the month the next
    # position began: the last one until the later claim's month, unless that claim only repeated the speaker's
    # latest earlier position (on the record; the log's order decides within a day)
    name = log.actors[key].name
    history = [h for h in with_history.history if h.speaker == name]
    months = [date(int(h.until[-4:]), MONTHS.index(h.until[:3]) + 1, 1) for h in history]
    assert months == sorted(months) and all(m <= later for m in months)
    own = [
        (c[3], i, c[1]) for i, c in enumerate(claims) if c[0] is not None and credit(log, c[0]).id == key and not c[4]
    ]
    repeated = bool(own) and _kind(weighed(max(own)[2])) == _kind(weighed(stance))
    if history and not repeated:
        assert history[-1].until == later.strftime("%b %Y")


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _kind(stance: str) -> str:
    return "affirm" if stance in ("asserts", "confirms") else stance


def weighed(stance: str) -> str:
    return stance  # the generated claims carry no likelihood


def test_timeline_before_and_after_the_acknowledgement(irru) -> None:
    """End to end: the same command the day before the acknowledgements and after them."""
    before = irru("timeline", "--data", str(TROOPS), "--type", "training", "--as-of", "2025-04-25").stdout
    after = irru("timeline", "--data", str(TROOPS), "--type", "training").stdout
    assert before.splitlines()[:2] == [
        "troops-sent      Oct 2024                North Korean troops sent to Russia | North Korea → Russia | DISPUTED (denied by"
        " North Korea, Russia; confirmed by South Korea, United States) | [1][2][3]",
        "troops-in-kursk  Nov 2024 – Apr 2025     North Korean units fight in the Kursk region | North Korea → Russia | DENIED by"
        " North Korea, Russia; reported by Example Wire (anonymous sources) | [1][2]",
    ]
    assert after.splitlines()[:2] == [
        "troops-sent      Oct 2024                North Korean troops sent to Russia | North Korea → Russia | CONFIRMED by North"
        " Korea, Russia, South Korea, United States (North Korea, Russia denied until Apr 2025) | [1][2][3][4][5]",
        "troops-in-kursk  Nov 2024 – Apr 2025     North Korean units fight in the Kursk region | North Korea → Russia | CONFIRMED by"
        " North Korea, Russia (both denied until Apr 2025) | [1][2][4][5]",
    ]
