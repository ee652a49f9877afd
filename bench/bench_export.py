"""HTML export speed: prints figures, asserts nothing (issue #10 item 10).

Usage: python bench/bench_export.py [--corpus DIR] [--repeat N]

Builds the 172 external news articles (../shared/external/news) once, then times
``kg export GRAPH -o page.html`` through the CLI in this process — the whole bipartite view,
``--top 100`` and ``--around 公安部`` — and reports the median of N runs with the nodes drawn,
so one can see that the time grows with the nodes shown, not with the graph.
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time
from pathlib import Path

from click.testing import CliRunner

from kg.cli import cli

ROOT = Path(__file__).resolve().parents[1]
NEWS = ROOT.parent / "shared" / "external" / "news"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=NEWS)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as tmp:
        graph = Path(tmp) / "news.nq"
        built = runner.invoke(cli, ["build", str(args.corpus), "-o", str(graph), "-q"])
        assert built.exit_code == 0, built.stderr
        quads = sum(1 for _ in graph.open(encoding="utf-8"))
        print(f"graph: {args.corpus} → {quads} quads")
        for label, extra in (("whole view", []), ("--top 100", ["--top", "100"]),
                             ("--around 公安部", ["--around", "公安部"])):  # fmt: skip
            times, nodes = [], ""
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                result = runner.invoke(cli, ["export", str(graph), "-o", str(Path(tmp) / "v.html"), *extra])
                times.append(time.perf_counter() - t0)
                assert result.exit_code == 0, result.stderr
                m = re.search(r"(\d+) nodes, (\d+) edges", result.stderr)
                nodes = m.group(0) if m else "?"
            print(f"{label:16} {nodes:>24}  median {statistics.median(times):.2f} s  (min {min(times):.2f} s)")


if __name__ == "__main__":
    main()
