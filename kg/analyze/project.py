"""Stage ⑦ analyse: project the RDF graph onto small NetworkX graphs that mean something.

Each view is one SPARQL SELECT whose rows become edges, and one more for the nodes'
labels, types and aliases. Feeding the whole RDF graph to NetworkX instead makes classes
and literals into hubs (measured in ../shared/notes/rdf-stack.md §3: Louvain 209 s vs
0.7 s at 1M triples, and PageRank's top node was ``time:Instant``).

Views:
    bipartite        entity–event: agents, partners, patients, places, crime types.
    cooperation      agencies that are agent or partner of the same event (weight = events).
    co-acting        agencies acting in the same document (weight = documents).
    crime-platform   crime types and platforms a document mentions together.
    org-hierarchy    ``org:subOrganizationOf`` (child → parent).
    place-hierarchy  ``schema:containedInPlace`` (child → parent).
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Callable
from typing import Final

import networkx as nx
import pyoxigraph as ox

from kg.errors import KgError
from kg.rdf.query import ResultTable, run_query
from kg.rdf.vocab import ID, PREFIXES

__all__ = [
    "VIEWS",
    "compact",
    "find_node",
    "project",
]

_DISPLAY: Final = {"id": str(ID), **PREFIXES}  # instance IRIs shortened too (id:org/…)
_PREFIX_BLOCK: Final = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
_ORG = "http://www.w3.org/ns/org#"
_SCHEMA = "https://schema.org/"
_KG = PREFIXES["kg"]
# Up to this many nodes, node descriptions bind the nodes (VALUES) rather than scan the graph.
_VALUES_LIMIT: Final = 5000

# Most specific first: the first class a node has decides its kind (the colour in views).
_KINDS: Final = (
    (_KG + "PoliceEvent", "event"),
    (_KG + "PoliceAgency", "police"),
    (_KG + "PoliceCollective", "police"),
    (_KG + "Court", "justice"),
    (_KG + "Procuratorate", "justice"),
    (_KG + "Customs", "justice"),
    (_SCHEMA + "Person", "person"),
    (_SCHEMA + "GovernmentOrganization", "organization"),
    (_SCHEMA + "NewsMediaOrganization", "organization"),
    (_SCHEMA + "Corporation", "organization"),
    (_SCHEMA + "Organization", "organization"),
    (_KG + "Platform", "platform"),
    (_KG + "CrimeType", "crimetype"),
    (_SCHEMA + "AdministrativeArea", "place"),
    (_SCHEMA + "Place", "place"),
)

_BIPARTITE = """
SELECT ?e ?role ?x WHERE {
  VALUES ?role { kg:agent kg:partner kg:patient sem:hasPlace kg:crimeType }
  ?e a kg:PoliceEvent ; ?role ?x .
}"""

_PARTICIPANTS = """
SELECT DISTINCT ?e ?d ?x WHERE {
  VALUES ?role { kg:agent kg:partner }
  ?e a kg:PoliceEvent ; ?role ?x .
  ?x a schema:Organization .
  OPTIONAL { ?e schema:subjectOf ?d }
}"""

_CRIME_PLATFORM = """
SELECT DISTINCT ?d ?c ?p WHERE {
  ?d schema:mentions ?c , ?p .
  ?c a kg:CrimeType .
  ?p a kg:Platform .
}"""

_ORG_HIERARCHY = "SELECT DISTINCT ?child ?parent WHERE { ?child org:subOrganizationOf ?parent }"
_PLACE_HIERARCHY = "SELECT DISTINCT ?child ?parent WHERE { ?child schema:containedInPlace ?parent }"

_NODE_TYPES = "SELECT ?s ?type WHERE { ?s a ?type }"
_NODE_LABELS = "SELECT ?s ?label WHERE { ?s rdfs:label ?label }"
_NODE_ALIASES = "SELECT ?s ?alias WHERE { ?s skos:altLabel ?alias }"
_EVENT_TYPES = "SELECT ?s ?type WHERE { ?s sem:eventType ?type }"

def project(store: ox.Store, view: str) -> nx.Graph:
    """The NetworkX graph of one view, nodes named by IRI and described by attributes.

    Nodes carry ``label``, ``kind`` (event, police, justice, organization, person,
    platform, crimetype, place, other), ``type`` (a CURIE) and ``aliases`` (``|``-joined,
    as GraphML has no lists). Edges carry ``kind`` and an integer ``weight``.

    Raises:
        KgError: ``view`` is not one of ``VIEWS``.
    """
    if view not in VIEWS:
        msg = f"unknown view {view!r}; choose one of {', '.join(VIEWS)}"
        raise KgError(msg)
    g = _canonical(VIEWS[view](store))
    g.graph["view"] = view
    _describe_nodes(store, g)
    return g


def find_node(g: nx.Graph, name: str) -> str:
    """The node whose label, alias, IRI or CURIE is ``name``.

    Raises:
        KgError: No node, or several nodes, answer to ``name``.
    """
    if name in g:
        return name
    hits = sorted(
        n
        for n, a in g.nodes(data=True)
        if name in {a.get("label"), compact(n), *a.get("aliases", "").split("|")}
    )
    if not hits:
        import difflib

        labels = sorted({str(a.get("label", "")) for _, a in g.nodes(data=True)} - {""})
        near = difflib.get_close_matches(name, labels, n=3, cutoff=0.4)
        near += [x for x in labels if name in x and x not in near][: 3 - len(near)]
        hint = f"; did you mean {', '.join(near)}?" if near else ""
        msg = f"no node named {name!r} in the {g.graph.get('view', '')} view{hint}"
        raise KgError(msg)
    if len(hits) > 1:
        msg = f"{name!r} names {len(hits)} nodes ({', '.join(map(compact, hits))}); give one of these"
        raise KgError(msg)
    return hits[0]


def compact(iri: str) -> str:
    """``id:org/…`` for ``https://example.org/kg/id/org/…`` (the IRI itself if no prefix fits)."""
    for prefix, ns in _DISPLAY.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


# ------------------------------------------------------------------ views
def _bipartite(store: ox.Store) -> nx.Graph:
    g: nx.Graph[str] = nx.Graph()
    rows = sorted(tuple(map(_value, row)) for row in _select(store, _BIPARTITE).rows)
    for e, role, x in rows:
        _add_edge(g, e, x, compact(role).split(":")[1])
    return g


def _cooperation(store: ox.Store) -> nx.Graph:
    """Agencies linked once per event they share; ``documents`` counts the documents."""
    by_event: dict[str, set[str]] = defaultdict(set)
    doc_of: dict[str, str] = {}
    for e, d, x in _select(store, _PARTICIPANTS).rows:
        by_event[_value(e)].add(_value(x))
        doc_of[_value(e)] = _value(d)
    events: Counter[tuple[str, str]] = Counter()
    docs: dict[tuple[str, str], set[str]] = defaultdict(set)
    for event, members in by_event.items():
        for pair in itertools.combinations(sorted(members), 2):
            events[pair] += 1
            docs[pair].add(doc_of[event])
    g: nx.Graph[str] = nx.Graph()
    for (a, b), n in sorted(events.items()):
        g.add_edge(a, b, kind="event", weight=n, documents=len(docs[(a, b)]))
    return g


def _co_acting(store: ox.Store) -> nx.Graph:
    """Agencies acting (agent or partner) in the same document, weight = documents."""
    by_doc: dict[str, set[str]] = defaultdict(set)
    for row in _select(store, _PARTICIPANTS).rows:
        by_doc[_value(row[1])].add(_value(row[2]))
    pairs: Counter[tuple[str, str]] = Counter()
    for members in by_doc.values():
        pairs.update(itertools.combinations(sorted(members), 2))
    g: nx.Graph[str] = nx.Graph()
    g.add_nodes_from(sorted(set().union(*by_doc.values())) if by_doc else [])
    for (a, b), n in sorted(pairs.items()):
        g.add_edge(a, b, kind="document", weight=n)
    return g


def _crime_platform(store: ox.Store) -> nx.Graph:
    pairs: Counter[tuple[str, str]] = Counter(
        (_value(c), _value(p)) for _d, c, p in _select(store, _CRIME_PLATFORM).rows
    )
    g: nx.Graph[str] = nx.Graph()
    for (c, p), n in sorted(pairs.items()):
        g.add_edge(c, p, kind="co-mentioned", weight=n)
    return g


def _hierarchy(sparql: str, kind: str) -> Callable[[ox.Store], nx.Graph]:
    def build(store: ox.Store) -> nx.Graph:
        g: nx.DiGraph[str] = nx.DiGraph()
        for child, parent in sorted((_value(c), _value(p)) for c, p in _select(store, sparql).rows):
            g.add_edge(child, parent, kind=kind, weight=1)
        return g

    return build


VIEWS: Final[dict[str, Callable[[ox.Store], nx.Graph]]] = {
    "bipartite": _bipartite,
    "cooperation": _cooperation,
    "co-acting": _co_acting,
    "crime-platform": _crime_platform,
    "org-hierarchy": _hierarchy(_ORG_HIERARCHY, "subOrganizationOf"),
    "place-hierarchy": _hierarchy(_PLACE_HIERARCHY, "containedInPlace"),
}


# ------------------------------------------------------------------ nodes
def _describe_nodes(store: ox.Store, g: nx.Graph) -> None:
    """Set label, kind, type and aliases on every node (the smallest label wins ties)."""
    nodes = set(g.nodes)
    types = _collect(store, _NODE_TYPES, nodes)
    labels = _collect(store, _NODE_LABELS, nodes)
    aliases = _collect(store, _NODE_ALIASES, nodes)
    event_types = _collect(store, _EVENT_TYPES, nodes)
    for n in g.nodes:
        kind, cls = _kind(types.get(n, set()))
        if kind == "event" and event_types.get(n):
            cls = min(event_types[n])
        label = min(labels[n]) if labels.get(n) else compact(n)
        g.nodes[n].update(
            label=label,
            kind=kind,
            type=compact(cls) if cls else "",
            aliases="|".join(sorted(aliases.get(n, set()) - {label})),
        )
    _describe_events(store, g)


def _describe_events(store: ox.Store, g: nx.Graph) -> None:
    """Events are labelled with what they are (抓获 31名 2020-07-08), not only their verb.

    ``trigger``, ``start``, ``end``, ``figures`` (``31名(犯罪嫌疑人)|…``) and ``doc`` are
    kept as attributes too, for the view's panel and for graph files.
    """
    from kg.analyze.details import event_facts

    events = [n for n, a in g.nodes(data=True) if a.get("kind") == "event"]
    for n, facts in event_facts(store, events).items():
        g.nodes[n].update(
            label=facts.label,
            trigger=facts.trigger,
            start=facts.start,
            end=facts.end,
            doc=facts.doc,
            figures="|".join(f"{f}({o})" if o else f for f, o in facts.figures),
        )


def _kind(types: set[str]) -> tuple[str, str | None]:
    for cls, kind in _KINDS:
        if cls in types:
            return kind, cls
    return "other", min(types) if types else None


def _collect(store: ox.Store, sparql: str, nodes: set[str]) -> dict[str, set[str]]:
    """``{node: objects}``; a small node set is bound with VALUES instead of scanning all."""
    if len(nodes) <= _VALUES_LIMIT:
        values = " ".join(f"<{n}>" for n in sorted(nodes))
        sparql = sparql.replace("WHERE {", f"WHERE {{ VALUES ?s {{ {values} }}", 1)
    out: dict[str, set[str]] = defaultdict(set)
    for s, o in _select(store, sparql).rows:
        key = _value(s)
        if key in nodes:
            out[key].add(_value(o))
    return out


def _add_edge(g: nx.Graph, a: str, b: str, kind: str) -> None:
    """Add or strengthen an edge; an edge seen in several roles keeps them all (``agent|place``)."""
    if g.has_edge(a, b):
        data = g.edges[a, b]
        data["weight"] += 1
        data["kind"] = "|".join(sorted(set(data["kind"].split("|")) | {kind}))
    else:
        g.add_edge(a, b, kind=kind, weight=1)


def _select(store: ox.Store, body: str) -> ResultTable:
    result = run_query(store, _PREFIX_BLOCK + body)
    assert isinstance(result, ResultTable)  # every view query is a SELECT
    return result


def _value(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode | ox.Literal | ox.BlankNode):
        return term.value
    return str(term)


def _canonical(g: nx.Graph) -> nx.Graph:
    """The same graph with nodes and edges inserted in sorted order (stable file output)."""
    out = g.__class__()
    out.add_nodes_from(sorted(g.nodes))
    out.add_edges_from(sorted(g.edges(data=True), key=lambda e: (e[0], e[1])))
    return out
