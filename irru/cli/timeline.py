"""`irru timeline` and `irru show`: the chronology, and one event in full."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..errors import IrruError
from ..indexed import Indexed
from .filters import Filters, ordered, selecting
from .logs import open_log
from .options import (
    AsOfOption,
    ColorOption,
    DataOption,
    FormatOption,
    NoCacheOption,
    NoPagerOption,
    ShowFormatOption,
    complete,
    user_date,
)
from .output import Term
from .root import IrruCommand, app, env_of

if TYPE_CHECKING:
    from ..model import Log
    from ..query import Query
    from ..render.common import Item


@app.command(
    help=(
        "The chronology: events oldest first, each with its id, who reports it, how sure it is, and footnoted"
        " sources.\n\n"
        "The id (first on each line, or beside the date) is what show, trace and diff --event take; --no-sources"
        " leaves the footnotes out. On a terminal a line above says how many events, over which period, and how"
        " many are disputed or denied.\n\n"
        "Examples:\n\n"
        "  irru timeline --actor Iran --since 2024-01 --until 2024-03\n\n"
        "  irru timeline --between Iran Russia --on 2024-Q3 --type not:context\n\n"
        "  irru timeline --denied-by Iran --format json\n\n"
        "  irru timeline --system Shahed --source Reuters --reverse\n\n"
        "  irru timeline --since 2024 --no-sources\n\n"
        "  irru timeline --review approved --as-of 2024-03-06\n\n"
        "The same filter repeated means any of its values (--actor Iran --actor Russia); different filters must"
        " all hold; --between asks for both actors; not:VALUE drops what VALUE would select. Claim filters"
        " (--source, --stance, --speaker, --denied-by, --grade) describe one claim. Dates may be 2023, 2023-10,"
        " Oct 2023, 21 Feb 2024, 2024-Q1, last month, this year, 3 months ago or A/B; a partial date covers its"
        " whole period (--until 2023 includes 31 Dec 2023). A date filter lists the events in the period and the"
        " bounded ones that straddle it (marked); an open-ended event (from Aug 2022, by 28 Oct 2024) is placed by"
        " its known bound, and one that only may fall in the period is left out unless --possibly asks for it"
        " (marked: possibly in the period); --within keeps only events certainly inside. docs/queries.md has the"
        " rules with examples."
    )
)
@selecting
def timeline(
    ctx: typer.Context,
    asked: Filters,
    sort: Annotated[
        str, typer.Option(help="date, confidence or type.", metavar="ORDER", autocompletion=complete("sort"))
    ] = "date",
    reverse: Annotated[bool, typer.Option("--reverse", "-r", help="Newest first.")] = False,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            "-n",
            help="The N latest events (by date, as jrnl -n), listed in the chosen order: -n 5 -r, the five newest first.",
            metavar="N",
            show_default=False,
        ),
    ] = None,
    no_sources: Annotated[
        bool,
        typer.Option(
            "--no-sources", help="Leave out the footnote marks and the list of sources (table, plain and md)."
        ),
    ] = False,
    format_: FormatOption = None,
    color: ColorOption = "auto",
    no_pager: NoPagerOption = False,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    from ..render import machine, markdown, plain
    from .filters import query

    env = env_of(ctx)
    term = Term(env, format_, color, pager=not no_pager)
    asked = ordered(asked, sort, reverse, limit)
    log = open_log(data, no_cache)
    q = query(log, asked)
    if term.format in ("jsonl", "json") and _planned(term, log, q):
        return
    sources = not no_sources
    if term.format in ("json", "jsonl", "csv"):
        stored = _records(log, q) if term.format == "csv" else None
        if stored is not None:  # csv: its cells are the records' (machine.timeline_csv)
            first = next(stored, None)
            if first is None:
                env.err("irru: no events match")
            term.emit(machine.records_csv(() if first is None else itertools.chain((first,), stored)))
            return
        from ..query import run

        rows = run(log, q)
        if not rows:
            env.err("irru: no events match")
        term.dispatch(
            json=lambda: machine.timeline_json(log, rows, as_of=q.as_of),
            jsonl=lambda: machine.timeline_jsonl(log, rows),
            csv=lambda: machine.timeline_csv(log, rows),
        )
        return
    count, widest, summary, items = _items(log, q, summary=term.format != "plain")
    if not count:
        env.err("irru: no events match")

    def table() -> None:
        from ..render.table import timeline as draw

        draw(term.console(), log, items, summary=summary, sources=sources)

    term.dispatch(
        table=table,
        plain=lambda: plain.timeline(log, items, id_width=widest, sources=sources),
        md=lambda: markdown.timeline(log, items, summary=summary, sources=sources),
    )


def _records(log: Log, q: Query, *, claims: bool = True) -> Iterator[dict[str, Any]] | None:
    """The planned answer to ``q`` as its events' JSON records, read from a cache entry's stored texts row by
    row (no event decoded, no flag computed), when the entry answers the query exactly; for the human formats
    (``claims=False``) only as of no day (they make a date filter's note from the record's date,
    ``query.date_note``); None otherwise (the general path then runs).

    ``claims=False``: each record without its claims and links (its last and largest part, which the human formats
    do not print), read from the text before its ``"claims"`` key: the first ``, "claims": [`` in it, since the
    keys before it (event_record's) hold none of that name and a string's own quotes are escaped."""
    if not isinstance(log, Indexed) or (not claims and q.as_of is not None):
        return None
    lines = log.planned_lines(q)
    if lines is None:
        return None
    if claims:
        return (json.loads(line) for _cited, line in lines)

    def head(line: str) -> Any:
        cut = line.find(', "claims": [')
        return json.loads(line[:cut] + "}" if cut >= 0 else line)

    return (head(line) for _cited, line in lines)


def _items(log: Log, q: Query, *, summary: bool = True) -> tuple[int, int, str | None, Iterable[Item]]:
    """What the human formats print: how many events, the widest id, the summary line (None when nothing
    matches, or not asked for: plain has none) and the events, streamed from the stored texts when the cache
    answers the query (the first three then come from its facts), else from the query run on the log."""
    from ..render.common import RecordItems, item_of, summary_of, summary_text

    stored = _records(log, q, claims=False)
    frame = log.planned_frame(q, summary=summary) if stored is not None and isinstance(log, Indexed) else None
    if stored is None or frame is None:
        from ..query import run
        from ..render.plain import widest_id

        rows = run(log, q)
        items = [item_of(log, r) for r in rows]
        return len(rows), widest_id(items), summary_text(rows) if rows and summary else None, items
    from ..query import date_note

    reader = RecordItems((lambda d: date_note(q, d)) if q.since or q.until or q.on else None)
    count, widest, flags, ends = frame
    said = summary_of(count, [reader.span(json.loads(line)["date"]) for line in ends], flags) if count else None
    return count, widest, said if summary else None, (reader.item(rec) for rec in stored)


def _planned(term: Term, log: Log, q: Query) -> bool:
    """JSON or JSON Lines read straight from a cache entry's stored texts, streamed row by row, when the cache
    answers the query exactly (irru.logfile.planner.plan); False when it does not (then the general path runs)."""
    if not isinstance(log, Indexed):
        return False
    from ..render import machine

    if term.format == "json":
        count = log.planned_count(q)
        lines = log.planned_lines(q, cited=True) if count is not None else None
        if lines is None or count is None:
            return False
        if not count:
            term.env.err("irru: no events match")
        term.emit(machine.planned_json(log, count, lines, as_of=q.as_of))
        return True
    lines = log.planned_lines(q)
    if lines is None:
        return False
    first = next(lines, None)
    if first is None:
        term.env.err("irru: no events match")
        return True
    term.emit(itertools.chain((first[1],), (line for _cited, line in lines)))
    return True


@app.command(
    help=(
        "Everything about one event (or several): its date span, actors, systems, every claim with speaker,"
        " stance, date and source, linked events, and the confidence flag with the rule that produced it.\n\n"
        "Examples:\n\n"
        "  irru show reuters-400-missiles\n\n"
        "  irru show reuters-400-missiles --as-of 2024-02-21\n\n"
        "  irru show su35-deal-finalised fath360-shipment-2024 --format json"
    ),
    cls=IrruCommand,
)
def show(
    ctx: typer.Context,
    event_ids: Annotated[
        list[str],
        typer.Argument(metavar="EVENT_ID...", help="One or more event ids.", autocompletion=complete("event")),
    ],
    as_of: AsOfOption = None,
    format_: ShowFormatOption = None,
    color: ColorOption = "auto",
    no_pager: NoPagerOption = False,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    from ..query import event_view, resolve_event

    env = env_of(ctx)
    term = Term(env, format_, color, pager=not no_pager)
    term.only("show", "table", "plain", "json", "jsonl")
    from .filters import as_of_day

    as_of_span = as_of_day(user_date(as_of, "--as-of", env.today() if as_of else None), env)
    day = as_of_span.latest if as_of_span else None
    log = open_log(data, no_cache)
    events = [resolve_event(log, e) for e in event_ids]  # every id checked before anything is printed
    views = []
    for event in events:
        view = event_view(log, event, day)
        if view is None:
            raise IrruError(f"nobody had reported '{event.id}' by {as_of_span.text if as_of_span else ''}")
        views.append(view)
    if term.format in ("json", "jsonl"):
        from ..render import machine

        for row, _story in views:
            term.emit(machine.event_json(log, row))
        return
    from ..render.show import show as render_show

    for n, (row, story) in enumerate(views):
        if n:
            term.emit(["", ""])
        lines = render_show(log, row, story, day)
        if term.format == "plain":
            term.emit(text for text, _style in lines)
        else:
            from ..render.table import styled_lines

            styled_lines(term.console(), lines)
