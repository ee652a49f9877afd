"""Stage ④ events: triggers, the quantities they govern, and their roles.

A reader of a police report fills in what a sentence leaves out from what came before:
the acting agency, the period (今年以来 … 截至目前), the kind of crime. This stage keeps
that running context sentence by sentence and resets it at section headings.

* A trigger (破获, 抓获, 冻结 …; ``events.yaml``) opens an event unless it sits inside an
  entity name or is negated (未抓获).
* A quantity belongs to the nearest trigger before it in its clause, else the nearest
  after it in the clause (将…抓获归案), else the nearest before it in the sentence, else
  the last event of the preceding sentences (涉案金额 … in the next sentence).
* What is counted can retype the event (查获…案件28起 is a case solved).
* Year-on-year changes go to the quantity before them; a 分别 list to as many quantities.
* Agent: the nearest organisation before the trigger, with the ones coordinated with it
  (会同, 联合, 和 …) as partners; else a place in subject position (河北省共破获 → the
  police of Hebei); else the running context. Place: locations introduced by 在/赴/于.
Data: ``events.yaml``, ``entities.yaml``.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from kg.model import Annotated, Argument, Event, Mention, Quantity, Sentence, TimeExpr, YoY
from kg.nlp.lexicon import TermIndex
from kg.resources import Resources

__all__ = ["EventFinder", "is_heading", "run"]

_CLAUSE = re.compile(r"[，,；;：:]")
_LEAD = re.compile(r"^(?:共计|共|累计|先后|成功|一举|当场|依法|分别|现场|还|又|并|已|均|同时|其中|合计)+")
_TERM = re.compile(
    r"(?:有期徒刑|拘役|管制)(?:(?P<y>\d+|[一二两三四五六七八九十]+)年)?(?:(?P<m>\d+|[一二两三四五六七八九十]+)个月)?"
)
_CRIME_SIDE = {"Fraud", "Arrest", "Sentencing", "Prosecution"}
_CASE_TYPES = {"CaseSolved", "GangBusted", "Arrest", "Seizure"}
_POLICE_KINDS = {"PoliceAgency", "PoliceCollective", "Customs", "Procuratorate", "Court",
                 "GovernmentAgency"}  # fmt: skip


def run(ann: Annotated, res: Resources) -> Annotated:
    """Pipeline entry point: fill ``events``."""
    return replace(ann, events=tuple(EventFinder.for_resources(res).find(ann)))


def is_heading(text: str, s: Sentence) -> bool:
    """A short line with no sentence-final punctuation: a section heading or a title."""
    body = text[s.start : s.end]
    line_start = s.start == 0 or text[s.start - 1] == "\n"
    line_end = s.end == len(text) or text[s.end : s.end + 1] == "\n"
    return line_start and line_end and len(body) <= 40 and body[-1:] not in "。！？!?”\"；;"


@dataclass
class _Trigger:
    start: int
    end: int
    word: str
    type: str
    sentence: int
    negated: bool = False
    modality: str = ""


@dataclass
class _Context:
    """What a reader carries from sentence to sentence."""

    agents: tuple[Argument, ...] = ()
    time: TimeExpr | None = None
    crimes: tuple[Mention, ...] = ()
    places: tuple[Mention, ...] = ()
    paragraph: int = -1


@dataclass
class _Draft:
    trigger: _Trigger
    type: str
    quantities: list[Quantity] = field(default_factory=list)
    yoy: list[tuple[int, YoY]] = field(default_factory=list)


class EventFinder:
    """Event recogniser built from ``events.yaml``."""

    def __init__(self, res: Resources) -> None:
        cfg = res.events
        self.index = TermIndex()
        from kg.nlp.lexicon import Term

        for etype, spec in cfg["types"].items():
            for word in spec["triggers"]:
                self.index.add(word, Term(etype, etype, "trigger"))
        self.noun_cont = tuple(cfg["noun_continuations"])
        self.conditional: dict[str, list[str]] = dict(cfg["conditional_triggers"])
        self.negation = tuple(cfg["negation"])
        self.modality: dict[str, str] = dict(cfg["modality"])
        self.object_rules = list(cfg["object_rules"])
        self.case_amounts = tuple(cfg["case_amounts"])
        self.incompatible = list(cfg["incompatible_units"])
        self.change_subjects = tuple(res.values["change_subjects"])
        self.patient_heads = tuple(cfg["patient_heads"])
        self.perpetrators = tuple(cfg["perpetrator_subjects"])
        ents = res.entities
        self.coord = tuple(sorted(ents["coordination_verbs"], key=len, reverse=True))
        self.directing = tuple(ents["directing_verbs"])
        from kg.nlp.lexicon import indexes

        self.broader = indexes(res).crime_broader
        self.preps = tuple(sorted(ents["location_prepositions"], key=len, reverse=True))

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
        return self._fill_roles(text, ann, drafts)

    # ---------------------------------------------------------------- triggers
    def _triggers(self, text: str, ann: Annotated) -> list[_Trigger]:
        blocked = bytearray(len(text) + 1)
        for m in ann.mentions:
            if m.label in {"Organization", "CrimeType", "Platform", "Person"}:
                for i in range(m.start, m.end):
                    blocked[i] = 1
        out: list[_Trigger] = []
        for s in ann.sentences:
            for start, end, word, terms in self.index.scan(text[s.start : s.end]):
                a, b = s.start + start, s.start + end
                if any(blocked[a:b]) or text[b : b + 2].startswith(self.noun_cont):
                    continue
                if word in self.conditional:
                    c_start, c_end = _clause(text, s, b)
                    if not any(w in text[c_start:c_end] for w in self.conditional[word]):
                        continue
                window = text[max(s.start, a - 4) : a]
                negated = any(window.endswith(n) or n in window[-3:] for n in self.negation)
                c_start, _ = _clause(text, s, a)
                clause = text[c_start:a]
                modality = next((v for k, v in self.modality.items() if k in clause), "")
                out.append(_Trigger(a, b, word, terms[0].type, s.index, negated, modality))
        return out

    # ------------------------------------------------------------- quantities
    def _attach_quantities(
        self, text: str, ann: Annotated, triggers: list[_Trigger]
    ) -> list[_Draft]:
        drafts: dict[tuple[int, str], _Draft] = {}
        order: list[tuple[int, str]] = []
        by_sentence: dict[int, list[_Trigger]] = {}
        for t in triggers:
            by_sentence.setdefault(t.sentence, []).append(t)
        sentence_of = _sentence_index(ann.sentences)
        last_trigger: _Trigger | None = None
        last_sentence = -1
        for q in ann.quantities:
            si = sentence_of(q.start)
            if si is None:
                continue
            s = ann.sentences[si]
            if is_heading(text, s):
                continue
            if si != last_sentence and last_sentence >= 0 and _section_break(text, ann, last_sentence, si):
                last_trigger = None
            trig = self._governor(text, s, q, by_sentence.get(si, []))
            if trig is not None and self._is_case_amount(text, s, q, trig):
                # 涉案金额 belongs to the case the sentence reports, not the nearest verb
                headline = [t for t in by_sentence.get(si, []) if t.type in _CASE_TYPES]
                trig = headline[0] if headline else trig
            if trig is None:
                trig = last_trigger if last_trigger and si - last_trigger.sentence <= 3 else None
            if trig is None or trig.negated:
                continue
            last_trigger, last_sentence = trig, si
            q = replace(q, object=self._object(text, s, q, trig))
            etype = self._retype(trig.type, q)
            key = (trig.start, etype)
            if key not in drafts:
                drafts[key] = _Draft(trig, etype)
                order.append(key)
            drafts[key].quantities.append(q)
        # triggers without figures are events too (犯罪嫌疑人张某已被刑事拘留); a negated
        # one is kept, flagged, so that "未抓获" is on record but never counted
        governing = {k[0] for k in drafts}
        for t in triggers:
            if t.start not in governing:
                drafts[(t.start, t.type)] = _Draft(t, t.type)
                order.append((t.start, t.type))
        return sorted((drafts[k] for k in order), key=lambda d: (d.trigger.start, d.type))

    def _governor(
        self, text: str, s: Sentence, q: Quantity, triggers: list[_Trigger]
    ) -> _Trigger | None:
        c_start, c_end = _clause(text, s, q.start)
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

    def _is_case_amount(self, text: str, s: Sentence, q: Quantity, trig: _Trigger) -> bool:
        c_start, c_end = _clause(text, s, q.start)
        if c_start <= trig.start < c_end:
            return False  # its own verb governs it: 冻结涉案金额25亿元
        head = text[c_start : q.start]
        return q.kind == "money" and any(w in head for w in self.case_amounts)

    def _object(self, text: str, s: Sentence, q: Quantity, trig: _Trigger) -> str:
        """What is counted: the noun before the number (抓获犯罪嫌疑人31名) or after it."""
        c_start, c_end = _clause(text, s, q.start)
        left = max(c_start, trig.end if trig.end <= q.start else c_start)
        head = text[left : q.start]
        head = head.rsplit("、", 1)[-1] if "、" in head and not head.endswith("、") else head
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
    def _attach_changes(self, ann: Annotated, drafts: list[_Draft]) -> None:
        owner: dict[int, tuple[_Draft, int]] = {}
        owner_end: dict[int, int] = {}
        for d in drafts:
            for i, q in enumerate(d.quantities):
                owner[q.start] = (d, i)
                owner_end[q.start] = q.end
        sentence_of = _sentence_index(ann.sentences)
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

    # ------------------------------------------------------------------ roles
    def _fill_roles(self, text: str, ann: Annotated, drafts: list[_Draft]) -> list[Event]:
        ctx = _Context()
        events: list[Event] = []
        by_sentence: dict[int, list[_Draft]] = {}
        for d in drafts:
            by_sentence.setdefault(d.trigger.sentence, []).append(d)
        mentions = sorted(ann.mentions, key=lambda m: m.start)
        times = [t for t in ann.times if t.scope != "comparison"]
        doc_crimes = _first_crimes(text, ann, mentions)
        m_starts = [m.start for m in mentions]
        t_starts = [t.start for t in times]
        for s in ann.sentences:
            lo, hi = bisect.bisect_left(m_starts, s.start), bisect.bisect_left(m_starts, s.end)
            s_mentions = [m for m in mentions[lo:hi] if m.end <= s.end]
            crimes = tuple(m for m in s_mentions if m.label == "CrimeType")
            if is_heading(text, s):
                ctx = _Context(crimes=crimes or ctx.crimes)
                continue
            if s.paragraph != ctx.paragraph:
                ctx.places = ()
                ctx.paragraph = s.paragraph
            inherited = self._inherited_crimes(ctx.crimes, doc_crimes)
            if crimes:
                ctx.crimes = crimes
            lo, hi = bisect.bisect_left(t_starts, s.start), bisect.bisect_left(t_starts, s.end)
            s_times = [t for t in times[lo:hi] if t.end <= s.end]
            s_places = tuple(m for m in s_mentions if m.label == "Place" and m.rule != "nested")
            if not by_sentence.get(s.index):
                subject = self._subject(text, s, s_mentions)
                if subject is not None:
                    ctx.agents = (Argument("agent", subject),)
            for d in by_sentence.get(s.index, []):
                t = d.trigger
                if not d.quantities and d.type not in _CRIME_SIDE and self._criminal_subject(
                    text, s, t
                ):
                    continue  # 该团伙…发布广告: the gang acts here, not the police
                agents = self._agents(text, s, t, s_mentions)
                if d.type in {"Fraud"}:
                    # the police are not the fraudsters; 全市共发生… only says where
                    agents = tuple(
                        a if a.mention.kind not in _POLICE_KINDS else Argument("scope", a.mention)
                        for a in agents
                        if a.role == "agent"
                    )
                elif any(a.role == "agent" for a in agents):
                    ctx.agents = agents
                else:
                    agents = tuple(a for a in ctx.agents if a.role == "agent") + agents
                time = self._time(s_times, t, ctx)
                if time is not None and time.scope != "same-period":
                    ctx.time = time
                places = self._places(text, s, t, s_mentions)
                if d.type == "Fraud" and not places and not any(a.role == "scope" for a in agents):
                    where = [m for m in s_places if m.start < t.start] or list(ctx.places)
                    places = tuple(Argument("place", m) for m in where)
                patients, size = self._patients(text, s, t, s_mentions)
                if d.type == "Fraud":
                    # the victims are not the fraudsters (陈女士…被骗18.6万元)
                    victims = {id(a.mention) for a in patients}
                    agents = tuple(a for a in agents if id(a.mention) not in victims)
                    if t.word.startswith("被"):
                        agents = tuple(a for a in agents if a.role == "scope")
                patients += self._instruments(s, t, s_mentions)
                term = self._term(text, s, t)
                event_crimes = crimes or inherited
                split = self._distributed(text, s, t, s_mentions, len(d.quantities))
                if split:
                    for i, (subject, q) in enumerate(zip(split, d.quantities, strict=True)):
                        events.append(
                            Event(type=d.type, trigger_start=t.start, trigger_end=t.end,
                                  trigger=ann.doc.text[t.start : t.end], sentence=s.index,
                                  arguments=(Argument("agent", subject),), time=time,
                                  quantities=(q,), yoy=tuple((0, c) for j, c in d.yoy if j == i),
                                  crime_types=event_crimes, part=i + 1)
                        )  # fmt: skip
                    continue
                events.append(
                    Event(
                        type=d.type,
                        trigger_start=t.start,
                        trigger_end=t.end,
                        trigger=ann.doc.text[t.start : t.end],
                        sentence=s.index,
                        arguments=agents + places + patients,
                        time=time,
                        quantities=tuple(d.quantities),
                        yoy=tuple(d.yoy),
                        crime_types=event_crimes,
                        negated=t.negated,
                        modality=t.modality,
                        group_size=size,
                        term=term,
                    )
                )
            last_time = [x for x in s_times if x.scope not in {"same-period", "comparison"}]
            if last_time and not by_sentence.get(s.index):
                ctx.time = last_time[-1]
            if s_places:
                ctx.places = s_places
        return _drop_restatements(sorted(events, key=lambda e: (e.trigger_start, e.type, e.part)))

    def _inherited_crimes(
        self, recent: tuple[Mention, ...], topic: tuple[Mention, ...]
    ) -> tuple[Mention, ...]:
        """What a sentence without a crime type is about: the recent one, or the
        document's topic when the recent ones are only broader kinds of it."""
        if not recent:
            return topic
        if topic and all(self._is_broader(r.name, topic[0].name) for r in recent):
            return topic
        return recent

    def _is_broader(self, outer: str, inner: str) -> bool:
        seen = set()
        while inner and inner not in seen:
            if inner == outer:
                return True
            seen.add(inner)
            inner = self.broader.get(inner, "")
        return False

    def _agents(
        self, text: str, s: Sentence, t: _Trigger, mentions: Sequence[Mention]
    ) -> tuple[Argument, ...]:
        """Agent and partners; an empty or partner-only result means "as before"."""
        c_start, _ = _clause(text, s, t.start)
        before = [m for m in mentions if m.end <= t.start and m.rule != "nested"]
        groups = [m for m in before if m.kind in {"CriminalGroup", "GroupRef"}]
        if t.type in {"Fraud"}:
            people = [m for m in before if m.label == "Person"
                      and not any(g.start <= m.start < g.end for g in groups)]  # fmt: skip
            orgs = [m for m in before if m.label == "Organization"]
            cands = [m for m in orgs + people if m.start >= c_start] or (orgs + people)[-1:]
            return tuple(Argument("agent", m) for m in sorted(cands, key=lambda m: m.start)[-1:])
        orgs = [m for m in before if m.label == "Organization" and m not in groups]
        clause_orgs = [m for m in orgs if m.start >= c_start]
        places = [
            m for m in before
            if m.label == "Place" and m.start >= c_start and not self._located(text, s, m)
            and not _in_list_after_prep(text, s, m, self.preps)
            and not (clause_orgs and m.start < clause_orgs[-1].end)
        ]  # fmt: skip
        if not clause_orgs and places:
            return (Argument("agent", places[0]),)  # 其中，广东抓获…: the police of 广东
        if not orgs:
            return ()
        main = clause_orgs[-1] if clause_orgs else orgs[-1]
        chosen: list[Argument] = []
        coordinated = [main]
        for m in reversed(orgs[: orgs.index(main)]):
            gap = text[m.end : coordinated[-1].start]
            if len(gap) <= 12 and (
                gap.strip("、，, 民警等部门单位") == "" or any(v in gap for v in self.coord)
            ):
                coordinated.append(m)
            else:
                break
        subject = coordinated[-1]
        lead = text[max(s.start, subject.start - 3) : subject.start]
        if lead.endswith(self.coord) and subject is main:
            # 联合滴滴出行公司…: a partner; the agent is whoever the text was about
            return (Argument("partner", main),)
        if len(coordinated) > 1 and any(
            v in text[coordinated[1].end : main.start] for v in self.directing
        ):
            actor = main  # 省公安厅指导市公安局打掉…: the directed body acts
        else:
            actor = subject  # 南充市公安局会同人民银行…: the subject acts with partners
        chosen.append(Argument("agent", actor))
        chosen += [Argument("partner", m) for m in coordinated if m is not actor]
        return tuple(chosen)

    def _distributed(
        self, text: str, s: Sentence, t: _Trigger, mentions: Sequence[Mention], n: int
    ) -> list[Mention] | None:
        """广州、深圳警方分别抓获45名、32名: one subject per figure, in order."""
        if n < 2 or "分别" not in text[max(s.start, t.start - 4) : t.start]:
            return None
        c_start, _ = _clause(text, s, t.start)
        subjects = [
            m for m in mentions
            if c_start <= m.start and m.end <= t.start and m.rule != "nested"
            and m.label in {"Organization", "Place"}
        ]  # fmt: skip
        return subjects if len(subjects) == n else None

    def _subject(self, text: str, s: Sentence, mentions: Sequence[Mention]) -> Mention | None:
        """The agency a sentence without events is about (对此，河北公安机关发起…)."""
        _c_start, _c_end = _clause(text, s, s.start)
        for m in mentions:
            if m.label != "Organization" or m.rule == "nested" or m.kind not in _POLICE_KINDS:
                continue
            before = text[max(s.start, m.start - 3) : m.start]
            if before.endswith(self.preps) or before.endswith(self.coord) or "“" in text[s.start : m.start]:
                continue
            return m
        return None

    def _criminal_subject(self, text: str, s: Sentence, t: _Trigger) -> bool:
        before = text[s.start : t.start]
        return any(w in before for w in self.perpetrators)

    def _located(self, text: str, s: Sentence, m: Mention) -> bool:
        before = text[max(s.start, m.start - 3) : m.start]
        return before.endswith(self.preps) or text[m.end : m.end + 1] == "等"

    def _places(
        self, text: str, s: Sentence, t: _Trigger, mentions: Sequence[Mention]
    ) -> tuple[Argument, ...]:
        out = []
        for m in mentions:
            if m.label != "Place" or m.rule == "nested" or m.start >= t.start:
                continue
            if self._located(text, s, m) or _in_list_after_prep(text, s, m, self.preps):
                out.append(Argument("place", m))
        return tuple(out)

    def _patients(
        self, text: str, s: Sentence, t: _Trigger, mentions: Sequence[Mention]
    ) -> tuple[tuple[Argument, ...], int | None]:
        """Who was acted upon: people or groups after the trigger, or before it in the
        passive (张某已被刑事拘留); 李某某等12人 gives the group's size."""
        c_start, c_end = _clause(text, s, t.end)

        def acted_on(m: Mention) -> bool:
            return m.label == "Person" or m.kind in {"CriminalGroup", "GroupRef"}

        people = [m for m in mentions if acted_on(m) and t.end <= m.start < c_end]
        passive = bool(re.search(r"被|已被|已因|遭", text[c_start : t.start])) or t.word.startswith("被")
        if not people and passive:
            people = [m for m in mentions if acted_on(m) and c_start <= m.start < t.start]
        if not people:
            # 对犯罪嫌疑人刘某提起公诉, 将张某抓获: the object fronted by 对/将/把
            window = text[c_start : t.start]
            k = max(window.rfind("对"), window.rfind("将"), window.rfind("把"))
            if k >= 0:
                people = [m for m in mentions if acted_on(m) and c_start + k < m.start < t.start]
        if not people and passive and t.type == "Fraud":
            # 市民陈女士在抖音上看到广告，…共计被骗18.6万元: the sentence's subject
            people = [m for m in mentions if m.label == "Person" and m.start < t.start][:1]
        size = None
        if people:
            tail = text[people[-1].end : c_end]
            m = re.match(r"等(\d+|[一二两三四五六七八九十百]+)(?:名|人)", tail)
            if m:
                size = _small_int(m.group(1))
        role = "victim" if t.type == "Fraud" else "patient"
        if t.type == "Fraud" and not passive:
            people = [m for m in people if m.label == "Person"]
        return tuple(Argument(role, m) for m in people), size

    def _instruments(
        self, s: Sentence, t: _Trigger, mentions: Sequence[Mention]
    ) -> tuple[Argument, ...]:
        """Platforms named in the sentence of a fraud (通过抖音…, 在微信群里…)."""
        if t.type != "Fraud":
            return ()
        return tuple(Argument("instrument", m) for m in mentions if m.label == "Platform")

    def _term(self, text: str, s: Sentence, t: _Trigger) -> str:
        """有期徒刑三年六个月 after 判处 → P3Y6M; 无期徒刑 → P999Y."""
        if t.type != "Sentencing":
            return ""
        _, c_end = _clause(text, s, t.end)
        tail = text[t.end : s.end]
        if "无期徒刑" in tail[: c_end - t.end + 20]:
            return "P999Y"
        m = _TERM.search(tail)
        if not m:
            return ""
        years = _small_int(m["y"]) if m["y"] else 0
        months = _small_int(m["m"]) if m["m"] else 0
        if not years and not months:
            return ""
        return "P" + (f"{years}Y" if years else "") + (f"{months}M" if months else "")

    def _time(self, times: list[TimeExpr], t: _Trigger, ctx: _Context) -> TimeExpr | None:
        before = [x for x in times if x.end <= t.start]
        if before:
            chosen = before[-1]
            if chosen.scope == "same-period":
                return ctx.time
            return chosen
        return ctx.time


def _sentence_index(sentences: Sequence[Sentence]):  # type: ignore[no-untyped-def]
    starts = [s.start for s in sentences]

    def find(offset: int) -> int | None:
        import bisect

        i = bisect.bisect_right(starts, offset) - 1
        if i < 0 or offset >= sentences[i].end:
            return None
        return i

    return find


def _clause(text: str, s: Sentence, offset: int) -> tuple[int, int]:
    """The clause of ``s`` around ``offset``: between commas/semicolons/colons."""
    breaks = _clause_breaks(text)
    i = bisect.bisect_right(breaks, offset - 1)
    start = breaks[i - 1] + 1 if i and breaks[i - 1] + 1 > s.start else s.start
    end = breaks[i] if i < len(breaks) and breaks[i] < s.end else s.end
    return max(start, s.start), end


@functools.lru_cache(maxsize=8)
def _clause_breaks(text: str) -> list[int]:
    return [m.start() for m in _CLAUSE.finditer(text)]


def _section_break(text: str, ann: Annotated, previous: int, current: int) -> bool:
    return any(is_heading(text, ann.sentences[i]) for i in range(previous + 1, current))


def _in_list_after_prep(text: str, s: Sentence, m: Mention, preps: tuple[str, ...]) -> bool:
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


def _first_crimes(text: str, ann: Annotated, mentions: Sequence[Mention]) -> tuple[Mention, ...]:
    """The crime type of the title or first sentence: the document's topic."""
    for s in ann.sentences[:3]:
        found = tuple(m for m in mentions if m.label == "CrimeType" and s.start <= m.start < s.end)
        if found:
            return found[:1]
    return ()


def _small_int(text: str) -> int | None:
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
