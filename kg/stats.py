"""``kg stats``: one screen about a graph — documents, entities, events, figures, the largest nodes.

Counts come from SPARQL over the graph (documents are ``schema:NewsArticle``; entity types
are the classes the mapping writes; events are ``kg:PoliceEvent`` by ``sem:eventType``;
figures by ``schema:unitText``). Skipped documents are not in a graph: ``kg build`` lists
them on stderr.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

import pyoxigraph as ox

from kg.rdf.query import ResultTable, run_query
from kg.rdf.vocab import PREFIXES

__all__ = ["Stats", "graph_stats"]

_P: Final = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
_DOCS = _P + """
SELECT ?src (COUNT(DISTINCT ?d) AS ?n) WHERE {
  ?d a schema:NewsArticle .
  OPTIONAL { ?d schema:datePublished ?date }
  OPTIONAL { ?d kg:datePublishedSource ?s }
  BIND(IF(BOUND(?date), COALESCE(?s, "unknown"), "undated") AS ?src)
} GROUP BY ?src"""
_ENTITY_TYPES = _P + """
SELECT ?t (COUNT(DISTINCT ?x) AS ?n) WHERE {
  VALUES ?t { schema:Person schema:Organization schema:Place kg:Platform kg:CrimeType kg:CriminalGroup }
  ?x a ?t .
} GROUP BY ?t"""
_EVENT_TYPES = _P + """
SELECT ?t (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a kg:PoliceEvent ; sem:eventType ?t } GROUP BY ?t"""
_UNITS = _P + """
SELECT ?u (COUNT(DISTINCT ?q) AS ?n) WHERE { ?e kg:quantity ?q . ?q schema:unitText ?u } GROUP BY ?u"""
_TOP = _P + """
SELECT ?x (SAMPLE(?l) AS ?label) (COUNT(DISTINCT ?e) AS ?n) WHERE {
  ?x a %s ; rdfs:label ?l .
  ?e a kg:PoliceEvent ; %s ?x .
  %s
} GROUP BY ?x ORDER BY DESC(?n) ?label LIMIT %d"""


@dataclass
class Stats:
    """What ``kg stats`` prints (counts sorted largest first)."""

    documents: dict[str, int] = field(default_factory=dict)  # date source (or undated) → count
    entities: dict[str, int] = field(default_factory=dict)
    events: dict[str, int] = field(default_factory=dict)
    figures: dict[str, int] = field(default_factory=dict)
    organizations: list[tuple[str, int]] = field(default_factory=list)
    places: list[tuple[str, int]] = field(default_factory=list)

    def text(self, width: int = 96) -> str:
        """One screen: a line per heading, the largest items first."""
        n_docs = sum(self.documents.values())
        dated = {k: v for k, v in self.documents.items() if k != "undated"}
        lines = [
            f"documents  {n_docs}: {sum(dated.values())} dated ("
            + ", ".join(f"{k} {v}" for k, v in _largest(dated)) + f"), {self.documents.get('undated', 0)} undated"
            + " · skipped documents are listed by kg build, not kept in the graph",
            _line("entities", self.entities, width),
            _line("events", self.events, width),
            _line("figures", self.figures, width, "by unit: "),
            _line("top organisations", dict(self.organizations), width, "by events as agent or partner: "),
            _line("top places", dict(self.places), width, "by events: "),
        ]
        return "\n".join(lines) + "\n"

    def as_dict(self) -> dict[str, object]:
        """JSON-ready."""
        return {"documents": self.documents, "entities": self.entities, "events": self.events,
                "figures": self.figures, "organizations": [list(x) for x in self.organizations],
                "places": [list(x) for x in self.places]}  # fmt: skip


def graph_stats(store: ox.Store, top: int = 8) -> Stats:
    """Counts of a graph; ``top`` largest organisations and places."""
    s = Stats()
    s.documents = _counts(store, _DOCS)
    s.entities = _counts(store, _ENTITY_TYPES)
    s.events = _counts(store, _EVENT_TYPES)
    s.figures = _counts(store, _UNITS)
    org_filter = "VALUES ?role { kg:agent kg:partner } ?e ?role ?x . FILTER NOT EXISTS { ?x a kg:CriminalGroup }"
    s.organizations = _top(store, _TOP % ("schema:Organization", "kg:agent|kg:partner", org_filter, top))
    s.places = _top(store, _TOP % ("schema:Place", "sem:hasPlace", "", top))
    return s


def _counts(store: ox.Store, sparql: str) -> dict[str, int]:
    rows = _select(store, sparql).rows
    pairs = [(_local(r[0]), int(_v(r[1]))) for r in rows if r[0] is not None]
    return dict(_largest(dict(pairs)))


def _top(store: ox.Store, sparql: str) -> list[tuple[str, int]]:
    return [(_v(r[1]), int(_v(r[2]))) for r in _select(store, sparql).rows]


def _largest(d: dict[str, int]) -> list[tuple[str, int]]:
    return sorted(d.items(), key=lambda kv: (-kv[1], kv[0]))


def _line(name: str, counts: dict[str, int], width: int, lead: str = "") -> str:
    head = f"{name}  {sum(counts.values()) if not lead.startswith('by events') else ''}".rstrip()
    items: list[str] = []
    used = len(head) + len(lead) + 2
    for k, v in counts.items():
        item = f"{k} {v}"
        if used + len(item) + 2 > width and items:
            items.append("…")
            break
        items.append(item)
        used += len(item) + 2
    return f"{head}: {lead}" + ", ".join(items) if items else f"{head}: —"


def _select(store: ox.Store, sparql: str) -> ResultTable:
    result = run_query(store, sparql)
    assert isinstance(result, ResultTable)
    return result


def _local(term: object) -> str:
    return _v(term).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _v(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode | ox.Literal | ox.BlankNode):
        return term.value
    return str(term)
