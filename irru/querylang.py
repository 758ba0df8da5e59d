"""The query language: positional QUERY terms, in the spirit of hledger's (docs/queries.md, "The query language").

Pure: text in, a :class:`Parsed` out (or a :class:`QueryError` pointing at the term); names are resolved
against the log by :func:`compile`. The grammar::

    query  := any
    any    := all ("or" all)*
    all    := item+                          (optionally joined by "and")
    item   := "not:" item | "(" any ")" | "claim(" term+ ")" | term
    term   := FIELD ":" VALUE | WORD          (a bare WORD is text:WORD)
    VALUE  := word | "quoted words" | /regex/ (regex only for text:)

Within one ``all``, terms are exactly the command-line flags: the same field repeated means any of its values,
different fields must all hold, and the claim filters (source, stance, by, denied-by, grade) hold on one claim
together. ``claim(...)`` groups claim terms that must hold on one claim of their own, so two groups can ask for
two different claims of one event. ``not:`` before a term drops what the term selects (as ``--actor not:X``);
before a group, what the group selects. Date terms (since, until, on, said-since, said-until) set the period
and may stand only at the top level, outside ``or``, ``not:`` and groups.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .errors import UsageError
from .hints import did_you_mean

if TYPE_CHECKING:
    from .model import Log
    from .query import Cond, Query

# field name as typed -> the filter word of irru.query.build (or a date setting)
FIELDS: dict[str, str] = {
    "actor": "actor",
    "role": "role",
    "between": "between",
    "type": "type",
    "tag": "tag",
    "story": "story",
    "system": "system",
    "category": "category",
    "source": "source",
    "stance": "stance",
    "by": "speaker",
    "speaker": "speaker",
    "denied-by": "denied_by",
    "grade": "grade",
    "confidence": "confidence",
    "flag": "confidence",
    "text": "grep",
    "since": "since",
    "until": "until",
    "on": "on",
    "said-since": "said_since",
    "said-until": "said_until",
}
DATES = ("since", "until", "on", "said_since", "said_until")
# the filter word -> the kind of values it takes (shell completion, irru.cli.completion)
VALUE_KINDS: dict[str, str] = {
    "actor": "actor",
    "between": "actor",
    "speaker": "actor",
    "denied_by": "actor",
    "role": "role",
    "type": "type",
    "tag": "tag",
    "story": "story",
    "system": "system",
    "category": "category",
    "source": "source",
    "stance": "stance",
    "grade": "grade",
    "confidence": "flag",
}
CLAIM_FIELDS = ("source", "stance", "speaker", "denied_by", "grade")


class QueryError(UsageError):
    """A query that cannot be read; the message shows the query with a caret under the term."""

    def __init__(self, text: str, start: int, end: int, why: str) -> None:
        width = max(1, end - start)
        super().__init__(f"query: {why}\n  {text}\n  {' ' * start}{'^' * width}")
        self.start, self.end = start, end


@dataclass(frozen=True)
class Term:
    field: str  # a filter word of irru.query.build, or a date setting
    value: str
    negated: bool = False
    regex: bool = False
    at: tuple[int, int] = (0, 0)  # where it is in the query text


@dataclass(frozen=True)
class All:
    """Terms that must all hold (the same field repeated: any of its values), and groups."""

    terms: tuple[Term, ...] = ()
    groups: tuple[Node, ...] = ()


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    item: Node


@dataclass(frozen=True)
class OneClaim:
    terms: tuple[Term, ...]


Node = All | AnyOf | Not | OneClaim


@dataclass(frozen=True)
class Parsed:
    """A query: its top-level terms (flags' equals, dates among them) and the groups that must hold too."""

    terms: tuple[Term, ...] = ()
    groups: tuple[Node, ...] = ()
    text: str = ""


def join(args: Sequence[str]) -> str:
    """The query text of command-line arguments: each argument a run of terms; one that is a single term with
    spaces in its value (the shell took the quotes: ``by:United States``) is quoted back."""
    out = []
    for a in args:
        m = re.fullmatch(r"([a-z-]+:)(not:)?([^\"()/]*\s[^\"()]*)", a.strip())
        one = m is not None and m.group(1)[:-1] in FIELDS
        if m is not None and one and not re.search(r"\s(?:not:)?[A-Za-z][\w-]*:|\s(?:or|and)(?:\s|$)", m.group(3)):
            out.append(f'{m.group(1)}{m.group(2) or ""}"{m.group(3)}"')
        else:
            out.append(a)
    return " ".join(out)


_TOKEN = re.compile(
    r"""\s*(?:
      (?P<open>claim\(|\()
    | (?P<close>\))
    | (?P<not>not:)(?=[\w(\"/-])
    | (?P<field>[A-Za-z][\w-]*):(?P<value>"[^"]*"?|/(?:\\.|[^/\\])*/?|[^\s()]*)
    | (?P<word>"[^"]*"?|[^\s()]+)
    )""",
    re.X,
)


@dataclass
class _Tok:
    kind: str
    text: str
    start: int
    end: int
    value: str = ""
    field_: str = ""
    regex: bool = False


def _lex(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    pos = 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:  # pragma: no cover - every character is some token
            raise QueryError(text, pos, pos + 1, "cannot read this")
        start = m.end() - len(m.group(0).lstrip())
        kind = m.lastgroup or ""
        if kind == "value":
            kind = "field"
        tok = _Tok(kind, m.group(0).strip(), start, m.end())
        if kind == "field":
            tok.field_ = m.group("field").casefold()
            tok.value, tok.regex = _value(text, m.group("value"), m.start("value"))
            if tok.field_ == "not" and not tok.value:
                raise QueryError(text, start, m.end(), "write what to exclude after 'not:' (not:actor:Iran)")
        elif kind == "word":
            word = m.group("word")
            if word.casefold() in ("or", "and"):
                tok.kind = word.casefold()
            else:
                tok.field_, tok.value = "text", _value(text, word, start)[0]
        toks.append(tok)
        pos = m.end()
    return toks


def _value(text: str, raw: str, at: int) -> tuple[str, bool]:
    if raw.startswith('"'):
        if len(raw) < 2 or not raw.endswith('"'):
            raise QueryError(text, at, at + len(raw), 'a quoted value needs its closing "')
        return raw[1:-1], False
    if raw.startswith("/"):
        if len(raw) < 2 or not raw.endswith("/") or raw.endswith("\\/"):
            raise QueryError(text, at, at + len(raw), "a regular expression needs its closing /")
        pattern = raw[1:-1]
        try:
            re.compile(pattern)
        except re.error as e:
            raise QueryError(text, at, at + len(raw), f"not a regular expression: {e}") from None
        return pattern, True
    return raw, False


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = _lex(text)
        self.i = 0

    def peek(self) -> _Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self) -> _Tok:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def fail(self, tok: _Tok | None, why: str) -> QueryError:
        if tok is None:
            n = len(self.text.rstrip())
            return QueryError(self.text, n, n + 1, why)
        return QueryError(self.text, tok.start, tok.end, why)

    def any(self, depth: int) -> Node:
        items = [self.all(depth)]
        while (tok := self.peek()) is not None and tok.kind == "or":
            self.take()
            items.append(self.all(depth))
        return items[0] if len(items) == 1 else AnyOf(tuple(items))

    def all(self, depth: int) -> All:
        terms: list[Term] = []
        groups: list[Node] = []
        while (tok := self.peek()) is not None and tok.kind not in ("or", "close"):
            if tok.kind == "and":
                self.take()
                continue
            item = self.item(depth)
            if isinstance(item, Term):
                terms.append(item)
            else:
                groups.append(item)
        if not terms and not groups:
            raise self.fail(tok, "expected a term here (field:value)")
        return All(tuple(terms), tuple(groups))

    def item(self, depth: int) -> Term | Node:
        tok = self.take()
        if tok.kind == "not":
            inner = self.item(depth)
            if isinstance(inner, Term):
                if inner.negated:
                    raise self.fail(tok, "not:not: says nothing; drop both")
                return Term(inner.field, inner.value, True, inner.regex, (tok.start, inner.at[1]))
            return Not(inner)
        if tok.kind == "open":
            if tok.text == "claim(":
                return self.claim(tok)
            inner = self.any(depth + 1)
            close = self.peek()
            if close is None or close.kind != "close":
                raise self.fail(tok, "this ( is never closed")
            self.take()
            return inner
        if tok.kind == "close":
            raise self.fail(tok, "this ) closes nothing")
        if tok.kind in ("or", "and"):
            raise self.fail(tok, f"'{tok.text}' needs a term on each side")
        return self.term(tok)

    def claim(self, open_: _Tok) -> OneClaim:
        terms: list[Term] = []
        while (tok := self.peek()) is not None and tok.kind != "close":
            negated = tok.kind == "not"
            if negated:
                self.take()
                tok = self.peek()
                if tok is None:
                    break
            if tok.kind != "field" and tok.kind != "word":
                raise self.fail(tok, "claim(...) holds claim terms only: source, stance, by, denied-by, grade")
            term = self.term(self.take())
            if term.field not in CLAIM_FIELDS:
                raise self.fail(tok, "claim(...) holds claim terms only: source, stance, by, denied-by, grade")
            terms.append(Term(term.field, term.value, negated, term.regex, term.at))
        if tok is None:
            raise self.fail(open_, "this claim( is never closed")
        self.take()
        if not terms:
            raise self.fail(open_, "claim() needs at least one term: claim(by:Iran stance:denies)")
        return OneClaim(tuple(terms))

    def term(self, tok: _Tok) -> Term:
        if tok.kind != "field" and tok.kind != "word":
            raise self.fail(tok, "expected a term here (field:value)")
        name = tok.field_
        if name not in FIELDS:
            hint = did_you_mean(name, list(FIELDS)) or f"; fields: {', '.join(FIELDS)}"
            raise self.fail(tok, f"unknown field '{name}'{hint}")
        if not tok.value:
            raise self.fail(tok, f"'{name}:' needs a value ({name}:VALUE)")
        if tok.regex and FIELDS[name] != "grep":
            raise self.fail(tok, "a regular expression (/.../) matches text only: text:/Fath-?360/")
        value, negated = tok.value, False
        if value[:4].casefold() == "not:" and not tok.regex:  # actor:not:Iran, as on the command line
            value, negated = value[4:], True
            if not value:
                raise self.fail(tok, f"write what to exclude after 'not:' ({name}:not:VALUE)")
        return Term(FIELDS[name], value, negated, tok.regex, (tok.start, tok.end))


def parse(text: str) -> Parsed:
    """The query's tree, or a QueryError with a caret under the offending term."""
    p = _Parser(text)
    if not p.toks:
        return Parsed(text=text)
    tree = p.any(0)
    extra = p.peek()
    if extra is not None:
        raise p.fail(extra, "this ) closes nothing" if extra.kind == "close" else "cannot read this")
    top = tree if isinstance(tree, All) else All((), (tree,))
    _dates_on_top(text, top.groups)
    return Parsed(top.terms, top.groups, text)


def _dates_on_top(text: str, groups: Sequence[Node]) -> None:
    for g in groups:
        for t in _terms(g):
            if t.field in DATES:
                raise QueryError(text, *t.at, "a date term sets the period: write it outside or, not: and ( )")


def _terms(node: Node) -> list[Term]:
    if isinstance(node, All):
        return [*node.terms, *(t for g in node.groups for t in _terms(g))]
    if isinstance(node, AnyOf):
        return [t for i in node.items for t in _terms(i)]
    if isinstance(node, Not):
        return _terms(node.item)
    return list(node.terms)


@dataclass(frozen=True)
class Words:
    """Terms as the command line would give them: filter words (``actor:Iran`` is ``--actor Iran``,
    ``not:actor:Iran`` is ``--actor not:Iran``), dates, ``between:A,B`` (``--between A B``) and the regular
    expressions of ``text:/re/`` (those after ``not:`` apart)."""

    words: dict[str, list[str]] = field(default_factory=dict)
    dates: dict[str, list[str]] = field(default_factory=dict)
    between: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    not_patterns: tuple[str, ...] = ()


def words_of(terms: Sequence[Term], text: str = "") -> Words:
    words: dict[str, list[str]] = {}
    dates: dict[str, list[str]] = {}
    patterns: list[str] = []
    not_patterns: list[str] = []
    between: tuple[str, ...] = ()
    for t in terms:
        if t.field in DATES:
            if t.negated:
                raise QueryError(text, *t.at, "a date term cannot be negated; use since: and until:")
            dates.setdefault(t.field, []).append(t.value)
        elif t.field == "between":
            parts = tuple(p.strip() for p in t.value.split(","))
            if len(parts) != 2 or not all(parts) or t.negated or between:
                raise QueryError(text, *t.at, "between: takes two actors, once: between:Iran,Russia")
            between = parts
        elif t.regex:
            (not_patterns if t.negated else patterns).append(t.value)
        else:
            words.setdefault(t.field, []).append(("not:" if t.negated else "") + t.value)
    return Words(words, dates, between, tuple(patterns), tuple(not_patterns))


def conditions(log: Log, parsed: Parsed) -> tuple[Cond, ...]:
    """The groups of a parsed query as conditions the core evaluates (irru.query.Cond), names resolved."""
    return tuple(_cond(log, g, parsed.text) for g in parsed.groups)


def _cond(log: Log, node: Node, text: str) -> Cond:
    from dataclasses import replace

    from . import query as Q

    if isinstance(node, All):
        base = built(log, words_of(node.terms, text), text)
        return replace(base, where=tuple(_cond(log, g, text) for g in node.groups))
    if isinstance(node, AnyOf):
        return Q.AnyOf(tuple(_cond(log, i, text) for i in node.items))
    if isinstance(node, Not):
        return Q.NotOf(_cond(log, node.item, text))
    positive = [t for t in node.terms if not t.negated]  # as flags: the same field repeated is any of its values
    holds = (built(log, words_of(positive, text), text),) if positive else ()
    fails = tuple(_claim_term(log, t, text) for t in node.terms if t.negated)
    return Q.OneClaim(holds, fails)


def _claim_term(log: Log, t: Term, text: str) -> Query:
    from dataclasses import replace

    return built(log, words_of([replace(t, negated=False)], text), text)


def built(log: Log, w: Words, text: str = "") -> Query:
    """The query of some terms, names resolved (an unknown name: a usage error naming the query)."""
    from dataclasses import replace

    from . import query as Q

    q = Q.build(log, w.words, between=w.between)  # names were checked term by term (check)
    if w.patterns:
        q = replace(q, patterns=w.patterns)
    if w.not_patterns:
        q = replace(q, exclude=(*q.exclude, *(Q.Query(patterns=(p,)) for p in w.not_patterns)))
    return q


def check(log: Log, parsed: Parsed) -> None:
    """Every name in the query resolved against the log, one term at a time, so that an unknown name is reported
    with a caret under its term."""
    from . import query as Q

    every = [*parsed.terms, *(t for g in parsed.groups for t in _terms(g))]
    for t in every:
        if t.field in DATES or t.field == "between" or t.regex:
            continue
        try:
            if t.field == "role":
                Q.resolve_role(t.value)
            else:
                Q.build(log, {t.field: [t.value]})
        except UsageError as e:
            raise QueryError(parsed.text, *t.at, str(e)) from None
