"""The time grammar on relative and story-anchored times (issue #9 items 10–11).

Sentences written for these tests, one phenomenon each; properties with hypothesis.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.model import TimeExpr
from kg.nlp.times import TimeGrammar
from kg.resources import Resources

TIMES = TimeGrammar.from_config(Resources.default().times)
D = dt.date


def spans(text: str, published: dt.date | None) -> list[tuple[str, dt.date | None, dt.date | None]]:
    return [(t.text, t.begin, t.until) for t in TIMES.find(text, published)]


def one(text: str, published: dt.date | None, word: str) -> TimeExpr:
    found = [t for t in TIMES.find(text, published) if t.text == word]
    assert len(found) == 1, TIMES.find(text, published)
    return found[0]


@pytest.mark.parametrize(
    ("text", "published", "word", "begin", "until"),
    [
        ("2021年3月，某县公安局接到报案，次日即成立专案组。", D(2022, 5, 1), "次日", None, None),
        ("今年8月4日凌晨，民警在码头查获冻品；次日，又在仓库查获一批。", D(2023, 9, 1), "次日",
         D(2023, 8, 5), D(2023, 8, 5)),
        ("2019年11月，分局立案侦查，于当月18日统一收网。", D(2020, 6, 1), "当月18日",
         D(2019, 11, 18), D(2019, 11, 18)),
        ("2017年4月，团伙在某市租房，同月26日开始作案。", D(2020, 6, 1), "同月26日",
         D(2017, 4, 26), D(2017, 4, 26)),
        ("2017年，团伙在某市租房；同年9月被警方查获。", D(2020, 6, 1), "同年9月",
         D(2017, 9, 1), D(2017, 9, 30)),
        ("3月2日上午，民警接警后赶到现场，当天下午将其抓获。", D(2024, 3, 10), "当天",
         D(2024, 3, 2), D(2024, 3, 2)),
        ("今年以来，全市破获案件120起。当日，又抓获2人。", D(2024, 3, 10), "当日", None, None),
    ],
)
def test_story_times_point_back_to_the_last_explicit_time(
    text: str, published: dt.date, word: str, begin: dt.date | None, until: dt.date | None
) -> None:
    t = one(text, published, word)
    assert (t.begin, t.until) == (begin, until)


def test_a_chain_of_next_days_counts_on() -> None:
    found = spans("5月30日晚，专案组收网；次日，再抓获2人；次日，又抓获1人。", D(2022, 7, 1))
    assert found == [("5月30日", D(2022, 5, 30), D(2022, 5, 30)),
                     ("次日", D(2022, 5, 31), D(2022, 5, 31)),
                     ("次日", D(2022, 6, 1), D(2022, 6, 1))]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "published", "begin", "until"),
    [
        ("全年共破获案件3200起", D(2024, 1, 20), D(2023, 1, 1), D(2023, 12, 31)),
        ("年度共破获案件3200起", D(2024, 2, 20), D(2023, 1, 1), D(2023, 12, 31)),
        ("全年共破获案件3200起", D(2024, 7, 20), D(2024, 1, 1), D(2024, 12, 31)),
        ("去年，全省立案186起，全年挽回损失1亿元", D(2023, 5, 16), D(2022, 1, 1), D(2022, 12, 31)),
        ("记者1月14日获悉，全年共破获案件", D(2024, 1, 15), D(2023, 1, 1), D(2023, 12, 31)),
    ],
)
def test_whole_year_is_the_named_year_else_last_year_in_a_january_review(
    text: str, published: dt.date, begin: dt.date, until: dt.date
) -> None:
    t = next(x for x in TIMES.find(text, published) if x.text in {"全年", "年度"})
    assert (t.begin, t.until) == (begin, until)


@pytest.mark.parametrize(
    ("text", "published", "begin", "until"),
    [
        ("昨天", D(2024, 3, 1), D(2024, 2, 29), D(2024, 2, 29)),
        ("昨日下午", D(2024, 3, 1), D(2024, 2, 29), D(2024, 2, 29)),
        ("前天", D(2024, 1, 1), D(2023, 12, 30), D(2023, 12, 30)),
        ("上周", D(2024, 1, 11), D(2024, 1, 1), D(2024, 1, 7)),
        ("上月", D(2024, 1, 11), D(2023, 12, 1), D(2023, 12, 31)),
        ("上个月中旬", D(2024, 3, 11), D(2024, 2, 11), D(2024, 2, 20)),
        ("本月初", D(2024, 3, 20), D(2024, 3, 1), D(2024, 3, 10)),
        ("近三年来", D(2024, 3, 20), D(2021, 3, 20), D(2024, 3, 20)),
        ("近年来", D(2024, 3, 20), None, D(2024, 3, 20)),
        ("7月18日至27日", D(2024, 8, 2), D(2024, 7, 18), D(2024, 7, 27)),
        ("2022年12月25日至31日", D(2024, 8, 2), D(2022, 12, 25), D(2022, 12, 31)),
        ("12月20日至28日", D(2024, 1, 9), D(2023, 12, 20), D(2023, 12, 28)),
        ("自2018年1月开始", D(2020, 5, 1), D(2018, 1, 1), D(2020, 5, 1)),
        ("从今年3月起", D(2020, 5, 1), D(2020, 3, 1), D(2020, 5, 1)),
        ("12月30日", D(2024, 1, 9), D(2023, 12, 30), D(2023, 12, 30)),
        ("28日", D(2024, 1, 9), D(2023, 12, 28), D(2023, 12, 28)),
        ("8日", D(2024, 1, 9), D(2024, 1, 8), D(2024, 1, 8)),
    ],
)
def test_relative_times_count_from_publication(
    text: str, published: dt.date, begin: dt.date | None, until: dt.date | None
) -> None:
    found = TIMES.find(text, published)
    assert [(t.text, t.begin, t.until) for t in found] == [(text[: len(found[0].text)], begin, until)]


@pytest.mark.parametrize(
    "text",
    ["破获案件120起，较2019年增长12%", "较2022年底增长近三成", "与去年相比，下降了三成",
     "比上年减少45起", "较去年同期上升8.2%"],
)
def test_comparison_bases_are_not_periods(text: str) -> None:
    found = TIMES.find(text, D(2023, 6, 1))
    assert found
    assert all(t.scope == "comparison" for t in found), found


@pytest.mark.parametrize(
    "text",
    ["对外宣称保本年化收益12%", "一位上年纪的老人", "目前年轻人容易受骗", "面向不同年龄段群众",
     "今日头条平台发布广告"],
)
def test_year_and_day_words_inside_other_words_are_no_times(text: str) -> None:
    assert TIMES.find(text, D(2023, 6, 1)) == []


def test_a_story_time_without_an_earlier_date_stays_unresolved() -> None:
    t = one("当月28日，专案组统一收网。", D(2023, 6, 1), "当月28日")
    assert (t.begin, t.until, t.scope) == (None, None, "unresolved")


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2030, 12, 30)), st.integers(0, 2))
def test_next_day_is_the_day_after_the_last_date(day: dt.date, gap: int) -> None:
    pad = "，民警赶到" * gap
    text = f"{day.year}年{day.month}月{day.day}日{pad}，接警；次日，抓获"
    t = one(text, D(2031, 1, 1), "次日")
    assert t.begin == t.until == day + dt.timedelta(days=1)


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2030, 12, 31)),
       st.integers(1, 12), st.integers(1, 28))  # fmt: skip
def test_a_date_without_year_never_lies_far_after_publication(
    published: dt.date, month: int, day: int
) -> None:
    t = TIMES.find(f"{month}月{day}日，民警抓获", published)[0]
    assert t.begin is not None
    assert t.begin <= published + dt.timedelta(days=31)
    assert t.begin > published - dt.timedelta(days=366)


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2030, 12, 31)), st.integers(1, 25),
       st.integers(0, 3))  # fmt: skip
def test_day_ranges_without_the_end_month_stay_in_the_month(
    published: dt.date, first: int, length: int
) -> None:
    last = first + length
    t = TIMES.find(f"{published.month}月{first}日至{last}日", published)[0]
    assert t.begin is not None
    assert t.until is not None
    assert (t.begin.month, t.until.month) == (published.month, published.month)
    assert (t.until - t.begin).days == length


def test_without_publication_date_a_start_stays_and_a_yearless_date_stops() -> None:
    since = one("2020年以来，全国共侦办案件", None, "2020年以来")
    assert (since.begin, since.until) == (D(2020, 1, 1), None)
    until = one("截至12月20日，共抓获", None, "截至12月20日")
    assert (until.begin, until.until, until.scope) == (None, None, "unresolved")


@pytest.mark.parametrize(
    ("text", "published", "word", "day"),
    [
        ("2019年4月，专案组成立。5月8日，抓获6名。", D(2020, 7, 1), "5月8日", D(2019, 5, 8)),
        ("2019年4月，专案组成立。\n5月8日，抓获6名。", D(2020, 7, 1), "5月8日", D(2020, 5, 8)),
        ("2019年6月，专案组成立。5月8日，抓获6名。", D(2020, 7, 1), "5月8日", D(2020, 5, 8)),
    ],
)
def test_a_date_without_year_keeps_the_story_year_of_its_paragraph(
    text: str, published: dt.date, word: str, day: dt.date
) -> None:
    t = one(text, published, word)
    assert t.begin == t.until == day
