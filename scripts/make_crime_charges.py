"""Generate kg/data/zh/lexicons/crime_charges.tsv, the charges of the PRC Criminal Law.

Why: a crime type in police news is, first of all, a charge (罪名) of the Criminal Law —
涉嫌帮助信息网络犯罪活动罪, 以贩卖毒品罪判处 — and the charges come with the law's own
hierarchy: every charge sits in a chapter (章) and often a section (节) of Part II
(走私珍贵动物制品罪 ⊂ 走私罪 ⊂ 破坏社会主义市场经济秩序罪). This script turns the law's
article headings into SKOS-like rows: one row per chapter, section and charge, with
``broader`` links, plus one narrower row per item of a *selective* charge
(走私、贩卖、运输、制造毒品罪 → 贩卖毒品罪, 运输毒品罪 …), because courts charge those
items alone and reports name them so.

Source: the PyPI package ``legal-documents-cn`` 0.0.12 (MIT licence), file
``legal_documents_cn/criminal_law.csv``: the Criminal Law as amended up to Amendment XI
(2020-12-26, in force 2021-03-01), one row per article with its chapter, section and the
bracketed heading 【…罪】 that names the article's charges. Headings that are not charges
(【…的处罚规定】, 【…的概念】) are left out.

Run it (a maintainer tool, not a runtime dependency of kg) in any venv that has the package::

    python3 -m venv /tmp/lawvenv
    /tmp/lawvenv/bin/pip install legal-documents-cn==0.0.12
    /tmp/lawvenv/bin/python scripts/make_crime_charges.py --out kg/data/zh/lexicons/crime_charges.tsv

The output is deterministic. Hand-made aliases and police categories stay in
crime_types.tsv; kg merges the two files when it loads them (kg/resources.py).
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from importlib import metadata, resources
from pathlib import Path

PACKAGE = "legal-documents-cn"
HEADER = ("label", "kind", "broader", "source", "aliases")
NOT_A_CHARGE = re.compile(r"规定|的处罚|定义|概念|犯罪的|适用|原则|范围|再犯|共犯|日期|罪名$")
# 、 separates charges only right after a charge's 罪 (not after 犯罪: 间谍犯罪、恐怖主义犯罪…证据罪)
_SPLIT = re.compile(r"[;；]|(?<=[^犯]罪)、")
# a selective charge: two-character acts joined by 、 before one object (走私、贩卖、运输、制造毒品罪)
_SELECTIVE = re.compile(r"^((?:[\u4e00-\u9fff]{2}、)+[\u4e00-\u9fff]{2})([\u4e00-\u9fff][^、]*)罪$")


@dataclass
class Row:
    label: str
    kind: str
    broader: str
    source: str
    aliases: list[str] = field(default_factory=list)

    def line(self) -> str:
        return "\t".join((self.label, self.kind, self.broader, self.source, "|".join(self.aliases)))


def load_articles(path: Path | None) -> list[dict[str, str]]:
    if path is None:
        text = resources.files("legal_documents_cn").joinpath("criminal_law.csv").read_text(
            encoding="utf-8-sig"
        )
    else:
        text = path.read_text(encoding="utf-8-sig")
    return [r for r in csv.DictReader(text.splitlines()) if r["part_code"] == "2"]


def charges_of(heading: str) -> list[str]:
    """【赌博罪;开设赌场罪】 → the charges it names (none for a rule heading)."""
    heading = re.sub(r"之[一二三四五]$", "", heading.strip("【】 "))  # 以危险方法危害公共安全罪之一
    parts = [p.strip() for p in _SPLIT.split(heading)]
    return [p for p in parts if p.endswith("罪") and len(p) > 2 and not NOT_A_CHARGE.search(p)]


def selective_items(label: str) -> list[str]:
    """走私、贩卖、运输、制造毒品罪 → 走私毒品罪, 贩卖毒品罪, 运输毒品罪, 制造毒品罪."""
    m = _SELECTIVE.match(label)
    if not m:
        return []
    acts = m.group(1).split("、")
    return [f"{act}{m.group(2)}罪" for act in acts]


def variants(label: str) -> list[str]:
    """Spellings news use for the same charge: without 顿号, with half-width brackets."""
    out = []
    for v in (label.replace("、", ""), label.replace("(", "（").replace(")", "）"),
              label.replace("（", "(").replace("）", ")")):  # fmt: skip
        if v != label and v not in out:
            out.append(v)
    stem = label.removesuffix("罪")
    if len(stem) >= 4 and "、" not in stem:
        out.append(stem)  # 帮助信息网络犯罪活动 (short stems such as 爆炸, 侵占 are ordinary words)
    return out


def build(articles: list[dict[str, str]]) -> list[Row]:
    homes: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    first: dict[str, int] = {}
    chapters: dict[str, str] = {}
    for r in articles:
        chapter = _category(r["chapter_name"])
        section = _category(r["section_name"]) if r["section_name"] else ""
        if section:
            chapters.setdefault(section, chapter)
        chapters.setdefault(chapter, "")
        for charge in charges_of(r["article_name"]):
            homes[charge][(chapter, section)] += 1
            first.setdefault(charge, int(re.sub(r"\D", "", r["article_code"]) or 0))
    rows: dict[str, Row] = {}
    for name, parent in chapters.items():
        if name not in homes:
            kind = "section" if parent else "chapter"
            rows[name] = Row(name, kind, parent, "刑法分则")
    for charge, counts in homes.items():
        (chapter, section), _ = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
        broader = section if section and section not in homes else chapter
        rows[charge] = Row(charge, "charge", broader, f"刑法第{first[charge]}条", variants(charge))
    for charge in list(homes):
        for item in selective_items(charge):
            if item not in rows:
                rows[item] = Row(item, "charge", charge, rows[charge].source, variants(item))
    _drop_clashing_aliases(rows)
    return sorted(rows.values(), key=lambda r: r.label)


def _category(name: str) -> str:
    """Chapter and section names as written in the law (妨害国(边)境管理罪 → full-width brackets)."""
    return name.strip().replace("(", "（").replace(")", "）")


def _drop_clashing_aliases(rows: dict[str, Row]) -> None:
    """No alias may equal a label or another row's alias."""
    owners: Counter[str] = Counter(a for r in rows.values() for a in r.aliases)
    for r in rows.values():
        r.aliases = [a for a in r.aliases if a not in rows and owners[a] == 1]


def render(rows: list[Row], version: str) -> str:
    comment = (
        f"# crime_charges.tsv — charges (罪名) of the PRC Criminal Law with the law's chapters and "
        f"sections as broader concepts. Generated by scripts/make_crime_charges.py from PyPI "
        f"{PACKAGE} {version} (MIT licence; Criminal Law as amended by Amendment XI, in force "
        f"2021-03-01). Do not edit: hand-made aliases and categories go to crime_types.tsv."
    )
    return "\n".join([comment, "\t".join(HEADER), *(r.line() for r in rows)]) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, required=True, help="where to write crime_charges.tsv")
    parser.add_argument("--csv", type=Path, default=None,
                        help="criminal_law.csv to read instead of the installed package's copy")  # fmt: skip
    args = parser.parse_args(argv)
    try:
        version = metadata.version(PACKAGE)
    except metadata.PackageNotFoundError:
        version = "(not installed)"
    rows = build(load_articles(args.csv))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render(rows, version), encoding="utf-8", newline="\n")
    kinds = Counter(r.kind for r in rows)
    print(f"wrote {len(rows)} rows to {args.out}: {dict(sorted(kinds.items()))}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
