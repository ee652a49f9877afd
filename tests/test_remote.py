"""Issue #13: kg push and kg query --endpoint against a real Oxigraph server (the PyPI
package ``oxigraph``), started here on 127.0.0.1 and stopped by its pid."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli

from .conftest import DATA

pytestmark = pytest.mark.issue(13)

CORPUS = DATA / "corpus" / "docs.jsonl"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def _binary() -> str | None:
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.exists() else shutil.which("oxigraph")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    binary = _binary()
    if binary is None:
        pytest.skip("the oxigraph server (pip install oxigraph, in the dev extra) is not installed")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([binary, "serve", "--location", str(tmp_path / "server"), "--bind",
                             f"127.0.0.1:{port}", "--union-default-graph"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    url = f"http://127.0.0.1:{port}/query"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=1).read()
                break
            except OSError:
                time.sleep(0.05)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _kg(runner: CliRunner, *args: str):  # type: ignore[no-untyped-def]
    result = runner.invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def _rows(runner: CliRunner, *args: str) -> list[str]:
    return sorted(_kg(runner, "query", *args, "--format", "csv").stdout.splitlines())


def test_push_a_store_then_query_the_server_like_the_store(server: str, tmp_path: Path) -> None:
    runner = CliRunner()
    store = tmp_path / "s"
    _kg(runner, "build", str(CORPUS), "--store", str(store))
    pushed = _kg(runner, "push", str(store), "--endpoint", server)
    assert "pushed 8 graph(s)" in pushed.stderr  # 7 documents and the shared nodes
    for name in ("events", "entities", "quantities", "arrests_by_agency"):
        assert _rows(runner, "--endpoint", server, "-n", name) == _rows(runner, str(store), "-n", name), name
    count = _rows(runner, str(store), "-e", COUNT)
    _kg(runner, "push", str(store), "--endpoint", server)  # again: replaced, not added
    assert _rows(runner, "--endpoint", server, "-e", COUNT) == count
    _kg(runner, "remove", "--store", str(store), "sjz-gang")
    again = _kg(runner, "push", str(store), "--endpoint", server)
    assert "dropped 1" in again.stderr
    assert _rows(runner, "--endpoint", server, "-e", COUNT) == _rows(runner, str(store), "-e", COUNT)
    assert _rows(runner, "--endpoint", server, "-n", "events") == _rows(runner, str(store), "-n", "events")


def test_push_falls_back_to_sparql_update_and_takes_nquads(server: str, tmp_path: Path) -> None:
    runner = CliRunner()
    graph = tmp_path / "g.nq"
    _kg(runner, "build", str(CORPUS), "-o", str(graph))
    no_gsp = server.replace("/query", "/no-graph-store-here")
    _kg(runner, "push", str(graph), "--endpoint", server, "--store-endpoint", no_gsp)
    assert _rows(runner, "--endpoint", server, "-n", "events") == _rows(runner, str(graph), "-n", "events")
    ttl = tmp_path / "g.ttl"
    _kg(runner, "build", str(CORPUS), "-o", str(ttl))
    refused = runner.invoke(cli, ["push", str(ttl), "--endpoint", server])
    assert refused.exit_code == 2
    assert "N-Quads/TriG" in refused.stderr


def test_endpoint_credentials_never_shown(server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    secret = "s3cr3t-pw"
    in_url = server.replace("http://", f"http://alice:{secret}@")
    result = runner.invoke(cli, ["query", "--endpoint", in_url, "-e", COUNT])
    assert result.exit_code == 1
    assert "KG_SPARQL_USER" in result.stderr
    assert secret not in result.output
    monkeypatch.setenv("KG_SPARQL_USER", "alice")
    monkeypatch.setenv("KG_SPARQL_PASSWORD", secret)
    assert _rows(runner, "--endpoint", server, "-e", "ASK {}") == ["ask", "true"]  # sent, accepted
    closed = server.rsplit(":", 1)[0] + ":9/query"
    down = runner.invoke(cli, ["query", "--endpoint", closed, "-e", COUNT])
    assert down.exit_code == 1
    assert "cannot reach" in down.stderr
    assert secret not in down.output
    bad = runner.invoke(cli, ["query", "--endpoint", server, "-e", "SELECT nonsense"])
    assert bad.exit_code == 1
    assert secret not in bad.output
