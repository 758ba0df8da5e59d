"""`irru cache info` and `irru cache clear`: see and empty the cache of parsed logs (:mod:`irru.logfile.cache`)."""

from __future__ import annotations

from typing import Annotated

import typer

from ..errors import IrruError
from .root import SETTINGS, IrruGroup, IrruTyper, app, env_of

cache_app = IrruTyper(
    cls=IrruGroup,
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
    context_settings=SETTINGS,
    rich_markup_mode=None,
)
app.add_typer(cache_app)


class CacheUnusable(IrruError):
    """The cache directory is not safe to use (exit 1)."""


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
    ctx: typer.Context,
    format_: Annotated[
        str | None, typer.Option("--format", "-f", help="plain (default) or json.", metavar="FORMAT")
    ] = None,
) -> None:
    from ..logfile import cache
    from ..render import cacheinfo
    from .output import check_choice

    format_ = check_choice(format_, ("plain", "json"), "--format")
    problem, found = None, []
    try:
        found = cache.entries()
    except cache.Missing:
        problem = "not created yet"
    except cache.Unsafe as e:
        problem = f"not used: {e}"
    render = cacheinfo.as_json if format_ == "json" else cacheinfo.plain
    env_of(ctx).emit(render(str(cache.cache_dir()), problem, found, cache.max_age_days(), cache.max_total_bytes()))
    if problem is not None and problem != "not created yet":
        raise typer.Exit(1)


@cache_app.command(
    "clear",
    help="Remove every cache entry (and leftover temporary files). The next query parses its log again.\n\n"
    "Examples:\n\n  irru cache clear",
)
def clear(ctx: typer.Context) -> None:
    from ..inert import inert
    from ..logfile import cache

    directory = cache.cache_dir()
    try:
        count, freed = cache.clear()
    except cache.Missing:
        count, freed = 0, 0
    except cache.Unsafe as e:
        raise CacheUnusable(f"the cache directory is not safe to use: {e}; nothing removed") from None
    env_of(ctx).emit(
        [inert(f"removed {count} file{'' if count == 1 else 's'} ({freed / 1e6:.1f} MB) from {directory}")]
    )
