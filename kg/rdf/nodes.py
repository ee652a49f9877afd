"""Stage ⑥ mapping, corpus-level half: the shared nodes documents point to.

One node per key, in the default graph: an entity (``org:…``, ``place:…`` — merged from
the proposals of every document that names it, ``kg.nlp.merge``), a date interval
(``@interval:2020-01-01_2020-07-31``), a day (``@instant:2020-01-01``), a corpus
(``@corpus:CEC-Corpus``) or a statistic (``@statistic:[…]``: one figure about one agency and
period, however many documents report it — ``kg.rdf.statistics``). A node is written while at least one document points to it,
and its statements are owned by its key alone (``owned_by``), so a store can rewrite
one node without rebuilding the others.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator

import pyoxigraph as ox

from kg.model import Entity
from kg.rdf.ids import entity_iri, instant_iri, interval_iri, node_iri
from kg.rdf.terms import DEFAULT as _DEFAULT
from kg.rdf.terms import ORG as _ORG
from kg.rdf.terms import ORG_CLASSES as _ORG_CLASSES
from kg.rdf.terms import QB as _QB
from kg.rdf.terms import RDFS as _RDFS
from kg.rdf.terms import SCHEMA as _SCHEMA
from kg.rdf.terms import SKOS as _SKOS
from kg.rdf.terms import TIME as _TIME
from kg.rdf.terms import TOP_CLASS as _TOP_CLASS
from kg.rdf.terms import TYPE as _TYPE
from kg.rdf.terms import boolean as _bool
from kg.rdf.terms import date as _date
from kg.rdf.terms import decimal as _dec
from kg.rdf.terms import integer as _int
from kg.rdf.terms import iri as _n
from kg.rdf.terms import plain as _s
from kg.rdf.terms import zh as _zh
from kg.rdf.vocab import KG

__all__ = ["HEAD_OF", "node_quads", "owner"]

# schema.org classes of a place by its kind (divisions and towns: AdministrativeArea)
_PLACE_CLASSES = {
    "country": ("AdministrativeArea", "Country"),
    "water": ("BodyOfWater",),
    "port": ("CivicStructure",),
}

HEAD_OF = _n(_ORG + "headOf")


def owner(quad: ox.Quad) -> ox.NamedNode | ox.BlankNode | ox.Triple:
    """The node whose statements ``quad`` belongs to: its subject, except for
    ``leader org:headOf group``, which belongs to the group."""
    if quad.predicate == HEAD_OF and isinstance(quad.object, ox.NamedNode):
        return quad.object
    return quad.subject


def node_quads(
    key: str, entity: Entity | None, known: Callable[[str], bool], reports: int = 1
) -> list[ox.Quad]:
    """The default-graph statements of one corpus-level node (see the module docstring).

    ``entity`` is the merged entity for an entity key (``None`` for the other nodes);
    ``known(k)`` tells whether the corpus has an entity ``k`` (a parent, a leader);
    ``reports`` is how many documents point to the node (a statistic states it).
    """
    kind, _, rest = key.partition(":")
    s = _n(node_iri(key))
    if kind == "@interval":
        b, _, e = rest.partition("_")
        out = [ox.Quad(s, _TYPE, _n(_TIME + "Interval"), _DEFAULT)]
        for prop, day in ((_TIME + "hasBeginning", b), (_TIME + "hasEnd", e)):
            if day != "open":
                out.append(ox.Quad(s, _n(prop), _n(instant_iri(dt.date.fromisoformat(day))), _DEFAULT))
        return out
    if kind == "@instant":
        when = _date(dt.date.fromisoformat(rest))
        return [ox.Quad(s, _TYPE, _n(_TIME + "Instant"), _DEFAULT),
                ox.Quad(s, _n(_TIME + "inXSDDate"), when, _DEFAULT)]  # fmt: skip
    if kind == "@corpus":
        return [ox.Quad(s, _TYPE, _n(_SCHEMA + "Collection"), _DEFAULT),
                ox.Quad(s, _n(_SCHEMA + "name"), _s(rest), _DEFAULT)]  # fmt: skip
    if kind == "@statistic":
        return _statistic(s, rest, reports)
    return list(_entity(entity, known)) if entity is not None else []


_SDMX_DIM = "http://purl.org/linked-data/sdmx/2009/dimension#"
_SDMX_MEASURE = "http://purl.org/linked-data/sdmx/2009/measure#"


def _statistic(s: ox.NamedNode, payload: str, reports: int) -> list[ox.Quad]:
    """A Data Cube observation of ``kg:PoliceStatistics`` (its structure: ontology/kg.ttl)."""
    from decimal import Decimal

    etype, agent, begin, until, obj, unit, value, approximate = json.loads(payload)
    day = {"open": None} | {d: dt.date.fromisoformat(d) for d in (begin, until) if d != "open"}
    period = interval_iri(day[begin], day[until])

    def q(p: str, o: ox.NamedNode | ox.Literal) -> ox.Quad:
        return ox.Quad(s, _n(p), o, _DEFAULT)

    return [
        ox.Quad(s, _TYPE, _n(_QB + "Observation"), _DEFAULT),
        q(_QB + "dataSet", _n(str(KG.PoliceStatistics))),
        q(str(KG.refEventType), _n(str(KG) + etype)),
        q(str(KG.refAgency), _n(entity_iri(agent))),
        q(_SDMX_DIM + "refPeriod", _n(period)),
        q(str(KG.countedObject), _zh(obj)),
        q(str(KG.measureUnit), _zh(unit)),
        q(_SDMX_MEASURE + "obsValue", _dec(Decimal(value))),
        q(str(KG.approximate), _bool(approximate)),
        q(str(KG.reportCount), _int(reports)),
    ]


# ------------------------------------------------------------------ entities
def _entity(ent: Entity, known: Callable[[str], bool]) -> Iterator[ox.Quad]:
    s = _n(entity_iri(ent.key))

    def q(p: str, o: ox.NamedNode | ox.Literal) -> ox.Quad:
        return ox.Quad(s, _n(p), o, _DEFAULT)

    if ent.kind == "CriminalGroup":
        # a group of offenders is an organisation, but not one the queries list as a body
        yield ox.Quad(s, _TYPE, _n(str(KG.CriminalGroup)), _DEFAULT)
        if ent.leader and known(ent.leader):
            yield ox.Quad(_n(entity_iri(ent.leader)), HEAD_OF, s, _DEFAULT)
    else:
        yield ox.Quad(s, _TYPE, _n(_TOP_CLASS[ent.type]), _DEFAULT)
    yield q(_RDFS + "label", _zh(ent.label))
    yield q(_SKOS + "prefLabel", _zh(ent.label))
    for alias in ent.aliases:
        yield q(_SKOS + "altLabel", _zh(alias))
    if ent.type == "Person" and ent.document:
        yield q(str(KG.pseudonym), _bool(True))
    if ent.type == "Organization":
        yield ox.Quad(s, _TYPE, _n(_ORG + "Organization"), _DEFAULT)
        for cls in _ORG_CLASSES.get(ent.kind, []):
            yield ox.Quad(s, _TYPE, _n(cls), _DEFAULT)
        if ent.parent and known(ent.parent):
            yield q(_ORG + "subOrganizationOf", _n(entity_iri(ent.parent)))
        if ent.jurisdiction:
            yield q(str(KG.jurisdiction), _n(entity_iri(ent.jurisdiction)))
    if ent.type == "Place":
        for cls in _PLACE_CLASSES.get(ent.kind, ("AdministrativeArea",)):
            yield ox.Quad(s, _TYPE, _n(_SCHEMA + cls), _DEFAULT)
        if ent.kind:
            yield q(str(KG.adminLevel), _s(ent.kind))
        if ent.code:
            yield q(_SCHEMA + "identifier", _s(ent.code))
        if ent.parent and known(ent.parent):
            yield q(_SCHEMA + "containedInPlace", _n(entity_iri(ent.parent)))
    if ent.type == "CrimeType":
        yield ox.Quad(s, _TYPE, _n(_SKOS + "Concept"), _DEFAULT)
        yield q(_SKOS + "inScheme", _n(str(KG.CrimeTypes)))
        if ent.kind:
            yield q(_SKOS + "note", _s(ent.kind))
        if ent.parent:
            parent_key = f"crimetype:{ent.parent}"
            if known(parent_key):
                yield q(_SKOS + "broader", _n(entity_iri(parent_key)))
    if ent.type == "Platform" and ent.kind:
        yield q(_SCHEMA + "applicationCategory", _s(ent.kind))


