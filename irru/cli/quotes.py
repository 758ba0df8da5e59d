"""`irru anchor` and `irru watch`: quotes placed in their hashed captures, and pages watched for the quoted
words. Thin glue over :mod:`irru.anchor`, :mod:`irru.captures` and :mod:`irru.watch`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..errors import Exit, IrruError, LogError, UsageError
from .curate import _log_path, _need_ruamel, _read_checked
from .root import app, env_of

if TYPE_CHECKING:
    from ..captures import Anchored

ANCHOR_HELP = (
    "Anchor each quoted claim in its source's capture: find the quoted words in the capture's text (an HTML"
    " page's visible text, a PDF's extracted text) and write an anchor into the claim: the words as the capture"
    " has them, 32 characters either side, their offsets and the capture's SHA-256. `irru check --archive`"
    " then resolves every anchor against exactly that capture: exact, moved, ambiguous or orphan (a quote"
    " swapped for another sentence of the page is an orphan).\n\n"
    "Examples:\n\n"
    "  irru anchor my-log.yaml\n\n"
    "  irru anchor my-log.yaml --event reuters-400-missiles --dry-run\n\n"
    "  irru anchor my-log.yaml --event kirby-briefing --occurrence 2\n\n"
    "Claims anchored already are kept (--refresh anchors them again, in the current capture). Words found more"
    " than once are not anchored until --occurrence says which. Case, words and punctuation count; curly and"
    " straight quotes, dashes and runs of white space do not. The log is written only if it still passes check,"
    " atomically, the old file kept as FILE.bak. Exit 1 if a quoted claim could not be anchored. PDF captures"
    " need the 'pdf' extra (pypdf); writing needs the 'edit' extra."
)


@app.command(name="anchor", help=ANCHOR_HELP)
def anchor_(
    ctx: typer.Context,
    file: Annotated[Path | None, typer.Argument(help="The log whose quotes to anchor.", show_default=False)] = None,
    event: Annotated[
        list[str] | None,
        typer.Option("--event", help="Only this event's quoted claims (repeatable).", metavar="EVENT_ID"),
    ] = None,
    occurrence: Annotated[
        int | None,
        typer.Option(help="Which occurrence of words found several times (1 = the first).", metavar="N"),
    ] = None,
    refresh: Annotated[bool, typer.Option("--refresh", help="Anchor again claims that have an anchor.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Report, but do not write the log.")] = False,
    data: Annotated[Path | None, typer.Option("--data", hidden=True)] = None,
) -> None:
    from .. import query as Q
    from ..captures import anchor_claims

    env = env_of(ctx)
    path = _log_path(file, data)
    if not dry_run:
        _need_ruamel()
    text, log, original = _read_checked(path)
    ids = frozenset(Q.resolve_event(log, e).id for e in event) if event else None
    if occurrence is not None:
        todo = [c for e in ids or () for c in log.events_by_id[e].claims if c.quoted and (refresh or c.anchor is None)]
        if len(todo) != 1:
            raise IrruError(
                "--occurrence picks among one claim's matches: give --event for an event with one quoted claim"
                " still to anchor"
            )
    results = anchor_claims(log, path, event_ids=ids, refresh=refresh, occurrence=occurrence)
    lines = [f"{path}:{r.line}: {r.event} claim {r.claim}: {r.message}" for r in results]
    found = [r for r in results if r.anchor is not None]
    failed = len(results) - len(found)
    summary = f"{len(found)} anchored, {failed} not anchored"
    if found and not dry_run:
        from .. import yamledit

        try:
            bak = yamledit.write_log(path, write_anchors(text, found), original=original)
        except LogError:
            env.err(f"irru: {path}: nothing written: the anchors would not pass check:")
            raise
        summary += f"; wrote {path}" + (f" (old file kept as {bak})" if bak else "")
    elif found:
        summary += "; nothing written (--dry-run)"
    env.emit([*lines, summary])
    if failed:
        raise typer.Exit(Exit.PROBLEMS)


def write_anchors(text: str, results: list[Anchored]) -> str:
    """The log's text with these claims' anchors set; comments, order and quoting kept."""
    from ruamel.yaml.comments import CommentedMap

    from .. import yamledit

    doc = yamledit.load(text)
    for r in results:
        assert r.anchor is not None
        event = yamledit.find_by_id(doc.get("events"), r.event)
        claim: Any = event["claims"][r.claim - 1]
        a = r.anchor
        claim["anchor"] = CommentedMap(
            [("exact", a.exact), ("prefix", a.prefix), ("suffix", a.suffix), ("start", a.start), ("end", a.end),
             ("sha256", a.sha256)]
        )  # fmt: skip
    return yamledit.dump(doc)


WATCH_HELP = (
    "Fetch each quoted source's page again and report, for every quote, whether it is still present, edited (the"
    " words around it are there with other words between; the diff shows the passage then and now) or removed."
    " A page whose bytes match a capture already kept is unchanged and nothing is stored; a changed page is kept"
    " as a new capture beside the old one (FILE-captures/SOURCE.TIME.EXT). The log and the manifest are never"
    " written.\n\n"
    "Examples:\n\n"
    "  irru watch my-log.yaml\n\n"
    "  irru watch my-log.yaml --source reuters-2024-02-21 --dry-run\n\n"
    "  irru watch my-log.yaml --format json > watch.json\n\n"
    "Quotes with an anchor (irru anchor) are followed by their context; others are only found or not. Exit 1"
    " when a quote was edited or removed or a page could not be fetched (for cron and CI); --dry-run stores"
    " nothing. Requests to one host are spaced by --delay seconds."
)


@app.command(name="watch", help=WATCH_HELP)
def watch_(
    ctx: typer.Context,
    file: Annotated[
        Path | None, typer.Argument(help="The log whose quoted sources to watch.", show_default=False)
    ] = None,
    source: Annotated[
        list[str] | None,
        typer.Option(help="Only this source (id, or a unique part of its publisher or title).", show_default=False),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Fetch and report; store no capture.")] = False,
    delay: Annotated[float, typer.Option(help="Seconds between two requests to one host.", metavar="SECONDS")] = 5.0,
    format_: Annotated[
        str | None,
        typer.Option("--format", "-f", help="plain (default) or json.", metavar="FORMAT", show_default=False),
    ] = None,
    data: Annotated[Path | None, typer.Option("--data", hidden=True)] = None,
) -> None:
    from .. import query as Q
    from ..archive import Fetcher
    from ..render import watchout
    from ..watch import watch
    from .output import check_choice

    env = env_of(ctx)
    fmt = check_choice(format_, ("plain", "json"), "--format") or "plain"
    if delay < 0:
        raise UsageError(f"--delay: {delay} is negative; give 0 or more seconds")
    path = _log_path(file, data)
    _text, log, _original = _read_checked(path)
    wanted = frozenset(Q.resolve_source(log, s) for s in source) if source else None
    results = list(watch(log, path, Fetcher(delay=delay), sources=wanted, dry_run=dry_run))
    env.emit(watchout.as_json(results) if fmt == "json" else watchout.plain(results, str(path)))
    if any(w.alarming for w in results):
        raise typer.Exit(Exit.PROBLEMS)
