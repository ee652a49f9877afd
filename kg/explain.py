"""``kg explain``: where a fact came from, for people.

Given an event, a figure or an entity (by name, IRI or ``id:`` CURIE), it says which
document, which sentence (with the span marked ``【…】``), which characters, which rule or
trigger produced it, and which other documents report the same thing: for an entity the
other documents that name it, for an event or figure the events of other documents with
the same type and the same figure. Everything is read from the graph's NIF anchors; the
text is the document's own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

import pyoxigraph as ox

from kg.errors import KgError
from kg.rdf.query import ResultTable, run_query
from kg.rdf.vocab import ID, PREFIXES

__all__ = ["Evidence", "Explanation", "explain", "resolve_thing"]

_P: Final = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
_KG: Final = PREFIXES["kg"]

_KIND = _P + """SELECT ?type WHERE { <%s> a ?type }"""
_BY_NAME = _P + """
SELECT DISTINCT ?x WHERE {
  { ?x rdfs:label ?n } UNION { ?x skos:altLabel ?n } UNION { ?r kg:refersTo ?x ; rdfs:label ?n }
  FILTER(STR(?n) = %s)
  FILTER NOT EXISTS { ?x a kg:EntityReference }
}"""
_ANCHOR = _P + """
SELECT ?doc ?b ?e ?sb ?text ?rule WHERE {
  <%s> prov:wasDerivedFrom ?a .
  ?a nif:beginIndex ?b ; nif:endIndex ?e ; nif:referenceContext ?c .
  OPTIONAL { ?a nif:sentence ?s . ?s nif:anchorOf ?text ; nif:beginIndex ?sb }
  OPTIONAL { ?c schema:identifier ?doc }
  OPTIONAL { ?a kg:rule ?rule }
}"""
_MENTIONS = _P + """
SELECT ?doc ?b ?e ?sb ?text ?rule WHERE {
  ?a itsrdf:taIdentRef <%s> ; nif:beginIndex ?b ; nif:endIndex ?e ; nif:referenceContext ?c .
  OPTIONAL { ?a nif:sentence ?s . ?s nif:anchorOf ?text ; nif:beginIndex ?sb }
  OPTIONAL { ?c schema:identifier ?doc }
  OPTIONAL { ?a kg:rule ?rule }
}"""
_EVENT = _P + """
SELECT ?p ?o ?label WHERE {
  VALUES ?p { sem:eventType kg:agent kg:partner kg:patient kg:victim sem:hasPlace kg:crimeType
              sem:hasBeginTimeStamp sem:hasEndTimeStamp rdfs:label kg:quantity kg:negated kg:modality }
  <%s> ?p ?o .
  OPTIONAL { ?o rdfs:label ?label }
}"""
_FIGURE = _P + """
SELECT ?label ?value ?unit ?object ?event WHERE {
  <%s> schema:value ?value ; rdfs:label ?label .
  OPTIONAL { <%s> schema:unitText ?unit } OPTIONAL { <%s> kg:countedObject ?object }
  OPTIONAL { ?event kg:quantity <%s> }
}"""
_SAME_EVENT = _P + """
SELECT DISTINCT ?doc ?other WHERE {
  <%s> sem:eventType ?t ; kg:quantity ?q ; schema:subjectOf ?d .
  ?q schema:value ?v ; schema:unitText ?u .
  ?other sem:eventType ?t ; kg:quantity ?q2 ; schema:subjectOf ?d2 .
  ?q2 schema:value ?v ; schema:unitText ?u .
  ?d2 schema:identifier ?doc .
  FILTER(?d2 != ?d)
}"""
_OTHER_DOCS = _P + """
SELECT DISTINCT ?doc WHERE { ?d schema:mentions <%s> ; schema:identifier ?doc }"""


@dataclass
class Evidence:
    """One place in one document: the sentence with the span marked, offsets, the rule."""

    doc: str
    begin: int
    end: int
    sentence: str
    rule: str = ""

    def lines(self) -> list[str]:
        """``doc, characters b–e [rule]`` and the marked sentence."""
        rule = f" · rule {self.rule}" if self.rule else ""
        return [f"  {self.doc}, characters {self.begin}–{self.end}{rule}", f"    {self.sentence}"]


@dataclass
class Explanation:
    """What ``kg explain`` prints, as data (``as_dict`` is its JSON)."""

    node: str
    kind: str  # event | figure | entity
    label: str
    facts: list[tuple[str, str]] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    others: list[str] = field(default_factory=list)

    def text(self) -> str:
        """The explanation as lines a person reads."""
        out = [f"{self.kind} {self.label}  <{self.node}>"]
        out += [f"  {k}: {v}" for k, v in self.facts]
        out.append(f"found in {len(self.evidence)} place(s):")
        for ev in self.evidence:
            out += ev.lines()
        if self.others:
            shown = ", ".join(self.others[:20]) + (f" … (+{len(self.others) - 20} more)" if len(self.others) > 20 else "")
            what = "named by" if self.kind == "entity" else "also reported by"
            out.append(f"{what} {len(self.others)} document(s): {shown}")
        return "\n".join(out) + "\n"

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {"node": self.node, "kind": self.kind, "label": self.label,
                "facts": [{"name": k, "value": v} for k, v in self.facts],
                "evidence": [ev.__dict__ for ev in self.evidence], "others": self.others}  # fmt: skip


def resolve_thing(store: ox.Store, thing: str) -> str:
    """The IRI a name, CURIE or IRI stands for.

    Raises:
        KgError: Nothing, or several things, answer to ``thing`` (the message lists them).
    """
    iri = thing.strip("<>")
    if iri.startswith("id:"):
        iri = str(ID) + iri[3:]
    if iri.startswith(("http://", "https://")):
        if not _rows(store, _KIND % iri).rows and not _rows(store, _MENTIONS % iri).rows:
            msg = f"nothing in the graph is <{iri}>"
            raise KgError(msg)
        return iri
    hits = sorted({_v(r[0]) for r in _rows(store, _BY_NAME % _literal(thing)).rows})
    hits = [h for h in hits if not h.startswith(str(ID) + "interval/")]
    if not hits:
        import difflib

        labels = sorted({_v(r[0]) for r in _rows(store, _P + "SELECT DISTINCT ?l WHERE { ?x rdfs:label ?l }").rows})
        near = difflib.get_close_matches(thing, labels, n=3, cutoff=0.5)
        near += [x for x in labels if thing in x and x not in near][: 3 - len(near)]
        hint = f"did you mean {', '.join(near)}? " if near else ""
        msg = f"nothing in the graph is named {thing!r}; {hint}give a name, an IRI or an id: CURIE"
        raise KgError(msg)
    if len(hits) > 1:
        shown = ", ".join("id:" + h[len(str(ID)) :] if h.startswith(str(ID)) else h for h in hits[:8])
        msg = f"{thing!r} names {len(hits)} things ({shown}); give one of these"
        raise KgError(msg)
    return hits[0]


def explain(store: ox.Store, thing: str, limit: int = 20) -> Explanation:
    """Where ``thing`` (an event, a figure or an entity) came from; see the module docstring.

    Raises:
        KgError: ``thing`` names nothing, or several things.
    """
    node = resolve_thing(store, thing)
    types = {_v(r[0]) for r in _rows(store, _KIND % node).rows}
    if _KG + "PoliceEvent" in types:
        return _event(store, node)
    if "https://schema.org/QuantitativeValue" in types:
        return _figure(store, node)
    return _entity(store, node, limit)


def _event(store: ox.Store, node: str) -> Explanation:
    facts: dict[str, list[str]] = {}
    for p, o, label in _rows(store, _EVENT % node).rows:
        name = _v(p).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        value = _v(label) or _v(o).rsplit("#", 1)[-1]
        facts.setdefault(name, []).append(value)
    from kg.analyze.details import event_facts

    trigger = min(facts.pop("label", ["?"]))
    etype = min(facts.pop("eventType", ["?"]))
    described = event_facts(store, [node]).get(node)
    out = Explanation(node, "event", f"{described.label if described else trigger} ({etype})")
    for key in ("agent", "partner", "patient", "victim", "hasPlace", "crimeType",
                "hasBeginTimeStamp", "hasEndTimeStamp", "quantity", "negated", "modality"):  # fmt: skip
        if key in facts:
            out.facts.append((key, "、".join(sorted(set(facts[key])))))
    out.evidence = [_evidence(r, rule=f"trigger {trigger} ({etype})") for r in _rows(store, _ANCHOR % node).rows]
    out.others = sorted({_v(r[0]) for r in _rows(store, _SAME_EVENT % node).rows})
    return out


def _figure(store: ox.Store, node: str) -> Explanation:
    rows = _rows(store, _FIGURE % (node, node, node, node)).rows
    label, value, unit, obj, event = (_v(c) for c in rows[0])
    out = Explanation(node, "figure", label)
    out.facts += [("value", value), ("unit", unit)] + ([("counts", obj)] if obj else [])
    if event:
        from kg.analyze.details import event_facts

        described = event_facts(store, [event]).get(event)
        out.facts.append(("event", f"{described.label if described else _v_label(store, event)} <{event}>"))
        out.others = sorted({_v(r[0]) for r in _rows(store, _SAME_EVENT % event).rows})
    out.evidence = [_evidence(r) for r in _rows(store, _ANCHOR % node).rows]
    return out


def _entity(store: ox.Store, node: str, limit: int) -> Explanation:
    label = _v_label(store, node) or node
    types = sorted({_curie(_v(r[0])) for r in _rows(store, _KIND % node).rows})
    out = Explanation(node, "entity", label)
    if types:
        out.facts.append(("type", ", ".join(types)))
    evidence = sorted((_evidence(r) for r in _rows(store, _MENTIONS % node).rows),
                      key=lambda e: (e.doc, e.begin))  # fmt: skip
    out.facts.append(("mentions", str(len(evidence))))
    out.evidence = evidence[:limit]
    out.others = sorted({_v(r[0]) for r in _rows(store, _OTHER_DOCS % node).rows})
    return out


def _evidence(row: list[Any], rule: str = "") -> Evidence:
    doc, b, e, sb, text, found_rule = (_v(c) for c in row)
    begin, end = int(b or 0), int(e or 0)
    sentence = text
    if text and sb:
        i, j = begin - int(sb), end - int(sb)
        if 0 <= i <= j <= len(text):
            sentence = f"{text[:i]}【{text[i:j]}】{text[j:]}"
    return Evidence(doc, begin, end, sentence.replace("\n", " "), found_rule or rule)


def _curie(iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def _v_label(store: ox.Store, node: str) -> str:
    rows = _rows(store, _P + f"SELECT ?l WHERE {{ <{node}> rdfs:label ?l }}").rows
    return min((_v(r[0]) for r in rows), default="")


def _rows(store: ox.Store, sparql: str) -> ResultTable:
    result = run_query(store, sparql)
    assert isinstance(result, ResultTable)
    return result


def _literal(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)


def _v(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode | ox.Literal | ox.BlankNode):
        return term.value
    return str(term)
