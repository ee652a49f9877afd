"""Loading, saving and the rdflib view of the store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.build import BuildResult
from kg.errors import InputError
from kg.rdf.store import RdfFormat, as_rdflib, load_graph, serialize, write_atomic
from kg.rdf.vocab import PREFIXES

ARRESTS = "SELECT (COUNT(*) AS ?n) WHERE { ?e a <https://example.org/kg/ontology#Arrest> }"


@pytest.mark.parametrize(("name", "fmt"), [("g.ttl", RdfFormat.TURTLE), ("g.nq", RdfFormat.NQUADS),
                                           ("g.json", RdfFormat.JSONLD), ("g.rdf", RdfFormat.RDFXML),
                                           ("g.txt", None)])  # fmt: skip
def test_store_format_from_extension(name: str, fmt: RdfFormat | None) -> None:
    assert RdfFormat.from_extension(name) is fmt


def test_store_rdflib_view_answers_like_oxigraph(seed_build: BuildResult, tmp_path: Path) -> None:
    path = tmp_path / "seed.nq"
    write_atomic(path, serialize(seed_build.quads, RdfFormat.NQUADS))
    store = load_graph([path])
    ds = as_rdflib(store)
    (row,) = list(ds.query(ARRESTS))
    (solution,) = list(store.query(ARRESTS, use_default_graph_as_union=True))
    assert int(row[0]) == int(solution["n"].value) > 0
    assert len(list(ds.triples((None, None, None)))) == len(set(store))


def test_store_write_atomic_replaces_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "out.ttl"
    path.write_text("old", encoding="utf-8")
    write_atomic(path, b"new")
    assert path.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["out.ttl"]


def test_store_load_graph_reports_bad_files(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.ttl is not valid ttl"):
        load_graph([bad])
    with pytest.raises(InputError, match="unknown RDF format"):
        load_graph([tmp_path / "x.unknown"])


_IRIS = st.sampled_from(["http://a/", "http://a/b", "http://a/b#1", "http://a/b/c", "https://例子.cn/x"])
_TEXTS = st.text(alphabet=st.sampled_from('ab "\\\n\t>é中😀'), max_size=6)


def _literal(text: str, kind: int, tag: str) -> ox.Literal:
    if kind == 0:
        return ox.Literal(text)
    if kind == 1:
        return ox.Literal(text, language=tag)
    return ox.Literal(text, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))


_TERMS = st.one_of(
    _IRIS.map(ox.NamedNode),
    st.sampled_from(["b1", "b12", "b2"]).map(ox.BlankNode),
    st.builds(_literal, _TEXTS, st.integers(0, 2), st.sampled_from(["zh", "zh-cn", "en"])),
)
_QUADS = st.lists(
    st.builds(
        ox.Quad,
        st.one_of(_IRIS.map(ox.NamedNode), st.sampled_from(["b1", "b12"]).map(ox.BlankNode)),
        _IRIS.map(ox.NamedNode),
        _TERMS,
        st.one_of(st.just(ox.DefaultGraph()), _IRIS.map(ox.NamedNode)),
    ),
    max_size=30,
)


@settings(max_examples=200, deadline=None)
@given(_QUADS)
def test_store_serialize_orders_statements_by_their_line(quads: list[ox.Quad]) -> None:
    """Sorting Oxigraph's lines as bytes orders statements as sorting ``str(statement)`` did."""
    for fmt in RdfFormat:
        if fmt.has_datasets:
            by_text = {str(q): q for q in quads}
            expected: list[Any] = [by_text[k] for k in sorted(by_text)]
        else:
            triples = {str(q.triple): q.triple for q in quads}
            expected = [triples[k] for k in sorted(triples)]
        prefixes = PREFIXES if fmt in {RdfFormat.TURTLE, RdfFormat.TRIG} else None
        assert serialize(quads, fmt) == (ox.serialize(expected, format=fmt.ox, prefixes=prefixes) or b"")
