"""Under RDFS inference over the ontology and built data, no node is both a person and an
organisation (issue #12): the roles' ranges admit people and groups alike."""

from __future__ import annotations

import owlrl
import rdflib
from rdflib import RDF, Namespace

from kg.build import build_graph
from kg.model import Document
from kg.rdf.store import RdfFormat, serialize
from kg.resources import ontology_dir

SCHEMA = Namespace("https://schema.org/")

TEXTS = (
    "2023年3月，犯罪嫌疑人王某某冒充客服诈骗被害人陈女士8万元。4月2日，县公安局刑警大队将王某某抓获。",
    "以李某某为首的犯罪团伙骗取老人钱款120万元。市公安局经侦支队打掉该团伙，抓获李某某等6人。",
    "法院以诈骗罪判处被告人张某有期徒刑三年。",
)


def test_inference_no_node_is_both_person_and_organization(tmp_path) -> None:  # type: ignore[no-untyped-def]
    docs = [Document(f"d{i}", t) for i, t in enumerate(TEXTS)]
    out = tmp_path / "g.nt"
    out.write_bytes(serialize(build_graph(docs).quads, RdfFormat.NTRIPLES))
    g = rdflib.Graph()
    g.parse(out)
    assert (None, Namespace("https://example.org/kg/ontology#")["agent"], None) in g
    for ttl in sorted(ontology_dir().glob("*.ttl")):
        g.parse(ttl)
    owlrl.DeductiveClosure(owlrl.RDFS_Semantics).expand(g)
    people = set(g.subjects(RDF.type, SCHEMA.Person))
    orgs = set(g.subjects(RDF.type, SCHEMA.Organization))
    assert people
    assert not people & orgs


def test_every_event_is_typed_sem_and_schema_event_without_inference() -> None:
    """Tools that do no inference see events as SEM and schema.org events."""
    g = rdflib.Graph()
    for q in build_graph([Document(f"d{i}", t) for i, t in enumerate(TEXTS)]).quads:
        g.parse(data=str(q.triple) + " .", format="nt")
    kg_event = Namespace("https://example.org/kg/ontology#")["PoliceEvent"]
    events = set(g.subjects(RDF.type, kg_event))
    assert events
    assert events == set(g.subjects(RDF.type, Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")["Event"]))
    assert events == set(g.subjects(RDF.type, SCHEMA.Event))
