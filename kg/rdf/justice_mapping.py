"""Mapping of the justice chain: step details, participants and case histories as RDF.

* a step's details: ``kg:custody`` (a concept of ``kg:DetentionKinds``), ``kg:detentionTerm``
  and ``kg:sentenceTerm`` (xsd:duration), ``kg:penalty`` (a concept of ``kg:Penalties``),
  ``kg:suspended``, ``kg:reason``; the body a report or a surrender goes to as
  ``schema:recipient``;
* what a document says about a person or participant (``kg:role``, ``schema:gender``,
  ``kg:age``, ``kg:headcount``, ``schema:nationality``, ``kg:employer``), in that
  document's graph;
* one ``kg:CaseHistory`` per person a document follows, with ordered ``kg:CaseStep``s and
  ``kg:nextStep`` links between the events.
Reads the data model only (``kg.model``, the resolution).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pyoxigraph as ox

from kg.model import Annotated, Event, Resolution
from kg.rdf.ids import document_iri, entity_iri, event_iri
from kg.rdf.vocab import KG

__all__ = ["event_details", "history_quads", "participant_quads"]

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_SCHEMA = "https://schema.org/"

_CUSTODY = {"administrative": KG.AdministrativeDetention, "criminal": KG.CriminalDetention,
            "judicial": KG.JudicialDetention}  # fmt: skip
_PENALTY = {"death": KG.DeathPenalty, "suspended-death": KG.SuspendedDeathPenalty,
            "life": KG.LifeImprisonment, "prison": KG.FixedTermImprisonment,
            "criminal-detention": KG.CriminalDetentionPenalty,
            "public-surveillance": KG.PublicSurveillance}  # fmt: skip
_GENDER = {"male": _SCHEMA + "Male", "female": _SCHEMA + "Female"}

Quad = Callable[[ox.NamedNode, str, ox.NamedNode | ox.Literal], ox.Quad]


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def event_details(e: Event, ev: ox.NamedNode, q: Quad) -> Iterator[ox.Quad]:
    """The details of one step, and ``kg:happened false`` for any event that did not happen."""
    if not e.happened:
        yield q(ev, str(KG.happened), ox.Literal("false", datatype=_n(_XSD + "boolean")))
    if e.term:
        prop = KG.detentionTerm if e.type == "Detention" else KG.sentenceTerm
        yield q(ev, str(prop), ox.Literal(e.term, datatype=_n(_XSD + "duration")))
    if e.custody in _CUSTODY:
        yield q(ev, str(KG.custody), _n(str(_CUSTODY[e.custody])))
    if e.penalty in _PENALTY:
        yield q(ev, str(KG.penalty), _n(str(_PENALTY[e.penalty])))
    if e.suspended:
        yield q(ev, str(KG.suspended), ox.Literal("true", datatype=_n(_XSD + "boolean")))
    if e.reason:
        yield q(ev, str(KG.reason), ox.Literal(e.reason, language="zh"))


def participant_quads(ann: Annotated, res: Resolution, q: Quad, used: set[str]) -> Iterator[ox.Quad]:
    """What the document says about each participant and described person."""
    persons = {(m.start, m.end): m for m in ann.mentions if m.label == "Person"}
    for p in ann.participants:
        if p.person is not None:
            m = persons.get(p.person)
            key = res.key_of(ann.doc.id, m) if m is not None else None
        else:
            key = f"participant:{ann.doc.key}:{p.index}"
        if key is None or key not in res.entities:
            continue
        used.add(key)
        s = _n(entity_iri(key))
        if p.role:
            yield q(s, str(KG.role), ox.Literal(p.role, language="zh"))
        if p.gender in _GENDER:
            yield q(s, _SCHEMA + "gender", _n(_GENDER[p.gender]))
        if p.age is not None:
            yield q(s, str(KG.age), ox.Literal(str(p.age), datatype=_n(_XSD + "integer")))
        if p.count is not None and p.person is None:
            yield q(s, str(KG.headcount), ox.Literal(str(p.count), datatype=_n(_XSD + "integer")))
        if p.nationality:
            yield q(s, _SCHEMA + "nationality", ox.Literal(p.nationality, language="zh"))
        if p.employer:
            yield q(s, str(KG.employer), ox.Literal(p.employer, language="zh"))


def history_quads(ann: Annotated, res: Resolution, q: Quad) -> Iterator[ox.Quad]:
    """One case history per person or participant the document follows."""
    doc = ann.doc.key
    g_type = _n(_RDF_TYPE)
    for n, h in enumerate(ann.histories, start=1):
        key = res.key_of(ann.doc.id, h.subject)
        if key is None:
            continue
        hi = _n(f"{document_iri(doc)}/history/{n}")
        yield q(hi, _RDF_TYPE, _n(str(KG.CaseHistory)))
        yield q(hi, str(KG.subject), _n(entity_iri(key)))
        previous = None
        for pos, i in enumerate(h.events, start=1):
            e = ann.events[i]
            ev = _n(event_iri(doc, e.trigger_start, e.trigger_end, e.type, e.part))
            step = _n(f"{document_iri(doc)}/history/{n}/step/{pos}")
            yield q(hi, str(KG.hasStep), step)
            yield q(step, str(g_type.value), _n(str(KG.CaseStep)))
            yield q(step, str(KG.event), ev)
            yield q(step, str(KG.position), ox.Literal(str(pos), datatype=_n(_XSD + "integer")))
            if previous is not None and previous != ev:
                yield q(previous, str(KG.nextStep), ev)
            previous = ev

