"""`irru export html|timelinejs|sqlite` and `irru graph`: publish the chronology; and the chart of
`irru stats --chart`. Options in, rows from irru/query.py (the same filters as `timeline`), renderers from
irru/export/ out."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import UsageError
from .filters import NO_FILTERS, Filters, selecting
from .filters import query as make_query
from .logs import open_log
from .options import DataOption, NoCacheOption
from .output import Env, Term, check_choice
from .root import IrruCommand, IrruTyper, app, env_of

if TYPE_CHECKING:
    from ..model import Log
    from ..query import Query, Row
    from ..safewrite import Original

export_app = IrruTyper(
    name="export",
    help=(
        "Publish the chronology: a self-contained HTML report, TimelineJS JSON, or a SQLite database for"
        " Datasette; or its evidence in standard forms: W3C PROV (prov), Web Annotations of the anchored quotes"
        " (annotations), CSL-JSON of the sources (csl). The same filters as `timeline` choose what goes in.\n\n"
        "Examples:\n\n"
        "  irru export html -o report.html\n\n"
        "  irru export timelinejs --system Su-35 -o timeline.json\n\n"
        "  irru export sqlite irru.db && datasette irru.db -m irru.metadata.json\n\n"
        "  irru export prov -o provenance.jsonld"
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(export_app, name="export")

TitleOpt = Annotated[
    str | None,
    typer.Option("--title", help="Title of the report (default: from the log's file name).", metavar="TITLE"),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to FILE (atomically) instead of standard output.", metavar="FILE"),
]

# Accepted, as by every command that prints (so a habit or an alias with --no-pager does not fail here); an export
# or a graph is a file or a stream for another program, never paged.
NoPagerOpt = Annotated[
    bool, typer.Option("--no-pager", help="Accepted as by the other commands; an export or graph is never paged.")
]


def _select(env: Env, data: Path | None, no_cache: bool, asked: Filters) -> tuple[Log, Query, list[Row]]:
    """The log, the query and the rows the filters select, oldest first."""
    from .. import query as Q

    log = open_log(data, no_cache)
    query = make_query(log, asked)
    rows = Q.run(log, query)
    if not rows:
        env.err("irru: no events match")
    return log, query, rows


def _described(asked: Filters) -> str:
    """The filters as options, for the report's header: `--actor Iran --since 2024`."""
    words: list[str] = []
    for key, value in asked.given.items():
        option = "--" + key.replace("_", "-")
        if value is None or value is False or not value:
            continue
        if value is True:
            words.append(option)
        elif key == "between":  # one option, two actors
            words += [option, *(shlex.quote(v) for v in value)]
        else:
            for v in [value] if isinstance(value, str) else value:
                words += [option, shlex.quote(v)]
    return " ".join(words)


def _title(log: Log, title: str | None) -> str:
    return title or f"Chronology: {Path(log.path).name}"


def _target(output: Path | None) -> Original | None:
    """The export's file as it is now (checked before any work: a link, a directory or a device is refused)."""
    if output is None or str(output) == "-":
        return None
    from ..safewrite import look

    return look(output)


def _write(env: Env, output: Path | None, text: str, count: int, target: Original | None) -> None:
    """To stdout or to the file (through :func:`irru.safewrite.write`): the same text either way, in which the
    renderers left no raw control or bidi character (a terminal may be reading stdout)."""
    text = text if text.endswith("\n") else text + "\n"
    if output is None or str(output) == "-" or target is None:
        env.stdout.write(text)
        return
    from ..safewrite import write

    write(output, text, original=target)
    env.err(f"irru: wrote {count} events to {output}")


@export_app.command(
    "html",
    help=(
        "One self-contained HTML page: no network, every asset inline, works from file:// and offline. The"
        " chronology by year, each event's flag in words and colour, its claims with speaker, stance, date and"
        " source, and the relay chain; filters by actor, system, confidence, story and text; an as-of control"
        " that shows each flag as it stood on a day (computed by irru when exporting); a print stylesheet.\n\n"
        "Examples:\n\n"
        "  irru export html -o report.html\n\n"
        "  irru export html --actor Iran --since 2024 --title 'Iran in 2024' -o iran-2024.html"
    ),
)
@selecting
def export_html(
    ctx: typer.Context,
    asked: Filters = NO_FILTERS,
    title: TitleOpt = None,
    output: OutputOpt = None,
    no_pager: NoPagerOpt = False,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    try:
        import jinja2  # noqa: F401
    except ImportError:
        raise UsageError(
            "export html needs jinja2, one of irru's dependencies, which is missing from this Python:"
            " reinstall irru (pip install --force-reinstall irru) or pip install jinja2"
        ) from None
    env = env_of(ctx)
    target = _target(output)
    log, query, rows = _select(env, data, no_cache, asked)
    from ..export import html

    page = html.render(log, rows, title=_title(log, title), as_of=query.as_of, filters=_described(asked))
    _write(env, output, page, len(rows), target)


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
@selecting
def export_timelinejs(
    ctx: typer.Context,
    asked: Filters = NO_FILTERS,
    title: TitleOpt = None,
    output: OutputOpt = None,
    no_pager: NoPagerOpt = False,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    env = env_of(ctx)
    target = _target(output)
    log, query, rows = _select(env, data, no_cache, asked)
    from ..export.timelinejs import timelinejs

    _write(
        env, output, "\n".join(timelinejs(log, rows, title=_title(log, title), as_of=query.as_of)), len(rows), target
    )


@export_app.command(
    "sqlite",
    help=(
        "A SQLite database of the log: events (with their flag), claims, sources, actors, systems, links,"
        " event_actors, event_systems, claim_quantities (every quantity with its unit and system) and"
        " source_cites, with foreign keys, indexes, ISO dates and full-text search (events_fts on titles,"
        " summaries and claim texts; claims_fts); and beside it a metadata.json"
        " for Datasette (titles, descriptions, facets). Both are written atomically; FILE is replaced.\n\n"
        "Examples:\n\n"
        "  irru export sqlite irru.db\n\n"
        "  datasette irru.db -m irru.metadata.json"
    ),
    cls=IrruCommand,
)
@selecting
def export_sqlite(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The database to write (replaced if it exists).")],
    metadata: Annotated[
        Path | None,
        typer.Option(
            "--metadata",
            help="Where to write Datasette's metadata (default: FILE's name + .metadata.json).",
            metavar="PATH",
        ),
    ] = None,
    asked: Filters = NO_FILTERS,
    title: TitleOpt = None,
    no_pager: NoPagerOpt = False,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    from ..safewrite import look

    if str(file) == "-":
        raise UsageError(
            "export sqlite writes a database file, not standard output: give its name"
            " (irru export sqlite irru.db); for rows on standard output use irru timeline --format csv or jsonl"
        )
    if not file.parent.is_dir():
        raise UsageError(f"cannot write {file}: no directory {file.parent}")
    meta = metadata or file.with_name(file.stem + ".metadata.json")
    targets = (look(file), look(meta))  # a link, directory or device refused before any work
    env = env_of(ctx)
    log, query, rows = _select(env, data, no_cache, asked)
    from ..export import sqlite

    sqlite.write(file, log, rows, metadata_path=meta, title=_title(log, title), as_of=query.as_of, targets=targets)
    env.err(f"irru: wrote {len(rows)} events to {file} and Datasette metadata to {meta}")


STANDARD_HELP: tuple[tuple[str, str], ...] = (  # name, help
    (
        "prov",
        "The provenance of the selected events as W3C PROV-O in JSON-LD: sources and their captures as entities"
        " (with the capture's SHA-256 and time), each claim derived from its source and from the relays it came"
        " through, attributed to its speaker, with the original it rests on as its primary source (as `irru"
        " trace` finds it: counting an event's primary sources gives trace's independent originals).\n\n"
        "Examples:\n\n"
        "  irru export prov -o provenance.jsonld\n\n"
        "  irru export prov --story iran-missiles-to-russia",
    ),
    (
        "annotations",
        "The anchored quotes (irru anchor) of the selected events as W3C Web Annotations (JSON-LD): an"
        " AnnotationCollection whose annotations target each source's page with a TextQuoteSelector (exact,"
        " prefix, suffix) and a TextPositionSelector, and the capture's time as its state; loadable into"
        " annotation tools such as Hypothesis.\n\n"
        "Examples:\n\n"
        "  irru export annotations -o quotes.jsonld\n\n"
        "  irru export annotations --actor Iran",
    ),
    (
        "csl",
        "The sources behind the selected events as CSL-JSON, for Zotero, Pandoc and citeproc: type from the"
        " source's kind, title, publisher, authors as written, the publication date at its precision, URL,"
        " accessed date and archived copy, and the grade in the note.\n\n"
        "Examples:\n\n"
        "  irru export csl -o sources.json\n\n"
        "  irru export csl --since 2024 | pandoc --citeproc --bibliography=/dev/stdin ...",
    ),
)


def _standard(name: str) -> None:
    """`irru export NAME` for a standard format (prov, annotations, csl): the timeline filters, -o."""

    @export_app.command(name, help=dict(STANDARD_HELP)[name])
    @selecting
    def run(
        ctx: typer.Context,
        asked: Filters = NO_FILTERS,
        output: OutputOpt = None,
        data: DataOption = None,
        no_cache: NoCacheOption = False,
    ) -> None:
        env = env_of(ctx)
        target = _target(output)
        log, _query, rows = _select(env, data, no_cache, asked)
        if name == "prov":
            from ..export.prov import prov_json

            lines = prov_json(log, rows)
        elif name == "annotations":
            from ..export.annotations import annotations_json

            lines = annotations_json(log, rows, label=Path(log.path).name)
        else:
            from ..export.csl import csl_json

            lines = csl_json(log, rows)
        _write(env, output, "\n".join(lines), len(rows), target)


for _name, _help in STANDARD_HELP:
    _standard(_name)


GRAPH_FORMATS = ("mermaid", "dot")


@app.command(
    help=(
        "Who does what to whom, as a Mermaid or Graphviz DOT graph: actors as nodes; transfers (supplier →"
        " recipient, with the systems), sanctions and strikes, and statements (a named actor confirming, denying,"
        " hedging or declining to confirm) as edges, counted. With --relays, the relay graph of sources: which"
        " report rests on which original (claim via, source cites), the picture of circular reporting. The same"
        " filters as `timeline`.\n\n"
        "Examples:\n\n"
        "  irru graph --actor Iran\n\n"
        "  irru graph --format dot | dot -Tsvg > actors.svg\n\n"
        "  irru graph --relays --since 2024-01 --until 2024-03"
    )
)
@selecting
def graph(
    ctx: typer.Context,
    relays: Annotated[
        bool, typer.Option("--relays", help="The relay graph of sources instead: which report rests on which.")
    ] = False,
    format_: Annotated[
        str, typer.Option("--format", "-f", help="mermaid or dot (Graphviz).", metavar="FORMAT")
    ] = "mermaid",
    asked: Filters = NO_FILTERS,
    no_pager: NoPagerOpt = False,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    fmt = check_choice(format_, GRAPH_FORMATS, "--format")
    env = env_of(ctx)
    log, _query, rows = _select(env, data, no_cache, asked)
    from ..export import graph as G

    g = G.relay_graph(log, rows) if relays else G.actor_graph(log, rows)
    env.emit(G.mermaid(g) if fmt == "mermaid" else G.dot(g))


def stats_chart(term: Term, periods: list[tuple[str, dict[str, int]]], by: str) -> None:
    """`irru stats --chart`: events per period (tally.by_period) by flag; rich on a terminal, plain text when
    piped, or JSON."""
    from ..render import chart

    if term.format == "json":
        from ..render.machine import chart_json

        term.emit(chart_json(by, periods))
    elif term.format == "table":
        from ..render.table import chart as draw

        draw(term.console(), periods, by=by)
    else:
        term.only("stats --chart", "table", "plain", "md", "json")
        lines = list(chart.lines(periods, by=by))
        term.emit(["```text", *lines, "```"] if term.format == "md" else lines)
