"""`irru promises` and `irru transfers`: the promise ledger and the transfer register."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated

import typer

from .filters import Filters, query, selecting
from .logs import open_log
from .options import (
    ColorOption,
    DataOption,
    FormatOption,
    NoCacheOption,
    NoPagerOption,
    complete,
)
from .output import Term
from .root import app, env_of

if TYPE_CHECKING:
    from ..query import Query


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """The ledger and its records are many small objects and no cycles, alive until the command ends: as when a
    log is read (:func:`irru.cli.logs.open_log`), the cyclic collector is paused meanwhile and what was built
    frozen out of its sight (at 100,000 events it otherwise walks them again and again: a third of the time)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def _system_ok(q: Query, system: str, category: str) -> bool:
    """A register row is about one system: --system and --category (and their not:) apply to it as well."""
    if (q.systems and system not in q.systems) or (q.categories and category not in q.categories):
        return False
    return not any(system in ex.systems or category in ex.categories for ex in q.exclude)


@app.command(
    help=(
        "The promise ledger: announced or promised transfers (Su-35 jets, S-400…), from whom to whom, announced"
        " when and by whom, delivered when or not delivered as of a date, and the time elapsed.\n\n"
        "Examples:\n\n"
        "  irru promises\n\n"
        "  irru promises --system Su-35 --as-of 2024-03-31\n\n"
        "  irru promises --status not-delivered --format json\n\n"
        "  irru promises --between Russia Iran --since 2023\n\n"
        "Status: delivered (every system delivered, confirmed or reported on the record); partly-delivered (some);"
        " delivery-disputed, -unconfirmed, -denied or -predicted (a delivery only so supported); not-delivered or"
        " cancelled (as the newest source to say so put it); no-outcome-recorded. Elapsed time runs in calendar"
        " months from the promise to its delivery; undelivered, to --as-of, or else to the last evidence on the"
        " promise, with the time to today shown apart. Filters pick the promises listed; a promise's delivery counts whatever they say."
    )
)
@selecting
def promises(
    ctx: typer.Context,
    asked: Filters,
    status: Annotated[
        list[str] | None,
        typer.Option(
            help="Only these statuses (delivered, not-delivered, delivery-disputed…). Prefix not: to exclude.",
            metavar="STATUS",
            autocompletion=complete("status"),
            show_default=False,
        ),
    ] = None,
    format_: FormatOption = None,
    color: ColorOption = "auto",
    no_pager: NoPagerOption = False,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    from .. import ledger
    from ..query import resolve_choice
    from ..render.records import promises_view

    env = env_of(ctx)
    term = Term(env, format_, color, pager=not no_pager)
    wanted = {resolve_choice("status", s, ledger.PROMISE_STATUSES) for s in status or () if s[:4].casefold() != "not:"}
    unwanted = {
        resolve_choice("status", s[4:], ledger.PROMISE_STATUSES) for s in status or () if s[:4].casefold() == "not:"
    }
    log = open_log(data, no_cache)
    with _collector_paused():
        items = [
            p
            for p in ledger.promise_ledger(log, query(log, asked), today=env.today())
            if (not wanted or p.status in wanted) and p.status not in unwanted
        ]
        view = promises_view(log, items)
    if not items:
        env.err("irru: no promises match")
    term.listing(view)


@app.command(
    help=(
        "The transfer register, in the manner of SIPRI's: supplier, recipient, system, category, quantity ordered"
        " and delivered (~ and + kept), dates, status, confidence and sources; one row per story and system.\n\n"
        "Examples:\n\n"
        "  irru transfers\n\n"
        "  irru transfers --actor Russia --format csv\n\n"
        "  irru transfers --as-of 2024-03-31\n\n"
        "  irru transfers --category drone --confidence not:denied\n\n"
        "A row is listed when one of its events passes the filters; its other events still count. Status says how"
        " sure: delivered (an official confirmed it), reported delivered (not officially confirmed), reported"
        " delivered (unconfirmed), delivery disputed, denied or predicted; else ordered or promised."
    )
)
@selecting
def transfers(
    ctx: typer.Context,
    asked: Filters,
    format_: FormatOption = None,
    color: ColorOption = "auto",
    no_pager: NoPagerOption = False,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    from .. import ledger
    from ..render.records import transfers_view

    env = env_of(ctx)
    term = Term(env, format_, color, pager=not no_pager)
    log = open_log(data, no_cache)
    q = query(log, asked)
    with _collector_paused():
        items = [t for t in ledger.register(log, q) if _system_ok(q, t.system, t.category)]
        view = transfers_view(log, items)
    if not items:
        env.err("irru: no transfers match")
    term.listing(view)
