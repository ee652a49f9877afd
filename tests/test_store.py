"""Loading, saving and the rdflib view of the store."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.build import BuildResult
from kg.errors import InputError
from kg.rdf.store import RdfFormat, as_rdflib, load_graph, serialize, write_atomic

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
