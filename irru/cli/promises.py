"""`irru promises` and `irru transfers`: the promise ledger and the transfer register."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from .logs import open_log
from .options import (
    ActorsOption,
    AsOfOption,
    ColorOption,
    DataOption,
    FormatOption,
    NoCacheOption,
    SystemsOption,
    user_date,
)
from .output import Term
from .root import app, env_of

if TYPE_CHECKING:
    from datetime import date

    from ..model import Log
    from ..query import Row


def _rows(log: Log, actor: list[str] | None, system: list[str] | None, as_of: date | None) -> list[Row]:
    from .. import query as Q

    q = Q.Query(
        actors=tuple(Q.resolve_actor(log, a) for a in actor or ()),
        systems=tuple(Q.resolve_system(log, s) for s in system or ()),
        as_of=as_of,
    )
    return Q.run(log, q)


@app.command(
    help=(
        "The promise ledger: announced or promised transfers (Su-35 jets, S-400…), from whom to whom, announced"
        " when and by whom, delivered when or not delivered as of a date, and the time elapsed.\n\n"
        "Examples:\n\n"
        "  irru promises\n\n"
        "  irru promises --system Su-35 --as-of 2024-03-31\n\n"
        "  irru promises --status not-delivered --format json\n\n"
        "Status: delivered (every system delivered, confirmed or reported on the record); partly-delivered (some);"
        " delivery-disputed, -unconfirmed, -denied or -predicted (a delivery only so supported); not-delivered or"
        " cancelled (as the newest source to say so put it); no-outcome-recorded. Elapsed time runs in calendar"
        " months from the promise to its delivery; undelivered, to --as-of, or else to the last evidence on the"
        " promise, with the time to today shown apart."
    )
)
def promises(
    ctx: typer.Context,
    actor: ActorsOption = None,
    system: SystemsOption = None,
    status: Annotated[list[str] | None, typer.Option(help="Only these statuses.")] = None,
    as_of: AsOfOption = None,
    format_: FormatOption = None,
    color: ColorOption = "auto",
    data: DataOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    from .. import ledger
    from ..query import resolve_choice
    from ..render.records import promises_view

    env = env_of(ctx)
    term = Term(env, format_, color)
    span = user_date(as_of, "--as-of")
    wanted = {resolve_choice("status", s, ledger.STATUSES) for s in status or ()}
    log = open_log(data, no_cache)
    rows = _rows(log, actor, system, span.latest if span else None)
    day = span.latest if span else None
    items = [p for p in ledger.promises(log, rows, today=env.today(), as_of=day) if not wanted or p.status in wanted]
    if not items:
        env.err("irru: no promises match")
    term.listing(promises_view(log, items))


@app.command(
    help=(
        "The transfer register, in the manner of SIPRI's: supplier, recipient, system, category, quantity ordered"
        " and delivered (~ and + kept), dates, status, confidence and sources; one row per story and system.\n\n"
        "Examples:\n\n"
        "  irru transfers\n\n"
        "  irru transfers --actor Russia --format csv\n\n"
        "  irru transfers --as-of 2024-03-31"
    )
)
def transfers(
    ctx: typer.Context,
    actor: ActorsOption = None,
    system: SystemsOption = None,
    as_of: AsOfOption = None,
    format_: FormatOption = None,
    color: ColorOption = "auto",
    data: DataOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    from .. import ledger
    from ..render.records import transfers_view

    env = env_of(ctx)
    term = Term(env, format_, color)
    span = user_date(as_of, "--as-of")
    log = open_log(data, no_cache)
    items = ledger.transfers(log, _rows(log, actor, system, span.latest if span else None))
    if not items:
        env.err("irru: no transfers match")
    term.listing(transfers_view(log, items))
