"""kg — Chinese police and legal news in, an ontology-backed RDF knowledge graph out.

A small flat API; the CLI (``kg``) is a thin layer over it. Read documents (files,
folders, JSONL, or bytes as stdin), look at one document's layers, build the graph, write
it, load it back and query it:

>>> import datetime as dt
>>> from kg import annotate, build_graph, read_documents
>>> text = "今年以来,临沧市公安机关共破获毒品刑事案件412起。"
>>> docs, skipped = read_documents(["-"], stdin=text.encode(), published=dt.date(2022, 6, 24))
>>> (docs[0].published, docs[0].published_source, skipped)
(datetime.date(2022, 6, 24), 'option', [])
>>> ann = annotate(docs[0])
>>> [(e.type, e.trigger, [q.text for q in e.quantities]) for e in ann.events]
[('CaseSolved', '破获', ['412起'])]
>>> result = build_graph(docs)
>>> from kg.rdf.store import RdfFormat, serialize
>>> turtle = serialize(result.quads, RdfFormat.TURTLE)
>>> from kg.graphsource import open_graphs
>>> store = open_graphs(["-"], stdin=turtle)
>>> from kg.rdf.query import read_named_query, run_query
>>> table = run_query(store, read_named_query("quantities"))
>>> [(str(r[2].value), r[3].value) for r in table.rows]
[('412', '起')]
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from kg.build import BuildResult, build_graph
from kg.errors import KgError
from kg.model import Annotated, Document, Entity, Event, Mention, Quantity
from kg.pipeline import annotate
from kg.read import read_documents

__all__ = [
    "Annotated",
    "BuildResult",
    "Document",
    "Entity",
    "Event",
    "KgError",
    "Mention",
    "Quantity",
    "__version__",
    "annotate",
    "build_graph",
    "read_documents",
]

try:
    __version__ = version("kg")
except PackageNotFoundError:  # pragma: no cover - running from a checkout
    __version__ = "0.0.0"
