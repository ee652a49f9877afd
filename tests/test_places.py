"""Places and organisation names: mechanisms of issue #12 (items 1, 2, 6, 7) and #9 item 5."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kg.build import build_graph
from kg.model import Document

NEARMISS = yaml.safe_load((Path(__file__).parent / "data" / "nearmiss.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", NEARMISS, ids=lambda c: c["text"][:12])
def test_places_nearmiss_words_inside_other_words_are_not_entities(case, annotate_text) -> None:  # type: ignore[no-untyped-def]
    if case.get("xfail"):
        pytest.xfail(case["xfail"])
    found = {(m.label, m.name or m.text) for m in annotate_text(case["text"]).mentions}
    found |= {(m.label, m.text) for m in annotate_text(case["text"]).mentions}
    for banned in case["not"]:
        assert (banned["type"], banned["name"]) not in found


def _labels(text: str) -> dict[str, str]:
    """Entity label → type, as the entities query would list them for one document."""
    result = build_graph([Document("d", text)])
    res = result.resolution
    return {label: res.entities[key].type for key, label in res.labels_of("d").items()}


def test_places_a_city_that_is_also_a_word_is_a_place_by_its_role() -> None:
    labels = _labels("宜宾：宜宾警方开展“断卡”宣传，共发放资料3000份。")
    assert labels.get("宜宾") == "Place"
    assert labels.get("宜宾警方") == "Organization"
    assert "开封" not in _labels("民警在快递站发现一个未开封的包裹。")


def test_places_a_places_police_named_with_gongan_is_one_body() -> None:
    labels = _labels("2023年，江苏公安组织开展“断卡”专项行动，抓获犯罪嫌疑人1200名。")
    assert labels.get("江苏公安") == "Organization"


def test_places_an_account_name_in_quotes_is_not_the_police() -> None:
    labels = _labels("市民可通过“江西公安”微信公众号举报线索。")
    assert labels.get("江西公安") != "Organization"  # the account is a platform


def test_places_a_joining_verb_glued_to_an_abbreviated_body_is_cut() -> None:
    labels = _labels("在打击的同时，上海公安会同市民政局对全市养老机构开展排查。")
    assert labels.get("上海公安") == "Organization"
    assert not any("会同" in label for label in labels)


def _entities(text: str):  # type: ignore[no-untyped-def]
    result = build_graph([Document("d", text)])
    res = result.resolution
    return {label: res.entities[key] for key, label in res.labels_of("d").items()}, res


def test_places_waters_have_their_kind_and_division() -> None:
    ents, res = _entities("当日，海警在北部湾海域截停一艘走私船，并在洞庭湖及长江岳阳段开展巡查。")
    assert ents["北部湾"].kind == "water"
    assert res.entities[ents["北部湾"].parent or ""].label == "广西壮族自治区"
    stretch = ents["长江岳阳段"]
    assert stretch.kind == "water"
    assert res.entities[stretch.parent or ""].label == "岳阳市"
    assert ents["洞庭湖"].kind == "water"


def test_places_countries_and_overseas_places_come_from_iso_3166() -> None:
    ents, res = _entities("该团伙在柬埔寨金边、缅北和迪拜设立窝点，从喀麦隆采购穿山甲鳞片。")
    assert ents["柬埔寨"].code == "ISO-KH"
    assert ents["喀麦隆"].code == "ISO-CM"
    assert res.entities[ents["迪拜"].parent or ""].code == "ISO-AE"
    assert res.entities[ents["缅北"].parent or ""].code == "ISO-MM"


def test_places_a_county_alone_gets_its_city_and_province_from_its_code() -> None:
    ents, res = _entities("满城区一居民被骗10万元。")
    county = ents["满城区"]
    city = res.entities[county.parent or ""]
    assert city.label == "保定市"
    assert res.entities[city.parent or ""].label == "河北省"


@pytest.mark.parametrize(
    "name",
    ["广东省公安厅食品药品与环境犯罪侦查局", "西安市公安局反电信网络诈骗中心", "武汉市禁毒办"],
)
def test_places_unit_names_are_not_cut(name: str) -> None:
    ents, _ = _entities(f"近日，{name}联合市应急管理局开展专项检查。")
    assert ents[name].type == "Organization"
    assert "市应急管理局" in ents


def test_places_a_masthead_names_the_publisher_and_the_datelines_place() -> None:
    docs = [Document("a", "【文匯報訊】（記者 李明 深圳報道）深圳海關今年共查獲走私香煙案件12宗。"),
            Document("b", "东南网6月28日讯（记者 王芳）近日，福州市公安局破获一起诈骗案。")]  # fmt: skip
    result = build_graph(docs)
    res = result.resolution
    assert res.entities[res.publishers["a"]].label == "文汇报"
    assert res.entities[res.publishers["b"]].label == "东南网"
    assert "深圳" in res.labels_of("a").values()


def test_places_a_bare_unit_stays_in_its_document() -> None:
    docs = [Document("a", "接报后，刑警大队立即开展侦查，抓获犯罪嫌疑人2名。"),
            Document("b", "接报后，刑警大队迅速出警，将嫌疑人抓获。"),
            Document("c", "保定市公安局满城分局刑警大队抓获犯罪嫌疑人3名。")]  # fmt: skip
    res = build_graph(docs).resolution
    keys = {d: k for d in "abc" for k, label in res.labels_of(d).items() if label.endswith("刑警大队")}
    assert len(set(keys.values())) == 3
    assert res.entities[keys["a"]].document == docs[0].key
    assert res.entities[keys["c"]].document is None  # named with its parents: one node for all
