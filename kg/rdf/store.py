"""Stage ⑦ store: load and save graphs (Oxigraph underneath, rdflib terms on top).

Measured (../shared/notes/rdf-stack.md): Oxigraph parses 15× and writes Turtle 45×
faster than rdflib's own store and answers SPARQL where rdflib's evaluator times out, so
graphs live in a ``pyoxigraph.Store``. Output is sorted before it is written, so the same
input gives byte-identical files, and files are written atomically (temp file + rename).
"""

from __future__ import annotations

import contextlib
import enum
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from kg.errors import InputError
from kg.rdf.vocab import PREFIXES

__all__ = [
    "ONTOLOGY_GRAPH",
    "RdfFormat",
    "add_ontology",
    "as_rdflib",
    "atomic_output",
    "load_graph",
    "refuse_collisions",
    "serialize",
    "sorted_nquads",
    "write_atomic",
]


class RdfFormat(enum.Enum):
    """RDF serialisations kg reads and writes (``--format`` choices)."""

    TURTLE = "ttl"
    NTRIPLES = "nt"
    NQUADS = "nq"
    TRIG = "trig"
    JSONLD = "jsonld"
    RDFXML = "xml"

    @classmethod
    def from_extension(cls, path: str | Path) -> RdfFormat | None:
        """The format a file name implies, or ``None`` when the suffix is unknown."""
        suffix = Path(str(path)).suffix.lower().lstrip(".")
        aliases = {"turtle": "ttl", "n3": "ttl", "json": "jsonld", "rdf": "xml", "owl": "xml",
                   "nquads": "nq", "ntriples": "nt"}  # fmt: skip
        suffix = aliases.get(suffix, suffix)
        return next((f for f in cls if f.value == suffix), None)

    @property
    def ox(self) -> ox.RdfFormat:
        """The matching pyoxigraph format."""
        return {
            RdfFormat.TURTLE: ox.RdfFormat.TURTLE,
            RdfFormat.NTRIPLES: ox.RdfFormat.N_TRIPLES,
            RdfFormat.NQUADS: ox.RdfFormat.N_QUADS,
            RdfFormat.TRIG: ox.RdfFormat.TRIG,
            RdfFormat.JSONLD: ox.RdfFormat.JSON_LD,
            RdfFormat.RDFXML: ox.RdfFormat.RDF_XML,
        }[self]

    @property
    def has_datasets(self) -> bool:
        """True for formats that keep named graphs."""
        return self in {RdfFormat.NQUADS, RdfFormat.TRIG}


def serialize(quads: Iterable[ox.Quad], fmt: RdfFormat) -> bytes:
    """Canonically sorted bytes of ``quads`` in ``fmt``; graph names only where kept.

    Statements are deduplicated and sorted by their N-Triples/N-Quads line. Oxigraph
    writes those lines (one per statement; newlines in literals are escaped), and
    sorting them as UTF-8 bytes is sorting them as text, so the order is the same as
    sorting by ``str(statement)`` at a third of the cost (bench/README.md).
    """
    quads = quads if isinstance(quads, list) else list(quads)
    statements: list[ox.Quad] | list[ox.Triple]
    if fmt.has_datasets:
        statements, line_format = quads, ox.RdfFormat.N_QUADS
    else:
        statements, line_format = [q.triple for q in quads], ox.RdfFormat.N_TRIPLES
    lines = _lines(statements, line_format)
    if fmt.ox == line_format:
        return b"".join(sorted(set(lines)))
    by_line: dict[bytes, Any] = dict(zip(lines, statements, strict=True))
    data = [by_line[k] for k in sorted(by_line)]
    prefixes = PREFIXES if fmt in {RdfFormat.TURTLE, RdfFormat.TRIG} else None
    return ox.serialize(data, format=fmt.ox, prefixes=prefixes) or b""


def sorted_nquads(quads: list[ox.Quad]) -> bytes:
    """``serialize(quads, RdfFormat.NQUADS)``: the distinct N-Quads lines, sorted."""
    return b"".join(sorted(set(_lines(quads, ox.RdfFormat.N_QUADS))))


def _lines(statements: list[ox.Quad] | list[ox.Triple], line_format: ox.RdfFormat) -> list[bytes]:
    lines = (ox.serialize(statements, format=line_format) or b"").splitlines(keepends=True)
    if len(lines) != len(statements):  # cannot happen: N-Triples escapes line breaks
        msg = f"{len(statements)} statements gave {len(lines)} lines"
        raise RuntimeError(msg)
    return lines


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temp file in the same folder and a rename."""
    with atomic_output(path) as f:
        f.write(data)


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[IO[bytes]]:
    """A file to stream into; on a clean exit it is synced and renamed over ``path``.

    On an exception (or a kill) the target is untouched and the temp file is removed
    (a SIGKILL leaves only a ``.NAME.*.tmp`` beside it).
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path()
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        umask = os.umask(0)
        os.umask(umask)
        Path(tmp).chmod(0o666 & ~umask)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


ONTOLOGY_GRAPH = "https://example.org/kg/id/graph/ontology"


def load_graph(paths: Iterable[Path], fmt: RdfFormat | None = None) -> ox.Store:
    """Parse RDF files into one in-memory store (named graphs kept where present).

    Raises:
        InputError: A file is missing, of unknown format or not valid RDF.
    """
    store = ox.Store()
    for path in paths:
        f = fmt or RdfFormat.from_extension(path)
        if f is None:
            msg = f"{path}: unknown RDF format; use --input-format (ttl, nt, nq, trig, jsonld, xml)"
            raise InputError(msg)
        try:
            store.bulk_load(path=str(path), format=f.ox)
        except FileNotFoundError as e:
            msg = f"{path}: no such file"
            raise InputError(msg) from e
        except (SyntaxError, ValueError, OSError) as e:
            first = str(e).splitlines()[0] if str(e) else type(e).__name__
            msg = f"{path} is not valid {f.value}: {first}"
            raise InputError(msg) from e
    return store


ONTOLOGY_GRAPH = "https://example.org/kg/id/graph/ontology"


def add_ontology(store: ox.Store) -> ox.Store:
    """``store`` with ``ontology/*.ttl`` (the ontology and the SHACL shapes) in the named
    graph ``ONTOLOGY_GRAPH``; a read-only store (a store folder) gets a private copy-on-write
    checkpoint first (hard links: milliseconds), so the store itself is never changed."""
    from kg.resources import ontology_dir

    try:
        store.add(ox.Quad(ox.NamedNode(ONTOLOGY_GRAPH), ox.NamedNode(ONTOLOGY_GRAPH),
                          ox.NamedNode(ONTOLOGY_GRAPH), ox.NamedNode(ONTOLOGY_GRAPH)))  # fmt: skip
    except (OSError, RuntimeError):
        from kg.store.graphs import writable_copy

        store = writable_copy(store)
    else:
        store.remove(ox.Quad(ox.NamedNode(ONTOLOGY_GRAPH), ox.NamedNode(ONTOLOGY_GRAPH),
                             ox.NamedNode(ONTOLOGY_GRAPH), ox.NamedNode(ONTOLOGY_GRAPH)))  # fmt: skip
    for ttl in sorted(ontology_dir().glob("*.ttl")):
        store.load(path=str(ttl), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(ONTOLOGY_GRAPH))
    return store


_COLLISIONS = """
SELECT ?doc (SAMPLE(?path) AS ?where) (COUNT(DISTINCT ?hash) AS ?n) WHERE {
  ?doc <https://example.org/kg/ontology#contentHash> ?hash .
  OPTIONAL { ?doc <https://example.org/kg/ontology#sourcePath> ?path }
} GROUP BY ?doc HAVING (COUNT(DISTINCT ?hash) > 1) ORDER BY ?doc LIMIT 3
"""


def refuse_collisions(store: ox.Store, paths: list[Path]) -> None:
    """Refuse graphs that hold one document IRI with different content hashes.

    Raises:
        InputError: Naming up to three such documents and how to rebuild them apart.
    """
    rows = list(store.query(_COLLISIONS, use_default_graph_as_union=True))  # type: ignore[arg-type]
    if rows:
        names = ", ".join(r["doc"].value for r in rows)
        msg = (
            f"{', '.join(map(str, paths))} hold different documents under the same IRI "
            f"({names}): built separately with one corpus name; rebuild one with --corpus NAME"
        )
        raise InputError(msg)


def as_rdflib(store: ox.Store):  # type: ignore[no-untyped-def]
    """The store as an rdflib ``Dataset`` (oxrdflib): rdflib's API, Oxigraph underneath.

    rdflib code (``ds.query``, ``ds.triples``, ``ds.serialize(format="ox-turtle")``) then
    runs on Oxigraph, which answers SPARQL where rdflib's own evaluator times out at 1M
    triples (../shared/notes/rdf-stack.md).
    """
    from oxrdflib import OxigraphStore
    from rdflib import Dataset

    return Dataset(store=OxigraphStore(store=store), default_union=True)
