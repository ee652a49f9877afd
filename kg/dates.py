"""Stage ① read: the publication date a document states about itself, or none.

A news text says when it was published in a few fixed places: a timestamp
(``2022-06-22 10:30 来源：…``), a labelled field (``发布时间：2024-07-02``), a line of page
metadata that holds only a date and source or author fields (``2014年03月19日 来源： 宁夏日报``),
or a dateline (``新华社杭州2021年4月2日电``). Any other date near the top — a period of the
story (``2020年1-7月``), the day of a crime (``2017年5月24日,四川省…``) — says nothing about
publication. A dateline without a year (``中新网长沙4月11日电``) fixes no date either. When no
date is certain the answer is no date, with the reason: relative times then stay open,
which is better than resolving them against a wrong day. The words are data
(``kg/data/zh/patterns/dates.yaml``).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Any, Final

from kg.errors import ResourceError

__all__ = ["HeaderDate", "find_published_date", "header_date", "parse_date_field"]

# full-width digits and separators → ASCII, one character for one (offsets unchanged)
_WIDE: Final = str.maketrans("０１２３４５６７８９－／．：　", "0123456789-/.: ")
_FULL_DATE: Final = re.compile(
    r"(?<!\d)(?P<y>(?:19|2\d)\d\d)\s*(?:年\s*(?P<m1>\d{1,2})\s*月\s*(?P<d1>\d{1,2})(?:\s*日|(?!\d))"
    r"|(?P<sep>[-/.])(?P<m2>\d{1,2})(?P=sep)(?P<d2>\d{1,2})(?!\d))"
)
_MONTH_DAY: Final = re.compile(r"(?<![\d年月])(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
_CLOCK: Final = re.compile(r"\s*(?:[01]?\d|2[0-3])[:时]\s*[0-5]\d(?::[0-5]\d)?(?!\d)")
_COMPACT: Final = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)(?P<m>[01]\d)(?P<d>[0-3]\d)(?!\d)")
_SENTENCE: Final = re.compile(r"[，。；！？,;!?]")


@dataclass(frozen=True, slots=True)
class HeaderDate:
    """What the header says: a date and how it is stated, or no date and why not."""

    date: dt.date | None
    how: str  # timestamp | labelled | metadata | dateline | "" (no date)
    evidence: str  # the header line it comes from
    reason: str = ""  # why there is no date, for the warning


def find_published_date(text: str) -> dt.date | None:
    """The publication date the header states, or ``None`` when none is certain.

    >>> find_published_date("标题\\n2014年03月19日 12:17:48 来源： 宁夏日报\\n3月18日上午…")
    datetime.date(2014, 3, 19)
    >>> find_published_date("标题\\n经查,仅2020年1-7月,网站资金流就达2.2亿元。") is None
    True
    """
    found = header_date(text)
    return found.date if found else None


def header_date(text: str) -> HeaderDate | None:
    """The header's publication date with its evidence; ``None`` when it states none at all.

    A timestamp, a labelled date or a metadata line wins over a dateline (a dateline is
    written where the story happened, in its time zone); the first such line wins.
    """
    rules = _rules()
    lines = [x.translate(_WIDE).strip(" \ufeff\u200b") for x in text.splitlines()]
    lines = [x for x in lines if x][: rules["header_lines"]]
    byline: HeaderDate | None = None
    dateline: HeaderDate | None = None
    yearless: HeaderDate | None = None
    for line in lines:
        for m in _FULL_DATE.finditer(line):
            date = _date(m["y"], m["m1"] or m["m2"], m["d1"] or m["d2"])
            if date is None:
                continue
            how = _byline_kind(line, m, rules)
            if how and byline is None:
                byline = HeaderDate(date, how, line)
            elif _is_dateline(line, m.end(), rules) and dateline is None:
                dateline = HeaderDate(date, "dateline", line)
        if yearless is None:
            for m in _MONTH_DAY.finditer(line):
                if _is_dateline(line, m.end(), rules) and m.start() <= 30:
                    reason = f"its dateline gives {m[0]} without a year"
                    yearless = HeaderDate(None, "", line, reason)
                    break
    return byline or dateline or yearless


def parse_date_field(value: str) -> dt.date | None:
    """The date in a metadata field, however it is written; ``None`` if it holds none.

    >>> parse_date_field("2014年03月19日 12:17:48 来源： 宁夏日报")
    datetime.date(2014, 3, 19)
    >>> parse_date_field("20120612"), parse_date_field("2021-03-05T10:00:00+08:00")
    (datetime.date(2012, 6, 12), datetime.date(2021, 3, 5))
    """
    text = value.translate(_WIDE)
    m = _FULL_DATE.search(text)
    if m:
        return _date(m["y"], m["m1"] or m["m2"], m["d1"] or m["d2"])
    m = _COMPACT.search(text)
    return _date(m["y"], m["m"], m["d"]) if m else None


# ------------------------------------------------------------------ rules
def _byline_kind(line: str, m: re.Match[str], rules: dict[str, Any]) -> str:
    """How a full date in ``line`` is stated as a publication date, or ``""`` if it is not."""
    clock = _CLOCK.match(line, m.end())
    if clock and ":" in clock[0]:
        return "timestamp"
    before = line[: m.start()].rstrip(" :：\t")
    if before.endswith(tuple(rules["date_labels"])):
        return "labelled"
    if len(line) > rules["metadata_line_max"] or _SENTENCE.search(line):
        return ""
    delimiters = rules["metadata_delimiters"]
    after = line[clock.end() if clock else m.end() :]
    edge_before = not before or before[-1] in delimiters or before.endswith(tuple(rules["field_labels"]))
    edge_after = not after or after[0] in delimiters or after.lstrip().startswith(tuple(rules["field_labels"]))
    return "metadata" if edge_before and edge_after else ""


def _is_dateline(line: str, end: int, rules: dict[str, Any]) -> bool:
    """A date followed by 电/讯/消息 (after an optional place name) near the start of the line."""
    if end > 40:
        return False
    rest = line[end : end + 8]
    endings = "|".join(map(re.escape, sorted(rules["dateline_endings"], key=len, reverse=True)))
    m = re.match(rf"[\u4e00-\u9fff]{{0,4}}?(?P<e>{endings})", rest)
    if m is None:
        return False
    following = rest[m.end() : m.end() + 1]
    return not following or following not in rules["dateline_not_before"].get(m["e"], "")


def _date(y: str, m: str, d: str) -> dt.date | None:
    try:
        return dt.date(int(y), int(m), int(d))
    except ValueError:
        return None


@functools.cache
def _rules() -> dict[str, Any]:
    import yaml

    from kg.resources import data_path

    path = data_path("zh", "patterns", "dates.yaml")
    try:
        rules = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        msg = f"{path}: cannot read ({e})"
        raise ResourceError(msg) from e
    missing = {"header_lines", "date_labels", "field_labels", "dateline_endings",
               "metadata_delimiters", "metadata_line_max", "dateline_not_before"} - set(rules or {})  # fmt: skip
    if missing:
        msg = f"{path}: missing {', '.join(sorted(missing))}"
        raise ResourceError(msg)
    return dict(rules)
