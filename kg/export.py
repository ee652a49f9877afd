"""Stage ⑧ export: a projection to graph files, pictures and pages; RDF passes through.

GraphML, GEXF, CSV (nodes + a sibling ``*_edges.csv``) and node-link JSON carry the
projection's attributes; ``html`` is the interactive view, ``svg``/``png`` a static
picture; RDF formats re-serialise the graph itself through ``kg.rdf.store``. Every file
is written atomically, and the same input gives the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Final

import networkx as nx

from kg.errors import KgError
from kg.rdf.store import RdfFormat, write_atomic

__all__ = [
    "BINARY_FORMATS",
    "EXPORT_FORMATS",
    "GRAPH_FORMATS",
    "edges_path",
    "graph_bytes",
    "guess_format",
    "write_csv",
]

GRAPH_FORMATS: Final = ("graphml", "gexf", "csv", "nodelink", "html", "svg", "png")
EXPORT_FORMATS: Final = (*GRAPH_FORMATS, *(f.value for f in RdfFormat))
BINARY_FORMATS: Final = frozenset({"png"})
_SUFFIXES: Final = {"graphml": "graphml", "gexf": "gexf", "csv": "csv", "json": "nodelink",
                    "html": "html", "htm": "html", "svg": "svg", "png": "png"}  # fmt: skip


def guess_format(path: Path) -> str | None:
    """The export format a file name implies (``.json`` is node-link, ``.jsonld`` RDF)."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix in _SUFFIXES:
        return _SUFFIXES[suffix]
    rdf = RdfFormat.from_extension(path)
    return rdf.value if rdf else None


def graph_bytes(g: nx.Graph, fmt: str) -> bytes:
    """``g`` as GraphML, GEXF or node-link JSON.

    Raises:
        KgError: ``fmt`` is not one of those three.
    """
    if fmt == "graphml":
        buf = io.BytesIO()
        nx.write_graphml(g, buf, encoding="utf-8", prettyprint=True)
        return buf.getvalue()
    if fmt == "gexf":
        buf = io.BytesIO()
        nx.write_gexf(g, buf, encoding="utf-8", prettyprint=True)
        # GEXF stamps today's date; drop it so the same graph gives the same bytes.
        return re.sub(rb' lastmodifieddate="[^"]*"', b"", buf.getvalue())
    if fmt == "nodelink":
        data = nx.node_link_data(g, edges="edges")
        return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()
    msg = f"{fmt} is not a graph file format"
    raise KgError(msg)


def edges_path(nodes_file: Path) -> Path:
    """``out/g_edges.csv`` for ``out/g.csv``."""
    return nodes_file.with_name(f"{nodes_file.stem}_edges{nodes_file.suffix}")


def write_csv(g: nx.Graph, nodes_file: Path) -> list[Path]:
    """Write nodes to ``nodes_file`` and edges to ``edges_path(nodes_file)``; both paths back."""
    node_cols = _columns(d for _, d in g.nodes(data=True))
    edge_cols = _columns(d for _, _, d in g.edges(data=True))
    nodes = _csv(["id", *node_cols], ([n, *(g.nodes[n].get(c, "") for c in node_cols)]
                                      for n in sorted(g.nodes)))  # fmt: skip
    edges = _csv(["source", "target", *edge_cols],
                 ([a, b, *(d.get(c, "") for c in edge_cols)]
                  for a, b, d in sorted(g.edges(data=True), key=lambda e: (e[0], e[1]))))  # fmt: skip
    out = [nodes_file, edges_path(nodes_file)]
    write_atomic(out[0], nodes)
    write_atomic(out[1], edges)
    return out


def _columns(dicts: Iterable[Mapping[str, object]]) -> list[str]:
    """Attribute names, the common ones first in a fixed order, then the rest sorted."""
    seen: set[str] = set()
    for d in dicts:
        seen.update(d)
    first = [c for c in ("label", "kind", "type", "aliases", "weight") if c in seen]
    return first + sorted(seen - set(first))


def _csv(header: list[str], rows: Iterable[Sequence[object]]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")
