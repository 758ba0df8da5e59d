"""`irru diff`: two sources' (or speakers') claims, side by side."""

from __future__ import annotations

from typing import Annotated

import typer

from ..errors import Exit, UsageError
from .filters import NO_FILTERS, Filters, query, selecting
from .logs import open_log
from .options import (
    ColorOption,
    DataOption,
    DiffFormatOption,
    NoCacheOption,
    NoPagerOption,
    complete,
)
from .output import Term
from .root import app, env_of


@app.command(
    help=(
        "Compare two sources' claims (or two speakers' with --by) on the same event, field by field: quantity,"
        " systems, route, date, status, stance. Exit 0 when they agree, 1 when they differ, 2 on trouble (as"
        " diff(1)).\n\n"
        "Examples:\n\n"
        "  irru diff Stimson 'wary alliance'\n\n"
        "  irru diff --by Iran --by 'United States'\n\n"
        "  irru diff Stimson 'wary alliance' --system Fath-360 --since 2024\n\n"
        "  irru diff Stimson 'wary alliance' --event reuters-400-missiles --format json\n\n"
        "  irru diff Stimson 'wary alliance' --only conflict,update\n\n"
        "A source can be named by id or by an unambiguous part of its publisher or title. Kinds: agree;"
        " compatible (overlapping quantities or dates); narrower (one list is part of the other); CONFLICT; UPDATE"
        " (the same speaker later); only in A or B; RELATED (different events of one story, side by side, never"
        " compared). Each speaker's stance is its latest position as of the day, with its history."
    )
)
@selecting
def diff(
    ctx: typer.Context,
    sources: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[SOURCE_A SOURCE_B]",
            help="Two sources (id, or a unique part of a publisher or title).",
            autocompletion=complete("diff_source"),
        ),
    ] = None,
    by: Annotated[
        list[str] | None,
        typer.Option(
            "--by",
            help="Compare two speakers instead (give --by twice).",
            metavar="ACTOR",
            autocompletion=complete("actor"),
            show_default=False,
        ),
    ] = None,
    event: Annotated[
        str | None,
        typer.Option(
            help="Only this event (and the events of its story shown beside it as related).",
            metavar="EVENT_ID",
            autocompletion=complete("event"),
            show_default=False,
        ),
    ] = None,
    only: Annotated[
        str | None,
        typer.Option(
            help="Only these kinds, comma-separated: agree, compatible, narrower, conflict, update, only-a, only-b,"
            " related.",
            metavar="KINDS",
            show_default=False,
        ),
    ] = None,
    asked: Filters = NO_FILTERS,
    format_: DiffFormatOption = None,
    color: ColorOption = "auto",
    no_pager: NoPagerOption = False,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    from .. import diff as D
    from .. import query as Q
    from ..render import diffout

    env = env_of(ctx)
    term = Term(env, format_, color, pager=not no_pager)
    term.only("diff", "table", "plain", "md", "json")
    span = asked.as_of
    if by and sources:
        raise UsageError("give either two sources or --by twice, not both")
    if (by and len(by) != 2) or (not by and len(sources or []) != 2):
        raise UsageError("diff compares two: give SOURCE_A SOURCE_B, or --by ACTOR_A --by ACTOR_B")
    log = open_log(data, no_cache)
    if by:
        a, b = (D.speaker_side(log, Q.resolve_actor(log, x)) for x in by)
    else:
        a, b = (D.source_side(log, Q.resolve_source(log, x)) for x in sources or [])
    if event is not None:
        Q.resolve_event(log, event)
    kinds = [
        Q.resolve_choice("kind", k.strip(), D.KINDS, option="--only") for k in (only or "").split(",") if k.strip()
    ]
    result = D.compare(log, a, b, event_id=event, as_of=span.latest if span else None).filtered(kinds)
    if asked.any:  # only the rows about events the filters select
        result = D.about(log, result, query(log, asked))

    def table() -> None:
        diffout.table(term.console(), result)

    term.dispatch(
        table=table,
        plain=lambda: diffout.plain(result),
        md=lambda: diffout.markdown(result),
        json=lambda: diffout.as_json(result),
    )
    raise typer.Exit(int(Exit.PROBLEMS) if result.differs else 0)
