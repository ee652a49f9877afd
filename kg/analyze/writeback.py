"""Measures back into RDF, so SPARQL can sort and filter by them.

No new ontology terms: each measure is a ``schema:PropertyValue`` hung on the node by
``schema:additionalProperty`` (``schema:name "degree"``, ``schema:value 3``), and
``schema:measurementTechnique`` says which view it was measured on. Measure nodes get
content-based IRIs, so writing twice gives the same file.
"""

from __future__ import annotations

import hashlib
from typing import Final

import pyoxigraph as ox

from kg.rdf.vocab import ID, PREFIXES

__all__ = ["measure_quads"]

_S: Final = PREFIXES["schema"]
_XSD: Final = PREFIXES["xsd"]
_RDF_TYPE: Final = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_INTEGER_MEASURES: Final = frozenset({"degree", "components", "kcore", "communities"})


def measure_quads(values: dict[str, dict[str, float]], view: str) -> list[ox.Quad]:
    """Quads stating every ``values[measure][node]`` of ``view`` (default graph)."""
    technique = ox.Literal(f"kg analyze --view {view}")
    out: list[ox.Quad] = []
    for measure in sorted(values):
        for node, value in sorted(values[measure].items()):
            m = ox.NamedNode(f"{ID}measure/{_hash(f'{view}|{measure}|{node}')}")
            out += [
                ox.Quad(ox.NamedNode(node), ox.NamedNode(_S + "additionalProperty"), m),
                ox.Quad(m, _RDF_TYPE, ox.NamedNode(_S + "PropertyValue")),
                ox.Quad(m, ox.NamedNode(_S + "name"), ox.Literal(measure)),
                ox.Quad(m, ox.NamedNode(_S + "value"), _literal(measure, value)),
                ox.Quad(m, ox.NamedNode(_S + "measurementTechnique"), technique),
            ]
    return out


def _literal(measure: str, value: float) -> ox.Literal:
    if measure in _INTEGER_MEASURES:
        return ox.Literal(str(int(value)), datatype=ox.NamedNode(_XSD + "integer"))
    return ox.Literal(repr(round(value, 6)), datatype=ox.NamedNode(_XSD + "double"))


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
