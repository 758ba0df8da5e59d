"""`irru import`: the field's reference datasets (SIPRI, ACLED, UCDP, Wikidata) brought into a log as claims.

:mod:`.formats` reads each dataset's own export; :mod:`.sync` decides what is new, changed or gone against the
log; :func:`apply` writes the plan into the log's YAML (ruamel.yaml's round trip, so comments, order and
quoting stay), and the command writes it only if the result passes ``irru check``. docs/import.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .formats import FORMATS, PARSERS, Extract, FormatError
from .sync import DATASETS, ImportError_, Mapping_, Plan, plan

__all__ = [
    "DATASETS",
    "FORMATS",
    "PARSERS",
    "Extract",
    "FormatError",
    "ImportError_",
    "Mapping_",
    "Plan",
    "apply",
    "plan",
    "read_mapping",
]

FLOW = ("actors", "systems", "links")  # an event's lists whose items are one-line mappings, as the bundled log


def read_mapping(path: Path) -> Mapping_:
    """The mapping file: ``actors``, ``systems``, ``events``, ``entities``, each a mapping of upstream name (or
    key, or QID) to an id of the log."""
    import yaml

    try:
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, UnicodeDecodeError) as e:
        raise ImportError_(f"{path}: cannot read the mapping file ({e.__class__.__name__})") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        raise ImportError_(f"{path}{where}: the mapping file is not valid YAML") from None
    doc = doc or {}
    if not isinstance(doc, dict):
        raise ImportError_(f"{path}: a mapping file is a mapping with actors, systems, events and entities")
    out = Mapping_()
    for key in doc:
        if key not in ("actors", "systems", "events", "entities"):
            raise ImportError_(f"{path}: unknown key '{key}'; a mapping file has actors, systems, events, entities")
        section = doc[key] or {}
        if not isinstance(section, dict) or not all(isinstance(v, str) for v in section.values()):
            raise ImportError_(f"{path}: '{key}' must map each upstream name to one id of the log")
        setattr(out, key, {str(k): v for k, v in section.items()})
    return out


def _cm(value: Any, flow: bool = False) -> Any:
    """Plain dicts and lists as ruamel round-trip nodes; ``flow`` writes a mapping on one line."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(value, dict):
        m = CommentedMap()
        for k, v in value.items():
            if v is None:
                continue
            m[k] = _cm(v, flow=k in FLOW or (k == "quantities"))
        if flow:
            m.fa.set_flow_style()
        return m
    if isinstance(value, list):
        s = CommentedSeq()
        for v in value:
            s.append(_cm(v, flow=flow and isinstance(v, dict)))
        return s
    return value


def apply(text: str, p: Plan) -> str:
    """The log's text with the plan written in: new records at the end of their lists, new claims at the end
    of their events' claims."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from .. import yamledit

    doc = yamledit.load(text)
    if not isinstance(doc, CommentedMap):
        raise ImportError_("the log is not a mapping of sources, actors, systems and events")

    def seq(key: str, after: str) -> Any:
        if key not in doc or doc[key] is None:
            keys = list(doc.keys())
            at = keys.index(after) + 1 if after in keys else len(keys)
            doc.insert(at, key, CommentedSeq())
        return doc[key]

    if p.units:
        units = seq("units", "include" if "include" in doc else "schema")
        for u in p.units:
            if u not in units:
                units.append(u)
        units.fa.set_flow_style()
    if p.source:
        seq("sources", "units").append(_cm(p.source))
    for a in p.actors:
        seq("actors", "sources").append(_cm(a, flow=True))
    for s in p.systems:
        seq("systems", "actors").append(_cm(s, flow=True))
    for aid, what, value in p.actor_updates:
        actor = yamledit.find_by_id(doc.get("actors"), aid)
        if what == "alias":
            if actor.get("aliases") is None:
                actor["aliases"] = _cm([])
                actor["aliases"].fa.set_flow_style()
            actor["aliases"].append(value)
        else:
            current = actor.get("part_of")
            if isinstance(current, str):
                actor["part_of"] = _cm([{"actor": current}])
                actor["part_of"][0].fa.set_flow_style()
            elif current is None:
                actor["part_of"] = CommentedSeq()
            actor["part_of"].append(_cm(value, flow=True))
    events = seq("events", "systems")
    for event_id, claim in p.claims:
        target = yamledit.find_by_id(events, event_id)
        target["claims"].append(_cm(claim))
    for e in p.events:
        events.append(_cm(e))
    return str(yamledit.dump(doc))
