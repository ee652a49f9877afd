"""Issue #13, crash safety: a build into a store killed with SIGKILL at any moment leaves
the store as it was before that build or as after it, never half; two builds into one
store at once: the second waits for the first. Real processes, real signals."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import ROOT, SEED

pytestmark = [pytest.mark.issue(13), pytest.mark.slow]

N_DOCS = 30


def _kg(*args: str) -> list[str]:
    return [sys.executable, "-m", "kg", *args]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


@pytest.fixture(scope="module")
def batches(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    text = SEED.read_text(encoding="utf-8")
    folder = tmp_path_factory.mktemp("crash")
    paths = []
    for name, rng in (("first", range(5)), ("second", range(5, 5 + N_DOCS))):
        path = folder / name / "docs.jsonl"
        path.parent.mkdir()
        lines = [json.dumps({"id": f"seed-{i:03d}", "published": "2020-08-20",
                             "text": text.replace("4071起", f"{4000 + i}起")}, ensure_ascii=False)
                 for i in rng]  # fmt: skip
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths[0], paths[1]


def _dump(store: Path, out: Path) -> bytes:
    subprocess.run(_kg("export", str(store), "-o", str(out)), check=True, env=_env(), capture_output=True, timeout=300)
    return out.read_bytes()


def test_store_killed_at_any_moment_is_as_before_or_after(batches: tuple[Path, Path], tmp_path: Path) -> None:
    first, second = batches
    store = tmp_path / "store"
    subprocess.run(_kg("build", str(first), "--store", str(store), "--corpus", "c"), check=True, env=_env(),
                   capture_output=True, timeout=300)  # fmt: skip
    before = _dump(store, tmp_path / "before.nq")
    reference = tmp_path / "reference"
    subprocess.run(_kg("build", str(first), "--store", str(reference), "--corpus", "c"), check=True, env=_env(),
                   capture_output=True, timeout=300)  # fmt: skip
    t0 = time.perf_counter()
    subprocess.run(_kg("build", str(second), "--store", str(reference), "--corpus", "c"), check=True, env=_env(),
                   capture_output=True, timeout=600)  # fmt: skip
    full = time.perf_counter() - t0
    after = _dump(reference, tmp_path / "after.nq")
    assert before != after
    seen = set()
    for fraction in (0.15, 0.5, 0.8, 0.97):  # during start-up, extraction, writing, commit
        proc = subprocess.Popen(_kg("build", str(second), "--store", str(store), "--corpus", "c"), env=_env(),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        time.sleep(full * fraction)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        now = _dump(store, tmp_path / f"now-{fraction}.nq")
        assert now in (before, after), f"half a build after a kill at {fraction:.0%}"
        seen.add("after" if now == after else "before")
        if now == after:  # the build got through: start again from the first batch
            store_files = list(store.iterdir())
            assert store_files
            subprocess.run(_kg("remove", "--store", str(store), *[f"seed-{i:03d}" for i in range(5, 5 + N_DOCS)]),
                           check=True, env=_env(), capture_output=True, timeout=300)  # fmt: skip
            assert _dump(store, tmp_path / "again.nq") == before
    assert "before" in seen
    done = subprocess.run(_kg("build", str(second), "--store", str(store), "--corpus", "c"), env=_env(),
                          capture_output=True, timeout=600, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr.decode()
    assert _dump(store, tmp_path / "final.nq") == after
    assert sorted(p.name for p in store.glob("data-*") if p.is_dir()) != []
    assert len([p for p in store.glob("data-*") if p.is_dir()]) == 1  # killed builds' leftovers swept


def test_store_second_concurrent_build_waits_for_the_first(batches: tuple[Path, Path], tmp_path: Path) -> None:
    first, second = batches
    store = tmp_path / "store"
    one = subprocess.Popen(_kg("build", str(second), "--store", str(store), "--corpus", "c"), env=_env(),
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    for _ in range(200):  # until the first holds the lock
        if (store / "write.lock").exists() and (store / "write.lock").read_text(encoding="utf-8").startswith("pid"):
            break
        time.sleep(0.05)
    two = subprocess.run(_kg("build", str(first), "--store", str(store), "--corpus", "c"), env=_env(),
                         capture_output=True, timeout=600, check=False)  # fmt: skip
    assert one.wait(timeout=600) == 0
    assert two.returncode == 0, two.stderr.decode()
    assert "waiting for the build already writing into" in two.stderr.decode()
    both = tmp_path / "both.nq"
    subprocess.run(_kg("build", str(first), str(second), "--corpus", "c", "-o", str(both)), check=True,
                   env=_env(), capture_output=True, timeout=600)  # fmt: skip
    assert _dump(store, tmp_path / "store.nq") == both.read_bytes()
