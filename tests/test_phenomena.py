"""One small document per phenomenon of issue #3, each written for this test."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.build import build_graph
from kg.model import Document
from kg.nlp.numbers import canonical_decimal

PUB = dt.date(2024, 3, 1)


def _figures(ann):  # type: ignore[no-untyped-def]
    return [(e.type, canonical_decimal(q.value), q.unit) for e in ann.events for q in e.quantities]


def test_phenomenon_traditional_script_keeps_original_text(annotate_text) -> None:  # type: ignore[no-untyped-def]
    text = "今年以來，臺北市警方共查獲詐騙案件35起，扣押銀行卡120張。"
    ann = annotate_text(text, PUB)
    assert ("CaseSolved", "35", "起") in _figures(ann)
    assert ("Seizure", "120", "張") in _figures(ann)  # the measure word as written
    for m in ann.mentions:
        assert text[m.start : m.end] == m.text


def test_phenomenon_half_width_punctuation(annotate_text) -> None:  # type: ignore[no-untyped-def]
    ann = annotate_text("今年以来,某市公安局共破获案件12起.抓获犯罪嫌疑人30名;冻结资金500万元.", PUB)
    assert _figures(ann) == [("CaseSolved", "12", "起"), ("Arrest", "30", "名"),
                             ("FundsFrozen", "5000000", "元")]  # fmt: skip
    assert len(ann.sentences) == 2


def test_phenomenon_english_platform_names(annotate_text) -> None:  # type: ignore[no-untyped-def]
    ann = annotate_text("诈骗分子通过telegram和WhatsApp联系受害人，诱导其在Skype上转账。", PUB)
    platforms = {m.name for m in ann.mentions if m.label == "Platform"}
    assert {"Telegram", "WhatsApp", "Skype"} <= platforms


def test_phenomenon_distributed_subfigures(annotate_text) -> None:  # type: ignore[no-untyped-def]
    ann = annotate_text("行动中，广东、浙江、福建警方分别抓获犯罪嫌疑人120名、85名、64名。", PUB)
    arrests = [e for e in ann.events if e.type == "Arrest" and e.quantities]
    pairs = [(e.arguments[0].mention.text, canonical_decimal(e.quantities[0].value)) for e in arrests]
    assert pairs == [("广东", "120"), ("浙江", "85"), ("福建警方", "64")]


def test_phenomenon_restated_figure_counts_once(annotate_text) -> None:  # type: ignore[no-untyped-def]
    text = ("今年以来，某县公安局共破获电信网络诈骗案件46起。"
            "据介绍，今年以来该局共破获电信网络诈骗案件46起，同比上升15%。")  # fmt: skip
    assert _figures(annotate_text(text, PUB)) == [("CaseSolved", "46", "起")]


def test_phenomenon_case_amount_goes_to_the_case(annotate_text) -> None:  # type: ignore[no-untyped-def]
    ann = annotate_text("警方成功打掉一个诈骗团伙，抓获犯罪嫌疑人9名，冻结资金80万元，涉案金额2000余万元。", PUB)
    owner = {v: t for t, v, _ in _figures(ann)}
    assert owner["20000000"] == "GangBusted"
    assert owner["800000"] == "FundsFrozen"


def test_phenomenon_incidents_kept_apart_from_cases_solved(annotate_text) -> None:  # type: ignore[no-untyped-def]
    ann = annotate_text("1至2月，全市共发生电信网络诈骗案件320起，同比下降12%；破获此类案件150起。", PUB)
    assert [(t, v) for t, v, _ in _figures(ann)] == [("Fraud", "320"), ("CaseSolved", "150")]
    fraud = next(e for e in ann.events if e.type == "Fraud")
    assert [canonical_decimal(c.ratio) for _, c in fraud.yoy] == ["-0.12"]


def test_phenomenon_counts_of_places_are_not_figures(annotate_text) -> None:  # type: ignore[no-untyped-def]
    ann = annotate_text("该团伙成员遍布全国23个省份，警方抓获犯罪嫌疑人18名。", PUB)
    assert _figures(ann) == [("Arrest", "18", "名")]


def test_phenomenon_people_are_not_seized(annotate_text) -> None:  # type: ignore[no-untyped-def]
    ann = annotate_text("民警缴获手机12部，并将这4名犯罪嫌疑人抓获归案。", PUB)
    assert _figures(ann) == [("Seizure", "12", "部"), ("Arrest", "4", "名")]


def test_phenomenon_reporting_agency_is_kept_apart(resources) -> None:  # type: ignore[no-untyped-def]
    text = "3月1日，记者从某省公安厅获悉，今年以来，全省公安机关共抓获犯罪嫌疑人1200名。"
    doc = Document("r", text, published=PUB)
    text2 = "2月28日，江西省公安厅召开新闻发布会。今年以来，赣州市公安局共抓获犯罪嫌疑人300名。"
    result = build_graph([doc, Document("s", text2, published=PUB)], resources)
    reporter = result.resolution.reporters.get("s")
    assert reporter is not None
    assert result.resolution.entities[reporter].label == "江西省公安厅"
    arrest = next(e for e in result.documents[1].events if e.type == "Arrest")
    agent = next(a for a in arrest.arguments if a.role == "agent")
    assert agent.mention.text == "赣州市公安局"


def test_phenomenon_generic_bodies_resolve_to_their_place(resources) -> None:  # type: ignore[no-untyped-def]
    text = "湖州市公安局召开新闻通报会。1至10月，全市公安机关共破获案件1286起。"
    result = build_graph([Document("h", text, published=dt.date(2023, 11, 6))], resources)
    labels = {e.label for e in result.resolution.entities.values() if e.kind == "PoliceCollective"}
    assert labels == {"湖州市公安机关"}


def test_phenomenon_organisation_hierarchy_and_jurisdiction(resources) -> None:  # type: ignore[no-untyped-def]
    text = "保定市公安局满城分局反诈中心抓获犯罪嫌疑人12人。满城分局民警介绍了案情。"
    result = build_graph([Document("o", text, published=PUB)], resources)
    ents = result.resolution.entities
    center = ents["org:保定市公安局满城分局反诈中心"]
    assert center.parent == "org:保定市公安局满城分局"
    assert ents["org:保定市公安局满城分局"].parent == "org:保定市公安局"
    assert ents[center.jurisdiction or ""].label == "满城区"
    keys = {result.resolution.key_of("o", m) for m in result.documents[0].mentions
            if m.text == "满城分局"}  # fmt: skip
    assert keys == {"org:保定市公安局满城分局"}


def test_phenomenon_a_change_in_incidents_is_not_the_solved_cases_change(annotate_text) -> None:  # type: ignore[no-untyped-def]
    ann = annotate_text("今年以来，全市破获案件500起，发案数同比下降12%。", PUB)
    solved = next(e for e in ann.events if e.type == "CaseSolved")
    assert solved.yoy == ()


def test_phenomenon_market_supervision_cases_and_confiscations(annotate_text) -> None:  # type: ignore[no-untyped-def]
    ann = annotate_text("今年以来，市市场监管局共查处案件86件，罚没款320万元。", PUB)
    assert _figures(ann) == [("CaseSolved", "86", "件"), ("Seizure", "3200000", "元")]


def test_phenomenon_short_crime_words_inside_other_words_are_not_crime_types(annotate_text) -> None:  # type: ignore[no-untyped-def]
    ann = annotate_text("查获非法流失的易制毒化学品3.2吨，偷逃税款约3200万元。", PUB)
    assert {m.text for m in ann.mentions if m.label == "CrimeType"} <= {"易制毒化学品"}


def test_phenomenon_police_of_a_place_is_its_bureau_or_the_collective(resources) -> None:  # type: ignore[no-untyped-def]
    bureau_only = "义乌警方破获一起案件。义乌市公安局食药环侦大队抓获犯罪嫌疑人11名。"
    collective = "临沧警方会同邮政部门开展行动。今年以来，临沧市公安机关共破获毒品案件412起。"
    result = build_graph([Document("a", bureau_only, published=PUB), Document("b", collective, published=PUB)],
                         resources)  # fmt: skip
    res = result.resolution

    def entity_of(doc: str, surface: str) -> str:
        ann = next(a for a in result.documents if a.doc.id == doc)
        key = next(res.key_of(doc, m) for m in ann.mentions if m.text == surface)
        return res.entities[key or ""].label

    assert entity_of("a", "义乌警方") == "义乌市公安局"
    assert entity_of("b", "临沧警方") == entity_of("b", "临沧市公安机关") == "临沧市公安机关"


def test_phenomenon_web_page_furniture_yields_nothing(annotate_text) -> None:  # type: ignore[no-untyped-def]
    text = "某市公安局抓获犯罪嫌疑人42名。\n【责任编辑：王芳】\n分享到：微信 微博\n版权所有：某市公安局"
    ann = annotate_text(text, PUB)
    assert not [m for m in ann.mentions if m.start > text.index("【")]


def test_phenomenon_quoted_app_with_a_modifier(annotate_text) -> None:  # type: ignore[no-untyped-def]
    ann = annotate_text("诱导其在名为“CoinMax”的虚假APP上充值。", PUB)
    assert [(m.text, m.label) for m in ann.mentions] == [("CoinMax", "Platform")]


def test_phenomenon_reported_incidents_are_fraud_events(annotate_text) -> None:  # type: ignore[no-untyped-def]
    ann = annotate_text("今年1至5月，我市共接报涉老诈骗案件58起，同比下降21%，破获此类案件41起。", PUB)
    assert [(t, v) for t, v, _ in _figures(ann)] == [("Fraud", "58"), ("CaseSolved", "41")]


def test_phenomenon_this_bureau_refers_back(resources) -> None:  # type: ignore[no-untyped-def]
    text = "8月29日，记者从湛江海关获悉，该关缉私局近日破获一宗走私案，抓获犯罪嫌疑人9名。"
    result = build_graph([Document("z", text, published=PUB)], resources)
    arrest = next(e for e in result.documents[0].events if e.type == "Arrest")
    agent = next(a for a in arrest.arguments if a.role == "agent")
    key = result.resolution.key_of("z", agent.mention)
    ent = result.resolution.entities[key or ""]
    assert ent.label == "湛江海关缉私局"
    assert ent.parent == "org:湛江海关"


def test_phenomenon_offenders_acts_are_not_police_actions(annotate_text) -> None:  # type: ignore[no-untyped-def]
    ann = annotate_text("经查，吴某某纠集他人成立所谓“投资咨询公司”，骗取被害人钱款2100余万元。", PUB)
    assert [e.type for e in ann.events] == ["Fraud"]


def test_phenomenon_deployed_forces_and_rates_are_not_figures(annotate_text) -> None:  # type: ignore[no-untyped-def]
    text = "行动中，警方出动警力150余名，抓获犯罪嫌疑人20名，涉及宣城、芜湖两个市。每十万人命案发生数为0.46起。"
    assert _figures(annotate_text(text, PUB)) == [("Arrest", "20", "名")]


def test_phenomenon_only_amounts_carry_to_the_case_before(annotate_text) -> None:  # type: ignore[no-untyped-def]
    text = "警方抓获犯罪嫌疑人12名。该团伙共有成员30余人，涉案流水达6200余万元。"
    assert _figures(annotate_text(text, PUB)) == [("Arrest", "12", "名"), ("Arrest", "62000000", "元")]


def test_phenomenon_recently_in_a_lede_is_the_day_told_later(annotate_text) -> None:  # type: ignore[no-untyped-def]
    text = ("日前，某市公安局成功打掉一个诈骗团伙，抓获犯罪嫌疑人15名。"
            "2月20日，专案组在三地统一收网。")  # fmt: skip
    arrest = next(e for e in annotate_text(text, PUB).events if e.type == "Arrest" and e.quantities)
    assert arrest.time is not None
    assert (arrest.time.begin, arrest.time.until) == (dt.date(2024, 2, 20), dt.date(2024, 2, 20))


def test_phenomenon_recently_without_a_later_day_stays_open(annotate_text) -> None:  # type: ignore[no-untyped-def]
    text = "今年以来，警方破获案件12起。日前，某市公安局抓获犯罪嫌疑人15名。"
    arrest = next(e for e in annotate_text(text, PUB).events if e.type == "Arrest")
    assert arrest.time is None or (arrest.time.begin, arrest.time.until) == (None, None)


def test_phenomenon_arrests_per_province_per_quarter_never_add_levels(resources) -> None:  # type: ignore[no-untyped-def]
    import pyoxigraph as ox

    from kg.rdf.query import ResultTable, read_named_query, run_query

    docs = [
        Document("a", "今年一季度，江西省公安机关共抓获犯罪嫌疑人1200名。其中，南昌市公安局抓获犯罪嫌疑人300名。",
                 published=dt.date(2022, 4, 10)),
        Document("b", "今年一季度，江西全省公安机关共抓获犯罪嫌疑人1200名。今年以来，江西警方抓获犯罪嫌疑人1500名。",
                 published=dt.date(2022, 4, 12)),
    ]  # fmt: skip
    store = ox.Store()
    store.extend(build_graph(docs, resources).quads)
    table = run_query(store, read_named_query("arrests_by_province_quarter"))
    assert isinstance(table, ResultTable)
    rows = [[c.value if c is not None else None for c in r] for r in table.rows]
    assert rows == [["江西省", "2022", "1", "1200", "2"]]


def test_phenomenon_respectively_aligns_verbs_nouns_and_figures(annotate_text) -> None:  # type: ignore[no-untyped-def]
    ann = annotate_text("今年以来，全市共破获各类刑事案件、抓获犯罪嫌疑人分别为1200起、860名。", PUB)
    got = [(e.type, canonical_decimal(q.value), q.object) for e in ann.events for q in e.quantities]
    assert got == [("CaseSolved", "1200", "各类刑事案件"), ("Arrest", "860", "犯罪嫌疑人")]
    ann = annotate_text("其中，破获电诈案件、帮信案件分别为300起和120起，同比分别上升12%和30%。", PUB)
    solved = next(e for e in ann.events if e.type == "CaseSolved")
    assert [q.object for q in solved.quantities] == ["电诈案件", "帮信案件"]
    assert [(i, canonical_decimal(c.ratio)) for i, c in solved.yoy] == [(0, "0.12"), (1, "0.3")]


def test_phenomenon_a_trigger_inside_a_noun_is_not_a_verb(annotate_text) -> None:  # type: ignore[no-untyped-def]
    ann = annotate_text("累计为群众挽回经济损失2300万元，返还被骗资金1100万元。", PUB)
    assert [t for t, _, _ in _figures(ann)] == ["Seizure", "Seizure"]


# fmt: off
NOT_NAMES = [
    ("沙县城区大肆收购银行卡", "沙县城区大肆收购银行"),
    ("韩国一名电影制作公司代表", "韩国一名电影制作公司"),
    ("江西省九江市永修县多家银行开户", "江西省九江市永修县多家银行"),
    ("深圳市光明区警方接到市场稽查局通报", "深圳市光明区警方接到市场稽查局"),
]
# fmt: on


@pytest.mark.parametrize(("text", "not_a_name"), NOT_NAMES)
def test_phenomenon_organisation_names_hold_no_verbs_or_numerals(annotate_text, text: str, not_a_name: str) -> None:  # type: ignore[no-untyped-def]
    assert not_a_name not in {m.text for m in annotate_text(text, PUB).mentions}


def test_phenomenon_the_city_bureau_abbreviated(resources) -> None:  # type: ignore[no-untyped-def]
    text = "白银市公安局召开会议。市局刑侦支队破获案件12起。"
    result = build_graph([Document("b", text, published=PUB)], resources)
    assert "org:白银市公安局刑侦支队" in result.resolution.entities
