"""`irru actors`, `irru sources`, `irru stats`: what the log holds."""

from __future__ import annotations

import typer

from .filters import filters, query
from .logs import open_log
from .options import (
    ActorsOption,
    AsOfOption,
    BetweenOption,
    CategoriesOption,
    ColorOption,
    ConfidenceOption,
    DataOption,
    DeniedByOption,
    FormatOption,
    NoCacheOption,
    NoPagerOption,
    OnOption,
    SinceOption,
    SourcesOption,
    StancesOption,
    StoriesOption,
    SystemsOption,
    TypesOption,
    UntilOption,
)
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
        " select.\n\n"
        "Examples:\n\n"
        "  irru stats\n\n"
        "  irru stats --as-of 2024-03-31 --format json\n\n"
        "  irru stats --actor Iran --since 2024 --type not:context"
    )
)
def stats(
    ctx: typer.Context,
    since: SinceOption = None,
    until: UntilOption = None,
    on: OnOption = None,
    actor: ActorsOption = None,
    between: BetweenOption = None,
    type_: TypesOption = None,
    system: SystemsOption = None,
    category: CategoriesOption = None,
    story: StoriesOption = None,
    source: SourcesOption = None,
    stance: StancesOption = None,
    denied_by: DeniedByOption = None,
    confidence: ConfidenceOption = None,
    as_of: AsOfOption = None,
    format_: FormatOption = None,
    color: ColorOption = "auto",
    no_pager: NoPagerOption = False,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    from .. import query as Q
    from ..render.records import stats_view
    from ..tally import stats as tally

    env = env_of(ctx)
    term = Term(env, format_, color, pager=not no_pager)
    asked = filters(
        env,
        since=since,
        until=until,
        on=on,
        as_of=as_of,
        between=between,
        actor=actor,
        type=type_,
        system=system,
        category=category,
        story=story,
        source=source,
        stance=stance,
        denied_by=denied_by,
        confidence=confidence,
    )
    log = open_log(data, no_cache)
    st = tally(log, Q.run(log, query(log, asked)))
    groups = [("year", st.by_year), ("type", st.by_type), ("actor", st.by_actor), ("confidence", st.by_confidence)]
    if term.format == "json":
        from ..render import machine

        term.emit(machine.stats_json(st.total, groups))
        return
    term.listing(stats_view(groups))
