"""Namespaces: the ontology's own terms (closed: a typo raises) and the reused vocabularies.

``KG`` is kept in sync with ``ontology/kg.ttl`` by ``tests/test_resources.py``.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

__all__ = ["BASE", "DISPLAY_PREFIXES", "EVENT_BROADER", "ID", "ITSRDF", "KG", "NIF", "PREFIXES", "SDMX_DIM",
           "SDMX_MEASURE", "SEM"]

BASE = "https://example.org/kg/"
ID = Namespace(BASE + "id/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
ITSRDF = Namespace("http://www.w3.org/2005/11/its/rdf#")
SDMX_DIM = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_MEASURE = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")


class KG(DefinedNamespace):
    """The kg ontology (``ontology/kg.ttl``)."""

    _NS = Namespace(BASE + "ontology#")
    _fail = True

    EventTypes: URIRef
    CrimeTypes: URIRef
    PoliceStatistics: URIRef
    Platform: URIRef
    CrimeType: URIRef
    PoliceAgency: URIRef
    PoliceCollective: URIRef
    Court: URIRef
    Procuratorate: URIRef
    Customs: URIRef
    CriminalGroup: URIRef
    EntityReference: URIRef
    PoliceEvent: URIRef
    CaseSolved: URIRef
    Arrest: URIRef
    GangBusted: URIRef
    Seizure: URIRef
    FundsFrozen: URIRef
    Interception: URIRef
    Suspension: URIRef
    Establishment: URIRef
    Publicity: URIRef
    Cooperation: URIRef
    Fraud: URIRef
    Sentencing: URIRef
    Prosecution: URIRef
    agent: URIRef
    partner: URIRef
    patient: URIRef
    victim: URIRef
    sentenceTerm: URIRef
    crimeType: URIRef
    quantity: URIRef
    countedObject: URIRef
    approximate: URIRef
    yearOnYear: URIRef
    baseValue: URIRef
    jurisdiction: URIRef
    pseudonym: URIRef
    adminLevel: URIRef
    inDocument: URIRef
    refersTo: URIRef
    mentionCount: URIRef
    datePublishedSource: URIRef
    sourcePath: URIRef
    contentHash: URIRef
    negated: URIRef
    modality: URIRef
    groupSize: URIRef
    rule: URIRef
    Report: URIRef
    Summons: URIRef
    CaseFiled: URIRef
    Wanted: URIRef
    Detention: URIRef
    Surrender: URIRef
    Repatriation: URIRef
    Rescue: URIRef
    Fine: URIRef
    ArrestApproval: URIRef
    Trial: URIRef
    Participant: URIRef
    CaseHistory: URIRef
    CaseStep: URIRef
    DetentionKinds: URIRef
    AdministrativeDetention: URIRef
    CriminalDetention: URIRef
    JudicialDetention: URIRef
    Penalties: URIRef
    DeathPenalty: URIRef
    SuspendedDeathPenalty: URIRef
    LifeImprisonment: URIRef
    FixedTermImprisonment: URIRef
    CriminalDetentionPenalty: URIRef
    PublicSurveillance: URIRef
    stage: URIRef
    happened: URIRef
    custody: URIRef
    detentionTerm: URIRef
    penalty: URIRef
    suspended: URIRef
    reason: URIRef
    nextStep: URIRef
    subject: URIRef
    hasStep: URIRef
    event: URIRef
    position: URIRef
    role: URIRef
    age: URIRef
    headcount: URIRef
    employer: URIRef
    PoliceStatisticsStructure: URIRef
    statistic: URIRef
    reportCount: URIRef
    refEventType: URIRef
    refAgency: URIRef
    measureUnit: URIRef


# The event classes with broader event classes (rdfs:subClassOf in ontology/kg.ttl, checked
# by tests/test_resources.py): an event is typed with them too, so that `?e a kg:Arrest`
# finds detentions without inference.
EVENT_BROADER: dict[str, tuple[str, ...]] = {
    "Detention": ("Arrest",),
    "Surrender": ("Arrest",),
    "Repatriation": ("Arrest",),
    "ArrestApproval": ("Arrest", "Prosecution"),
}

PREFIXES: dict[str, str] = {
    "kg": str(KG._NS),
    "schema": "https://schema.org/",
    "sem": str(SEM),
    "org": "http://www.w3.org/ns/org#",
    "time": "http://www.w3.org/2006/time#",
    "prov": "http://www.w3.org/ns/prov#",
    "qb": "http://purl.org/linked-data/cube#",
    "sdmx-dimension": str(SDMX_DIM),
    "sdmx-measure": str(SDMX_MEASURE),
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "nif": str(NIF),
    "itsrdf": str(ITSRDF),
    "dcterms": "http://purl.org/dc/terms/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

# For tables on screen only: instance IRIs shortened (Turtle would have to escape their "/").
DISPLAY_PREFIXES: dict[str, str] = {"id": str(ID), **PREFIXES}
