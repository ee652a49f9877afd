"""A reproducible corpus of any size, varied from real articles read at run time.

Document ``i`` is one of the real articles (``../shared/external/news`` by default, read
where it lies: nothing of it is copied into the repository) with its place names, person
surnames (``王某``), figures and years changed by a generator seeded with ``(seed, i)``.
The same seed and source give the same bytes; any document can be made alone, so the
corpus can be cut or extended without changing the rest.

Usage: python bench/gen_corpus.py --docs 1000 [--seed 13] [--source DIR] -o corpus.jsonl
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from kg.model import Document
from kg.read import read_documents
from kg.resources import data_path, read_tsv

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = ROOT.parent / "shared" / "external" / "news"
# the most common Chinese surnames (Ministry of Public Security's annual name report)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
_PSEUDONYM = re.compile(rf"([{SURNAMES}])(?=某)")
# a figure: digits not part of a date or clock time (those are shifted or kept)
_NUMBER = re.compile(r"(?<![\d.:：/-])(\d+)(?![\d年月日时点号:：/-])")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?=\s*年|-\d|/\d)")


class Varier:
    """Changes places, pseudonyms, figures and years of one document, consistently."""

    def __init__(self) -> None:
        rows = read_tsv(data_path("zh", "lexicons", "places.tsv"), ("code", "name", "level", "parent"))
        self.by_level: dict[str, list[str]] = {}
        for row in rows:
            if len(row["name"]) >= 3 and not row["code"].startswith("ISO"):
                self.by_level.setdefault(row["level"], []).append(row["name"])
        self.level_of = {n: lv for lv, names in self.by_level.items() for n in names}
        names = sorted(self.level_of, key=lambda n: (-len(n), n))
        self.place_re = re.compile("|".join(map(re.escape, names)))

    def vary(self, doc: Document, seed: int, index: int) -> Document:
        """Document ``index`` of the corpus made from ``doc`` with ``seed``."""
        rnd = random.Random(f"{seed}:{index}")
        shift = rnd.randint(-3, 2)
        places: dict[str, str] = {}
        surnames: dict[str, str] = {}

        def place(m: re.Match[str]) -> str:
            name = m.group(0)
            if name not in places:
                places[name] = rnd.choice(self.by_level[self.level_of[name]])
            return places[name]

        def surname(m: re.Match[str]) -> str:
            s = m.group(1)
            if s not in surnames:
                surnames[s] = rnd.choice(SURNAMES)
            return surnames[s]

        def number(m: re.Match[str]) -> str:
            digits = m.group(1)
            if len(digits) == 1 and digits == "0":
                return digits
            low = 10 ** (len(digits) - 1) if len(digits) > 1 else 1
            return str(rnd.randint(low, 10 ** len(digits) - 1))

        def year(m: re.Match[str]) -> str:
            return str(int(m.group(1)) + shift)

        def text_of(s: str) -> str:
            s = self.place_re.sub(place, s)
            s = _PSEUDONYM.sub(surname, s)
            s = _YEAR.sub(year, s)
            return _NUMBER.sub(number, s)

        published = _shift(doc.published, shift) if doc.published else None
        return Document(
            id=f"c{index:06d}",
            text=text_of(doc.text),
            title=text_of(doc.title) if doc.title else None,
            published=published,
            source=doc.source,
        )


def _shift(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def source_documents(source: Path = DEFAULT_SOURCE) -> list[Document]:
    """The real articles the corpus is varied from, in their reading order."""
    docs, _ = read_documents([source])
    if not docs:
        sys.exit(f"gen_corpus: no documents in {source}")
    return docs


def generate(n: int, seed: int = 13, source: Path = DEFAULT_SOURCE) -> Iterator[Document]:
    """``n`` documents; document ``i`` varies source ``i mod len(sources)``."""
    base = source_documents(source)
    varier = Varier()
    for i in range(n):
        yield varier.vary(base[i % len(base)], seed, i)


def to_jsonl(docs: Sequence[Document] | Iterator[Document]) -> Iterator[str]:
    """One JSON line per document, in the format ``kg build`` reads."""
    for d in docs:
        obj = {"id": d.id, "title": d.title, "published": d.published.isoformat() if d.published else None,
               "source": d.source, "text": d.text}  # fmt: skip
        yield json.dumps({k: v for k, v in obj.items() if v is not None}, ensure_ascii=False) + "\n"


def write_corpus(path: Path, n: int, seed: int = 13, source: Path = DEFAULT_SOURCE) -> Path:
    """Write ``n`` documents to ``path`` (JSONL) and return it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        f.writelines(to_jsonl(generate(n, seed, source)))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    write_corpus(args.output, args.docs, args.seed, args.source)


if __name__ == "__main__":
    main()
