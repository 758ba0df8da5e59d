"""Provenance and curation commands: trace, archive, fmt, new (issue 16). Thin glue over pure modules.

:func:`register` defines the commands on the app, taking the shared options and helpers from the cli module it
is given (passed in rather than imported: typer's docs generator loads the cli module under another name).
"""

from pathlib import Path
from types import SimpleNamespace
from typing import Annotated, Any, Optional

import typer

TRACE_HELP = (
    "The relay tree of every claim on an event, down to its originals: the wire story, briefing or speaker"
    " each claim rests on (from claims' via and sources' cites), with the count of independent originals and a"
    " warning where several sources relay one original (circular reporting).\n\n"
    "Examples:\n\n"
    "  irru trace reuters-400-missiles\n\n"
    "  irru trace reuters-400-missiles --as-of 2024-02-21\n\n"
    "  irru trace reuters-400-missiles --format json\n\n"
    "A relayed claim rests on the source it relays; an on-record claim by a defined actor rests on that actor's"
    " statement of that day (one briefing reported by three outlets is one original); any other claim rests on"
    " its source's own reporting. A source that cites another source reporting the same event is flagged as a"
    " possible relay. Formats: table, plain, json."
)


def register(app: typer.Typer, cli_globals: dict[str, Any]) -> None:
    """Add this module's commands to the app (irru.cli calls this once, passing its globals)."""
    cli = SimpleNamespace(**cli_globals)

    @app.command(name="trace", help=TRACE_HELP)
    def trace(
        event_id: Annotated[str, typer.Argument(metavar="EVENT_ID", help="The event's id.", autocompletion=cli._complete("event"))],
        as_of: cli.AsOfOption = None,  # type: ignore[name-defined]
        format_: cli.FormatOption = None,  # type: ignore[name-defined]
        color: cli.ColorOption = "auto",  # type: ignore[name-defined]
        data: cli.DataOption = None,  # type: ignore[name-defined]
        no_cache: cli.NoCacheOption = False,  # type: ignore[name-defined]
    ) -> None:
        from . import query as Q
        from .confidence import claims_as_of
        from .errors import Exit
        from .trace import trace as build

        term = cli.Term(format_, color)
        if term.format not in ("table", "plain", "json"):
            cli.fail(f"--format {term.format} is not available for trace; use table, plain or json")
        span = cli.user_date(as_of, "--as-of")
        log = cli.load_or_exit(data, no_cache)
        with cli.reported():
            event = Q.resolve_event(log, event_id)
        claims = claims_as_of(event, span.latest if span else None)
        if not claims:
            cli.fail(f"nobody had reported '{event.id}' by {span.text if span else ''}", Exit.PROBLEMS)
        tr = build(log, event, claims)
        from .render import trace as R

        if term.format == "json":
            cli.emit(R.as_json(log, tr, as_of=span.latest.isoformat() if span and span.latest else None))
            return
        _styled(cli, term, R.lines(log, tr))


def _styled(cli: Any, term, lines) -> None:  # type: ignore[no-untyped-def]
    """(text, style) lines: plain text, or styled on a colour terminal."""
    if term.format == "plain" or not term.color:
        cli.emit(text for text, _style in lines)
        return
    from rich.text import Text

    console = term.console()
    for text, style in lines:
        console.print(Text(text, style=style))


_ = (Path, Optional)  # used by commands added below
