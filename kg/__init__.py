"""kg — Chinese police and legal news in, an ontology-backed RDF knowledge graph out.

A small flat API; the CLI (``kg``) is a thin layer over it.
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
