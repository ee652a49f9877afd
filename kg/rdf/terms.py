"""RDF term helpers shared by the document and node mappers: namespaces and literals.

Literals use canonical lexical forms (``2500000000``, ``0.19``), so every serialisation
round-trips exactly.
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal

import pyoxigraph as ox

from kg.model import canonical_decimal
from kg.rdf.vocab import KG

__all__ = [
    "DCT", "DEFAULT", "ORG", "ORG_CLASSES", "PROV", "QB", "RDFS", "SCHEMA", "SKOS", "TIME",
    "TOP_CLASS", "TYPE", "XSD", "boolean", "date", "decimal", "integer", "iri", "plain", "zh",
]  # fmt: skip

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SCHEMA = "https://schema.org/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
ORG = "http://www.w3.org/ns/org#"
TIME = "http://www.w3.org/2006/time#"
PROV = "http://www.w3.org/ns/prov#"
QB = "http://purl.org/linked-data/cube#"
DCT = "http://purl.org/dc/terms/"

TYPE = ox.NamedNode(RDF + "type")
DEFAULT = ox.DefaultGraph()

ORG_CLASSES = {
    "PoliceAgency": [str(KG.PoliceAgency)],
    "PoliceCollective": [str(KG.PoliceCollective)],
    "Court": [str(KG.Court)],
    "Procuratorate": [str(KG.Procuratorate)],
    "Customs": [str(KG.Customs)],
    "GovernmentAgency": [SCHEMA + "GovernmentOrganization"],
    "Company": [SCHEMA + "Corporation"],
    "Bank": [SCHEMA + "BankOrCreditUnion"],
    "Media": [SCHEMA + "NewsMediaOrganization"],
}
TOP_CLASS = {
    "Person": SCHEMA + "Person",
    "Organization": SCHEMA + "Organization",
    "Place": SCHEMA + "Place",
    "Platform": str(KG.Platform),
    "CrimeType": str(KG.CrimeType),
    "Participant": str(KG.Participant),
}


@functools.lru_cache(maxsize=1024)
def iri(value: str) -> ox.NamedNode:
    """A named node; the ontology's few hundred terms are built once."""
    return ox.NamedNode(value)


def zh(text: str) -> ox.Literal:
    return ox.Literal(text, language="zh")


def plain(text: str) -> ox.Literal:
    return ox.Literal(text)


def decimal(value: Decimal) -> ox.Literal:
    return ox.Literal(canonical_decimal(value), datatype=iri(XSD + "decimal"))


def integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=iri(XSD + "integer"))


def boolean(value: bool) -> ox.Literal:
    return ox.Literal("true" if value else "false", datatype=iri(XSD + "boolean"))


def date(value: dt.date) -> ox.Literal:
    return ox.Literal(value.isoformat(), datatype=iri(XSD + "date"))
