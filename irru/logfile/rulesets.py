"""Rule sets as written: a top-level ``rules:`` block (in a log, or in a rules file), read from the node tree with
every problem at its line and column. What the checks do is :mod:`irru.rules`; this module knows only their names
(and which take a number), so that the loader can check a log's block without importing the checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import Problem
from ..lint import CODES
from .nodes import Map, Node, Scalar, Seq

# Every named check, with the default of the number it takes (None: it takes none). irru.rules asserts that its
# registry has exactly these names and numbers.
NUMBERS: dict[str, int | None] = {
    "self-review": None,
    "review-date": None,
    "originals": 2,
    "weak-original": None,
    "quotes-archived": None,
    "reviewers": 2,
    "archive": None,
    "anchors": None,
    **dict.fromkeys(CODES),
}


@dataclass(frozen=True, slots=True)
class Rule:
    """One check of a rule set, with its number (None: the check's default)."""

    check: str
    number: int | None = None

    @property
    def label(self) -> str:
        return f"{self.check}: {self.number}" if self.number is not None else self.check


@dataclass(frozen=True)
class RuleSet:
    name: str
    rules: tuple[Rule, ...]
    origin: str = "built in"  # or the file and line that defines it
    lines: tuple[int, ...] = field(default=(), compare=False)


def read_sets(node: Node, origin: str) -> tuple[dict[str, RuleSet], list[Problem]]:
    """The rule sets of a ``rules:`` block (a mapping: set name -> list of checks, each ``NAME`` or
    ``NAME: N``), and every problem in it at its line and column."""
    from ..hints import did_you_mean

    problems: list[Problem] = []
    sets: dict[str, RuleSet] = {}

    def err(n: Node, message: str) -> None:
        problems.append(Problem(n.line, n.col, message))

    if not isinstance(node, Map):
        err(node, "rules must be a mapping: a rule set's name, then its list of checks")
        return sets, problems
    for name, (key, value) in node.items.items():
        if not isinstance(value, Seq) or not value.items:
            err(value, f"rule set '{name}' must be a list of checks")
            continue
        rules: list[Rule] = []
        for item in value.items:
            number_node: Scalar | None = None
            check_node: Node
            if isinstance(item, Map) and len(item.items) == 1:
                ((check, (check_node, n_node)),) = item.items.items()
                if not isinstance(n_node, Scalar):
                    err(item, f"'{check}' takes a number: {check}: 2")
                    continue
                number_node = n_node
            elif isinstance(item, Scalar):
                check, check_node = item.value.strip(), item
            else:
                err(item, "each check of a rule set is a name (quotes-archived) or a name and a number (originals: 2)")
                continue
            if check not in NUMBERS:
                err(
                    check_node,
                    f"unknown check '{check}'{did_you_mean(check, NUMBERS) or '; irru check --list names them'}",
                )
                continue
            number = None
            if number_node is not None:
                if NUMBERS[check] is None:
                    err(number_node, f"check '{check}' takes no number")
                    continue
                value_text = number_node.value.strip()
                if not (value_text.isascii() and value_text.isdigit()) or int(value_text) < 1:
                    err(number_node, f"'{check}' takes a whole number of 1 or more, not '{number_node.value}'")
                    continue
                number = int(value_text)
            rules.append(Rule(check, number))
        sets[name] = RuleSet(name, tuple(rules), origin=f"{origin}:{key.line}")
    return sets, problems
