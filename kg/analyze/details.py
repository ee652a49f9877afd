"""What the view shows about the nodes it draws: source sentences, and an event's figures.

Everything here is fetched for the chosen nodes only (bound with ``VALUES``), so the time
grows with the nodes shown, not with the graph: one whole-graph SPARQL for source
sentences made ``kg export … .html`` of the 172 external articles take 24 s.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any, Final

import pyoxigraph as ox

from kg.rdf.query import ResultTable, run_query
from kg.rdf.vocab import PREFIXES

__all__ = ["EventFacts", "event_facts", "source_sentences"]

_PREFIX_BLOCK: Final = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
_BATCH: Final = 2000  # nodes bound per query

_ENTITY_SENTENCES: Final = """
SELECT DISTINCT ?x ?doc ?begin ?end ?sb ?text WHERE {
  VALUES ?x { %s }
  ?a itsrdf:taIdentRef ?x ; nif:sentence ?s ; nif:beginIndex ?begin ; nif:endIndex ?end .
  ?s nif:anchorOf ?text ; nif:beginIndex ?sb ; nif:referenceContext ?c .
  OPTIONAL { ?c schema:identifier ?doc }
}"""

_EVENT_SENTENCES: Final = """
SELECT DISTINCT ?x ?doc ?begin ?end ?sb ?text WHERE {
  VALUES ?x { %s }
  ?x nif:sentence ?s ; prov:wasDerivedFrom ?a .
  ?a nif:beginIndex ?begin ; nif:endIndex ?end .
  ?s nif:anchorOf ?text ; nif:beginIndex ?sb ; nif:referenceContext ?c .
  OPTIONAL { ?c schema:identifier ?doc }
}"""

_EVENT_FACTS: Final = """
SELECT ?x ?trigger ?start ?end ?figure ?at ?object ?doc WHERE {
  VALUES ?x { %s }
  ?x rdfs:label ?trigger .
  OPTIONAL { ?x sem:hasBeginTimeStamp ?start }
  OPTIONAL { ?x sem:hasEndTimeStamp ?end }
  OPTIONAL { ?x schema:subjectOf ?d . ?d schema:identifier ?doc }
  OPTIONAL { ?x kg:quantity ?q . ?q rdfs:label ?figure .
             OPTIONAL { ?q prov:wasDerivedFrom/nif:beginIndex ?at } OPTIONAL { ?q kg:countedObject ?object } }
}"""


class EventFacts:
    """An event's trigger, period, document and figures (``31名(犯罪嫌疑人)``), for labels."""

    __slots__ = ("doc", "end", "figures", "start", "trigger")

    def __init__(self, trigger: str, start: str, end: str, doc: str) -> None:
        self.trigger, self.start, self.end, self.doc = trigger, start, end, doc
        self.figures: list[tuple[str, str]] = []  # (as written, counted object), in text order

    @property
    def label(self) -> str:
        """``抓获 31名 2020-07-08`` or ``破获 4071起 2020-01-01…2020-07-31``."""
        parts = [self.trigger, *(f for f, _ in self.figures[:2])]
        if len(self.figures) > 2:
            parts.append("…")
        if self.start and self.end and self.start != self.end:
            parts.append(f"{self.start}…{self.end}")
        elif self.end or self.start:
            parts.append(self.end or self.start)
        return " ".join(parts)


def source_sentences(
    store: ox.Store, nodes: Iterable[str], events: Iterable[str] = (), limit: int = 10
) -> dict[str, list[dict[str, object]]]:
    """The sentences each node was found in, in document order, at most ``limit`` a node.

    Each is ``{"doc", "text", "marks": [[begin, end], …]}`` with the node's spans in the
    sentence (offsets into ``text``), so a page can mark them. ``events`` are the nodes
    that are events (anchored by their trigger); the others are entities (their mentions).
    """
    event_set = set(events)
    found: dict[str, dict[tuple[str, int, str], set[tuple[int, int]]]] = defaultdict(lambda: defaultdict(set))
    ents = sorted(set(nodes) - event_set)
    for query, group in ((_ENTITY_SENTENCES, ents), (_EVENT_SENTENCES, sorted(event_set))):
        for x, doc, begin, end, sb, text in _rows(store, query, group):
            s0 = int(_value(sb) or 0)
            key = (_value(doc), s0, _value(text))
            found[_value(x)][key].add((int(_value(begin)) - s0, int(_value(end)) - s0))
    out: dict[str, list[dict[str, object]]] = {}
    for n, rows in sorted(found.items()):
        out[n] = [{"doc": d, "text": t, "marks": [list(m) for m in sorted(rows[(d, b, t)])]}
                  for d, b, t in sorted(rows)[:limit]]  # fmt: skip
    return out


def event_facts(store: ox.Store, events: Iterable[str]) -> dict[str, EventFacts]:
    """Trigger, period, document and figures of each event node."""
    out: dict[str, EventFacts] = {}
    at: dict[tuple[str, str, str], int] = {}
    for x, trigger, start, end, figure, offset, obj, doc in _rows(store, _EVENT_FACTS, sorted(set(events))):
        key = _value(x)
        out.setdefault(key, EventFacts(_value(trigger), _value(start), _value(end), _value(doc)))
        if figure is not None:
            item = (key, _value(figure), _value(obj))
            at[item] = min(at.get(item, 1 << 62), int(_value(offset) or 0))
    for (key, text, obj), _ in sorted(at.items(), key=lambda kv: (kv[1], kv[0])):
        out[key].figures.append((text, obj))
    return out


def _rows(store: ox.Store, query: str, nodes: list[str]) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for i in range(0, len(nodes), _BATCH):
        values = " ".join(f"<{n}>" for n in nodes[i : i + _BATCH])
        result = run_query(store, _PREFIX_BLOCK + query % values)
        assert isinstance(result, ResultTable)
        rows.extend(result.rows)
    return rows


def _value(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode | ox.Literal | ox.BlankNode):
        return term.value
    return str(term)
