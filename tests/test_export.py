"""``kg export``: graph files read back by NetworkX, pictures, pages and RDF pass-through."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.analyze.project import find_node, project
from kg.build import BuildResult
from kg.cli import cli
from kg.export import edges_path, guess_format
from kg.rdf.store import RdfFormat, serialize, write_atomic
from kg.view.html import render_html


@pytest.fixture(scope="module")
def seed_file(seed_build: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export") / "seed.nq"
    write_atomic(path, serialize(seed_build.quads, RdfFormat.NQUADS))
    return path


@pytest.fixture(scope="module")
def store(seed_build: BuildResult) -> ox.Store:
    st = ox.Store()
    st.extend(seed_build.quads)
    return st


def _export(runner: CliRunner, seed_file: Path, out: Path, *extra: str) -> None:
    result = runner.invoke(cli, ["export", str(seed_file), "-o", str(out), *extra])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""


def _edge_set(g: nx.Graph) -> set[frozenset[str]]:
    return {frozenset(e) for e in g.edges}


@pytest.mark.parametrize("view", ["bipartite", "cooperation", "org-hierarchy"])
@pytest.mark.parametrize(("suffix", "read"), [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_export_graph_files_round_trip(
    runner: CliRunner, seed_file: Path, store: ox.Store, tmp_path: Path, view: str, suffix: str, read: object
) -> None:
    out = tmp_path / f"g.{suffix}"
    _export(runner, seed_file, out, "--view", view)
    expected = project(store, view)
    back = read(out)  # type: ignore[operator]
    assert set(back.nodes) == set(expected.nodes)
    assert _edge_set(back) == _edge_set(expected)
    assert back.is_directed() == expected.is_directed()
    some = sorted(expected.nodes)[0]
    assert back.nodes[some]["label"] == expected.nodes[some]["label"]
    if not expected.is_directed():
        a, b = sorted(expected.edges)[0]
        assert int(back.edges[a, b]["weight"]) == expected.edges[a, b]["weight"]


def test_export_csv_writes_nodes_and_edges(runner: CliRunner, seed_file: Path, store: ox.Store, tmp_path: Path) -> None:
    out = tmp_path / "coop.csv"
    _export(runner, seed_file, out, "--view", "cooperation")
    nodes = list(csv.DictReader(out.open(encoding="utf-8")))
    edges = list(csv.DictReader(edges_path(out).open(encoding="utf-8")))
    g = project(store, "cooperation")
    assert {r["id"] for r in nodes} == set(g.nodes)
    assert {frozenset((r["source"], r["target"])) for r in edges} == _edge_set(g)
    hb = next(r for r in nodes if r["label"] == "河北省公安厅")
    assert hb["degree"] == str(g.degree(find_node(g, "河北省公安厅")))


def test_export_nodelink_round_trip(runner: CliRunner, seed_file: Path, store: ox.Store, tmp_path: Path) -> None:
    out = tmp_path / "g.json"
    _export(runner, seed_file, out, "--view", "crime-platform")
    back = nx.node_link_graph(json.loads(out.read_text(encoding="utf-8")), edges="edges")
    g = project(store, "crime-platform")
    assert set(back.nodes) == set(g.nodes)
    assert _edge_set(back) == _edge_set(g)


@pytest.mark.parametrize("fmt", ["ttl", "nt", "nq", "trig", "jsonld"])
def test_export_rdf_passes_through(runner: CliRunner, seed_file: Path, seed_build: BuildResult,
                                   tmp_path: Path, fmt: str) -> None:  # fmt: skip
    out = tmp_path / f"g.{fmt}"
    _export(runner, seed_file, out)
    st = ox.Store()
    st.bulk_load(path=str(out), format=RdfFormat(fmt).ox)
    triples = {(q.subject, q.predicate, q.object) for q in st}
    assert triples == {(q.subject, q.predicate, q.object) for q in seed_build.quads}


@pytest.mark.parametrize(("suffix", "magic"), [("svg", b"<?xml"), ("png", b"\x89PNG")])
def test_export_picture_is_deterministic(runner: CliRunner, seed_file: Path, tmp_path: Path,
                                         suffix: str, magic: bytes) -> None:  # fmt: skip
    a, b = tmp_path / f"a.{suffix}", tmp_path / f"b.{suffix}"
    _export(runner, seed_file, a, "--top", "25")
    _export(runner, seed_file, b, "--top", "25")
    assert a.read_bytes().startswith(magic)
    assert a.read_bytes() == b.read_bytes()


def test_export_html_is_self_contained(runner: CliRunner, seed_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "seed.html"
    _export(runner, seed_file, out)
    page = out.read_text(encoding="utf-8")
    assert "vis-network" in page  # inlined, with its licence header
    assert "@license" in page
    assert "<script src" not in page
    assert "<link" not in page
    assert page.count("</script>") == 3  # data, library, view: nothing else closes a script


def test_export_html_escapes_document_text(store: ox.Store) -> None:
    g = project(store, "cooperation")
    node = sorted(g.nodes)[0]
    evil = '</script><script>alert("x")</script>&amp;'
    g.nodes[node]["label"] = evil
    page = render_html(g, {}, {node: [{"doc": "d", "text": evil}]}, title=evil)
    assert evil not in page
    assert "\\u003c/script\\u003e\\u003cscript\\u003ealert" in page
    assert "<title>&lt;/script&gt;" in page


def test_export_around_and_top_filter(runner: CliRunner, seed_file: Path, store: ox.Store, tmp_path: Path) -> None:
    out = tmp_path / "around.graphml"
    _export(runner, seed_file, out, "--around", "保定市公安局满城分局反诈中心", "--depth", "1")
    g = project(store, "bipartite")
    centre = find_node(g, "保定市公安局满城分局反诈中心")
    assert set(nx.read_graphml(out).nodes) == {centre, *g[centre]}
    top = tmp_path / "top.graphml"
    _export(runner, seed_file, top, "--top", "5")
    assert nx.read_graphml(top).number_of_nodes() == 5


def test_export_to_stdout(runner: CliRunner, seed_file: Path) -> None:
    result = runner.invoke(cli, ["export", str(seed_file), "-o", "-", "--format", "nodelink",
                                 "--view", "place-hierarchy"])  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert len(data["nodes"]) >= 2


@pytest.mark.parametrize(
    "args",
    [["-o", "g.unknown"], ["-o", "-"], ["-o", "-", "--format", "png"], ["-o", "-", "--format", "csv"],
     ["-o", "g.graphml", "--view", "nope"]],
)  # fmt: skip
def test_export_usage_errors_exit_2(runner: CliRunner, seed_file: Path, args: list[str]) -> None:
    result = runner.invoke(cli, ["export", str(seed_file), *args])
    assert result.exit_code == 2, result.output
    assert result.stdout == ""


def test_export_unknown_around_exits_1(runner: CliRunner, seed_file: Path, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["export", str(seed_file), "-o", str(tmp_path / "x.html"), "--around", "没有"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert not (tmp_path / "x.html").exists()


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("a.graphml", "graphml"), ("a.GEXF", "gexf"), ("a.json", "nodelink"), ("a.jsonld", "jsonld"),
     ("a.htm", "html"), ("a.ttl", "ttl"), ("a.xyz", None)],
)  # fmt: skip
def test_export_guess_format(name: str, fmt: str | None) -> None:
    assert guess_format(Path(name)) == fmt
