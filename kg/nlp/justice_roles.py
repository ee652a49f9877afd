"""Who a justice step happens to, who takes it, and to whom it is reported.

The clause around the trigger decides, as a reader does:

* passive (王某已被批捕, 同被刑拘, 被警方刑拘) and subject-patient verbs (3名嫌疑人先后落网,
  王某获刑五年): the one before the verb in its clause, else the nearest one before it in the
  sentence;
* active: the object after the verb (判处被告人王某, 约谈美团) or fronted by 对/将/把/给予
  (对其刑事拘留, 将涉事男子抓获);
* a pronoun (其) or a clause with nobody in it (次日被依法逮捕) continues the person the story
  follows;
* the agent is a body of the kind that takes the step (a court sentences, a procuratorate
  approves an arrest): after 被/经/由 (被朝阳警方刑拘, 经检察院批准), else the nearest one
  before the verb; a report's agent is who reported (群众举报), its recipient the body 向 it.
Data: ``justice.yaml`` (steps, markers, pronouns).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from kg.model import Mention
from kg.nlp.roles import Trigger
from kg.resources import Resources

__all__ = ["Actor", "JusticeRoles"]

_ORG_PATIENTS = {"Company", "Bank", "Other", "Media", "GovernmentAgency", ""}
# 被 as the passive marker, not inside 被告人, 被害人, 被拐儿童, 被骗资金 …
PASSIVE = re.compile(r"[被遭](?!告|害|拐|骗|执行人|调查人|举报人|申请人|代理人|上诉人|监护人)")
# a clause that goes on with the subject before it (…，并处罚款1500元; …，后被刑拘)
_CONTINUED = re.compile(r"^(?:并|又|还|后|随后|随即|同时|且|遂|再|均|已|依法|当场|先后)*$")
_NOTICES = {"悬赏通告", "发布通缉令", "通缉令"}
_NOT_TO = set("接收得遇看想受感听找")
_CLAUSE_MARK = re.compile(r"[，,；;：:]")
_COORD = re.compile(r"^[、和与及,，]?$|^(?:以及|和|与|及)$")


@dataclass(frozen=True, slots=True)
class Actor:
    """Someone who can fill a role: a person, a description of people, a body, a platform."""

    start: int
    end: int
    kind: str  # person | organization | platform
    mention: Mention | None = None  # the Person/Organization/Platform mention
    description: int = -1  # index of a participant description, for unnamed people

    @property
    def org_kind(self) -> str:
        return self.mention.kind if self.mention is not None else ""


class JusticeRoles:
    """Finds patients, agents and recipients of justice steps; built once per resources."""

    def __init__(self, res: Resources) -> None:
        cfg = res.justice
        self.steps = cfg["steps"]
        self.subject_patient = set(cfg["subject_patient_triggers"])
        self.object_markers = tuple(sorted(cfg["object_markers"], key=len, reverse=True))
        self.agent_markers = tuple(cfg["agent_markers"])
        self.recipient_markers = tuple(cfg["recipient_markers"])
        self.pronoun_re = re.compile("|".join(map(re.escape, cfg["pronouns"])))

    # ---------------------------------------------------------------- patients
    def patients(
        self, text: str, t: Trigger, clause: tuple[int, int], sentence: tuple[int, int],
        actors: Sequence[Actor], *, heading: bool = False,
    ) -> tuple[list[Actor], bool]:
        """The ones ``t`` happens to, and whether the story's current person is meant."""
        allowed = set(self.steps[t.type]["patients"])
        fit = [a for a in actors if a.kind in allowed and self._can_be_patient(a, t.type)]
        c0, c1 = clause
        before = text[c0 : t.start]
        subject_verb = t.word in self.subject_patient or self.steps[t.type].get("subject_patient")
        # 被 marks the passive of this verb, not one inside a fronted object (将被拘禁的女子解救)
        fronts = [before.rfind(m) for m in self.object_markers]
        front = max(fronts)
        marks = [] if subject_verb else [m for m in PASSIVE.finditer(before) if front < 0 or m.start() < front]
        passive = bool(marks) or t.word.startswith("被")
        after = _objects(text, [a for a in fit if t.end <= a.start < c1])
        if t.word in _NOTICES and not after:  # 发布悬赏通告，征集犯罪嫌疑人刘某某的…线索
            after = _objects(text, [a for a in fit if t.end <= a.start < sentence[1]])
        if t.type == "Report":
            return (self._group(text, after, first=True) if after else []), False
        if subject_verb and not passive and after and self._adjacent(text, t.end, after[0].start):
            return self._group(text, after, first=True), False  # 法院开庭审理被告人张某
        if passive or subject_verb:
            cut = c0 + marks[-1].start() if marks and not t.word.startswith("被") else t.start
            inside = [a for a in fit if c0 <= a.start and a.end <= cut]
            if inside:
                return self._group(text, inside, first=False), False
            if self.pronoun_re.search(before):
                return [], True
            return self._carried(text, fit, sentence, c0, heading), True
        if after and self._adjacent(text, t.end, after[0].start):
            return self._group(text, after, first=True), False
        for k, n in sorted((before.rfind(m), len(m)) for m in self.object_markers):
            if k < 0:
                continue
            fronted = _objects(text, [a for a in fit if c0 + k < a.start and a.end <= t.start])
            if fronted:
                return self._group(text, fronted, first=True), False
            if self.pronoun_re.match(text, c0 + k + n):
                return [], True
        if after:
            return self._group(text, after, first=True), False
        if self.pronoun_re.search(text, t.end, min(c1, t.end + 2)):
            return [], True
        if any(a.kind == "person" for a in actors if c0 <= a.start < c1):
            return [], False
        if _CONTINUED.match(before) or heading:
            return self._carried(text, fit, sentence, c0, heading), True
        return [], True

    def _carried(
        self, text: str, fit: Sequence[Actor], sentence: tuple[int, int], c0: int, heading: bool
    ) -> list[Actor]:
        """The subject a clause without one continues: the first one named in the nearest
        clause before it (一外籍男子在地铁内猥亵女乘客，已被依法刑事拘留 → 外籍男子); in a
        headline, its first person (男子在网上辱骂英烈 警方立案调查)."""
        earlier = [a for a in fit if sentence[0] <= a.start and a.end <= c0]
        if not earlier:
            return []
        if heading:
            return [earlier[0]]
        firsts: list[Actor] = []
        seen: set[int] = set()
        for a in earlier:
            lo, _ = _clause_start(text, sentence[0], a.start)
            if lo not in seen:
                seen.add(lo)
                firsts.append(a)
        return [firsts[-1]] if firsts else []

    def _can_be_patient(self, a: Actor, step: str) -> bool:
        if a.kind != "organization":
            return True
        return a.org_kind in _ORG_PATIENTS and a.org_kind not in self.steps[step]["agents"]

    @staticmethod
    def _adjacent(text: str, end: int, start: int) -> bool:
        """The object follows the verb closely (刑拘了涉事男子, 判处被告人王某)."""
        return start - end <= 12 and not re.search(r"[，,；;。]", text[end:start])

    @staticmethod
    def _group(text: str, actors: list[Actor], *, first: bool) -> list[Actor]:
        """The nearest actor and the ones coordinated with it (王某、李某被刑拘)."""
        ordered = actors if first else list(reversed(actors))
        group = [ordered[0]]
        for a in ordered[1:]:
            prev = group[-1]
            gap = text[prev.end : a.start] if first else text[a.end : prev.start]
            if not _COORD.match(gap):
                break
            group.append(a)
        return sorted(group, key=lambda a: a.start)

    # ------------------------------------------------------------------ agents
    def agents(
        self, text: str, t: Trigger, clause: tuple[int, int], sentence: tuple[int, int],
        actors: Sequence[Actor], patients: Sequence[Actor],
    ) -> list[Actor]:
        """The body (or, for a report, the person) that takes the step."""
        kinds = set(self.steps[t.type]["agents"])
        if not kinds:
            return []
        taken = {(a.start, a.end) for a in patients}
        c0, _ = clause

        def fits(a: Actor) -> bool:
            if (a.start, a.end) in taken:
                return False
            if a.kind == "person":
                return bool(kinds & {"Person", "Participant"})
            if a.kind == "place":
                return False  # 在北京被抓获: a place here is where, not who
            return a.kind == "organization" and a.org_kind in kinds

        cands = [a for a in actors if fits(a) and a.end <= t.start]
        if t.type == "Report":
            cands = [a for a in cands if not self._after_marker(text, a, self.recipient_markers)]
        in_clause = [a for a in cands if a.start >= c0]
        marked = [a for a in in_clause if self._after_marker(text, a, self.agent_markers)]
        if marked:
            return [marked[-1]]
        free = [a for a in in_clause if not self._after_marker(text, a, self.recipient_markers)
                and not self._after_marker(text, a, self.object_markers)]  # fmt: skip
        if free:
            return [free[-1]]
        earlier = [a for a in cands if sentence[0] <= a.start < c0 and a.kind == "organization"
                   and not self._after_marker(text, a, self.recipient_markers)]  # fmt: skip
        return earlier[-1:]

    def recent_agent(self, t: Trigger, earlier: Sequence[Actor]) -> list[Actor]:
        """A step with no body in its sentence (法院以诈骗罪判处王某…): the last body of its
        kind named in the sentences before it."""
        kinds = set(self.steps[t.type]["agents"])
        fit = [a for a in earlier if a.kind == "organization" and a.org_kind in kinds]
        return fit[-1:]

    def recipients(
        self, text: str, t: Trigger, clause: tuple[int, int], actors: Sequence[Actor]
    ) -> list[Actor]:
        """The body a report or a surrender goes to (向警方报案, 到湘阴县公安局投案)."""
        if t.type not in {"Report", "Surrender"}:
            return []
        c0, _c1 = clause
        return [a for a in actors if a.kind == "organization" and c0 <= a.start and a.end <= t.start
                and self._after_marker(text, a, self.recipient_markers)][-1:]  # fmt: skip

    @staticmethod
    def _after_marker(text: str, a: Actor, markers: tuple[str, ...]) -> bool:
        before = text[max(0, a.start - 3) : a.start]
        if before.endswith("到") and before[-2:-1] in _NOT_TO:
            return False  # 接到群众举报: 到 completes the verb, it is not "to"
        return before.endswith(markers)


def _objects(text: str, after: list[Actor]) -> list[Actor]:
    """Objects after a verb, without the ones inside a relative clause before the head
    (悬赏缉拿一名抢劫乘客财物的嫌疑男子 → 嫌疑男子, not 乘客)."""
    out = list(after)
    while len(out) > 1 and "的" in text[out[0].end : out[1].start]:
        out.pop(0)
    return out


def _clause_start(text: str, lo: int, offset: int) -> tuple[int, int]:
    """The start of the clause holding ``offset`` (the last clause mark before it)."""
    marks = [m.end() for m in _CLAUSE_MARK.finditer(text, lo, offset)]
    return (marks[-1] if marks else lo), offset
