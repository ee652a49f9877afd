"""Data files parse, their labels are ontology terms, and vocab.py matches the ontology."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
import rdflib
from rdflib import RDFS, URIRef
from rdflib.plugins.sparql import prepareQuery

from kg.rdf.vocab import KG
from kg.resources import Resources, ontology_dir, query_dir

ONTOLOGY = ontology_dir() / "kg.ttl"
NS = str(KG._NS)


@pytest.fixture(scope="module")
def onto() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY, format="turtle")


def test_resources_vocab_matches_ontology(onto: rdflib.Graph) -> None:
    defined = {str(s).removeprefix(NS) for s in onto.subjects() if isinstance(s, URIRef) and str(s).startswith(NS)}
    assert set(inspect.get_annotations(KG)) == defined


def test_resources_every_term_has_zh_and_en_labels(onto: rdflib.Graph) -> None:
    for s in {s for s in onto.subjects() if isinstance(s, URIRef) and str(s).startswith(NS)}:
        langs = {getattr(o, "language", None) for o in onto.objects(s, RDFS.label)}
        assert {"zh", "en"} <= langs, s
        assert list(onto.objects(s, RDFS.comment)), s


def test_resources_event_types_are_ontology_classes(resources: Resources) -> None:
    for etype in resources.events["types"]:
        assert hasattr(KG, etype)
    for rule in resources.events["object_rules"]:
        assert all(hasattr(KG, t) for t in [*rule["from"], rule["to"]])


def test_resources_lexicon_rows_are_well_formed(resources: Resources) -> None:
    crime_labels = {r["label"] for r in resources.crime_types}
    for r in resources.crime_types:
        assert r["kind"] in {"charge", "category", "chapter", "section"}, r
        assert not r["broader"] or r["broader"] in crime_labels, r
    org_kinds = {"GovernmentAgency", "PoliceAgency", "Procuratorate", "Court", "Customs", "Bank",
                 "Company", "Media", "Other"}  # fmt: skip
    assert all(r["kind"] in org_kinds for r in resources.organizations)
    levels = {"country", "province", "city", "county", "town", "region", "water", "port"}
    assert all(r["level"] in levels for r in resources.places)
    codes = {r["code"] for r in resources.places}
    assert all(not r["parent"] or r["parent"] in codes for r in resources.places)


def test_resources_units_have_known_kinds(resources: Resources) -> None:
    assert set(resources.units.values()) <= {"count", "money", "mass", "volume", "area", "length"}


@pytest.mark.parametrize("path", sorted(query_dir().glob("*.rq")), ids=lambda p: p.stem)
def test_resources_queries_parse_and_order_rows(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    prepareQuery(text)
    assert text.startswith("#")
    assert "ORDER BY" in text


def test_resources_bad_tsv_reports_path_and_line(tmp_path: Path) -> None:
    from kg.errors import ResourceError
    from kg.resources import read_tsv

    bad = tmp_path / "x.tsv"
    bad.write_text("# c\nunit\tkind\n个\tcount\textra\n", encoding="utf-8")
    with pytest.raises(ResourceError, match=r"x.tsv:3: 3 cells"):
        read_tsv(bad, ("unit", "kind"))
