"""`irru import`: a reference dataset's extract into a log, as dated claims. Thin glue over :mod:`irru.importer`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import IrruError, LogError, UsageError
from .curate import _need_ruamel, _read_checked
from .root import app, env_of

IMPORT_HELP = (
    "Import a reference dataset's extract into a log as claims: SIPRI's trade register (CSV), ACLED's and UCDP"
    " GED's event exports (CSV), Wikidata entities or SPARQL results (JSON). Each dataset version is a source"
    " of kind dataset, each row a claim from it carrying the row's key, so --as-of shows what the dataset said"
    " when.\n\n"
    "Examples:\n\n"
    "  irru import sipri trade-register.csv --into my-log.yaml --version 2025-03-10\n\n"
    "  irru import sipri trade-register.csv --into my-log.yaml --map mapping.yaml --dry-run\n\n"
    "  irru import acled acled-export.csv --into my-log.yaml --version 2026-11-30 --partial\n\n"
    "  irru import wikidata Q794.json --into my-log.yaml --map mapping.yaml\n\n"
    "Importing a newer version adds a claim for each changed row and notes the rows that are gone (unless"
    " --partial); importing the same file again changes nothing. Rows are matched to the log's events, actors"
    " and systems only by the mapping file (--map), an exact name or alias, or the key of an earlier import;"
    " anything else is added as new, with possible matches printed as suggestions. The log is written only if"
    " it still passes check (atomically, the old file kept as FILE.bak). Exit 1 if it would not. docs/import.md."
)


@app.command(name="import", help=IMPORT_HELP)
def import_(
    ctx: typer.Context,
    dataset: Annotated[str, typer.Argument(metavar="DATASET", help="sipri, acled, ucdp or wikidata.")],
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The extract, as the dataset exports it.")],
    into: Annotated[Path, typer.Option("--into", metavar="LOG", help="The log to import into (it is rewritten).")],
    version: Annotated[
        str | None,
        typer.Option(
            metavar="DATE",
            help="The dataset version's date (EDTF), when the file does not say it (SIPRI's says it).",
            show_default=False,
        ),
    ] = None,
    mapping: Annotated[
        Path | None,
        typer.Option(
            "--map",
            metavar="FILE",
            help="Upstream names and keys to the log's ids (docs/import.md).",
            show_default=False,
        ),
    ] = None,
    grade: Annotated[str, typer.Option(help="The dataset source's reliability grade, A-F.")] = "B",
    partial: Annotated[
        bool, typer.Option("--partial", help="The extract is a selection: rows missing from it are not gone.")
    ] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Say what would change; write nothing.")] = False,
) -> None:
    from .. import importer as I
    from .. import yamledit
    from ..dates import DateError, parse_edtf
    from ..inert import inert
    from ..model import GRADES
    from ..query import resolve_choice

    env = env_of(ctx)
    fmt = resolve_choice("dataset", dataset, list(I.FORMATS))
    grade = resolve_choice("grade", grade.upper(), list(GRADES), option="--grade")
    _need_ruamel()
    text, log, original = _read_checked(into)
    if log.files:
        raise UsageError(f"{into}: import writes one self-contained log file, not a workspace's top file")
    if log.schema < 2:
        raise UsageError(f"{into}: import writes schema-2 records; run irru migrate {into} first")
    if file.exists() and not file.is_file():  # a FIFO or a device is never waited on or read without end
        raise UsageError(f"{file}: not a regular file; give the extract as a file")
    try:
        raw = file.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UsageError(f"{file}: no such file") from None
    except (OSError, UnicodeDecodeError) as e:
        raise UsageError(f"{file}: cannot read it as UTF-8 text ({e.__class__.__name__})") from None
    try:
        extract = I.PARSERS[fmt](raw)
    except I.FormatError as e:
        raise LogError(str(file), e.problems, raw) from None
    when = version or extract.version
    if fmt != "wikidata":
        if when is None:
            raise UsageError(f"{file} does not say which version of the dataset it is: give --version DATE")
        try:
            parse_edtf(when)
        except DateError as e:
            raise UsageError(f"--version '{when}': {e}") from None
    maps = I.read_mapping(mapping) if mapping else I.Mapping_()
    for section, known in (("actors", log.actors), ("systems", log.systems), ("events", log.events_by_id)):
        for name, target in getattr(maps, section).items():
            if target not in known:
                raise UsageError(f"{mapping}: {section} maps '{name}' to '{target}', which {into} does not have")
    try:
        p = I.plan(log, fmt, extract, version=when or "", mapping=maps, grade=grade, partial=partial)
    except I.ImportError_ as e:
        raise IrruError(f"{file}: {e}") from None
    env.emit(inert(line) for line in p.lines)
    for s in p.suggestions:
        env.err(inert(f"suggest: {s}"))
    if not p.changes:
        env.emit([f"{into}: nothing to import; {p.unchanged} rows unchanged"])
        return
    new = I.apply(text, p)
    summary = (
        f"{len(p.events)} events, {len(p.claims)} claims on existing events, {len(p.actors)} actors,"
        f" {len(p.systems)} systems, {len(p.actor_updates)} actor updates; {p.unchanged} rows unchanged"
    )
    if dry_run:
        yamledit.validated(new, str(into))
        env.emit([f"{into}: would add {summary} (dry run: nothing written)"])
        return
    bak = yamledit.write_log(into, new, original=original)
    env.emit([f"{into}: added {summary}" + (f"; old file kept as {bak}" if bak else "")])
