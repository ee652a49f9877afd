"""Extraction on small documents written for one phenomenon each (table-driven)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kg.nlp.numbers import canonical_decimal

# fmt: off
QUANTITY_CASES = [
    ("共破获案件4071起", [("4071", "起", False)]),
    ("冻结涉案金额25亿元", [("2500000000", "元", False)]),
    ("封停涉案电话6.3万余个", [("63000", "个", True)]),
    ("涉案金额5300余万元", [("53000000", "元", True)]),
    ("冻结资金两千余万元", [("20000000", "元", True)]),
    ("劝阻群众一百余起", [("100", "起", True)]),
    ("抓获犯罪嫌疑人近百名", [("100", "名", True)]),
    ("涉案金额上千万元", [("10000000", "元", True)]),
    ("抓获犯罪嫌疑人十余人", [("10", "人", True)]),
    ("缴获冰毒12.6万粒", [("126000", "粒", False)]),
    ("一名女子被抓获", []),
    ("这是今年审结的第17起案件", []),
    ("判处有期徒刑三年", []),
    ("68岁的老人", []),
    ("“3·15”特大案", []),
]
# fmt: on


@pytest.mark.parametrize(("text", "expected"), QUANTITY_CASES)
def test_values_quantities(annotate_text, text: str, expected: list[tuple[str, str, bool]]) -> None:  # type: ignore[no-untyped-def]
    ann = annotate_text(text)
    got = [(str(q.value.normalize()) if q.value == q.value.to_integral() else str(q.value),
            q.unit, q.approximate) for q in ann.quantities]  # fmt: skip
    got = [(str(int(Decimal(v))) if Decimal(v) == Decimal(v).to_integral() else v, u, a)
           for v, u, a in got]  # fmt: skip
    assert got == expected


# fmt: off
CHANGE_CASES = [
    ("破获案件4071起，同比上升141.6%", ["1.416"]),
    ("发生案件2135起，同比下降18.7%", ["-0.187"]),
    ("同比分别上升12.3%、9.8%和21.6%", ["0.123", "0.098", "0.216"]),
    ("较去年同期下降4.6个百分点", []),
]
# fmt: on


@pytest.mark.parametrize(("text", "expected"), CHANGE_CASES)
def test_values_year_on_year_changes(annotate_text, text: str, expected: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert [str(c.ratio.normalize()) for c in annotate_text(text).changes] == expected


# fmt: off
NER_CASES = [
    ("今年7月8日，河北省公安厅指导保定市公安局成功打掉两个诈骗团伙",
     {("河北省公安厅", "Organization"), ("保定市公安局", "Organization"), ("保定市", "Place")}),
    ("该团伙通过抖音、快手、百度等互联网平台发布广告",
     {("抖音", "Platform"), ("快手", "Platform"), ("百度", "Platform")}),
    ("河北省公安厅联合省委网信办制作网课",
     {("河北省公安厅", "Organization"), ("省委网信办", "Organization")}),
    ("破获电信网络诈骗案件", {("电信网络诈骗", "CrimeType")}),
    ("南充市公安局刑侦支队副支队长蒲建波介绍",
     {("南充市公安局刑侦支队", "Organization"), ("蒲建波", "Person")}),
    ("抓获犯罪嫌疑人李某某等12人", {("李某某", "Person")}),
    ("吴兴区市民陈女士在抖音上看到广告", {("吴兴区", "Place"), ("陈女士", "Person"), ("抖音", "Platform")}),
    ("诱导其下载名为“星耀联盟”的APP", {("星耀联盟", "Platform")}),
    ("以涉嫌帮助信息网络犯罪活动罪被刑事拘留", {("帮助信息网络犯罪活动罪", "CrimeType")}),
]
# fmt: on


@pytest.mark.parametrize(("text", "expected"), NER_CASES)
def test_ner_finds_entities(annotate_text, text: str, expected: set[tuple[str, str]]) -> None:  # type: ignore[no-untyped-def]
    found = {(m.text, m.label) for m in annotate_text(text).mentions}
    assert expected <= found


def test_ner_does_not_take_telecom_fraud_for_a_company(annotate_text) -> None:  # type: ignore[no-untyped-def]
    ann = annotate_text("抓获电信网络诈骗犯罪嫌疑人4059名")
    assert not [m for m in ann.mentions if m.label == "Organization"]


def test_ner_mentions_point_into_the_original_text(annotate_text) -> None:  # type: ignore[no-untyped-def]
    text = "今年以來，臨滄市公安機關共破獲毒品刑事案件４１２起。"
    ann = annotate_text(text)
    assert ann.mentions
    for m in ann.mentions:
        assert text[m.start : m.end] == m.text
    assert any(m.name == "临沧市公安机关" or m.text.startswith("臨滄") for m in ann.mentions)
    assert [q.value for q in ann.quantities] == [412]


# fmt: off
EVENT_CASES = [
    ("今年1月至7月底,河北省共破获电信网络诈骗案件4071起,同比上升141.6%;抓获犯罪嫌疑人4059名。",
     dt.date(2020, 8, 20),
     [("CaseSolved", "4071", "2020-01-01", "2020-07-31"), ("Arrest", "4059", "2020-01-01", "2020-07-31")]),
    ("截至目前，河北公安机关共侦破案件440起。", dt.date(2020, 8, 20),
     [("CaseSolved", "440", None, "2020-08-20")]),
    ("日前，上饶市公安局广丰分局将周某某等三名犯罪嫌疑人抓获归案。", dt.date(2021, 10, 28),
     [("Arrest", "3", None, None)]),
    ("今年以来共查获寄递渠道贩毒案件28起，缴获毒品43.6千克。", dt.date(2022, 6, 24),
     [("CaseSolved", "28", "2022-01-01", "2022-06-24"), ("Seizure", "43.6", "2022-01-01", "2022-06-24")]),
    ("1至10月，全市共发生电信网络诈骗案件2135起，同比下降18.7%。", dt.date(2023, 11, 6),
     [("Fraud", "2135", "2023-01-01", "2023-10-31")]),
]
# fmt: on


@pytest.mark.parametrize(("text", "published", "expected"), EVENT_CASES)
def test_events_type_quantity_and_period(annotate_text, text, published, expected) -> None:  # type: ignore[no-untyped-def]
    ann = annotate_text(text, published)
    got = []
    for e in ann.events:
        for q in e.quantities:
            begin = e.time.begin.isoformat() if e.time and e.time.begin else None
            end = e.time.until.isoformat() if e.time and e.time.until else None
            got.append((e.type, canonical_decimal(q.value), begin, end))
    assert got == expected


def test_events_agent_carries_across_sentences(annotate_text) -> None:  # type: ignore[no-untyped-def]
    ann = annotate_text("对此，河北公安机关发起集群战役。截至目前，共侦破此类案件605起，抓获犯罪嫌疑人1214人。",
                        dt.date(2020, 8, 20))  # fmt: skip
    figures = [e for e in ann.events if e.quantities]
    assert [e.type for e in figures] == ["CaseSolved", "Arrest"]
    for e in figures:
        assert [a.mention.text for a in e.arguments if a.role == "agent"] == ["河北公安机关"]


def test_events_respect_fenbie_alignment(annotate_text) -> None:  # type: ignore[no-untyped-def]
    ann = annotate_text("今年以来，临沧市公安机关共破获毒品刑事案件412起，抓获犯罪嫌疑人538名，"
                        "缴获各类毒品1.36吨，同比分别上升12.3%、9.8%和21.6%。", dt.date(2022, 6, 24))  # fmt: skip
    yoy = {str(e.quantities[0].value): str(e.yoy[0][1].ratio) for e in ann.events if e.yoy}
    assert yoy == {"412": "0.123", "538": "0.098", "1.36": "0.216"}


def test_events_case_amount_goes_to_the_headline_event(annotate_text) -> None:  # type: ignore[no-untyped-def]
    ann = annotate_text("义乌市公安局成功侦破一起案件，抓获犯罪嫌疑人11名，冻结涉案资金320万元，涉案金额上千万元。")
    owner = {str(q.value): e.type for e in ann.events for q in e.quantities}
    assert owner["10000000"] == "CaseSolved"
    assert owner["3200000"] == "FundsFrozen"


def test_events_negated_trigger_yields_no_figures(annotate_text) -> None:  # type: ignore[no-untyped-def]
    ann = annotate_text("警方至今未抓获犯罪嫌疑人3名。")
    assert not [e for e in ann.events if e.quantities]


def test_events_patient_and_group_size(annotate_text) -> None:  # type: ignore[no-untyped-def]
    ann = annotate_text("今年5月，保定市公安局满城分局反诈中心抓获犯罪嫌疑人李某某等12人。", dt.date(2020, 8, 20))
    arrest = next(e for e in ann.events if e.type == "Arrest")
    assert [a.mention.text for a in arrest.arguments if a.role == "patient"] == ["李某某"]
    assert arrest.group_size == 12
