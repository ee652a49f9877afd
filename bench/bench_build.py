"""Build speed and memory on real text: prints figures, asserts nothing.

Usage: python bench/bench_build.py [--corpus DIR_OR_JSONL ...] [--repeat N]

Defaults to the shared dev set and the 172 external news articles when they are beside
the checkout (../shared). Reports, per corpus: documents, characters, seconds for reading,
annotating, linking and mapping, characters per second, and the process's peak RSS.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
from pathlib import Path

from kg.nlp.link import resolve_entities
from kg.pipeline import annotate_all
from kg.rdf.mapping import to_quads
from kg.rdf.store import RdfFormat, serialize
from kg.read import read_documents
from kg.resources import Resources

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, nargs="*", default=[1, 2],
                        help="process counts to compare (annotation only)")  # fmt: skip
    args = parser.parse_args()
    corpora = args.corpus or [
        p for p in (SHARED / "eval" / "dev" / "docs.jsonl", SHARED / "external" / "news") if p.exists()
    ]
    res = Resources.default()
    annotate_all([], res)  # load the tagger and the lexicons before timing
    from kg.nlp.segment import Tagger

    Tagger.shared()
    print(f"{'corpus':<28}{'docs':>6}{'chars':>9}{'annotate s':>12}{'link+map s':>12}{'write s':>9}{'chars/s':>10}")
    for corpus in corpora:
        docs, skipped = read_documents([corpus])
        chars = sum(len(d.text) for d in docs)
        runs = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            annotated = annotate_all(docs, res)
            t1 = time.perf_counter()
            quads = to_quads(annotated, resolve_entities(annotated, res))
            t2 = time.perf_counter()
            serialize(quads, RdfFormat.TURTLE)
            t3 = time.perf_counter()
            runs.append((t1 - t0, t2 - t1, t3 - t2))
        ann_s = statistics.median(r[0] for r in runs)
        map_s = statistics.median(r[1] for r in runs)
        out_s = statistics.median(r[2] for r in runs)
        total = ann_s + map_s + out_s
        print(f"{corpus.name:<28}{len(docs):>6}{chars:>9}{ann_s:>12.2f}{map_s:>12.2f}{out_s:>9.2f}"
              f"{chars / total:>10.0f}")
        if skipped:
            print(f"  ({len(skipped)} skipped)")
    if len(args.jobs) > 1 and corpora:
        docs, _ = read_documents([corpora[-1]])
        timings = {}
        for jobs in args.jobs:
            runs = []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                annotate_all(docs, None if jobs > 1 else res, jobs=jobs)
                runs.append(time.perf_counter() - t0)
            timings[jobs] = statistics.median(runs)
        base = timings[args.jobs[0]]
        print("annotation on", corpora[-1].name, ", ".join(
            f"jobs={j}: {t:.2f} s ({base / t:.2f}×)" for j, t in timings.items()))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {peak:.0f} MiB (median of {args.repeat} runs per corpus)")


if __name__ == "__main__":
    main()
