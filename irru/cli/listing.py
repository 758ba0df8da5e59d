"""`irru actors`, `irru sources`, `irru stats`: what the log holds."""

from __future__ import annotations

from typing import Annotated

import typer

from .logs import open_log
from .options import AsOfOption, ColorOption, DataOption, FormatOption, NoCacheOption, user_date
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
    data: DataOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    from ..render.records import actors_view

    term = Term(env_of(ctx), format_, color)
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
    data: DataOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    from ..render.records import sources_view

    term = Term(env_of(ctx), format_, color)
    term.listing(sources_view(open_log(data, no_cache)))


@app.command(
    help=(
        "Counts of events by year, type, actor and confidence; with --chart, a bar chart of events per quarter"
        " (--by month or year) split by confidence, each flag drawn with its own character.\n\n"
        "Examples:\n\n"
        "  irru stats\n\n"
        "  irru stats --as-of 2024-03-31 --format json\n\n"
        "  irru stats --chart --by year"
    )
)
def stats(
    ctx: typer.Context,
    as_of: AsOfOption = None,
    chart: Annotated[
        bool, typer.Option("--chart", help="A bar chart of events per period by confidence instead.")
    ] = False,
    by: Annotated[
        str, typer.Option("--by", help="With --chart: quarter, month or year.", metavar="PERIOD")
    ] = "quarter",
    format_: FormatOption = None,
    color: ColorOption = "auto",
    data: DataOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    from .. import query as Q
    from ..render.records import stats_view
    from ..tally import PERIODS
    from ..tally import stats as tally

    term = Term(env_of(ctx), format_, color)
    by = check_choice(by, PERIODS, "--by") or "quarter"
    span = user_date(as_of, "--as-of")
    log = open_log(data, no_cache)
    rows = Q.run(log, Q.Query(as_of=span.latest if span else None))
    if chart:
        from .export import stats_chart

        stats_chart(term, rows, by)
        return
    st = tally(log, rows)
    groups = [("year", st.by_year), ("type", st.by_type), ("actor", st.by_actor), ("confidence", st.by_confidence)]
    if term.format == "json":
        from ..render import machine

        term.emit(machine.stats_json(st.total, groups))
        return
    term.listing(stats_view(groups))
