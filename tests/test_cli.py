"""The command line through click's CliRunner: streams, exit codes, formats."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner

from kg.cli import cli

from .conftest import SEED

SEED_ARGS = [str(SEED), "--published", "2020-08-20"]


def _build(runner: CliRunner, *args: str, **kw):  # type: ignore[no-untyped-def]
    return runner.invoke(cli, ["build", *args], **kw)


def test_cli_build_writes_turtle_to_stdout_and_summary_to_stderr(runner: CliRunner) -> None:
    result = _build(runner, *SEED_ARGS)
    assert result.exit_code == 0, result.stderr
    g = rdflib.Graph().parse(data=result.stdout, format="turtle")
    assert len(g) > 1000
    assert result.stderr.startswith("built 1 document(s)")
    assert "@prefix" in result.stdout
    assert "built" not in result.stdout


@pytest.mark.parametrize("fmt", ["ttl", "nt", "nq", "trig", "jsonld", "xml"])
def test_cli_build_every_format_round_trips(runner: CliRunner, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"seed.{fmt}"
    assert _build(runner, *SEED_ARGS, "-o", str(out)).exit_code == 0
    ox_fmt = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
              "nq": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG,
              "jsonld": ox.RdfFormat.JSON_LD, "xml": ox.RdfFormat.RDF_XML}[fmt]  # fmt: skip
    quads = list(ox.parse(path=str(out), format=ox_fmt))
    reference = _build(runner, *SEED_ARGS, "--format", "nt")
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
    expected = set(ox.parse(reference.stdout_bytes, format=ox.RdfFormat.N_TRIPLES))
    assert {ox.Triple(t.subject, t.predicate, t.object) for t in expected} == triples


def test_cli_build_quad_formats_keep_one_graph_per_document(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "g.nq"
    assert _build(runner, *SEED_ARGS, "-o", str(out)).exit_code == 0
    graphs = {str(q.graph_name) for q in ox.parse(path=str(out), format=ox.RdfFormat.N_QUADS)}
    assert any("graph/seeds/hebei-telecom-fraud-2020" in g for g in graphs)


def test_cli_build_is_byte_identical_across_runs(runner: CliRunner) -> None:
    first = _build(runner, *SEED_ARGS).stdout_bytes
    second = _build(runner, *SEED_ARGS).stdout_bytes
    assert first == second


def test_cli_build_reads_stdin(runner: CliRunner) -> None:
    text = "今年以来,临沧市公安机关共破获毒品刑事案件412起。"
    result = _build(runner, "-", "--input-format", "txt", "--published", "2022-06-24", input=text)
    assert result.exit_code == 0, result.stderr
    assert "412" in result.stdout


def test_cli_build_missing_file_is_a_usage_error(runner: CliRunner) -> None:
    result = _build(runner, "no/such/file.txt")
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_cli_build_skips_bad_jsonl_lines_and_builds_the_rest(runner: CliRunner, tmp_path: Path) -> None:
    f = tmp_path / "docs.jsonl"
    good = {"id": "ok", "published": "2021-03-05", "text": "今年以来,南充市公安机关抓获犯罪嫌疑人312名。"}
    f.write_text("\n".join([json.dumps(good, ensure_ascii=False), "{not json", '{"id": "x"}',
                            '{"id": "y", "text": 5}', "[1, 2]"]), encoding="utf-8")  # fmt: skip
    result = _build(runner, str(f))
    assert result.exit_code == 0
    assert "312" in result.stdout
    assert result.stderr.count("\nskipped ") + result.stderr.startswith("skipped ") == 4
    assert result.stderr.rstrip().endswith("4 skipped")
    assert "not JSON" in result.stderr
    assert 'no "text" field' in result.stderr
    assert '"text" is not a string' in result.stderr
    assert "not a JSON object" in result.stderr


def test_cli_build_strict_fails_on_any_skip(runner: CliRunner, tmp_path: Path) -> None:
    f = tmp_path / "docs.jsonl"
    f.write_text('{"id": "a", "text": "抓获犯罪嫌疑人3名。"}\n{oops\n', encoding="utf-8")
    out = tmp_path / "g.ttl"
    result = _build(runner, str(f), "--strict", "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr.rstrip().splitlines()[-1].startswith("Error: ")
    assert not out.exists()


def test_cli_build_undecodable_file_is_reported_not_raised(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02\xff\xfe\x00garbage\x00" * 10)
    good = tmp_path / "good.txt"
    good.write_text("2021年3月5日\n抓获犯罪嫌疑人5名。", encoding="utf-8")
    result = _build(runner, str(bad), str(good))
    assert result.exit_code == 0
    assert "skipped" in result.stderr
    assert "binary" in result.stderr
    assert "Traceback" not in result.output


def test_cli_build_unknown_suffix_without_format_is_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    result = _build(runner, *SEED_ARGS, "-o", str(tmp_path / "g.unknown"))
    assert result.exit_code == 2
    assert "--format" in result.stderr


def test_cli_build_bad_published_date_is_usage_error(runner: CliRunner) -> None:
    result = _build(runner, str(SEED), "--published", "20-8-2020")
    assert result.exit_code == 2


@pytest.fixture
def seed_graph(runner: CliRunner, tmp_path: Path) -> Path:
    out = tmp_path / "seed.ttl"
    assert _build(runner, *SEED_ARGS, "-o", str(out)).exit_code == 0
    return out


def test_cli_query_named_events_as_csv(runner: CliRunner, seed_graph: Path) -> None:
    result = runner.invoke(cli, ["query", str(seed_graph), "--name", "events", "--format", "csv"])
    assert result.exit_code == 0, result.stderr
    header = result.stdout.splitlines()[0].split(",")
    assert header[:9] == ["doc", "event", "type", "agent", "place", "start", "end", "crimeType", "yoy"]


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json", "jsonl"])
def test_cli_query_formats(runner: CliRunner, seed_graph: Path, fmt: str) -> None:
    q = "SELECT ?doc WHERE { ?d a <https://schema.org/NewsArticle> ; <https://schema.org/identifier> ?doc }"
    result = runner.invoke(cli, ["query", str(seed_graph), "-e", q, "--format", fmt])
    assert result.exit_code == 0
    assert "hebei-telecom-fraud-2020" in result.stdout
    if fmt == "json":  # W3C SPARQL 1.1 Query Results JSON
        assert json.loads(result.stdout) == {
            "head": {"vars": ["doc"]},
            "results": {"bindings": [{"doc": {"type": "literal", "value": "hebei-telecom-fraud-2020"}}]},
        }
    if fmt == "jsonl":
        assert [json.loads(x) for x in result.stdout.splitlines()] == [{"doc": "hebei-telecom-fraud-2020"}]


def test_cli_query_invalid_sparql_exits_1_with_one_line(runner: CliRunner, seed_graph: Path) -> None:
    result = runner.invoke(cli, ["query", str(seed_graph), "-e", "SELEKT ?x WHERE {"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Error: invalid SPARQL")
    assert len(result.stderr.strip().splitlines()) == 1


def test_cli_query_refuses_updates_and_service(runner: CliRunner, seed_graph: Path) -> None:
    upd = runner.invoke(cli, ["query", str(seed_graph), "-e", "DELETE WHERE { ?s ?p ?o }"])
    assert upd.exit_code == 1
    assert "read-only" in upd.stderr
    svc = "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"
    res = runner.invoke(cli, ["query", str(seed_graph), "-e", svc])
    assert res.exit_code == 1
    assert "SERVICE" in res.stderr


def test_cli_query_unknown_name_lists_available(runner: CliRunner, seed_graph: Path) -> None:
    result = runner.invoke(cli, ["query", str(seed_graph), "--name", "nope"])
    assert result.exit_code == 1
    assert "entities" in result.stderr


def test_cli_query_param_binds_a_name(runner: CliRunner, seed_graph: Path) -> None:
    result = runner.invoke(cli, ["query", str(seed_graph), "-n", "person", "-p", "name=李某某",
                                 "--format", "jsonl"])  # fmt: skip
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert any(r["eventType"].endswith("Arrest") and r["groupSize"] == 12 for r in rows)


def test_cli_query_list(runner: CliRunner, seed_graph: Path) -> None:
    result = runner.invoke(cli, ["query", str(seed_graph), "--list"])
    names = {line.split()[0] for line in result.stdout.splitlines() if not line.startswith(" ")}
    assert {"entities", "events", "quantities", "arrests_by_agency"} <= names


def test_cli_extract_json_offsets_point_into_the_text(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["extract", *SEED_ARGS, "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    text = SEED.read_text(encoding="utf-8")
    for m in data["mentions"]:
        assert text[m["start"] : m["end"]] == m["text"]
    assert any(e["type"] == "Arrest" for e in data["events"])


def test_cli_extract_table(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["extract", *SEED_ARGS, "--layer", "events"])
    assert result.exit_code == 0
    assert "CaseSolved" in result.stdout


def test_cli_version_and_help(runner: CliRunner) -> None:
    assert runner.invoke(cli, ["--version"]).exit_code == 0
    for command in cli.commands:
        result = runner.invoke(cli, [command, "--help"])
        assert result.exit_code == 0
        assert "Example" in result.stdout


def test_cli_build_jobs_give_the_same_bytes(runner: CliRunner, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for i, n in enumerate((12, 30, 7)):
        (docs / f"d{i}.txt").write_text(f"2021年3月5日\n今年以来，某市公安局抓获犯罪嫌疑人{n}名。", encoding="utf-8")
    one = _build(runner, str(docs), "--format", "nq")
    two = _build(runner, str(docs), "--format", "nq", "--jobs", "2")
    assert one.exit_code == two.exit_code == 0
    assert one.stdout_bytes == two.stdout_bytes
