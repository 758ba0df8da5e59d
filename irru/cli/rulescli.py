"""`irru check NAME…` and `irru check --rules SET|FILE`: glue over :mod:`irru.rules`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import LogError, Problem, UsageError

if TYPE_CHECKING:
    from ..logfile.rulesets import RuleSet
    from ..model import Log


def split_args(args: Sequence[str]) -> tuple[Path | None, list[str]]:
    """``check [FILE] [CHECK]...``: the arguments that name a check are checks; one other may be the file."""
    from ..hints import did_you_mean
    from ..rules import CHECKS

    file: Path | None = None
    names: list[str] = []
    for a in args:
        if a in CHECKS and not ("/" in a or Path(a).is_file()):
            names.append(a)
        elif file is None and (Path(a).exists() or a == "-" or "." in a or "/" in a):
            file = Path(a)
        else:
            hint = did_you_mean(a, CHECKS) or "; irru check --list names the checks"
            raise UsageError(f"unknown check '{a}'{hint}")
    return file, names


def list_lines() -> list[str]:
    from ..rules import ALWAYS, BUILTIN_SETS, CHECKS

    width = max(len(n) for n in CHECKS)
    out = ["Checks (irru check [FILE] NAME...):"]
    for c in CHECKS.values():
        number = f" (takes a number, default {c.number})" if c.number is not None else ""
        always = " [always]" if c.name in ALWAYS else ""
        out.append(f"  {c.name.ljust(width)}  {c.help}{number}{always}")
    out.append("Rule sets (irru check --rules SET):")
    for s in BUILTIN_SETS.values():
        out.append(f"  {s.name.ljust(width)}  {', '.join(r.label for r in s.rules)}")
    return out


def named_problems(
    log: Log, path: Path, names: Sequence[str], rules: Sequence[str], today: date, *, archive: bool = False
) -> list[Problem]:
    """The problems of the checks that always run, the named checks and the rule sets, at FILE:LINE:COL
    (``archive``: with the anchors' check, which `check --archive` adds to the archive audit)."""
    from .. import rules as R
    from ..logfile.rulesets import Rule

    own = _sets_in(path, log.path) if rules and path.is_file() else {}  # the loader checked the block
    always = (*R.ALWAYS, *(("anchors",) if archive else ()))
    wanted: list[tuple[str, tuple[Rule, ...]]] = [("", tuple(Rule(n) for n in (*always, *names)))]
    for spec in rules:
        wanted += [(s.name, s.rules) for s in rule_sets(own, spec)]
    ctx = R.Context(today, path)
    columns = _Columns(log, path)
    out: list[Problem] = []
    for label, chosen in wanted:
        for f in R.run(log, chosen, ctx):
            tag = f"{label}: {f.check}" if label else f.check
            out.append(Problem(f.line, columns.at(f.line), f"{f.message} [{tag}]"))
    return list(dict.fromkeys(out))


def rule_sets(own: dict[str, RuleSet], spec: str) -> list[RuleSet]:
    """``--rules SPEC``: a set of the log's own ``rules:`` block, else a built-in set, else every set of a file."""
    from .. import rules as R

    if spec in own:
        return [own[spec]]
    if spec in R.BUILTIN_SETS:
        return [R.BUILTIN_SETS[spec]]
    file = Path(spec)
    if not file.is_file():
        names = sorted({*own, *R.BUILTIN_SETS})
        raise UsageError(f"--rules: '{spec}' is neither a rule set ({', '.join(names)}) nor a rules file")
    found = _sets_in(file, spec)
    if not found:
        raise UsageError(f"--rules: {spec} has no rule sets; write a top-level 'rules:' block (docs/format.md)")
    return list(found.values())


def _sets_in(path: Path, name: str) -> dict[str, RuleSet]:
    """The rule sets of a file's top-level ``rules:`` block; LogError (FILE:LINE:COL) when it is wrong."""
    from ..logfile import decode
    from ..logfile.nodes import Map
    from ..logfile.rulesets import read_sets
    from ..logfile.yamltree import parse

    try:
        text = decode(path.read_bytes(), name)
    except OSError as e:
        raise UsageError(f"--rules: {name}: cannot be read: {e.strerror or e}") from None
    import re

    found = re.search(r"^rules:", text, flags=re.M)
    if found is None:
        return {}
    # the block alone, from its key to the next top-level line, at its own line numbers (a log may be large)
    end = re.compile(r"^[^\s#]", flags=re.M).search(text, found.end())
    block = "\n" * text.count("\n", 0, found.start()) + text[found.start() : end.start() if end else len(text)]
    root, problems = parse(block)
    if problems:
        raise LogError(name, problems, text)
    if not isinstance(root, Map) or "rules" not in root.items:
        return {}
    sets, problems = read_sets(root.items["rules"][1], name)
    if problems:
        raise LogError(name, problems, text)
    return sets


class _Columns:
    """The column a record's line starts at, read from the file it stands in (past a list's ``- ``)."""

    def __init__(self, log: Log, path: Path) -> None:
        self.log = log
        self.path = path  # the file read (the bundled log's messages call it events.yaml)
        self.texts: dict[str, list[str]] = {}

    def at(self, line: int) -> int:
        file, local = self.log.location(line) if self.log.files else (str(self.path), line)
        if file not in self.texts:
            try:
                self.texts[file] = Path(file).read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError):
                self.texts[file] = []
        lines = self.texts[file]
        if not 0 < local <= len(lines):
            return 0
        text = lines[local - 1]
        stripped = text.lstrip(" ")
        while stripped.startswith("- "):
            stripped = stripped[2:].lstrip(" ")
        return len(text) - len(stripped) + 1
