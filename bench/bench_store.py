"""Corpus-scale figures for issue #13, one run, whole ``kg`` processes: prints, asserts nothing.

Usage: python bench/bench_store.py [--sizes 1000 10000] [--work DIR] [--skip-store]

For each corpus size (made by ``bench/store_corpus.py`` from the 172 real articles):
wall time and peak RSS of ``kg build -o`` with 1 and 2 jobs (peak RSS = the largest of the
kg process and its workers, from ``wait4``); then, on the largest size, a store: the
build, adding one new document, removing it, and one shipped query from the store against
the same query on the N-Quads file (each a whole process, as a user runs it).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from store_corpus import variants

KG = [sys.executable, "-m", "kg"]


def run(*args: str) -> tuple[float, float]:
    """(wall seconds, peak RSS MiB of the process tree) of one kg command."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([*KG, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    err = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"kg {' '.join(args)} failed:\n{err}")
    return wall, usage.ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--work", type=Path, default=Path("/tmp/kg-bench-store"))
    ap.add_argument("--skip-store", action="store_true")
    a = ap.parse_args()
    a.work.mkdir(parents=True, exist_ok=True)
    rows = []
    for n in a.sizes:
        corpus = a.work / f"c{n}.jsonl"
        if not corpus.exists():
            corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in variants(n)), encoding="utf-8")
        chars = sum(len(json.loads(line)["text"]) for line in corpus.open(encoding="utf-8"))
        for jobs in (1, 2):
            if n > 2000 and jobs == 1:
                continue  # the 1-job run of 10k takes long; RSS is measured with 2 jobs
            wall, rss = run("build", str(corpus), "-o", str(a.work / f"c{n}-j{jobs}.nq"), "--jobs", str(jobs))
            rows.append((f"build -o, {n} docs, --jobs {jobs}", f"{wall:.1f} s", f"{rss:.0f} MiB", f"{chars / wall:,.0f} chars/s"))
            print(*rows[-1], sep="\t", flush=True)
    n = max(a.sizes)
    if not a.skip_store:
        store = a.work / f"store{n}"
        if store.exists():
            import shutil

            shutil.rmtree(store)
        corpus = a.work / f"c{n}.jsonl"
        wall, rss = run("build", str(corpus), "--store", str(store), "--jobs", "2")
        rows.append((f"build --store, {n} docs, --jobs 2", f"{wall:.1f} s", f"{rss:.0f} MiB", ""))
        print(*rows[-1], sep="\t", flush=True)
        one = a.work / "one.jsonl"
        record = variants(n + 1)[-1] | {"id": "added-one"}
        one.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
        for label, args in (
            ("add one document", ("build", str(one), "--store", str(store))),
            ("remove it", ("remove", "--store", str(store), "added-one")),
            ("query events from the store", ("query", str(store), "-n", "events", "-o", str(a.work / "q1.csv"))),
            ("query events from the .nq file", ("query", str(a.work / f"c{n}-j2.nq"), "-n", "events",
                                                "-o", str(a.work / "q2.csv"))),
        ):  # fmt: skip
            wall, rss = run(*args)
            rows.append((f"{label} ({n}-doc store)", f"{wall:.2f} s", f"{rss:.0f} MiB", ""))
            print(*rows[-1], sep="\t", flush=True)
    print("\n| measure | wall | peak RSS | rate |\n| --- | --- | --- | --- |")
    for r in rows:
        print("| " + " | ".join(r) + " |")


if __name__ == "__main__":
    main()
