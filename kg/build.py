"""The library entry point behind ``kg build``: documents in, RDF quads out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from kg.model import Annotated, Document
from kg.nlp.link import Resolution, resolve_entities
from kg.pipeline import annotate_all
from kg.rdf.mapping import to_quads
from kg.resources import Resources

__all__ = ["BuildResult", "build_graph"]


@dataclass(frozen=True)
class BuildResult:
    """Everything one build produced: the layers, the entities and the quads."""

    documents: list[Annotated]
    resolution: Resolution
    quads: list[ox.Quad]


def build_graph(
    docs: Sequence[Document], res: Resources | None = None, *, jobs: int = 1
) -> BuildResult:
    """Annotate ``docs`` (on ``jobs`` processes), link their entities and map to RDF."""
    annotated = annotate_all(docs, res if jobs == 1 else None, jobs=jobs)
    res = res or Resources.default()
    resolution = resolve_entities(annotated, res)
    quads = to_quads(annotated, resolution)
    return BuildResult(annotated, resolution, quads)
