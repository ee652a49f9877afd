"""Stage ⑥ mapping: annotated documents and resolved entities → RDF quads.

The only writer of ontology terms; it reads the data model (``kg.model``) only. Two
kinds of statements, kept apart so that a store can add, replace and delete documents
one at a time (``kg.store``):

* ``document_quads`` — everything one document says (its text, sentences, mentions,
  events, figures and references), in a named graph of its own, computed from that
  document and its own linking alone; and the keys of the corpus-level nodes it points to;
* ``kg.rdf.nodes.node_quads`` — one corpus-level node in the default graph: an entity (from the
  proposals of every document that names it, ``kg.nlp.merge``), a date interval, a day,
  or the corpus itself. A node is written while some document points to it.

Literals use canonical lexical forms (``2500000000``, ``0.19``), so every serialisation
round-trips exactly.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pyoxigraph as ox

from kg.model import (
    Annotated,
    Event,
    Quantity,
    Resolution,
    TimeExpr,
    sentence_index,
)
from kg.rdf import vocab
from kg.rdf.ids import (
    corpus_iri,
    document_iri,
    entity_iri,
    event_iri,
    graph_iri,
    interval_iri,
    node_iri,
    quantity_iri,
    reference_iri,
    sentence_iri,
    span_iri,
)
from kg.rdf.justice_mapping import event_details, history_quads, participant_quads
from kg.rdf.statistics import conflicting, statistic_key
from kg.rdf.terms import DCT as _DCT
from kg.rdf.terms import PROV as _PROV
from kg.rdf.terms import RDFS as _RDFS
from kg.rdf.terms import SCHEMA as _SCHEMA
from kg.rdf.terms import TOP_CLASS as _TOP_CLASS
from kg.rdf.terms import TYPE as _TYPE
from kg.rdf.terms import boolean as _bool
from kg.rdf.terms import date as _date
from kg.rdf.terms import decimal as _dec
from kg.rdf.terms import integer as _int
from kg.rdf.terms import iri as _n
from kg.rdf.terms import plain as _s
from kg.rdf.terms import zh as _zh

__all__ = ["PROVENANCE", "document_quads"]



class _Terms:
    """A namespace's terms as plain strings, each looked up once (rdflib builds and
    checks a new URIRef on every attribute access: a tenth of the mapping's time)."""

    def __init__(self, namespace: Any) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> str:
        value = str(getattr(self._namespace, name))
        setattr(self, name, value)
        return value


ITSRDF, KG, NIF, SEM = (_Terms(ns) for ns in (vocab.ITSRDF, vocab.KG, vocab.NIF, vocab.SEM))
SDMX_DIM, SDMX_MEASURE = _Terms(vocab.SDMX_DIM), _Terms(vocab.SDMX_MEASURE)


PROVENANCE = ("all", "facts")
_STATISTIC = _n(str(KG.statistic))
_EVENT_CLASSES = tuple(_n(c) for c in (str(KG.PoliceEvent), str(SEM.Event), _SCHEMA + "Event"))


def document_quads(
    ann: Annotated, res: Resolution, provenance: str = "all"
) -> tuple[list[ox.Quad], set[str]]:
    """One document's named graph, and the keys of the corpus-level nodes it points to.

    ``res`` is this document's own linking (``kg.nlp.link.link_document``), so the
    statements depend on this document alone. ``provenance``: ``all`` anchors every
    mention and writes every sentence; ``facts`` anchors events, figures and the first
    mention of each entity, and writes only the sentences those anchors point to (the
    references keep every entity's name and mention count).
    """
    used: set[str] = set()
    quads = list(_document(ann, res, used, provenance == "facts"))
    clash = conflicting(k for k in used if k.startswith("@statistic:"))
    if clash:  # not one statistic each: the figures stay this document's own
        gone = {_n(node_iri(k)) for k in clash}
        quads = [x for x in quads if not (x.predicate == _STATISTIC and x.object in gone)]
        used -= clash
    for key in sorted(used):
        ent = res.entities.get(key)
        if ent is not None and ent.leader:
            used.add(ent.leader)
    return quads, used


# ----------------------------------------------------------------- documents
def _document(ann: Annotated, res: Resolution, used: set[str], facts: bool) -> Iterator[ox.Quad]:
    doc = ann.doc
    g = _n(graph_iri(doc.key))
    d = _n(document_iri(doc.key))

    def q(s: ox.NamedNode, p: str, o: ox.NamedNode | ox.Literal) -> ox.Quad:
        return ox.Quad(s, _n(p), o, g)

    yield ox.Quad(d, _TYPE, _n(_SCHEMA + "NewsArticle"), g)
    yield ox.Quad(d, _TYPE, _n(str(NIF.Context)), g)
    yield q(d, _SCHEMA + "identifier", _s(doc.id))
    yield q(d, str(NIF.isString), _s(doc.text))
    # the context's own span (NIF 2.0). Offsets are xsd:integer, not NIF's declared range
    # xsd:nonNegativeInteger: Oxigraph's store rewrites every integer-derived datatype to
    # xsd:integer, so a store's export would differ from a file build (ontology/README.md)
    yield q(d, str(NIF.beginIndex), _int(0))
    yield q(d, str(NIF.endIndex), _int(len(doc.text)))
    yield q(d, _SCHEMA + "inLanguage", _s("zh"))
    yield q(d, str(KG.contentHash), _s(doc.content_hash()))
    if doc.corpus:
        used.add(f"@corpus:{doc.corpus}")
        yield q(d, _SCHEMA + "isPartOf", _n(corpus_iri(doc.corpus)))
    if doc.source_path:
        yield q(d, str(KG.sourcePath), _s(doc.source_path))
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
    sentence_of = {i: s for s in ann.sentences for i in (s.index,)}
    needed: set[int] = set() if facts else set(sentence_of)  # the sentences written
    spans: set[tuple[int, int]] = set()

    def anchor(start: int, end: int, sentence: int | None) -> Iterator[ox.Quad]:
        if (start, end) in spans:
            return
        spans.add((start, end))
        a = _n(span_iri(doc.key, start, end))
        yield ox.Quad(a, _TYPE, _n(str(NIF.OffsetBasedString)), g)
        yield q(a, str(NIF.referenceContext), d)
        yield q(a, str(NIF.beginIndex), _int(start))
        yield q(a, str(NIF.endIndex), _int(end))
        yield q(a, str(NIF.anchorOf), _s(doc.text[start:end]))
        if sentence is not None and sentence in sentence_of:
            needed.add(sentence)
            yield q(a, str(NIF.sentence), _n(sentence_iri(doc.key, sentence)))

    sentence_at = sentence_index(ann.sentences)
    anchored: set[str] = set()
    for m in ann.mentions:
        key = res.key_of(doc.id, m)
        if key is None:
            continue
        used.add(key)
        if facts and key in anchored:
            continue  # facts: the first mention of each entity is anchored
        anchored.add(key)
        yield from anchor(m.start, m.end, sentence_at(m.start))
        a = _n(span_iri(doc.key, m.start, m.end))
        ent = res.entities[key]
        yield q(a, str(ITSRDF.taIdentRef), _n(entity_iri(key)))
        cls = str(KG.CriminalGroup) if ent.kind == "CriminalGroup" else _TOP_CLASS[ent.type]
        yield q(a, str(ITSRDF.taClassRef), _n(cls))
        yield q(a, str(KG.rule), _s(m.rule))
    for key, label in sorted(res.labels_of(doc.id).items()):
        doc_id = doc.id
        r = _n(reference_iri(doc.key, key))
        yield ox.Quad(r, _TYPE, _n(str(KG.EntityReference)), g)
        yield q(r, str(KG.inDocument), d)
        yield q(r, str(KG.refersTo), _n(entity_iri(key)))
        yield q(r, _RDFS + "label", _zh(label))
        yield q(r, str(KG.mentionCount), _int(res.doc_counts[(doc_id, key)]))
        yield q(d, _SCHEMA + "mentions", _n(entity_iri(key)))
    for e in ann.events:
        needed.add(e.sentence)
        yield from _event(ann, e, res, used, g, d, anchor)
    for i in sorted(needed & set(sentence_of)):
        s = sentence_of[i]
        si = _n(sentence_iri(doc.key, s.index))
        yield ox.Quad(si, _TYPE, _n(str(NIF.Sentence)), g)
        yield q(si, str(NIF.referenceContext), d)
        yield q(si, str(NIF.beginIndex), _int(s.start))
        yield q(si, str(NIF.endIndex), _int(s.end))
        yield q(si, str(NIF.anchorOf), _s(doc.text[s.start : s.end]))
    yield from participant_quads(ann, res, q, used)
    yield from history_quads(ann, res, q)


def _event(ann, e: Event, res: Resolution, used: set[str], g, d, anchor):  # type: ignore[no-untyped-def]
    doc = ann.doc
    ev = _n(event_iri(doc.key, e.trigger_start, e.trigger_end, e.type, e.part))

    def q(s, p, o):  # type: ignore[no-untyped-def]
        return ox.Quad(s, _n(p), o, g)

    cls = str(getattr(KG, e.type))
    yield ox.Quad(ev, _TYPE, _n(cls), g)
    for broader in vocab.EVENT_BROADER.get(e.type, ()):
        yield ox.Quad(ev, _TYPE, _n(str(getattr(KG, broader))), g)
    for cls_ in _EVENT_CLASSES:  # what kg:PoliceEvent is a subclass of, for tools without inference
        yield ox.Quad(ev, _TYPE, cls_, g)
    yield q(ev, str(SEM.eventType), _n(cls))
    yield q(ev, _RDFS + "label", _zh(e.trigger))
    yield from anchor(e.trigger_start, e.trigger_end, e.sentence)
    yield q(ev, _PROV + "wasDerivedFrom", _n(span_iri(doc.key, e.trigger_start, e.trigger_end)))
    yield q(ev, str(NIF.sentence), _n(sentence_iri(doc.key, e.sentence)))
    yield q(ev, _SCHEMA + "subjectOf", d)
    if e.negated:
        yield q(ev, str(KG.negated), _bool(True))
    if e.modality:
        yield q(ev, str(KG.modality), _s(e.modality))
    if e.group_size is not None:
        yield q(ev, str(KG.groupSize), _int(e.group_size))
    yield from event_details(e, ev, q)
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
            "recipient": _SCHEMA + "recipient",
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
        used.add(_interval_key(e.time))
        used.update(f"@instant:{day.isoformat()}" for day in (e.time.begin, e.time.until) if day)
    yoy = dict(e.yoy)
    for i, qty in enumerate(e.quantities):
        yield from _quantity(ann, e, ev, qty, yoy.get(i), interval, places, res, g, anchor)
        key = statistic_key(e, agents, qty)
        if key is not None:
            used.add(key)
            yield q(_n(quantity_iri(doc.key, qty.start, qty.end)), str(KG.statistic), _n(node_iri(key)))


def _quantity(ann, e, ev, qty: Quantity, change, interval, places, res, g, anchor):  # type: ignore[no-untyped-def]
    doc = ann.doc
    qi = _n(quantity_iri(doc.key, qty.start, qty.end))

    def q(s, p, o):  # type: ignore[no-untyped-def]
        return ox.Quad(s, _n(p), o, g)

    yield q(ev, str(KG.quantity), qi)
    yield ox.Quad(qi, _TYPE, _n(_SCHEMA + "QuantitativeValue"), g)
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
    yield q(qi, _PROV + "wasDerivedFrom", _n(span_iri(doc.key, qty.start, qty.end)))


def _interval_key(t: TimeExpr) -> str:
    b = t.begin.isoformat() if t.begin else "open"
    e = t.until.isoformat() if t.until else "open"
    return f"@interval:{b}_{e}"


def _collective_for(place_key: str, res: Resolution) -> str | None:
    """The police of a place acting as an agent (made by linking, ``_police_of_places``)."""
    key = "police:" + place_key.split(":", 1)[1]
    return key if key in res.entities else None
