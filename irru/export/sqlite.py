"""`irru export sqlite FILE`: the log as a SQLite database for Datasette or any SQL tool (standard library).

Tables events, claims, sources, actors, systems, links, event_actors, event_systems and source_cites, with
foreign keys and indexes; dates as ISO text (``earliest``/``latest`` days, and the date as written); each
event's computed flag (as of a day, if given); full-text search (FTS5) on event titles, summaries and claim
texts (``events_fts``) and on claims (``claims_fts``). The database and its Datasette ``metadata.json`` are each
written to a temporary file beside the target and renamed into place, so a reader never sees half a file.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..dates import Span, iso
from ..model import Log
from ..query import Row

if TYPE_CHECKING:
    from ..safewrite import Original

SCHEMA = """
PRAGMA foreign_keys = ON;
CREATE TABLE sources (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, publisher TEXT NOT NULL, authors TEXT NOT NULL,
    published TEXT NOT NULL, published_earliest TEXT, published_latest TEXT,
    kind TEXT NOT NULL, grade TEXT NOT NULL, url TEXT, note TEXT
);
CREATE TABLE source_cites (
    source_id TEXT NOT NULL REFERENCES sources(id), cites_id TEXT NOT NULL REFERENCES sources(id),
    PRIMARY KEY (source_id, cites_id)
);
CREATE TABLE actors (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, part_of TEXT REFERENCES actors(id),
    top TEXT NOT NULL REFERENCES actors(id), aliases TEXT NOT NULL, note TEXT
);
CREATE TABLE systems (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, category TEXT NOT NULL, aliases TEXT NOT NULL, note TEXT
);
CREATE TABLE events (
    id TEXT PRIMARY KEY, date TEXT NOT NULL, earliest TEXT, latest TEXT, sort_date TEXT NOT NULL,
    precision TEXT NOT NULL, approximate INTEGER NOT NULL, uncertain INTEGER NOT NULL, date_label TEXT NOT NULL,
    title TEXT NOT NULL, type TEXT NOT NULL, story TEXT, summary TEXT, tags TEXT NOT NULL,
    actors TEXT NOT NULL, systems TEXT NOT NULL,
    flag TEXT NOT NULL, flag_label TEXT NOT NULL, flag_rule TEXT NOT NULL,
    claims_text TEXT NOT NULL, line INTEGER NOT NULL
);
CREATE TABLE event_actors (
    event_id TEXT NOT NULL REFERENCES events(id), actor_id TEXT NOT NULL REFERENCES actors(id), role TEXT NOT NULL,
    PRIMARY KEY (event_id, actor_id, role)
);
CREATE TABLE event_systems (
    event_id TEXT NOT NULL REFERENCES events(id), system_id TEXT NOT NULL REFERENCES systems(id), quantity TEXT,
    quantity_low INTEGER, quantity_high INTEGER, unit TEXT,
    PRIMARY KEY (event_id, system_id)
);
CREATE TABLE claim_quantities (
    claim_id INTEGER NOT NULL REFERENCES claims(id), position INTEGER NOT NULL, text TEXT NOT NULL,
    low INTEGER NOT NULL, high INTEGER, approximate INTEGER NOT NULL, up_to INTEGER NOT NULL, unit TEXT,
    system_id TEXT REFERENCES systems(id), period TEXT,
    PRIMARY KEY (claim_id, position)
);
CREATE TABLE claims (
    id INTEGER PRIMARY KEY, event_id TEXT NOT NULL REFERENCES events(id), position INTEGER NOT NULL,
    source_id TEXT NOT NULL REFERENCES sources(id), via_id TEXT REFERENCES sources(id),
    by_id TEXT REFERENCES actors(id), speaker TEXT, speaker_label TEXT NOT NULL, anonymous INTEGER NOT NULL,
    stance TEXT NOT NULL, date TEXT NOT NULL, earliest TEXT, latest TEXT, text TEXT NOT NULL,
    quoted INTEGER NOT NULL, quantity TEXT, quantity_low INTEGER, quantity_high INTEGER, route TEXT,
    amount TEXT, status TEXT, relays TEXT NOT NULL, likelihood TEXT, analytic_confidence TEXT, line INTEGER NOT NULL,
    known_from TEXT
);
CREATE TABLE links (
    event_id TEXT NOT NULL REFERENCES events(id), rel TEXT NOT NULL, target_id TEXT NOT NULL REFERENCES events(id),
    PRIMARY KEY (event_id, rel, target_id)
);
CREATE INDEX events_earliest ON events(earliest);
CREATE INDEX events_sort_date ON events(sort_date, id);
CREATE INDEX events_flag ON events(flag);
CREATE INDEX events_type ON events(type);
CREATE INDEX events_story ON events(story);
CREATE INDEX claims_event ON claims(event_id);
CREATE INDEX claims_source ON claims(source_id);
CREATE INDEX claims_via ON claims(via_id);
CREATE INDEX claims_by ON claims(by_id);
CREATE INDEX claims_stance ON claims(stance);
CREATE INDEX event_actors_actor ON event_actors(actor_id);
CREATE INDEX event_systems_system ON event_systems(system_id);
CREATE INDEX claim_quantities_system ON claim_quantities(system_id);
CREATE INDEX links_target ON links(target_id);
CREATE INDEX actors_part_of ON actors(part_of);
CREATE VIRTUAL TABLE events_fts USING fts5(title, summary, claims_text, content="events");
CREATE VIRTUAL TABLE claims_fts USING fts5(text, speaker_label, content="claims");
"""


def _j(values: Sequence[str]) -> str:
    return json.dumps(list(values), ensure_ascii=False)


def _span(s: Span) -> tuple[str | None, str | None]:
    return iso(s.earliest), iso(s.latest)


def fill(db: sqlite3.Connection, log: Log, rows: Sequence[Row]) -> None:
    """Create the tables and insert the log (all sources, actors and systems; the selected events)."""
    db.executescript(SCHEMA)
    db.executemany(
        "INSERT INTO sources VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        [
            (
                s.id,
                s.title,
                s.publisher,
                _j(s.authors),
                s.published.text,
                *_span(s.published),
                s.kind,
                s.grade,
                s.url,
                s.note,
            )
            for s in log.sources.values()
        ],
    )
    db.executemany(
        "INSERT INTO source_cites VALUES (?,?)",
        [(s.id, c) for s in log.sources.values() for c in dict.fromkeys(s.cites) if c in log.sources],
    )
    db.executemany(
        "INSERT INTO actors VALUES (?,?,?,?,?,?,?)",
        [(a.id, a.name, a.kind, a.part_of, log.top(a.id).id, _j(a.aliases), a.note) for a in log.actors.values()],
    )
    db.executemany(
        "INSERT INTO systems VALUES (?,?,?,?,?)",
        [(s.id, s.name, s.category, _j(s.aliases), s.note) for s in log.systems.values()],
    )
    chosen = {row.event.id for row in rows}
    for row in rows:
        e, conf = row.event, row.confidence
        db.execute(
            "INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                e.id, e.date.text, *_span(e.date), e.date.sort_key()[0].isoformat(), e.date.precision, int(e.date.approximate), int(e.date.uncertain),
                e.date.label(), e.title, e.type, e.story, e.summary, _j(e.tags),
                _j(list(dict.fromkeys(r.actor for r in e.actors))), _j([u.system for u in e.systems]),
                conf.flag, conf.label(), conf.rule, "\n".join(c.text for c in row.claims), e.line,
            ),
        )  # fmt: skip
        db.executemany("INSERT OR IGNORE INTO event_actors VALUES (?,?,?)", [(e.id, r.actor, r.role) for r in e.actors])
        db.executemany(
            "INSERT OR IGNORE INTO event_systems VALUES (?,?,?,?,?,?)",
            [
                (e.id, u.system, *((q.text, q.low, q.high, q.unit) if (q := u.quantity) else (None,) * 4))
                for u in e.systems
            ],
        )
        for i, c in enumerate(row.claims):
            v = c.values
            q = v.quantity if v else None
            cursor = db.execute(
                "INSERT INTO claims (event_id, position, source_id, via_id, by_id, speaker, speaker_label, anonymous,"
                " stance, date, earliest, latest, text, quoted, quantity, quantity_low, quantity_high, route, amount,"
                " status, relays, likelihood, analytic_confidence, line, known_from)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    e.id, i, c.source, c.via, c.by, c.speaker, log.speaker_label(c), int(c.anonymous), c.stance,
                    c.date.text, *_span(c.date), c.text, int(c.quoted), q.text if q else None,
                    q.low if q else None, q.high if q else None, v.route if v else None,
                    v.amount if v else None, v.status if v else None,
                    json.dumps([{"source": r.source, "actor": r.actor, "description": r.description, "label": log.relay_label(r)}
                                for r in c.relays], ensure_ascii=False),
                    c.likelihood, c.analytic_confidence, c.line, c.known_from,
                ),
            )  # fmt: skip
            # every quantity the claim gives, with its unit and the system it counts (claims.quantity: the first)
            db.executemany(
                "INSERT INTO claim_quantities VALUES (?,?,?,?,?,?,?,?,?,?)",
                [
                    (
                        cursor.lastrowid,
                        j,
                        q.text,
                        q.low,
                        q.high,
                        int(q.approximate),
                        int(q.up_to),
                        q.unit,
                        q.system,
                        q.period,
                    )
                    for j, q in enumerate(v.quantities if v else ())
                ],
            )
    db.executemany(
        "INSERT OR IGNORE INTO links VALUES (?,?,?)",
        [(row.event.id, link.rel, link.event) for row in rows for link in row.event.links if link.event in chosen],
    )
    db.execute("INSERT INTO events_fts(events_fts) VALUES ('rebuild')")
    db.execute("INSERT INTO claims_fts(claims_fts) VALUES ('rebuild')")


def metadata(log: Log, db_name: str, *, title: str, as_of: date | None) -> dict[str, Any]:
    """Datasette's metadata: titles, descriptions, facets and full-text search for each table."""
    known = f" Flags computed from the claims made by {as_of.isoformat()}." if as_of else ""
    return {
        "title": title,
        "description": (
            "A chronology of claims: every event with who says so (claims), how sure it is (flag) and what was"
            f" known when (claim dates). Exported by irru from {Path(log.path).name}.{known}"
        ),
        "databases": {
            db_name: {
                "tables": {
                    "events": {
                        "description": (
                            "One row per event, in the order of the chronology (sort_date: the earliest day, or the"
                            " latest for an event known only as 'by' a day); flag is irru's confidence flag,"
                            " flag_label says who."
                        ),
                        "facets": ["flag", "type", "story", {"array": "actors"}, {"array": "systems"}],
                        "sort": "sort_date", "label_column": "title",
                        "fts_table": "events_fts", "fts_pk": "rowid",
                    },
                    "claims": {
                        "description": (
                            "Who said what, when, in which source; via: the nearest source it was relayed from,"
                            " relays: every hop (JSON); likelihood: an ICD 203 estimate, not a statement of fact."
                        ),
                        "facets": ["stance", "source_id", "by_id", "anonymous"],
                        "label_column": "text", "fts_table": "claims_fts", "fts_pk": "id",
                    },
                    "sources": {"description": "Publications, with reliability grade A-F.", "facets": ["kind", "grade"], "label_column": "publisher"},
                    "actors": {"description": "States, bodies, people; part_of and top give the hierarchy.", "facets": ["kind", "top"], "label_column": "name"},
                    "systems": {"description": "Weapon systems and equipment.", "facets": ["category"], "label_column": "name"},
                    "event_actors": {"description": "Which actor plays which role in an event.", "facets": ["actor_id", "role"]},
                    "event_systems": {"description": "Systems an event concerns, with the quantity (as written, its interval and unit).", "facets": ["system_id", "unit"]},
                    "claim_quantities": {"description": "Every quantity a claim gives: its interval [low, high] (high null: no upper bound), unit and the system it counts.", "facets": ["unit", "system_id"]},
                    "links": {"description": "Relations between events (follows, fulfils, responds-to).", "facets": ["rel"]},
                    "source_cites": {"description": "Which source cites which (the relay graph)."},
                }
            }
        },
    }  # fmt: skip


def write(
    path: Path, log: Log, rows: Sequence[Row], *, metadata_path: Path, title: str, as_of: date | None,
    targets: tuple[Original | None, Original | None] = (None, None),
) -> None:  # fmt: skip
    """Write the database and its metadata atomically, through :func:`irru.safewrite.replacing` (a temporary
    file renamed into place; never through a link or onto a device; refused if either file changed meanwhile)."""
    from .. import safewrite

    with safewrite.replacing(path, original=targets[0]) as tmp:
        try:
            db = sqlite3.connect(tmp)
            try:
                with db:
                    fill(db, log, rows)
            finally:
                db.close()
        except sqlite3.Error as e:  # "database or disk is full", "attempt to write a readonly database"
            raise safewrite.WriteError(f"cannot write {path}: {e}; nothing written") from None
        meta = json.dumps(metadata(log, path.stem, title=title, as_of=as_of), ensure_ascii=False, indent=2) + "\n"
        safewrite.write(metadata_path, meta, original=targets[1])
