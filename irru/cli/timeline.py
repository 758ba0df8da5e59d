"""`irru timeline` and `irru show`: the chronology, and one event in full."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import IrruError, UsageError
from .logs import open_log
from .options import AsOfOption, ColorOption, DataOption, FormatOption, NoCacheOption, complete, user_date
from .output import Term, check_choice
from .root import app, env_of

if TYPE_CHECKING:
    from ..dates import Span
    from ..model import Log
    from ..query import Query


@dataclass(frozen=True)
class Filters:
    """The timeline's filters as typed, with dates already parsed (so a bad date fails before the log is read)."""

    since: Span | None
    until: Span | None
    on: tuple[Span, ...]
    within: bool
    actors: tuple[str, ...]
    roles: tuple[str, ...]
    types: tuple[str, ...]
    tags: tuple[str, ...]
    systems: tuple[str, ...]
    sources: tuple[str, ...]
    confidence: tuple[str, ...]
    grep: tuple[str, ...]
    as_of: Span | None
    sort: str
    reverse: bool
    limit: int | None

    def check(self) -> None:
        from ..query import SORTS

        if (
            self.since
            and self.until
            and self.since.earliest
            and self.until.latest
            and self.since.earliest > self.until.latest
        ):
            raise UsageError(f"--since {self.since.text} is after --until {self.until.text}")
        if self.roles and not self.actors:
            raise UsageError("--role needs --actor: it says which role that actor plays")
        check_choice(self.sort, SORTS, "--sort")

    def query(self, log: Log) -> Query:
        """The query, with every name resolved against the log (unknown names are usage errors)."""
        from .. import query as Q

        return Q.Query(
            since=self.since,
            until=self.until,
            on=self.on,
            within=self.within,
            actors=tuple(Q.resolve_actor(log, a) for a in self.actors),
            roles=tuple(Q.resolve_role(r) for r in self.roles),
            types=tuple(Q.resolve_type(t) for t in self.types),
            tags=tuple(Q.resolve_tag(log, t) for t in self.tags),
            systems=tuple(Q.resolve_system(log, s) for s in self.systems),
            sources=tuple(Q.resolve_source(log, s) for s in self.sources),
            confidence=tuple(Q.resolve_flag(c) for c in self.confidence),
            grep=self.grep,
            as_of=self.as_of.latest if self.as_of else None,
            sort=self.sort,
            reverse=self.reverse,
            limit=self.limit,
        )


@app.command(
    help=(
        "The chronology: events oldest first, each with who reports it, how sure it is, and footnoted sources.\n\n"
        "Examples:\n\n"
        "  irru timeline --actor Iran --since 2024-01 --until 2024-03\n\n"
        "  irru timeline --confidence denied --format json\n\n"
        "  irru timeline --system Su-35 --reverse\n\n"
        "The same filter repeated means any of its values (--actor Iran --actor Russia); different filters must"
        " all hold. Dates may be 2023, 2023-10, Oct 2023, 21 Feb 2024 or 2024-02-21; a partial date covers its"
        " whole period (--until 2023 includes 31 Dec 2023). An event with an imprecise date matches when its"
        " span overlaps the filter's; --within asks for events certainly inside it. An actor also matches its"
        " parts (Iran matches the IRGC) and the claims it makes."
    )
)
def timeline(
    ctx: typer.Context,
    since: Annotated[str | None, typer.Option(help="Events on or after DATE.", metavar="DATE")] = None,
    until: Annotated[str | None, typer.Option(help="Events on or before DATE (inclusive).", metavar="DATE")] = None,
    on: Annotated[list[str] | None, typer.Option(help="Events in PERIOD (2024-02, 2023).", metavar="PERIOD")] = None,
    within: Annotated[
        bool, typer.Option(help="Only events whose whole date span lies inside the date filters.")
    ] = False,
    actor: Annotated[
        list[str] | None,
        typer.Option(help="Actor id, name or alias (case-insensitive).", autocompletion=complete("actor")),
    ] = None,
    role: Annotated[list[str] | None, typer.Option(help="With --actor: supplier, recipient, target…")] = None,
    type_: Annotated[
        list[str] | None,
        typer.Option("--type", help="Event type: delivery, promise, sanction…", autocompletion=complete("type")),
    ] = None,
    tag: Annotated[list[str] | None, typer.Option(help="Tag.", autocompletion=complete("tag"))] = None,
    system: Annotated[
        list[str] | None,
        typer.Option(
            help="Weapon system designation or alias (Fath-360 = Fateh-360).", autocompletion=complete("system")
        ),
    ] = None,
    source: Annotated[
        list[str] | None,
        typer.Option(help="Source id, or a unique part of its publisher or title.", autocompletion=complete("source")),
    ] = None,
    confidence: Annotated[
        list[str] | None,
        typer.Option(help="confirmed, statement, reported, unconfirmed, denied, disputed, predicted."),
    ] = None,
    grep: Annotated[
        list[str] | None, typer.Option(help="Text in titles, summaries or claims (case-insensitive).")
    ] = None,
    as_of: AsOfOption = None,
    sort: Annotated[str, typer.Option(help="date, confidence or type.")] = "date",
    reverse: Annotated[bool, typer.Option("--reverse", "-r", help="Newest first.")] = False,
    limit: Annotated[int | None, typer.Option("--limit", "-n", help="At most N events.", min=0)] = None,
    format_: FormatOption = None,
    color: ColorOption = "auto",
    data: DataOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    from ..query import run
    from ..render import machine, markdown, plain

    env = env_of(ctx)
    term = Term(env, format_, color)
    filters = Filters(
        since=user_date(since, "--since"),
        until=user_date(until, "--until"),
        on=tuple(d for d in (user_date(p, "--on") for p in on or ()) if d is not None),
        within=within,
        actors=tuple(actor or ()),
        roles=tuple(role or ()),
        types=tuple(type_ or ()),
        tags=tuple(tag or ()),
        systems=tuple(system or ()),
        sources=tuple(source or ()),
        confidence=tuple(confidence or ()),
        grep=tuple(grep or ()),
        as_of=user_date(as_of, "--as-of"),
        sort=sort,
        reverse=reverse,
        limit=limit,
    )
    filters.check()
    log = open_log(data, no_cache)
    query = filters.query(log)
    rows = run(log, query)
    if not rows:
        env.err("irru: no events match")

    def table() -> None:
        from ..render.table import timeline as draw

        draw(term.console(), log, rows)

    term.dispatch(
        table=table,
        plain=lambda: plain.timeline(log, rows),
        md=lambda: markdown.timeline(log, rows),
        json=lambda: machine.timeline_json(log, rows, as_of=query.as_of),
        jsonl=lambda: machine.timeline_jsonl(log, rows),
        csv=lambda: machine.timeline_csv(log, rows),
    )


@app.command(
    help=(
        "Everything about one event: its date span, actors, systems, every claim with speaker, stance, date and"
        " source, linked events, and the confidence flag with the rule that produced it.\n\n"
        "Examples:\n\n"
        "  irru show reuters-400-missiles\n\n"
        "  irru show reuters-400-missiles --as-of 2024-02-21\n\n"
        "  irru show su35-deal-finalised --format json"
    )
)
def show(
    ctx: typer.Context,
    event_id: Annotated[
        str, typer.Argument(metavar="EVENT_ID", help="The event's id.", autocompletion=complete("event"))
    ],
    as_of: AsOfOption = None,
    format_: FormatOption = None,
    color: ColorOption = "auto",
    data: DataOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    from ..query import event_view, resolve_event

    term = Term(env_of(ctx), format_, color)
    as_of_span = user_date(as_of, "--as-of")
    log = open_log(data, no_cache)
    event = resolve_event(log, event_id)
    view = event_view(log, event, as_of_span.latest if as_of_span else None)
    if view is None:
        raise IrruError(f"nobody had reported '{event.id}' by {as_of_span.text if as_of_span else ''}")
    row, story = view
    if term.format in ("json", "jsonl"):
        from ..render import machine

        term.emit(machine.event_json(log, row))
        return
    term.only("show", "table", "plain", "json", "jsonl")
    from ..render.show import show as render_show

    lines = render_show(log, row, story)
    if term.format == "plain" or not term.color:
        term.emit(text for text, _style in lines)
        return
    from ..render.table import styled_lines

    styled_lines(term.console(), lines)
