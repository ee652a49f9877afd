"""Factuality: whether a mention of a justice step says the step happened.

A sentence can name a step that did not happen: negated (未被刑拘, 不起诉, 逃避抓捕),
planned (将于下周开庭), asked for (提请批准逮捕), conditional (一旦…将被拘留), a law's
wording (…的，处五日以上十日以下拘留), a warning or advice to the public (造谣者将被依法
拘留; 可拨打110举报), a fraudster's threat (对方称其涉嫌洗钱要被逮捕), words to the reader
(你涉嫌洗钱), a rumour denied (网传…被抓系谣言) or a question (…被拘留了吗？). The cues and
where they count (the clause or the sentence, before or after the trigger) are data in
``justice.yaml``; the first rule that fires gives the event's ``modality``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from kg.model import NON_FACTUAL
from kg.resources import Resources

__all__ = ["NON_FACTUAL", "Factuality"]


_FILLERS = "被已均都同再又遭予以依法会将要能曾"


@dataclass(frozen=True, slots=True)
class _Rule:
    modality: str
    sentence_scope: bool
    before: re.Pattern[str] | None
    after: re.Pattern[str] | None
    question: bool
    unless: re.Pattern[str] | None
    in_trigger: tuple[str, ...]
    at_start: re.Pattern[str] | None
    steps: frozenset[str]
    words: frozenset[str]
    next: re.Pattern[str] | None


def _alt(words: list[str] | None) -> re.Pattern[str] | None:
    return re.compile("|".join(f"(?:{w})" for w in words)) if words else None


class Factuality:
    """Negation and modality of trigger words; built once per ``Resources``."""

    def __init__(self, res: Resources) -> None:
        cfg = res.justice
        self.rules = [
            _Rule(r["modality"], r.get("scope") == "sentence", _alt(r.get("before")),
                  _alt(r.get("after")), bool(r.get("question")), _alt(r.get("unless")),
                  tuple(r.get("in_trigger", ())), _alt(r.get("at_start")),
                  frozenset(r.get("steps", ())), frozenset(r.get("words", ())), _alt(r.get("next")))
            for r in cfg["factuality"]
        ]  # fmt: skip
        neg = "|".join(f"(?:{w})" for w in cfg["negation_before"])
        # 未被刑拘, 从未被警方传唤, 拒绝向警方报案: the negation, then at most a passive
        # agent or a recipient, then the verb
        self.neg_before = re.compile(
            rf"(?:{neg})[{_FILLERS}]{{0,3}}(?:[被向对到给][^，。；,;]{{0,8}}?)?[{_FILLERS}]{{0,3}}$"
        )
        self.neg_after = _alt(cfg["negation_after"])

    @classmethod
    @functools.cache
    def for_resources(cls, res: Resources) -> Factuality:
        """A cached checker for ``res``."""
        return cls(res)

    def negated(self, text: str, clause: tuple[int, int], start: int, end: int) -> bool:
        """未被刑拘, 不起诉, 逃避抓捕, 立案侦查未果."""
        window = text[max(clause[0], start - 6) : start]
        if self.neg_before.search(window):
            return True
        return bool(self.neg_after and self.neg_after.match(text, end, clause[1]))

    def modality(
        self, text: str, sentence: tuple[int, int], clause: tuple[int, int], start: int, end: int,
        step: str = "",
    ) -> str:
        """The first non-factual modality whose cue governs the trigger at ``start:end``."""
        word = text[start:end]
        for r in self.rules:
            if (r.steps and step not in r.steps) or (r.words and word not in r.words):
                continue
            if r.in_trigger and word.startswith(r.in_trigger):
                return r.modality
            if r.at_start and r.at_start.match(text, sentence[0], start):
                return r.modality
            if r.next and r.next.match(text, end, clause[1]):
                return r.modality
            lo, hi = sentence if r.sentence_scope else clause
            if r.question:
                body = text[sentence[0] : sentence[1]].rstrip(" ”’\"」）)】\n")
                if body.endswith(("？", "?")) and not (r.unless and r.unless.search(body)):
                    return r.modality
                continue
            if r.before and r.before.search(text, lo, start):
                return r.modality
            if r.after and r.after.search(text, end, hi):
                return r.modality
        return ""
