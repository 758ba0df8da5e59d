"""The event filters commands share (docs/queries.md), as typed on the command line, turned into a query."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ..errors import UsageError
from .options import user_date
from .output import Env, check_choice

if TYPE_CHECKING:
    from ..dates import Span
    from ..model import Log
    from ..query import Query


@dataclass(frozen=True)
class Filters:
    """Filter values as typed (``not:X`` kept as written), with dates parsed before the log is read."""

    words: dict[str, Sequence[str]] = field(default_factory=dict)
    between: tuple[str, ...] = ()
    since: Span | None = None
    until: Span | None = None
    on: tuple[Span, ...] = ()
    within: bool = False
    as_of: Span | None = None
    sort: str = "date"
    reverse: bool = False
    limit: int | None = None


def filters(
    env: Env,
    *,
    since: str | None = None,
    until: str | None = None,
    on: Sequence[str] | None = None,
    within: bool = False,
    as_of: str | None = None,
    between: Sequence[str] | None = None,
    sort: str = "date",
    reverse: bool = False,
    limit: int | None = None,
    **words: Sequence[str] | None,
) -> Filters:
    """Parse the dates (relative ones against IRRU_TODAY or today) and check what needs no log."""
    from ..query import SORTS

    today = env.today() if any(v is not None for v in (since, until, as_of, on or None)) else None
    f = Filters(
        words={k: tuple(v) for k, v in words.items() if v},
        between=tuple(between or ()),
        since=user_date(since, "--since", today),
        until=user_date(until, "--until", today),
        on=tuple(d for d in (user_date(p, "--on", today) for p in on or ()) if d is not None),
        within=within,
        as_of=user_date(as_of, "--as-of", today),
        sort=check_choice(sort, SORTS, "--sort") or "date",
        reverse=reverse,
        limit=limit,
    )
    if limit is not None and limit < 0:
        raise UsageError(f"--limit: {limit} is negative; give 0 or more")
    if f.since and f.until and f.since.earliest and f.until.latest and f.since.earliest > f.until.latest:
        raise UsageError(f"--since {f.since.text} is after --until {f.until.text}")
    roles = f.words.get("role", ())
    if any(not r.casefold().startswith("not:") for r in roles) and not f.words.get("actor"):
        raise UsageError("--role needs --actor: it says which role that actor plays")
    return f


def query(log: Log, f: Filters, **overrides: object) -> Query:
    """The query, every name resolved against the log (an unknown name is a usage error with a suggestion)."""
    from .. import query as Q

    q = Q.build(
        log,
        f.words,
        between=f.between,
        since=f.since,
        until=f.until,
        on=f.on,
        within=f.within,
        as_of=f.as_of.latest if f.as_of else None,
        sort=f.sort,
        reverse=f.reverse,
        limit=f.limit,
    )
    return replace(q, **overrides) if overrides else q  # type: ignore[arg-type]  # overrides are Query fields
