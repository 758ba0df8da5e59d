"""Named checks and publication rule sets (``irru check NAME…``, ``irru check --rules SET``). Pure.

A *check* has a name and finds records that fail it, each at its line. The review checks (``self-review``,
``review-date``) run on every ``irru check``; the others run when named, or as part of a *rule set*: a named list
of checks, some with a number (``originals: 2``). irru has one built-in set, ``publish``; a log may define its own
under a top-level ``rules:`` block, and a rules file holds the same block (docs/curation-workflow.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .logfile.rulesets import NUMBERS, Rule, RuleSet
from .model import Claim, Event, Log
from .review import future, self_reviews, standing

WEAK_GRADES = frozenset("DEF")


@dataclass(frozen=True, slots=True)
class Finding:
    line: int
    check: str
    message: str


@dataclass(frozen=True)
class Context:
    """What a check may need besides the log: today, the log's directory (captures), a number (``min``)."""

    today: date
    log_path: Path | None = None  # the log's file (its directory holds the captures)
    number: int | None = None


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    help: str
    run: Callable[[Log, Context], Iterator[Finding]]
    number: int | None = None  # the default of a check that takes a number (originals: 2)


def _records(log: Log) -> Iterator[tuple[str, Event | Claim, Event]]:
    for e in log.events:
        yield f"event '{e.id}'", e, e
        for i, c in enumerate(e.claims, 1):
            yield f"claim {i} of event '{e.id}'", c, e


def _self_review(log: Log, ctx: Context) -> Iterator[Finding]:
    for what, record, _event in _records(log):
        for r in self_reviews(record.reviews):
            yield Finding(
                r.line,
                "self-review",
                f"{r.who} reviews {what}, which {r.who} wrote: a record is reviewed by someone other than its"
                " author (this entry signs off nothing)",
            )


def _review_date(log: Log, ctx: Context) -> Iterator[Finding]:
    for what, record, _event in _records(log):
        for r in future(record.reviews, ctx.today):
            yield Finding(r.line, "review-date", f"review of {what} is dated {r.date.text}, after today ({ctx.today})")


def _originals(log: Log, ctx: Context) -> Iterator[Finding]:
    from .trace import trace

    need = ctx.number or 2
    for e in log.events:
        n = trace(log, e).independent
        if n < need:
            yield Finding(
                e.line,
                "originals",
                f"event '{e.id}' rests on {n} independent original{'s' if n != 1 else ''}; {need} needed (irru trace {e.id})",
            )


def _weak_original(log: Log, ctx: Context) -> Iterator[Finding]:
    from .trace import trace

    for e in log.events:
        tr = trace(log, e)
        if tr.independent != 1:
            continue
        root = tr.originals[0]
        if root.hop.kind == "source":
            grades = [log.sources[root.hop.id].grade]
        else:
            grades = [log.sources[c.source].grade for c in root.all_claims()]
        best = min(grades)
        if best in WEAK_GRADES:
            yield Finding(
                e.line,
                "weak-original",
                f"event '{e.id}' rests on one original, graded {best} at best (D-F: not usually reliable or"
                f" unknown); find a second, independent original (irru trace {e.id})",
            )


def _quotes_archived(log: Log, ctx: Context) -> Iterator[Finding]:
    for e in log.events:
        for c in e.claims:
            if c.quoted and log.sources[c.source].archive is None:
                yield Finding(
                    c.line,
                    "quotes-archived",
                    f"quoted claim of event '{e.id}' in '{c.source}', which has no archive record (irru archive)",
                )


def _reviewers(log: Log, ctx: Context) -> Iterator[Finding]:
    need = ctx.number or 2
    for e in log.events:
        s = standing(e.reviews, ctx.today)
        if s.objections:
            last = s.objections[-1]
            yield Finding(
                e.line,
                "reviewers",
                f"event '{e.id}': {last.who}'s latest verdict is {last.verdict} ({last.date.text})",
            )
        elif len(s.approvers) < need:
            have = f"approved by {', '.join(s.approvers)}" if s.approvers else "approved by no reviewer"
            yield Finding(
                e.line,
                "reviewers",
                f"event '{e.id}' is {have}; {need} reviewer{'s' if need != 1 else ''} other than its"
                f" author{'s' if len(s.authors) > 1 else ''} needed",
            )


def _archive(log: Log, ctx: Context) -> Iterator[Finding]:
    from .archive import audit

    for f in audit(log, (ctx.log_path or Path(log.path)).parent):
        yield Finding(f.line, "archive", f.message)


def _anchors(log: Log, ctx: Context) -> Iterator[Finding]:
    from .captures import check_anchors

    for c in check_anchors(log, ctx.log_path or Path(log.path)):
        if c.resolution.status != "exact":
            yield Finding(
                c.line,
                "anchors",
                f"quote of event '{c.event}' in '{c.source}': {c.resolution.status}: {c.resolution.message}",
            )


def _lint(code: str) -> Callable[[Log, Context], Iterator[Finding]]:
    def run(log: Log, ctx: Context) -> Iterator[Finding]:
        from .lint import lints

        for w in lints(log):
            if w.code == code:
                yield Finding(w.line, code, w.message)

    return run


def _registry() -> dict[str, Check]:
    from .lint import CODES

    own = [
        Check("self-review", "no reviewer entry by the record's own author (runs on every check)", _self_review),
        Check("review-date", "no review dated after today (runs on every check)", _review_date),
        Check("originals", "each event rests on at least N independent originals (irru trace)", _originals, 2),
        Check("weak-original", "no event resting on a lone original graded D, E or F", _weak_original),
        Check("quotes-archived", "each quoted claim's source has an archive record", _quotes_archived),
        Check(
            "reviewers",
            "each event approved by at least N reviewers other than its authors, with no open objection",
            _reviewers,
            2,
        ),
        Check("archive", "archive records and captures hold, quotes are in their captures (--archive)", _archive),
        Check("anchors", "each anchored quote is exactly where its anchor puts it, in the hashed capture", _anchors),
    ]
    lints = [Check(code, f"the curator warning [{code}] (docs/errors.md)", _lint(code)) for code in CODES]
    return {c.name: c for c in [*own, *lints]}


CHECKS: Mapping[str, Check] = _registry()
assert {n: c.number for n, c in CHECKS.items()} == dict(NUMBERS), "irru.logfile.rulesets.NUMBERS is out of step"
ALWAYS = ("self-review", "review-date")  # every `irru check` runs these
BUILTIN_SETS: Mapping[str, RuleSet] = {
    "publish": RuleSet(
        "publish",
        (Rule("originals", 2), Rule("quotes-archived"), Rule("reviewers", 2), Rule("weak-original")),
    )
}


def run(log: Log, rules: tuple[Rule, ...], ctx: Context) -> list[Finding]:
    """Every finding of these rules, by line (a check named twice with one number runs once)."""
    out: list[Finding] = []
    for rule in dict.fromkeys(rules):
        check = CHECKS[rule.check]
        number = rule.number if rule.number is not None else check.number
        out.extend(check.run(log, Context(ctx.today, ctx.log_path, number)))
    return sorted(out, key=lambda f: (f.line, f.check))
