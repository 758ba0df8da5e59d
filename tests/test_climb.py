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
        actors[f"a{i}"] = Actor(id=f"a{i}", name=f"A{i}", kind=rng.choice(kinds), part_of=None if memberships else
                                parent, memberships=memberships)  # fmt: skip
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
