"""Stage ⑥ mapping: annotated documents and resolved entities → RDF quads.

The only writer of ontology terms. Each document's content (its text, sentences,
mentions, events, figures and references) goes into a named graph of its own, so a
document can be replaced or deleted; corpus-level nodes (entities, intervals) go into
the default graph. Literals use canonical lexical forms (``2500000000``, ``0.19``), so
every serialisation round-trips exactly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from decimal import Decimal

import pyoxigraph as ox

from kg.model import Annotated, Entity, Event, Quantity, TimeExpr
from kg.nlp.link import Resolution
from kg.nlp.numbers import canonical_decimal
from kg.nlp.textspans import sentence_index
from kg.rdf.ids import (
    document_iri,
    entity_iri,
    event_iri,
    graph_iri,
    interval_iri,
    quantity_iri,
    reference_iri,
    sentence_iri,
    span_iri,
)
from kg.rdf.vocab import ITSRDF, KG, NIF, SDMX_DIM, SDMX_MEASURE, SEM

__all__ = ["to_quads"]

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_SCHEMA = "https://schema.org/"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_ORG = "http://www.w3.org/ns/org#"
_TIME = "http://www.w3.org/2006/time#"
_PROV = "http://www.w3.org/ns/prov#"
_QB = "http://purl.org/linked-data/cube#"
_DCT = "http://purl.org/dc/terms/"

_TYPE = ox.NamedNode(_RDF + "type")
_DEFAULT = ox.DefaultGraph()

_ORG_CLASSES = {
    "PoliceAgency": [str(KG.PoliceAgency)],
    "PoliceCollective": [str(KG.PoliceCollective)],
    "Court": [str(KG.Court)],
    "Procuratorate": [str(KG.Procuratorate)],
    "Customs": [str(KG.Customs)],
    "GovernmentAgency": [_SCHEMA + "GovernmentOrganization"],
    "Company": [_SCHEMA + "Corporation"],
    "Bank": [_SCHEMA + "BankOrCreditUnion"],
    "Media": [_SCHEMA + "NewsMediaOrganization"],
}
# schema.org classes of a place by its kind (divisions and towns: AdministrativeArea)
_PLACE_CLASSES = {
    "country": ("AdministrativeArea", "Country"),
    "water": ("BodyOfWater",),
    "port": ("CivicStructure",),
}
_TOP_CLASS = {
    "Person": _SCHEMA + "Person",
    "Organization": _SCHEMA + "Organization",
    "Place": _SCHEMA + "Place",
    "Platform": str(KG.Platform),
    "CrimeType": str(KG.CrimeType),
}


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _zh(text: str) -> ox.Literal:
    return ox.Literal(text, language="zh")


def _s(text: str) -> ox.Literal:
    return ox.Literal(text)


def _dec(value: Decimal) -> ox.Literal:
    return ox.Literal(canonical_decimal(value), datatype=_n(_XSD + "decimal"))


def _int(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_n(_XSD + "integer"))


def _bool(value: bool) -> ox.Literal:
    return ox.Literal("true" if value else "false", datatype=_n(_XSD + "boolean"))


def _date(value: dt.date) -> ox.Literal:
    return ox.Literal(value.isoformat(), datatype=_n(_XSD + "date"))


def to_quads(docs: Sequence[Annotated], resolution: Resolution) -> list[ox.Quad]:
    """Every quad of the corpus graph (unsorted; the store sorts on output)."""
    quads: list[ox.Quad] = []
    used: set[str] = set()
    for ann in docs:
        quads.extend(_document(ann, resolution, used))
    for key in sorted(used):
        leader = resolution.entities[key].leader
        if leader:
            used = used | {leader}
    for key in sorted(used):
        quads.extend(_entity(resolution.entities[key], resolution))
    return quads


# ----------------------------------------------------------------- documents
def _document(ann: Annotated, res: Resolution, used: set[str]) -> Iterator[ox.Quad]:
    doc = ann.doc
    g = _n(graph_iri(doc.id))
    d = _n(document_iri(doc.id))

    def q(s: ox.NamedNode, p: str, o: ox.NamedNode | ox.Literal) -> ox.Quad:
        return ox.Quad(s, _n(p), o, g)

    yield ox.Quad(d, _TYPE, _n(_SCHEMA + "NewsArticle"), g)
    yield ox.Quad(d, _TYPE, _n(str(NIF.Context)), g)
    yield q(d, _SCHEMA + "identifier", _s(doc.id))
    yield q(d, str(NIF.isString), _s(doc.text))
    yield q(d, _SCHEMA + "inLanguage", _s("zh"))
    if doc.title:
        yield q(d, _SCHEMA + "headline", _zh(doc.title))
    if doc.published:
        yield q(d, _SCHEMA + "datePublished", _date(doc.published))
        if doc.published_source:
            yield q(d, str(KG.datePublishedSource), _s(doc.published_source))
    if doc.source:
        yield q(d, _DCT + "source", _zh(doc.source))
    if doc.id in res.publishers:
        used.add(res.publishers[doc.id])
        yield q(d, _SCHEMA + "publisher", _n(entity_iri(res.publishers[doc.id])))
    if doc.id in res.reporters:
        used.add(res.reporters[doc.id])
        yield q(d, _PROV + "wasAttributedTo", _n(entity_iri(res.reporters[doc.id])))
    if doc.url:
        yield q(d, _SCHEMA + "url", _n(doc.url) if doc.url.isascii() else _s(doc.url))
    for s in ann.sentences:
        si = _n(sentence_iri(doc.id, s.index))
        yield ox.Quad(si, _TYPE, _n(str(NIF.Sentence)), g)
        yield q(si, str(NIF.referenceContext), d)
        yield q(si, str(NIF.beginIndex), _int(s.start))
        yield q(si, str(NIF.endIndex), _int(s.end))
        yield q(si, str(NIF.anchorOf), _s(doc.text[s.start : s.end]))
    sentence_of = {i: s for s in ann.sentences for i in (s.index,)}
    spans: set[tuple[int, int]] = set()

    def anchor(start: int, end: int, sentence: int | None) -> Iterator[ox.Quad]:
        if (start, end) in spans:
            return
        spans.add((start, end))
        a = _n(span_iri(doc.id, start, end))
        yield ox.Quad(a, _TYPE, _n(str(NIF.OffsetBasedString)), g)
        yield q(a, str(NIF.referenceContext), d)
        yield q(a, str(NIF.beginIndex), _int(start))
        yield q(a, str(NIF.endIndex), _int(end))
        yield q(a, str(NIF.anchorOf), _s(doc.text[start:end]))
        if sentence is not None and sentence in sentence_of:
            yield q(a, str(NIF.sentence), _n(sentence_iri(doc.id, sentence)))

    sentence_at = sentence_index(ann.sentences)
    for m in ann.mentions:
        key = res.key_of(doc.id, m)
        if key is None:
            continue
        used.add(key)
        yield from anchor(m.start, m.end, sentence_at(m.start))
        a = _n(span_iri(doc.id, m.start, m.end))
        ent = res.entities[key]
        yield q(a, str(ITSRDF.taIdentRef), _n(entity_iri(key)))
        cls = str(KG.CriminalGroup) if ent.kind == "CriminalGroup" else _TOP_CLASS[ent.type]
        yield q(a, str(ITSRDF.taClassRef), _n(cls))
        yield q(a, str(KG.rule), _s(m.rule))
    for key, label in sorted(res.labels_of(doc.id).items()):
        doc_id = doc.id
        r = _n(reference_iri(doc.id, key))
        yield ox.Quad(r, _TYPE, _n(str(KG.EntityReference)), g)
        yield q(r, str(KG.inDocument), d)
        yield q(r, str(KG.refersTo), _n(entity_iri(key)))
        yield q(r, _RDFS + "label", _zh(label))
        yield q(r, str(KG.mentionCount), _int(res.doc_counts[(doc_id, key)]))
        yield q(d, _SCHEMA + "mentions", _n(entity_iri(key)))
    for e in ann.events:
        yield from _event(ann, e, res, used, g, d, anchor)


def _event(ann, e: Event, res: Resolution, used: set[str], g, d, anchor):  # type: ignore[no-untyped-def]
    doc = ann.doc
    ev = _n(event_iri(doc.id, e.trigger_start, e.trigger_end, e.type, e.part))

    def q(s, p, o):  # type: ignore[no-untyped-def]
        return ox.Quad(s, _n(p), o, g)

    cls = str(getattr(KG, e.type))
    yield ox.Quad(ev, _TYPE, _n(cls), g)
    yield ox.Quad(ev, _TYPE, _n(str(KG.PoliceEvent)), g)
    yield q(ev, str(SEM.eventType), _n(cls))
    yield q(ev, _RDFS + "label", _zh(e.trigger))
    yield from anchor(e.trigger_start, e.trigger_end, e.sentence)
    yield q(ev, _PROV + "wasDerivedFrom", _n(span_iri(doc.id, e.trigger_start, e.trigger_end)))
    yield q(ev, str(NIF.sentence), _n(sentence_iri(doc.id, e.sentence)))
    yield q(ev, _SCHEMA + "subjectOf", d)
    if e.negated:
        yield q(ev, str(KG.negated), _bool(True))
    if e.modality:
        yield q(ev, str(KG.modality), _s(e.modality))
    if e.group_size is not None:
        yield q(ev, str(KG.groupSize), _int(e.group_size))
    if e.term:
        yield q(ev, str(KG.sentenceTerm), ox.Literal(e.term, datatype=_n(_XSD + "duration")))
    agents: list[str] = []
    places: list[str] = []
    for arg in e.arguments:
        key = res.key_of(doc.id, arg.mention)
        if key is None:
            continue
        ent = res.entities[key]
        if arg.role == "agent" and ent.type == "Place":
            # a place as the subject of a police action stands for its police (河北省共破获)
            place_key = key
            key = _collective_for(key, res) or key
            places.append(place_key)
            used.add(place_key)
            yield q(ev, str(SEM.hasPlace), _n(entity_iri(place_key)))
        used.add(key)
        if arg.role == "scope":
            jur = res.entities[key].jurisdiction
            if jur:
                used.add(jur)
                places.append(jur)
                yield q(ev, str(SEM.hasPlace), _n(entity_iri(jur)))
            continue
        prop = {
            "agent": str(KG.agent),
            "partner": str(KG.partner),
            "patient": str(KG.patient),
            "victim": str(KG.victim),
            "instrument": _SCHEMA + "instrument",
            "place": str(SEM.hasPlace),
        }[arg.role]
        yield q(ev, prop, _n(entity_iri(key)))
        if arg.role == "agent":
            agents.append(key)
        if arg.role == "place":
            places.append(key)
    if not places:
        for key in agents:
            jur = res.entities[key].jurisdiction if key in res.entities else None
            if jur:
                places.append(jur)
                used.add(jur)
                yield q(ev, str(SEM.hasPlace), _n(entity_iri(jur)))
    for c in e.crime_types:
        key = res.key_of(doc.id, c)
        if key:
            used.add(key)
            yield q(ev, str(KG.crimeType), _n(entity_iri(key)))
    interval = None
    if e.time is not None and (e.time.begin or e.time.until):
        interval = _n(interval_iri(e.time.begin, e.time.until))
        yield q(ev, str(SEM.hasTime), interval)
        if e.time.begin:
            yield q(ev, str(SEM.hasBeginTimeStamp), _date(e.time.begin))
        if e.time.until:
            yield q(ev, str(SEM.hasEndTimeStamp), _date(e.time.until))
        yield from _interval(e.time, g)
    yoy = dict(e.yoy)
    for i, qty in enumerate(e.quantities):
        yield from _quantity(ann, e, ev, qty, yoy.get(i), interval, places, res, g, anchor)


def _quantity(ann, e, ev, qty: Quantity, change, interval, places, res, g, anchor):  # type: ignore[no-untyped-def]
    doc = ann.doc
    qi = _n(quantity_iri(doc.id, qty.start, qty.end))

    def q(s, p, o):  # type: ignore[no-untyped-def]
        return ox.Quad(s, _n(p), o, g)

    yield q(ev, str(KG.quantity), qi)
    yield ox.Quad(qi, _TYPE, _n(_SCHEMA + "QuantitativeValue"), g)
    yield ox.Quad(qi, _TYPE, _n(_QB + "Observation"), g)
    yield q(qi, _QB + "dataSet", _n(str(KG.PoliceStatistics)))
    yield q(qi, _SCHEMA + "value", _dec(qty.value))
    yield q(qi, str(SDMX_MEASURE.obsValue), _dec(qty.value))
    yield q(qi, _SCHEMA + "unitText", _zh(qty.unit))
    yield q(qi, _RDFS + "label", _zh(qty.text))
    if qty.object:
        yield q(qi, str(KG.countedObject), _zh(qty.object))
    yield q(qi, str(KG.approximate), _bool(qty.approximate))
    if qty.lower is not None:
        yield q(qi, _SCHEMA + "minValue", _dec(qty.lower))
    if qty.upper is not None:
        yield q(qi, _SCHEMA + "maxValue", _dec(qty.upper))
    if change is not None:
        yield q(qi, str(KG.yearOnYear), _dec(change.ratio))
        if change.ratio != -1:
            base = (qty.value / (1 + change.ratio)).quantize(Decimal("0.01"))
            yield q(qi, str(KG.baseValue), _dec(base))
        yield from anchor(change.start, change.end, e.sentence)
    if interval is not None:
        yield q(qi, str(SDMX_DIM.refPeriod), interval)
    for p in places[:1]:
        yield q(qi, str(SDMX_DIM.refArea), _n(entity_iri(p)))
    reporter = res.reporters.get(doc.id)
    if reporter:
        # who released the figure, kept apart from who acted (kg:agent)
        yield q(qi, _PROV + "wasAttributedTo", _n(entity_iri(reporter)))
    yield from anchor(qty.start, qty.end, e.sentence)
    yield q(qi, _PROV + "wasDerivedFrom", _n(span_iri(doc.id, qty.start, qty.end)))


def _interval(t: TimeExpr, g) -> Iterator[ox.Quad]:  # type: ignore[no-untyped-def]
    it = _n(interval_iri(t.begin, t.until))
    yield ox.Quad(it, _TYPE, _n(_TIME + "Interval"), _DEFAULT)
    for prop, day in ((_TIME + "hasBeginning", t.begin), (_TIME + "hasEnd", t.until)):
        if day is None:
            continue
        instant = _n(interval_iri(day, day) + "/instant")
        yield ox.Quad(it, _n(prop), instant, _DEFAULT)
        yield ox.Quad(instant, _TYPE, _n(_TIME + "Instant"), _DEFAULT)
        yield ox.Quad(instant, _n(_TIME + "inXSDDate"), _date(day), _DEFAULT)


# ------------------------------------------------------------------ entities
def _entity(ent: Entity, res: Resolution) -> Iterator[ox.Quad]:
    s = _n(entity_iri(ent.key))

    def q(p: str, o: ox.NamedNode | ox.Literal) -> ox.Quad:
        return ox.Quad(s, _n(p), o, _DEFAULT)

    if ent.kind == "CriminalGroup":
        # a group of offenders is an organisation, but not one the queries list as a body
        yield ox.Quad(s, _TYPE, _n(str(KG.CriminalGroup)), _DEFAULT)
        if ent.leader and ent.leader in res.entities:
            yield ox.Quad(_n(entity_iri(ent.leader)), _n(_ORG + "headOf"), s, _DEFAULT)
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
        if ent.parent and ent.parent in res.entities:
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
        if ent.parent and ent.parent in res.entities:
            yield q(_SCHEMA + "containedInPlace", _n(entity_iri(ent.parent)))
    if ent.type == "CrimeType":
        yield ox.Quad(s, _TYPE, _n(_SKOS + "Concept"), _DEFAULT)
        yield q(_SKOS + "inScheme", _n(str(KG.CrimeTypes)))
        if ent.kind:
            yield q(_SKOS + "note", _s(ent.kind))
        if ent.parent:
            parent_key = f"crimetype:{ent.parent}"
            if parent_key in res.entities:
                yield q(_SKOS + "broader", _n(entity_iri(parent_key)))
    if ent.type == "Platform" and ent.kind:
        yield q(_SCHEMA + "applicationCategory", _s(ent.kind))


def _collective_for(place_key: str, res: Resolution) -> str | None:
    code = place_key.split(":", 1)[1]
    key = f"police:{code}"
    if key in res.entities:
        return key
    ent = res.entities.get(place_key)
    if ent is None:
        return None
    res.entities[key] = Entity(key, ent.label + "公安机关", "Organization", "PoliceCollective",
                               jurisdiction=place_key)  # fmt: skip
    return key


