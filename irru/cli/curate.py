"""Provenance and curation (issue 16): `trace`, `archive`, `fmt`, `new`, and what `check` adds (curator warnings,
`--strict`, `--archive`). Thin glue over :mod:`irru.trace`, :mod:`irru.archive`, :mod:`irru.fmt`,
:mod:`irru.skeleton`, :mod:`irru.lint` and :mod:`irru.yamledit`."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import Exit, IrruError, LogError, Problem, UsageError
from .logs import open_log
from .options import (
    AsOfOption,
    ColorOption,
    DataOption,
    NoCacheOption,
    NoPagerOption,
    TraceFormatOption,
    complete,
    user_date,
)
from .output import Env, Term
from .root import app, env_of

if TYPE_CHECKING:
    from ..model import Archive, Log
    from ..safewrite import Original

TRACE_HELP = (
    "The relay tree of every claim on an event, down to its originals: the wire story, briefing or speaker"
    " each claim rests on (from claims' via and sources' cites), with the count of independent originals and a"
    " warning where several sources relay one original (circular reporting).\n\n"
    "Examples:\n\n"
    "  irru trace reuters-400-missiles\n\n"
    "  irru trace reuters-400-missiles --as-of 2024-02-21\n\n"
    "  irru trace reuters-400-missiles --format json\n\n"
    "  irru trace\n\n"
    "A relayed claim rests on the source it relays; an on-record claim by a defined actor rests on that actor's"
    " statement of that day (one briefing reported by three outlets is one original); any other claim rests on"
    " its source's own reporting. A source that cites another source reporting the same event is flagged as a"
    " possible relay. Without an event, lists every event that has such a warning (with --as-of, as of that day)."
    " Formats: table, plain, json."
)


ARCHIVE_HELP = (
    "Archive each source's page: ask the Internet Archive whether it has a copy, fetch the page, keep the"
    " capture beside the log (FILE-captures/, with a manifest.json), and write an archive record (archived"
    " copy URL, accessed and archived times, SHA-256, capture path) into the source in the log.\n\n"
    "Examples:\n\n"
    "  irru archive my-log.yaml\n\n"
    "  irru archive my-log.yaml --source reuters-2024-02-21 --save\n\n"
    "  irru archive my-log.yaml --recheck --dry-run\n\n"
    "  irru archive my-log.yaml --offline\n\n"
    "Resumable: a source whose capture matches its record is skipped, and captures made by an interrupted run"
    " (in the manifest) are recorded without fetching again. Requests to one host are spaced by --delay"
    " seconds. A record is never replaced silently: a page that changed since its record keeps the record (and"
    " its new capture is kept beside the old) unless --refresh is given; either way it is reported. The log is"
    " written only if it still passes check, atomically, with the old file kept as FILE.bak; comments, order"
    " and quoting are kept. Exit 1 if a source could not be archived or its page changed."
)


FMT_HELP = (
    "Rewrite a log in canonical form: the keys of every record in the documented order, house indentation."
    " Everything else is kept: record order, comments (with the key they stand before), quoting, flow style.\n\n"
    "Examples:\n\n"
    "  irru fmt my-log.yaml\n\n"
    "  irru fmt my-log.yaml --diff\n\n"
    "  irru fmt my-log.yaml --check\n\n"
    "A log with problems is not touched (they are listed, exit 1). The result must load to the same log, or"
    " nothing is written; the write is atomic and the old file is kept as FILE.bak. --check exits 1 when the"
    " file is not in canonical form (for CI); --diff shows the change without writing."
)


@app.command(name="trace", help=TRACE_HELP)
def trace(
    ctx: typer.Context,
    event_id: Annotated[
        str | None,
        typer.Argument(
            metavar="[EVENT_ID]",
            help="The event's id; without one, every event whose claims need a warning.",
            autocompletion=complete("event"),
        ),
    ] = None,
    as_of: AsOfOption = None,
    format_: TraceFormatOption = None,
    color: ColorOption = "auto",
    no_pager: NoPagerOption = False,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    from .. import query as Q
    from ..confidence import claims_as_of
    from ..render import trace as R
    from ..trace import trace as build

    env = env_of(ctx)
    term = Term(env, format_, color, pager=not no_pager)
    term.only("trace", "table", "plain", "json")
    from .filters import as_of_day

    span = as_of_day(user_date(as_of, "--as-of", env.today() if as_of else None), env)
    day = span.latest if span else None
    log = open_log(data, no_cache)
    if event_id is None:
        traces = [build(log, e, c) for e in log.events if (c := claims_as_of(e, day))]
        flagged = [t for t in traces if t.warnings]
        if term.format == "json":
            term.emit(R.all_json(log, flagged, as_of=day.isoformat() if day else None, events=len(traces)))
            return
        term.styled(R.all_lines(log, flagged, events=len(traces)))
        return
    event = Q.resolve_event(log, event_id)
    claims = claims_as_of(event, day)
    if not claims:
        raise IrruError(f"nobody had reported '{event.id}' by {span.text if span else ''}")
    tr = build(log, event, claims)
    if term.format == "json":
        term.emit(R.as_json(log, tr, as_of=day.isoformat() if day else None))
        return
    term.styled(R.lines(log, tr))


def _log_path(file: Path | None, data: Path | None) -> Path:
    """The file a writing command works on: named explicitly (never the installed bundled log by default)."""
    path = file or data
    if path is None:
        raise UsageError("give the log to work on: FILE or --data FILE (the bundled log is not written to)")
    return path


def _read_checked(path: Path) -> tuple[str, Log, Original]:
    """The file's text, its log, and what it was on disk (to detect a change before writing it back); LogError
    with every problem if it has any; UnsafeTarget if it is a link or not a regular file (it will be written)."""
    from ..logfile import decode, load_text
    from ..safewrite import read

    original = read(path)
    assert original.data is not None
    text = decode(original.data, str(path))
    return text, load_text(text, str(path)), original


def _need_ruamel() -> None:
    from .. import yamledit

    yamledit.require()


@app.command(name="archive", help=ARCHIVE_HELP)
def archive_(
    ctx: typer.Context,
    file: Annotated[Path | None, typer.Argument(help="The log whose sources to archive.", show_default=False)] = None,
    source: Annotated[
        list[str] | None,
        typer.Option(
            help="Only this source (id, or a unique part of its publisher or title).", autocompletion=complete("source")
        ),
    ] = None,
    captures: Annotated[
        Path | None,
        typer.Option(
            help="Where captures go (default: FILE-captures/ beside the log).", metavar="DIR", show_default=False
        ),
    ] = None,
    offline: Annotated[
        bool, typer.Option("--offline", help="No network: record captures already made (resume), fetch nothing.")
    ] = False,
    recheck: Annotated[
        bool, typer.Option("--recheck", help="Fetch again sources already archived, to find pages that changed.")
    ] = False,
    refresh: Annotated[
        bool, typer.Option("--refresh", help="Replace the record of a page that changed (it is reported either way).")
    ] = False,
    save: Annotated[
        bool, typer.Option("--save", help="Ask the Internet Archive's Save Page Now for a copy when it has none.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Fetch and report; write nothing (no record in the log, no capture).")
    ] = False,
    delay: Annotated[float, typer.Option(help="Seconds between two requests to one host.", min=0)] = 5.0,
    timeout: Annotated[
        float,
        typer.Option(help="Seconds one request may take in all (a server that trickles is cut off).", min=0.1),
    ] = 30.0,
    wayback_api: Annotated[
        str, typer.Option(envvar="IRRU_WAYBACK_API", help="The availability API. Also IRRU_WAYBACK_API.", metavar="URL")
    ] = "https://archive.org/wayback/available",
    save_api: Annotated[
        str, typer.Option(envvar="IRRU_SAVE_API", help="Save Page Now's address. Also IRRU_SAVE_API.", metavar="URL")
    ] = "https://web.archive.org/save",
    data: DataOption = None,
) -> None:
    from .. import archive as A
    from .. import query as Q
    from .. import yamledit
    from ..safewrite import ConcurrentChange

    env = env_of(ctx)
    path = _log_path(file, data)
    if not dry_run and not offline:
        _need_ruamel()  # say so before fetching anything
    text, log, original = _read_checked(path)
    chosen = (
        [log.sources[Q.resolve_source(log, s)] for s in source]
        if source
        else [s for s in log.sources.values() if s.url]
    )
    directory = captures or A.captures_dir(path)
    if captures is None and directory.is_symlink():
        raise UsageError(
            f"{directory} is a symbolic link: irru does not write captures through a link beside the log (one planted"
            " in a shared folder could send them anywhere); give --captures DIR to write there"
        )
    if directory.exists() and not directory.is_dir():
        raise UsageError(f"{directory} is not a directory; give --captures DIR, where captures are kept")
    fetcher = A.Fetcher(delay=delay, timeout=timeout)
    opts = A.Options(
        wayback_api=wayback_api,
        save_api=save_api,
        save=save,
        offline=offline,
        recheck=recheck,
        refresh=refresh,
        dry_run=dry_run,
    )
    records: dict[str, Archive] = {}
    counts: dict[str, int] = {}
    try:
        for o in A.archive(path.parent, directory, chosen, fetcher, opts):
            counts[o.status] = counts.get(o.status, 0) + 1
            env.emit([A.outcome_line(o)])
            if o.record is not None:
                records[o.source] = o.record
    finally:
        summary = ", ".join(f"{n} {k}" for k, n in counts.items()) or "nothing to archive"
        if records and not dry_run:
            new = A.write_records(text, records)
            if new != text:
                try:
                    bak = yamledit.write_log(path, new, original=original)
                except ConcurrentChange as e:
                    env.emit([A.inert_line(summary)])
                    raise ConcurrentChange(
                        f"{e}; the captures are kept and recorded in the manifest, so the next run records them"
                        " without fetching again"
                    ) from None
                summary += f"; wrote {len(records)} record(s) to {path}" + (f" (old file kept as {bak})" if bak else "")
        elif records:
            summary += f"; {len(records)} record(s) not written (--dry-run)"
        env.emit([A.inert_line(summary)])
    if counts.get("failed") or counts.get("changed"):
        raise typer.Exit(int(Exit.PROBLEMS))


@app.command(name="fmt", help=FMT_HELP)
def fmt(
    ctx: typer.Context,
    file: Annotated[Path | None, typer.Argument(help="The log to format.", show_default=False)] = None,
    check: Annotated[bool, typer.Option("--check", help="Write nothing; exit 1 if the file would change.")] = False,
    diff: Annotated[bool, typer.Option("--diff", help="Write nothing; show the change as a unified diff.")] = False,
    data: DataOption = None,
) -> None:
    from .. import yamledit
    from ..fmt import changed_lines, format_text, unified_diff
    from ..logfile import load_text

    env = env_of(ctx)
    path = _log_path(file, data)
    _need_ruamel()
    text, before, original = _read_checked(path)
    new = format_text(text)
    if new == text:
        env.emit([f"{path}: already in canonical form"])
        return
    if load_text(new, str(path)) != before:
        raise IrruError(f"{path}: formatting would change what the log means (a bug in irru fmt); nothing written")
    changed = changed_lines(text, new)
    if diff:
        env.emit(unified_diff(text, new, str(path)))
    if check:
        env.err(f"{path}: not in canonical form ({changed} lines would change); run irru fmt {path}")
        raise typer.Exit(int(Exit.PROBLEMS))
    if diff:
        return
    bak = yamledit.write_log(path, new, checked=True, original=original)
    env.emit([f"{path}: formatted, {changed} lines changed" + (f"; old file kept as {bak}" if bak else "")])


def after_check(
    env: Env,
    log: Log,
    path: Path,
    *,
    archive: bool,
    strict: bool,
    shown: int | None = None,
    extra: Iterable[Problem] = (),
    lint: bool = True,
) -> None:
    """What `irru check` adds once the log loads: curator warnings (problems with --strict), --archive's audit.

    Warnings go to stderr as FILE:LINE: warning: … [code]; problems (--strict, --archive) as check's problems,
    raised as a LogError (exit 1).
    """
    from ..lint import lints

    problems: list[Problem] = list(extra)
    found = lints(log) if lint else []
    if strict:
        problems += [Problem(w.line, 0, f"{w.message} [{w.code}]") for w in found]
    else:
        from collections import Counter

        seen: Counter[str] = Counter()
        for w in found:
            seen[w.code] += 1
            if shown is None or seen[w.code] <= shown:
                env.err(f"{where(log, w.line)}: warning: {w.message} [{w.code}]")
        for code, n in seen.items():
            if shown is not None and n > shown:
                env.err(f"{log.path}: … {n - shown} more [{code}] warnings (irru check --all-warnings lists them)")
        if found:
            env.err(
                f"{len(found)} warning{'s' if len(found) != 1 else ''} (irru check --strict counts them as problems)"
            )
    if archive:
        from ..archive import audit

        problems += [Problem(f.line, 0, f.message) for f in audit(log, path.parent)]
    if problems:
        problems.sort(key=Problem.sort_key)
        try:
            text: str | None = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            text = None
        raise LogError(log.path, problems, text, _file_texts(log))


def where(log: Log, line: int) -> str:
    """FILE:LINE of a record's line: in a workspace, the file it stands in."""
    file, local = log.location(line)
    return f"{file}:{local}"


def _file_texts(log: Log) -> list[tuple[str, int, str | None]]:
    """A workspace's files with their text, for excerpts under problems."""
    out: list[tuple[str, int, str | None]] = []
    for name, offset in log.files:
        try:
            out.append((name, offset, Path(name).read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError):
            out.append((name, offset, None))
    return out
