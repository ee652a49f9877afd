"""Times that depend on the story around them, resolved in text order after the grammar.

A report tells its story in dates the reader carries along: 2018年9月…于当月28日收网 (the
28th of that September), 9月12日…次日 (the 13th), 2023年…全年 (2023), 28日 after 9月 (the
28th of that month). Each of these points back to the **last explicit time** of the text
before it; when that time is not of the size the word needs (次日 after a month, 当月 after a
year), the expression stays unresolved — it still stops an older period from leaking onto
its clause, and a missing time is better than a wrong one. Expressions that say what a
period is compared with, or only 近日, never serve as that last time.

Also here: operations named earlier (专项行动开展以来) and 日前 in a lede.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence

from kg.model import TimeExpr

__all__ = ["resolve_operations", "resolve_recent", "resolve_story", "sentence_around"]

_YEARLESS = re.compile(r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])月(?!.*年)")
_NOT_ANCHORS = ("comparison", "same-period", "recent", "anaphor:")


def resolve_story(
    text: str, found: Sequence[TimeExpr], published: dt.date | None, review_months: Sequence[int]
) -> list[TimeExpr]:
    """Resolve ``story:…``, ``day:…`` and ``whole-year`` expressions against the last
    explicit time before each; every other expression is kept as it is."""
    out: list[TimeExpr] = []
    last: TimeExpr | None = None
    for t in found:
        if t.scope.startswith("story:"):
            t = _story(t, last)
        elif t.scope.startswith("day:"):
            t = _bare_day(t, last, published)
        elif t.scope == "whole-year":
            t = _whole_year(text, t, out, published, review_months)
        elif last is not None and _YEARLESS.match(t.text):
            t = _story_year(text, t, last, published)
        out.append(t)
        if not t.scope.startswith(_NOT_ANCHORS):
            last = t
    return out


def _story(t: TimeExpr, last: TimeExpr | None) -> TimeExpr:
    _, unit, offset_text, m_text, d_text = t.scope.split(":")
    offset = int(offset_text)
    if last is None or last.begin is None or last.until is None:
        return _unresolved(t)
    b, u = last.begin, last.until
    try:
        if unit == "day":
            if b != u:
                return _unresolved(t)
            day = b + dt.timedelta(days=offset)
            return _make(t, day, day)
        if unit == "month":
            if (b.year, b.month) != (u.year, u.month):
                return _unresolved(t)
            year, month = divmod(b.year * 12 + b.month - 1 + offset, 12)
            return _within(t, year, month + 1, int(d_text) if d_text else None)
        if b.year != u.year:
            return _unresolved(t)
        year = b.year + offset
        if not m_text:
            return _make(t, dt.date(year, 1, 1), dt.date(year, 12, 31))
        return _within(t, year, int(m_text), int(d_text) if d_text else None)
    except ValueError:
        return _unresolved(t)


def _story_year(text: str, t: TimeExpr, last: TimeExpr, published: dt.date | None) -> TimeExpr:
    """3月14日 after 2017年2月底 in the same paragraph is of 2017, not of the publication
    year: a story told in order keeps its year until it names another."""
    if not (t.begin and t.until and last.begin and last.until) or last.begin.year != last.until.year:
        return t
    year = last.begin.year
    if year == t.begin.year or t.until.year != t.begin.year:
        return t
    if last.start < text.rfind("\n", 0, t.start) + 1:
        return t
    try:
        begin, until = t.begin.replace(year=year), t.until.replace(year=year)
    except ValueError:
        return t
    if begin < last.begin or (published is not None and until > published):
        return t
    return TimeExpr(t.start, t.end, t.text, begin, until, t.scope)


def _bare_day(t: TimeExpr, last: TimeExpr | None, published: dt.date | None) -> TimeExpr:
    """28日: in the month of the last explicit time when that lies in one month, else in
    the month of publication — or the month before, when the day is still to come."""
    day = int(t.scope.split(":")[1])
    try:
        if last is not None and last.begin and last.until and (
            (last.begin.year, last.begin.month) == (last.until.year, last.until.month)
        ):
            return _within(t, last.begin.year, last.begin.month, day)
        if published is None:
            return _unresolved(t)
        year, month = published.year, published.month
        if day > published.day:
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        return _within(t, year, month, day)
    except ValueError:
        return _unresolved(t)


def _whole_year(
    text: str,
    t: TimeExpr,
    earlier: Sequence[TimeExpr],
    published: dt.date | None,
    review_months: Sequence[int],
) -> TimeExpr:
    """全年 / 年度 with no year: the year of the last period (not a day: the dateline's
    1月14日 names no year under review) the paragraph named; else, in a review published
    early in the year, the year before; else the year of publication."""
    paragraph_start = text.rfind("\n", 0, t.start) + 1
    named = [
        x.begin.year for x in earlier
        if x.start >= paragraph_start and x.begin and x.until and x.begin != x.until
        and x.begin.year == x.until.year and not x.scope.startswith(_NOT_ANCHORS)
    ]  # fmt: skip
    if named:
        year = named[-1]
    elif published is None:
        return _unresolved(t)
    else:
        year = published.year - 1 if published.month in review_months else published.year
    return _make(t, dt.date(year, 1, 1), dt.date(year, 12, 31))


def resolve_operations(
    text: str, found: list[TimeExpr], published: dt.date | None
) -> list[TimeExpr]:
    """攻坚行动期间, 专项行动开展以来: the period of the operation named earlier.

    The operation's period is the time expression of the last earlier sentence that
    names the same operation noun; 以来 keeps its start and runs to publication.
    """
    out: list[TimeExpr] = []
    for t in found:
        if not t.scope.startswith("anaphor:"):
            out.append(t)
            continue
        _, noun, rel = t.scope.split(":")
        source = None
        for other in reversed([x for x in out if x.end <= t.start and x.begin]):
            sentence = sentence_around(text, other.start)
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


def resolve_recent(
    text: str,
    found: list[TimeExpr],
    published: dt.date | None,
    recent_days: int,
    climax: Sequence[str],
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
                and published - dt.timedelta(days=recent_days) <= x.begin <= published
                and any(w in sentence_around(text, x.start) for w in climax)
            ]  # fmt: skip
            if later:
                t = TimeExpr(t.start, t.end, t.text, later[0].begin, later[0].until, "point")
        out.append(t)
    return out


def sentence_around(text: str, offset: int) -> str:
    """The sentence of ``text`` that holds ``offset``."""
    start = max(text.rfind(c, 0, offset) for c in "。！？\n") + 1
    ends = [i for i in (text.find(c, offset) for c in "。！？\n") if i >= 0]
    return text[start : min(ends) if ends else len(text)]


def _within(t: TimeExpr, year: int, month: int, day: int | None) -> TimeExpr:
    if day is None:
        return _make(t, dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1]))
    d = dt.date(year, month, day)
    return _make(t, d, d)


def _make(t: TimeExpr, begin: dt.date, until: dt.date) -> TimeExpr:
    return TimeExpr(t.start, t.end, t.text, begin, until, "point" if begin == until else "period")


def _unresolved(t: TimeExpr) -> TimeExpr:
    return TimeExpr(t.start, t.end, t.text, None, None, "unresolved")
