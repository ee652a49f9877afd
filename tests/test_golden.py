"""The seed document's graph and query results against golden files.

``pytest --update-golden`` rewrites them; a golden diff in a commit is the behaviour change.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg.build import BuildResult
from kg.rdf.query import ResultTable, format_rows, named_queries, run_query
from kg.rdf.store import RdfFormat, serialize

from .conftest import DATA

GOLDEN = DATA / "golden" / "hebei-telecom-fraud-2020"
CONTRACT = ("entities", "events", "quantities")


def _write_or_compare(path: Path, data: str, update: bool) -> None:
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(data, encoding="utf-8")
        return
    assert path.exists(), f"{path} missing: run pytest --update-golden"
    expected = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert list(csv.reader(io.StringIO(data))) == expected


def test_golden_seed_graph_is_isomorphic(seed_build: BuildResult, update_golden: bool) -> None:
    data = serialize(seed_build.quads, RdfFormat.TURTLE).decode("utf-8")
    path = GOLDEN / "graph.ttl"
    if update_golden:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(data, encoding="utf-8")
    got = rdflib.Graph().parse(data=data, format="turtle")
    want = rdflib.Graph().parse(path, format="turtle")
    if not isomorphic(got, want):
        _, only_got, only_want = graph_diff(to_isomorphic(got), to_isomorphic(want))
        lines = [f"+ {t}" for t in sorted(only_got)[:20]] + [f"- {t}" for t in sorted(only_want)[:20]]
        pytest.fail("seed graph differs from golden:\n" + "\n".join(lines))


@pytest.mark.parametrize("name", CONTRACT)
def test_golden_seed_contract_queries(seed_build: BuildResult, update_golden: bool, name: str) -> None:
    store = ox.Store()
    store.extend(seed_build.quads)
    text = named_queries()[name].read_text(encoding="utf-8")
    result = run_query(store, text)
    assert isinstance(result, ResultTable)
    keep = [i for i, v in enumerate(result.variables) if v not in {"event", "entity"}]
    table = ResultTable([result.variables[i] for i in keep], [[r[i] for i in keep] for r in result.rows])
    rows = format_rows(table, "csv")
    head, *body = rows.splitlines()
    _write_or_compare(GOLDEN / f"{name}.csv", "\n".join([head, *sorted(set(body))]) + "\n", update_golden)


def test_golden_contract_queries_agree_between_oxigraph_and_rdflib(seed_build: BuildResult) -> None:
    """The scorer runs the queries with rdflib: both engines must give the same rows."""
    data = serialize(seed_build.quads, RdfFormat.NTRIPLES)
    g = rdflib.Graph().parse(data=data.decode("utf-8"), format="nt")
    store = ox.Store()
    store.extend(seed_build.quads)
    for name in CONTRACT:
        text = named_queries()[name].read_text(encoding="utf-8")
        ox_rows = run_query(store, text)
        assert isinstance(ox_rows, ResultTable)
        rdflib_rows = list(g.query(text))
        assert len(rdflib_rows) == len(ox_rows.rows), name
