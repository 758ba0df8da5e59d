"""The options commands share, declared once (typer reads them from each command's signature), with their shell
completion and the parsing of dates typed by the user."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer._click import Context

from ..errors import UsageError

if TYPE_CHECKING:
    from datetime import date

    from ..dates import Span


def user_date(value: str | None, option: str, today: date | None = None) -> Span | None:
    """A date typed on the command line, or a usage error naming the option. ``today`` anchors relative dates."""
    if value is None:
        return None
    from ..dates import DateError, parse_user_date

    try:
        return parse_user_date(value, today)
    except DateError as e:
        raise UsageError(f"{option}: {e}") from None


def complete(kind: str) -> Callable[[Context, str], list[str]]:
    """Shell completion of an option's values, from the log the command line names (--data), IRRU_DATA, or the
    bundled log; ``not:`` before a value completes the same values."""

    def values(ctx: Context, incomplete: str) -> list[str]:
        from .completion import candidates

        data = _data_of(ctx)
        return candidates(kind, incomplete, data)

    return values


def _data_of(ctx: Context) -> Path | None:
    current: Context | None = ctx
    while current is not None:
        value = current.params.get("data") if current.params else None
        if value:
            return Path(value)
        current = current.parent
    return Path(os.environ["IRRU_DATA"]) if os.environ.get("IRRU_DATA") else None


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
        autocompletion=complete("format"),
        help="table (default on a terminal), plain (default when piped), md, json, jsonl or csv.",
        show_default=False,
        metavar="FORMAT",
    ),
]
ColorOption = Annotated[
    str,
    typer.Option(
        "--color",
        help="auto (colour on a terminal unless NO_COLOR is set), always (also through pipes and pagers) or never.",
        metavar="WHEN",
        autocompletion=complete("color"),
    ),
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
NoPagerOption = Annotated[
    bool,
    typer.Option(
        "--no-pager",
        help="Print straight to the terminal instead of through the pager ($IRRU_PAGER, $PAGER, or less -FRX).",
    ),
]
ShowFormatOption = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        help="table (default on a terminal), plain (default when piped), json or jsonl.",
        show_default=False,
        metavar="FORMAT",
        autocompletion=complete("format_show"),
    ),
]
TraceFormatOption = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        help="table (default on a terminal), plain (default when piped) or json.",
        show_default=False,
        metavar="FORMAT",
        autocompletion=complete("format_trace"),
    ),
]
MergeFormatOption = TraceFormatOption  # merge takes the same three: table, plain, json
DiffFormatOption = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        help="table (default on a terminal), plain (default when piped), md or json.",
        show_default=False,
        metavar="FORMAT",
        autocompletion=complete("format_diff"),
    ),
]
NOT = " Prefix not: to exclude (not:VALUE)."


def _many(name: str, kind: str, metavar: str, help: str) -> Any:
    return typer.Option(name, help=help + NOT, metavar=metavar, autocompletion=complete(kind), show_default=False)


ActorsOption = Annotated[
    list[str] | None,
    _many(
        "--actor",
        "actor",
        "ACTOR",
        "Actor id, name or alias (case-insensitive); also matches its parts (Iran: the IRGC) and the claims it makes.",
    ),
]
RolesOption = Annotated[
    list[str] | None, _many("--role", "role", "ROLE", "With --actor: the role it plays (supplier, recipient, target…).")
]
BetweenOption = Annotated[
    tuple[str, str] | None,
    typer.Option(
        "--between",
        help="Both actors take part in the event (AND, where --actor twice is OR).",
        metavar="ACTOR ACTOR",
        autocompletion=complete("actor"),
        show_default=False,
    ),
]
TypesOption = Annotated[list[str] | None, _many("--type", "type", "TYPE", "Event type: delivery, promise, sanction…")]
TagsOption = Annotated[list[str] | None, _many("--tag", "tag", "TAG", "Tag.")]
StoriesOption = Annotated[list[str] | None, _many("--story", "story", "STORY", "Story id.")]
SystemsOption = Annotated[
    list[str] | None,
    _many(
        "--system",
        "system",
        "SYSTEM",
        "Weapon system designation, alias (Fath-360 = Fateh-360) or family (Shahed: every Shahed-NNN).",
    ),
]
CategoriesOption = Annotated[
    list[str] | None,
    _many("--category", "category", "CATEGORY", "System category: drone, ballistic-missile, air-defence…"),
]
SourcesOption = Annotated[
    list[str] | None,
    _many(
        "--source",
        "source",
        "SOURCE",
        "A claim from this source: an id, or a publisher (Reuters: its reports, their copies and the claims"
        " relayed from them), or part of a title.",
    ),
]
ConfidenceOption = Annotated[
    list[str] | None,
    _many(
        "--confidence", "flag", "FLAG", "confirmed, statement, reported, unconfirmed, denied, disputed or predicted."
    ),
]
StancesOption = Annotated[
    list[str] | None,
    _many("--stance", "stance", "STANCE", "A claim that asserts, confirms, denies, hedges, declines-to-confirm…"),
]
SpeakersOption = Annotated[
    list[str] | None, _many("--speaker", "actor", "ACTOR", "A claim made by this actor (or one of its parts).")
]
DeniedByOption = Annotated[
    list[str] | None,
    _many("--denied-by", "actor", "ACTOR", "A denial made by this actor (--stance denies --speaker ACTOR)."),
]
GradesOption = Annotated[
    list[str] | None, _many("--grade", "grade", "GRADE", "A claim from a source of this grade, A-F (or a range: A-C).")
]
GrepOption = Annotated[
    list[str] | None,
    typer.Option(
        "--grep",
        help="Text in titles, summaries or claims (case-insensitive)." + NOT,
        metavar="TEXT",
        show_default=False,
    ),
]
SinceOption = Annotated[
    str | None,
    typer.Option(help="Events on or after DATE (2024, 2024-Q1, Oct 2023, last month…).", metavar="DATE"),
]
UntilOption = Annotated[str | None, typer.Option(help="Events on or before DATE (inclusive).", metavar="DATE")]
OnOption = Annotated[
    list[str] | None,
    typer.Option(help="Events in PERIOD (2024-02, 2024-Q1, this year, A/B).", metavar="PERIOD", show_default=False),
]
WithinOption = Annotated[
    bool, typer.Option("--within", help="Only events whose whole date span lies inside the date filters.")
]
SaidSinceOption = Annotated[
    str | None,
    typer.Option(
        "--said-since",
        help="A claim made on or after DATE (when it was said, not when the event happened); a claim filter.",
        metavar="DATE",
        show_default=False,
    ),
]
SaidUntilOption = Annotated[
    str | None,
    typer.Option(
        "--said-until",
        help="A claim made on or before DATE (inclusive); a claim filter.",
        metavar="DATE",
        show_default=False,
    ),
]
QUERY_HELP = (
    'Query terms: field:value for any filter (actor:Iran, by:"United States", text:/Fath-?360/), not:, or,'
    " parentheses, and claim(...) for terms one claim must meet. docs/queries.md has the language."
)
QueryArgument = Annotated[
    list[str] | None,
    typer.Argument(metavar="[QUERY]...", help=QUERY_HELP, show_default=False, autocompletion=complete("query")),
]
QueryOption = Annotated[
    list[str] | None,
    typer.Option(
        "--query", "-q", metavar="QUERY", help=QUERY_HELP, show_default=False, autocompletion=complete("query")
    ),
]
PossiblyOption = Annotated[
    bool,
    typer.Option(
        "--possibly",
        help="Also events only possibly in the period: open-ended ones (by 28 Oct 2024, from Aug 2022) whose known"
        " bound lies outside it, marked (possibly in the period).",
    ),
]
