"""kg explain (where did this come from) and kg stats (a graph on one screen): #10.14, #10.15."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.build import BuildResult
from kg.cli import cli
from kg.rdf.store import RdfFormat, serialize, write_atomic

pytestmark = pytest.mark.issue(10)


@pytest.fixture(scope="module")
def seed_ttl(seed_build: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("explain") / "seed.ttl"
    write_atomic(path, serialize(seed_build.quads, RdfFormat.TURTLE))
    return path


def _iri(runner: CliRunner, graph: Path, sparql: str) -> str:
    result = runner.invoke(cli, ["query", str(graph), "-e", sparql, "--format", "tsv"])
    assert result.exit_code == 0, result.stderr
    return result.stdout.splitlines()[1]


ARREST_31 = """SELECT ?e WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label> "抓获"@zh ;
  <https://example.org/kg/ontology#quantity> ?q . ?q <https://schema.org/value> ?v FILTER(?v = 31) }"""


def test_explain_an_event(runner: CliRunner, seed_ttl: Path) -> None:
    event = _iri(runner, seed_ttl, ARREST_31)
    result = runner.invoke(cli, ["explain", str(seed_ttl), "-t", event])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith("event 抓获 31名 2020-07-08 (Arrest)")
    assert "agent: 保定市公安局" in out
    assert "hebei-telecom-fraud-2020, characters 197–199 · rule trigger 抓获 (Arrest)" in out
    assert "团伙,【抓获】犯罪嫌疑人31名" in out  # the sentence, the trigger marked


def test_explain_a_figure_names_its_event(runner: CliRunner, seed_ttl: Path) -> None:
    event = _iri(runner, seed_ttl, ARREST_31)
    figure = _iri(runner, seed_ttl, f"SELECT ?q WHERE {{ <{event}> <https://example.org/kg/ontology#quantity> ?q }}")
    result = runner.invoke(cli, ["explain", str(seed_ttl), "-t", figure, "--format", "json"])
    found = json.loads(result.stdout)
    assert found["kind"] == "figure"
    facts = {f["name"]: f["value"] for f in found["facts"]}
    assert (facts["value"], facts["unit"], facts["counts"]) == ("31", "名", "犯罪嫌疑人")
    assert event in facts["event"]
    ev = found["evidence"][0]
    assert (ev["doc"], ev["begin"], ev["end"]) == ("hebei-telecom-fraud-2020", 204, 207)
    assert "【31名】" in ev["sentence"]


def test_explain_an_entity_by_name_with_rules_and_documents(runner: CliRunner, seed_ttl: Path) -> None:
    result = runner.invoke(cli, ["explain", str(seed_ttl), "-t", "保定市公安局"])
    assert result.exit_code == 0, result.stderr
    assert "kg:PoliceAgency" in result.stdout
    assert "指导【保定市公安局】成功打掉" in result.stdout
    assert "· rule org" in result.stdout
    assert "named by 1 document(s): hebei-telecom-fraud-2020" in result.stdout


def test_explain_a_misspelt_name_suggests(runner: CliRunner, seed_ttl: Path) -> None:
    result = runner.invoke(cli, ["explain", str(seed_ttl), "-t", "保定市公安"])
    assert result.exit_code == 1
    assert "did you mean 保定市公安局" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_explain_reports_restatements_in_other_documents(runner: CliRunner, tmp_path: Path) -> None:
    docs = tmp_path / "docs.jsonl"
    text = "今年以来,南宁市公安局抓获电信网络诈骗犯罪嫌疑人312名。"
    docs.write_text("\n".join(json.dumps({"id": i, "published": "2021-03-05", "text": text}, ensure_ascii=False)
                              for i in ("first", "second")), encoding="utf-8")  # fmt: skip
    graph = tmp_path / "g.ttl"
    assert runner.invoke(cli, ["build", str(docs), "-o", str(graph)]).exit_code == 0
    event = _iri(runner, graph, """SELECT ?e WHERE { ?e <https://schema.org/subjectOf>/<https://schema.org/identifier> "first" ;
      <https://example.org/kg/ontology#quantity> ?q }""")
    result = runner.invoke(cli, ["explain", str(graph), "-t", event])
    assert "also reported by 1 document(s): second" in result.stdout


def test_figure_queries_carry_the_source_sentence(runner: CliRunner, seed_ttl: Path) -> None:
    for name in ("quantities", "statistics", "arrests_by_agency", "funds_frozen_by_place"):
        result = runner.invoke(cli, ["query", str(seed_ttl), "-n", name, "--format", "jsonl"])
        rows = [json.loads(x) for x in result.stdout.splitlines()]
        assert rows, name
        assert all(r.get("sentence") for r in rows), name


def test_stats_on_one_screen(runner: CliRunner, seed_ttl: Path, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["stats", str(seed_ttl)])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) <= 24
    assert all(len(x) <= 130 for x in lines)
    assert lines[0].startswith("documents  1: 1 dated (option 1), 0 undated")
    assert any(x.startswith("events  49: ") for x in lines)
    assert any(x.startswith("entities  ") and "Organization" in x for x in lines)
    assert any(x.startswith("figures  26: by unit: ") for x in lines)
    assert any("河北省公安机关" in x for x in lines if x.startswith("top organisations"))
    data = json.loads(runner.invoke(cli, ["stats", str(seed_ttl), "--format", "json"]).stdout)
    assert data["documents"] == {"option": 1}
    assert data["events"]["Arrest"] == 5
    assert sum(data["figures"].values()) == 26
