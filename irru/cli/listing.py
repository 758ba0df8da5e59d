"""`irru actors`, `irru sources`, `irru stats`: what the log holds."""

from __future__ import annotations

import typer

from .logs import open_log
from .options import AsOfOption, ColorOption, DataOption, FormatOption, NoCacheOption, user_date
from .output import Term
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
        "Counts of events by year, type, actor and confidence.\n\n"
        "Examples:\n\n"
        "  irru stats\n\n"
        "  irru stats --as-of 2024-03-31 --format json"
    )
)
def stats(
    ctx: typer.Context,
    as_of: AsOfOption = None,
    format_: FormatOption = None,
    color: ColorOption = "auto",
    data: DataOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    from .. import query as Q
    from ..render.records import stats_view
    from ..tally import stats as tally

    term = Term(env_of(ctx), format_, color)
    span = user_date(as_of, "--as-of")
    log = open_log(data, no_cache)
    st = tally(log, Q.run(log, Q.Query(as_of=span.latest if span else None)))
    groups = [("year", st.by_year), ("type", st.by_type), ("actor", st.by_actor), ("confidence", st.by_confidence)]
    if term.format == "json":
        from ..render import machine

        term.emit(machine.stats_json(st.total, groups))
        return
    term.listing(stats_view(groups))
