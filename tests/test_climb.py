"""The climb up ``part_of`` that flags ask for every claim (top body, officialdom, credit) is memoised per actor and
day; it must give exactly what walking the chain gives, on every actor and day, with dated memberships too."""

from __future__ import annotations

import datetime
import random
from dataclasses import replace
from pathlib import Path

import pytest

from irru.confidence import ORGAN_KINDS, credit
from irru.dates import parse_edtf
from irru.logfile import bundled_log_path, read_log
from irru.model import OFFICIAL_KINDS, Actor, Log, Membership

DATA = Path(__file__).parent / "data"


def walk(log: Log, actor_id: str, day: datetime.date | None) -> list[Actor]:
    """The oracle: the lineage, one parent at a time, as the rules read it."""
    out = [log.actors[actor_id]]
    while True:
        parent = log.part_of_at(out[-1].id, day)
        if parent is None or parent not in log.actors:
            return out
        out.append(log.actors[parent])


def expected(log: Log, actor_id: str, day: datetime.date | None) -> tuple[str, bool, str]:
    line = walk(log, actor_id, day)
    credited = next((a for a in line if a.kind not in ORGAN_KINDS), line[-1])
    return line[-1].id, any(a.kind in OFFICIAL_KINDS for a in line), credited.id


def got(log: Log, actor_id: str, day: datetime.date | None) -> tuple[str, bool, str]:
    return log.top_at(actor_id, day).id, log.is_official_at(actor_id, day), credit(log, actor_id, day).id


def days(log: Log) -> list[datetime.date | None]:
    found: set[datetime.date] = set()
    for e in log.events:
        for c in e.claims:
            found.update(d for d in (c.date.earliest, c.date.latest) if d is not None)
    for a in log.actors.values():
        for m in a.memberships:
            for span in (m.start, m.end):
                if span is not None and span.earliest is not None:
                    found.update({span.earliest, span.earliest - datetime.timedelta(days=1)})
    return [None, *sorted(found)]


def shuffled_chains(seed: int) -> Log:
    """A log whose actors form deep chains, some links dated (membership windows), kinds mixed."""
    rng = random.Random(seed)
    base = read_log(DATA / "valid.yaml")
    kinds = ["person", "government", "armed-force", "state", "organisation", "company"]
    actors: dict[str, Actor] = {}
    for i in range(60):
        parent = f"a{rng.randrange(i)}" if i and rng.random() < 0.9 else None
        memberships: tuple[Membership, ...] = ()
        if parent is not None and rng.random() < 0.4:
            cut = parse_edtf(f"2024-0{rng.randrange(1, 9)}")
            other = f"a{rng.randrange(i)}"
            memberships = (Membership(parent, None, cut), Membership(other, cut, None))
        elif parent is not None and rng.random() < 0.5:
            memberships = (Membership(parent),)  # the loader's shape of `part_of: X`: one undated membership
        actors[f"a{i}"] = Actor(id=f"a{i}", name=f"A{i}", kind=rng.choice(kinds), part_of=None if len(memberships) > 1
                                else parent, memberships=memberships)  # fmt: skip
    return replace(base, actors=actors)


@pytest.mark.parametrize(
    "name", ["bundled", "schema1", "engine-fixes", "all-fields", *(f"chains-{s}" for s in range(3))]
)
def test_the_memoised_climb_gives_what_walking_the_chain_gives(name: str) -> None:
    if name == "bundled":
        log = read_log(bundled_log_path())
    elif name.startswith("chains-"):
        log = shuffled_chains(int(name.split("-")[1]))
    else:
        log = read_log(DATA / f"{'bundled-schema1' if name == 'schema1' else name}.yaml")
    every = days(log)
    if name.startswith("chains-"):
        every += [datetime.date(2024, m, 15) for m in range(1, 10)]
    cases = [(a, d) for d in every for a in log.actors]
    random.Random(7).shuffle(cases)  # any order of questions: the memo must not depend on it
    assert [got(log, a, d) for a, d in cases] == [expected(log, a, d) for a, d in cases]


def test_a_chain_of_undated_memberships_is_climbed_once_whatever_the_day(monkeypatch: pytest.MonkeyPatch) -> None:
    """The loader reads ``part_of: X`` as one undated membership: such a chain gives the same answer on every day,
    so a claim on another day must not walk it again (it did: 12x the cost at depth 2,000 against 250)."""
    depth = 300
    actors = {"b0": Actor(id="b0", name="State", kind="state")}
    for i in range(1, depth):
        actors[f"b{i}"] = Actor(id=f"b{i}", name=f"Body {i}", kind="government", part_of=f"b{i - 1}",
                                memberships=(Membership(f"b{i - 1}"),))  # fmt: skip
    log = replace(read_log(DATA / "valid.yaml"), actors=actors)
    steps = []
    real = Log.part_of_at
    monkeypatch.setattr(Log, "part_of_at", lambda self, a, d: steps.append(a) or real(self, a, d))
    assert credit(log, f"b{depth - 1}", datetime.date(2024, 1, 1)).id == "b0"
    assert len(steps) == depth - 1
    for k in range(1, 100):
        steps.clear()
        assert credit(log, f"b{depth - 1 - k % 5}", datetime.date(2024, 1, 1) + datetime.timedelta(days=k)).id == "b0"
        assert steps == []
    assert log.top_at("b7", None).id == "b0"
