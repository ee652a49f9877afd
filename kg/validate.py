"""Check that a built graph is well formed: SHACL shapes plus the anchors' text.

A graph can parse and still be wrong — an event without a type, a figure without a
value, an anchor whose offsets point at the wrong characters — and queries then silently
miss rows. ``ontology/shapes.ttl`` states the structure and pyshacl (the ``validate``
extra) checks it; whether each ``nif:anchorOf`` equals its document's text between the
offsets is checked here in Python, since SPARQL has no reliable substring-by-offset.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError, KgError
from kg.rdf.store import RdfFormat

__all__ = ["Report", "Violation", "check_anchors", "default_shapes", "format_text",
           "format_turtle", "validate_graph", "validate_store"]  # fmt: skip

_SH = "http://www.w3.org/ns/shacl#"
_NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
_ANCHORS = f"""
SELECT ?a ?begin ?end ?anchor ?text WHERE {{
  ?a <{_NIF}anchorOf> ?anchor ;
     <{_NIF}beginIndex> ?begin ;
     <{_NIF}endIndex> ?end ;
     <{_NIF}referenceContext> ?doc .
  ?doc <{_NIF}isString> ?text .
}}
"""


@dataclass(frozen=True, order=True)
class Violation:
    """One problem: the node, the property, a one-line message and the offending value."""

    focus: str
    path: str
    message: str
    value: str = ""
    source: str = "shacl"  # shacl | anchor


@dataclass
class Report:
    """Everything ``kg validate`` found, sorted, with the size of the graph and the time."""

    violations: list[Violation] = field(default_factory=list)
    triples: int = 0
    seconds: float = 0.0

    @property
    def conforms(self) -> bool:
        """True when there is nothing to report."""
        return not self.violations


def default_shapes() -> Path:
    """``ontology/shapes.ttl`` (inside the wheel or in the checkout)."""
    from kg.resources import ontology_dir

    return ontology_dir() / "shapes.ttl"


def validate_graph(paths: Sequence[Path], shapes: Path | None = None) -> Report:
    """Load RDF files (all their graphs merged) and validate them.

    Raises:
        InputError: A file is missing or not valid RDF.
        KgError: pyshacl is not installed or the shapes do not parse.
    """
    from kg.graphsource import open_graphs

    return validate_store(open_graphs(list(paths)), shapes)


def validate_store(store: ox.Store, shapes: Path | None = None) -> Report:
    """Validate the union of every graph in ``store`` against ``shapes`` and the anchors."""
    t0 = time.perf_counter()
    triples = list({ox.Triple(q.subject, q.predicate, q.object) for q in store})
    found = _shacl(triples, shapes or default_shapes()) + check_anchors(store)
    return Report(sorted(set(found)), len(triples), time.perf_counter() - t0)


def check_anchors(store: ox.Store) -> list[Violation]:
    """Anchors whose ``nif:anchorOf`` is not their document's text between the offsets."""
    out: list[Violation] = []
    solutions = store.query(_ANCHORS, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    for row in solutions:
        a, begin, end, anchor, text = (row[v] for v in ("a", "begin", "end", "anchor", "text"))
        assert isinstance(anchor, ox.Literal)
        assert isinstance(text, ox.Literal)
        try:
            b, e = int(begin.value), int(end.value)  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            continue  # not integers: the shapes report it
        if not 0 <= b <= e <= len(text.value):
            continue  # out of range: the shapes report it
        expected = text.value[b:e]
        if anchor.value != expected:
            out.append(Violation(_term(a), f"{_NIF}anchorOf",
                                 f"nif:anchorOf is not the document's text [{b}:{e}] ({expected!r})",
                                 anchor.value, "anchor"))  # fmt: skip
    return out


def format_text(report: Report) -> str:
    """One line per violation, then a one-line verdict (no timing: stdout is deterministic)."""
    lines = []
    for v in report.violations:
        value = f" (value: {_short(v.value)})" if v.value else ""
        lines.append(f"{_compact(v.focus)}\t{_compact(v.path)}\t{v.message}{value}")
    n = len(report.violations)
    verdict = "conforms" if not n else f"{n} violation(s)"
    lines.append(f"{verdict} ({report.triples} triples)")
    return "\n".join(lines) + "\n"


def format_turtle(report: Report) -> bytes:
    """A SHACL ``sh:ValidationReport`` in Turtle, blank nodes numbered in sorted order."""
    from kg.rdf.store import serialize

    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    root = ox.BlankNode("report")
    quads = [ox.Quad(root, rdf_type, ox.NamedNode(_SH + "ValidationReport")),
             ox.Quad(root, ox.NamedNode(_SH + "conforms"), ox.Literal(
                 "true" if report.conforms else "false",
                 datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")))]  # fmt: skip
    for i, v in enumerate(report.violations, start=1):
        r = ox.BlankNode(f"r{i:05d}")
        quads += [
            ox.Quad(root, ox.NamedNode(_SH + "result"), r),
            ox.Quad(r, rdf_type, ox.NamedNode(_SH + "ValidationResult")),
            ox.Quad(r, ox.NamedNode(_SH + "resultSeverity"), ox.NamedNode(_SH + "Violation")),
            ox.Quad(r, ox.NamedNode(_SH + "resultMessage"), ox.Literal(v.message)),
        ]
        if v.focus.startswith("_:"):
            quads.append(ox.Quad(r, ox.NamedNode(_SH + "focusNode"), ox.Literal(v.focus)))
        else:
            quads.append(ox.Quad(r, ox.NamedNode(_SH + "focusNode"), ox.NamedNode(v.focus)))
        if v.path and not v.path.startswith("_:"):
            quads.append(ox.Quad(r, ox.NamedNode(_SH + "resultPath"), ox.NamedNode(v.path)))
        if v.value:
            quads.append(ox.Quad(r, ox.NamedNode(_SH + "value"), ox.Literal(v.value)))
    return serialize(quads, RdfFormat.TURTLE)


# ---------------------------------------------------------------- internals
def _shacl(triples: Iterable[ox.Triple], shapes: Path) -> list[Violation]:
    try:
        import pyshacl
        import rdflib
    except ImportError as e:  # pragma: no cover - the extra is part of dev installs
        msg = "kg validate needs pyshacl: pip install 'kg[validate]'"
        raise KgError(msg) from e
    data = rdflib.Graph()
    nt = ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES) or b""
    data.parse(data=nt, format="nt")
    shapes_graph = rdflib.Graph()
    ontology = rdflib.Graph()
    try:
        shapes_graph.parse(str(shapes), format="turtle")
        from kg.resources import ontology_dir

        ontology.parse(str(ontology_dir() / "kg.ttl"), format="turtle")
    except FileNotFoundError as e:
        msg = f"{shapes}: no such file"
        raise InputError(msg) from e
    except Exception as e:  # rdflib raises several unrelated types for bad Turtle
        first = str(e).splitlines()[0] if str(e) else type(e).__name__
        msg = f"{shapes} is not valid Turtle: {first}"
        raise InputError(msg) from e
    _conforms, results, _text = pyshacl.validate(
        data, shacl_graph=shapes_graph, ont_graph=ontology, inference="none",
        advanced=True, allow_warnings=False,
    )  # fmt: skip
    sh = rdflib.Namespace(_SH)
    out = []
    assert isinstance(results, rdflib.Graph)
    for r in results.subjects(rdflib.RDF.type, sh.ValidationResult):
        message = results.value(r, sh.resultMessage)
        out.append(Violation(
            _rdflib_term(results.value(r, sh.focusNode)),
            _rdflib_term(results.value(r, sh.resultPath)),
            str(message) if message is not None else "constraint not met",
            _rdflib_value(results.value(r, sh.value)),
        ))  # fmt: skip
    return out


def _rdflib_term(node: object) -> str:
    import rdflib

    if node is None:
        return ""
    if isinstance(node, rdflib.BNode):
        return f"_:{node}"
    return str(node)


def _rdflib_value(node: object) -> str:
    return "" if node is None else _rdflib_term(node)


def _term(node: object) -> str:
    if isinstance(node, ox.NamedNode):
        return node.value
    if isinstance(node, ox.BlankNode):
        return f"_:{node.value}"
    return str(node)


def _compact(iri: str) -> str:
    from kg.rdf.vocab import DISPLAY_PREFIXES

    for prefix, ns in sorted(DISPLAY_PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri or "-"


def _short(text: str, limit: int = 60) -> str:
    text = text.replace("\n", "\\n")
    return text if len(text) <= limit else text[: limit - 1] + "…"
