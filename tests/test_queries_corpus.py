"""Every shipped query on a corpus whose documents share entities (tests/data/sets/corpus).

Four reports of our own: a province's quarterly review, a portal's repost of one of its
figures, a district bureau's case and a city's brief. They share the province's police,
the city bureau, the city and a district, and each has its own pseudonymous 张某. A label
may then sit in another document than the event (the police of 徐州市 is named only in the
repost; 铜山区 only in the brief), which is where queries that join on the document lose rows.
Each query runs on Oxigraph (``kg query``) and on rdflib over the Turtle file plus every
ontology/*.ttl (as the shared scorer runs it); both must give the same rows.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner

from kg.cli import cli
from kg.rdf.query import ResultTable, named_queries, read_named_query, run_query
from kg.rdf.store import load_graph
from kg.resources import ontology_dir

from .conftest import DATA

CORPUS = DATA / "sets" / "corpus" / "docs.jsonl"
KG = "https://example.org/kg/ontology#"
SEM = "http://semanticweb.cs.vu.nl/2009/11/sem/"
SCHEMA = "https://schema.org/"
PARAMS = {"organization": {"name": "徐州市公安局"}, "person": {"name": "张某"}}

Row = dict[str, str | None]


@pytest.fixture(scope="module")
def corpus_ttl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus") / "corpus.ttl"
    result = CliRunner().invoke(cli, ["build", str(CORPUS), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def store(corpus_ttl: Path) -> ox.Store:
    return load_graph([corpus_ttl])


@pytest.fixture(scope="module")
def rdflib_graph(corpus_ttl: Path) -> rdflib.Graph:
    g = rdflib.Graph().parse(corpus_ttl)
    for ttl in sorted(ontology_dir().glob("*.ttl")):
        g.parse(ttl)
    return g


def _rows(store: ox.Store, name: str) -> list[Row]:
    table = run_query(store, read_named_query(name), params=PARAMS.get(name))
    assert isinstance(table, ResultTable)
    return [
        {v: None if c is None else c.value for v, c in zip(table.variables, r, strict=True)}  # type: ignore[union-attr]
        for r in table.rows
    ]


def _rdflib_rows(g: rdflib.Graph, name: str) -> list[Row]:
    bindings = {k: rdflib.Literal(v) for k, v in PARAMS.get(name, {}).items()}
    result = g.query(read_named_query(name), initBindings=bindings)
    names = [str(v) for v in result.vars or []]
    return [{v: None if row[v] is None else str(row[v]) for v in names} for row in result]  # type: ignore[index]


def _key(row: Row) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((k, v or "") for k, v in row.items()))


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_query_gives_rows_on_the_corpus_and_the_same_rows_under_rdflib(
    store: ox.Store, rdflib_graph: rdflib.Graph, name: str
) -> None:
    rows = _rows(store, name)
    assert rows, f"{name} gives no row on the corpus"
    assert sorted(map(_key, rows)) == sorted(map(_key, _rdflib_rows(rdflib_graph, name)))


def _by_event(rows: list[Row], column: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        assert r["event"] is not None
        out[r["event"]]  # every event listed, with or without a value
        if r[column] is not None:
            out[r["event"]].add(r[column])
    return out


@pytest.mark.parametrize(("column", "prop"), [("agent", KG + "agent"), ("place", SEM + "hasPlace")])
def test_events_query_keeps_every_agent_and_place_of_every_event(
    store: ox.Store, column: str, prop: str
) -> None:
    listed = _by_event(_rows(store, "events"), column)
    for q in store.quads_for_pattern(None, ox.NamedNode(prop), None):
        assert listed[q.subject.value], f"{q.subject.value} lost its {column} {q.object.value}"  # type: ignore[union-attr]


def _labels(store: ox.Store, doc: str, column: str, etype: str) -> set[str]:
    return {
        r[column]
        for r in _rows(store, "events")
        if r["doc"] == doc and r["type"] == KG + etype and r[column] is not None
    }


def test_events_label_is_the_documents_own_name_else_the_canonical_one(store: ox.Store) -> None:
    # the repost names the province's police 全省公安机关, the review 江苏省公安机关: one node
    assert _labels(store, "jiangsu-quarter-repost", "agent", "Arrest") == {"全省公安机关"}
    assert _labels(store, "jiangsu-quarter-review", "agent", "Arrest") == {"江苏省公安机关", "徐州市公安局"}
    # named only in another document (the repost's 徐州公安机关, the brief's 铜山区): canonical names
    assert _labels(store, "xuzhou-brief", "agent", "Arrest") == {"徐州市公安机关"}
    assert _labels(store, "tongshan-case", "place", "Arrest") == {"铜山区"}
    assert _labels(store, "tongshan-case", "agent", "Arrest") == {"徐州市公安局铜山分局"}


def test_entities_query_one_node_per_shared_entity_pseudonyms_per_document(store: ox.Store) -> None:
    rows = _rows(store, "entities")
    nodes: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        assert r["label"] is not None
        assert r["entity"] is not None
        nodes[r["label"]].add(r["entity"])
    by_doc = {(r["doc"], r["label"]): r["entity"] for r in rows}
    police = by_doc[("jiangsu-quarter-review", "江苏省公安机关")]
    assert by_doc[("jiangsu-quarter-repost", "全省公安机关")] == police
    assert len(nodes["徐州市公安局"]) == 1
    assert len(nodes["张某"]) == 2  # two people called 张某 in two reports


def test_person_query_keeps_each_pseudonym_in_its_own_document(store: ox.Store) -> None:
    rows = _rows(store, "person")
    assert {r["doc"] for r in rows} == {"tongshan-case", "xuzhou-brief"}
    for r in rows:
        assert r["sentence"] is not None
        assert "张某" in r["sentence"]
    assert {(r["doc"], r["groupSize"]) for r in rows} == {("tongshan-case", "5"), ("xuzhou-brief", "3")}


def test_organization_query_lists_the_organisation_not_its_references(store: ox.Store) -> None:
    rows = _rows(store, "organization")
    assert rows
    assert all(r["role"] == "agent" for r in rows), rows  # no row without an event
    assert {(r["eventType"], r["value"]) for r in rows} == {(KG + "Arrest", "185"), (KG + "CaseSolved", "210")}


def test_arrests_by_province_quarter_counts_a_reposted_figure_once(store: ox.Store) -> None:
    rows = _rows(store, "arrests_by_province_quarter")
    assert [(r["province"], r["year"], r["quarter"], r["suspects"], r["reports"]) for r in rows] == [
        ("江苏省", "2023", "1", "2650", "2")
    ]


def test_crime_types_by_platform_counts_documents(store: ox.Store) -> None:
    rows = {(r["platform"], r["crimeType"]): r["documents"] for r in _rows(store, "crime_types_by_platform")}
    assert rows[("抖音", "刷单返利类诈骗")] == "1"
    assert ("抖音", "帮助信息网络犯罪活动罪") not in rows  # 抖音 and 帮信 never share a document
