"""The house rules of the code, checked so they hold as it grows: no import cycle, rich only where tables are
drawn, no record shapes in the command line, no silenced type error without a reason, the confidence rules
written once, in Python (the HTML report's script looks flags up and weighs no claim), and no dead code."""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

PACKAGE = Path(__file__).parent.parent / "irru"
RICH_ALLOWED = {
    "render/table.py",
    "render/layout.py",
}  # the terminal views; everything else stays importable without rich


def modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def _resolve(current: str, is_package: bool, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = current.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """Every irru module this one imports, at the top or inside a function (TYPE_CHECKING blocks excluded)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    skip = {id(n) for n in ast.walk(tree) if isinstance(n, ast.If) and "TYPE_CHECKING" in ast.unparse(n.test)}
    skipped = {id(c) for n in ast.walk(tree) if id(n) in skip for c in ast.walk(n)}
    for node in ast.walk(tree):
        if id(node) in skipped and not (isinstance(node, ast.If) and id(node) in skip):
            continue
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name in known}
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(name, path.name == "__init__.py", node)
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.add(sub if sub in known else target)
    return {m for m in found if m in known and m != name}


def test_there_is_no_import_cycle() -> None:
    known = modules()
    graph = {name: imports(name, path, known) for name, path in known.items()}
    # A package's __init__ that re-exports its submodules is not a cycle with them; only edges out of it count.
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*stack, nxt])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


def test_rich_is_imported_only_by_the_terminal_views() -> None:
    offenders = []
    for name, path in modules().items():
        rel = path.relative_to(PACKAGE).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        guarded = {
            id(c)
            for n in ast.walk(tree)
            if isinstance(n, ast.If) and "TYPE_CHECKING" in ast.unparse(n.test)
            for c in ast.walk(n)
        }
        for node in ast.walk(tree):
            if id(node) in guarded:
                continue
            mods = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom) and node.level == 0
                else []
            )
            if any(m == "rich" or m.startswith("rich.") for m in mods) and rel not in RICH_ALLOWED:
                offenders.append(f"{rel}:{node.lineno} ({name})")
    assert offenders == []


def test_the_command_line_builds_no_record_shapes() -> None:
    """JSON/CSV shapes live in irru/render (docs/json.md documents them); a dict literal with string keys in
    irru/cli would be one more shape out of sight of that contract."""
    offenders = []
    for path in (PACKAGE / "cli").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Dict)
                and sum(isinstance(k, ast.Constant) and isinstance(k.value, str) for k in node.keys) >= 2
            ):
                offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []


def test_every_silenced_type_error_says_why() -> None:
    bare = []
    for path in PACKAGE.rglob("*.py"):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if "type: ignore" in line and not re.search(r"type: ignore\[[\w-]+(, *[\w-]+)*\] +# +\S", line):
                bare.append(f"{path.relative_to(PACKAGE)}:{n}")
    assert bare == []


def test_the_report_script_keeps_no_confidence_rule() -> None:
    """report.js shows the flags irru/confidence.py computed (export/facts.py flag_steps); it never reads a claim's
    stance, likelihood, grade, speaker or officialdom, so the rules cannot drift into a second copy."""
    from irru.model import GRADES, LIKELIHOODS, STANCES

    script = (PACKAGE / "export" / "report.js").read_text(encoding="utf-8")
    words = {*STANCES, *LIKELIHOODS, "stance", "likelihood", "grade", "official", "anonymous", "speaker", "assess"}
    found = sorted(w for w in words if re.search(rf"\b{re.escape(w)}", script, re.I))
    assert found == []
    assert not re.search(r"[\"'][{}][\"']".format("".join(GRADES)), script)  # no source grade compared
    assert sorted(p.name for p in PACKAGE.rglob("*.js")) == ["report.js"]  # the one script there is


def test_the_data_layer_knows_nothing_of_output_or_rules_and_the_core_asks_the_cache_through_a_protocol() -> None:
    """irru/logfile stores and verifies; the facts it stores are computed by the core and handed in
    (irru.viewfacts), and the core calls a cached log through irru.indexed.Indexed, never by duck typing."""
    known = modules()
    layered = {"irru.render", "irru.confidence", "irru.query", "irru.tally", "irru.viewfacts", "irru.cli"}
    offenders = {
        name: sorted(m for m in imports(name, path, known) if any(m == x or m.startswith(x + ".") for x in layered))
        for name, path in known.items()
        if name.startswith("irru.logfile")
    }
    assert {k: v for k, v in offenders.items() if v} == {}
    duck = re.compile(r"getattr\([^,]+,\s*\"(candidates|planned_lines|planned_count|planned_counts|distinct|linking|"
                      r"stored_usage)\"")  # fmt: skip
    assert [p.name for p in PACKAGE.rglob("*.py") if duck.search(p.read_text(encoding="utf-8"))] == []


# Module-level names the package defines for its tests alone, each with the reason.
USED_BY_TESTS_ONLY = {
    "lint.CODES": "every warning code, which test_lint checks docs/errors.md and the lint output against",
}


def test_every_module_level_name_is_used_by_the_package() -> None:
    """A function, class or constant nothing in irru/ uses is dead code (a registered command, whose decorator
    uses it, is not). Names used only by tests are listed above with why."""
    texts = {p: p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py")}
    assets = [p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*") if p.suffix in (".j2", ".js", ".txt")]
    uses = Counter(re.findall(r"\w+", "\n".join([*texts.values(), *assets])))
    dead = []
    for path, text in texts.items():
        for node in ast.parse(text).body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                names = [] if node.decorator_list else [node.name]
            elif isinstance(node, ast.Assign):
                names = [t.id for t in node.targets if isinstance(t, ast.Name)]
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                names = [node.target.id]
            else:
                continue
            for name in names:
                where = f"{path.relative_to(PACKAGE).with_suffix('').as_posix().replace('/', '.')}.{name}"
                if name.startswith("__") or where in USED_BY_TESTS_ONLY:
                    continue
                if uses[name] <= 1:
                    dead.append(where)
    assert dead == []


# typer 0.28 vendors click as the private typer._click and exposes no public path to these; each is listed with
# why, so the list can only shrink (issue 21 item 5). typer stays below 0.29, which imports pydantic on every run.
PRIVATE_TYPER = {
    ("cli/root.py", "typer._click", "Command"): "the type of IrruGroup.get_command's result (click's own override)",
    ("cli/root.py", "typer._click", "Context"): "the parameter type of the click methods IrruGroup overrides",
    ("cli/root.py", "typer._click.formatting", "HelpFormatter"): "format_commands' parameter type (an override)",
    ("cli/options.py", "typer._click", "Context"): "the parameter type of click's completion callbacks",
    ("cli/output.py", "typer._click.globals", "get_current_context"): "the pager closes with the running command",
    ("cli/logs.py", "typer._click.globals", "get_current_context"): "whether --data came from the command line",
    ("cli/completion.py", "typer._click.shell_completion", "CompletionItem"): "irru's own shell protocols",
    ("cli/completion.py", "typer._click.shell_completion", "add_completion_class"): "registering them",
    ("cli/completion.py", "typer._click.shell_completion", "split_arg_string"): "bash's words, split as click does",
    ("cli/completion.py", "typer._completion_classes", "BashComplete"): "the base of irru's bash protocol",
    ("cli/completion.py", "typer._completion_classes", "FishComplete"): "the base of irru's fish protocol",
    ("cli/completion.py", "typer._completion_classes", "ZshComplete"): "the base of irru's zsh protocol",
}


def test_private_typer_and_click_names_are_only_those_listed() -> None:
    found = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(("typer._", "click")):
                found |= {(path.relative_to(PACKAGE).as_posix(), node.module, a.name) for a in node.names}
            elif isinstance(node, ast.Import):
                assert not any(a.name.startswith(("typer._", "click")) for a in node.names), path
            elif isinstance(node, ast.FunctionDef | ast.Attribute) and "_main_shell_completion" in ast.dump(node):
                raise AssertionError(f"{path}: overrides a private typer method")
            elif isinstance(node, ast.Assign) and any("__class__" in ast.unparse(t) for t in node.targets):
                raise AssertionError(f"{path}: changes an object's class (IrruTyper gives commands theirs)")
    assert found == set(PRIVATE_TYPER)


# Tests that wait, each with why (the developer's guide: no test sleeps). The list can only shrink.
SLEEPS = {
    ("test_cache.py", "test_an_edit_keeping_size_and_mtime_is_seen_through_the_noted_status"): "50 ms, so the "
    "edit's change time differs from the noted one on a file system with a coarse clock",
}


def test_no_test_sleeps() -> None:
    """A test that sleeps is slow and races a loaded machine; wait for a condition or inject a clock instead."""
    found = set()
    for path in Path(__file__).parent.glob("test_*.py"):
        for func in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(func, ast.FunctionDef) and func.name.startswith(("test_", "_"))):
                continue
            for node in ast.walk(func):
                if isinstance(node, ast.Call) and ast.unparse(node.func) in ("time.sleep", "sleep", "asyncio.sleep"):
                    found.add((path.name, func.name))
    assert found <= set(SLEEPS), found - set(SLEEPS)
