"""Stage ④ events: triggers and the figures they govern.

* A trigger (破获, 抓获, 冻结 …; ``events.yaml``) opens an event unless it sits inside an
  entity name; a negated one (未抓获) is kept, flagged, and never counts a figure.
* A figure belongs to the nearest fitting trigger before it in its clause, else the
  nearest after it in the clause (将…抓获归案), else the nearest before it in the sentence,
  else the last event of the preceding sentences (涉案金额 … in the next sentence);
  a case amount (涉案金额) goes to the case the sentence reports.
* What is counted can retype the event (查获…案件28起 is a case solved); some measures an
  event never counts (nobody seizes 4 名).
* Year-on-year changes go to the figure before them; a 分别 list to as many figures.
* A figure restated later in the document counts once.
Roles (agent, place, time, patients …) are filled by ``kg.nlp.roles``.
Data: ``events.yaml``, ``values.yaml``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace

from kg.model import Annotated, Event, Quantity, Sentence, TimeExpr, YoY
from kg.nlp.lexicon import Term, TermIndex
from kg.nlp.roles import Draft, RoleFinder, Trigger
from kg.nlp.textspans import clause_of, is_heading, section_break, sentence_index
from kg.resources import Resources

__all__ = ["EventFinder", "run"]

_LEAD = re.compile(r"^(?:共计|共|累计|先后|成功|一举|当场|依法|分别|现场|还|又|并|已|均|同时|其中|合计)+")
_CASE_TYPES = {"CaseSolved", "GangBusted", "Arrest", "Seizure"}


_RESPECTIVELY = re.compile(r"分别(?:为|是|达到|达|有)?")


def _sentence_of_offset(ann: Annotated, offset: int) -> Sentence | None:
    i = sentence_index(ann.sentences)(offset)
    return None if i is None else ann.sentences[i]


def _strip_verbs(noun: str, verbs: list[Trigger]) -> str:
    for v in verbs:
        if v.word in noun:
            noun = noun.split(v.word, 1)[1]
    return _LEAD.sub("", noun.strip(" ，,")).strip()


def run(ann: Annotated, res: Resources) -> Annotated:
    """Pipeline entry point: fill ``events``."""
    return replace(ann, events=tuple(EventFinder.for_resources(res).find(ann)))


class EventFinder:
    """Event recogniser built from ``events.yaml``."""

    def __init__(self, res: Resources) -> None:
        cfg = res.events
        self.index = TermIndex()
        for etype, spec in cfg["types"].items():
            for word in spec["triggers"]:
                self.index.add(word, Term(etype, etype, "trigger"))
        self.noun_cont = tuple(cfg["noun_continuations"])
        self.noun_cont_by: dict[str, tuple[str, ...]] = {
            k: tuple(v) for k, v in cfg["noun_continuations_by_trigger"].items()
        }
        self.conditional: dict[str, list[str]] = dict(cfg["conditional_triggers"])
        self.negation = tuple(cfg["negation"])
        self.modality: dict[str, str] = dict(cfg["modality"])
        self.object_rules = list(cfg["object_rules"])
        self.case_amounts = tuple(cfg["case_amounts"])
        self.incompatible = list(cfg["incompatible_units"])
        self.change_subjects = tuple(res.values["change_subjects"])
        self.non_figures = tuple(res.values["non_figure_objects"])
        self.roles = RoleFinder(res)

    @classmethod
    @functools.cache
    def for_resources(cls, res: Resources) -> EventFinder:
        """A cached finder for ``res``."""
        return cls(res)

    # ------------------------------------------------------------------ public
    def find(self, ann: Annotated) -> list[Event]:
        """Events of one annotated document, in text order."""
        text = ann.norm or ann.doc.text
        triggers = self._triggers(text, ann)
        drafts = self._attach_quantities(text, ann, triggers)
        self._attach_changes(ann, drafts)
        return _drop_restatements(self.roles.fill(text, ann, drafts))

    def triggers(self, ann: Annotated) -> list[Trigger]:
        """Every trigger of ``ann`` with its negation and modality, headings included."""
        return self._triggers(ann.norm or ann.doc.text, ann)

    # ---------------------------------------------------------------- triggers
    def _triggers(self, text: str, ann: Annotated) -> list[Trigger]:
        blocked = bytearray(len(text) + 1)
        for m in ann.mentions:
            if m.label in {"Organization", "CrimeType", "Platform", "Person"}:
                for i in range(m.start, m.end):
                    blocked[i] = 1
        out: list[Trigger] = []
        for s in ann.sentences:
            for start, end, word, terms in self.index.scan(text[s.start : s.end]):
                a, b = s.start + start, s.start + end
                if any(blocked[a:b]) or text[b : b + 2].startswith(self.noun_cont):
                    continue
                if text[b : b + 3].startswith(self.noun_cont_by.get(word, ())):
                    continue  # 返还被骗资金: 被骗 describes the money
                if word in self.conditional:
                    c_start, c_end = clause_of(text, s, b)
                    around = text[c_start:a] + text[b:c_end]  # 发案数…: not its own 案
                    if not any(w in around for w in self.conditional[word]):
                        continue
                window = text[max(s.start, a - 4) : a]
                negated = any(window.endswith(n) or n in window[-3:] for n in self.negation)
                c_start, _ = clause_of(text, s, a)
                clause = text[c_start:a]
                modality = next((v for k, v in self.modality.items() if k in clause), "")
                out.append(Trigger(a, b, word, terms[0].type, s.index, negated, modality))
        return out

    # ------------------------------------------------------------- quantities
    def _attach_quantities(
        self, text: str, ann: Annotated, triggers: list[Trigger]
    ) -> list[Draft]:
        drafts: dict[tuple[int, str], Draft] = {}
        order: list[tuple[int, str]] = []
        by_sentence: dict[int, list[Trigger]] = {}
        for t in triggers:
            by_sentence.setdefault(t.sentence, []).append(t)
        sentence_of = sentence_index(ann.sentences)
        aligned = self._respectively(text, ann, triggers)
        last_trigger: Trigger | None = None
        last_sentence = -1
        for q in ann.quantities:
            si = sentence_of(q.start)
            if si is None:
                continue
            s = ann.sentences[si]
            if is_heading(text, s):
                continue
            if si != last_sentence and last_sentence >= 0 and section_break(text, ann, last_sentence, si):
                last_trigger = None
            forced_trigger, forced_object = aligned.get(q.start, (None, ""))
            trig = forced_trigger or self._governor(text, s, q, by_sentence.get(si, []))
            if trig is not None and forced_trigger is None and self._is_case_amount(text, s, q, trig):
                # 涉案金额 belongs to the case the sentence reports, not the nearest verb
                headline = [t for t in by_sentence.get(si, []) if t.type in _CASE_TYPES]
                trig = headline[0] if headline else trig
            if trig is None and q.kind == "money":
                # 涉案流水达6200余万元 in the sentence after the case: the case's amount
                trig = last_trigger if last_trigger and si - last_trigger.sentence <= 3 else None
            if trig is None or trig.negated:
                continue
            last_trigger, last_sentence = trig, si
            q = replace(q, object=forced_object or self._object(text, s, q, trig))
            if q.object.endswith(self.non_figures) or text[q.end : q.end + 3].startswith(self.non_figures):
                continue  # 出动警力150余名: what was deployed, not a result
            etype = self._retype(trig.type, q)
            key = (trig.start, etype)
            if key not in drafts:
                drafts[key] = Draft(trig, etype)
                order.append(key)
            drafts[key].quantities.append(q)
        # triggers without figures are events too (犯罪嫌疑人张某已被刑事拘留); a negated
        # one is kept, flagged, so that "未抓获" is on record but never counted
        governing = {k[0] for k in drafts}
        for t in triggers:
            if t.start not in governing:
                drafts[(t.start, t.type)] = Draft(t, t.type)
                order.append((t.start, t.type))
        return sorted((drafts[k] for k in order), key=lambda d: (d.trigger.start, d.type))

    def _respectively(
        self, text: str, ann: Annotated, triggers: list[Trigger]
    ) -> dict[int, tuple[Trigger | None, str]]:
        """破获案件、抓获犯罪嫌疑人分别为1200起、860名: the i-th figure after 分别 goes with the
        i-th verb and the i-th noun listed before it."""
        out: dict[int, tuple[Trigger | None, str]] = {}
        for m in _RESPECTIVELY.finditer(text):
            figures: list[Quantity] = []
            pos = m.end()
            for q in ann.quantities:
                if q.start < pos:
                    continue
                if q.start > pos or len(figures) >= 8:
                    break
                figures.append(q)
                gap = re.match(r"[、和及与,，]\s*", text[q.end :])
                pos = q.end + (gap.end() if gap else 0)
                if not gap:
                    break
            if len(figures) < 2:
                continue
            sentence = _sentence_of_offset(ann, m.start())
            if sentence is None:
                continue
            c_start, _ = clause_of(text, sentence, m.start())
            verbs = [t for t in triggers if c_start <= t.start and t.end <= m.start()]
            nouns = [n for n in re.split(r"[、和及与]", text[c_start : m.start()]) if n]
            if len(nouns) == len(figures):
                nouns = [_strip_verbs(n, verbs) for n in nouns]
            else:
                nouns = [""] * len(figures)
            for i, q in enumerate(figures):
                verb = verbs[i] if len(verbs) == len(figures) else None
                out[q.start] = (verb, nouns[i])
        return out

    def _governor(
        self, text: str, s: Sentence, q: Quantity, triggers: list[Trigger]
    ) -> Trigger | None:
        c_start, c_end = clause_of(text, s, q.start)
        fits = [t for t in triggers if self._fits(t.type, q)]
        before = [t for t in fits if c_start <= t.start and t.end <= q.start]
        if before:
            return before[-1]
        after = [t for t in fits if q.end <= t.start and t.end <= c_end]
        if after:
            return after[0]
        earlier = [t for t in fits if t.end <= q.start]
        if earlier:
            return earlier[-1]
        return None

    def _fits(self, etype: str, q: Quantity) -> bool:
        """Some measures never go with some events: nobody seizes 4 名 (将这4名…抓获)."""
        return not any(
            etype in rule["events"] and q.unit in rule["units"] for rule in self.incompatible
        )

    def _is_case_amount(self, text: str, s: Sentence, q: Quantity, trig: Trigger) -> bool:
        c_start, c_end = clause_of(text, s, q.start)
        if c_start <= trig.start < c_end:
            return False  # its own verb governs it: 冻结涉案金额25亿元
        head = text[c_start : q.start]
        return q.kind == "money" and any(w in head for w in self.case_amounts)

    def _object(self, text: str, s: Sentence, q: Quantity, trig: Trigger) -> str:
        """What is counted: the noun before the number (抓获犯罪嫌疑人31名) or after it."""
        c_start, c_end = clause_of(text, s, q.start)
        left = max(c_start, trig.end if trig.end <= q.start else c_start)
        head = text[left : q.start]
        head = head.rsplit("、", 1)[-1] if "、" in head and not head.endswith("、") else head
        head = re.split(r"[对将把]", head)[-1] if trig.start > q.start else head
        head = re.sub(r"[\u4e00-\u9fff]某{1,2}等?$|等$", "", head)  # …犯罪嫌疑人吴某某等12人
        head = _LEAD.sub("", head.strip(" “”\"")).strip()
        head = re.sub(r"(?:达|约|近|逾|超过|共计|合计|总量)$", "", head)
        if len(head) >= 2:
            return head[-20:]
        tail = text[q.end : c_end]
        tail = re.split(r"[的，。、；]|等|和", tail, maxsplit=1)[0]
        return tail.strip(" “”\"")[:20]

    def _retype(self, etype: str, q: Quantity) -> str:
        for rule in self.object_rules:
            if (
                etype in rule["from"]
                and q.unit in rule["units"]
                and q.object.endswith(tuple(rule["object_suffix"]))
            ):
                return str(rule["to"])
        return etype

    # ---------------------------------------------------------------- changes
    def _attach_changes(self, ann: Annotated, drafts: list[Draft]) -> None:
        owner: dict[int, tuple[Draft, int]] = {}
        owner_end: dict[int, int] = {}
        for d in drafts:
            for i, q in enumerate(d.quantities):
                owner[q.start] = (d, i)
                owner_end[q.start] = q.end
        sentence_of = sentence_index(ann.sentences)
        by_sentence: dict[int | None, list[int]] = {}
        for q_start in sorted(owner):
            by_sentence.setdefault(sentence_of(q_start), []).append(q_start)
        groups: dict[int, list[YoY]] = {}
        for c in ann.changes:
            groups.setdefault(c.start, []).append(c)
        for start, changes in groups.items():
            si = sentence_of(start)
            prior = [q for q in by_sentence.get(si, []) if q < start]
            targets = prior[-len(changes) :] if len(changes) > 1 else prior[-1:]
            if len(targets) < len(changes):
                continue
            between = ann.norm[owner_end[targets[-1]] : start] if ann.norm else ""
            if any(w in between for w in self.change_subjects):
                continue  # 破获案件500起，发案数同比下降12%: not this figure's change
            for q_start, change in zip(targets, changes, strict=True):
                d, i = owner[q_start]
                d.yoy.append((i, change))


def _drop_restatements(events: list[Event]) -> list[Event]:
    """A figure restated later in a document (same kind, value, unit, period) counts once."""
    seen: dict[tuple[str, str, str], list[TimeExpr | None]] = {}
    out = []
    for e in events:
        kept = []
        for q in e.quantities:
            sig = (e.type, str(q.value), q.unit)
            if any(_same_period(e.time, t) for t in seen.get(sig, ())):
                continue
            seen.setdefault(sig, []).append(e.time)
            kept.append(q)
        if e.quantities and not kept:
            continue
        if len(kept) != len(e.quantities):
            index = {id(q): i for i, q in enumerate(e.quantities)}
            new_index = {index[id(q)]: j for j, q in enumerate(kept)}
            yoy = tuple((new_index[i], c) for i, c in e.yoy if i in new_index)
            e = replace(e, quantities=tuple(kept), yoy=yoy)
        out.append(e)
    return out


def _same_period(a: TimeExpr | None, b: TimeExpr | None) -> bool:
    if a is None or b is None:
        return True
    return (a.begin, a.until) == (b.begin, b.until)
