"""Stage ⑥ ids: deterministic, content-based, ASCII IRIs.

Entities are named by a hash of their resolution key (``org:保定市公安局``), events and
figures by their document and character offsets, places by their GB/T 2260 code. The
same input therefore always yields the same IRIs, and Chinese stays in labels, not IRIs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from urllib.parse import quote

from kg.rdf.vocab import ID

__all__ = [
    "document_iri",
    "entity_iri",
    "event_iri",
    "graph_iri",
    "interval_iri",
    "quantity_iri",
    "reference_iri",
    "sentence_iri",
    "span_iri",
]


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _safe(doc_id: str) -> str:
    return quote(doc_id, safe="-._~")


def document_iri(doc_id: str) -> str:
    """``…/id/doc/<id>``."""
    return f"{ID}doc/{_safe(doc_id)}"


def graph_iri(doc_id: str) -> str:
    """The named graph holding one document's statements."""
    return f"{ID}graph/{_safe(doc_id)}"


def sentence_iri(doc_id: str, index: int) -> str:
    """``…/id/doc/<id>/sentence/<n>``."""
    return f"{document_iri(doc_id)}/sentence/{index}"


def span_iri(doc_id: str, start: int, end: int) -> str:
    """A NIF offset string: ``…/id/doc/<id>#offset_<start>_<end>``."""
    return f"{document_iri(doc_id)}#offset_{start}_{end}"


def event_iri(doc_id: str, start: int, end: int, etype: str, part: int = 0) -> str:
    """An event, named by its document, trigger offsets, class (and part, for 分别 splits).

    >>> event_iri("d", 1, 3, "Arrest") == event_iri("d", 1, 3, "Arrest")
    True
    """
    key = f"{doc_id}|{start}|{end}|{etype}" + (f"|{part}" if part else "")
    return f"{ID}event/{_hash(key)}"


def quantity_iri(doc_id: str, start: int, end: int) -> str:
    """A reported figure, named by its document and offsets."""
    return f"{ID}quantity/{_hash(f'{doc_id}|{start}|{end}')}"


def reference_iri(doc_id: str, key: str) -> str:
    """How one document names one entity."""
    return f"{ID}reference/{_hash(f'{doc_id}|{key}')}"


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
