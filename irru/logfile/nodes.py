"""The light node tree a log is parsed into: values with the line and column they stand at (no yaml import)."""

from __future__ import annotations


class Scalar:
    __slots__ = ("col", "line", "value")

    def __init__(self, value: str, line: int, col: int) -> None:
        self.value = value
        self.line = line
        self.col = col


class Seq:
    __slots__ = ("col", "items", "line")

    def __init__(self, line: int, col: int) -> None:
        self.items: list[Node] = []
        self.line = line
        self.col = col


class Map:
    __slots__ = ("col", "items", "line")

    def __init__(self, line: int, col: int) -> None:
        self.items: dict[str, tuple[Scalar, Node]] = {}
        self.line = line
        self.col = col


Node = Scalar | Seq | Map

KIND_NAMES = {Scalar: "a single value", Seq: "a list", Map: "a mapping"}


SHOWN = 80  # characters of an offending value quoted in a message


def shorten(value: str, limit: int = SHOWN) -> str:
    """A value as quoted in a message: a long one is cut, with its length said (a 1 MB id gives one short line)."""
    if len(value) <= limit:
        return value
    return f"{value[: limit - 1]}… ({len(value):,} characters)"
