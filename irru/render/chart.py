"""`irru stats --chart`: events per period as horizontal bars split by confidence flag.

The flag is never told by colour alone: each flag has its own fill character (legend on the first line) and
each bar ends with its counts in words. On a terminal the segments are coloured too (render/table.py ``chart``,
with the table's flag styles); piped, the same lines come out as plain text.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ..query import FLAG_ORDER

FILL = {
    "confirmed": "█",
    "statement": "◆",
    "reported": "▓",
    "disputed": "▒",
    "unconfirmed": "░",
    "denied": "×",
    "predicted": "·",
}
MAX_BAR = 40


def collapsed(periods: Sequence[tuple[str, dict[str, int]]]) -> list[tuple[str, dict[str, int]]]:
    """Runs of three or more empty periods become one line: ``2002-Q1 – 2004-Q4`` with no counts."""
    out: list[tuple[str, dict[str, int]]] = []
    run: list[str] = []

    def flush() -> None:
        if len(run) >= 3:
            out.append((f"{run[0]} – {run[-1]}", {}))
        else:
            out.extend((p, {}) for p in run)
        run.clear()

    for period, counts in periods:
        if counts:
            flush()
            out.append((period, counts))
        else:
            run.append(period)
    flush()
    return out


def scale_of(periods: Sequence[tuple[str, dict[str, int]]]) -> float:
    biggest = max((sum(c.values()) for _, c in periods), default=0)
    return 1.0 if biggest <= MAX_BAR else MAX_BAR / biggest


def segments(counts: dict[str, int], scale: float) -> list[tuple[str, str]]:
    """(flag, fill) pieces of one bar; any non-zero count gets at least one character."""
    return [(f, fill(f) * max(1, round(counts[f] * scale))) for f in FLAG_ORDER if counts.get(f)]


def fill(flag: str) -> str:
    return FILL.get(flag, "+")


def legend() -> str:
    return "  ".join(f"{fill(f)} {f}" for f in FLAG_ORDER)


def words(counts: dict[str, int]) -> str:
    total = sum(counts.values())
    detail = ", ".join(f"{n} {f}" for f, n in counts.items())
    return f"{total}" + (f" ({detail})" if detail else "") if total else "none"


def lines(periods: Sequence[tuple[str, dict[str, int]]], *, by: str) -> Iterator[str]:
    """The chart as plain text."""
    periods = collapsed(periods)
    scale = scale_of(periods)
    width = max((len(p) for p, _ in periods), default=0)
    bars = ["".join(fill for _, fill in segments(c, scale)) for _, c in periods]
    bar_width = max((len(b) for b in bars), default=0)
    yield f"Events per {by} by confidence" + ("" if scale == 1 else f" (one character ≈ {1 / scale:.1f} events)")
    yield legend()
    for (period, counts), bar in zip(periods, bars, strict=True):
        yield f"{period:<{width}}  {bar:<{bar_width}}  {words(counts)}".rstrip()
