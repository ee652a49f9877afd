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
