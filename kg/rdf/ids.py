"""Stage ⑥ ids: deterministic, content-based, ASCII IRIs.

Documents are named by their key — corpus and id (``…/id/doc/CEC-Corpus/001``), so two
builds of two folders that each hold ``001.txt`` never share an IRI; entities by a hash
of their resolution key (``org:保定市公安局``), events and figures by their document key
and character offsets, places by their GB/T 2260 code. The same input therefore always
yields the same IRIs, and Chinese stays in labels, not IRIs.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from urllib.parse import quote

from kg.rdf.vocab import ID

__all__ = [
    "corpus_iri",
    "document_iri",
    "entity_iri",
    "event_iri",
    "graph_iri",
    "instant_iri",
    "interval_iri",
    "node_iri",
    "quantity_iri",
    "reference_iri",
    "sentence_iri",
    "span_iri",
]


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _safe(part: str) -> str:
    return quote(part, safe="-._~")


@functools.lru_cache(maxsize=256)  # every sentence, span and event IRI of a document
def _path(doc_key: str) -> str:
    """``corpus/id`` as an IRI path: each part percent-encoded, the corpus a folder.

    >>> _path("CEC-Corpus/001"), _path("/a/b")
    ('CEC-Corpus/001', 'a%2Fb')
    """
    corpus, sep, doc_id = doc_key.partition("/")
    if not sep:  # a bare id (no corpus)
        return _safe(doc_key)
    return f"{_safe(corpus)}/{_safe(doc_id)}" if corpus else _safe(doc_id)


def document_iri(doc_key: str) -> str:
    """``…/id/doc/<corpus>/<id>`` (``Document.key``)."""
    return f"{ID}doc/{_path(doc_key)}"


def graph_iri(doc_key: str) -> str:
    """The named graph holding one document's statements."""
    return f"{ID}graph/{_path(doc_key)}"


def corpus_iri(name: str) -> str:
    """The collection documents of one corpus are part of."""
    return f"{ID}corpus/{_safe(name)}"


def sentence_iri(doc_key: str, index: int) -> str:
    """``…/id/doc/<id>/sentence/<n>``."""
    return f"{document_iri(doc_key)}/sentence/{index}"


def span_iri(doc_key: str, start: int, end: int) -> str:
    """A NIF offset string: ``…/id/doc/<id>#offset_<start>_<end>``."""
    return f"{document_iri(doc_key)}#offset_{start}_{end}"


def event_iri(doc_key: str, start: int, end: int, etype: str, part: int = 0) -> str:
    """An event, named by its document, trigger offsets, class (and part, for 分别 splits).

    >>> event_iri("d", 1, 3, "Arrest") == event_iri("d", 1, 3, "Arrest")
    True
    """
    key = f"{doc_key}|{start}|{end}|{etype}" + (f"|{part}" if part else "")
    return f"{ID}event/{_hash(key)}"


def quantity_iri(doc_key: str, start: int, end: int) -> str:
    """A reported figure, named by its document and offsets."""
    return f"{ID}quantity/{_hash(f'{doc_key}|{start}|{end}')}"


def reference_iri(doc_key: str, key: str) -> str:
    """How one document names one entity."""
    return f"{ID}reference/{_hash(f'{doc_key}|{key}')}"


def entity_iri(key: str) -> str:
    """An entity from its resolution key; places keep their division code."""
    kind, _, rest = key.partition(":")
    if kind == "place" and not rest.startswith("town:"):
        return f"{ID}place/{_safe(rest)}"
    return f"{ID}{kind}/{_hash(key)}"


def interval_iri(begin: dt.date | None, end: dt.date | None) -> str:
    """A date interval, shared by every event of the same period."""
    b = begin.isoformat() if begin else "open"
    e = end.isoformat() if end else "open"
    return f"{ID}interval/{b}_{e}"


def instant_iri(day: dt.date) -> str:
    """A day as an OWL-Time instant, shared by every interval that begins or ends on it."""
    return interval_iri(day, day) + "/instant"


def node_iri(key: str) -> str:
    """The IRI of a corpus-level node: an entity key, or ``@interval:…``, ``@instant:…``,
    ``@corpus:…``, ``@statistic:…`` (the shared nodes documents point to, see ``kg.rdf.mapping``)."""
    kind, _, rest = key.partition(":")
    if kind == "@interval":
        b, _, e = rest.partition("_")
        return f"{ID}interval/{b}_{e}"
    if kind == "@instant":
        return f"{ID}interval/{rest}_{rest}/instant"
    if kind == "@corpus":
        return corpus_iri(rest)
    if kind == "@statistic":
        return f"{ID}statistic/{_hash(rest)}"
    return entity_iri(key)
