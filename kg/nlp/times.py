"""Find time expressions and resolve them to date intervals against the publication date.

今年1月至7月底 → 2020-01-01…2020-07-31; 今年以来 → 1 January…publication date;
截至目前 → …publication date; 前三季度, 一季度, 上半年; 去年10月…以来; 7月8日; 2021年;
同期 (the period of the figure before); 昨天, 上周, 上月, 本月初, 近三年来; 7月18日至27日;
自2018年1月开始 (a start, running to publication). Comparison bases (较2019年, 去年同期) are
marked as such, never periods. Times that point back into the story (次日, 当月28日, 全年,
28日) are resolved by ``kg.nlp.time_story``. Without a publication date, relative
expressions stay unresolved: nothing is guessed from today's date.
Data: ``kg/data/zh/patterns/times.yaml``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from kg.model import TimeExpr
from kg.nlp.time_story import resolve_operations, resolve_recent, resolve_story

__all__ = ["TimeGrammar"]

_CN_MONTH = {
    "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6,
    "七": 7, "八": 8, "九": 9, "十": 10, "十一": 11, "十二": 12,
}  # fmt: skip
_DATED = re.compile(r"[年月日]|季度|半年")
_CLAUSE_END = "，,。；;！？!?\n：:"


class TimeGrammar:
    """Regexes built from ``times.yaml`` and the resolution rules."""

    def __init__(self, cfg: Mapping[str, Any]) -> None:
        self.rel_years: dict[str, int] = dict(cfg["relative_years"])
        self.climax = tuple(cfg["climax_words"])
        self.recent_days = int(cfg["recent_days"])
        self.month_parts: dict[str, list[int]] = dict(cfg["month_parts"])
        self.year_parts: dict[str, list[int]] = dict(cfg["year_parts"])
        self.rel_days: dict[str, int] = dict(cfg["relative_days"])
        self.rel_weeks: dict[str, int] = dict(cfg["relative_weeks"])
        self.rel_months: dict[str, int] = dict(cfg["relative_months"])
        self.story: dict[str, tuple[str, int]] = {
            **{w: ("day", n) for w, n in cfg["story_days"].items()},
            **{w: ("month", n) for w, n in cfg["story_months"].items()},
            **{w: ("year", n) for w, n in cfg["story_years"].items()},
        }
        self.review_months = tuple(cfg["review_months"])
        not_after = "".join(cfg["not_year_after"])
        not_before = "".join(cfg["not_year_before"])
        ry = rf"(?<![{not_before}])(?:{_alt(self.rel_years)})(?![{not_after}])"
        mp = _alt(self.month_parts)
        yp = _alt(self.year_parts)
        month = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
        day = r"(?:[12]\d|3[01]|0?[1-9])"
        year = rf"(?:(?:19|20)\d\d年(?![{not_after}])|{ry})"
        starts = "".join(sorted({w[0] for w in self.rel_years} | set("0123456789一二三四五六七八九十")))
        self.atom = (
            rf"(?=[{starts}])(?P<Y>{year})?(?:(?P<M>{month})月份?(?:(?P<D>[12]\d|3[01]|0?[1-9])[日号])?"
            rf"(?P<P>{mp})?)?"
        )
        atom_b = self.atom.replace("?P<", "?P<b")
        since = _alt(cfg["since_words"])
        now = _alt(cfg["now_words"])
        until = _alt(cfg["until_words"])
        rng = "|".join(re.escape(w) for w in cfg["range_words"])
        start = "(?:" + _alt(cfg["from_ends"]) + ")?"
        n = r"(?:\d{1,2}|十[一二]?|[一二两三四五六七八九])"
        story_year = _alt(cfg["story_years"])
        story = (
            rf"(?P<SY>{story_year})(?![{not_after}])(?:(?P<SM>{month})月(?:(?P<SD>{day})[日号])?)?"
            rf"|(?P<SMO>{_alt(cfg['story_months'])})(?:(?P<SMD>{day})[日号])?"
            rf"|(?P<SDA>{_alt(cfg['story_days'])})"
        )
        changes = _alt(cfg["change_verbs_after"])
        self.patterns: list[tuple[str, re.Pattern[str]]] = [
            ("comparison", re.compile(
                r"(?:较|比|与|同)(?:去年|上年|前年)?(?:同期|年初|年底)|(?:去年|上年)同期"
                rf"|(?:{_alt(cfg['comparison_words'])})(?:(?:19|20)\d\d年|去年|上年|前年)"
                rf"(?:同期|年?初|年?底|年?末)?(?:相比|相较)?(?=[^，。；,;]{{0,4}}?(?:{changes}))"
                r"|与(?:(?:19|20)\d\d年|去年|上年|前年)(?:同期|年?初|年?底|年?末)?相比")),
            ("story", re.compile(story)),
            ("month-range", re.compile(
                rf"(?P<Y>{year})?(?P<M>{month})月?(?:{rng})(?P<bM>{month})月(?P<bP>{mp})?")),
            ("day-range", re.compile(
                rf"(?P<Y>{year})?(?P<M>{month})月(?P<D>{day})[日号]{start}(?:{rng})(?P<bD>{day})[日号]")),
            ("range", re.compile(rf"{self.atom}{start}(?:{rng}){atom_b}")),
            ("from", re.compile(rf"(?:{_alt(cfg['from_words'])}){self.atom}(?:{_alt(cfg['from_ends'])})")),
            ("recent-years", re.compile(
                rf"近(?P<N>{n})年(?:来|以来)?|(?:{_alt(cfg['recent_years_words'])})")),
            ("since-part", re.compile(rf"(?P<Y>(?:19|20)\d\d年?|{ry})?(?P<YP>{yp})(?:{since})")),
            ("first-months", re.compile(
                rf"(?P<Y>(?:19|20)\d\d年|{ry})?前(?P<N>\d{{1,2}}|十[一二]?|[一二两三四五六七八九])个月")),
            ("year-part", re.compile(rf"(?P<Y>(?:19|20)\d\d年?|{ry})?(?P<YP>{yp})")),
            ("until", re.compile(rf"(?:{until})(?:(?P<NOW>{now})|{self.atom})")),
            ("since", re.compile(rf"{self.atom}(?P<GAP>[^{_CLAUSE_END}]{{0,20}}?)(?:{since})")),
            ("same-period", re.compile(_alt(cfg["same_period_words"]))),
            ("recent", re.compile(_alt(cfg["recent_words"]))),
            ("anaphor", re.compile(
                rf"(?P<NOUN>{_alt(cfg['operation_nouns'])})(?P<REL>期间|开展以来|以来)"
            )),
            ("rel-day", re.compile(
                rf"(?P<RD>{_alt(self.rel_days)})(?!{_alt(cfg['not_day_after'])})")),
            ("rel-week", re.compile(_alt(self.rel_weeks))),
            ("rel-month", re.compile(rf"(?P<RM>{_alt(self.rel_months)})(?P<P>{mp})?")),
            ("day", re.compile(r"(?<![\d月年])(?P<D>[12]\d|3[01]|[1-9])日(?![本\d])")),
            ("point", re.compile(self.atom)),
        ]

    @classmethod
    def from_config(cls, cfg: Mapping[str, Any]) -> TimeGrammar:
        """Build from the ``times.yaml`` mapping."""
        return cls(cfg)

    def find(self, text: str, published: dt.date | None) -> list[TimeExpr]:
        """All non-overlapping time expressions in ``text``, in order."""
        taken = [False] * len(text)
        found: list[TimeExpr] = []
        for kind, pattern in self.patterns:
            for m in pattern.finditer(text):
                if m.end() == m.start() or any(taken[m.start() : m.end()]):
                    continue
                expr = self._resolve(kind, m, published)
                if expr is None and published is None and _DATED.search(m.group(0)):
                    # 截至12月20日 with no publication date: no time, and no older one either
                    expr = TimeExpr(m.start(), m.end(), m.group(0), None, None, "unresolved")
                if expr is None:
                    continue
                found.append(expr)
                for i in range(m.start(), m.end()):
                    taken[i] = True
        found = resolve_story(text, sorted(found, key=lambda t: t.start), published, self.review_months)
        found = resolve_operations(text, found, published)
        return resolve_recent(text, found, published, self.recent_days, self.climax)

    def _resolve(self, kind: str, m: re.Match[str], pub: dt.date | None) -> TimeExpr | None:
        g = m.groupdict()
        text = m.group(0)
        if kind in {"since-part", "first-months"}:
            year = self._year(g["Y"], pub)
            if year is None:
                return None
            if kind == "first-months":
                n = _month(g["N"].replace("两", "二"))
                return TimeExpr(m.start(), m.end(), text, dt.date(year, 1, 1),
                                _month_end(year, n), "period")  # fmt: skip
            first, _ = self.year_parts[g["YP"]]
            if pub is None:
                return None
            return TimeExpr(m.start(), m.end(), text, dt.date(year, first, 1), pub, "since")
        if kind == "story":
            return self._story(m)
        if kind in {"rel-day", "rel-week", "rel-month", "recent-years"}:
            return self._relative(kind, m, pub)
        if kind == "day-range":
            year = self._year(g["Y"], pub) if g["Y"] else None
            if year is None and pub is not None:
                year = _infer_year(pub, _month(g["M"]), int(g["D"]))
            if year is None:
                return None
            try:
                begin = dt.date(year, _month(g["M"]), int(g["D"]))
                end = begin.replace(day=int(g["bD"]))
            except ValueError:
                return None
            if end < begin:
                return None
            return TimeExpr(m.start(), m.end(), text, begin, end, "period")
        if kind == "from":
            span = self._atom_span(g, "", pub)
            if span is None or (pub is not None and span[0] > pub):
                return None
            return TimeExpr(m.start(), m.end(), text, span[0], pub, "since")  # open without pub
        if kind == "comparison":
            return TimeExpr(m.start(), m.end(), text, None, None, "comparison")
        if kind == "anaphor":
            return TimeExpr(m.start(), m.end(), text, None, None, "anaphor:" + g["NOUN"] + ":" + g["REL"])
        if kind == "recent":
            return TimeExpr(m.start(), m.end(), text, None, None, "recent")
        if kind == "same-period":
            return TimeExpr(m.start(), m.end(), text, None, None, "same-period")
        if kind == "day":
            return TimeExpr(m.start(), m.end(), text, None, None, "day:" + str(int(g["D"])))
        if kind == "year-part":
            if not g["Y"] and g["YP"] in {"全年", "年度"}:
                return TimeExpr(m.start(), m.end(), text, None, None, "whole-year")
            year = self._year(g["Y"], pub)
            if year is None:
                return None
            first, last = self.year_parts[g["YP"]]
            return TimeExpr(m.start(), m.end(), text, dt.date(year, first, 1),
                            _month_end(year, last), "period")  # fmt: skip
        if kind == "until":
            if g.get("NOW"):
                return TimeExpr(m.start(), m.end(), text, None, pub, "until") if pub else None
            span = self._atom_span(g, "", pub)
            return TimeExpr(m.start(), m.end(), text, None, span[1], "until") if span else None
        if kind == "since":
            span = self._atom_span(g, "", pub)
            if span is None or (pub is not None and span[0] > pub):
                return None
            return TimeExpr(m.start(), m.end(), text, span[0], pub, "since")  # open without pub
        if kind == "month-range":
            year = self._year(g["Y"], pub)
            if year is None:
                return None
            m1, m2 = _month(g["M"]), _month(g["bM"])
            end = _month_end(year, m2)
            if g.get("bP"):
                end = _part_end(year, m2, self.month_parts[g["bP"]])
            return TimeExpr(m.start(), m.end(), text, dt.date(year, m1, 1), end, "period")
        if kind == "range":
            left = self._atom_span(g, "", pub)
            if left is None:
                return None
            right = self._atom_span(g, "b", pub, default_year=left[0].year)
            if right is None or right[1] < left[0]:
                return None
            return TimeExpr(m.start(), m.end(), text, left[0], right[1], "period")
        span = self._atom_span(g, "", pub)
        if span is None:
            return None
        scope = "point" if span[0] == span[1] else "period"
        return TimeExpr(m.start(), m.end(), text, span[0], span[1], scope)

    def _story(self, m: re.Match[str]) -> TimeExpr:
        """次日, 当月28日, 同年7月: left for ``resolve_story`` (``story:unit:offset:M:D``)."""
        g = m.groupdict()
        word = g["SY"] or g["SMO"] or g["SDA"]
        unit, offset = self.story[word]
        month = str(_month(g["SM"])) if g.get("SM") else ""
        day = g.get("SD") or g.get("SMD") or ""
        scope = f"story:{unit}:{offset}:{month}:{int(day) if day else ''}"
        return TimeExpr(m.start(), m.end(), m.group(0), None, None, scope)

    def _relative(self, kind: str, m: re.Match[str], pub: dt.date | None) -> TimeExpr | None:
        """昨天, 上周, 上月底, 近三年来: counted back from the publication date."""
        if pub is None:
            return None
        text, g = m.group(0), m.groupdict()
        if kind == "rel-day":
            day = pub + dt.timedelta(days=self.rel_days[g["RD"]])
            return TimeExpr(m.start(), m.end(), text, day, day, "point")
        if kind == "rel-week":
            monday = pub - dt.timedelta(days=pub.weekday()) + dt.timedelta(weeks=self.rel_weeks[text])
            end = min(monday + dt.timedelta(days=6), pub)
            return TimeExpr(m.start(), m.end(), text, monday, end, "period")
        if kind == "rel-month":
            year, month = divmod(pub.year * 12 + pub.month - 1 + self.rel_months[g["RM"]], 12)
            month += 1
            first, last = dt.date(year, month, 1), _month_end(year, month)
            if g.get("P"):
                lo, hi = self.month_parts[g["P"]]
                first, last = dt.date(year, month, min(lo, _days(year, month))), _part_end(year, month, [lo, hi])
            if first > pub:
                return None
            return TimeExpr(m.start(), m.end(), text, first, min(last, pub), "period")
        if g.get("N"):
            years = _month(g["N"].replace("两", "二")) if not g["N"].isdigit() else int(g["N"])
            try:
                begin = pub.replace(year=pub.year - years)
            except ValueError:  # 29 February
                begin = pub.replace(year=pub.year - years, day=28)
            return TimeExpr(m.start(), m.end(), text, begin, pub, "since")
        return TimeExpr(m.start(), m.end(), text, None, pub, "until")

    def _atom_span(
        self,
        g: Mapping[str, str | None],
        p: str,
        pub: dt.date | None,
        default_year: int | None = None,
    ) -> tuple[dt.date, dt.date] | None:
        y_text, m_text, d_text, part = g.get(p + "Y"), g.get(p + "M"), g.get(p + "D"), g.get(p + "P")
        if not y_text and not m_text:
            return None
        year = self._year(y_text, pub) if y_text else default_year
        if year is None and pub is not None and m_text:
            year = _infer_year(pub, _month(m_text), int(d_text) if d_text else 1)
        if year is None:
            return None
        if not m_text:
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        month = _month(m_text)
        if d_text:
            try:
                day = dt.date(year, month, int(d_text))
            except ValueError:
                return None
            return day, day
        if part:
            first, last = self.month_parts[part]
            return dt.date(year, month, min(first, _days(year, month))), _part_end(
                year, month, [first, last]
            )
        return dt.date(year, month, 1), _month_end(year, month)

    def _year(self, text: str | None, pub: dt.date | None) -> int | None:
        if not text:
            return pub.year if pub else None
        if text in self.rel_years:
            return pub.year + self.rel_years[text] if pub else None
        return int(text[:4])


def _alt(words: Any) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _month(text: str) -> int:
    return int(text) if text.isdigit() else _CN_MONTH[text]


def _days(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, _days(year, month))


def _part_end(year: int, month: int, part: list[int]) -> dt.date:
    return dt.date(year, month, min(part[1], _days(year, month)))


def _infer_year(pub: dt.date, month: int, day: int) -> int:
    """A month without a year is this year's, unless that lies well after publication."""
    try:
        candidate = dt.date(pub.year, month, min(day, _days(pub.year, month)))
    except ValueError:
        return pub.year
    return pub.year - 1 if candidate > pub + dt.timedelta(days=31) else pub.year
