"""How many publication dates read from article headers are right, on a corpus with known dates.

Each folder of the corpus holds ``index.jsonl`` with the real ``date`` of each ``file``
(free-form: "2014年03月19日 12:17:48 来源： 宁夏日报", "20120612", or null when unknown). The
dates are used only to measure: the articles are read as kg reads them (``kg.read``) and the
date each header gives is compared with the real one.

    .venv/bin/python scripts/measure_dates.py ../shared/external/news [-v]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from kg.dates import parse_date_field
from kg.decode import decode_bytes
from kg.read import find_published_date


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("-v", "--verbose", action="store_true", help="list every wrong or missed date")
    a = ap.parse_args()
    counts: Counter[str] = Counter()
    for index in sorted(a.corpus.glob("*/index.jsonl")):
        for line in index.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            path = index.parent / row["file"]
            text = decode_bytes(path.read_bytes(), str(path))
            real = parse_date_field(row["date"]) if row.get("date") else None
            found = find_published_date(text)
            counts["articles"] += 1
            counts["known"] += real is not None
            if found is None:
                kind = "missed" if real else "none (unknown)"
            elif real is None:
                kind = "detected, real date unknown"
            else:
                kind = "right" if found == real else "wrong"
            counts[kind] += 1
            if a.verbose and kind in {"wrong", "missed", "detected, real date unknown"}:
                print(f"{kind:28} {path.relative_to(a.corpus)} found={found} real={real}")
    detected = counts["right"] + counts["wrong"] + counts["detected, real date unknown"]
    print(f"articles {counts['articles']}, real date known {counts['known']}")
    print(f"header dates detected {detected}: right {counts['right']}, wrong {counts['wrong']}, "
          f"real date unknown {counts['detected, real date unknown']}")
    print(f"no header date: {counts['missed']} with a known real date, {counts['none (unknown)']} without")
    return 0


if __name__ == "__main__":
    sys.exit(main())
