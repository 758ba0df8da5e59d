"""`irru new`: a valid, commented record appended to the right section of a log, as text.

The record is built from given values (ids, dates and vocabulary words plain; free text double-quoted, which is
valid YAML for any text); optional fields the curator did not give are written as comments, a reminder of what
can be recorded. Pure: text in, text out; the caller validates and writes (irru.yamledit.write_log).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# Per kind: (field, required, free text?, comment shown when the field is left out).
FIELDS: dict[str, list[tuple[str, bool, bool, str]]] = {
    "source": [
        ("id", True, False, ""),
        ("title", True, True, ""),
        ("publisher", True, True, ""),
        ("authors", False, False, "authors: [A. Writer]             # omit when there is no byline"),
        ("published", True, False, ""),
        ("url", False, True, 'url: "https://..."'),
        ("kind", True, False, ""),
        ("grade", True, False, ""),
        ("cites", False, False, "cites: [SOURCE-ID]               # sources this one relays"),
        ("note", False, True, 'note: "What a reader should know about the source."'),
    ],
    "actor": [
        ("id", True, False, ""),
        ("name", True, True, ""),
        ("kind", True, False, ""),
        ("part_of", False, False, "part_of: ACTOR-ID                # what it belongs to (a minister: the ministry)"),
        ("aliases", False, False, "aliases: [Another name]          # other names users may type"),
        ("note", False, True, 'note: "..."'),
    ],
    "event": [
        ("id", True, False, ""),
        ("date", True, False, ""),
        ("title", True, True, ""),
        ("type", True, False, ""),
        ("story", False, False, "story: STORY-SLUG                # events of one deal or thread share a story"),
        ("actors", False, False, "actors:\n#   - {actor: ACTOR-ID, role: supplier}"),
        ("systems", False, False, "systems:\n#   - {system: SYSTEM-ID, quantity: ~400}"),
        ("tags", False, False, "tags: [a-tag]"),
        ("links", False, False, "links:\n#   - {rel: follows, event: EVENT-ID}"),
        ("summary", False, True, 'summary: "A few sentences, in our own words."'),
    ],
    "claim": [
        ("source", True, False, ""),
        ("via", False, False, "via: SOURCE-ID                 # the source this claim relays"),
        (
            "by",
            False,
            False,
            "by: ACTOR-ID                   # who speaks; omit when the source speaks in its own voice",
        ),
        ("speaker", False, True, 'speaker: "six unnamed sources"  # who speaks, when no defined actor fits'),
        ("anonymous", False, False, "anonymous: true                # when the speaker is unnamed"),
        ("stance", True, False, ""),
        ("claim_date", False, False, "date: 2024-02-21               # when it was said; default: the source's date"),
        ("text", True, True, ""),
        ("quoted", False, False, "quoted: true                   # only when text is the source's exact words"),
    ],
}
SECTIONS = {"source": "sources", "actor": "actors", "event": "events"}


@dataclass(frozen=True)
class Added:
    text: str  # the whole new log
    line: int  # where the record starts (1-based)


# Which `irru new` flags each kind takes (the record's field names; --author fills authors, and so on).
KIND_FIELDS = {
    "source": ("id", "title", "publisher", "authors", "published", "url", "kind", "grade", "cites", "note"),
    "actor": ("id", "name", "kind", "part_of", "aliases", "note"),
    "event": ("id", "date", "title", "type", "story", "actors", "systems", "links", "tags", "summary", "source",
              "via", "by", "speaker", "anonymous", "stance", "claim_date", "text", "quoted", "claims"),
}  # fmt: skip
FLAGS = {
    "authors": "--author", "aliases": "--alias", "tags": "--tag", "actors": "--actor", "systems": "--system",
    "links": "--link", "claims": "--claim",
}  # fmt: skip
# The fields written as a list of small mappings, each given as ``A:B`` (``iran:supplier``, ``fath-360:~400``,
# ``follows:EVENT-ID``): the first key always, the second when the part after ':' is there.
PAIRS = {"actors": ("actor", "role"), "systems": ("system", "quantity"), "links": ("rel", "event")}


def flag(name: str) -> str:
    """The command-line flag that gives a field."""
    return FLAGS.get(name, "--" + name.replace("_", "-"))


def choices(kind: str, name: str) -> list[str]:
    """The closed vocabulary a field takes, to offer when asking for it (empty: free)."""
    from .model import ACTOR_KINDS, EVENT_TYPES, GRADES, SOURCE_KINDS, STANCES

    table = {
        ("source", "kind"): SOURCE_KINDS, ("actor", "kind"): ACTOR_KINDS, ("source", "grade"): GRADES,
        ("event", "type"): EVENT_TYPES, ("event", "stance"): STANCES,
    }  # fmt: skip
    return list(table.get((kind, name), {}))


def given_values(kind: str, given: dict[str, str | list[str] | bool | None]) -> dict[str, str | list[str]]:
    """The values given for a new record of this kind; UsageError for an unknown kind or another kind's flags."""
    from .errors import UsageError

    if kind not in KIND_FIELDS:
        raise UsageError(f"new: unknown kind '{kind}'; use one of: {', '.join(KIND_FIELDS)}")
    stray = [k for k, v in given.items() if v not in (None, [], False) and k not in KIND_FIELDS[kind]]
    if stray:
        raise UsageError(f"new {kind}: {', '.join(flag(k) for k in stray)} cannot be used with 'new {kind}'")
    out: dict[str, str | list[str]] = {}
    for k, v in given.items():
        if v in (None, [], False):
            continue
        out[k] = "true" if v is True else v  # type: ignore[assignment]  # only bools, strs and lists of strs come in
    return out


def required(kind: str) -> list[str]:
    fields = FIELDS[kind] + (FIELDS["claim"] if kind == "event" else [])
    return [name for name, req, _free, _c in fields if req]


def _scalar(value: str, free: bool) -> str:
    if free or not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9 ._/~+%?-]*", value) or value in ("true", "false"):
        return json.dumps(value, ensure_ascii=False)
    return value


def pair(name: str, text: str) -> dict[str, str]:
    """``iran:supplier`` as ``{actor: iran, role: supplier}`` (``follows:EVENT`` as ``{rel: follows, event:
    EVENT}``); the part after the last ':' is optional, except for a link."""
    first, second = PAIRS[name]
    head, sep, tail = text.rpartition(":") if ":" in text else (text, "", "")
    out = {first: head.strip()}
    if sep and tail.strip():
        out[second] = tail.strip()
    return out


def _flow(mapping: dict[str, str]) -> str:
    return "{" + ", ".join(f"{k}: {_scalar(v, False)}" for k, v in mapping.items()) + "}"


CLAIM_ORDER = ("source", "via", "by", "speaker", "anonymous", "stance", "date", "text", "quoted")


def claim_lines(claim: dict[str, Any], pad: str) -> list[str]:
    """A further claim (given with --claim as a YAML flow mapping) as a block list item, keys in the documented
    order; free text double-quoted, other values as JSON (which YAML reads as written)."""
    keys = [k for k in CLAIM_ORDER if k in claim] + [k for k in claim if k not in CLAIM_ORDER]
    out = []
    for k in keys:
        v = claim[k]
        if isinstance(v, bool):
            text = "true" if v else "false"
        elif isinstance(v, str):
            text = _scalar(v, k in ("text", "speaker"))
        else:
            text = json.dumps(v, ensure_ascii=False, default=str)
        out.append(f"{pad}    {k}: {text}")
    out[0] = pad + "  - " + out[0].lstrip()
    return out


def _lines(fields: list[tuple[str, bool, bool, str]], values: dict[str, str | list[str]], pad: str) -> list[str]:
    out = []
    for name, _req, free, comment in fields:
        key = "date" if name == "claim_date" else name
        value = values.get(name)
        if value in (None, "", []):
            if comment:
                out += [f"{pad}{c}" if i else f"{pad}# {c}" for i, c in enumerate(comment.split("\n"))]
            continue
        if name in PAIRS and isinstance(value, list):
            out.append(f"{pad}{key}: [{', '.join(_flow(pair(name, v)) for v in value)}]")
        elif isinstance(value, list):
            out.append(
                f"{pad}{key}: [{', '.join(_scalar(v, True) if name == 'authors' else _scalar(v, False) for v in value)}]"
            )
        elif name in ("anonymous", "quoted"):
            out.append(f"{pad}{key}: {value}")
        else:
            out.append(f"{pad}{key}: {_scalar(value, free)}")
    return out


def record(kind: str, values: dict[str, str | list[str]], indent: int = 2) -> str:
    """The record's lines, its dash at ``indent`` spaces."""
    pad = " " * (indent + 2)
    lines = _lines(FIELDS[kind], values, pad)
    if kind == "event":
        lines.append(f"{pad}claims:")
        claim = _lines(FIELDS["claim"], values, pad + "    ")
        claim[0] = pad + "  - " + claim[0].lstrip()
        lines += claim
        for more in values.get("claims", []):
            lines += claim_lines(json.loads(more), pad)
    lines[0] = " " * indent + "- " + lines[0].lstrip()
    return "\n".join(lines) + "\n"


class Unplaceable(ValueError):
    pass


def add(text: str, kind: str, values: dict[str, str | list[str]]) -> Added:
    """The log's text with the new record at the end of its section (the section is made if missing)."""
    return insert(text, kind, lambda indent: record(kind, values, indent))


def draft_text(kind: str, values: dict[str, str | list[str]], header: list[str]) -> str:
    """A draft of a record that was not added: comment lines saying why and what to do, then the record under
    its section's key, so the file is itself YAML and ``irru new KIND FILE --from-draft DRAFT`` can add it."""
    return "".join(f"# {h}\n" if h else "#\n" for h in header) + f"{SECTIONS[kind]}:\n" + record(kind, values)


def draft_record(text: str, kind: str) -> tuple[str, str]:
    """The record a draft holds, as lines under its section's key (dash at two spaces), and its id; ValueError
    with what is wrong when the draft does not hold exactly one record of this kind."""
    lines = text.splitlines(keepends=True)
    section = SECTIONS[kind]
    head = next((i for i, line in enumerate(lines) if re.match(rf"{section}:\s*(#.*)?$", line.rstrip("\n"))), None)
    if head is None:
        raise ValueError(f"it has no '{section}:' line; a draft of a new {kind} holds its record under '{section}:'")
    body = [line for line in lines[head + 1 :]]
    items = [line for line in body if re.match(r"  - ", line)]
    if len(items) != 1:
        raise ValueError(f"it holds {len(items)} records under '{section}:'; a draft holds one")
    m = re.match(r"  - id: *(\S+)", items[0]) or re.search(r"^    id: *(\S+)", "".join(body), re.M)
    return "".join(body), (m.group(1).strip("\"'") if m else "?")


def insert(text: str, kind: str, body: Callable[[int], str] | str) -> Added:
    """The log's text with a record (built for the section's indent, or given with its dash at two spaces) at the
    end of its section (the section is made if missing)."""
    if isinstance(body, str):
        given = body
        body = lambda indent: "".join((" " * (indent - 2) + line) if line.strip() else line  # noqa: E731
                                      for line in given.splitlines(keepends=True))  # fmt: skip
    section = SECTIONS[kind]
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    head = next((i for i, line in enumerate(lines) if re.match(rf"{section}:(\s*(#.*)?)?$", line.rstrip("\n"))), None)
    if head is None:
        if any(re.match(rf"{section}:", line) for line in lines):
            raise Unplaceable(
                f"the '{section}:' section is written in flow style; write it as a block list first (irru fmt keeps it as it is)"
            )
        new = "".join(lines) + f"{section}:\n" + body(2)
        return Added(new, len(lines) + 2)
    end = head + 1
    indent = None
    while end < len(lines) and (not lines[end].strip() or lines[end][0] in " #"):
        if indent is None and lines[end].lstrip().startswith("- "):
            indent = len(lines[end]) - len(lines[end].lstrip())
        end += 1
    while (
        end - 1 > head
        and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#"))
        and (lines[end - 1][:1] != " " or not lines[end - 1].strip())
    ):
        end -= 1  # blank lines and column-0 comments before the next section stay with it
    new = "".join(lines[:end]) + body(indent if indent is not None else 2) + "".join(lines[end:])
    return Added(new, end + 1)
