"""Generate a realistic synthetic irru log of N events that passes `irru check`.

    python benchmarks/generate.py 10000 > /tmp/log-10k.yaml

Deterministic for a given N and --seed: varied dates at every precision (days, months, years, approximate and
uncertain dates, intervals, open ends), 40 actors in a part_of hierarchy, 30 systems, 200 sources graded A-F,
and 1-5 claims per event with every stance, speakers named and anonymous, relays, quoted text and values.
Ten events, whatever N, carry the tag `needle`: a selective query whose answer does not grow with the log.
"""

from __future__ import annotations

import argparse
import random
import sys

STANCES = ["asserts", "asserts", "asserts", "confirms", "denies", "hedges", "declines-to-confirm", "predicts"]
TYPES = [
    "delivery",
    "contract",
    "promise",
    "production",
    "training",
    "agreement",
    "treaty",
    "negotiation",
    "sanction",
    "statement",
    "strike",
    "launch",
    "trade",
    "context",
]
ROLES = ["supplier", "recipient", "party", "signatory", "sanctioner", "target"]
KINDS = ["news", "wire", "analysis", "op-ed", "official-statement", "state-media", "blog"]
WORDS = [
    "missile",
    "drone",
    "shipment",
    "contract",
    "sanctions",
    "treaty",
    "talks",
    "delivery",
    "launch",
    "satellite",
    "air",
    "defence",
    "jets",
    "Caspian",
    "Tehran",
    "Moscow",
    "officials",
    "report",
    "denial",
    "confirmation",
    "memorandum",
]


def q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def date_text(rng: random.Random, year: int) -> str:
    m, d = rng.randint(1, 12), rng.randint(1, 28)
    roll = rng.random()
    if roll < 0.55:
        return f"{year}-{m:02d}-{d:02d}"
    if roll < 0.75:
        return f"{year}-{m:02d}"
    if roll < 0.80:
        return f"{year}"
    if roll < 0.87:
        return f"{year}-{m:02d}~"
    if roll < 0.90:
        return f"{year}-{m:02d}?"
    if roll < 0.97:
        return f"{year}-{m:02d}/{year}-{min(m + 2, 12):02d}-28"
    return f"../{year}-{m:02d}-{d:02d}" if rng.random() < 0.5 else f"{year}-{m:02d}/.."


def generate(n: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    out = ["schema: 1", "sources:"]
    n_sources = max(10, min(200, n // 5))
    for i in range(n_sources):
        out += [
            f"  - id: src-{i}",
            f"    title: {q('Report number ' + str(i))}",
            f"    publisher: Outlet {i % 37}",
            f"    published: 2030-{i % 12 + 1:02d}",
            f"    kind: {rng.choice(KINDS)}",
            f"    grade: {'ABCDEF'[i % 6]}",
        ]
        if i % 3 == 0:
            out.append(f"    url: https://outlet{i % 37}.example/{i}")
    out.append("actors:")
    for i in range(8):
        out.append(f"  - {{id: state-{i}, name: State {i}, kind: state, aliases: [Capital {i}]}}")
    for i in range(32):
        out.append(f"  - {{id: body-{i}, name: Body {i}, kind: government, part_of: state-{i % 8}}}")
    out.append("systems:")
    for i in range(30):
        out.append(
            f"  - {{id: sys-{i}, name: System-{i}, category: {'ballistic-missile' if i % 2 else 'drone'}, aliases: [Sys {i}]}}"
        )
    out.append("events:")
    for i in range(n):
        year = 2000 + (i * 26) // max(n, 1)
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 9)))
        a, _b = rng.sample(range(8), 2)
        out += [
            f"  - id: event-{i}",
            f"    date: {date_text(rng, year)}",
            f"    title: {q(words.capitalize())}",
            f"    type: {rng.choice(TYPES)}",
            f"    actors: [{{actor: state-{a}, role: {rng.choice(ROLES)}}}, {{actor: body-{rng.randrange(32)}, role: party}}]",
            f"    tags: [tag-{i % 50}{', needle' if i % max(n // 10, 1) == 3 else ''}]",
        ]
        if i % 2 == 0:
            out.append(
                f"    systems: [{{system: sys-{i % 30}, quantity: '{rng.choice(['~400', '200+', '12', '5-10'])}'}}]"
            )
        if i % 4 == 0:
            out.append(f"    story: story-{i % 500}")
            out.append(f"    summary: {q(words + ' — a longer summary of what happened and who said so.')}")
        out.append("    claims:")
        for _ in range(rng.randint(1, 5)):
            src = rng.randrange(n_sources)
            out.append(f"      - source: src-{src}")
            out.append(f"        stance: {rng.choice(STANCES)}")
            roll = rng.random()
            if roll < 0.4:
                out.append(f"        by: body-{rng.randrange(32)}")
            elif roll < 0.6:
                out += ["        speaker: unnamed officials", "        anonymous: true"]
            if rng.random() < 0.1 and src > 0:
                out.append(f"        via: src-{src - 1}")
            out.append(f"        text: {q('They said ' + words + '.')}")
            if rng.random() < 0.3:
                out.append(
                    f"        values: {{quantity: '~{rng.randint(10, 500)}', systems: [sys-{rng.randrange(30)}]}}"
                )
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("events", type=int)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    sys.stdout.write(generate(args.events, args.seed))


if __name__ == "__main__":
    main()
