"""Participants: the people a document describes, named or not (涉事男子, 25岁网民, 2名18岁嫌犯).

A description is a role or occupation noun (``justice.yaml`` participant_heads) with what
the text puts before it — a determiner (该, 涉事), a count (2名), an age (18岁), a gender
(男/女), a nationality (越南籍), an employer (某公司) — and, when a name follows it
(犯罪嫌疑人张某, 违法行为人瓦西某某), the name it describes. A parenthesis after a name
(张某（男，32岁）) adds gender and age. Descriptions of one head that agree are one
participant of the document (一名男子 … 该男子); 另一名 starts a new one.
Only participants some step happens to become nodes (``kg.nlp.justice`` decides).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from kg.model import Mention, Participant
from kg.nlp.candidates import CJK
from kg.nlp.justice_details import whole_number
from kg.nlp.numbers import NumberGrammar
from kg.resources import Resources

__all__ = ["Description", "ParticipantFinder", "cluster", "label_start"]

_NUM = r"\d+|[〇零一二两三四五六七八九十百千几数]+"


@dataclass(frozen=True, slots=True)
class Description:
    """One description of a person in the text, with what it says about them."""

    start: int
    end: int
    text: str
    head: str
    head_class: str
    role_kind: str
    determiner: str = ""
    gender: str = ""
    age: int | None = None
    count: int | None = None
    nationality: str = ""
    employer: str = ""
    person: Mention | None = None  # the name that follows it (犯罪嫌疑人张某)


class ParticipantFinder:
    """Finds descriptions of people; built once per ``Resources``."""

    def __init__(self, res: Resources) -> None:
        cfg = res.justice
        heads = cfg["participant_heads"]
        self.kind_of: dict[str, str] = {}
        for kind in ("role", "occupation", "count_only"):
            for h in heads[kind]:
                self.kind_of.setdefault(h, kind)
        self.gender_of = {h: g for g, hs in cfg["participant_gender"].items() for h in hs}
        self.class_of = {h: c for c, hs in cfg["participant_classes"].items() for h in hs}
        self.blockers = tuple(cfg["participant_blockers"])
        self.new_words = set(cfg["participant_new"])
        self.grammar = NumberGrammar.from_config(res.values)
        dets = "|".join(map(re.escape, sorted(cfg["participant_determiners"], key=len, reverse=True)))
        head_alt = "|".join(map(re.escape, sorted(self.kind_of, key=len, reverse=True)))
        employers = "|".join(map(re.escape, sorted(cfg["employer_heads"], key=len, reverse=True)))
        stop = re.escape(str(cfg["modifier_stop"]))
        mod = rf"(?:(?![{stop}])[{CJK}]){{1,6}}?|(?:(?![{stop}])[{CJK}“”]){{1,8}}?的"
        self.pattern = re.compile(
            rf"(?P<det>{dets})?(?:(?P<count>{_NUM})(?:名|位|个))?(?P<det2>{dets})?"
            # what qualifies the head (4名涉黑嫌疑人, 一名被绑架的9岁男孩) only after a count or determiner
            rf"(?(count)(?P<mod>{mod})??|(?(det)(?P<mod2>{mod})??|(?(det2)(?P<mod3>{mod})??|)))"
            rf"(?:(?P<age>\d{{1,3}}|[一二三四五六七八九十]{{1,3}})(?:周)?岁(?:的)?)?"
            rf"(?P<gender>男|女)?(?:性)?(?P<nat>[{CJK}]{{1,5}}?籍)?"
            rf"(?P<emp>某[{CJK}]{{0,6}}?(?:{employers}))?"
            rf"(?P<head>{head_alt})(?:(?P<count2>{_NUM})(?:名|人))?"
        )
        # 4人因涉嫌聚众斗殴罪被批捕: a count of people alone (not 犯罪嫌疑人1214人, 等3人)
        self.people_count = re.compile(rf"(?<![\d万亿余多等人者员])(?P<n>{_NUM})人(?![员民士口次数])")
        # what follows a name or a description: 张某（男，32岁）, 该男子今年25岁, 刘某，女，41岁
        self.after_name = re.compile(
            r"(?:[（(](?:化名)?|[，,](?=[男女]，)|(?=今年|现年))[，,、]?(?P<gender>男|女)?[，,、]?"
            r"(?:(?:今年|现年|年仅)?(?P<age>\d{1,3})岁)?"
        )
        org_heads = "|".join(map(re.escape, sorted(cfg["unnamed_org_heads"], key=len, reverse=True)))
        org_dets = "|".join(map(re.escape, sorted(cfg["unnamed_org_determiners"], key=len, reverse=True)))
        self.unnamed_org = re.compile(
            rf"(?:{org_dets}|(?:{_NUM})家)(?:[{CJK}]{{1,6}}?的)?(?:(?!的)[{CJK}]){{0,8}}?(?:{org_heads})"
        )
        name = rf"(?:(?![{re.escape(str(cfg['name_stop']))}])[{CJK}]){{1,3}}某{{1,2}}(?!某)"
        self.role_pseudonym = re.compile(rf"(?:{head_alt})(?P<name>{name})")

    @classmethod
    @functools.cache
    def for_resources(cls, res: Resources) -> ParticipantFinder:
        """A cached finder for ``res``."""
        return cls(res)

    def pseudonyms(self, text: str, mentions: Sequence[Mention]) -> list[Mention]:
        """Names after a role noun that the surname list misses (违法行为人瓦西某某)."""
        taken = bytearray(len(text) + 1)
        for mention in mentions:
            for i in range(mention.start, mention.end):
                taken[i] = 1
        out = []
        for m in self.role_pseudonym.finditer(text):
            a, b = m.span("name")
            if not any(taken[a:b]):
                out.append(Mention(a, b, text[a:b], "Person", "pattern", text[a:b], "pseudonym"))
        return out

    def find(self, text: str, mentions: Sequence[Mention]) -> list[Description]:
        """Every description of a person in ``text`` (normalised), in text order."""
        blocked = bytearray(len(text) + 1)
        persons: dict[int, Mention] = {}
        for mention in mentions:
            if mention.label == "Person":
                persons.setdefault(mention.start, mention)
            elif mention.rule != "nested" and mention.label in {"Organization", "Platform"}:
                for i in range(mention.start, mention.end):
                    blocked[i] = 1  # a crime or a place may sit inside (2名涉赌嫌疑人, 广东籍男子)
        out: list[Description] = []
        for m in self.pattern.finditer(text):
            head = str(m["head"])
            kind = self.kind_of[head]
            if m["count2"]:
                continue  # 抓获犯罪嫌疑人31名: a figure of the event, not a description
            count = self._number(m["count"])
            if kind == "count_only" and count is None:
                continue
            a, b = m.span()
            if any(blocked[a:b]):
                a = m.start("head")  # 该局原局长: 该局 is a body; the head is still a person
                if any(blocked[a:b]):
                    continue
                m_det = ""
            else:
                m_det = m["det"] or m["det2"] or ""
            if text[max(0, a - 2) : a].endswith(self.blockers):
                continue
            if text[max(0, a - 1) : a] == "等" or (a and text[a - 1] in "他个本私"):
                continue  # 王某等3人: the named group; 他人, 个人, 本人
            follow = text[b : b + 1]
            if kind == "count_only" and follow and follow in "员民士口数次":
                continue
            person = persons.get(b)
            gender = self.gender_of.get(head, "")
            if m["gender"]:
                gender = "male" if m["gender"] == "男" else "female"
            age = self._number(m["age"])
            extra = self.after_name.match(text, person.end if person is not None else b)
            if extra:
                if extra["gender"]:
                    gender = "male" if extra["gender"] == "男" else "female"
                if extra["age"]:
                    age = int(extra["age"])
            out.append(Description(
                start=a, end=b, text=text[a:b], head=head,
                head_class=self.class_of.get(head, head), role_kind=kind,
                determiner=m_det, gender=gender, age=age, count=count,
                nationality=(m["nat"] or "").removesuffix("籍"), employer=m["emp"] or "",
                person=person,
            ))  # fmt: skip
        for m in self.people_count.finditer(text):
            n = self._number(m["n"])
            a, b = m.span()
            if n is not None and not any(blocked[a:b]) and not any(d.start <= a < d.end for d in out):
                out.append(Description(a, b, text[a:b], "人", "人", "count_only", count=n))
        out.sort(key=lambda d: (d.start, d.end))
        out = _compounds(out)
        taken = bytearray(len(text) + 1)
        for d in out:
            for i in range(d.start, d.end):
                taken[i] = 1
        for m in self.unnamed_org.finditer(text):
            a, b = m.span()
            if any(taken[a:b]) or any(blocked[a:b]) or b - a < 3:
                continue
            out.append(Description(a, b, text[a:b], text[a:b], text[a:b], "organization"))
        for p in persons.values():
            if any(d.person is p for d in out):
                continue
            extra = self.after_name.match(text, p.end)
            if extra and (extra["gender"] or extra["age"]):
                gender = {"男": "male", "女": "female"}.get(extra["gender"] or "", "")
                age = int(extra["age"]) if extra["age"] else None
                out.append(Description(p.start, p.start, "", "", "", "", gender=gender, age=age,
                                       person=p))  # fmt: skip
        return sorted(out, key=lambda d: (d.start, d.end))

    def _number(self, text: str | None) -> int | None:
        if not text:
            return None
        if text in {"几", "数"} or text.startswith(("几", "数")):
            return None
        n = whole_number(self.grammar, text)
        return n if n is not None and 0 < n < 100000 else None


def _compounds(found: list[Description]) -> list[Description]:
    """A head right before another is its modifier (明星经纪人, 网红教授, 学生家长)."""
    out: list[Description] = []
    for d in found:
        prev = out[-1] if out else None
        if prev is not None and prev.end == d.start and prev.person is None and not d.determiner \
                and d.count is None:
            d = replace(d, start=prev.start, text=prev.text + d.text, determiner=prev.determiner,
                        gender=d.gender or prev.gender, age=d.age if d.age is not None else prev.age,
                        count=prev.count, nationality=prev.nationality or d.nationality,
                        employer=prev.employer or d.employer)  # fmt: skip
            out[-1] = d
            continue
        out.append(d)
    return out


def _compatible(d: Description, p: Participant) -> bool:
    if d.gender and p.gender and d.gender != p.gender:
        return False
    if d.age is not None and p.age is not None and d.age != p.age:
        return False
    if d.count is not None and p.count is not None and d.count != p.count:
        return False
    return not (d.nationality and p.nationality and d.nationality != p.nationality)


def cluster(
    descriptions: Sequence[Description], new_words: set[str]
) -> tuple[list[Participant], dict[int, int]]:
    """Descriptions of one head that agree are one participant; 另一名 starts another.

    Returns the participants and, for each description's start offset, its participant's
    index. Named descriptions (犯罪嫌疑人张某) join the participant of that name.
    """
    people: list[Participant] = []
    classes: list[str] = []
    of_start: dict[int, int] = {}
    by_name: dict[str, int] = {}
    for d in descriptions:
        if d.person is not None:
            i = by_name.get(d.person.text)
            if i is None:
                i = len(people)
                by_name[d.person.text] = i
                people.append(Participant(i, d.person.text, person=(d.person.start, d.person.end)))
                classes.append("")
            people[i] = _merged(people[i], d)
            of_start[d.start] = i
            continue
        match = None
        if d.determiner not in new_words:
            for p in reversed(people):
                if p.person is None and classes[p.index] == d.head_class and _compatible(d, p):
                    match = p.index
                    break
        if match is None:
            match = len(people)
            people.append(Participant(match, _label(d), role=d.head))
            classes.append(d.head_class)
        people[match] = _merged(people[match], d)
        of_start[d.start] = match
    return people, of_start


def _label(d: Description) -> str:
    text = d.text
    for det in ("该名", "这名", "那名", "这位", "该", "此", "上述", "其中", "另有", "另外", "另"):
        if text.startswith(det) and len(text) > len(det) + 1:
            return text[len(det) :]
    return text


def label_start(d: Description) -> int:
    """Where a description's name starts once its determiner is left out (该男子 → 男子)."""
    return d.end - len(_label(d)) if d.text else d.start


def _merged(p: Participant, d: Description) -> Participant:
    label = p.label
    if p.person is None and len(_label(d)) > len(label):
        label = _label(d)
    return replace(
        p,
        label=label,
        role=p.role or d.head,
        role_kind=p.role_kind or d.role_kind,
        gender=p.gender or d.gender,
        age=p.age if p.age is not None else d.age,
        count=p.count if p.count is not None else d.count,
        nationality=p.nationality or d.nationality,
        employer=p.employer or d.employer,
        spans=(*p.spans, (d.start, d.end)) if d.end > d.start else p.spans,
    )
