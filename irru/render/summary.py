"""The one-line summary `irru check` prints for a clean log."""

from __future__ import annotations

from ..hints import plural
from ..inert import inert
from ..model import Log


def summary_line(log: Log, *, name: str | None = None) -> str:
    """``NAME: ok: 3 events, …``; ``name`` says which file was checked (default: the log's own name)."""
    claims = sum(len(e.claims) for e in log.events)
    counts = ", ".join(
        [
            plural(len(log.events), "event"),
            plural(claims, "claim"),
            plural(len(log.sources), "source"),
            plural(len(log.actors), "actor"),
            plural(len(log.systems), "system"),
        ]
    )
    firsts = [e.date.earliest for e in log.events if e.date.earliest is not None]
    lasts = [e.date.latest for e in log.events if e.date.latest is not None]
    span = f"; {min(firsts).isoformat()} to {max(lasts).isoformat()}" if firsts and lasts else ""
    files = f" in {len(log.files)} files" if len(log.files) > 1 else ""  # a workspace: check read them all
    return f"{inert(name or log.path)}: ok: {counts}{files}{span}"
