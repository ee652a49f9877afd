"""Writing processed documents: into a store, or streamed straight into one RDF file.

Both paths count each document into the index (``kg.store.index``) and write its graph;
at the end they write the corpus-level nodes. Into a store, only the nodes the changed
documents touch are rewritten; into a file, every node, once.

Output order is canonical and the same on both paths: documents by key, each one's
statements sorted, then the nodes by key, each one's statements sorted. So
``kg build … -o F`` and ``kg build … --store S; kg export S -o F`` write the same bytes,
whatever the number of jobs and whatever the order the documents were added in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import IO

import pyoxigraph as ox

from kg.rdf.ids import graph_iri, node_iri
from kg.rdf.nodes import HEAD_OF, node_quads, owner
from kg.rdf.store import RdfFormat
from kg.rdf.vocab import PREFIXES
from kg.store.index import Index
from kg.summary import DocumentResult

__all__ = ["StoreWriter", "export_store", "node_statements", "write_stream"]

_DEFAULT = ox.DefaultGraph()
_BATCH = 50_000  # quads buffered before one bulk load


def node_statements(index: Index, key: str) -> list[ox.Quad]:
    """The current statements of node ``key``, sorted (none when no document uses it)."""
    if not index.used(key):
        return []
    entity = None if key.startswith("@") else index.merged(key)
    return sorted(set(node_quads(key, entity, index.known, index.use_count(key))), key=str)


class StoreWriter:
    """Puts documents into an open generation and keeps the nodes they touch current."""

    def __init__(self, store: ox.Store, index: Index) -> None:
        self.store, self.index = store, index
        self.affected: set[str] = set()
        self._buffer: list[bytes] = []
        self._buffered = 0

    def add(self, result: DocumentResult) -> None:
        """Add (or replace) one document."""
        if self.index.doc(result.key) is not None:
            self.remove(result.key)
        n = result.nquads.count(b"\n")
        self.affected |= self.index.add_doc(result.key, result.id, result.hash, result.summary, n)
        self._buffer.append(result.nquads)
        self._buffered += n
        if self._buffered >= _BATCH:
            self._flush()

    def remove(self, key: str) -> None:
        """Delete one document's graph and count it out of the corpus."""
        self._flush()
        self.affected |= self.index.remove_doc(key)
        self.store.remove_graph(ox.NamedNode(graph_iri(key)))

    def finish(self) -> int:
        """Write what is buffered and rewrite the touched nodes; how many nodes changed."""
        self._flush()
        for key in sorted(self.affected):
            s = ox.NamedNode(node_iri(key))
            old = [q for q in self.store.quads_for_pattern(s, None, None, _DEFAULT) if q.predicate != HEAD_OF]
            old += self.store.quads_for_pattern(None, HEAD_OF, s, _DEFAULT)
            for q in old:
                self.store.remove(q)
            self.store.extend(node_statements(self.index, key))
        n, self.affected = len(self.affected), set()
        return n

    def _flush(self) -> None:
        if not self._buffer:
            return
        data = b"".join(self._buffer)
        if self._buffered > 5_000:
            self.store.bulk_load(data, ox.RdfFormat.N_QUADS)
        else:
            self.store.load(data, ox.RdfFormat.N_QUADS)
        self._buffer, self._buffered = [], 0


def write_stream(
    out: IO[bytes],
    fmt: RdfFormat,
    results: Iterable[DocumentResult],
    index: Index,
    on_result: Callable[[DocumentResult], None] | None = None,
) -> int:
    """Stream a fresh build into ``out``: each document as it comes, then every node.

    ``results`` must come in key order; each is counted into ``index`` as it is written.
    Returns how many statements were written.
    """
    written = 0

    def quads() -> Iterator[ox.Quad]:
        nonlocal written
        for r in results:
            if on_result is not None:
                on_result(r)
            if r.error:
                continue
            n = r.nquads.count(b"\n")
            index.add_doc(r.key, r.id, r.hash, r.summary, n)
            written += n
            yield from ox.parse(r.nquads, format=ox.RdfFormat.N_QUADS)
        for key in index.node_keys():
            statements = node_statements(index, key)
            written += len(statements)
            yield from statements

    _serialize(quads(), out, fmt)
    return written


def export_store(store: ox.Store, index: Index, out: IO[bytes], fmt: RdfFormat) -> None:
    """Write a store in the canonical order (see the module docstring)."""

    def quads() -> Iterator[ox.Quad]:
        graphs = set()
        for key in index.doc_keys():
            g = ox.NamedNode(graph_iri(key))
            graphs.add(g)
            yield from sorted(store.quads_for_pattern(None, None, None, g), key=str)
        owners = set()
        for key in index.node_keys():
            s = ox.NamedNode(node_iri(key))
            owners.add(s)
            mine = [q for q in store.quads_for_pattern(s, None, None, _DEFAULT) if q.predicate != HEAD_OF]
            mine += store.quads_for_pattern(None, HEAD_OF, s, _DEFAULT)
            yield from sorted(mine, key=str)
        if index.get_meta("edited"):  # statements a user added with kg query --update
            other = [q for q in store.quads_for_pattern(None, None, None, _DEFAULT) if owner(q) not in owners]
            other += [q for g in store.named_graphs() if g not in graphs
                      for q in store.quads_for_pattern(None, None, None, g)]  # fmt: skip
            yield from sorted(other, key=str)

    _serialize(quads(), out, fmt)


def _serialize(quads: Iterator[ox.Quad], out: IO[bytes], fmt: RdfFormat) -> None:
    data: Iterator[ox.Quad] | Iterator[ox.Triple]
    data = quads if fmt.has_datasets else (q.triple for q in quads)
    prefixes = PREFIXES if fmt in {RdfFormat.TURTLE, RdfFormat.TRIG} else None
    ox.serialize(data, out, format=fmt.ox, prefixes=prefixes)
