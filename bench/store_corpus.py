"""A reproducible N-document corpus for the store benchmarks: the 172 real articles beside
the checkout (../shared/external/news), each copy with its figures changed.

Document i is article ``i % 172`` with every number multiplied by a factor drawn from
``Random(i)``, so copies are distinct documents (distinct content hashes) of the same
length and style. Usage: python bench/store_corpus.py N OUT.jsonl
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

from kg.read import read_documents

ROOT = Path(__file__).resolve().parents[1]
NEWS = ROOT.parent / "shared" / "external" / "news"


def variants(n: int) -> list[dict[str, str]]:
    """``n`` JSONL records (id, published, text), deterministic."""
    base, _ = read_documents([NEWS])
    out = []
    for i in range(n):
        doc = base[i % len(base)]
        rng = random.Random(i)
        factor = rng.choice([1, 2, 3, 5, 7]) if i >= len(base) else 1
        text = re.sub(r"\d+", lambda m, f=factor: str(int(m.group()) * f) if len(m.group()) < 9 else m.group(), doc.text)
        out.append({"id": f"v{i:05d}", "published": (doc.published.isoformat() if doc.published else ""),
                    "text": text})  # fmt: skip
    return out


def main() -> None:
    n, path = int(sys.argv[1]), Path(sys.argv[2])
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in variants(n)), encoding="utf-8")


if __name__ == "__main__":
    main()
