"""Issue #5, recoverable: a ``kg build`` killed mid-run leaves the previous output intact.

Outputs are written to a temp file in the same folder and renamed over the target
(``kg.rdf.store.write_atomic``), so SIGKILL at any moment leaves either the old file or
the new one, never half of one; a re-run then gives the same bytes as an uninterrupted run.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from .conftest import ROOT, SEED

N_DOCS = 80  # ~5-10 s of work: long enough to be killed in the middle


def _kg(*args: str) -> list[str]:
    return [sys.executable, "-m", "kg", *args]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    text = SEED.read_text(encoding="utf-8")
    path = tmp_path_factory.mktemp("kill") / "corpus.jsonl"
    lines = [json.dumps({"id": f"seed-{i:03d}", "published": "2020-08-20", "text": text},
                        ensure_ascii=False) for i in range(N_DOCS)]  # fmt: skip
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.slow
def test_kill_mid_build_keeps_previous_output_and_rerun_is_identical(corpus: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    reference = tmp_path / "reference" / "graph.nq"
    t0 = time.perf_counter()
    subprocess.run(_kg("build", str(corpus), "-o", str(reference)), check=True, env=env,
                   capture_output=True, timeout=300)  # fmt: skip
    full_run = time.perf_counter() - t0

    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "graph.nq"
    previous = b'<https://example.org/a> <https://example.org/b> "previous run" .\n'
    target.write_bytes(previous)

    proc = subprocess.Popen(_kg("build", str(corpus), "-o", str(target)), env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    time.sleep(min(2.5, full_run / 2))
    assert proc.poll() is None, f"the build ended before it could be killed ({full_run:.1f} s)"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    assert target.read_bytes() == previous
    assert len(list(ox.parse(path=str(target), format=ox.RdfFormat.N_QUADS))) == 1
    leftovers = [p.name for p in out_dir.iterdir() if p != target]
    assert all(name.startswith(".graph.nq.") and name.endswith(".tmp") for name in leftovers)

    done = subprocess.run(_kg("build", str(corpus), "-o", str(target)), env=env,
                          capture_output=True, timeout=300, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr.decode()
    assert target.read_bytes() == reference.read_bytes()
    assert [p for p in out_dir.iterdir() if p.name.endswith(".tmp") and p.name not in leftovers] == []
