"""How each confidence flag looks on a colour terminal (rich style names; no rich import here, so the plain views
can share the table's styles without loading rich)."""

from __future__ import annotations

FLAG_STYLES: dict[str, str] = {
    "confirmed": "bold green",
    "reported": "cyan",
    "unconfirmed": "yellow",
    "denied": "bold red",
    "disputed": "bold magenta",
    "predicted": "blue",
    "statement": "bold",
}
