"""Text geometry shared by the event and role finders: sentences, clauses, headings."""

from __future__ import annotations

import bisect
import functools
import re

from kg.model import Annotated, Mention, Sentence, sentence_index

__all__ = [
    "clause_breaks",
    "clause_of",
    "in_list_after_prep",
    "is_heading",
    "section_break",
    "sentence_index",
    "small_int",
]

_CLAUSE = re.compile(r"[，,；;：:]")


def is_heading(text: str, s: Sentence) -> bool:
    """A short line with no sentence-final punctuation: a section heading or a title."""
    body = text[s.start : s.end]
    line_start = s.start == 0 or text[s.start - 1] == "\n"
    line_end = s.end == len(text) or text[s.end : s.end + 1] == "\n"
    return line_start and line_end and len(body) <= 40 and body[-1:] not in "。！？!?”\"；;"


def clause_of(text: str, s: Sentence, offset: int) -> tuple[int, int]:
    """The clause of ``s`` around ``offset``: between commas/semicolons/colons."""
    breaks = clause_breaks(text)
    i = bisect.bisect_right(breaks, offset - 1)
    start = breaks[i - 1] + 1 if i and breaks[i - 1] + 1 > s.start else s.start
    end = breaks[i] if i < len(breaks) and breaks[i] < s.end else s.end
    return max(start, s.start), end



def section_break(text: str, ann: Annotated, previous: int, current: int) -> bool:
    """True when a heading stands between sentence ``previous`` and ``current``."""
    return any(is_heading(text, ann.sentences[i]) for i in range(previous + 1, current))


def in_list_after_prep(text: str, s: Sentence, m: Mention, preps: tuple[str, ...]) -> bool:
    """广东、福建等6省 after 在: places listed after a preposition are locations too."""
    i = m.start
    while i > s.start and text[i - 1] in "、和及与":
        j = i - 1
        k = j
        while k > s.start and text[k - 1] not in "、，,。；;" and j - k < 12:
            k -= 1
            if text[k - 3 if k >= 3 else 0 : k].endswith(preps):
                return True
        i = k
    return text[max(s.start, i - 3) : i].endswith(preps)


def small_int(text: str) -> int | None:
    """12, 三, 十二, 二十 → int (the small counts of 等N人 and prison terms)."""
    if text.isdigit():
        return int(text)
    digits = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
              "九": 9}  # fmt: skip
    if text == "十":
        return 10
    if len(text) == 1:
        return digits.get(text)
    if text.startswith("十"):
        return 10 + digits.get(text[1], 0)
    if len(text) == 2 and text[1] == "十":
        return digits.get(text[0], 0) * 10
    return None


@functools.lru_cache(maxsize=8)
def clause_breaks(text: str) -> list[int]:
    """Offsets of every clause mark (，；：) in ``text``, cached for the last few texts."""
    return [m.start() for m in _CLAUSE.finditer(text)]
