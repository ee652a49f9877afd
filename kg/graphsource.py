"""Where the commands that read graphs get them: files, compressed files or stdin.

Every command that reads a built graph (``query``, ``analyze``, ``export``, ``validate``,
``explain``, ``stats``) calls ``open_graphs``, so a new kind of source (a store folder, a
SPARQL endpoint) is added in one place. Like Jena's riot: the format follows the file
name, inside a compression suffix too (``g.ttl.gz``); ``-`` reads standard input, whose
format is sniffed when not given (what ``kg build`` writes to stdout parses, so
``kg build … | kg query - -n events`` works). A source with no RDF statement in it (an
empty file, JSON that is not JSON-LD, kg's own node-link export) is an error, never an
empty answer.
"""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Final

import pyoxigraph as ox

from kg.errors import InputError
from kg.rdf.store import RdfFormat

__all__ = ["COMPRESSIONS", "GRAPH_FORMATS", "open_graphs", "rdf_format_of"]

GRAPH_FORMATS: Final = tuple(f.value for f in RdfFormat)
# suffix → (magic bytes, decompress)
COMPRESSIONS: Final = {
    ".gz": (b"\x1f\x8b", gzip.decompress),
    ".bz2": (b"BZh", bz2.decompress),
    ".xz": (b"\xfd7zXZ\x00", lzma.decompress),
}


def open_graphs(
    sources: Sequence[Path | str], fmt: str | None = None, *, stdin: bytes | None = None
) -> ox.Store:
    """Parse every source into one in-memory store (named graphs kept where present).

    Args:
        sources: Paths of RDF files (``.ttl``, ``.nq.gz`` …) or ``-`` for standard input.
        fmt: Force this format (an ``RdfFormat`` value) for every source.
        stdin: The bytes of standard input (read from ``sys.stdin`` when ``None``).

    Raises:
        InputError: A source is missing, of unknown format, not valid RDF or has no
            RDF statement in it.

    >>> store = open_graphs(["-"], stdin=b"<http://a> <http://b> <http://c> .")
    >>> len(store)
    1
    """
    if not sources:
        msg = "no graph given"
        raise InputError(msg)
    folders = [Path(s) for s in sources if str(s) != "-" and Path(s).is_dir()]
    if folders:  # a store (kg build --store): read in place, never copied
        from kg.store.graphs import open_store

        if len(sources) > 1:
            msg = f"{folders[0]} is a folder (a store?): give it alone, not with other graphs"
            raise InputError(msg)
        return open_store(folders[0])
    store = ox.Store()
    for source in sources:
        name = str(source)
        if name == "-":
            data = stdin if stdin is not None else sys.stdin.buffer.read()
            data = _decompress("<stdin>", data, None)
            f = _given(fmt) or _sniff(data)
            if f is RdfFormat.TRIG and fmt is None and _parses(data, RdfFormat.NQUADS):
                f = RdfFormat.NQUADS  # N-Quads is no subset of TriG
            _load(store, "<stdin>", data, f)
            continue
        path = Path(source)
        if path.is_dir():
            msg = f"{path} is a folder, not a graph file"
            raise InputError(msg)
        try:
            data = path.read_bytes()
        except FileNotFoundError as e:
            msg = f"{path}: no such file"
            raise InputError(msg) from e
        except OSError as e:
            msg = f"{path}: cannot read ({e.strerror})"
            raise InputError(msg) from e
        named = _given(fmt) or rdf_format_of(path)
        if named is None:
            msg = (f"{path}: cannot tell its RDF format from the suffix; use --input-format "
                   f"({', '.join(GRAPH_FORMATS)}), optionally compressed ({', '.join(COMPRESSIONS)})")  # fmt: skip
            raise InputError(msg)
        _load(store, name, _decompress(name, data, path.suffix.lower()), named)
    if len(sources) > 1:
        from kg.rdf.store import refuse_collisions

        refuse_collisions(store, [Path(s) for s in sources])
    return store


def rdf_format_of(path: Path | str) -> RdfFormat | None:
    """The RDF format a file name implies, looking through ``.gz``/``.bz2``/``.xz``.

    >>> rdf_format_of("out/g.nq.gz")
    <RdfFormat.NQUADS: 'nq'>
    """
    p = Path(str(path))
    if p.suffix.lower() in COMPRESSIONS:
        p = p.with_suffix("")
    return RdfFormat.from_extension(p)


# ------------------------------------------------------------------ helpers
def _given(fmt: str | None) -> RdfFormat | None:
    if fmt is None:
        return None
    try:
        return RdfFormat(fmt)
    except ValueError as e:
        msg = f"unknown RDF format {fmt!r}; choose one of {', '.join(GRAPH_FORMATS)}"
        raise InputError(msg) from e


def _decompress(name: str, data: bytes, suffix: str | None) -> bytes:
    """The bytes inside a compressed file, by its suffix or else by its signature."""
    for sfx, (magic, decompress) in COMPRESSIONS.items():
        if suffix == sfx or data.startswith(magic):
            try:
                return decompress(data)
            except (OSError, EOFError, ValueError, lzma.LZMAError) as e:
                msg = f"{name} is not a valid {sfx[1:]} file ({e})"
                raise InputError(msg) from e
    return data


def _sniff(data: bytes) -> RdfFormat:
    """The likely format of unnamed bytes: JSON-LD, RDF/XML, N-Quads, else TriG (⊇ Turtle)."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:4096]
    if head[:1] in (b"{", b"["):
        return RdfFormat.JSONLD
    if head.startswith((b"<?xml", b"<rdf:RDF")):
        return RdfFormat.RDFXML
    return RdfFormat.TRIG


def _parses(data: bytes, fmt: RdfFormat) -> bool:
    """True when the first lines of ``data`` parse as ``fmt`` (a cheap look, not a full parse)."""
    sample = b"\n".join(data.splitlines()[:50])
    try:
        for _ in ox.parse(sample, format=fmt.ox):
            pass
    except (SyntaxError, ValueError):
        return False
    return bool(sample.strip())


def _load(store: ox.Store, name: str, data: bytes, fmt: RdfFormat) -> None:
    before = len(store)
    try:
        store.bulk_load(data, format=fmt.ox)
    except (SyntaxError, ValueError, OSError) as e:
        first = str(e).splitlines()[0] if str(e) else type(e).__name__
        msg = f"{name} is not valid {fmt.value}: {first}"
        raise InputError(msg) from e
    if len(store) == before and not _only_known_statements(store, data, fmt):
        raise InputError(_why_empty(name, data, fmt))


def _only_known_statements(store: ox.Store, data: bytes, fmt: RdfFormat) -> bool:
    """True when the source has statements that were all in the store already."""
    try:
        return any(True for _ in ox.parse(data, format=fmt.ox))
    except (SyntaxError, ValueError):
        return False


def _why_empty(name: str, data: bytes, fmt: RdfFormat) -> str:
    if not data.strip():
        return f"{name} is empty: no RDF statements"
    if fmt is RdfFormat.JSONLD:
        try:
            obj = json.loads(data)
        except ValueError:
            obj = None
        if isinstance(obj, dict) and {"nodes", "edges"} <= obj.keys():
            return (f"{name} is a node-link graph (kg export … .json), not RDF: "
                    "give the RDF graph it was exported from")  # fmt: skip
        return f"{name} has no RDF statements (JSON without a JSON-LD @context?)"
    return f"{name} has no RDF statements"
