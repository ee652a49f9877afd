"""The library entry point behind ``kg build``: documents in, RDF out.

Every document is processed on its own — annotated, linked in its own context and
mapped to its named graph (``process_document``) — on this process, on ``jobs`` worker
processes, or on a Dask cluster, in batches; only a compact ``DocumentResult`` comes
back. The corpus-level nodes (entities merged across documents, intervals, days) are
then written from the counts the index keeps (``kg.store``). So nothing holds the whole
corpus, a store takes new documents without redoing the old ones, and the output is
the same bytes whichever way the documents were processed.

``build_graph`` is the in-memory form for small inputs and tests: same statements, as
a list, with the annotated documents and the merged resolution.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from kg.errors import InputError, KgError
from kg.model import Annotated, Document, Resolution
from kg.nlp.link import link_document
from kg.nlp.merge import merge_resolutions
from kg.pipeline import annotate, annotate_all, map_ordered
from kg.rdf.mapping import document_quads
from kg.rdf.nodes import node_quads
from kg.rdf.store import RdfFormat, sorted_nquads
from kg.resources import Resources
from kg.summary import DocumentResult, Summary

__all__ = [
    "BuildReport",
    "BuildResult",
    "build_graph",
    "build_to_file",
    "build_to_store",
    "process_document",
    "remove_from_store",
]

CHUNK = 8  # documents per task sent to a worker


@dataclass(frozen=True)
class BuildResult:
    """Everything one in-memory build produced: the layers, the entities and the quads."""

    documents: list[Annotated]
    resolution: Resolution
    quads: list[ox.Quad]


@dataclass
class BuildReport:
    """What a build did, for the summary line on stderr."""

    built: int = 0
    unchanged: int = 0
    removed: int = 0
    events: int = 0
    entities: int = 0
    quads: int = 0
    nodes_changed: int = 0
    failed: list[DocumentResult] = field(default_factory=list)


def build_graph(
    docs: Sequence[Document], res: Resources | None = None, *, jobs: int = 1
) -> BuildResult:
    """Annotate ``docs`` (on ``jobs`` processes), link their entities and map to RDF.

    >>> import datetime as dt
    >>> from kg.model import Document
    >>> doc = Document("d1", "今年以来,临沧市公安机关共破获毒品刑事案件412起。", published=dt.date(2022, 6, 24))
    >>> result = build_graph([doc])
    >>> [e.type for a in result.documents for e in a.events], len(result.quads) > 50
    (['CaseSolved'], True)
    """
    annotated = annotate_all(docs, res if jobs == 1 else None, jobs=jobs)
    res = res or Resources.default()
    parts = [link_document(ann, res) for ann in annotated]
    merged = merge_resolutions(parts)
    quads: list[ox.Quad] = []
    used: Counter[str] = Counter()  # how many documents point to each node
    for ann, part in zip(annotated, parts, strict=True):
        doc_quads, uses = document_quads(ann, part)
        quads.extend(doc_quads)
        used.update(uses)
    for key in sorted(used):
        quads.extend(node_quads(key, merged.entities.get(key), merged.entities.__contains__, used[key]))
    return BuildResult(annotated, merged, quads)


def process_document(
    doc: Document, res: Resources | None = None, provenance: str = "all",
    timeout: float | None = None,
) -> DocumentResult:  # fmt: skip
    """One document's graph (sorted N-Quads) and summary; a crash becomes an error result,
    and so does a document over the time budget (``timeout`` seconds, ``kg.budget``).
    ``provenance``: ``all`` or ``facts`` (``kg.rdf.mapping.document_quads``).

    Raises:
        KgError: A problem that is not this document's (bad resources, a misordered pipeline).
    """
    from kg.budget import OverBudget, time_limit

    res = res or Resources.default()
    try:
        with time_limit(timeout):
            ann = annotate(doc, res)
            part = link_document(ann, res)
            quads, uses = document_quads(ann, part, provenance)
        data = sorted_nquads(quads)
        summary = Summary.of(part, uses).to_bytes()
        return DocumentResult(doc.key, doc.id, doc.content_hash(), data, summary, len(ann.events))
    except KgError:
        raise
    except OverBudget as e:
        return DocumentResult(doc.key, doc.id, doc.content_hash(), error=str(e))
    except Exception as e:
        first = str(e).splitlines()[0] if str(e) else ""
        reason = f"internal error ({type(e).__name__}: {first}); please report it"
        return DocumentResult(doc.key, doc.id, doc.content_hash(), error=reason)


def process_batch(
    docs: list[Document], provenance: str = "all", timeout: float | None = None
) -> list[DocumentResult]:
    """A worker's task: a few documents, with the worker's cached resources; only compact
    results (bytes) go back."""
    return [process_document(d, provenance=provenance, timeout=timeout) for d in docs]


def process_all(
    docs: Sequence[Document], *, jobs: int = 1, executor: Executor | None = None,
    timeout: float | None = None, provenance: str = "all",
) -> Iterator[DocumentResult]:  # fmt: skip
    """``process_document`` over ``docs`` in order, in batches, here or on workers."""
    import functools

    batches = (list(docs[i : i + CHUNK]) for i in range(0, len(docs), CHUNK))
    task = functools.partial(process_batch, provenance=provenance, timeout=timeout)
    for results in map_ordered(task, batches, jobs=jobs, executor=executor):
        yield from results


def build_to_file(
    docs: Iterable[Document],
    out: IO[bytes],
    fmt: RdfFormat,
    *,
    jobs: int = 1,
    executor: Executor | None = None,
    on_result: Callable[[DocumentResult], None] | None = None,
    timeout: float | None = None,
    provenance: str = "all",
) -> BuildReport:
    """Build ``docs`` and stream the graph into ``out`` (see ``kg.store.writer``)."""
    from kg.store.index import Index
    from kg.store.writer import write_stream

    report = BuildReport()
    ordered = sorted(docs, key=lambda d: d.key)

    def seen(r: DocumentResult) -> None:
        _tally(report, r)
        if on_result is not None:
            on_result(r)

    with tempfile.TemporaryDirectory(prefix="kg-build-") as tmp:
        index = Index(Path(tmp) / "index.sqlite", temporary=True)
        try:
            results = process_all(ordered, jobs=jobs, executor=executor, timeout=timeout,
                                  provenance=provenance)  # fmt: skip
            report.quads = write_stream(out, fmt, results, index, seen)
            report.entities = index.entity_count()
        finally:
            index.close()
    return report


def build_to_store(
    path: Path,
    docs: Iterable[Document],
    *,
    jobs: int = 1,
    executor: Executor | None = None,
    on_result: Callable[[DocumentResult], None] | None = None,
    on_wait: Callable[[str], None] | None = None,
    on_plan: Callable[[int], None] | None = None,
    timeout: float | None = None,
    provenance: str | None = None,
) -> BuildReport:
    """Add ``docs`` to the store at ``path``: new and changed ones only, in one transaction.

    ``provenance`` is the store's level (given when the store is made; a different one
    is refused).
    """
    from kg.store.layout import write_store
    from kg.store.writer import StoreWriter

    report = BuildReport()
    with write_store(path, provenance=provenance, on_wait=on_wait) as handle:
        known = handle.index.hashes()
        todo = []
        for d in sorted(docs, key=lambda d: d.key):
            if known.get(d.key) == d.content_hash():
                report.unchanged += 1
            else:
                todo.append(d)
        if on_plan is not None:
            on_plan(len(todo))
        writer = StoreWriter(handle.store, handle.index)
        for r in process_all(todo, jobs=jobs, executor=executor, timeout=timeout,
                             provenance=handle.provenance):  # fmt: skip
            _tally(report, r)
            if on_result is not None:
                on_result(r)
            if not r.error:
                writer.add(r)
        report.nodes_changed = writer.finish()
        report.entities = handle.index.entity_count()
        report.quads = len(handle.store)
    return report


def remove_from_store(
    path: Path, names: Sequence[str], *, on_wait: Callable[[str], None] | None = None
) -> tuple[list[str], list[str]]:
    """Delete documents (by key ``corpus/id`` or by id) and what only they supported.

    Returns:
        The keys removed and the names that matched no document (then nothing is removed).
    """
    from kg.store.layout import write_store
    from kg.store.writer import StoreWriter

    with write_store(path, create=False, on_wait=on_wait) as handle:
        keys: list[str] = []
        unknown = []
        for name in names:
            found = handle.index.keys_for(name)
            keys.extend(k for k in found if k not in keys)
            if not found:
                unknown.append(name)
        if unknown:
            names_ = ", ".join(repr(u) for u in unknown)
            msg = f"no document {names_} in {path}; nothing removed (give a corpus/id key or an id)"
            raise InputError(msg)
        writer = StoreWriter(handle.store, handle.index)
        for key in keys:
            writer.remove(key)
        writer.finish()
    return keys, unknown


def _tally(report: BuildReport, r: DocumentResult) -> None:
    if r.error:
        report.failed.append(r)
    else:
        report.built += 1
        report.events += r.events
