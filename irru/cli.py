"""The command line: parse options, call the core, render, map errors to exit codes.

No business logic lives here. Heavy modules (rich, dateutil) are imported inside the commands that need them.
"""

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from . import __version__
from .errors import Exit, IrruError, LogError

app = typer.Typer(
    name="irru",
    help=(
        "Follow Iran–Russia military cooperation through its claims: who says so, how sure it is, and what was"
        " known when.\n\n"
        "Examples:\n\n"
        "  irru timeline --actor Iran --since 2024-01 --until 2024-03\n\n"
        "  irru show reuters-400-missiles\n\n"
        "  irru check --data my-log.yaml"
    ),
    no_args_is_help=True,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        envvar="IRRU_DATA",
        help="The log to read (default: the bundled events.yaml). Also IRRU_DATA.",
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


def _version(value: bool) -> None:
    if value:
        typer.echo(f"irru {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = False,
) -> None:
    """Follow Iran–Russia military cooperation through its claims."""


def err(message: str) -> None:
    """A message for the user on stderr."""
    from .inert import inert

    sys.stderr.write(inert(message) + "\n")


def fail(message: str, code: Exit = Exit.USAGE) -> NoReturn:
    err(f"irru: {message}")
    raise typer.Exit(int(code))


@contextmanager
def reported() -> Iterator[None]:
    """Turn the core's errors into messages and exit codes; never a traceback."""
    from .render.problems import format_problems

    try:
        yield
    except LogError as e:
        for line in format_problems(e):
            err(line)
        raise typer.Exit(int(e.exit_code)) from None
    except IrruError as e:
        fail(str(e), e.exit_code)


def load_or_exit(data: Path | None, no_cache: bool):  # type: ignore[no-untyped-def]
    """The log, or its problems on stderr and exit 1."""
    with reported():
        return open_log(data, no_cache)


def open_log(data: Path | None, no_cache: bool = False):  # type: ignore[no-untyped-def]
    import gc

    from .logfile import BUNDLED_NAME, bundled_log_path, read_log

    # A process-wide policy, so the entry point decides it, not the loader: building a log allocates millions of
    # small objects and no cycles, so the collector is paused while building; the log then lives until the
    # command ends, so it is frozen out of the collector's sight.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        if data is None:
            return read_log(bundled_log_path(), name=BUNDLED_NAME, use_cache=not no_cache)
        return read_log(data, use_cache=not no_cache, missing_hint="; give a log with --data FILE or IRRU_DATA")
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


@app.command(
    help=(
        "Check a log: every problem as FILE:LINE:COL, exit 1 if any; otherwise one summary line.\n\n"
        "Examples:\n\n"
        "  irru check\n\n"
        "  irru check my-log.yaml\n\n"
        "  IRRU_DATA=team.yaml irru check"
    )
)
def check(
    file: Annotated[
        Path | None, typer.Argument(help="The log to check (default: --data, IRRU_DATA, or the bundled log).")
    ] = None,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    log = load_or_exit(file or data, no_cache)
    from .render.summary import summary_line

    typer.echo(summary_line(log))


FORMATS = ("table", "plain", "md", "json", "jsonl", "csv")
COLORS = ("auto", "always", "never")


def _choice(value: str | None, choices: tuple[str, ...], option: str) -> str | None:
    if value is None or value in choices:
        return value
    fail(f"{option}: unknown value '{value}'; use one of: {', '.join(choices)}")


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


class Term:
    """What the output goes to: decided once per command (httpie's Environment)."""

    def __init__(self, fmt: str | None, color: str) -> None:
        fmt = _choice(fmt, FORMATS, "--format")
        color = _choice(color, COLORS, "--color") or "auto"
        self.isatty = sys.stdout.isatty()
        no_color_env = bool(os.environ.get("NO_COLOR"))
        if fmt is None:
            fmt = "table" if self.isatty and not no_color_env else "plain"
        self.format: str = fmt
        if color == "always":
            self.color = True
        elif color == "never":
            self.color = False
        else:
            self.color = self.isatty and not no_color_env
        columns = os.environ.get("COLUMNS", "")
        self.width: int | None = int(columns) if columns.isdigit() and int(columns) > 0 else None

    def console(self):  # type: ignore[no-untyped-def]
        from .render.table import console

        return console(color=self.color, width=self.width if not self.isatty else None)


def emit(lines: Iterator[str] | list[str]) -> None:
    """Write lines as they are produced, so large outputs stream."""
    write = sys.stdout.write
    for line in lines:
        write(line)
        write("\n")


def user_date(value: str | None, option: str):  # type: ignore[no-untyped-def]
    from .dates import DateError, parse_user_date

    if value is None:
        return None
    try:
        return parse_user_date(value)
    except DateError as e:
        fail(f"{option}: {e}")


def _complete(kind: str):  # type: ignore[no-untyped-def]
    """Shell completion from the log's own values (bundled, or IRRU_DATA)."""

    def complete(incomplete: str) -> list[str]:
        try:
            log = open_log(Path(os.environ["IRRU_DATA"]) if os.environ.get("IRRU_DATA") else None)
        except IrruError:
            return []
        if kind == "actor":
            names = [a.name for a in log.actors.values()] + [al for a in log.actors.values() for al in a.aliases]
        elif kind == "source":
            names = list(log.sources)
        elif kind == "system":
            names = [s.name for s in log.systems.values()] + [al for s in log.systems.values() for al in s.aliases]
        elif kind == "tag":
            from .query import all_tags

            names = all_tags(log)
        elif kind == "event":
            names = [e.id for e in log.events]
        elif kind == "type":
            from .model import EVENT_TYPES

            names = list(EVENT_TYPES)
        else:
            names = []
        return sorted(n for n in names if n.casefold().startswith(incomplete.casefold()))

    return complete


AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="Only claims made on or before DATE count: what a reader could have known that day.",
        metavar="DATE",
        show_default=False,
    ),
]


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
    since: Annotated[str | None, typer.Option(help="Events on or after DATE.", metavar="DATE")] = None,
    until: Annotated[str | None, typer.Option(help="Events on or before DATE (inclusive).", metavar="DATE")] = None,
    on: Annotated[list[str] | None, typer.Option(help="Events in PERIOD (2024-02, 2023).", metavar="PERIOD")] = None,
    within: Annotated[
        bool, typer.Option(help="Only events whose whole date span lies inside the date filters.")
    ] = False,
    actor: Annotated[
        list[str] | None,
        typer.Option(help="Actor id, name or alias (case-insensitive).", autocompletion=_complete("actor")),
    ] = None,
    role: Annotated[list[str] | None, typer.Option(help="With --actor: supplier, recipient, target…")] = None,
    type_: Annotated[
        list[str] | None,
        typer.Option("--type", help="Event type: delivery, promise, sanction…", autocompletion=_complete("type")),
    ] = None,
    tag: Annotated[list[str] | None, typer.Option(help="Tag.", autocompletion=_complete("tag"))] = None,
    system: Annotated[
        list[str] | None,
        typer.Option(
            help="Weapon system designation or alias (Fath-360 = Fateh-360).", autocompletion=_complete("system")
        ),
    ] = None,
    source: Annotated[
        list[str] | None,
        typer.Option(help="Source id, or a unique part of its publisher or title.", autocompletion=_complete("source")),
    ] = None,
    confidence: Annotated[
        list[str] | None,
        typer.Option(help="confirmed, reported, unconfirmed, denied, disputed, predicted."),
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
    term = Term(format_, color)
    q = _build_query(
        data, no_cache, since=since, until=until, on=on, within=within, actor=actor, role=role, type_=type_, tag=tag,
        system=system, source=source, confidence=confidence, grep=grep, as_of=as_of, sort=sort,
        reverse=reverse, limit=limit,
    )  # fmt: skip
    log, query = q
    from .query import run

    rows = run(log, query)
    if not rows:
        err("irru: no events match")
    _render_timeline(term, log, rows, query)


def _build_query(data: Path | None, no_cache: bool, **o):  # type: ignore[no-untyped-def]
    from . import query as Q

    since, until = user_date(o["since"], "--since"), user_date(o["until"], "--until")
    on = tuple(user_date(p, "--on") for p in (o["on"] or ()))
    as_of_span = user_date(o["as_of"], "--as-of")
    if since and until and since.earliest and until.latest and since.earliest > until.latest:
        fail(f"--since {since.text} is after --until {until.text}")
    if o["role"] and not o["actor"]:
        fail("--role needs --actor: it says which role that actor plays")
    sort = o["sort"]
    if sort not in Q.SORTS:
        fail(f"--sort: unknown value '{sort}'; use one of: {', '.join(Q.SORTS)}")
    log = load_or_exit(data, no_cache)
    try:
        query = Q.Query(
            since=since, until=until, on=on, within=o["within"],
            actors=tuple(Q.resolve_actor(log, a) for a in o["actor"] or ()),
            roles=tuple(Q.resolve_role(r) for r in o["role"] or ()),
            types=tuple(Q.resolve_type(t) for t in o["type_"] or ()),
            tags=tuple(Q.resolve_tag(log, t) for t in o["tag"] or ()),
            systems=tuple(Q.resolve_system(log, s) for s in o["system"] or ()),
            sources=tuple(Q.resolve_source(log, s) for s in o["source"] or ()),
            confidence=tuple(Q.resolve_flag(c) for c in o["confidence"] or ()),
            grep=tuple(o["grep"] or ()),
            as_of=as_of_span.latest if as_of_span else None,
            sort=sort, reverse=o["reverse"], limit=o["limit"],
        )  # fmt: skip
    except IrruError as e:
        fail(str(e), e.exit_code)
    return log, query


def _render_timeline(term: Term, log, rows, query) -> None:  # type: ignore[no-untyped-def]
    from .render import machine, markdown, plain

    _dispatch(
        term,
        table=lambda: _table().timeline(term.console(), log, rows),
        plain=lambda: plain.timeline(log, rows),
        md=lambda: markdown.timeline(log, rows),
        json=lambda: machine.timeline_json(log, rows, as_of=query.as_of),
        jsonl=lambda: machine.timeline_jsonl(log, rows),
        csv=lambda: machine.timeline_csv(log, rows),
    )


def _table():  # type: ignore[no-untyped-def]
    from .render import table  # rich's table machinery, only when a table is drawn

    return table


def _dispatch(term: Term, **renderers):  # type: ignore[no-untyped-def]
    """Call the renderer for the chosen format; text renderers return lines, which are streamed out."""
    lines = renderers[term.format]()
    if lines is not None:
        emit(lines)


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
    event_id: Annotated[
        str, typer.Argument(metavar="EVENT_ID", help="The event's id.", autocompletion=_complete("event"))
    ],
    as_of: AsOfOption = None,
    format_: FormatOption = None,
    color: ColorOption = "auto",
    data: DataOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    from . import query as Q
    from .confidence import assess, claims_as_of

    term = Term(format_, color)
    as_of_span = user_date(as_of, "--as-of")
    log = load_or_exit(data, no_cache)
    with reported():
        event = Q.resolve_event(log, event_id)
    day = as_of_span.latest if as_of_span else None
    claims = claims_as_of(event, day)
    conf = assess(log, event, day)
    if conf is None:
        fail(f"nobody had reported '{event.id}' by {as_of_span.text if as_of_span else ''}", Exit.PROBLEMS)
    row = Q.Row(event, claims, conf)
    story = Q.run(log, Q.Query(as_of=day)) if event.story else []
    story = [r for r in story if r.event.story == event.story]
    if term.format in ("json", "jsonl"):
        from .render import machine

        emit(machine.event_json(log, row))
        return
    if term.format not in ("table", "plain"):
        fail(f"--format {term.format} is not available for show; use table, plain, json or jsonl")
    from .render.show import show as render_show

    lines = render_show(log, row, story)
    if term.format == "plain" or not term.color:
        emit(text for text, _style in lines)
        return
    from rich.text import Text

    out = term.console()
    for text, style in lines:
        out.print(Text(text, style=style))


def _records(term: Term, kind: str, headers: list[str], rows: list[list[str]], records: list[dict]) -> None:  # type: ignore[type-arg]
    from .render import machine, markdown, plain

    def table() -> None:
        from .render.table import grid

        grid(term.console(), headers, rows)

    _dispatch(
        term,
        table=table,
        plain=lambda: plain.table(headers, rows),
        md=lambda: markdown.table(headers, rows),
        json=lambda: machine.records_json(kind, records),
        jsonl=lambda: machine.records_jsonl(records),
        csv=lambda: machine.csv_lines(
            list(records[0]) if records else headers, iter([[_cell(v) for v in r.values()] for r in records])
        ),
    )


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


@app.command(
    help=(
        "The actors in the log: kind, what each is part of, aliases, and how many events and claims involve it.\n\n"
        "Examples:\n\n"
        "  irru actors\n\n"
        "  irru actors --format csv"
    )
)
def actors(
    format_: FormatOption = None, color: ColorOption = "auto", data: DataOption = None, no_cache: NoCacheOption = False
) -> None:
    from .tally import actor_usage

    term = Term(format_, color)
    log = load_or_exit(data, no_cache)
    usage = actor_usage(log)
    records = [
        {
            "id": a.id,
            "name": a.name,
            "kind": a.kind,
            "part_of": a.part_of,
            "aliases": list(a.aliases),
            "events": usage[a.id].events,
            "claims": usage[a.id].claims,
        }  # fmt: skip
        for a in sorted(log.actors.values(), key=lambda a: a.name.casefold())
    ]
    headers = ["Id", "Name", "Kind", "Part of", "Events", "Claims", "Aliases"]
    rows = [
        [r["id"], r["name"], r["kind"], r["part_of"] or "", str(r["events"]), str(r["claims"]), ", ".join(r["aliases"])]
        for r in records
    ]
    _records(term, "actors", headers, rows, records)


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
    format_: FormatOption = None, color: ColorOption = "auto", data: DataOption = None, no_cache: NoCacheOption = False
) -> None:
    from .render.common import source_record
    from .tally import source_usage

    term = Term(format_, color)
    log = load_or_exit(data, no_cache)
    usage = source_usage(log)
    ordered = sorted(log.sources.values(), key=lambda s: (s.published.sort_key(), s.id))
    records = [{**source_record(s), "events": usage[s.id].events, "claims": usage[s.id].claims} for s in ordered]
    headers = ["Id", "Publisher", "Published", "Kind", "Grade", "Events", "Claims", "URL"]
    rows = [
        [
            s.id,
            s.publisher,
            s.published.label(),
            s.kind,
            s.grade,
            str(usage[s.id].events),
            str(usage[s.id].claims),
            s.url or "",
        ]
        for s in ordered
    ]
    _records(term, "sources", headers, rows, records)


@app.command(
    help=(
        "Counts of events by year, type, actor and confidence.\n\n"
        "Examples:\n\n"
        "  irru stats\n\n"
        "  irru stats --as-of 2024-03-31 --format json"
    )
)
def stats(
    as_of: AsOfOption = None,
    format_: FormatOption = None,
    color: ColorOption = "auto",
    data: DataOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    from . import query as Q
    from .tally import stats as tally

    term = Term(format_, color)
    span = user_date(as_of, "--as-of")
    log = load_or_exit(data, no_cache)
    st = tally(log, Q.run(log, Q.Query(as_of=span.latest if span else None)))
    groups = [("year", st.by_year), ("type", st.by_type), ("actor", st.by_actor), ("confidence", st.by_confidence)]
    records = [{"dimension": dim, "value": value, "count": n} for dim, items in groups for value, n in items]
    if term.format == "json":
        from .render import machine

        emit(machine.stats_json(st.total, groups))
        return
    rows = [[r["dimension"], str(r["value"]), str(r["count"])] for r in records]
    _records(term, "stats", ["Dimension", "Value", "Events"], rows, records)


@app.command(
    help=(
        "Compare two sources' claims (or two speakers' with --by), story by story and field by field: quantity,"
        " systems, route, date, stance. Exit 0 when they agree, 1 when they differ, 2 on trouble (as diff(1)).\n\n"
        "Examples:\n\n"
        "  irru diff Stimson 'wary alliance'\n\n"
        "  irru diff --by Iran --by 'United States'\n\n"
        "  irru diff Stimson 'wary alliance' --event reuters-400-missiles --format json\n\n"
        "A source can be named by id or by an unambiguous part of its publisher or title. A later claim by the same"
        " speaker that changes its stance is an UPDATE, not a conflict."
    )
)
def diff(
    sources: Annotated[
        list[str] | None,
        typer.Argument(metavar="[SOURCE_A SOURCE_B]", help="Two sources.", autocompletion=_complete("source")),
    ] = None,
    by: Annotated[
        list[str] | None, typer.Option("--by", help="Compare two speakers instead (give --by twice).", metavar="ACTOR")
    ] = None,
    event: Annotated[str | None, typer.Option(help="Only the story of this event.", metavar="EVENT_ID")] = None,
    as_of: AsOfOption = None,
    format_: FormatOption = None,
    color: ColorOption = "auto",
    data: DataOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    from . import diff as D
    from . import query as Q

    term = Term(format_, color)
    if term.format in ("jsonl", "csv"):
        fail(f"--format {term.format} is not available for diff; use table, plain, md or json")
    span = user_date(as_of, "--as-of")
    if by and sources:
        fail("give either two sources or --by twice, not both")
    if (by and len(by) != 2) or (not by and len(sources or []) != 2):
        fail("diff compares two: give SOURCE_A SOURCE_B, or --by ACTOR_A --by ACTOR_B")
    log = load_or_exit(data, no_cache)
    try:
        if by:
            a, b = (D.speaker_side(log, Q.resolve_actor(log, x)) for x in by)
        else:
            a, b = (D.source_side(log, Q.resolve_source(log, x)) for x in sources or [])
        if event is not None:
            Q.resolve_event(log, event)
    except IrruError as e:
        fail(str(e), e.exit_code)
    result = D.compare(log, a, b, event_id=event, as_of=span.latest if span else None)
    from .render import diffout

    if term.format == "json":
        emit(diffout.as_json(result))
    elif term.format == "md":
        emit(diffout.markdown(result))
    elif term.format == "plain":
        emit(diffout.plain(result))
    else:
        from .render import table

        out = term.console()
        table.grid(out, ["Kind", "Story: field", "A: " + result.a, "B: " + result.b, "Events"],
                   [list(diffout.row_text(r)) for r in result.rows])  # fmt: skip
        out.print(table.T(diffout.summary(result), "bold"))
    raise typer.Exit(int(Exit.PROBLEMS) if result.differs else 0)


def today():  # type: ignore[no-untyped-def]
    """The day elapsed times are counted to: IRRU_TODAY (ISO) when set, for reproducible output."""
    from datetime import date

    pinned = os.environ.get("IRRU_TODAY")
    if pinned:
        try:
            return date.fromisoformat(pinned)
        except ValueError:
            fail(f"IRRU_TODAY: '{pinned}' is not an ISO day (YYYY-MM-DD)")
    return date.today()


def _filtered_rows(log, actor, system, as_of_span):  # type: ignore[no-untyped-def]
    from . import query as Q

    try:
        q = Q.Query(
            actors=tuple(Q.resolve_actor(log, a) for a in actor or ()),
            systems=tuple(Q.resolve_system(log, s) for s in system or ()),
            as_of=as_of_span.latest if as_of_span else None,
        )
    except IrruError as e:
        fail(str(e), e.exit_code)
    return Q.run(log, q)


@app.command(
    help=(
        "The promise ledger: announced or promised transfers (Su-35 jets, S-400…), from whom to whom, announced"
        " when and by whom, delivered when or not delivered as of a date, and the time elapsed.\n\n"
        "Examples:\n\n"
        "  irru promises\n\n"
        "  irru promises --system Su-35 --as-of 2024-03-31\n\n"
        "  irru promises --status not-delivered --format json\n\n"
        "Status: delivered (a delivery confirmed or reported on the record); delivery-disputed, -unconfirmed,"
        " -denied or -predicted (a delivery only so supported); partly-delivered, not-delivered or cancelled (as"
        " the newest source to say so put it); no-outcome-recorded. Elapsed time runs from the promise to its"
        " delivery, or to today (or --as-of)."
    )
)
def promises(
    actor: Annotated[
        list[str] | None, typer.Option(help="Actor id, name or alias.", autocompletion=_complete("actor"))
    ] = None,
    system: Annotated[
        list[str] | None, typer.Option(help="System designation or alias.", autocompletion=_complete("system"))
    ] = None,
    status: Annotated[list[str] | None, typer.Option(help="Only these statuses.")] = None,
    as_of: AsOfOption = None,
    format_: FormatOption = None,
    color: ColorOption = "auto",
    data: DataOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    from . import ledger
    from .dates import iso

    term = Term(format_, color)
    span = user_date(as_of, "--as-of")
    for s in status or ():
        if s not in ledger.STATUSES:
            from .query import resolve_choice

            try:
                resolve_choice("status", s, ledger.STATUSES)
            except IrruError as e:
                fail(str(e))
    log = load_or_exit(data, no_cache)
    rows = _filtered_rows(log, actor, system, span)
    day = span.latest if span and span.latest else today()
    items = [p for p in ledger.promises(log, rows, today=day) if not status or p.status in status]
    records = [
        {
            "id": p.event.id,
            "date": p.event.date.text,
            "title": p.event.title,
            "systems": list(p.systems),
            "suppliers": list(p.suppliers),
            "recipients": list(p.recipients),
            "announced_by": list(p.announced_by),
            "status": p.status,
            "status_note": p.status_note,
            "outcome": p.outcome.id if p.outcome else None,
            "until": iso(p.until),
            "elapsed_days": p.elapsed_days,
            "elapsed": ledger.elapsed_text(p.elapsed_days),
            "confidence": {"flag": p.confidence.flag, "who": p.confidence.who},
            "sources": list(p.sources),
        }  # fmt: skip
        for p in items
    ]
    headers = ["Announced", "What", "From → to", "By", "Status", "Elapsed", "Confidence", "Sources"]
    table_rows = [
        [
            p.event.date.label(),
            ", ".join(p.systems) or p.event.title,
            f"{', '.join(p.suppliers) or '?'} → {', '.join(p.recipients) or '?'}",
            ", ".join(p.announced_by),
            p.status_note,
            ledger.elapsed_text(p.elapsed_days) + ("" if p.status == "delivered" else f" (to {p.until.isoformat()})"),
            p.confidence.label(),
            ", ".join(p.sources),
        ]  # fmt: skip
        for p in items
    ]
    if not items:
        err("irru: no promises match")
    _records(term, "promises", headers, table_rows, records)


@app.command(
    help=(
        "The transfer register, in the manner of SIPRI's: supplier, recipient, system, category, quantity ordered"
        " and delivered (~ and + kept), dates, status, confidence and sources; one row per story and system.\n\n"
        "Examples:\n\n"
        "  irru transfers\n\n"
        "  irru transfers --actor Russia --format csv\n\n"
        "  irru transfers --as-of 2024-03-31"
    )
)
def transfers(
    actor: Annotated[
        list[str] | None, typer.Option(help="Actor id, name or alias.", autocompletion=_complete("actor"))
    ] = None,
    system: Annotated[
        list[str] | None, typer.Option(help="System designation or alias.", autocompletion=_complete("system"))
    ] = None,
    as_of: AsOfOption = None,
    format_: FormatOption = None,
    color: ColorOption = "auto",
    data: DataOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    from dataclasses import asdict

    from . import ledger

    term = Term(format_, color)
    span = user_date(as_of, "--as-of")
    log = load_or_exit(data, no_cache)
    items = ledger.transfers(log, _filtered_rows(log, actor, system, span))
    records = [{**asdict(t), "sources": list(t.sources), "events": list(t.events)} for t in items]
    headers = [
        "Supplier",
        "Recipient",
        "System",
        "Category",
        "Ordered",
        "Delivered",
        "Order date",
        "Delivery date",
        "Status",
        "Confidence",
    ]
    table_rows = [
        [
            t.supplier,
            t.recipient,
            t.system,
            t.category,
            t.ordered,
            t.delivered,
            t.ordered_on,
            t.delivered_on,
            t.status,
            t.confidence,
        ]
        for t in items
    ]
    if not items:
        err("irru: no transfers match")
    _records(term, "transfers", headers, table_rows, records)


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the app, ending quietly on Ctrl-C (130) and on a closed pipe."""
    args = sys.argv[1:] if argv is None else argv
    try:
        _app_for(args)(args=args or ["--help"], prog_name="irru")
    except SystemExit as e:
        code = e.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    except KeyboardInterrupt:
        sys.stderr.write("\n")
        return int(Exit.INTERRUPTED)
    except BrokenPipeError:
        _quiet_pipe()
        return 0
    return 0


def _app_for(args: list[str]) -> typer.Typer:
    """The app to run: for `irru COMMAND …`, one holding only that command.

    typer turns every command's signature into click options on each call (about 20 ms for nine commands);
    building only the one asked for gives the same parsing, help and errors for it. Shell completion and the
    top-level help need the whole app.
    """
    if not args or args[0].startswith("-") or any(k.endswith("_COMPLETE") for k in os.environ):
        return app
    chosen = [c for c in app.registered_commands if (c.name or c.callback.__name__) == args[0]]  # type: ignore[union-attr]
    if not chosen:
        return app  # let the full app say "No such command" with its suggestions
    single = typer.Typer(
        name="irru", no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
        rich_markup_mode=None, context_settings={"help_option_names": ["-h", "--help"]},
    )  # fmt: skip
    single.registered_callback = app.registered_callback
    single.registered_commands = chosen
    return single


def _quiet_pipe() -> None:
    # The reader went away (`irru timeline | head -1`): point stdout at /dev/null so that Python's
    # final flush does not complain.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
