"""`irru actors`, `irru sources`, `irru stats`: what the log holds."""

from __future__ import annotations

from typing import Annotated

import typer

from ..indexed import Indexed
from .filters import Filters, query, selecting
from .logs import open_log
from .options import (
    ColorOption,
    DataOption,
    FormatOption,
    NoCacheOption,
    NoPagerOption,
)
from .output import Term, check_choice
from .root import app, env_of


@app.command(
    help=(
        "The actors in the log: kind, what each is part of, aliases, and how many events and claims involve it.\n\n"
        "Examples:\n\n"
        "  irru actors\n\n"
        "  irru actors --format csv"
    )
)
def actors(
    ctx: typer.Context,
    format_: FormatOption = None,
    color: ColorOption = "auto",
    no_pager: NoPagerOption = False,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    from ..render.records import actors_view

    term = Term(env_of(ctx), format_, color, pager=not no_pager)
    term.listing(actors_view(open_log(data, no_cache)))


@app.command(
    help=(
        "The sources in the log: publisher, publication date, kind, reliability grade (A-F), URL, and how many"
        " events and claims each backs.\n\n"
        "Examples:\n\n"
        "  irru sources\n\n"
        "  irru sources --format json"
    )
)
def sources(
    ctx: typer.Context,
    format_: FormatOption = None,
    color: ColorOption = "auto",
    no_pager: NoPagerOption = False,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    from ..render.records import sources_view

    term = Term(env_of(ctx), format_, color, pager=not no_pager)
    term.listing(sources_view(open_log(data, no_cache)))


@app.command(
    help=(
        "Counts of events by year, type, actor and confidence, of the whole log or of the events the filters"
        " select; with --chart, a bar chart of events per quarter (--by month or year) split by confidence, each"
        " flag drawn with its own character.\n\n"
        "By actor, each event counts once under the state (or other top body) each of its actors was part of on"
        " the event's day: a minister's events count under the state.\n\n"
        "Examples:\n\n"
        "  irru stats\n\n"
        "  irru stats --as-of 2024-03-31 --format json\n\n"
        "  irru stats --actor Iran --since 2024 --type not:context\n\n"
        "  irru stats --chart --by year"
    )
)
@selecting
def stats(
    ctx: typer.Context,
    asked: Filters,
    chart: Annotated[
        bool, typer.Option("--chart", help="A bar chart of events per period by confidence instead.")
    ] = False,
    by: Annotated[
        str, typer.Option("--by", help="With --chart: quarter, month or year.", metavar="PERIOD")
    ] = "quarter",
    format_: FormatOption = None,
    color: ColorOption = "auto",
    no_pager: NoPagerOption = False,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    from .. import query as Q
    from ..render.records import stats_view
    from ..tally import PERIODS, stats_of_counts
    from ..tally import stats as tally

    env = env_of(ctx)
    term = Term(env, format_, color, pager=not no_pager)
    by = check_choice(by, PERIODS, "--by") or "quarter"
    log = open_log(data, no_cache)
    q = query(log, asked)
    # a cache entry's facts, when they answer q exactly
    counts = log.planned_counts(q, by_day=chart) if isinstance(log, Indexed) else None
    if chart:
        from ..tally import by_period, by_period_of_counts
        from .export import stats_chart

        stats_chart(term, by_period_of_counts(counts, by) if counts is not None else by_period(Q.run(log, q), by), by)
        return
    st = stats_of_counts(counts) if counts is not None else tally(log, Q.run(log, q))
    groups = [("year", st.by_year), ("type", st.by_type), ("actor", st.by_actor), ("confidence", st.by_confidence)]
    if term.format == "json":
        from ..render import machine

        term.emit(machine.stats_json(st.total, groups))
        return
    term.listing(stats_view(groups))
