"""Issue 13: hostile and careless input. No crash, no escape bypass, cost linear in the file (the timings live in
benchmarks/, not here), bounded reads, and messages that stay short."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import DATA

VALID = (DATA / "valid.yaml").read_text(encoding="utf-8")
COMMANDS = [
    ["check"], ["timeline"], ["timeline", "--format", "json"], ["show", "missiles-reported"], ["stats"],
    ["sources"], ["actors"], ["promises"], ["transfers"],
]  # fmt: skip


def write(tmp_path: Path, text: str, name: str = "log.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def with_data(command: list[str], path: Path) -> list[str]:
    return [*command, str(path)] if command == ["check"] else [*command, "--data", str(path)]


# --- 1. code points that are not characters ----------------------------------------------------------------


@pytest.mark.parametrize("no_cache", [[], ["--no-cache"]], ids=["cached", "no-cache"])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c))
def test_a_lone_surrogate_is_a_log_problem_in_every_command(irru, tmp_path: Path, command, no_cache) -> None:
    path = write(tmp_path, VALID.replace("title: Missiles reported shipped", 'title: "A\\udce2\\udc80\\udcaeB"'))
    for _ in range(2):  # the second run would be served from the cache, if anything had been stored
        result = irru(*with_data(command, path), *no_cache)
        assert result.exit_code == 1
        assert result.stdout == ""
        assert result.stderr.startswith(
            f"{path}:28:12: the value contains U+DCE2, a lone surrogate, not text; remove the escape that makes it\n"
        )


def test_tabs_inside_a_line_are_spaces_as_yaml_says(irru, tmp_path: Path) -> None:
    text = (
        VALID.replace("title: Missiles reported shipped", 'title:\t"Missiles\treported"\t# a tab after the value')
        .replace("text: About 400 missiles were sent.", "text: About\t400 missiles were sent.")
        .replace("{actor: iran, role: supplier}", "{actor: iran,\trole: supplier}")
    )
    path = write(tmp_path, text)
    for flag in ([], ["--no-cache"]):
        result = irru("show", "missiles-reported", "--data", str(path), "--format", "json", *flag)
        assert result.exit_code == 0, result.stderr
        assert '"title": "Missiles\\treported"' in result.stdout
        assert '"text": "About\\t400 missiles were sent."' in result.stdout


def test_a_tab_as_indentation_is_still_refused(irru, tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("    title: Missiles reported shipped", "\ttitle: Missiles reported shipped"))
    result = irru("check", str(path))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{path}:28:1: YAML syntax error: found character '\\t' that cannot start any token")
