"""The crime-type scheme: the Criminal Law's charges merged with police categories."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from kg.build import build_graph
from kg.model import Document
from kg.resources import Resources, merge_crime_types

ROOT = Path(__file__).resolve().parents[1]


def _script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("make_crime_charges", ROOT / "scripts" / "make_crime_charges.py")
    assert spec
    assert spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


def test_crime_headings_split_into_charges() -> None:
    mod = _script()
    assert mod.charges_of("【赌博罪;开设赌场罪】") == ["赌博罪", "开设赌场罪"]
    assert mod.charges_of("【走私武器、弹药罪、走私核材料罪】") == ["走私武器、弹药罪", "走私核材料罪"]
    assert mod.charges_of("【拒绝提供间谍犯罪、恐怖主义犯罪证据罪】") == ["拒绝提供间谍犯罪、恐怖主义犯罪证据罪"]
    assert mod.charges_of("【单位犯本节规定之罪的处罚规定】") == []
    assert mod.charges_of("【以危险方法危害公共安全罪之一】") == ["以危险方法危害公共安全罪"]


def test_crime_selective_charge_has_one_item_per_act() -> None:
    mod = _script()
    assert mod.selective_items("走私、贩卖、运输、制造毒品罪") == ["走私毒品罪", "贩卖毒品罪", "运输毒品罪", "制造毒品罪"]
    assert mod.selective_items("危害珍贵、濒危野生动物罪") == []  # 珍贵、濒危 qualify one object


def test_crime_generated_rows_follow_the_law(tmp_path: Path) -> None:
    mod = _script()
    articles = [
        {"part_code": "2", "chapter_name": "妨害社会管理秩序罪", "section_name": "走私、贩卖、运输、制造毒品罪",
         "article_code": "347", "article_name": "【走私、贩卖、运输、制造毒品罪】"},
        {"part_code": "2", "chapter_name": "妨害社会管理秩序罪", "section_name": "走私、贩卖、运输、制造毒品罪",
         "article_code": "348", "article_name": "【非法持有毒品罪】"},
        {"part_code": "2", "chapter_name": "侵犯财产罪", "section_name": "", "article_code": "266",
         "article_name": "【诈骗罪】"},
    ]  # fmt: skip
    rows = {r.label: r for r in mod.build(articles)}
    assert rows["贩卖毒品罪"].broader == "走私、贩卖、运输、制造毒品罪"
    # a section named like a charge is not the broader concept of its other charges
    assert rows["非法持有毒品罪"].broader == "妨害社会管理秩序罪"
    assert rows["诈骗罪"].source == "刑法第266条"
    assert rows["侵犯财产罪"].kind == "chapter"
    out = tmp_path / "c.tsv"
    text = mod.render(list(rows.values()), "x")
    assert text == mod.render(list(rows.values()), "x")
    out.write_text(text, encoding="utf-8")


def test_crime_merge_keeps_curated_aliases_and_narrower_items() -> None:
    curated = [
        {"label": "逃税罪", "kind": "charge", "broader": "", "aliases": "偷税罪|偷税"},
        {"label": "走私、贩卖、运输、制造毒品罪", "kind": "charge", "broader": "毒品犯罪", "aliases": "贩卖毒品罪"},
        {"label": "毒品犯罪", "kind": "category", "broader": "", "aliases": ""},
    ]
    charges = [
        {"label": "偷税罪", "kind": "charge", "broader": "危害税收征管罪", "aliases": ""},
        {"label": "危害税收征管罪", "kind": "section", "broader": "", "aliases": ""},
        {"label": "逃税罪", "kind": "charge", "broader": "危害税收征管罪", "aliases": "逃税"},
        {"label": "贩卖毒品罪", "kind": "charge", "broader": "走私、贩卖、运输、制造毒品罪", "aliases": "贩卖毒品"},
        {"label": "走私、贩卖、运输、制造毒品罪", "kind": "charge", "broader": "妨害社会管理秩序罪", "aliases": ""},
    ]
    rows = {r["label"]: r for r in merge_crime_types(curated, charges)}
    assert "偷税罪" not in rows
    assert "偷税罪" in rows["逃税罪"]["aliases"].split("|")
    assert rows["逃税罪"]["broader"] == "危害税收征管罪"
    assert rows["贩卖毒品罪"]["broader"] == "走私、贩卖、运输、制造毒品罪"
    assert "贩卖毒品罪" not in rows["走私、贩卖、运输、制造毒品罪"]["aliases"].split("|")
    assert rows["走私、贩卖、运输、制造毒品罪"]["broader"] == "毒品犯罪"  # the curated link wins


def test_crime_scheme_aliases_are_unique(resources: Resources) -> None:
    labels = [r["label"] for r in resources.crime_types]
    aliases = [a for r in resources.crime_types for a in Resources.aliases(r)]
    assert len(labels) == len(set(labels))
    assert len(aliases) == len(set(aliases))
    assert not set(aliases) & set(labels)


def test_crime_curated_charges_are_charges_of_the_law(resources: Resources) -> None:
    """Every hand-made charge row names a charge of the generated law file, or is one
    the SPC added to an existing article (listed here, each checked by hand)."""
    from kg.resources import data_path, read_tsv

    law = {r["label"] for r in read_tsv(data_path("zh", "lexicons", "crime_charges.tsv"), ("label",))}
    law |= {a for r in read_tsv(data_path("zh", "lexicons", "crime_charges.tsv"), ("label", "aliases"))
            for a in Resources.aliases(r)}  # fmt: skip
    added_by_amendment_xi = {"袭警罪", "非法狩猎罪", "组织参与国（境）外赌博罪",
                             "非法猎捕、收购、运输、出售陆生野生动物罪"}  # fmt: skip
    renamed = {"扰乱无线电通讯管理秩序罪", "生产、销售不符合标准的医用器材罪"}
    curated = read_tsv(data_path("zh", "lexicons", "crime_types.tsv"), ("label", "kind", "aliases"))
    for r in curated:
        if r["kind"] != "charge" or r["label"] in added_by_amendment_xi | renamed:
            continue
        names = {r["label"], *Resources.aliases(r)}
        assert names & law, r["label"]


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("今年以来，某市公安机关破获电信网络诈骗犯罪案件120起。", "电信网络诈骗"),
        ("該關共立案偵辦走私香煙案件132宗。", "走私香烟"),
        ("法院以贩卖毒品罪判处被告人李某某有期徒刑十年。", "贩卖毒品罪"),
    ],
)
def test_crime_document_names_the_concept(text: str, label: str) -> None:
    result = build_graph([Document("d", text)])
    labels = {lab for (doc, key), lab in result.resolution.doc_labels.items() if key.startswith("crimetype:")}
    assert label in labels
