"""Issue #10 items 3, 4 and 13: mistakes are one-line errors, graphs come from anywhere,
and the commands share their options."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.build import BuildResult
from kg.cli import cli
from kg.rdf.store import RdfFormat, serialize, write_atomic

from .conftest import SEED

pytestmark = pytest.mark.issue(10)
SEED_ARGS = [str(SEED), "--published", "2020-08-20"]


@pytest.fixture(scope="module")
def seed_ttl(seed_build: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("edges") / "seed.ttl"
    write_atomic(path, serialize(seed_build.quads, RdfFormat.TURTLE))
    return path


def _one_line_error(result, code: int = 1) -> str:  # type: ignore[no-untyped-def]
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 or (code == 2 and lines[-1].startswith("Error")), result.stderr
    return lines[-1]


# ------------------------------------------------------------------ item 3
def test_named_query_without_its_param_is_an_error(runner: CliRunner, seed_ttl: Path) -> None:
    err = _one_line_error(runner.invoke(cli, ["query", str(seed_ttl), "-n", "person"]))
    assert "needs --param name=" in err


def test_misspelt_param_names_the_nearest(runner: CliRunner, seed_ttl: Path) -> None:
    err = _one_line_error(runner.invoke(cli, ["query", str(seed_ttl), "-n", "person", "-p", "nmae=李某某"]))
    assert "needs --param name" in err or "did you mean name" in err
    err = _one_line_error(runner.invoke(cli, ["query", str(seed_ttl), "-n", "person", "-p", "name=李某某",
                                              "-p", "nmae=x"]))  # fmt: skip
    assert "?nmae" in err
    assert "did you mean name" in err


def test_param_for_a_query_without_that_variable(runner: CliRunner, seed_ttl: Path) -> None:
    err = _one_line_error(runner.invoke(cli, ["query", str(seed_ttl), "-e", "SELECT ?s WHERE { ?s ?p ?o }",
                                              "-p", "name=x"]))  # fmt: skip
    assert "no variable ?name" in err


def test_misspelt_query_name_names_the_nearest(runner: CliRunner, seed_ttl: Path) -> None:
    err = _one_line_error(runner.invoke(cli, ["query", str(seed_ttl), "-n", "evnts"]))
    assert "did you mean events" in err


def test_unknown_event_type_names_the_nearest(runner: CliRunner, seed_ttl: Path) -> None:
    err = _one_line_error(runner.invoke(cli, ["analyze", str(seed_ttl), "--timeseries", "--event-type", "Arest"]))
    assert "did you mean Arrest" in err


def test_unknown_node_names_the_nearest(runner: CliRunner, seed_ttl: Path) -> None:
    err = _one_line_error(runner.invoke(cli, ["export", str(seed_ttl), "-o", "-", "--format", "nodelink",
                                              "--around", "保定市公安"]))  # fmt: skip
    assert "did you mean" in err
    assert "保定市公安局" in err


@pytest.mark.parametrize("command", ["validate", "query", "analyze", "export"])
@pytest.mark.parametrize(("name", "content", "expected"), [
    ("empty.ttl", b"", "is empty"),
    ("prefixes.ttl", b"@prefix a: <http://example.org/> .\n", "no RDF statements"),
    ("plain.json", b'{"a": [1, 2]}', "no RDF statements"),
    ("view.json", b'{"directed": false, "graph": {}, "nodes": [{"id": "x"}], "edges": []}', "node-link"),
])  # fmt: skip
def test_a_graph_without_statements_is_an_error(
    runner: CliRunner, tmp_path: Path, command: str, name: str, content: bytes, expected: str
) -> None:
    f = tmp_path / name
    f.write_bytes(content)
    args = {"validate": [], "query": ["-n", "events"], "analyze": [], "export": ["-o", str(tmp_path / "x.graphml")]}
    err = _one_line_error(runner.invoke(cli, [command, str(f), *args[command]]))
    assert expected in err


# ------------------------------------------------------------------ item 4
def test_unknown_suffix_names_an_option_that_exists(runner: CliRunner, seed_ttl: Path, tmp_path: Path) -> None:
    odd = tmp_path / "graph.data"
    odd.write_bytes(seed_ttl.read_bytes())
    err = _one_line_error(runner.invoke(cli, ["query", str(odd), "-n", "events"]))
    assert "--input-format" in err
    ok = runner.invoke(cli, ["query", str(odd), "-n", "events", "--input-format", "ttl"])
    assert ok.exit_code == 0, ok.stderr
    assert "hebei-telecom-fraud-2020" in ok.stdout


@pytest.mark.parametrize("suffix", [".ttl.gz", ".nq.gz", ".nt.bz2", ".trig.xz"])
def test_compressed_graphs_are_read_and_written(runner: CliRunner, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"seed{suffix}"
    built = runner.invoke(cli, ["build", *SEED_ARGS, "-o", str(out)])
    assert built.exit_code == 0, built.stderr
    assert out.read_bytes()[:2] != b"@p"  # compressed, not Turtle
    plain = runner.invoke(cli, ["query", str(out), "-n", "quantities", "--format", "csv"])
    assert plain.exit_code == 0, plain.stderr
    assert "2500000000" in plain.stdout


def test_gzip_output_is_byte_identical(runner: CliRunner, tmp_path: Path) -> None:
    a, b = tmp_path / "a.ttl.gz", tmp_path / "b.ttl.gz"
    runner.invoke(cli, ["build", *SEED_ARGS, "-o", str(a)])
    runner.invoke(cli, ["build", *SEED_ARGS, "-o", str(b)])
    assert a.read_bytes() == b.read_bytes()
    assert gzip.decompress(a.read_bytes()).startswith(b"@prefix")


@pytest.mark.parametrize("fmt", ["ttl", "nt", "nq", "trig", "jsonld", "xml"])
def test_graph_from_stdin(runner: CliRunner, fmt: str) -> None:
    """kg build … | kg query - -n events, in every format build writes."""
    built = runner.invoke(cli, ["build", *SEED_ARGS, "--format", fmt])
    assert built.exit_code == 0
    result = runner.invoke(cli, ["query", "-", "-n", "events", "--format", "csv"], input=built.stdout_bytes)
    assert result.exit_code == 0, result.stderr
    assert "hebei-telecom-fraud-2020" in result.stdout
    gz = runner.invoke(cli, ["query", "-", "-n", "events", "--format", "csv"], input=gzip.compress(built.stdout_bytes))
    assert gz.stdout == result.stdout


# ------------------------------------------------------------------ item 13
def test_measure_option_is_named_alike(runner: CliRunner, seed_ttl: Path, tmp_path: Path) -> None:
    for args in (["analyze", str(seed_ttl), "-m", "pagerank"], ["analyze", str(seed_ttl), "--measure", "kcore"],
                 ["export", str(seed_ttl), "-o", str(tmp_path / "g.graphml"), "-m", "pagerank"],
                 ["export", str(seed_ttl), "-o", str(tmp_path / "g.gexf"), "--measure", "degree"]):  # fmt: skip
        result = runner.invoke(cli, args)
        assert result.exit_code == 0, (args, result.stderr)


def test_table_commands_share_their_formats() -> None:
    from kg.cli_common import TABLE_FORMATS

    for command in ("query", "analyze"):
        fmt = next(p for p in cli.commands[command].params if p.name == "fmt")
        assert tuple(fmt.type.choices) == TABLE_FORMATS  # type: ignore[attr-defined]


def test_list_needs_no_graph_and_shows_descriptions_and_params(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["query", "--list"])
    assert result.exit_code == 0, result.stderr
    assert "person --param name=…" in result.stdout
    # the whole description, not its first line: statistics' header says "never summed" on line 2
    assert "never summed" in " ".join(result.stdout.split())


def test_format_must_agree_with_the_suffix(runner: CliRunner, seed_ttl: Path, tmp_path: Path) -> None:
    svg = tmp_path / "g.svg"
    result = runner.invoke(cli, ["export", str(seed_ttl), "-o", str(svg), "--format", "png"])
    assert result.exit_code == 2
    assert "does not match" in result.stderr
    assert not svg.exists()
    result = runner.invoke(cli, ["build", *SEED_ARGS, "-o", str(tmp_path / "g.ttl"), "--format", "nt"])
    assert result.exit_code == 2


def test_jsonl_numbers_are_written_as_in_the_graph(runner: CliRunner, seed_ttl: Path) -> None:
    result = runner.invoke(cli, ["query", str(seed_ttl), "-n", "quantities", "--format", "jsonl"])
    assert result.exit_code == 0
    assert '"value": 2500000000' in result.stdout
    assert "2500000000.0" not in result.stdout
    assert "e+" not in result.stdout
    w3c = json.loads(runner.invoke(cli, ["query", str(seed_ttl), "-n", "quantities", "--format", "json"]).stdout)
    values = {b["value"]["value"] for b in w3c["results"]["bindings"]}
    assert "2500000000" in values
    datatype = next(b["value"]["datatype"] for b in w3c["results"]["bindings"])
    assert datatype == "http://www.w3.org/2001/XMLSchema#decimal"


def test_ask_is_w3c_boolean(runner: CliRunner, seed_ttl: Path) -> None:
    result = runner.invoke(cli, ["query", str(seed_ttl), "-e", "ASK { ?s ?p ?o }", "--format", "json"])
    assert json.loads(result.stdout) == {"head": {}, "boolean": True}


@pytest.mark.parametrize("command", [["query", "-n", "events"], ["analyze"]])
def test_csv_bom_for_spreadsheets(runner: CliRunner, seed_ttl: Path, command: list[str]) -> None:
    args = [command[0], str(seed_ttl), *command[1:], "--format", "csv"]
    plain = runner.invoke(cli, args)
    bom = runner.invoke(cli, [*args, "--bom"])
    assert not plain.stdout_bytes.startswith(b"\xef\xbb\xbf")
    assert bom.stdout_bytes == b"\xef\xbb\xbf" + plain.stdout_bytes


@pytest.mark.parametrize("args", [
    ["query", "{g}", "-n", "events"],
    ["analyze", "{g}", "--view", "cooperation"],
    ["validate", "{g}"],
    ["extract", "{seed}", "--published", "2020-08-20", "--layer", "events"],
])  # fmt: skip
def test_every_command_that_prints_data_takes_o(runner: CliRunner, seed_ttl: Path, tmp_path: Path,
                                                args: list[str]) -> None:  # fmt: skip
    out = tmp_path / "out.txt"
    filled = [a.format(g=seed_ttl, seed=SEED) for a in args]
    to_stdout = runner.invoke(cli, filled)
    to_file = runner.invoke(cli, [*filled, "-o", str(out)])
    assert to_file.exit_code == to_stdout.exit_code == 0, to_file.stderr
    assert to_file.stdout == ""
    assert out.read_text(encoding="utf-8") == to_stdout.stdout


@pytest.mark.parametrize("where", ["before", "after"])
def test_quiet_anywhere(runner: CliRunner, seed_ttl: Path, where: str) -> None:
    args = ["build", *SEED_ARGS]
    result = runner.invoke(cli, ["-q", *args] if where == "before" else [*args, "-q"])
    assert result.exit_code == 0
    assert result.stderr == ""
    assert "@prefix" in result.stdout
    loud = runner.invoke(cli, args)
    assert loud.stderr.startswith("built 1 document(s)")
