"""The options commands share, declared once (typer reads them from each command's signature), with their shell
completion and the parsing of dates typed by the user."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import IrruError, UsageError

if TYPE_CHECKING:
    from ..dates import Span


def user_date(value: str | None, option: str) -> Span | None:
    """A date typed on the command line, or a usage error naming the option."""
    if value is None:
        return None
    from ..dates import DateError, parse_user_date

    try:
        return parse_user_date(value)
    except DateError as e:
        raise UsageError(f"{option}: {e}") from None


def complete(kind: str) -> Callable[[str], list[str]]:
    """Shell completion from the log's own values (IRRU_DATA, ./events.yaml, or the bundled log)."""

    def values(incomplete: str) -> list[str]:
        from .logs import open_log

        try:
            log = open_log(None, note=False)
        except IrruError:
            return []
        names: list[str]
        if kind == "actor":
            names = [a.name for a in log.actors.values()] + [al for a in log.actors.values() for al in a.aliases]
        elif kind == "source":
            names = list(log.sources)
        elif kind == "system":
            names = [s.name for s in log.systems.values()] + [al for s in log.systems.values() for al in s.aliases]
        elif kind == "tag":
            from ..query import all_tags

            names = all_tags(log)
        elif kind == "event":
            names = [e.id for e in log.events]
        elif kind == "type":
            from ..model import EVENT_TYPES

            names = list(EVENT_TYPES)
        else:
            names = []
        return sorted(n for n in names if n.casefold().startswith(incomplete.casefold()))

    return values


DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        envvar="IRRU_DATA",
        help="The log to read; - reads standard input. Default: IRRU_DATA, else events.yaml in the current directory, else the bundled log.",
        show_default=False,
        dir_okay=True,
        metavar="FILE",
    ),
]
NoCacheOption = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        envvar="IRRU_NO_CACHE",
        help="Parse the log afresh instead of using the cache of parsed logs. Also IRRU_NO_CACHE=1.",
    ),
]
FormatOption = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        help="table (default on a terminal), plain (default when piped or NO_COLOR is set), md, json, jsonl, csv.",
        show_default=False,
        metavar="FORMAT",
    ),
]
ColorOption = Annotated[
    str, typer.Option("--color", help="Colour on a terminal: auto, always or never.", metavar="WHEN")
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="Only claims made on or before DATE count: what a reader could have known that day.",
        metavar="DATE",
        show_default=False,
    ),
]
ActorsOption = Annotated[
    list[str] | None, typer.Option("--actor", help="Actor id, name or alias.", autocompletion=complete("actor"))
]
SystemsOption = Annotated[
    list[str] | None,
    typer.Option("--system", help="System designation or alias.", autocompletion=complete("system")),
]
