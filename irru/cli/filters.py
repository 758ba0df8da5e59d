"""The event filters every selecting command takes (docs/queries.md), declared once here: :data:`FILTERS` names
each option (its help, metavar and completion live in its declaration in :mod:`.options`), :func:`selecting` gives
a command the whole set, and :func:`query` turns what was typed into a :class:`irru.query.Query`.

A command that selects events takes a parameter ``asked: Filters`` and is decorated with :func:`selecting`; typer
then sees every filter option in its place, and the command receives them parsed (dates read, names checked that
need no log). Adding a filter here gives it to every such command, its ``--help``, its completion and docs/cli.md;
tests/test_queries.py enumerates commands × filters.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, TypeVar

from ..errors import UsageError
from .options import (
    ActorsOption,
    AsOfOption,
    BetweenOption,
    CategoriesOption,
    ConfidenceOption,
    DeniedByOption,
    GradesOption,
    GrepOption,
    OnOption,
    PossiblyOption,
    QueryArgument,
    QueryOption,
    ReviewOption,
    RolesOption,
    SaidSinceOption,
    SaidUntilOption,
    SinceOption,
    SourcesOption,
    SpeakersOption,
    StancesOption,
    StoriesOption,
    SystemsOption,
    TagsOption,
    TypesOption,
    UntilOption,
    WithinOption,
    user_date,
)
from .output import Env, check_choice

if TYPE_CHECKING:
    from ..dates import Span
    from ..model import Log
    from ..query import Query
    from ..querylang import Parsed

# The filter options, in the order --help lists them: (parameter name, typer declaration, default). A name that
# is not a date, as-of or --between setting is a filter word of irru.query.build (query.FILTERS).
FILTERS: tuple[tuple[str, Any, Any], ...] = (
    ("since", SinceOption, None),
    ("until", UntilOption, None),
    ("on", OnOption, None),
    ("within", WithinOption, False),
    ("possibly", PossiblyOption, False),
    ("actor", ActorsOption, None),
    ("role", RolesOption, None),
    ("between", BetweenOption, None),
    ("type", TypesOption, None),
    ("tag", TagsOption, None),
    ("story", StoriesOption, None),
    ("system", SystemsOption, None),
    ("category", CategoriesOption, None),
    ("source", SourcesOption, None),
    ("stance", StancesOption, None),
    ("speaker", SpeakersOption, None),
    ("denied_by", DeniedByOption, None),
    ("grade", GradesOption, None),
    ("confidence", ConfidenceOption, None),
    ("review", ReviewOption, None),
    ("grep", GrepOption, None),
    ("said_since", SaidSinceOption, None),
    ("said_until", SaidUntilOption, None),
    ("as_of", AsOfOption, None),
    ("query", QueryArgument, None),  # --query (QueryOption) where the command's own arguments are variadic
)
SETTINGS = ("since", "until", "on", "within", "possibly", "as_of", "between", "said_since", "said_until", "query")
F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Filters:
    """Filter values as typed (``not:X`` kept as written), with dates parsed before the log is read."""

    words: dict[str, Sequence[str]] = field(default_factory=dict)
    between: tuple[str, ...] = ()
    since: Span | None = None
    until: Span | None = None
    on: tuple[Span, ...] = ()
    within: bool = False
    possibly: bool = False
    said_since: Span | None = None
    said_until: Span | None = None
    as_of: Span | None = None
    parsed: Parsed | None = None  # the query terms (irru.querylang), their words and dates merged above
    sort: str = "date"
    reverse: bool = False
    limit: int | None = None
    given: Mapping[str, Any] = field(default_factory=dict)  # every filter option as typed (None: not given)

    @property
    def any(self) -> bool:
        """Whether any filter was given (an as-of day alone is not a filter: it changes what is known)."""
        return bool(
            self.words or self.between or self.since or self.until or self.on or self.said_since or self.said_until
        ) or bool(self.parsed and (self.parsed.terms or self.parsed.groups))


NO_FILTERS = Filters()  # the default of an ``asked`` parameter that follows options with defaults


def selecting(command: F) -> F:
    """The command with every filter option of :data:`FILTERS` in place of its ``asked`` parameter, which it
    receives parsed (:func:`filters`). The command must also take ``ctx`` (for today's date and the streams)."""
    signature = inspect.signature(command, eval_str=True)
    params = list(signature.parameters.values())
    at = [p.name for p in params].index("asked")
    variadic = any(_variadic_argument(p.annotation) for p in params)
    added = [
        inspect.Parameter(
            name,
            inspect.Parameter.KEYWORD_ONLY,
            annotation=QueryOption if name == "query" and variadic else a,
            default=d,
        )
        for name, a, d in FILTERS
    ]
    rest = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in params[at + 1 :]]
    head = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in params[:at]]
    shown = signature.replace(parameters=[*head, *added, *rest])

    @functools.wraps(command)
    def run(**kwargs: Any) -> Any:
        from .root import env_of

        given = {name: kwargs.pop(name) for name, _a, _d in FILTERS}
        kwargs["asked"] = parse(env_of(kwargs["ctx"]), given)
        return command(**kwargs)

    run.__signature__ = shown  # type: ignore[attr-defined]  # what typer reads the options from
    run.__annotations__ = {p.name: p.annotation for p in shown.parameters.values()}
    return run  # type: ignore[return-value]  # the same call, with the filters as keywords


def _variadic_argument(annotation: Any) -> bool:
    """An argument taking any number of values (diff's SOURCE_A SOURCE_B): then the query is given with --query."""
    from typing import get_args, get_origin

    from typer.models import ArgumentInfo

    meta = getattr(annotation, "__metadata__", ())
    if not any(isinstance(m, ArgumentInfo) for m in meta):
        return False
    inner = get_args(annotation)[0] if get_args(annotation) else annotation
    return get_origin(inner) is list or any(get_origin(a) is list for a in get_args(inner))


def parse(env: Env, given: Mapping[str, Any]) -> Filters:
    """The filters from their options as typed (the names of :data:`FILTERS`), with the query's terms merged in:
    a term is its flag (``actor:Iran`` is ``--actor Iran``), a date term its date option."""
    settings: dict[str, Any] = {k: given.get(k) for k in SETTINGS}
    words: dict[str, Any] = {
        k: list(v) if isinstance(v, (list, tuple)) else v for k, v in given.items() if k not in SETTINGS
    }
    typed = settings.pop("query") or ()
    parsed = None
    if any(a.strip() for a in typed):  # the query language is imported only when a query is given
        from .. import querylang

        parsed = querylang.parse(querylang.join(typed))
        found = querylang.words_of(parsed.terms, parsed.text)
        for key, values in found.words.items():
            words[key] = [*(words.get(key) or ()), *values]
        for key, values in found.dates.items():
            if key == "on":
                settings["on"] = [*(settings["on"] or ()), *values]
                continue
            if settings[key] is not None or len(values) > 1:
                option = "--" + key.replace("_", "-")
                raise UsageError(f"{option} is given more than once (as an option or a {key.replace('_', '-')}: term)")
            settings[key] = values[0]
        if found.between:
            if settings["between"]:
                raise UsageError("--between is given twice (as an option and a between: term)")
            settings["between"] = found.between
    got = filters(
        env,
        since=settings["since"],
        until=settings["until"],
        on=settings["on"],
        within=bool(settings["within"]),
        possibly=bool(settings["possibly"]),
        as_of=settings["as_of"],
        between=settings["between"],
        said_since=settings["said_since"],
        said_until=settings["said_until"],
        **words,
    )
    return replace(got, given=dict(given), parsed=parsed)


def ordered(f: Filters, sort: str, reverse: bool, limit: int | None) -> Filters:
    """The filters with an order and a limit (``timeline``'s --sort, --reverse, -n)."""
    from ..query import SORTS

    if limit is not None and limit < 0:
        raise UsageError(f"--limit: {limit} is negative; give 0 or more")
    return replace(f, sort=check_choice(sort, SORTS, "--sort") or "date", reverse=reverse, limit=limit)


def filters(
    env: Env,
    *,
    since: str | None = None,
    until: str | None = None,
    on: Sequence[str] | None = None,
    within: bool = False,
    possibly: bool = False,
    as_of: str | None = None,
    between: Sequence[str] | None = None,
    said_since: str | None = None,
    said_until: str | None = None,
    **words: Sequence[str] | None,
) -> Filters:
    """Parse the dates (relative ones against IRRU_TODAY or today) and check what needs no log."""
    dated = (since, until, as_of, on or None, said_since, said_until)
    today = env.today() if any(v is not None for v in dated) else None
    f = Filters(
        words={k: tuple(v) for k, v in words.items() if v},
        between=tuple(between or ()),
        since=user_date(since, "--since", today),
        until=user_date(until, "--until", today),
        on=tuple(d for d in (user_date(p, "--on", today) for p in on or ()) if d is not None),
        within=within,
        possibly=possibly,
        as_of=as_of_day(user_date(as_of, "--as-of", today), env),
        said_since=user_date(said_since, "--said-since", today),
        said_until=user_date(said_until, "--said-until", today),
    )
    s_since, s_until = f.said_since, f.said_until
    if s_since and s_until and s_since.earliest and s_until.latest and s_since.earliest > s_until.latest:
        raise UsageError(f"--said-since {s_since.text} is after --said-until {s_until.text}")
    if f.since and f.until and f.since.earliest and f.until.latest and f.since.earliest > f.until.latest:
        raise UsageError(f"--since {f.since.text} is after --until {f.until.text}")
    roles = f.words.get("role", ())
    if any(not r.casefold().startswith("not:") for r in roles) and not f.words.get("actor"):
        raise UsageError("--role needs --actor: it says which role that actor plays")
    return f


def as_of_day(span: Span | None, env: Env) -> Span | None:
    """An as-of day on or after today is today, and today is every claim: the same as no --as-of."""
    if span is None or span.latest is None or span.latest < env.today():
        return span
    return None


def query(log: Log, f: Filters, **overrides: object) -> Query:
    """The query, every name resolved against the log (an unknown name is a usage error with a suggestion)."""
    from .. import query as Q

    if f.parsed is not None:
        from .. import querylang

        querylang.check(log, f.parsed)  # each name of the query, with a caret under a wrong one
    q = Q.build(
        log,
        f.words,
        between=f.between,
        since=f.since,
        until=f.until,
        on=f.on,
        within=f.within,
        possibly=f.possibly,
        as_of=f.as_of.latest if f.as_of else None,
        sort=f.sort,
        reverse=f.reverse,
        limit=f.limit,
    )
    if f.said_since or f.said_until:
        q = replace(q, said_since=f.said_since, said_until=f.said_until)
    if f.parsed is not None:
        from .. import querylang

        top = querylang.words_of(f.parsed.terms, f.parsed.text)  # its regular expressions (its words are merged)
        q = replace(
            q,
            patterns=top.patterns,
            exclude=(*q.exclude, *(Q.Query(patterns=(p,)) for p in top.not_patterns)),
            where=querylang.conditions(log, f.parsed),
        )
    return replace(q, **overrides) if overrides else q  # type: ignore[arg-type]  # overrides are Query fields
