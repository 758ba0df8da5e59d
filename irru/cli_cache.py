"""`irru cache info` and `irru cache clear`: see and empty the cache of parsed logs (irru/logfile/cache.py)."""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer

cache_app = typer.Typer(
    name="cache",
    help=(
        "The cache of parsed logs: where it is, what it holds, and emptying it.\n\n"
        "Each log irru reads is kept, once parsed, as an indexed database under $XDG_CACHE_HOME/irru"
        " (~/.cache/irru), so that repeated queries are fast. Entries unused for 30 days"
        " (IRRU_CACHE_MAX_AGE_DAYS) go, and the least recently used when all of them pass 1024 MB"
        " (IRRU_CACHE_MAX_MB). --no-cache or IRRU_NO_CACHE=1 bypasses it.\n\n"
        "Examples:\n\n"
        "  irru cache info\n\n"
        "  irru cache clear"
    ),
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
)


def _out(text: str) -> None:
    from .inert import inert

    sys.stdout.write(inert(text) + "\n")


@cache_app.command(
    "info",
    help=(
        "Where the cache is, its limits, and each entry: key, size, last use, events, and the log it was built"
        " from. Exit 1 when the directory is not safe to use (and so is not used).\n\n"
        "Examples:\n\n"
        "  irru cache info\n\n"
        "  irru cache info --format json"
    ),
)
def info(
    format_: Annotated[Optional[str], typer.Option("--format", "-f", help="plain (default) or json.", metavar="FORMAT")] = None,
) -> None:
    import json
    import time

    from .logfile import cache

    if format_ not in (None, "plain", "json"):
        from .cli import fail

        fail(f"--format: unknown value '{format_}'; use one of: plain, json")
    directory = cache.cache_dir()
    limits = {"max_age_days": cache.max_age_days(), "max_mb": cache.max_total_bytes() // (1024 * 1024)}
    problem, found = None, []
    try:
        found = cache.entries()
    except cache.Missing:
        problem = "not created yet"
    except cache.Unsafe as e:
        problem = f"not used: {e}"
    if format_ == "json":
        doc = {
            "directory": str(directory), "usable": problem is None or problem == "not created yet", "problem": problem, **limits,
            "entries": [
                {"key": e.name, "bytes": e.size, "last_used": time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(e.used)),
                 "events": e.events, "log": e.path}
                for e in found
            ],
        }  # fmt: skip
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    elif problem is not None:
        _out(f"cache: {directory} ({problem})")
    else:
        from .hints import plural

        total = sum(e.size for e in found)
        _out(f"cache: {directory}")
        _out(
            f"{len(found)} {'entry' if len(found) == 1 else 'entries'}, {total / 1e6:.1f} MB; pruned after {limits['max_age_days']} days unused"
            f" or beyond {limits['max_mb']} MB in all (IRRU_CACHE_MAX_AGE_DAYS, IRRU_CACHE_MAX_MB)"
        )
        for e in found:
            used = time.strftime("%Y-%m-%d %H:%M", time.localtime(e.used))
            events = plural(e.events, "event") if e.events is not None else "old format"
            _out(f"  {e.name[:12]}  {e.size / 1e6:8.1f} MB  last used {used}  {events}  {e.path or ''}".rstrip())
    if problem is not None and problem != "not created yet":
        raise typer.Exit(1)


@cache_app.command(
    "clear",
    help="Remove every cache entry (and leftover temporary files). The next query parses its log again.\n\n"
    "Examples:\n\n  irru cache clear",
)
def clear() -> None:
    from .logfile import cache

    directory = cache.cache_dir()
    try:
        count, freed = cache.clear()
    except cache.Missing:
        count, freed = 0, 0
    except cache.Unsafe as e:
        from .cli import fail

        from .errors import Exit

        fail(f"the cache directory is not safe to use: {e}; nothing removed", Exit.PROBLEMS)
    _out(f"removed {count} file{'' if count == 1 else 's'} ({freed / 1e6:.1f} MB) from {directory}")
