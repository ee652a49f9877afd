"""Projections, measures, paths, time series and ``kg analyze`` on the seed.

Expected values are worked out by hand from the seed's sentences, e.g.
"河北省公安厅指导保定市公安局成功打掉…抓获…缴获…" gives three events that
保定市公安局 and 河北省公安厅 share; "河北省公安厅联合省委网信办、省广播电台制作…" (省广播电台 is linked to 河北省广播电台: the province the report is about)
one event of all three; "携手阿里巴巴集团开展…" and "联合滴滴出行公司…" link
河北省公安厅 with the two companies. So 河北省公安厅 has five co-operators.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg import cli_analyze
from kg.analyze.metrics import METRICS, compute_metrics, metric_rows, pagerank, shortest_path
from kg.analyze.project import VIEWS, find_node, project
from kg.analyze.timeseries import observations, series_key
from kg.analyze.writeback import measure_quads
from kg.build import BuildResult
from kg.cli import cli
from kg.errors import KgError
from kg.rdf.query import ResultTable, run_query
from kg.rdf.store import RdfFormat, serialize, write_atomic

HEBEI_PARTNERS = {"保定市公安局", "省委网信办", "河北省广播电台", "阿里巴巴集团", "滴滴出行公司"}


@pytest.fixture(scope="module")
def store(seed_build: BuildResult) -> ox.Store:
    st = ox.Store()
    st.extend(seed_build.quads)
    return st


@pytest.fixture(scope="module")
def seed_file(seed_build: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("analyze") / "seed.ttl"
    write_atomic(path, serialize(seed_build.quads, RdfFormat.TURTLE))
    return path


def _labelled_edges(g: nx.Graph) -> dict[frozenset[str], dict[str, object]]:
    return {frozenset((g.nodes[a]["label"], g.nodes[b]["label"])): d for a, b, d in g.edges(data=True)}


# ------------------------------------------------------------------ projections
def test_analyze_cli_choices_match_library() -> None:
    assert list(VIEWS) == cli_analyze._VIEWS
    assert list(METRICS) == cli_analyze._METRICS


def test_analyze_cooperation_edges_from_shared_events(store: ox.Store) -> None:
    g = project(store, "cooperation")
    edges = _labelled_edges(g)
    assert edges[frozenset({"河北省公安厅", "保定市公安局"})]["weight"] == 3  # 打掉, 抓获, 缴获
    assert frozenset({"省委网信办", "河北省广播电台"}) in edges
    assert all(d["kind"] == "event" and d["documents"] == 1 for d in edges.values())
    hb = find_node(g, "河北省公安厅")
    assert {g.nodes[n]["label"] for n in g[hb]} == HEBEI_PARTNERS
    assert compute_metrics(g, ["degree"])["degree"][hb] == len(HEBEI_PARTNERS)


def test_analyze_co_acting_links_agencies_of_one_document(store: ox.Store) -> None:
    g = project(store, "co-acting")
    n = g.number_of_nodes()
    assert n >= 4
    assert g.number_of_edges() == n * (n - 1) // 2  # one document: everyone acted in it


def test_analyze_org_hierarchy_chain(store: ox.Store) -> None:
    g = project(store, "org-hierarchy")
    assert g.is_directed()
    centre = find_node(g, "保定市公安局满城分局反诈中心")
    branch = find_node(g, "保定市公安局满城分局")
    city = find_node(g, "保定市公安局")
    assert g.has_edge(centre, branch)
    assert g.has_edge(branch, city)
    assert not g.has_edge(city, branch)
    steps = shortest_path(g, centre, city)
    assert [s.label for s in steps] == ["保定市公安局满城分局反诈中心", "保定市公安局满城分局", "保定市公安局"]
    assert [s.via for s in steps] == ["", "subOrganizationOf", "subOrganizationOf"]


def test_analyze_place_hierarchy(store: ox.Store) -> None:
    g = project(store, "place-hierarchy")
    assert g.has_edge(find_node(g, "保定市"), find_node(g, "河北省"))


def test_analyze_crime_platform_is_bipartite(store: ox.Store) -> None:
    g = project(store, "crime-platform")
    kinds = {g.nodes[n]["kind"] for n in g}
    assert kinds == {"crimetype", "platform"}
    assert frozenset({"电信网络诈骗", "抖音"}) in _labelled_edges(g)
    assert all(g.nodes[a]["kind"] != g.nodes[b]["kind"] for a, b in g.edges)


def test_analyze_bipartite_roles(store: ox.Store) -> None:
    g = project(store, "bipartite")
    centre = find_node(g, "保定市公安局满城分局反诈中心")
    arrests = [e for e in g[centre] if g.nodes[e]["type"] == "kg:Arrest"]
    assert arrests
    li = find_node(g, "李某某")
    assert g.edges[arrests[0], li]["kind"] == "patient"
    assert g.nodes[li]["kind"] == "person"
    assert all(g.nodes[n]["kind"] == "event" for n in g[centre])


def test_analyze_find_node_by_alias_and_errors(store: ox.Store) -> None:
    g = project(store, "bipartite")
    assert find_node(g, "河北公安机关") == find_node(g, "河北省公安机关")  # skos:altLabel
    with pytest.raises(KgError, match="no node named"):
        find_node(g, "不存在的机构")


def test_analyze_unknown_view_is_an_error(store: ox.Store) -> None:
    with pytest.raises(KgError, match="unknown view"):
        project(store, "nope")


# ------------------------------------------------------------------ measures
def test_analyze_measures_on_a_hand_graph() -> None:
    g = nx.Graph([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("x", "y")])
    for n in g:
        g.nodes[n]["label"] = n
    v = compute_metrics(g, ["degree", "betweenness", "components", "kcore", "communities"])
    assert v["degree"] == {"a": 2, "b": 2, "c": 3, "d": 1, "x": 1, "y": 1}
    # a–d and b–d go through c: 2 pairs of the (6-1)(6-2)/2 = 10 possible
    assert v["betweenness"]["c"] == pytest.approx(2 / 10)
    assert v["components"] == {"a": 0, "b": 0, "c": 0, "d": 0, "x": 1, "y": 1}
    assert v["kcore"] == {"a": 2, "b": 2, "c": 2, "d": 1, "x": 1, "y": 1}
    assert v["communities"]["x"] == v["communities"]["y"] != v["communities"]["a"]
    header, rows = metric_rows(g, {"degree": v["degree"]}, top=2)
    assert header == ["node", "label", "kind", "degree"]
    assert [r[0] for r in rows] == ["c", "a"]


def test_analyze_pagerank_fallback_matches_networkx() -> None:
    from kg.analyze import metrics

    g = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "a"), ("d", "c")])
    g.add_edge("a", "e", weight=3)
    ours = metrics._power_iteration(g, 0.85, 1e-12)
    theirs = pagerank(g)
    assert ours == pytest.approx(theirs, abs=1e-6)


def test_analyze_measures_are_deterministic(store: ox.Store) -> None:
    g = project(store, "bipartite")
    first = compute_metrics(g, list(METRICS))
    second = compute_metrics(project(store, "bipartite"), list(METRICS))
    assert metric_rows(g, first) == metric_rows(g, second)


def test_analyze_sampled_betweenness_is_seeded(store: ox.Store) -> None:
    g = project(store, "bipartite")
    a = compute_metrics(g, ["betweenness"], samples=10)
    b = compute_metrics(g, ["betweenness"], samples=10)
    assert a == b


def test_analyze_measures_written_back_are_queryable(store: ox.Store) -> None:
    g = project(store, "cooperation")
    values = compute_metrics(g, ["degree", "pagerank"])
    st = ox.Store()
    st.extend(measure_quads(values, "cooperation"))
    st.extend(store)
    result = run_query(st, """
        PREFIX schema: <https://schema.org/>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?v WHERE { ?x rdfs:label "河北省公安厅"@zh ;
          schema:additionalProperty [ schema:name "degree" ; schema:value ?v ] }""")
    assert isinstance(result, ResultTable)
    assert [r[0].value for r in result.rows] == [str(len(HEBEI_PARTNERS))]  # type: ignore[union-attr]
    assert measure_quads(values, "cooperation") == measure_quads(values, "cooperation")


# ------------------------------------------------------------------ time series
def test_analyze_timeseries_lists_figures_without_summing(store: ox.Store) -> None:
    rows = observations(store, "Arrest")
    got = {(o.agency, o.start, o.end, int(o.value), o.unit) for o in rows}
    assert ("保定市公安局", "2020-07-08", "2020-07-08", 31, "名") in got
    assert ("保定市公安局满城分局反诈中心", "2020-05-01", "2020-05-31", 12, "人") in got
    assert ("河北省公安机关", "2020-01-01", "2020-07-31", 4059, "名") in got
    # province and city figures are separate series, nothing added up
    assert {series_key(o) for o in rows if o.place == "河北省"}.isdisjoint(
        {series_key(o) for o in rows if o.place == "保定市"})
    assert 31 + 12 not in {int(o.value) for o in rows}
    assert all(o.eventType == "Arrest" for o in rows)


# ------------------------------------------------------------------ CLI
def test_cli_analyze_default_table(runner: CliRunner, seed_file: Path) -> None:
    result = runner.invoke(cli, ["analyze", str(seed_file), "--view", "cooperation"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["node", "label", "kind", "degree"]
    assert lines[2].split()[1:] == ["河北省公安厅", "police", str(len(HEBEI_PARTNERS))]
    assert "cooperation:" in result.stderr
    assert "cooperation:" not in result.stdout


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "jsonl"])
def test_cli_analyze_formats_parse(runner: CliRunner, seed_file: Path, fmt: str) -> None:
    args = ["analyze", str(seed_file), "--view", "cooperation", "-m", "degree", "-m", "pagerank",
            "-m", "communities", "--format", fmt, "--top", "2"]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    if fmt == "json":  # W3C SPARQL results JSON, as kg query writes
        records = [{k: v["value"] for k, v in b.items()}
                   for b in json.loads(result.stdout)["results"]["bindings"]]  # fmt: skip
    elif fmt == "jsonl":
        records = [json.loads(line) for line in result.stdout.splitlines()]
    else:
        records = list(csv.DictReader(io.StringIO(result.stdout), delimiter="," if fmt == "csv" else "\t"))
    assert len(records) == 2
    assert records[0]["label"] == "河北省公安厅"
    assert int(records[0]["degree"]) == len(HEBEI_PARTNERS)
    assert float(records[0]["pagerank"]) > float(records[1]["pagerank"])


def test_cli_analyze_is_deterministic(runner: CliRunner, seed_file: Path) -> None:
    args = ["analyze", str(seed_file), *(x for m in METRICS for x in ("-m", m)), "--format", "csv"]
    first, second = runner.invoke(cli, args), runner.invoke(cli, args)
    assert first.exit_code == 0, first.output
    assert first.stdout == second.stdout


def test_cli_analyze_path(runner: CliRunner, seed_file: Path) -> None:
    result = runner.invoke(cli, ["analyze", str(seed_file), "--view", "org-hierarchy", "--path",
                                 "保定市公安局满城分局反诈中心", "保定市公安局", "--format", "jsonl"])  # fmt: skip
    assert result.exit_code == 0, result.output
    steps = [json.loads(line) for line in result.stdout.splitlines()]
    assert [s["label"] for s in steps] == ["保定市公安局满城分局反诈中心", "保定市公安局满城分局", "保定市公安局"]
    assert steps[1]["via"] == "subOrganizationOf"
    assert "—" in result.stderr


def test_cli_analyze_path_unknown_name_exits_1(runner: CliRunner, seed_file: Path) -> None:
    result = runner.invoke(cli, ["analyze", str(seed_file), "--path", "不存在", "河北省"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert result.stdout == ""


@pytest.mark.parametrize(
    "args",
    [["--view", "nope"], ["--metric", "nope"], ["--chart", "x.svg"], ["--timeseries", "--path", "a", "b"],
     ["--timeseries", "--chart", "x.pdf"]],
)  # fmt: skip
def test_cli_analyze_usage_errors_exit_2(runner: CliRunner, seed_file: Path, args: list[str]) -> None:
    result = runner.invoke(cli, ["analyze", str(seed_file), *args])
    assert result.exit_code == 2, result.output
    assert result.stdout == ""


def test_cli_analyze_timeseries_and_chart(runner: CliRunner, seed_file: Path, tmp_path: Path) -> None:
    chart = tmp_path / "arrests.svg"
    args = ["analyze", str(seed_file), "--timeseries", "--event-type", "Arrest", "--chart", str(chart),
            "--format", "csv"]  # fmt: skip
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {"保定市公安局", "河北省公安机关"} <= {r["agency"] for r in rows}
    assert chart.read_bytes().startswith(b"<?xml")
    again = tmp_path / "again.svg"
    assert runner.invoke(cli, [*args[:-4], "--chart", str(again)]).exit_code == 0
    assert again.read_bytes() == chart.read_bytes()


def test_cli_analyze_write_adds_measures(runner: CliRunner, seed_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "measured.ttl"
    result = runner.invoke(cli, ["analyze", str(seed_file), "--view", "cooperation", "--write", str(out)])
    assert result.exit_code == 0, result.output
    query = runner.invoke(cli, ["query", str(out), "--format", "csv", "-e",
        'PREFIX schema: <https://schema.org/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> '
        'SELECT ?l ?v WHERE { ?x rdfs:label ?l ; schema:additionalProperty ?m . '
        '?m schema:name "degree" ; schema:value ?v } ORDER BY DESC(?v) ?l'])  # fmt: skip
    assert query.exit_code == 0, query.output
    assert query.stdout.splitlines()[1] == f"河北省公安厅,{len(HEBEI_PARTNERS)}"
