"""Review trails (schema 2's ``review:`` on events and claims): where a record stands, as of a day.

A trail lists who wrote a record (role ``author``) and who checked it (role ``reviewer``, with a verdict). A
record's standing on a day is read from the entries dated on or before it:

- each reviewer counts with their latest verdict (a reviewer who asked for work and later approved has approved);
- an entry by one of the record's authors approves nothing: a record is never signed off by its own author;
- ``rejected`` if any reviewer's latest verdict rejects it, else ``needs-work`` if any asks for work, else
  ``approved`` when :data:`APPROVALS` (two) reviewers other than its authors approve it, else ``pending``.

Two approvals, as newsrooms that publish timelines ask (one checks, a second confirms); the ``reviewers`` check
of a rule set may ask for more.

A review never changes a confidence flag: the flag is the evidence's; the review is the newsroom's. Pure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from .model import Review

APPROVALS = 2  # independent approvals that make a record approved
# A record's standing, in the order a desk reads it (docs/format.md "Review").
STATUSES: dict[str, str] = {
    "approved": "two reviewers other than its authors approved it, and no reviewer's latest verdict objects",
    "pending": "fewer than two independent approvals yet, and no objection",
    "needs-work": "a reviewer's latest verdict asks for work",
    "rejected": "a reviewer's latest verdict rejects it",
}


@dataclass(frozen=True, slots=True)
class Standing:
    """Where a record stands on a day: its status, the independent reviewers who approved it, its authors."""

    status: str
    approvers: tuple[str, ...]  # in the order of their approval
    authors: tuple[str, ...]
    objections: tuple[Review, ...] = ()  # the latest needs-work / rejected verdicts


def in_force(reviews: Sequence[Review], as_of: date | None) -> tuple[Review, ...]:
    """The entries dated on or before ``as_of`` (all of them when None)."""
    if as_of is None:
        return tuple(reviews)
    return tuple(r for r in reviews if r.date.latest is not None and r.date.latest <= as_of)


def authors(reviews: Sequence[Review]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(r.who for r in reviews if r.role == "author"))


def standing(reviews: Sequence[Review], as_of: date | None = None) -> Standing:
    """The record's standing from its trail, as of a day (None: every entry)."""
    trail = in_force(reviews, as_of)
    wrote = authors(trail)
    latest: dict[str, Review] = {}
    for r in sorted((r for r in trail if r.role == "reviewer" and r.who not in wrote), key=_day):
        latest.pop(r.who, None)  # re-inserted: the dict keeps reviewers in the order of their latest verdict
        latest[r.who] = r
    verdicts = list(latest.values())
    objections = tuple(r for r in verdicts if r.verdict in ("rejected", "needs-work"))
    approvers = tuple(r.who for r in verdicts if r.verdict == "approved")
    if any(r.verdict == "rejected" for r in objections):
        status = "rejected"
    elif objections:
        status = "needs-work"
    elif len(approvers) >= APPROVALS:
        status = "approved"
    else:
        status = "pending"
    return Standing(status, approvers, wrote, objections)


def self_reviews(reviews: Sequence[Review]) -> list[Review]:
    """Reviewer entries by one of the record's own authors: they sign off nothing."""
    wrote = set(authors(reviews))
    return [r for r in reviews if r.role == "reviewer" and r.who in wrote]


def future(reviews: Sequence[Review], today: date) -> list[Review]:
    """Entries dated after ``today``."""
    return [r for r in reviews if r.date.earliest is not None and r.date.earliest > today]


def reviewed_by(s: Standing) -> str:
    """``reviewed by Ana, Ben`` for an approved record; the standing in words otherwise."""
    if s.status == "approved":
        return "reviewed by " + ", ".join(s.approvers)
    if s.objections:
        who = ", ".join(dict.fromkeys(r.who for r in s.objections))
        return f"{s.status} ({who})"
    if s.approvers:
        return f"pending review: approved by {', '.join(s.approvers)}, {APPROVALS} needed"
    return "pending review"


def _day(r: Review) -> date:
    return r.date.earliest or date.min
