"""scripts/sample_events.py: a seeded sample of figures from a built graph, for judging."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner

from kg.cli import cli

from .conftest import DATA, ROOT


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("sample_events", ROOT / "scripts" / "sample_events.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sample") / "times.ttl"
    result = CliRunner().invoke(cli, ["build", str(DATA / "sets" / "times" / "docs.jsonl"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_sample_is_the_same_for_a_seed_and_marks_trigger_and_figure(
    graph: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = _script()
    assert script.main([str(graph), "-n", "5", "--seed", "3"]) == 0
    first = capsys.readouterr().out
    assert script.main([str(graph), "-n", "5", "--seed", "3"]) == 0
    assert capsys.readouterr().out == first
    assert first.count("\n[") == 5
    assert "【" in first
    assert "〔" in first
    assert "period " in first
    assert script.main([str(graph), "-n", "5", "--seed", "4"]) == 0
    assert capsys.readouterr().out != first


def test_sample_shows_the_period_of_a_dated_event(graph: Path) -> None:
    pool = _script().figures(graph)
    chain = [f for f in pool if f["doc"] == "next-day-chain"]
    assert sorted(f["period"] for f in chain) == [
        "2022-06-29 – 2022-06-29", "2022-06-30 – 2022-06-30", "2022-07-01 – 2022-07-01"]
    assert {f["period"] for f in pool if f["doc"] == "new-case-no-time" and "11" in f["figure"]} == {"(none)"}


def test_sample_of_a_missing_graph_is_a_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert _script().main(["/nonexistent/graph.ttl"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ")
    assert err.count("\n") == 1
