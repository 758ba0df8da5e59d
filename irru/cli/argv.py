"""The command line as typed, before click reads it."""

from __future__ import annotations

# Options every command (or every printing command) takes, accepted before the command name too.
GLOBAL_VALUED = frozenset({"--data", "--format", "-f", "--color"})
GLOBAL_FLAGS = frozenset({"--no-cache", "--no-pager"})
GROUPS = frozenset({"export"})  # commands whose subcommand (export html) is what takes the options


def hoist(args: list[str]) -> list[str]:
    """``irru --data f.yaml timeline …`` as ``irru timeline --data f.yaml …``: global options written before the
    command name move after it, where the command reads them."""
    moved: list[str] = []
    i = 0
    while i < len(args) and args[i].startswith("-"):
        name = args[i].split("=", 1)[0]
        if name in GLOBAL_FLAGS or (name in GLOBAL_VALUED and "=" in args[i]):
            moved.append(args[i])
            i += 1
        elif name in GLOBAL_VALUED and i + 1 < len(args):
            moved += args[i : i + 2]
            i += 2
        else:
            return args  # --help, --version, a typo: leave the line as written
    if not moved or i >= len(args):
        return args
    end = i + 2 if args[i] in GROUPS and i + 1 < len(args) and not args[i + 1].startswith("-") else i + 1
    return [*args[i:end], *moved, *args[end:]]
