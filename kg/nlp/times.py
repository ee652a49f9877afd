"""Find time expressions and resolve them to date intervals against the publication date.

今年1月至7月底 → 2020-01-01…2020-07-31; 今年以来 → 1 January…publication date;
截至目前 → …publication date; 前三季度, 一季度, 上半年; 去年10月…以来; 7月8日; 2021年;
同期 (the period of the figure before). Without a publication date, relative
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

__all__ = ["TimeGrammar"]

_CN_MONTH = {
    "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6,
    "七": 7, "八": 8, "九": 9, "十": 10, "十一": 11, "十二": 12,
}  # fmt: skip
_CLAUSE_END = "，,。；;！？!?\n：:"


class TimeGrammar:
    """Regexes built from ``times.yaml`` and the resolution rules."""

    def __init__(self, cfg: Mapping[str, Any]) -> None:
        self.rel_years: dict[str, int] = dict(cfg["relative_years"])
        self.climax = tuple(cfg["climax_words"])
        self.recent_days = int(cfg["recent_days"])
        self.month_parts: dict[str, list[int]] = dict(cfg["month_parts"])
        self.year_parts: dict[str, list[int]] = dict(cfg["year_parts"])
        ry = _alt(self.rel_years)
        mp = _alt(self.month_parts)
        yp = _alt(self.year_parts)
        month = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
        year = rf"(?:(?:19|20)\d\d年|{ry})"
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
        self.patterns: list[tuple[str, re.Pattern[str]]] = [
            ("month-range", re.compile(
                rf"(?P<Y>{year})?(?P<M>{month})月?(?:{rng})(?P<bM>{month})月(?P<bP>{mp})?")),
            ("range", re.compile(rf"{self.atom}(?:{rng}){atom_b}")),
            ("since-part", re.compile(rf"(?P<Y>(?:19|20)\d\d年?|{ry})?(?P<YP>{yp})(?:{since})")),
            ("first-months", re.compile(
                rf"(?P<Y>(?:19|20)\d\d年|{ry})?前(?P<N>\d{{1,2}}|十[一二]?|[一二两三四五六七八九])个月")),
            ("comparison", re.compile(r"(?:较|比|与|同)(?:去年|上年|前年)?(?:同期|年初|年底)|(?:去年|上年)同期")),
            ("year-part", re.compile(rf"(?P<Y>(?:19|20)\d\d年?|{ry})?(?P<YP>{yp})")),
            ("until", re.compile(rf"(?:{until})(?:(?P<NOW>{now})|{self.atom})")),
            ("since", re.compile(rf"{self.atom}(?P<GAP>[^{_CLAUSE_END}]{{0,20}}?)(?:{since})")),
            ("same-period", re.compile(_alt(cfg["same_period_words"]))),
            ("recent", re.compile(_alt(cfg["recent_words"]))),
            ("anaphor", re.compile(
                rf"(?P<NOUN>{_alt(cfg['operation_nouns'])})(?P<REL>期间|开展以来|以来)"
            )),
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
                if expr is None:
                    continue
                found.append(expr)
                for i in range(m.start(), m.end()):
                    taken[i] = True
        found = self.resolve_anaphors(text, sorted(found, key=lambda t: t.start), published)
        return self.resolve_recent(text, found, published)

    def resolve_recent(
        self, text: str, found: list[TimeExpr], published: dt.date | None
    ) -> list[TimeExpr]:
        """日前/近日 in a lede is the day of the operation the report tells later
        (日前…成功打掉…; 8月5日…统一收网): the first later day, within ``recent_days``
        before publication, whose sentence tells a police action. Else it stays open."""
        if published is None:
            return found
        out = []
        for t in found:
            if t.scope == "recent":
                later = [
                    x for x in found
                    if x.start > t.end and x.scope == "point" and x.begin is not None
                    and published - dt.timedelta(days=self.recent_days) <= x.begin <= published
                    and any(w in _sentence_around(text, x.start) for w in self.climax)
                ]  # fmt: skip
                if later:
                    t = TimeExpr(t.start, t.end, t.text, later[0].begin, later[0].until, "point")
            out.append(t)
        return out

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
        if kind == "comparison":
            return TimeExpr(m.start(), m.end(), text, None, None, "comparison")
        if kind == "anaphor":
            return TimeExpr(m.start(), m.end(), text, None, None, "anaphor:" + g["NOUN"] + ":" + g["REL"])
        if kind == "recent":
            return TimeExpr(m.start(), m.end(), text, None, None, "recent")
        if kind == "same-period":
            return TimeExpr(m.start(), m.end(), text, None, None, "same-period")
        if kind == "day":
            if pub is None:
                return None
            try:
                day = pub.replace(day=int(g["D"]))
            except ValueError:
                return None
            return TimeExpr(m.start(), m.end(), text, day, day, "point")
        if kind == "year-part":
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
            if span is None or pub is None or span[0] > pub:
                return None
            return TimeExpr(m.start(), m.end(), text, span[0], pub, "since")
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

    def resolve_anaphors(
        self, text: str, found: list[TimeExpr], published: dt.date | None
    ) -> list[TimeExpr]:
        """攻坚行动期间, 专项行动开展以来: the period of the operation named earlier.

        The operation's period is the time expression of the last earlier sentence that
        names the same operation noun; 以来 keeps its start and runs to publication.
        """
        out = []
        for t in found:
            if not t.scope.startswith("anaphor:"):
                out.append(t)
                continue
            _, noun, rel = t.scope.split(":")
            source = None
            for other in reversed([x for x in out if x.end <= t.start and x.begin]):
                sentence = _sentence_around(text, other.start)
                if noun in sentence and not other.scope.startswith(("anaphor", "comparison")):
                    source = other
                    break
            if source is None:
                continue
            if rel.endswith("以来"):
                if published is None:
                    continue
                out.append(TimeExpr(t.start, t.end, t.text, source.begin, published, "since"))
            else:
                out.append(TimeExpr(t.start, t.end, t.text, source.begin, source.until, "period"))
        return out

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


def _sentence_around(text: str, offset: int) -> str:
    start = max(text.rfind(c, 0, offset) for c in "。！？\n") + 1
    ends = [i for i in (text.find(c, offset) for c in "。！？\n") if i >= 0]
    return text[start : min(ends) if ends else len(text)]


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
