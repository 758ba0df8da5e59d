"""Commands that publish a chronology: `irru export html|timelinejs|sqlite` and `irru graph`, plus the chart
for `irru stats --chart`. Thin glue: options in, query rows from irru/query.py (the same filters as
`timeline`), renderers from irru/export/ out. Registered on the app by :func:`register`.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from .errors import Exit


def _cli():  # type: ignore[no-untyped-def]
    """irru.cli, imported when a command runs: it imports this module to register the commands, so this module
    must not import it at load time."""
    from . import cli

    return cli


# The same options as irru.cli's (kept here so that this module loads without it).
DataOption = Annotated[
    Optional[Path],
    typer.Option("--data", envvar="IRRU_DATA", help="The log to read (default: the bundled events.yaml). Also IRRU_DATA.",
                 show_default=False, metavar="FILE"),
]  # fmt: skip
NoCacheOption = Annotated[
    bool,
    typer.Option("--no-cache", envvar="IRRU_NO_CACHE", help="Parse the log afresh instead of using the cache of parsed logs. Also IRRU_NO_CACHE=1."),
]  # fmt: skip
AsOfOption = Annotated[
    Optional[str],
    typer.Option("--as-of", help="Only claims made on or before DATE count: what a reader could have known that day.",
                 metavar="DATE", show_default=False),
]  # fmt: skip

export_app = typer.Typer(
    name="export",
    help=(
        "Publish the chronology: a self-contained HTML report, TimelineJS JSON, or a SQLite database for"
        " Datasette. The same filters as `timeline` choose what goes in.\n\n"
        "Examples:\n\n"
        "  irru export html -o report.html\n\n"
        "  irru export timelinejs --story iran-missiles-to-russia -o timeline.json\n\n"
        "  irru export sqlite irru.db && datasette irru.db -m irru.metadata.json"
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
)

# The filters of `timeline`, by the same names and meanings.
Since = Annotated[Optional[str], typer.Option(help="Events on or after DATE.", metavar="DATE")]
Until = Annotated[Optional[str], typer.Option(help="Events on or before DATE (inclusive).", metavar="DATE")]
On = Annotated[Optional[list[str]], typer.Option(help="Events in PERIOD (2024-02, 2023).", metavar="PERIOD")]
Within = Annotated[bool, typer.Option(help="Only events whose whole date span lies inside the date filters.")]
ActorOpt = Annotated[Optional[list[str]], typer.Option("--actor", help="Actor id, name or alias (also matches its parts).")]
RoleOpt = Annotated[Optional[list[str]], typer.Option("--role", help="With --actor: supplier, recipient, target…")]
TypeOpt = Annotated[Optional[list[str]], typer.Option("--type", help="Event type: delivery, promise, sanction…")]
TagOpt = Annotated[Optional[list[str]], typer.Option("--tag", help="Tag.")]
SystemOpt = Annotated[Optional[list[str]], typer.Option("--system", help="Weapon system designation or alias.")]
SourceOpt = Annotated[Optional[list[str]], typer.Option("--source", help="Source id, or a unique part of its publisher or title.")]
ConfidenceOpt = Annotated[
    Optional[list[str]], typer.Option("--confidence", help="confirmed, reported, unconfirmed, denied, disputed, predicted.")
]
StoryOpt = Annotated[Optional[list[str]], typer.Option("--story", help="Story id (events of that story only).")]
GrepOpt = Annotated[Optional[list[str]], typer.Option("--grep", help="Text in titles, summaries or claims (case-insensitive).")]
TitleOpt = Annotated[Optional[str], typer.Option("--title", help="Title of the report (default: from the log's file name).")]
OutputOpt = Annotated[
    Optional[Path], typer.Option("--output", "-o", help="Write to FILE (atomically) instead of standard output.", metavar="FILE")
]


def _rows(data, no_cache, o):  # type: ignore[no-untyped-def]
    """The log and the rows the timeline filters select, oldest first."""
    from . import query as Q
    from .errors import IrruError

    C = _cli()

    log, query = C._build_query(
        data, no_cache, since=o["since"], until=o["until"], on=o["on"], within=o["within"], actor=o["actor"],
        role=o["role"], type_=o["type_"], tag=o["tag"], system=o["system"], source=o["source"],
        confidence=o["confidence"], grep=o["grep"], as_of=o["as_of"], sort="date", reverse=False, limit=None,
    )  # fmt: skip
    rows = Q.run(log, query)
    if o.get("story"):
        known = {e.story for e in log.events if e.story}
        for s in o["story"]:
            if s not in known:
                try:
                    Q.resolve_choice("story", s, sorted(known))
                except IrruError as e:
                    C.fail(str(e), e.exit_code)
        rows = [r for r in rows if r.event.story in o["story"]]
    if not rows:
        C.err("irru: no events match")
    return log, query, rows


def _described(o: dict) -> str:  # type: ignore[type-arg]
    """The filters as options, for the report's header: `--actor Iran --since 2024`."""
    names = {"type_": "type"}
    words: list[str] = []
    for key, value in o.items():
        option = "--" + names.get(key, key).replace("_", "-")
        if value in (None, False, [], ()):
            continue
        if value is True:
            words.append(option)
        else:
            for v in value if isinstance(value, list) else [value]:
                words += [option, shlex.quote(str(v))]
    return " ".join(words)


def _title(log, title: str | None) -> str:  # type: ignore[no-untyped-def]
    return title or f"Chronology: {Path(log.path).name}"


def _write(output: Path | None, text: str, count: int) -> None:
    C = _cli()
    if output is None or str(output) == "-":
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    from .export.sqlite import _write_text_atomic

    if output.is_dir():
        C.fail(f"{output} is a directory; give the file to write")
    try:
        _write_text_atomic(output, text if text.endswith("\n") else text + "\n")
    except OSError as e:
        C.fail(f"cannot write {output}: {e.strerror or e}", Exit.USAGE)
    C.err(f"irru: wrote {count} events to {output}")


@export_app.command(
    "html",
    help=(
        "One self-contained HTML page: no network, every asset inline, works from file:// and offline. The"
        " chronology by year, each event's flag in words and colour, its claims with speaker, stance, date and"
        " source, and the relay chain; filters by actor, system, confidence, story and text; an as-of control"
        " that recomputes the flags in the page; a print stylesheet. Needs jinja2: pip install 'irru[export]'.\n\n"
        "Examples:\n\n"
        "  irru export html -o report.html\n\n"
        "  irru export html --actor Iran --since 2024 --title 'Iran in 2024' -o iran-2024.html"
    ),
)
def export_html(
    since: Since = None, until: Until = None, on: On = None, within: Within = False, actor: ActorOpt = None,
    role: RoleOpt = None, type_: TypeOpt = None, tag: TagOpt = None, system: SystemOpt = None,
    source: SourceOpt = None, confidence: ConfidenceOpt = None, story: StoryOpt = None, grep: GrepOpt = None,
    as_of: AsOfOption = None, title: TitleOpt = None, output: OutputOpt = None,
    data: DataOption = None, no_cache: NoCacheOption = False,
) -> None:  # fmt: skip
    C = _cli()
    filters = dict(since=since, until=until, on=on, within=within, actor=actor, role=role, type_=type_, tag=tag,
                   system=system, source=source, confidence=confidence, story=story, grep=grep, as_of=as_of)  # fmt: skip
    try:
        import jinja2  # noqa: F401
    except ImportError:
        C.fail("export html needs jinja2, which is not installed; install it with: pip install 'irru[export]'")
    log, query, rows = _rows(data, no_cache, filters)
    from .export import html

    _write(output, html.render(log, rows, title=_title(log, title), as_of=query.as_of, filters=_described(filters)), len(rows))


@export_app.command(
    "timelinejs",
    help=(
        "Knight Lab's TimelineJS3 JSON: a slide per event with start and end dates at the log's precision,"
        " display_date with c. and ? kept, the story as group, and text with the flag, the claims and the"
        " sources.\n\n"
        "Examples:\n\n"
        "  irru export timelinejs -o timeline.json\n\n"
        "  irru export timelinejs --system Su-35 --as-of 2024-03-31"
    ),
)
def export_timelinejs(
    since: Since = None, until: Until = None, on: On = None, within: Within = False, actor: ActorOpt = None,
    role: RoleOpt = None, type_: TypeOpt = None, tag: TagOpt = None, system: SystemOpt = None,
    source: SourceOpt = None, confidence: ConfidenceOpt = None, story: StoryOpt = None, grep: GrepOpt = None,
    as_of: AsOfOption = None, title: TitleOpt = None, output: OutputOpt = None,
    data: DataOption = None, no_cache: NoCacheOption = False,
) -> None:  # fmt: skip
    C = _cli()
    filters = dict(since=since, until=until, on=on, within=within, actor=actor, role=role, type_=type_, tag=tag,
                   system=system, source=source, confidence=confidence, story=story, grep=grep, as_of=as_of)  # fmt: skip
    log, query, rows = _rows(data, no_cache, filters)
    from .export.timelinejs import timelinejs

    _write(output, "\n".join(timelinejs(log, rows, title=_title(log, title), as_of=query.as_of)), len(rows))


@export_app.command(
    "sqlite",
    help=(
        "A SQLite database of the log: events (with their flag), claims, sources, actors, systems, links,"
        " event_actors, event_systems and source_cites, with foreign keys, indexes, ISO dates and full-text"
        " search (events_fts on titles, summaries and claim texts; claims_fts); and beside it a metadata.json"
        " for Datasette (titles, descriptions, facets). Both are written atomically; FILE is replaced.\n\n"
        "Examples:\n\n"
        "  irru export sqlite irru.db\n\n"
        "  datasette irru.db -m irru.metadata.json\n\n"
        "  sqlite3 irru.db \"SELECT id, flag FROM events_fts JOIN events ON events.rowid = events_fts.rowid"
        " WHERE events_fts MATCH '\\\"Fath-360\\\"'\""
    ),
)
def export_sqlite(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The database to write (replaced if it exists).")],
    metadata: Annotated[
        Optional[Path],
        typer.Option("--metadata", help="Where to write Datasette's metadata (default: FILE's name + .metadata.json).", metavar="PATH"),
    ] = None,
    since: Since = None, until: Until = None, on: On = None, within: Within = False, actor: ActorOpt = None,
    role: RoleOpt = None, type_: TypeOpt = None, tag: TagOpt = None, system: SystemOpt = None,
    source: SourceOpt = None, confidence: ConfidenceOpt = None, story: StoryOpt = None, grep: GrepOpt = None,
    as_of: AsOfOption = None, title: TitleOpt = None,
    data: DataOption = None, no_cache: NoCacheOption = False,
) -> None:  # fmt: skip
    C = _cli()
    filters = dict(since=since, until=until, on=on, within=within, actor=actor, role=role, type_=type_, tag=tag,
                   system=system, source=source, confidence=confidence, story=story, grep=grep, as_of=as_of)  # fmt: skip
    if file.is_dir():
        C.fail(f"{file} is a directory; give the database file to write")
    if not file.parent.is_dir():
        C.fail(f"cannot write {file}: no directory {file.parent}")
    log, query, rows = _rows(data, no_cache, filters)
    from .export import sqlite

    meta = metadata or file.with_name(file.stem + ".metadata.json")
    try:
        sqlite.write(file, log, rows, metadata_path=meta, title=_title(log, title), as_of=query.as_of)
    except OSError as e:
        C.fail(f"cannot write {file}: {e.strerror or e}", Exit.USAGE)
    C.err(f"irru: wrote {len(rows)} events to {file} and Datasette metadata to {meta}")


GRAPH_FORMATS = ("mermaid", "dot")


def graph(
    relays: Annotated[bool, typer.Option("--relays", help="The relay graph of sources instead: which report rests on which.")] = False,
    format_: Annotated[str, typer.Option("--format", "-f", help="mermaid or dot (Graphviz).", metavar="FORMAT")] = "mermaid",
    since: Since = None, until: Until = None, on: On = None, within: Within = False, actor: ActorOpt = None,
    role: RoleOpt = None, type_: TypeOpt = None, tag: TagOpt = None, system: SystemOpt = None,
    source: SourceOpt = None, confidence: ConfidenceOpt = None, story: StoryOpt = None, grep: GrepOpt = None,
    as_of: AsOfOption = None, data: DataOption = None, no_cache: NoCacheOption = False,
) -> None:  # fmt: skip
    C = _cli()
    C._choice(format_, GRAPH_FORMATS, "--format")
    filters = dict(since=since, until=until, on=on, within=within, actor=actor, role=role, type_=type_, tag=tag,
                   system=system, source=source, confidence=confidence, story=story, grep=grep, as_of=as_of)  # fmt: skip
    log, _query, rows = _rows(data, no_cache, filters)
    from .export import graph as G

    g = G.relay_graph(log, rows) if relays else G.actor_graph(log, rows)
    C.emit(G.mermaid(g) if format_ == "mermaid" else G.dot(g))


GRAPH_HELP = (
    "Who does what to whom, as a Mermaid or Graphviz DOT graph: actors as nodes; transfers (supplier → recipient,"
    " with the systems), sanctions and strikes, and statements (a named actor confirming, denying, hedging or"
    " declining to confirm) as edges, counted. With --relays, the relay graph of sources: which report rests on"
    " which original (claim via, source cites), the picture of circular reporting. The same filters as"
    " `timeline`.\n\n"
    "Examples:\n\n"
    "  irru graph --actor Iran\n\n"
    "  irru graph --format dot | dot -Tsvg > actors.svg\n\n"
    "  irru graph --relays --system Fath-360"
)


def stats_chart(term, log, rows, by: str) -> None:  # type: ignore[no-untyped-def]
    """`irru stats --chart`: events per period by flag; rich on a terminal, plain text when piped, JSON."""
    from .render import chart
    from .tally import by_period

    C = _cli()

    periods = by_period(rows, by)
    if term.format == "json":
        from .render.machine import dumps

        C.emit([dumps({"version": 1, "by": by, "periods": [{"period": p, "total": sum(c.values()), "confidence": c} for p, c in periods]})])
    elif term.format == "table":
        chart.draw(term.console(), periods, by=by)
    elif term.format in ("plain", "md"):
        lines = list(chart.lines(periods, by=by))
        C.emit(["```text", *lines, "```"] if term.format == "md" else lines)
    else:
        C.fail(f"--format {term.format} is not available with --chart; use table, plain, md or json")


def register(app: typer.Typer) -> None:
    app.add_typer(export_app, name="export")
    app.command(name="graph", help=GRAPH_HELP)(graph)
