"""`irru fmt`: canonical key order and indentation, every comment kept, meaning unchanged, idempotent."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from irru import fmt
from irru.logfile import load_text

from conftest import DATA

ROOT = Path(__file__).parent.parent
COMMENT = re.compile(r"^\s*(#.*)$|\s(#.*)$")


def comments(text: str) -> list[str]:
    out = []
    for line in text.splitlines():
        m = COMMENT.search(line)
        if m and not line.lstrip().startswith(("title:", "text:", "summary:", "note:")):
            out.append((m.group(1) or m.group(2)).strip())
    return sorted(out)


def test_orders_cover_every_key_the_loader_knows() -> None:
    from irru.logfile import schema

    pairs = {
        "TOP_KEYS_2": fmt.TOP, "SOURCE_KEYS": fmt.SOURCE, "ARCHIVE_KEYS": fmt.ARCHIVE, "ACTOR_KEYS": fmt.ACTOR,
        "SYSTEM_KEYS": fmt.SYSTEM, "EVENT_KEYS": fmt.EVENT, "CLAIM_KEYS_2": fmt.CLAIM, "VALUE_KEYS_2": fmt.VALUES,
        "ACTOR_ROLE_KEYS": fmt.ACTOR_ROLE, "SYSTEM_USE_KEYS": fmt.SYSTEM_USE, "LINK_KEYS": fmt.LINK,
        "QUANTITY_KEYS": fmt.QUANTITY, "RELAY_KEYS": fmt.RELAY, "MEMBERSHIP_KEYS": fmt.MEMBERSHIP,
        "EVENT_KEYS_2": fmt.EVENT, "HYPOTHESIS_KEYS": fmt.HYPOTHESIS, "EVIDENCE_KEYS": fmt.EVIDENCE,
    }  # fmt: skip
    every = {n for n in dir(schema) if n.endswith(("_KEYS", "_KEYS_2"))}
    assert every - set(pairs) <= {"TOP_KEYS", "CLAIM_KEYS", "VALUE_KEYS"}
    for name, order in pairs.items():
        keys = getattr(schema, name)
        assert set(keys) <= set(order), (name, set(keys) - set(order))


@pytest.mark.skipif(not (ROOT / "events.yaml").is_file(), reason="the bundled log ships with the source tree")
def test_bundled_log_keeps_every_comment_and_its_meaning(irru, tmp_path: Path) -> None:
    src = (ROOT / "events.yaml").read_text(encoding="utf-8")
    path = tmp_path / "events.yaml"
    path.write_text(src, encoding="utf-8")
    r = irru("fmt", str(path))
    assert r.exit_code == 0, r.stderr
    out = path.read_text(encoding="utf-8")
    assert comments(out) == comments(src) and len(comments(src)) > 10
    assert load_text(out, "x") == load_text(src, "x")


SCRAMBLED = """\
# A log whose keys are out of order.
sources:
  - title: Wire story   # the headline
    id: wire
    # the publisher, as printed
    publisher: 'Example Wire'
    published: 2024-02-21
    grade: B
    kind: wire
    # between sources

  # --- second group ---
  - {title: Paper, id: paper, publisher: Paper, published: 2024-02-22, kind: news, grade: C}
schema: 1
events:
  - title: Missiles shipped
    id: shipment
    date: 2024-02
    type: delivery
    claims:
      - text: "Missiles were sent."   # verbatim
        stance: asserts
        source: wire
        values: {systems: [], quantity: ~400}
"""

CANONICAL = """\
# A log whose keys are out of order.
schema: 1
sources:
  - id: wire
    title: Wire story   # the headline
    # the publisher, as printed
    publisher: 'Example Wire'
    published: 2024-02-21
    kind: wire
    grade: B
    # between sources

  # --- second group ---
  - {id: paper, title: Paper, publisher: Paper, published: 2024-02-22, kind: news, grade: C}
events:
  - id: shipment
    date: 2024-02
    title: Missiles shipped
    type: delivery
    claims:
      - source: wire
        stance: asserts
        text: "Missiles were sent."   # verbatim
        values: {quantity: ~400, systems: []}
"""


def test_keys_move_with_their_comments_and_quoting_is_kept(irru, tmp_path: Path) -> None:
    path = tmp_path / "log.yaml"
    path.write_text(SCRAMBLED, encoding="utf-8")
    r = irru("fmt", str(path))
    assert r.exit_code == 0, r.stderr
    assert r.stdout == f"{path}: formatted, 10 lines changed; old file kept as {path}.bak\n"
    assert path.read_text(encoding="utf-8") == CANONICAL
    assert (tmp_path / "log.yaml.bak").read_text(encoding="utf-8") == SCRAMBLED
    assert irru("fmt", str(path)).stdout == f"{path}: already in canonical form\n"


def test_check_and_diff_write_nothing(irru, tmp_path: Path) -> None:
    path = tmp_path / "log.yaml"
    path.write_text(SCRAMBLED, encoding="utf-8")
    r = irru("fmt", str(path), "--check")
    assert (r.exit_code, r.stdout) == (1, "")
    assert r.stderr == f"{path}: not in canonical form (10 lines would change); run irru fmt {path}\n"
    r = irru("fmt", str(path), "--diff")
    assert r.exit_code == 0
    assert r.stdout.startswith(f"--- {path}\n+++ {path} (formatted)\n@@ ")
    assert "-  - title: Wire story   # the headline\n" in r.stdout and "+  - id: wire\n" in r.stdout
    assert path.read_text(encoding="utf-8") == SCRAMBLED and not (tmp_path / "log.yaml.bak").exists()
    path.write_text(CANONICAL, encoding="utf-8")
    assert irru("fmt", str(path), "--check").exit_code == 0


def test_a_log_with_problems_is_not_touched(irru, tmp_path: Path) -> None:
    path = tmp_path / "log.yaml"
    bad = SCRAMBLED.replace("source: wire", "source: wir")
    path.write_text(bad, encoding="utf-8")
    r = irru("fmt", str(path))
    assert r.exit_code == 1
    assert f"{path}:23:17: unknown source 'wir' in source; did you mean 'wire'?" in r.stderr
    assert path.read_text(encoding="utf-8") == bad and not (tmp_path / "log.yaml.bak").exists()


KEY_LINE = re.compile(r"^(\s*)(- )?([a-z_]+):")


def _scramble(text: str, data: st.DataObject) -> str:
    """The same log with every record's keys shuffled and comment lines inserted before random keys."""
    from irru import yamledit

    doc = yamledit.load(text)

    def shuffle(node: object) -> None:
        if hasattr(node, "move_to_end"):
            keys = list(node.keys())  # type: ignore[attr-defined]
            for k in data.draw(st.permutations(keys)):
                node.move_to_end(k)  # type: ignore[attr-defined]
            for k in keys:
                shuffle(node[k])  # type: ignore[index]
        elif isinstance(node, list):
            for item in node:
                shuffle(item)

    for section in ("sources", "actors", "systems", "events"):
        shuffle(doc.get(section))
    lines = yamledit.dump(doc).splitlines(keepends=True)
    out = []
    for i, line in enumerate(lines):
        m = KEY_LINE.match(line)
        if m and data.draw(st.booleans()):
            out.append(f"{m.group(1)}# note {i}\n")
        out.append(line)
    return "".join(out)


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_fmt_is_idempotent_and_never_changes_meaning_or_drops_a_comment(data: st.DataObject) -> None:
    base = (
        DATA / data.draw(st.sampled_from(["all-fields.yaml", "promises.yaml", "two-articles.yaml", "schema2.yaml"]))
    ).read_text(encoding="utf-8")
    text = _scramble(base, data)
    before = load_text(text, "x")
    once = fmt.format_text(text)
    assert load_text(once, "x") == before
    assert fmt.format_text(once) == once
    assert comments(once) == comments(text)


@pytest.mark.skipif(not (ROOT / "docs").is_dir(), reason="docs ship with the source tree")
@pytest.mark.parametrize(
    ("section", "order"),
    [
        ("## `sources`", fmt.SOURCE),
        ("## `actors`", fmt.ACTOR),
        ("## `systems`", fmt.SYSTEM),
        ("## `events`", fmt.EVENT),
        ("## Claims", fmt.CLAIM),
    ],
)
def test_format_doc_tables_list_fields_in_the_order_fmt_writes(section: str, order: list[str]) -> None:
    doc = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    table = doc[doc.index("| field | required | meaning |", doc.index(section)) :].split("\n\n")[0]
    fields = re.findall(r"^\| `([a-z_]+)` \|", table, flags=re.M)
    assert fields == [k for k in order if k in fields]


def test_a_read_only_log_is_not_rewritten(irru, tmp_path: Path) -> None:
    import os

    path = tmp_path / "log.yaml"
    path.write_text(SCRAMBLED, encoding="utf-8")
    os.chmod(path, 0o444)
    r = irru("fmt", str(path))
    assert (r.exit_code, r.stderr) == (1, f"irru: {path}: the file is read-only; nothing written\n")
    assert path.read_text(encoding="utf-8") == SCRAMBLED
