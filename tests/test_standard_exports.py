"""`irru export prov|annotations|csl` (issue 28 item 5), each read by a library other than irru: rdflib (JSON-LD,
SPARQL) for PROV and Web Annotations, citeproc-py (a CSL processor) for CSL-JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import rdflib
from test_anchor import PAGE, _log

from irru.export.prov import iri
from irru.logfile import bundled_log_path, load_text
from irru.trace import trace

OA = "http://www.w3.org/ns/oa#"
# The terms of the W3C Web Annotation context (http://www.w3.org/ns/anno.jsonld) that the export uses, so that
# rdflib reads it without the network; the IRIs are the Web Annotation Vocabulary's.
ANNO_CONTEXT = {
    "oa": OA,
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "as": "http://www.w3.org/ns/activitystreams#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "id": {"@id": "@id", "@type": "@id"},
    "type": {"@id": "@type", "@type": "@id"},
    "Annotation": "oa:Annotation",
    "AnnotationCollection": "as:OrderedCollection",
    "AnnotationPage": "as:OrderedCollectionPage",
    "TextualBody": "oa:TextualBody",
    "TextQuoteSelector": "oa:TextQuoteSelector",
    "TextPositionSelector": "oa:TextPositionSelector",
    "TimeState": "oa:TimeState",
    "describing": "oa:describing",
    "body": {"@id": "oa:hasBody", "@type": "@id"},
    "target": {"@id": "oa:hasTarget", "@type": "@id"},
    "source": {"@id": "oa:hasSource", "@type": "@id"},
    "selector": {"@id": "oa:hasSelector", "@type": "@id"},
    "state": {"@id": "oa:hasState", "@type": "@id"},
    "motivation": {"@id": "oa:motivatedBy", "@type": "@vocab"},
    "value": "rdf:value",
    "format": "dc:format",
    "exact": "oa:exact",
    "prefix": "oa:prefix",
    "suffix": "oa:suffix",
    "start": {"@id": "oa:start", "@type": "xsd:nonNegativeInteger"},
    "end": {"@id": "oa:end", "@type": "xsd:nonNegativeInteger"},
    "sourceDate": {"@id": "oa:sourceDate", "@type": "xsd:dateTime"},
    "cached": {"@id": "oa:cachedSource", "@type": "@id"},
    "label": "rdfs:label",
    "total": {"@id": "as:totalItems", "@type": "xsd:nonNegativeInteger"},
    "first": {"@id": "as:first", "@type": "@id"},
    "items": {"@id": "as:items", "@type": "@id", "@container": "@list"},
    "startIndex": {"@id": "as:startIndex", "@type": "xsd:nonNegativeInteger"},
}


def test_prov_primary_sources_count_what_trace_counts_for_every_bundled_event(irru) -> None:
    r = irru("export", "prov")
    assert r.exit_code == 0
    graph = rdflib.Graph().parse(data=r.stdout, format="json-ld")
    found = graph.query(
        """PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX irru: <urn:irru:vocab:>
        SELECT ?event (COUNT(DISTINCT ?original) AS ?n)
        WHERE { ?event irru:claim ?claim . ?claim prov:hadPrimarySource ?original } GROUP BY ?event"""
    )
    counted = {str(event): int(n) for event, n in found}  # type: ignore[misc]  # SPARQL rows: (event, n)
    path = bundled_log_path()
    log = load_text(path.read_text(encoding="utf-8"), str(path))
    assert counted == {iri("event", e.id): trace(log, e).independent for e in log.events}
    assert len(counted) == len(log.events) > 50


def test_prov_relays_are_derivations_and_speakers_attributions(irru) -> None:
    graph = rdflib.Graph().parse(data=irru("export", "prov").stdout, format="json-ld")
    prov = rdflib.Namespace("http://www.w3.org/ns/prov#")
    path = bundled_log_path()
    log = load_text(path.read_text(encoding="utf-8"), str(path))
    e = log.events_by_id["reuters-400-missiles"]
    (n, relayed) = next((n, c) for n, c in enumerate(e.claims, 1) if c.via)
    claim = rdflib.URIRef(iri("claim", f"{e.id}/{n}"))
    derived = {str(o) for o in graph.objects(claim, prov.wasDerivedFrom)}
    assert derived == {iri("source", relayed.source), iri("source", relayed.via)}  # type: ignore[arg-type]
    spoken = next((n, c) for n, c in enumerate(e.claims, 1) if c.by)
    who = graph.value(rdflib.URIRef(iri("claim", f"{e.id}/{spoken[0]}")), prov.wasAttributedTo)
    assert str(who) == iri("actor", spoken[1].by)  # type: ignore[arg-type]
    assert (who, rdflib.RDF.type, prov.Agent) in graph


def test_annotations_carry_the_anchors_selectors(irru, tmp_path: Path) -> None:
    log = _log(tmp_path, PAGE.encode())
    irru("anchor", str(log))
    r = irru("export", "annotations", "--data", str(log))
    assert r.exit_code == 0
    doc = json.loads(r.stdout)
    assert (doc["@context"], doc["type"], doc["total"]) == (
        "http://www.w3.org/ns/anno.jsonld",
        "AnnotationCollection",
        1,
    )
    doc["@context"] = ANNO_CONTEXT
    graph = rdflib.Graph().parse(data=json.dumps(doc), format="json-ld")
    rows = list(
        graph.query(
            """PREFIX oa: <http://www.w3.org/ns/oa#>
            SELECT ?source ?exact ?prefix ?start ?end WHERE {
              ?a a oa:Annotation ; oa:motivatedBy oa:describing ; oa:hasTarget ?t .
              ?t oa:hasSource ?source ; oa:hasSelector ?q, ?p .
              ?q a oa:TextQuoteSelector ; oa:exact ?exact ; oa:prefix ?prefix .
              ?p a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end }"""
        )
    )
    assert (
        [tuple(x.toPython() for x in row) for row in rows]
        == [  # type: ignore[union-attr]
            (
                "https://wire.example/a",
                "Officials declined to comment further.",
                'said on Friday that "the drones were delivered in March" to the front. '[-32:],
                108,
                146,
            )
        ]
    )


def test_csl_items_are_read_by_a_csl_processor(irru) -> None:
    pytest.importorskip("citeproc", reason="citeproc-py is in the test extra")
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    r = irru("export", "csl", "--on", "2024-02")
    items = json.loads(r.stdout)
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    rendered = []
    for item in items:  # one bibliography each: citeproc-py's year-suffix disambiguation fails on some pairs
        bib = CitationStylesBibliography(style, CiteProcJSON([item]), formatter.plain)
        bib.register(Citation([CitationItem(item["id"])]))
        rendered += [str(entry) for entry in bib.bibliography()]
    assert len(rendered) == len(items) > 5
    reuters = next(i for i in items if i["id"] == "reuters-2024-02-21")
    assert reuters["type"] == "article-newspaper" and reuters["issued"] == {"date-parts": [[2024, 2, 21]]}
    assert reuters["author"][0] == {"literal": "Parisa Hafezi"} and "URL" not in reuters  # the log gives no URL
    with_url = [i for i in items if "URL" in i]
    assert with_url and all(any("Available at: " + i["URL"] in line for line in rendered) for i in with_url)


def test_csl_dates_are_never_more_precise_than_the_log() -> None:
    from irru.dates import parse_edtf
    from irru.export.csl import date_parts

    assert date_parts(parse_edtf("2022-11-05/2022-11-06")) == {"date-parts": [[2022, 11]]}
    assert date_parts(parse_edtf("2024-02-29/2024-03-31")) == {"date-parts": [[2024]]}
    assert date_parts(parse_edtf("2023~")) == {"date-parts": [[2023]], "circa": True}
    assert date_parts(parse_edtf("../2024-10-28")) is None
