"""Issue #13: kg build --dask ADDRESS on a real local cluster — a scheduler and two worker
processes started here on 127.0.0.1 — writes what a local build writes."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli

from .conftest import DATA

pytestmark = [pytest.mark.issue(13), pytest.mark.slow]

CORPUS = DATA / "corpus" / "docs.jsonl"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    dask = Path(sys.executable).parent / "dask"
    if not dask.exists() and shutil.which("dask") is None:
        pytest.skip("dask[distributed] (the dask extra, in dev) is not installed")
    binary = str(dask) if dask.exists() else str(shutil.which("dask"))
    address = f"tcp://127.0.0.1:{_port()}"
    work = tmp_path_factory.mktemp("dask")
    procs = [subprocess.Popen([binary, "scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1],
                               "--no-dashboard"], cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]  # fmt: skip
    procs.append(subprocess.Popen([binary, "worker", address, "--nworkers", "2", "--nthreads", "1",
                                   "--host", "127.0.0.1", "--no-dashboard", "--local-directory", str(work)],
                                  cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))  # fmt: skip
    try:
        from distributed import Client

        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
        yield address
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            p.wait(timeout=60)


def test_dask_build_writes_what_a_local_build_writes(scheduler: str, tmp_path: Path) -> None:
    runner = CliRunner()
    local, remote = tmp_path / "local.nq", tmp_path / "dask.nq"
    assert runner.invoke(cli, ["build", str(CORPUS), "-o", str(local)]).exit_code == 0
    result = runner.invoke(cli, ["build", str(CORPUS), "-o", str(remote), "--dask", scheduler])
    assert result.exit_code == 0, result.output
    assert remote.read_bytes() == local.read_bytes()
    store = tmp_path / "s"
    result = runner.invoke(cli, ["build", str(CORPUS), "--store", str(store), "--dask", scheduler])
    assert result.exit_code == 0, result.output
    assert runner.invoke(cli, ["export", str(store), "-o", str(tmp_path / "s.nq")]).exit_code == 0
    assert (tmp_path / "s.nq").read_bytes() == local.read_bytes()


def test_dask_unreachable_scheduler_is_a_one_line_error(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    result = CliRunner().invoke(cli, ["build", str(CORPUS), "-o", str(tmp_path / "x.nq"),
                                      "--dask", f"tcp://127.0.0.1:{_port()}"])  # fmt: skip
    assert result.exit_code == 1
    assert "cannot reach the Dask scheduler" in result.stderr
    assert not (tmp_path / "x.nq").exists()
