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
    " and quoting are kept. Exit 1 if a source could not be archived or its page changed. Needs the 'edit'"
    " extra (ruamel.yaml) to write the log."
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
    " file is not in canonical form (for CI); --diff shows the change without writing. Needs the 'edit' extra."
)


NEW_HELP = (
    "Add a source, actor or event to a log: a valid record with a comment for every optional field left out,"
    " at the end of its section. On a terminal, asks for what the flags did not give; otherwise the required"
    " flags must be given.\n\n"
    "Examples:\n\n"
    "  irru new source my-log.yaml --id wire-2024-02-21 --title 'Missiles sent' --publisher 'Example Wire'"
    " --published 2024-02-21 --kind wire --grade B --url https://wire.example/a\n\n"
    "  irru new actor my-log.yaml --id kirby --name 'John Kirby' --kind person --part-of united-states\n\n"
    "  irru new event my-log.yaml --id missiles-sent --date 2024-02 --title 'Missiles reported sent' --type"
    " delivery --source wire-2024-02-21 --stance asserts --text 'About 400 missiles were sent.' --anonymous"
    " --speaker 'six unnamed sources'\n\n"
    "The log is written only if it still passes check (atomically, the old file kept as FILE.bak); otherwise"
    " the problems are listed and nothing changes. Needs the 'edit' extra."
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

    @app.command(name="archive", help=ARCHIVE_HELP)
    def archive_(
        file: Annotated[Optional[Path], typer.Argument(help="The log whose sources to archive.", show_default=False)] = None,
        source: Annotated[Optional[list[str]], typer.Option(help="Only this source (id, or a unique part of its publisher or title).", autocompletion=cli._complete("source"))] = None,
        captures: Annotated[Optional[Path], typer.Option(help="Where captures go (default: FILE-captures/ beside the log).", metavar="DIR", show_default=False)] = None,
        offline: Annotated[bool, typer.Option("--offline", help="No network: record captures already made (resume), fetch nothing.")] = False,
        recheck: Annotated[bool, typer.Option("--recheck", help="Fetch again sources already archived, to find pages that changed.")] = False,
        refresh: Annotated[bool, typer.Option("--refresh", help="Replace the record of a page that changed (it is reported either way).")] = False,
        save: Annotated[bool, typer.Option("--save", help="Ask the Internet Archive's Save Page Now for a copy when it has none.")] = False,
        dry_run: Annotated[bool, typer.Option("--dry-run", help="Fetch and report, but do not write the log.")] = False,
        delay: Annotated[float, typer.Option(help="Seconds between two requests to one host.", min=0)] = 5.0,
        timeout: Annotated[float, typer.Option(help="Seconds to wait for a server.", min=0.1)] = 30.0,
        wayback_api: Annotated[str, typer.Option(envvar="IRRU_WAYBACK_API", help="The availability API. Also IRRU_WAYBACK_API.", metavar="URL")] = "https://archive.org/wayback/available",
        save_api: Annotated[str, typer.Option(envvar="IRRU_SAVE_API", help="Save Page Now's address. Also IRRU_SAVE_API.", metavar="URL")] = "https://web.archive.org/save",
        data: cli.DataOption = None,  # type: ignore[name-defined]
    ) -> None:
        from . import archive as A
        from . import yamledit
        from .errors import Exit, IrruError
        from .load import decode, load_text

        path = _log_path(cli, file, data)
        if not dry_run and not offline:
            with cli.reported():
                yamledit._yaml()  # missing ruamel.yaml: say so before fetching anything
        with cli.reported():
            try:
                raw = path.read_bytes()
            except OSError as e:
                raise IrruError(f"{path}: cannot be read: {e.strerror or e}") from None
            text = decode(raw, str(path))
            log = load_text(text, str(path))
            from . import query as Q

            chosen = [log.sources[Q.resolve_source(log, s)] for s in source] if source else [s for s in log.sources.values() if s.url]
        directory = captures or A.captures_dir(path)
        fetcher = A.Fetcher(delay=delay, timeout=timeout)
        opts = A.Options(wayback_api=wayback_api, save_api=save_api, save=save, offline=offline, recheck=recheck, refresh=refresh)
        from .inert import inert

        records: dict[str, object] = {}
        counts: dict[str, int] = {}
        try:
            for o in A.archive(log, path.parent, directory, chosen, fetcher, opts):
                counts[o.status] = counts.get(o.status, 0) + 1
                typer.echo(inert(f"{o.source}: {o.status}: {o.message}"))
                if o.record is not None:
                    records[o.source] = o.record
        finally:
            summary = ", ".join(f"{n} {k}" for k, n in counts.items()) or "nothing to archive"
            if records and not dry_run:
                with cli.reported():
                    new = A.write_records(text, records)  # type: ignore[arg-type]
                    if new != text:
                        bak = yamledit.write_log(path, new)
                        summary += f"; wrote {len(records)} record(s) to {path}" + (f" (old file kept as {bak})" if bak else "")
            elif records:
                summary += f"; {len(records)} record(s) not written (--dry-run)"
            typer.echo(inert(summary))
        if counts.get("failed") or counts.get("changed"):
            raise typer.Exit(int(Exit.PROBLEMS))

    @app.command(name="fmt", help=FMT_HELP)
    def fmt(
        file: Annotated[Optional[Path], typer.Argument(help="The log to format.", show_default=False)] = None,
        check: Annotated[bool, typer.Option("--check", help="Write nothing; exit 1 if the file would change.")] = False,
        diff: Annotated[bool, typer.Option("--diff", help="Write nothing; show the change as a unified diff.")] = False,
        data: cli.DataOption = None,  # type: ignore[name-defined]
    ) -> None:
        from . import yamledit
        from .fmt import format_text
        from .inert import inert
        from .load import load_text

        path = _log_path(cli, file, data)
        with cli.reported():
            yamledit._yaml()
        text, before = _read_checked(cli, path)
        with cli.reported():
            new = format_text(text)
        if new == text:
            typer.echo(inert(f"{path}: already in canonical form"))
            return
        with cli.reported():
            after = load_text(new, str(path))
        if after != before:
            cli.fail(f"{path}: formatting would change what the log means (a bug in irru fmt); nothing written", 1)
        changed = _changed_lines(text, new)
        if diff:
            import difflib

            cli.emit(inert(line) for line in difflib.unified_diff(
                text.splitlines(), new.splitlines(), f"{path}", f"{path} (formatted)", lineterm=""))
        if check:
            cli.err(inert(f"{path}: not in canonical form ({changed} lines would change); run irru fmt {path}"))
            raise typer.Exit(1)
        if diff:
            return
        with cli.reported():
            bak = yamledit.write_log(path, new)
        typer.echo(inert(f"{path}: formatted, {changed} lines changed" + (f"; old file kept as {bak}" if bak else "")))

    @app.command(name="new", help=NEW_HELP)
    def new(
        kind: Annotated[str, typer.Argument(metavar="KIND", help="source, actor or event.")],
        file: Annotated[Optional[Path], typer.Argument(help="The log to add to.", show_default=False)] = None,
        id_: Annotated[Optional[str], typer.Option("--id", help="The new record's id (a slug).")] = None,
        title: Annotated[Optional[str], typer.Option(help="source, event: the title.")] = None,
        publisher: Annotated[Optional[str], typer.Option(help="source: who published it.")] = None,
        author: Annotated[Optional[list[str]], typer.Option(help="source: an author (repeat for several).")] = None,
        published: Annotated[Optional[str], typer.Option(help="source: publication date (EDTF).")] = None,
        url: Annotated[Optional[str], typer.Option(help="source: where it can be read.")] = None,
        kind_: Annotated[Optional[str], typer.Option("--kind", help="source, actor: its kind.")] = None,
        grade: Annotated[Optional[str], typer.Option(help="source: reliability grade A-F.")] = None,
        cites: Annotated[Optional[list[str]], typer.Option(help="source: a source it relays (repeatable).")] = None,
        name: Annotated[Optional[str], typer.Option(help="actor: the name shown.")] = None,
        part_of: Annotated[Optional[str], typer.Option(help="actor: the actor it belongs to.")] = None,
        alias: Annotated[Optional[list[str]], typer.Option(help="actor: another name (repeatable).")] = None,
        date: Annotated[Optional[str], typer.Option(help="event: when it happened (EDTF).")] = None,
        type_: Annotated[Optional[str], typer.Option("--type", help="event: its type.")] = None,
        story: Annotated[Optional[str], typer.Option(help="event: the story it belongs to.")] = None,
        tag: Annotated[Optional[list[str]], typer.Option(help="event: a tag (repeatable).")] = None,
        summary: Annotated[Optional[str], typer.Option(help="event: a summary.")] = None,
        source: Annotated[Optional[str], typer.Option(help="event: the first claim's source id.")] = None,
        via: Annotated[Optional[str], typer.Option(help="event: the source the claim relays.")] = None,
        by: Annotated[Optional[str], typer.Option(help="event: the actor who speaks.")] = None,
        speaker: Annotated[Optional[str], typer.Option(help="event: who speaks, described.")] = None,
        anonymous: Annotated[bool, typer.Option("--anonymous", help="event: the speaker is unnamed.")] = False,
        stance: Annotated[Optional[str], typer.Option(help="event: the claim's stance (asserts, denies…).")] = None,
        claim_date: Annotated[Optional[str], typer.Option(help="event: when the claim was made (EDTF).")] = None,
        text: Annotated[Optional[str], typer.Option(help="event: the claim's text.")] = None,
        quoted: Annotated[bool, typer.Option("--quoted", help="event: the text is the source's exact words.")] = False,
        note: Annotated[Optional[str], typer.Option(help="source, actor: a note.")] = None,
        data: cli.DataOption = None,  # type: ignore[name-defined]
    ) -> None:
        from . import skeleton, yamledit
        from .inert import inert

        if kind not in skeleton.SECTIONS:
            cli.fail(f"new: unknown kind '{kind}'; use one of: source, actor, event")
        per_kind = {
            "source": dict(id=id_, title=title, publisher=publisher, authors=author, published=published, url=url,
                           kind=kind_, grade=grade, cites=cites, note=note),
            "actor": dict(id=id_, name=name, kind=kind_, part_of=part_of, aliases=alias, note=note),
            "event": dict(id=id_, date=date, title=title, type=type_, story=story, tags=tag, summary=summary,
                          source=source, via=via, by=by, speaker=speaker, anonymous=anonymous, stance=stance,
                          claim_date=claim_date, text=text, quoted=quoted),
        }  # fmt: skip
        everything = dict(id=id_, title=title, publisher=publisher, authors=author, published=published, url=url,
                          kind=kind_, grade=grade, cites=cites, name=name, part_of=part_of, aliases=alias, date=date,
                          type=type_, story=story, tags=tag, summary=summary, source=source, via=via, by=by,
                          speaker=speaker, anonymous=anonymous, stance=stance, claim_date=claim_date, text=text,
                          quoted=quoted, note=note)  # fmt: skip
        flag = {"authors": "author", "aliases": "alias", "tags": "tag", "kind": "kind", "type": "type"}
        stray = [k for k, v in everything.items() if v not in (None, [], False) and k not in per_kind[kind]]
        if stray:
            names = ", ".join("--" + flag.get(k, k).replace("_", "-") for k in stray)
            cli.fail(f"new {kind}: {names} cannot be used with 'new {kind}'")
        path = _log_path(cli, file, data)
        with cli.reported():
            yamledit._yaml()
        original, _log = _read_checked(cli, path)
        with cli.reported():
            values = _new_values(kind, per_kind[kind])
            try:
                added = skeleton.add(original, kind, values)
            except skeleton.Unplaceable as e:
                cli.fail(f"{path}: {e}", 1)
            try:
                bak = yamledit.write_log(path, added.text)
            except yamledit.RefusedWrite:
                cli.err(f"irru: {inert(str(path))}: nothing written: the new {kind} would not pass check:")
                raise
        typer.echo(inert(f"{path}:{added.line}: added {kind} '{values['id']}'" + (f"; old file kept as {bak}" if bak else "")))


def _read_checked(cli: Any, path: Path) -> tuple[str, Any]:
    """The file's text and its log; its problems (exit 1) if it has any."""
    from .errors import IrruError
    from .load import decode, load_text

    with cli.reported():
        try:
            raw = path.read_bytes()
        except OSError as e:
            raise IrruError(f"{path}: cannot be read: {e.strerror or e}") from None
        text = decode(raw, str(path))
        return text, load_text(text, str(path))


def _log_path(cli: Any, file: Optional[Path], data: Optional[Path]) -> Path:
    """The file a writing command works on: given explicitly (never the installed bundled log by default)."""
    path = file or data
    if path is None:
        cli.fail("give the log to work on: FILE or --data FILE (the bundled log is not written to)")
    return path  # type: ignore[return-value]


def _new_values(kind: str, given: dict[str, Any]) -> dict[str, Any]:
    """The values for the record: those given, the rest asked for on a terminal (or a usage error)."""
    from . import skeleton
    from .model import ACTOR_KINDS, EVENT_TYPES, GRADES, SOURCE_KINDS, STANCES

    choices = {("source", "kind"): SOURCE_KINDS, ("actor", "kind"): ACTOR_KINDS, ("source", "grade"): GRADES,
               ("event", "type"): EVENT_TYPES, ("event", "stance"): STANCES}  # fmt: skip
    values = {k: v for k, v in given.items() if v not in (None, [], False)}
    if given.get("anonymous"):
        values["anonymous"] = "true"
    if given.get("quoted"):
        values["quoted"] = "true"
    missing = [f for f in skeleton.required(kind) if f not in values]
    if missing and not interactive():
        flags = ", ".join("--" + f.replace("_", "-") for f in missing)
        raise _usage(f"new {kind}: missing {flags} (give them as flags, or run on a terminal to be asked)")
    for f in missing:
        options = choices.get((kind, f))
        hint = f" ({', '.join(options)})" if options else ""
        while True:
            answer = typer.prompt(f"{f}{hint}").strip()
            if answer and (not options or answer in options):
                break
            typer.echo(f"  use one of: {', '.join(options)}" if options else "  a value is needed")
        values[f] = answer
    return values


def interactive() -> bool:
    """Ask for missing values only when a person is there to answer."""
    import sys

    return sys.stdin.isatty()


def _usage(message: str) -> Exception:
    from .errors import UsageError

    return UsageError(message)


def _changed_lines(old: str, new: str) -> int:
    import difflib

    return sum(1 for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0)
               if line.startswith("-") and not line.startswith("---"))  # fmt: skip


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


def after_check(cli_globals: dict[str, Any], log: Any, given: Optional[Path], *, archive: bool, strict: bool) -> None:
    """What `irru check` does after the log loads: curator warnings (errors with --strict), --archive's audit.

    Warnings go to stderr as FILE:LINE: warning: …; problems (--strict, --archive) as check's problems, exit 1.
    """
    cli = SimpleNamespace(**cli_globals)
    from .errors import LogError, Problem
    from .lint import lints
    from .load import bundled_log_path
    from .render.problems import format_problems

    path = given if given is not None else bundled_log_path()
    problems: list[Problem] = []
    found = lints(log)
    if strict:
        problems += [Problem(w.line, 0, f"{w.message} [{w.code}]") for w in found]
    else:
        from .inert import inert

        for w in found:
            cli.err(f"{inert(log.path)}:{w.line}: warning: {inert(w.message)} [{w.code}]")
        if found:
            cli.err(f"{len(found)} warning{'s' if len(found) != 1 else ''} (irru check --strict counts them as problems)")
    if archive:
        from .archive import audit

        problems += [Problem(f.line, 0, f.message) for f in audit(log, path.parent)]
    if not problems:
        return
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = None
    for line in format_problems(LogError(log.path, problems, text)):
        cli.err(line)
    raise typer.Exit(1)
