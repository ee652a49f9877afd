"""Parse numbers written in Arabic digits, Chinese numerals or a mix of both.

``4071``, ``1,214``, ``12.9亿``, ``5300余万``, ``6.3万余``, ``两千余万``, ``一百余``,
``十余``, ``上百万``, ``近百``, ``数百`` — each becomes a ``NumberValue``: the value,
whether it is approximate, and the bounds the approximation words imply
(余/多/逾 = at least, 近/不足 = at most, 约 = about).
Data: ``kg/data/zh/patterns/values.yaml``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from kg.model import canonical_decimal

__all__ = ["NumberGrammar", "NumberValue", "canonical_decimal"]


@dataclass(frozen=True, slots=True)
class NumberValue:
    """A parsed number; ``lower``/``upper`` are ``None`` when unbounded or exact."""

    value: Decimal
    approximate: bool = False
    lower: Decimal | None = None
    upper: Decimal | None = None


class NumberGrammar:
    """Regexes and the parser for numbers, built from ``values.yaml``.

    >>> g = NumberGrammar.from_config(_DEFAULT_FOR_DOCTEST)
    >>> g.parse("5300余万").value, g.parse("5300余万").lower
    (Decimal('53000000'), Decimal('53000000'))
    >>> g.parse("两千余万").value
    Decimal('20000000')
    """

    def __init__(
        self,
        digits: Mapping[str, int],
        small_units: Mapping[str, int],
        big_units: Mapping[str, int],
        prefixes: Mapping[str, str],
        suffixes: Mapping[str, str],
    ) -> None:
        self.digits = dict(digits)
        self.small_units = dict(small_units)
        self.big_units = dict(big_units)
        self.prefixes = dict(prefixes)
        self.suffixes = dict(suffixes)
        cn = "".join(self.digits) + "".join(self.small_units) + "".join(self.big_units)
        big = "".join(self.big_units)
        inner = "|".join(sorted((s for s in self.suffixes if len(s) == 1), key=len, reverse=True))
        prefix = "|".join(sorted(self.prefixes, key=len, reverse=True))
        suffix = "|".join(sorted(self.suffixes, key=len, reverse=True))
        arabic = r"\d+(?:,\d{3})*(?:\.\d+)?"
        core = (
            rf"(?:{arabic}(?:(?:{inner})?[{big}]+)?|[{cn}]+)"
        )
        self.pattern = re.compile(
            rf"(?P<prefix>{prefix})?(?P<core>{core})(?P<suffix>{suffix})?(?P<big>[{big}]+)?"
            rf"(?P<suffix2>{inner})?"
        )
        self.cn_chars = frozenset(cn)

    @classmethod
    def from_config(cls, values: Mapping[str, Any]) -> NumberGrammar:
        """Build the grammar from the ``values.yaml`` mapping."""
        return cls(
            values["digits"],
            values["small_units"],
            values["big_units"],
            values["approx_prefixes"],
            values["approx_suffixes"],
        )

    def parse(self, text: str) -> NumberValue | None:
        """Parse a whole number expression; ``None`` when ``text`` is not one."""
        m = self.pattern.fullmatch(text)
        if not m:
            return None
        return self.value_of(m)

    def value_of(self, m: re.Match[str]) -> NumberValue | None:
        """The value of a match of ``self.pattern``."""
        core = m["core"]
        inner_approx = None
        # 5300余万: an approximation word sits between the digits and the multiplier.
        split = re.fullmatch(r"(?P<num>[\d.,]+)(?P<mid>[^\d.,\s]*?)(?P<big>[万亿]*)", core)
        if split and split["num"]:
            base = _arabic(split["num"])
            if base is None:
                return None
            if split["mid"]:
                inner_approx = self.suffixes.get(split["mid"])
            multiplier = self._multiplier(split["big"] + (m["big"] or ""))
        else:
            cn = core + (m["big"] or "")
            parsed = self._chinese(cn)
            if parsed is None:
                return None
            base, multiplier = parsed, Decimal(1)
            inner_approx = None
        value = base * multiplier
        prefix, suffix = m["prefix"], m["suffix"] or m["suffix2"]
        bound = None
        if not (prefix or suffix or inner_approx) and not any(c.isdigit() or c in self.digits for c in core):
            return None  # a bare 万/百 (千警进万家) is a word, not a figure
        if prefix:
            if prefix in {"上", "数"} and not _has_magnitude(core + (m["big"] or "")):
                return None
            bound = self.prefixes[prefix]
        for word in (inner_approx, self.suffixes.get(suffix) if suffix else None):
            if word:
                bound = bound or word
        if prefix == "数":
            # 数百: "several hundred" — at least two, read as three.
            return NumberValue(value * 3, True, value * 2, value * 9)
        if bound is None:
            return NumberValue(value)
        lower = value if bound == "lower" else None
        upper = value if bound == "upper" else None
        return NumberValue(value, True, lower, upper)

    def _multiplier(self, bigs: str) -> Decimal:
        out = Decimal(1)
        for ch in bigs:
            out *= self.big_units.get(ch, 1)
        return out

    def _chinese(self, text: str) -> Decimal | None:
        """Value of a Chinese numeral such as 两千三百五十万 or 十二 or 一百."""
        if not text or any(c not in self.cn_chars for c in text):
            return None
        total = Decimal(0)
        section = Decimal(0)
        number = Decimal(0)
        seen_digit = False
        for ch in text:
            if ch in self.digits:
                number = Decimal(self.digits[ch])
                seen_digit = True
            elif ch in self.small_units:
                section += (number if seen_digit or number else Decimal(1)) * self.small_units[ch]
                number, seen_digit = Decimal(0), False
            else:
                unit = self.big_units[ch]
                part = section + number
                if part == 0 and total:
                    total *= unit  # 三万亿: the multiplier applies to what came before
                elif unit > 10000 and total:
                    total = (total + part) * unit
                else:
                    total += (part or Decimal(1)) * unit
                section, number, seen_digit = Decimal(0), Decimal(0), False
        total += section + number
        return total


def _arabic(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def _has_magnitude(text: str) -> bool:
    return any(c in "十百千万亿" for c in text)


@functools.cache
def _default_config() -> Mapping[str, Any]:
    from kg.resources import Resources

    return Resources.default().values


class _LazyConfig(Mapping[str, Any]):
    """The packaged ``values.yaml``, loaded on first use (for doctests)."""

    def __getitem__(self, key: str) -> Any:
        return _default_config()[key]

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(_default_config())

    def __len__(self) -> int:
        return len(_default_config())


_DEFAULT_FOR_DOCTEST = _LazyConfig()
