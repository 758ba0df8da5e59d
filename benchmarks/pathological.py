"""Generate the hostile log shapes of issue 13, at a given size, to show that `irru check` costs time linear in
the file whatever the log holds.

    python benchmarks/pathological.py links 1000000 > /tmp/links-1mb.yaml

Shapes (each about SIZE bytes, deterministic):

- ``links``: every event links to a different mistyped event id (thousands of unknown names, each with a
  suggestion to find among thousands of ids);
- ``part-of``: one chain of actors, each part of the one before (a hierarchy thousands deep);
- ``typo``: a realistic log (benchmarks/generate.py) with one mistyped stance in its last event;
- ``tabs``: a realistic log with a tab inside a value in every tenth event (valid YAML);
- ``tab-indent``: a realistic log whose last line is indented with a tab (a YAML syntax error at the end);
- ``once``: every event with a story and a tag of its own (a curator warning each, with a suggestion to find
  among thousands of stories and tags; issue 25 item 13);
- ``units``: a schema-2 log defining thousands of units of its own, the last one twice;
- ``includes``: a workspace whose top file includes thousands of files that do not exist, each with a
  suggestion to find;
- ``same-url``: two logs whose thousands of sources, under different ids, all cite one URL, compared with
  `irru merge` (PAIRS gives the second log).

Every shape but ``tabs``, ``once`` and ``same-url`` is a log with problems: `irru check` must report them, exit 1,
and take no longer per megabyte at 10 MB than at 100 KB.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from generate import generate

SHAPES = ("links", "part-of", "typo", "tabs", "tab-indent", "once", "units", "includes", "same-url")
HEAD = """schema: 1
sources:
  - {id: src-1, title: A report, publisher: An outlet, published: 2030-01, kind: news, grade: B}
"""


def _event(i: int, extra: str = "") -> str:
    return (
        f"  - id: event-{i}\n    date: 2024-01-01\n    title: Event number {i}\n    type: delivery\n{extra}"
        f"    claims:\n      - {{source: src-1, stance: asserts, text: It happened.}}\n"
    )


def links(size: int) -> str:
    out = [HEAD, "events:\n"]
    total, i = len(HEAD), 0
    while total < size:
        # a distinct typo of an existing id each time: 'evnet-<i-1>'
        target = f"evnet-{i - 1}" if i else "evnet-0"
        chunk = _event(i, f"    links: [{{rel: follows, event: {target}}}]\n")
        out.append(chunk)
        total += len(chunk)
        i += 1
    return "".join(out)


def part_of(size: int) -> str:
    out = [HEAD, "actors:\n", "  - {id: actor-0, name: Actor 0, kind: state}\n"]
    total, i = sum(map(len, out)), 1
    events = _event(0, "    actors: [{actor: actor-0, role: supplier}]\n")
    while total + len(events) < size:
        line = f"  - {{id: actor-{i}, name: Actor {i}, kind: government, part_of: actor-{i - 1}}}\n"
        out.append(line)
        total += len(line)
        i += 1
    out += ["events:\n", events.replace("actor-0,", f"actor-{i - 1},")]
    return "".join(out)


def _realistic(size: int) -> str:
    n = max(10, size // 800)  # generate.py makes about 800 bytes an event
    text = generate(n)
    while len(text) > size * 1.05 and n > 10:
        n = int(n * size / len(text))
        text = generate(n)
    return text


def typo(size: int) -> str:
    text = _realistic(size)
    at = text.rindex("stance: ")
    end = text.index("\n", at)
    return text[:at] + "stance: assert" + text[end:]


def tabs(size: int) -> str:
    lines = _realistic(size).split("\n")
    n = 0
    for k, line in enumerate(lines):
        if line.startswith("    title: "):
            n += 1
            if n % 10 == 0:
                lines[k] = "    title:\t" + line[len("    title: ") :].replace(" ", "\t")
    return "\n".join(lines)


def tab_indent(size: int) -> str:
    text = _realistic(size).rstrip("\n")
    head, _, last = text.rpartition("\n")
    return head + "\n\t" + last.lstrip(" ") + "\n"


def once(size: int) -> str:
    out = [HEAD, "events:\n"]
    total, i = len(HEAD), 0
    while total < size:
        chunk = _event(i, f"    story: story-{i:06d}\n    tags: [tag-{i:06d}]\n")
        out.append(chunk)
        total += len(chunk)
        i += 1
    return "".join(out)


def _letters(i: int) -> str:
    """0 -> 'aaaaa', 1 -> 'aaaab': unit names are letters and '-' only."""
    out = ""
    for _ in range(5):
        i, r = divmod(i, 26)
        out = chr(ord("a") + r) + out
    return out


def units(size: int) -> str:
    out = ["schema: 2\nunits:\n"]
    total, i = len(out[0]), 0
    while total < size:
        line = f"  - units-{_letters(i)}\n"
        out.append(line)
        total += len(line)
        i += 1
    out.append(f"  - units-{_letters(0)}\nsources: []\nevents: []\n")
    return "".join(out)


def includes(size: int) -> str:
    out = ["schema: 2\nevents: []\ninclude:\n"]
    total, i = len(out[0]), 0
    while total < size:
        line = f"  - part-{i:07d}.yaml\n"
        out.append(line)
        total += len(line)
        i += 1
    return "".join(out)


def same_url(size: int, prefix: str = "a") -> str:
    out = ["schema: 2\nsources:\n"]
    total, i = len(out[0]), 0
    while total < size:
        line = (
            f"  - {{id: {prefix}-{i:07d}, title: One page, publisher: An outlet, published: 2024-01,"
            " url: https://news.example/one-page, kind: news, grade: C}\n"
        )
        out.append(line)
        total += len(line)
        i += 1
    out.append("events: []\n")
    return "".join(out)


MAKERS = {
    "links": links, "part-of": part_of, "typo": typo, "tabs": tabs, "tab-indent": tab_indent, "once": once,
    "units": units, "includes": includes, "same-url": same_url,
}  # fmt: skip
# Shapes timed with `irru merge FIRST SECOND` instead of `irru check`: the second log's maker.
PAIRS = {"same-url": lambda size: same_url(size, prefix="b")}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("shape", choices=SHAPES)
    ap.add_argument("size", type=int, help="bytes (about)")
    a = ap.parse_args()
    sys.stdout.write(MAKERS[a.shape](a.size))


if __name__ == "__main__":
    main()
