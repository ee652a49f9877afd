"""Property-based tests (hypothesis) for the parsers of numbers, times and text."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import assume, given
from hypothesis import strategies as st

from kg.nlp.normalize import normalize_text
from kg.nlp.numbers import NumberGrammar, canonical_decimal
from kg.nlp.segment import split_sentences
from kg.nlp.times import TimeGrammar
from kg.nlp.values import ValueFinder
from kg.resources import Resources

RES = Resources.default()
NUMBERS = NumberGrammar.from_config(RES.values)
TIMES = TimeGrammar.from_config(RES.times)
VALUES = ValueFinder(RES)

_DIGITS = "零一二三四五六七八九"


def to_chinese(n: int) -> str:
    """Reference writer of Chinese numerals for 0 < n < 10**12 (test oracle)."""

    def below_10000(x: int) -> str:
        out = ""
        zero = False
        for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            d = x // value % 10
            if d == 0:
                zero = bool(out)
                continue
            if zero:
                out += "零"
                zero = False
            out += _DIGITS[d] + unit
        return out

    parts = []
    for value, unit in ((10**8, "亿"), (10**4, "万"), (1, "")):
        chunk = n // value % 10000 if value < 10**8 else n // value
        if chunk:
            parts.append(below_10000(chunk) + unit)
        elif parts:
            parts.append("零")
    text = "".join(parts).rstrip("零")
    while "零零" in text:
        text = text.replace("零零", "零")
    return text


@given(st.integers(min_value=1, max_value=10**11))
def test_numbers_chinese_numerals_round_trip(n: int) -> None:
    parsed = NUMBERS.parse(to_chinese(n))
    assert parsed is not None
    assert parsed.value == n


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=99))
def test_numbers_arabic_with_multiplier(whole: int, frac: int) -> None:
    text = f"{whole}.{frac:02d}万"
    parsed = NUMBERS.parse(text)
    assert parsed is not None
    assert parsed.value == Decimal(f"{whole}.{frac:02d}") * 10000
    assert not parsed.approximate


@given(st.integers(min_value=1, max_value=99999), st.sampled_from(["余", "多"]))
def test_numbers_approximation_is_a_lower_bound(n: int, word: str) -> None:
    parsed = NUMBERS.parse(f"{n}{word}万")
    assert parsed is not None
    assert parsed.approximate
    assert parsed.lower == parsed.value == n * 10000


@given(st.decimals(min_value=0, max_value=10**12, places=4, allow_nan=False))
def test_numbers_canonical_decimal_round_trips(value: Decimal) -> None:
    text = canonical_decimal(value)
    assert Decimal(text) == value
    assert not text.endswith(".")
    assert (text == "0" or not text.endswith("0") or "." not in text)


_ALPHABET = st.sampled_from([*list("河北省公安厅破获抓获案件起名元万亿余，。、；：%０１２３４５６７８９0123456789 \n“”同比上升今年月日至以来截目前某李张诈骗团伙"), "\u3000", "\u200b", "Ａ"])


@given(st.text(alphabet=_ALPHABET, max_size=200))
def test_normalize_keeps_length_and_is_idempotent(text: str) -> None:
    norm = normalize_text(text)
    assert len(norm) == len(text)
    assert normalize_text(norm) == norm


@given(st.text(max_size=300))
def test_normalize_keeps_length_on_any_unicode(text: str) -> None:
    assert len(normalize_text(text)) == len(text)


@given(st.text(alphabet=_ALPHABET, max_size=300))
def test_segment_sentences_are_ordered_disjoint_and_nonblank(text: str) -> None:
    last = 0
    for s in split_sentences(text):
        assert last <= s.start < s.end <= len(text)
        assert text[s.start : s.end].strip()
        last = s.end


@given(st.text(alphabet=_ALPHABET, max_size=200))
def test_values_quantities_are_valid_spans(text: str) -> None:
    norm = normalize_text(text)
    for q in VALUES.find_quantities(norm):
        assert norm[q.start : q.end] == q.text
        assert q.value > 0
        assert q.text.endswith(q.unit)


@given(
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31)),
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31)),
)
def test_times_absolute_dates_resolve_exactly(day: dt.date, published: dt.date) -> None:
    text = f"{day.year}年{day.month}月{day.day}日，警方抓获"
    found = TIMES.find(text, published)
    assert found
    assert found[0].begin == day == found[0].until


@given(st.dates(min_value=dt.date(2001, 1, 1), max_value=dt.date(2030, 12, 31)),
       st.integers(min_value=1, max_value=12))  # fmt: skip
def test_times_this_year_month_ranges(published: dt.date, month: int) -> None:
    found = TIMES.find(f"今年1月至{month}月底", published)
    assert found[0].begin == dt.date(published.year, 1, 1)
    assert found[0].until is not None
    assert (found[0].until.year, found[0].until.month) == (published.year, month)
    assert (found[0].until + dt.timedelta(days=1)).day == 1


@given(st.dates(min_value=dt.date(2001, 1, 1), max_value=dt.date(2030, 12, 31)))
def test_times_since_and_until_close_at_publication(published: dt.date) -> None:
    since = TIMES.find("今年以来", published)[0]
    until = TIMES.find("截至目前", published)[0]
    assert (since.begin, since.until) == (dt.date(published.year, 1, 1), published)
    assert (until.begin, until.until) == (None, published)


@given(st.text(alphabet=_ALPHABET, max_size=60))
def test_times_without_publication_date_never_guess_relative_times(text: str) -> None:
    assume("年" not in text or not any(c.isdigit() for c in text))
    for t in TIMES.find(text, None):
        assert (t.begin is None and t.until is None) or t.scope in {"comparison", "same-period"}
