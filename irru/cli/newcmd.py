"""`irru new source|actor|event`: a record added to a log, from flags or asked for on a terminal, never lost.

What is typed is never thrown away: when the record cannot be added (it would not pass check, the log changed
meanwhile, the disk is full) or the questions are interrupted (Ctrl-C, Ctrl-D), the record as far as it was given
is written to a draft file beside the log, and the message says where and how to add it once fixed
(``--from-draft``). Answers are checked as they are typed: a date is read as the command line reads dates and
written in the log's form (``1 Dec 2024`` becomes ``2024-12-01``), an id must name a record the log has.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import Exit, IrruError, LogError, UsageError
from .curate import _log_path, _need_ruamel, _read_checked
from .options import DataOption
from .root import app, env_of

if TYPE_CHECKING:
    from ..dates import Point
    from ..model import Log
    from ..safewrite import Original
    from .output import Env

NEW_HELP = (
    "Add a source, actor or event to a log: a valid record with a comment for every optional field left out,"
    " at the end of its section. On a terminal, asks for what the flags did not give (and, for an event, its"
    " actors, systems and further claims); otherwise the required flags must be given.\n\n"
    "Examples:\n\n"
    "  irru new source my-log.yaml --id wire-2024-02-21 --title 'Missiles sent' --publisher 'Example Wire'"
    " --published 2024-02-21 --kind wire --grade B --url https://wire.example/a\n\n"
    "  irru new actor my-log.yaml --id kirby --name 'John Kirby' --kind person --part-of united-states\n\n"
    "  irru new event my-log.yaml --id missiles-sent --date 2024-02 --title 'Missiles reported sent' --type"
    " delivery --actor iran:supplier --actor russia:recipient --system fath-360:~400 --source wire-2024-02-21"
    " --stance asserts --text 'About 400 missiles were sent.' --anonymous --speaker 'six unnamed sources'"
    " --claim '{source: wire-2024-02-23, by: iran, stance: denies, text: Iran denies sending missiles.}'\n\n"
    "  irru new event my-log.yaml --from-draft my-log.yaml.draft-event-missiles-sent.yaml\n\n"
    "The first claim is given by --source, --stance, --text (and --by, --speaker, --via, --claim-date, --anonymous,"
    " --quoted); each --claim adds another, written as in the log (a YAML flow mapping). --actor ACTOR:ROLE,"
    " --system SYSTEM:QUANTITY and --link REL:EVENT repeat. The log is written only if it still passes check"
    " (atomically, the old file kept as FILE.bak). When it would not, or the questions are interrupted, nothing"
    " changes in the log and the record is kept in a draft file beside it (the message says where): fix it and"
    " add it with --from-draft."
)

DATE_FIELDS = {"date", "published", "claim_date"}
BY_HINT = "by (an actor id; empty when the source speaks in its own voice)"


@app.command(name="new", help=NEW_HELP)
def new(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(metavar="KIND", help="source, actor or event.")],
    file: Annotated[Path | None, typer.Argument(help="The log to add to.", show_default=False)] = None,
    id_: Annotated[str | None, typer.Option("--id", help="The new record's id (a slug).")] = None,
    title: Annotated[str | None, typer.Option(help="source, event: the title.")] = None,
    publisher: Annotated[str | None, typer.Option(help="source: who published it.")] = None,
    author: Annotated[list[str] | None, typer.Option(help="source: an author (repeat for several).")] = None,
    published: Annotated[str | None, typer.Option(help="source: publication date (EDTF).")] = None,
    url: Annotated[str | None, typer.Option(help="source: where it can be read.")] = None,
    kind_: Annotated[str | None, typer.Option("--kind", help="source, actor: its kind.")] = None,
    grade: Annotated[str | None, typer.Option(help="source: reliability grade A-F.")] = None,
    cites: Annotated[list[str] | None, typer.Option(help="source: a source it relays (repeatable).")] = None,
    name: Annotated[str | None, typer.Option(help="actor: the name shown.")] = None,
    part_of: Annotated[str | None, typer.Option(help="actor: the actor it belongs to.")] = None,
    alias: Annotated[list[str] | None, typer.Option(help="actor: another name (repeatable).")] = None,
    date: Annotated[str | None, typer.Option(help="event: when it happened (EDTF).")] = None,
    type_: Annotated[str | None, typer.Option("--type", help="event: its type.")] = None,
    story: Annotated[str | None, typer.Option(help="event: the story it belongs to.")] = None,
    actor: Annotated[
        list[str] | None,
        typer.Option(
            help="event: an actor and its role, ACTOR:ROLE (iran:supplier; repeatable).", metavar="ACTOR:ROLE"
        ),
    ] = None,
    system: Annotated[
        list[str] | None,
        typer.Option(help="event: a system and its quantity, SYSTEM[:QUANTITY] (repeatable).", metavar="SYSTEM"),
    ] = None,
    link: Annotated[
        list[str] | None,
        typer.Option(
            help="event: a link to another event, REL:EVENT (follows:EVENT-ID; repeatable).", metavar="REL:EVENT"
        ),
    ] = None,
    tag: Annotated[list[str] | None, typer.Option(help="event: a tag (repeatable).")] = None,
    summary: Annotated[str | None, typer.Option(help="event: a summary.")] = None,
    source: Annotated[str | None, typer.Option(help="event: the first claim's source id.")] = None,
    via: Annotated[str | None, typer.Option(help="event: the source the claim relays.")] = None,
    by: Annotated[str | None, typer.Option(help="event: the actor who speaks.")] = None,
    speaker: Annotated[str | None, typer.Option(help="event: who speaks, described.")] = None,
    anonymous: Annotated[bool, typer.Option("--anonymous", help="event: the speaker is unnamed.")] = False,
    stance: Annotated[str | None, typer.Option(help="event: the claim's stance (asserts, denies…).")] = None,
    claim_date: Annotated[str | None, typer.Option(help="event: when the claim was made (EDTF).")] = None,
    text: Annotated[str | None, typer.Option(help="event: the claim's text.")] = None,
    quoted: Annotated[bool, typer.Option("--quoted", help="event: the text is the source's exact words.")] = False,
    claim: Annotated[
        list[str] | None,
        typer.Option(
            help="event: a further claim, as in the log: '{source: S, by: A, stance: denies, text: T}' (repeatable).",
            metavar="MAPPING",
        ),
    ] = None,
    note: Annotated[str | None, typer.Option(help="source, actor: a note.")] = None,
    from_draft: Annotated[
        Path | None,
        typer.Option("--from-draft", help="Add the record kept in a draft file (removed once added).", metavar="DRAFT"),
    ] = None,
    data: DataOption = None,
) -> None:
    from .. import skeleton

    env = env_of(ctx)
    given = dict(
        id=id_, title=title, publisher=publisher, authors=author, published=published, url=url, kind=kind_,
        grade=grade, cites=cites, name=name, part_of=part_of, aliases=alias, date=date, type=type_, story=story,
        actors=actor, systems=system, links=link, tags=tag, summary=summary, source=source, via=via, by=by,
        speaker=speaker, anonymous=anonymous, stance=stance, claim_date=claim_date, text=text, quoted=quoted,
        claims=[_claim(c) for c in claim or []], note=note,
    )  # fmt: skip
    values = skeleton.given_values(kind, given)  # UsageError: unknown kind, flags of another kind
    path = _log_path(file, data)
    _need_ruamel()
    original, log, on_disk = _read_checked(path)
    if from_draft is not None:
        if len(values):
            raise UsageError("new: --from-draft adds the draft as it is; give no other record flags with it")
        _add_draft(env, path, kind, from_draft, original, on_disk)
        return
    missing = [f for f in skeleton.required(kind) if f not in values]
    if missing and not interactive():
        flags = ", ".join(skeleton.flag(f) for f in missing)
        raise UsageError(f"new {kind}: missing {flags} (give them as flags, or run on a terminal to be asked)")
    from typer import Abort  # what a prompt raises on Ctrl-C or Ctrl-D

    added = None
    try:
        if missing:
            _ask_all(kind, values, missing, log)
        added = skeleton.add(original, kind, values)
        from .. import yamledit

        bak = yamledit.write_log(path, added.text, original=on_disk)
    except (Abort, KeyboardInterrupt):
        kept, _at = _keep(path, kind, values, "the questions were interrupted before the record was complete")
        env.err(f"\nirru: nothing added; what you typed is kept in {kept}: complete it, then run")
        env.err(f"  irru new {kind} {path} --from-draft {kept}")
        raise typer.Exit(int(Exit.INTERRUPTED)) from None
    except skeleton.Unplaceable as e:
        kept, _at = _keep(path, kind, values, str(e))
        raise IrruError(f"{path}: {e}; the new {kind} is kept in {kept}") from None
    except LogError as e:
        if added is None:
            raise
        kept, at = _keep(
            path, kind, values, "it would not pass check (the problems were reported at this file's lines)"
        )
        env.err(f"irru: {path}: nothing written: the new {kind} would not pass check; it is kept in {kept}:")
        raise _in_draft(e, kept, added.line, at) from None
    except IrruError as e:
        kept, _at = _keep(path, kind, values, str(e))
        raise IrruError(f"{e} (the new {kind} is kept in {kept})") from None
    done = f"{path}:{added.line}: added {kind} '{values['id']}'" + (f"; old file kept as {bak}" if bak else "")
    env.emit([done])


def interactive() -> bool:
    """Ask for missing values only when a person is there to answer."""
    import sys

    return sys.stdin.isatty()


def _claim(text: str) -> str:
    """A --claim value: a YAML flow mapping, as claims are written in a log; kept as JSON text."""
    import yaml

    try:
        value = yaml.safe_load(text if text.lstrip().startswith("{") else "{" + text + "}")
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        at = f" at column {mark.column + 1}" if mark is not None else ""
        raise UsageError(
            f"--claim '{text}': not a mapping{at}; write it as in the log: "
            "'{source: wire-x, by: iran, stance: denies, text: \"Iran denies it.\"}' (quote a text holding ': ')"
        ) from None
    if not isinstance(value, dict) or not value:
        raise UsageError(f"--claim '{text}': write it as in the log: '{{source: S, stance: asserts, text: T}}'")
    return json.dumps(value, ensure_ascii=False, default=str)


def _in_draft(e: LogError, draft: Path, line: int, at: int) -> LogError:
    """The problems of the log with the new record at ``line``, told at their lines in the draft (where the record
    starts at ``at``): the file the user will edit. A problem outside the record stays as it was."""
    from ..errors import Problem

    text = draft.read_text(encoding="utf-8")
    end = line + text.count("\n") - at + 1
    moved = [Problem(p.line - line + at, p.col, p.message) if line <= p.line < end else p for p in e.problems]
    if any(not (line <= p.line < end) for p in e.problems):
        return e
    return LogError(str(draft), moved, text)


def _keep(path: Path, kind: str, values: dict[str, str | list[str]], *why: str) -> tuple[Path, int]:
    """Write what was given to a draft beside the log (never over an earlier draft); its path and the line its
    record starts on."""
    from .. import skeleton
    from ..safewrite import write

    ident = str(values.get("id") or kind)
    stem = f"{path.name}.draft-{kind}-{ident}" if ident != kind else f"{path.name}.draft-{kind}"
    stem = "".join(c if c.isalnum() or c in "._-" else "-" for c in stem)
    draft = path.with_name(stem + ".yaml")
    n = 2
    while draft.exists():
        draft = path.with_name(f"{stem}-{n}.yaml")
        n += 1
    header = [
        f"irru new {kind}: not added to {path.name} ({datetime.now().strftime('%Y-%m-%d %H:%M')}):",
        *[f"  {w}" for w in why],
        "",
        "Fix what is wrong below (a field left out is a comment), then add it with",
        f"  irru new {kind} {path} --from-draft {draft}",
        f"or paste the record at the end of '{skeleton.SECTIONS[kind]}:' in {path.name}.",
    ]
    write(draft, skeleton.draft_text(kind, values, header))
    return draft, len(header) + 2


def _add_draft(env: Env, path: Path, kind: str, draft: Path, original: str, on_disk: Original) -> None:
    from .. import skeleton, yamledit

    try:
        text = draft.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"--from-draft {draft}: no such file") from None
    except (OSError, UnicodeDecodeError) as e:
        raise UsageError(f"--from-draft {draft}: cannot be read ({e})") from None
    try:
        body, ident = skeleton.draft_record(text, kind)
    except ValueError as e:
        raise UsageError(f"--from-draft {draft}: {e}") from None
    added = skeleton.insert(original, kind, body)
    try:
        bak = yamledit.write_log(path, added.text, original=on_disk)
    except LogError:
        env.err(f"irru: {path}: nothing written: the {kind} in {draft} would not pass check (the draft is kept):")
        raise
    draft.unlink()
    env.emit(
        [
            f"{path}:{added.line}: added {kind} '{ident}' from {draft} (removed)"
            + (f"; old file kept as {bak}" if bak else "")
        ]
    )


# -- asking on a terminal --------------------------------------------------------------------------------------


def _ask_all(kind: str, values: dict[str, str | list[str]], missing: list[str], log: Log) -> None:
    """Ask for each missing field (each answer checked as it is typed); for an event, then its actors, systems
    and further claims. ``values`` fills as answers come, so an interruption keeps them."""
    from .. import skeleton

    for f in missing:
        values[f] = _ask(f, skeleton.choices(kind, f), _checker(kind, f, log))
    if kind != "event":
        return
    if "actors" not in values:
        actors = _ask_list("actors, as ACTOR:ROLE (iran:supplier russia:recipient)", _pairs_checker("actors", log))
        if actors:
            values["actors"] = actors
    if "systems" not in values:
        systems = _ask_list("systems, as SYSTEM or SYSTEM:QUANTITY (fath-360:~400)", _pairs_checker("systems", log))
        if systems:
            values["systems"] = systems
    claims = list(values.get("claims", []))
    while typer.confirm("another claim?", default=False):
        one: dict[str, str] = {}
        asks: list[tuple[str, Callable[[], str]]] = [
            ("source", lambda: _ask("source", [], _checker("event", "source", log))),
            ("by", lambda: _ask(BY_HINT, [], _checker("event", "by", log), optional=True)),
            ("stance", lambda: _ask("stance", skeleton.choices("event", "stance"), None)),
            ("text", lambda: _ask("text", [], None)),
        ]
        for field, ask in asks:
            answer = ask()
            if answer:
                one[field] = answer
            values["claims"] = [*claims, json.dumps(one, ensure_ascii=False)]  # kept at once: Ctrl-C keeps it
        claims.append(json.dumps(one, ensure_ascii=False))


Checker = Callable[[str], "tuple[str | None, str]"]  # an answer -> (the value to keep or None, what to say)


def _ask(field: str, options: list[str], check: Checker | None, *, optional: bool = False) -> str:
    hint = f" ({', '.join(options)})" if options else ""
    while True:
        answer = str(typer.prompt(f"{field}{hint}", default="" if optional else None, show_default=False)).strip()
        if not answer:
            if optional:
                return ""
            typer.echo("  a value is needed")
            continue
        if options and answer not in options:
            from ..hints import did_you_mean

            close = did_you_mean(answer, options)
            typer.echo(f"  {close[2:]}" if close else f"  use one of: {', '.join(options)}")
            continue
        if check is None:
            return answer
        kept, said = check(answer)
        if said:
            typer.echo(f"  {said}")
        if kept is not None:
            return kept


def _ask_list(prompt: str, check: Checker) -> list[str]:
    """Several values on one line, separated by spaces (empty for none); each checked."""
    while True:
        answer = str(typer.prompt(prompt + "; empty for none", default="", show_default=False))
        items = answer.split()
        bad = [said for item in items for kept, said in [check(item)] if kept is None]
        if not bad:
            return items
        typer.echo(f"  {bad[0]}")


def _checker(kind: str, field: str, log: Log) -> Checker | None:
    """How an answer for this field is checked (and turned into the log's form)."""
    from ..hints import did_you_mean

    if field in DATE_FIELDS:
        return _date_answer
    if field == "id":
        taken = set(log.sources) if kind == "source" else set(log.actors) if kind == "actor" else set(log.events_by_id)
        return lambda a: (None, f"'{a}' is already a {kind} id in this log") if a in taken else (a, "")
    known = set(log.sources) if field in ("source", "via") else set(log.actors) if field in ("by", "part_of") else None
    if known is not None:
        what = "source" if field in ("source", "via") else "actor"
        return lambda a: (a, "") if a in known else (None, f"unknown {what} '{a}'" + did_you_mean(a, list(known)))
    return None


def _pairs_checker(name: str, log: Log) -> Checker:
    from .. import skeleton
    from ..hints import did_you_mean
    from ..model import ROLES

    def check(item: str) -> tuple[str | None, str]:
        p = skeleton.pair(name, item)
        if name == "actors":
            if p["actor"] not in log.actors:
                return None, f"unknown actor '{p['actor']}'" + did_you_mean(p["actor"], list(log.actors))
            if "role" in p and p["role"] not in ROLES:
                return None, f"unknown role '{p['role']}'" + did_you_mean(p["role"], list(ROLES))
        elif p["system"] not in log.systems:
            return None, f"unknown system '{p['system']}'" + did_you_mean(p["system"], list(log.systems))
        return item, ""

    return check


def _date_answer(answer: str) -> tuple[str | None, str]:
    """A date typed as on the command line (1 Dec 2024, Dec 2024, 2024-12) in the log's form (EDTF)."""
    from ..dates import DateError, parse_edtf, parse_user_date

    try:
        parse_edtf(answer)
        return answer, ""
    except DateError:
        pass
    try:
        span = parse_user_date(answer)
    except DateError as e:
        return None, str(e)
    if span.start is None or span.end is None:
        return None, f"'{answer}': write an open date in the log's form (../2024-12 or 2024-12/..)"
    edtf = _point(span.start) if span.start == span.end else f"{_point(span.start)}/{_point(span.end)}"
    return edtf, f"taken as {edtf}"


def _point(p: Point) -> str:
    text = f"{p.year:04d}" + (f"-{p.month:02d}" if p.month else "") + (f"-{p.day:02d}" if p.day else "")
    return text + ("%" if p.approximate and p.uncertain else "~" if p.approximate else "?" if p.uncertain else "")
