"""What a justice step says besides who: a detention's kind and term, a sentence's penalty
and term, and the reason (行拘五日 → administrative, P5D; 获刑三年六个月 → prison, P3Y6M;
因散布谣言被拘 → 散布谣言). Terms are ISO 8601 durations; life imprisonment is P999Y.
Data: ``justice.yaml`` (detention_kinds, penalties, reasons).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from kg.model import Mention
from kg.nlp.lexicon import Term, TermIndex
from kg.nlp.numbers import NumberGrammar
from kg.resources import Resources

__all__ = ["Details", "StepDetails", "whole_number"]

_NUM = r"\d+(?:\.\d+)?|[〇零一二两三四五六七八九十百]+"
_DAYS = re.compile(rf"[^，。；]{{0,4}}?(?P<n>{_NUM})(?:日|天)(?![内前后起])")
_DAYS_BEFORE = re.compile(rf"(?P<n>{_NUM})(?:日|天)(?:的)?(?:行政|刑事|治安)?$")
# the words that introduce why (因散布谣言被拘, 涉嫌寻衅滋事罪被刑拘, 以诈骗罪判处)
_REASON_CUE = re.compile(r"因为|因|由于|涉嫌|(?<![处予加可所难得足给])以(?!来|上|下|后|前)")
_YEARS = re.compile(
    rf"^(?:(?P<y>{_NUM})年(?P<half>半)?)?(?:零)?(?:(?P<m>{_NUM})个(?P<mhalf>半)?月)?"
)


@dataclass(frozen=True, slots=True)
class Details:
    """The attributes of one step (empty strings when the text does not give them)."""

    custody: str = ""
    term: str = ""
    penalty: str = ""
    suspended: bool = False
    reason: str = ""


class StepDetails:
    """Reads kinds, terms, penalties and reasons; built once per resources."""

    def __init__(self, res: Resources) -> None:
        cfg = res.justice
        self.kind_of = {w: k for k, ws in cfg["detention_kinds"].items() for w in ws}
        self.admin_cues = tuple(cfg["administrative_cues"])
        self.penalties = sorted(cfg["penalties"].items(), key=lambda kv: -len(kv[0]))
        self.suspended_cue = str(cfg["suspended_cue"])
        self.reasons = TermIndex()
        for label, words in cfg["reasons"].items():
            for w in words:
                self.reasons.add(w, Term(label, "Reason", ""))
        self.grammar = NumberGrammar.from_config(res.values)

    def of(
        self, text: str, step: str, word: str, start: int, end: int,
        clause: tuple[int, int], sentence: tuple[int, int], crimes: Sequence[Mention],
        who: str = "", who_start: int = -1,
    ) -> Details:
        """The details of the step ``word`` (a trigger of ``step``) at ``start:end``; ``who``
        is the text of whom it happens to, from ``who_start`` (in its sentence, else -1)."""
        reason = self._reason(text, start, sentence, clause, crimes, who, who_start)
        if step == "Detention":
            term = self._days(text, start, end, clause)
            return Details(custody=self._custody(text, word, clause, sentence, crimes, term),
                           term=term, reason=reason)  # fmt: skip
        if step == "Sentencing":
            penalty, term, suspended = self._sentence(text, end, sentence)
            return Details(term=term, penalty=penalty, suspended=suspended, reason=reason)
        return Details(reason=reason)

    # -------------------------------------------------------------- detention
    def _custody(
        self, text: str, word: str, clause: tuple[int, int], sentence: tuple[int, int],
        crimes: Sequence[Mention], term: str,
    ) -> str:
        for w, kind in self.kind_of.items():
            if w in word:
                return kind
        around = text[sentence[0] : sentence[1]]
        if any(c.kind == "charge" for c in crimes) or re.search(r"涉嫌[^，。]{1,20}罪", around):
            return "criminal"
        if term or any(c in around for c in self.admin_cues):
            return "administrative"
        return ""

    def _days(self, text: str, start: int, end: int, clause: tuple[int, int]) -> str:
        m = _DAYS.match(text, end, clause[1])
        if m is None:
            m = _DAYS_BEFORE.search(text, max(clause[0], start - 8), start)
        n = self._int(m["n"]) if m else None
        return f"P{n}D" if n and n <= 60 else ""

    # -------------------------------------------------------------- sentences
    def _sentence(self, text: str, end: int, sentence: tuple[int, int]) -> tuple[str, str, bool]:
        tail = text[end : sentence[1]]
        cut = re.search(r"[。；;]", tail)
        tail = tail[: cut.start()] if cut else tail
        penalty, term = "", ""
        pos, after = len(tail), 0
        for word, kind in self.penalties:
            k = tail.find(word)
            if 0 <= k < pos:
                penalty, pos = str(kind), k
                after = k + len(word)
        if penalty == "life":
            term = "P999Y"
        elif penalty in {"prison", "criminal-detention", "public-surveillance"}:
            term = self._years(tail[after:])
        elif not penalty:
            lead = re.match(r"^(?:了|为|处)?", tail)
            term = self._years(tail[lead.end() if lead else 0 :])
            penalty = "prison" if term else ""
        suspended = self.suspended_cue in tail
        return penalty, term, suspended

    def _years(self, text: str) -> str:
        m = _YEARS.match(text)
        if not m or not (m["y"] or m["m"]):
            return ""
        years = self._int(m["y"]) if m["y"] else 0
        months = self._int(m["m"]) if m["m"] else 0
        if years is None or months is None:
            return ""
        if m["half"]:
            months += 6
        if not years and not months:
            return ""
        return "P" + (f"{years}Y" if years else "") + (f"{months}M" if months else "")

    # ----------------------------------------------------------------- reasons
    def _reason(
        self, text: str, start: int, sentence: tuple[int, int], clause: tuple[int, int],
        crimes: Sequence[Mention], who: str, who_start: int,
    ) -> str:
        """Why: a reason named after 因/涉嫌/以 before the step (因散布谣言被拘), else between
        who it happens to and the step (男子酒后闹事被行拘), or in their description (造谣者被拘),
        else the step's crime (its charge)."""
        cues = list(_REASON_CUE.finditer(text, sentence[0], start))
        lo = cues[-1].end() if cues else who_start if who_start >= 0 else clause[0]
        for region in (text[lo:start], who):
            found = [terms[0].label for _a, _b, _w, terms in self.reasons.scan(region)]
            if found:
                return found[-1]
        for c in crimes:
            return (c.name or c.text).removesuffix("罪")
        return ""

    def _int(self, text: str) -> int | None:
        return whole_number(self.grammar, text)


def whole_number(grammar: NumberGrammar, text: str) -> int | None:
    """12, 十, 十五, 二十五 → an int (十 alone is 一十); None when not a whole number."""
    value = grammar.parse("一" + text if text.startswith("十") else text)
    if value is None or value.value != value.value.to_integral_value():
        return None
    return int(value.value)
