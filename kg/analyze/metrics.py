"""Stage ⑦ analyse: measures on a projected graph, as rows that sort the same every run.

Seeded where an algorithm draws at random (Louvain ``seed=0``, sampled betweenness
``seed=0``), rounded to 6 decimals so float noise does not change the output, and ordered
by the first measure (descending), then label, then IRI.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final

import networkx as nx

from kg.errors import KgError

__all__ = [
    "EXACT_BETWEENNESS_LIMIT",
    "METRICS",
    "PathStep",
    "compute_metrics",
    "metric_rows",
    "neighbourhood",
    "pagerank",
    "shortest_path",
    "top_nodes",
]

log = logging.getLogger(__name__)

METRICS: Final = ("degree", "betweenness", "pagerank", "components", "kcore", "communities")
# Above this many nodes betweenness is estimated from sampled sources (exact is O(n·m)).
EXACT_BETWEENNESS_LIMIT: Final = 5000
_DEFAULT_SAMPLES: Final = 256
_SCORES: Final = frozenset({"betweenness", "pagerank"})


@dataclass(frozen=True)
class PathStep:
    """One node on a path and the kind of the edge that led to it (empty for the first)."""

    node: str
    label: str
    type: str
    via: str


def compute_metrics(
    g: nx.Graph, names: Sequence[str], *, samples: int | None = None
) -> dict[str, dict[str, float]]:
    """Each measure in ``names`` as ``{node: value}``.

    Args:
        g: A projection (``kg.analyze.project``); directed views are read undirected
            except by PageRank, where direction (child → parent) is the point.
        names: Measures from ``METRICS``.
        samples: Source nodes for sampled betweenness; default exact up to
            ``EXACT_BETWEENNESS_LIMIT`` nodes, else 256.

    Raises:
        KgError: An unknown measure.
    """
    unknown = [n for n in names if n not in METRICS]
    if unknown:
        msg = f"unknown measure(s) {', '.join(unknown)}; choose from {', '.join(METRICS)}"
        raise KgError(msg)
    out: dict[str, dict[str, float]] = {}
    for name in names:
        if name == "betweenness":
            out[name] = _betweenness(g, samples)
        else:
            out[name] = _MEASURES[name](g)
    return out


def metric_rows(
    g: nx.Graph, values: dict[str, dict[str, float]], top: int | None = None
) -> tuple[list[str], list[list[object]]]:
    """Header and rows (node, label, kind, one column per measure), best first."""
    names = list(values)
    first = values[names[0]] if names else {}
    ascending = bool(names) and names[0] in {"components", "communities"}

    def key(n: str) -> tuple[float, str, str]:
        v = first.get(n, 0.0)
        return (v if ascending else -v, g.nodes[n].get("label", ""), n)

    nodes = sorted(g.nodes, key=key)[: top if top else None]
    rows = [
        [n, g.nodes[n].get("label", ""), g.nodes[n].get("kind", ""),
         *(_cell(m, values[m].get(n)) for m in names)]
        for n in nodes
    ]  # fmt: skip
    return ["node", "label", "kind", *names], rows


def _cell(measure: str, value: float | None) -> int | float | None:
    """Counts as ints; scores rounded so float noise never changes the output."""
    if value is None:
        return None
    return round(value, 6) if measure in _SCORES else int(value)


def shortest_path(g: nx.Graph, source: str, target: str) -> list[PathStep]:
    """The shortest path (fewest edges, ties broken by the sorted node order) as steps.

    Raises:
        KgError: The two nodes are not connected.
    """
    und = g.to_undirected(as_view=True) if g.is_directed() else g
    try:
        nodes = nx.shortest_path(und, source, target)
    except nx.NetworkXNoPath as e:
        a, b = g.nodes[source].get("label", source), g.nodes[target].get("label", target)
        msg = f"no path between {a} and {b} in the {g.graph.get('view', '')} view"
        raise KgError(msg) from e
    steps = []
    for i, n in enumerate(nodes):
        via = und.edges[nodes[i - 1], n].get("kind", "") if i else ""
        attrs = g.nodes[n]
        steps.append(PathStep(n, attrs.get("label", n), attrs.get("type", ""), via))
    return steps


def top_nodes(g: nx.Graph, values: dict[str, float], n: int) -> nx.Graph:
    """A connected picture of ``n`` nodes with large ``values`` (ties by IRI).

    The ``n`` largest alone are often all entities of a bipartite view, with no edge among
    them; so the best node is taken first and then, again and again, the best node next
    to those taken (their events, then those events' other entities …). When a component
    is used up, the best node left starts the next one.
    """
    import heapq

    und = g.to_undirected(as_view=True) if g.is_directed() else g
    order = sorted(g.nodes, key=lambda x: (-values.get(x, 0.0), x))
    rank = {x: i for i, x in enumerate(order)}
    keep: set[str] = set()
    frontier: list[tuple[int, str]] = []
    starts = iter(order)
    while len(keep) < min(n, len(order)):
        while frontier and frontier[0][1] in keep:
            heapq.heappop(frontier)
        if frontier:
            node = heapq.heappop(frontier)[1]
        else:
            node = next(x for x in starts if x not in keep)
        keep.add(node)
        for nb in und.neighbors(node):
            if nb not in keep:
                heapq.heappush(frontier, (rank[nb], nb))
    return g.subgraph(sorted(keep)).copy()


def neighbourhood(g: nx.Graph, centre: str, depth: int) -> nx.Graph:
    """The subgraph of nodes within ``depth`` edges of ``centre`` (either direction)."""
    und = g.to_undirected(as_view=True) if g.is_directed() else g
    keep = nx.single_source_shortest_path_length(und, centre, cutoff=depth)
    return g.subgraph(sorted(keep)).copy()


def pagerank(g: nx.Graph, alpha: float = 0.85, tol: float = 1.0e-10) -> dict[str, float]:
    """PageRank: NetworkX's (needs scipy), else the same power iteration in pure Python.

    The fallback keeps ``kg analyze --metric pagerank`` working without the ``analyze``
    extra; it follows NetworkX's handling of weights and dangling nodes.
    """
    try:
        import scipy  # noqa: F401
    except ImportError:
        log.info("scipy not installed; PageRank by pure-Python power iteration")
        return _power_iteration(g, alpha, tol)
    return dict(nx.pagerank(g, alpha=alpha, weight="weight"))


# ------------------------------------------------------------------ measures
def _degree(g: nx.Graph) -> dict[str, float]:
    und = g.to_undirected(as_view=True) if g.is_directed() else g
    return {n: float(d) for n, d in und.degree()}


def _betweenness(g: nx.Graph, samples: int | None) -> dict[str, float]:
    und = g.to_undirected(as_view=True) if g.is_directed() else g
    n = und.number_of_nodes()
    k = samples if samples else (_DEFAULT_SAMPLES if n > EXACT_BETWEENNESS_LIMIT else None)
    k = min(k, n) if k else None
    return dict(nx.betweenness_centrality(und, k=k, seed=0 if k else None))


def _components(g: nx.Graph) -> dict[str, float]:
    """Component number, 0 for the largest (ties by smallest node IRI)."""
    und = g.to_undirected(as_view=True) if g.is_directed() else g
    return _numbered(nx.connected_components(und))


def _kcore(g: nx.Graph) -> dict[str, float]:
    und: nx.Graph[str] = nx.Graph(g.to_undirected(as_view=True) if g.is_directed() else g)
    und.remove_edges_from(list(nx.selfloop_edges(und)))
    return {n: float(c) for n, c in nx.core_number(und).items()}


def _communities(g: nx.Graph) -> dict[str, float]:
    """Louvain community number (seed 0), 0 for the largest."""
    und = g.to_undirected(as_view=True) if g.is_directed() else g
    return _numbered(nx.community.louvain_communities(und, weight="weight", seed=0))


def _numbered(groups: object) -> dict[str, float]:
    ordered = sorted((sorted(c) for c in groups), key=lambda c: (-len(c), c[0]))  # type: ignore[attr-defined]
    return {n: float(i) for i, c in enumerate(ordered) for n in c}


def _power_iteration(g: nx.Graph, alpha: float, tol: float) -> dict[str, float]:
    nodes = list(g.nodes)
    if not nodes:
        return {}
    size = len(nodes)
    d: nx.DiGraph[str] = g if isinstance(g, nx.DiGraph) else nx.DiGraph(g.to_directed())
    out_w = {n: sum(w for _, _, w in d.out_edges(n, data="weight", default=1)) for n in nodes}
    rank = dict.fromkeys(nodes, 1.0 / size)
    for _ in range(200):
        dangling = alpha * sum(rank[n] for n in nodes if out_w[n] == 0) / size
        new = dict.fromkeys(nodes, (1.0 - alpha) / size + dangling)
        for u, v, w in d.edges(data="weight", default=1):
            new[v] += alpha * rank[u] * w / out_w[u]
        if sum(abs(new[n] - rank[n]) for n in nodes) < size * tol:
            return new
        rank = new
    return rank


_MEASURES: Final[dict[str, Callable[[nx.Graph], dict[str, float]]]] = {
    "degree": _degree,
    "pagerank": pagerank,
    "components": _components,
    "kcore": _kcore,
    "communities": _communities,
}
