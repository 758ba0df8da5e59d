"""`irru ach`: Analysis of Competing Hypotheses over the log's own claims. Thin glue over :mod:`irru.ach`."""

from __future__ import annotations

from typing import Annotated

import typer

from ..errors import IrruError, UsageError
from .logs import open_log
from .options import AsOfOption, ColorOption, DataOption, NoCacheOption, NoPagerOption, complete, user_date
from .output import Term
from .root import app, env_of

ACH_HELP = (
    "Analysis of Competing Hypotheses (Heuer) over a story's claims: the hypotheses an event of the story names,"
    " the evidence analysts rated against them, and the hypotheses ranked by weighted inconsistency. Each piece"
    " of evidence carries its event's flag, the grade of the original it rests on and its independence: relays"
    " of one original share one weight. Shows each row's diagnosticity, the rows that put the leader ahead and"
    " where analysts disagree.\n\n"
    "Examples:\n\n"
    "  irru ach\n\n"
    "  irru ach su35-for-iran\n\n"
    "  irru ach su35-for-iran --as-of 2024-11-25\n\n"
    "  irru ach s400-for-iran --sensitivity\n\n"
    "  irru ach su35-for-iran --format json\n\n"
    "Without a story, lists the analyses in the log. --as-of D: only claims made by D are evidence."
    " --sensitivity: the ranking again without the rows resting on D–F originals, without anonymous rows, and"
    " without each original in turn, naming the evidence the ranking hangs on. Formulas: docs/ach.md."
    " Formats: table, plain, md, json."
)


@app.command(name="ach", help=ACH_HELP)
def ach(
    ctx: typer.Context,
    story: Annotated[
        str | None,
        typer.Argument(
            metavar="[STORY]",
            help="The story (or the id of the event that holds the hypotheses); without one, list the analyses.",
            autocompletion=complete("story"),
        ),
    ] = None,
    as_of: AsOfOption = None,
    sensitivity: Annotated[
        bool,
        typer.Option(
            "--sensitivity",
            help="Rank again without weak (D–F) originals, anonymous rows, and each original in turn.",
        ),
    ] = False,
    format_: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="table (default on a terminal), plain (default when piped), md or json.",
            show_default=False,
        ),
    ] = None,
    color: ColorOption = "auto",
    no_pager: NoPagerOption = False,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    from .. import ach as A
    from ..hints import did_you_mean
    from ..render import ach as R

    env = env_of(ctx)
    term = Term(env, format_, color, pager=not no_pager)
    term.only("ach", "table", "plain", "md", "json")
    span = user_date(as_of, "--as-of", env.today() if as_of else None)
    day = span.latest if span else None
    log = open_log(data, no_cache)
    if story is None:
        term.emit(R.listing(log, A.analyses(log)))
        return
    anchor = A.find(log, story)
    if anchor is None:
        names = {e.story or e.id: "" for e in A.analyses(log)}
        if not names:
            raise UsageError(f"no analysis of '{story}': this log has none (docs/ach.md says how to write one)")
        hint = did_you_mean(story, names) or f"; the log's analyses are: {', '.join(names)}"
        raise UsageError(f"no analysis of '{story}'{hint}")
    m = A.matrix(log, anchor, as_of=day)
    if as_of and not m.rows and not any(A.matrix(log, anchor).rows):
        raise IrruError(f"no evidence of '{story}' is rated")
    tests = A.sensitivity(log, m) if sensitivity else None
    if term.format == "json":
        term.emit(R.as_json(log, m, tests))
        return
    if term.format == "md":
        term.emit(R.markdown(log, m, tests))
        return
    term.styled(R.lines(log, m, tests))
