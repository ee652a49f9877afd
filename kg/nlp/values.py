"""Stage ③ values: quantities (number + measure word), time expressions and changes.

4071起 → 4071 起; 25亿元 → 2500000000 元; 6.3万余个 → ≥63000 个 (approximate);
同比上升141.6% → +1.416; 同比分别上升12.3%、9.8%和21.6% → three changes in order.
Numbers inside dates, ordinals (第17起) and durations/ages (三年, 68岁) are not quantities;
``一`` before a measure word is an indefinite article (一名女子), not a figure.
Data: ``values.yaml``, ``units.tsv``, ``times.yaml``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace
from decimal import Decimal

from kg.model import Annotated, Quantity, TimeExpr, YoY
from kg.nlp.numbers import NumberGrammar
from kg.nlp.times import TimeGrammar
from kg.resources import Resources

__all__ = ["ValueFinder", "run"]

_PERCENT = ("%", "％")


def run(ann: Annotated, res: Resources) -> Annotated:
    """Pipeline entry point: add ``times``, ``quantities`` and ``changes``.

    Matching runs on the normalised text; the text and measure word kept are the
    original's (張 stays 張 in a traditional-script report).
    """
    finder = ValueFinder.for_resources(res)
    text = ann.norm or ann.doc.text
    original = ann.doc.text
    times = tuple(
        replace(t, text=original[t.start : t.end]) for t in finder.times.find(text, ann.doc.published)
    )
    quantities = tuple(
        replace(q, text=original[q.start : q.end], unit=original[q.end - len(q.unit) : q.end])
        for q in finder.find_quantities(text, times)
    )
    changes = tuple(replace(c, text=original[c.start : c.end]) for c in finder.find_changes(text))
    return replace(ann, times=times, quantities=quantities, changes=changes)


class ValueFinder:
    """Quantity, percentage and change recognisers built from the data files."""

    def __init__(self, res: Resources) -> None:
        cfg = res.values
        self.numbers = NumberGrammar.from_config(cfg)
        self.times = TimeGrammar.from_config(res.times)
        self.units = dict(res.units)
        self.unit_re = re.compile(
            "|".join(re.escape(u) for u in sorted(self.units, key=len, reverse=True))
        )
        skip = sorted(cfg["non_quantity_units"], key=len, reverse=True)
        self.skip_re = re.compile(r"(?:余|多)?(?:" + "|".join(map(re.escape, skip)) + ")")
        markers = "|".join(map(re.escape, sorted(cfg["change_markers"], key=len, reverse=True)))
        self.change_verbs: dict[str, int] = dict(cfg["change_verbs"])
        verbs = "|".join(map(re.escape, sorted(self.change_verbs, key=len, reverse=True)))
        number = r"\d+(?:\.\d+)?"
        self.change_re = re.compile(
            rf"(?:{markers})(?P<each>分别)?(?P<verb>{verbs})了?"
            rf"(?P<list>{number}[%％](?:(?:、|，|,|和|及|与){number}[%％])*)"
        )
        self.percent_re = re.compile(rf"{number}[%％]")
        self.counted_places = tuple(cfg["counted_places"])

    @classmethod
    @functools.cache
    def for_resources(cls, res: Resources) -> ValueFinder:
        """A cached finder for ``res``."""
        return cls(res)

    def find_quantities(self, text: str, times: tuple[TimeExpr, ...] = ()) -> list[Quantity]:
        """Quantities in ``text`` in order; spans inside ``times`` are skipped."""
        blocked = [False] * len(text)
        for t in times:
            for i in range(t.start, t.end):
                blocked[i] = True
        out: list[Quantity] = []
        for m in self.numbers.pattern.finditer(text):
            start, end = m.start(), m.end()
            if any(blocked[start:end]) or not self._standalone(text, start):
                continue
            tail = text[end : end + 6]
            if self.skip_re.match(tail) or tail.startswith(_PERCENT):
                continue
            unit_m = self.unit_re.match(tail)
            if not unit_m:
                continue
            if m.group(0) == "一":
                continue  # 一名女子, 一起案件: an indefinite article, not a figure
            num = self.numbers.value_of(m)
            if num is None or num.value <= 0:
                continue
            if self.units[unit_m.group(0)] == "count" and num.value != num.value.to_integral():
                continue  # 每十万人命案0.46起: a rate, not a count
            unit = unit_m.group(0)
            if unit == "人" and text[end + 1 : end + 2] in {"民", "员", "口", "群", "士", "家"}:
                continue  # 人民, 人员 … are words, not 人 as a measure
            if text[end + len(unit) :].startswith(self.counted_places):
                continue  # 28个省份: where, not how many
            out.append(
                Quantity(
                    start=start,
                    end=end + len(unit),
                    text=text[start : end + len(unit)],
                    value=num.value,
                    unit=unit,
                    kind=self.units[unit],
                    approximate=num.approximate,
                    lower=num.lower,
                    upper=num.upper,
                )
            )
        return out

    def find_changes(self, text: str) -> list[YoY]:
        """Year-on-year changes; a 分别 list yields one change per percentage."""
        out: list[YoY] = []
        for m in self.change_re.finditer(text):
            sign = self.change_verbs[m["verb"]]
            base = m.start("list")
            for p in self.percent_re.finditer(m["list"]):
                ratio = Decimal(p.group(0)[:-1]) / 100 * sign
                out.append(YoY(m.start(), base + p.end(), text[m.start() : base + p.end()], ratio))
        return out

    def _standalone(self, text: str, start: int) -> bool:
        """Not an ordinal (第17起), not glued to Latin letters or other digits (3·15)."""
        before = text[start - 1] if start else ""
        return not (before == "第" or (before.isascii() and before.isalnum()) or before in "·.")
