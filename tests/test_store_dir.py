"""Issue #13: the persistent store — build into it, read from it, add, change and remove.

The central property: a store after any sequence of adds and removes holds the same
graph as a fresh build of the documents that remain (checked by isomorphism and, since
both paths write the canonical order, byte for byte).
"""

from __future__ import annotations

import functools
import io
import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib.compare import isomorphic

import kg.build
from kg.build import build_to_file, build_to_store, remove_from_store
from kg.cli import cli
from kg.errors import InputError
from kg.model import Document
from kg.rdf.store import RdfFormat
from kg.read import read_documents
from kg.store.layout import read_store
from kg.store.writer import export_store

from .conftest import DATA, SEED

pytestmark = pytest.mark.issue(13)

CORPUS = DATA / "corpus" / "docs.jsonl"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@functools.cache
def _docs() -> tuple[Document, ...]:
    docs, skipped = read_documents([CORPUS], corpus="test")
    assert not skipped
    return tuple(docs)


_process = functools.cache(kg.build.process_document)


@pytest.fixture
def cached(monkeypatch: pytest.MonkeyPatch) -> None:
    """Extraction is deterministic and tested elsewhere: reuse each document's result."""
    monkeypatch.setattr(kg.build, "process_document",
                        lambda d, res=None, provenance="all", **_: _process(d, None, provenance))


def _fresh(docs: list[Document]) -> bytes:
    out = io.BytesIO()
    build_to_file(docs, out, RdfFormat.NQUADS)
    return out.getvalue()


def _export(store: Path, fmt: RdfFormat = RdfFormat.NQUADS) -> bytes:
    out = io.BytesIO()
    with read_store(store) as handle:
        export_store(handle.store, handle.index, out, fmt)
    return out.getvalue()


def _kg(runner: CliRunner, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(cli, list(args), catch_exceptions=False)


def test_store_built_in_batches_exports_what_a_file_build_writes(cached: None, tmp_path: Path) -> None:
    docs = list(_docs())
    store = tmp_path / "store"
    build_to_store(store, docs[:3])
    build_to_store(store, docs[3:])
    assert _export(store) == _fresh(docs)
    ttl = _export(store, RdfFormat.TURTLE)
    out = io.BytesIO()
    build_to_file(docs, out, RdfFormat.TURTLE)
    assert ttl == out.getvalue()


def test_store_cli_build_query_export_and_unchanged_documents(runner: CliRunner, tmp_path: Path) -> None:
    store, out = tmp_path / "s", tmp_path / "file.nq"
    first = _kg(runner, "build", str(CORPUS), "--store", str(store))
    assert first.exit_code == 0, first.output
    assert "built 7 document(s) into" in first.stderr
    again = _kg(runner, "build", str(CORPUS), "--store", str(store))
    assert "built 0 document(s) (7 unchanged)" in again.stderr
    _kg(runner, "build", str(CORPUS), "-o", str(out))
    _kg(runner, "export", str(store), "-o", str(tmp_path / "store.nq"))
    assert (tmp_path / "store.nq").read_bytes() == out.read_bytes()
    from_store = _kg(runner, "query", str(store), "-n", "events", "--format", "csv").stdout
    from_file = _kg(runner, "query", str(out), "-n", "events", "--format", "csv").stdout
    assert sorted(from_store.splitlines()) == sorted(from_file.splitlines())  # ties: engine order
    assert from_store.count("\n") > 10
    for command in (["analyze", str(store)], ["validate", str(store)]):
        assert _kg(runner, *command).exit_code == 0


def test_store_count_star_counts_data_only_unless_asked(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "g.nq"
    _kg(runner, "build", str(CORPUS), "-o", str(out), "--store", str(tmp_path / "s"))
    quads = out.read_bytes().count(b"\n")
    for graph in (out, tmp_path / "s"):
        plain = _kg(runner, "query", str(graph), "-e", COUNT, "--format", "csv").stdout.split()
        with_ontology = _kg(runner, "query", str(graph), "--with-ontology", "-e", COUNT, "--format", "csv").stdout.split()
        assert plain == ["n", str(quads)]
        assert int(with_ontology[1]) > quads
    shapes = "SELECT * WHERE { ?s a <http://www.w3.org/ns/shacl#NodeShape> }"
    assert _kg(runner, "query", str(out), "-e", shapes, "--format", "csv").stdout == "s\n"


def test_store_changed_document_replaces_its_graph(cached: None, tmp_path: Path) -> None:
    docs = list(_docs())
    store = tmp_path / "s"
    build_to_store(store, docs)
    changed = replace(docs[2], text=docs[2].text.replace("50张", "70张"))
    report = build_to_store(store, [*docs[:2], changed, *docs[3:]])
    assert (report.built, report.unchanged) == (1, len(docs) - 1)
    assert _export(store) == _fresh([*docs[:2], changed, *docs[3:]])
    assert "70张".encode() in _export(store)
    assert "50张".encode() not in _export(store)


def test_store_remove_deletes_a_document_and_what_only_it_supported(
    cached: None, runner: CliRunner, tmp_path: Path
) -> None:
    docs = list(_docs())
    store = tmp_path / "s"
    build_to_store(store, docs)
    result = _kg(runner, "remove", "--store", str(store), "sjz-gang", "test/huzhou-publicity")
    assert result.exit_code == 0, result.output
    assert "removed 2 document(s)" in result.stderr
    rest = [d for d in docs if d.id not in {"sjz-gang", "huzhou-publicity"}]
    assert _export(store) == _fresh(rest)
    assert "王某".encode() not in _export(store)  # the group's leader went with its document
    unknown = runner.invoke(cli, ["remove", "--store", str(store), "no-such-doc", "hb-fraud"])
    assert unknown.exit_code == 1
    assert "no-such-doc" in unknown.stderr
    assert _export(store) == _fresh(rest)  # nothing removed


@settings(max_examples=12, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.sets(st.integers(0, 6), min_size=1, max_size=3)),
                min_size=1, max_size=5))  # fmt: skip
def test_store_any_adds_and_removes_equal_a_fresh_build(steps: list[tuple[bool, set[int]]]) -> None:
    import tempfile

    docs = list(_docs())
    original = kg.build.process_document
    kg.build.process_document = lambda d, res=None, provenance="all", **_: _process(d, None, provenance)  # type: ignore[assignment]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            store, present = Path(tmp) / "s", set()
            for add, which in steps:
                if add:
                    build_to_store(store, [docs[i] for i in sorted(which)])
                    present |= which
                elif which & present:
                    remove_from_store(store, [docs[i].id for i in sorted(which & present)])
                    present -= which
            if not present:
                return
            remaining = [docs[i] for i in sorted(present)]
            exported, fresh = _export(store), _fresh(remaining)
            q1 = set(ox.parse(exported, format=ox.RdfFormat.N_QUADS))
            q2 = set(ox.parse(fresh, format=ox.RdfFormat.N_QUADS))
            assert {q.graph_name for q in q1} == {q.graph_name for q in q2}
            for g in {q.graph_name for q in q1}:  # isomorphic graph by graph
                g1, g2 = (rdflib.Graph().parse(data=ox.serialize([x.triple for x in qs if x.graph_name == g],
                                                               format=ox.RdfFormat.N_TRIPLES).decode(),
                                               format="nt") for qs in (q1, q2))  # fmt: skip
                assert isomorphic(g1, g2)
            assert exported == fresh
    finally:
        kg.build.process_document = original  # type: ignore[assignment]


def test_store_refuses_an_incompatible_store(cached: None, tmp_path: Path, runner: CliRunner) -> None:
    store = tmp_path / "s"
    build_to_store(store, list(_docs())[:1])
    db = sqlite3.connect(store / "index.sqlite")
    db.execute("UPDATE meta SET value = 'feedface' WHERE name = 'ontology'")
    db.commit()
    db.close()
    with pytest.raises(InputError, match=r"was built by kg .* ontology feedface.*rebuild it"):
        build_to_store(store, list(_docs()))
    result = runner.invoke(cli, ["query", str(store), "-n", "events"])
    assert result.exit_code == 1
    assert "ontology feedface" in result.stderr
    (tmp_path / "plain").mkdir()
    (tmp_path / "plain" / "x.txt").write_text("x", encoding="utf-8")
    result = runner.invoke(cli, ["build", str(CORPUS), "--store", str(tmp_path / "plain")])
    assert result.exit_code == 1
    assert "not a kg store" in result.stderr


def test_store_update_goes_into_the_store_or_needs_an_output(runner: CliRunner, tmp_path: Path) -> None:
    store, out = tmp_path / "s", tmp_path / "g.ttl"
    _kg(runner, "build", str(CORPUS), "--store", str(store), "-o", str(out))
    insert = 'INSERT DATA { <https://example.org/x> <https://example.org/p> "kept-note" }'
    ask = 'ASK { <https://example.org/x> <https://example.org/p> "kept-note" }'
    assert _kg(runner, "query", str(store), "--update", "-e", insert).exit_code == 0
    assert _kg(runner, "query", str(store), "-e", ask, "--format", "csv").stdout.split() == ["ask", "true"]
    refused = runner.invoke(cli, ["query", str(out), "--update", "-e", insert])
    assert refused.exit_code == 2
    assert "-o FILE" in refused.stderr
    updated = tmp_path / "updated.nt"
    assert _kg(runner, "query", str(out), "--update", "-e", insert, "-o", str(updated)).exit_code == 0
    assert b"kept-note" in updated.read_bytes()
    assert b"kept-note" not in out.read_bytes()
    # the user's statements are kept by an export
    _kg(runner, "export", str(store), "-o", str(tmp_path / "e.nq"))
    assert b'"kept-note"' in (tmp_path / "e.nq").read_bytes()


def test_store_reader_sees_the_committed_generation_only(cached: None, tmp_path: Path) -> None:
    docs = list(_docs())
    store = tmp_path / "s"
    build_to_store(store, docs[:2])
    with read_store(store) as before:
        n_before = len(before.store)
        build_to_store(store, docs[2:])  # a build while a reader holds generation 1
        assert len(before.store) == n_before
        assert (store / "data-1").is_dir()  # kept for the reader
    with read_store(store) as after:
        assert len(after.store) > n_before
    build_to_store(store, docs[:1])  # unchanged: still a new generation; old ones swept
    assert sorted(p.name for p in store.glob("data-*") if p.is_dir()) == ["data-3"]
    json.loads((store / "kg-store.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("corpus", [CORPUS, SEED])
def test_provenance_facts_answers_every_shipped_query_like_all(runner: CliRunner, tmp_path: Path, corpus: Path) -> None:
    from kg.rdf.query import named_queries, query_info

    graphs = {}
    for level in ("all", "facts"):
        graphs[level] = tmp_path / f"{level}.nq"
        _kg(runner, "build", str(corpus), "--published", "2020-08-20", "--provenance", level, "-o", str(graphs[level]))
    assert graphs["facts"].stat().st_size < graphs["all"].stat().st_size
    params = {"name": {"organization": "保定市公安局", "person": "李某某"}}
    for name, path in named_queries().items():
        args = [f"{p}={params[p][name]}" for p in query_info(path).params]
        rows = {}
        for level, graph in graphs.items():
            result = _kg(runner, "query", str(graph), "-n", name, "--format", "csv",
                         *[x for a in args for x in ("-p", a)])  # fmt: skip
            assert result.exit_code == 0, result.output
            rows[level] = sorted(result.stdout.splitlines())
        assert rows["all"] == rows["facts"], name
    store = tmp_path / "s"
    _kg(runner, "build", str(corpus), "--store", str(store), "--provenance", "facts")
    refused = runner.invoke(cli, ["build", str(corpus), "--store", str(store), "--provenance", "all"])
    assert refused.exit_code == 1
    assert "keeps --provenance facts" in refused.stderr
