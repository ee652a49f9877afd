"""Stage ④ roles: who acted, where, when, about what, and on whom.

A reader of a police report fills in what a sentence leaves out from what came before:
the acting agency, the period (今年以来 … 截至目前), the place, the kind of crime. The
``RoleFinder`` keeps that running context sentence by sentence, resets it at headings,
and fills each event's roles:

* agent: the nearest organisation before the trigger in its clause, the ones coordinated
  with it (会同, 联合, 和 …) as partners, a directed body as the actor (省厅指导市局打掉…);
  else a place in subject position (河北省共破获 → the police of Hebei); else the context;
* place: locations introduced by 在/赴/于 (the agency's jurisdiction is added in mapping);
* time: the nearest time expression before the trigger, else the running period — but a
  day or a month does not carry past a lapse (经过五个月侦查) or into a new case, and a
  part of a period (其中2022年) does not replace the period that runs on (``times.yaml``);
* patients (active, passive and 对/将/把), victims and platforms of a fraud, prison terms;
* 分别: one subject per figure (广东、浙江警方分别抓获120名、85名).
Data: ``events.yaml``, ``entities.yaml``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from kg.model import Annotated, Argument, Event, Mention, Quantity, Sentence, TimeExpr, YoY
from kg.nlp.event_times import EventTimes
from kg.nlp.lexicon import indexes
from kg.nlp.textspans import clause_of, in_list_after_prep, is_heading, small_int
from kg.resources import Resources

__all__ = ["Context", "Draft", "RoleFinder", "Trigger"]

_TERM = re.compile(
    r"(?:有期徒刑|拘役|管制)(?:(?P<y>\d+|[一二两三四五六七八九十]+)年)?(?:(?P<m>\d+|[一二两三四五六七八九十]+)个月)?"
)
_CRIME_SIDE = {"Fraud", "Arrest", "Sentencing", "Prosecution"}
POLICE_KINDS = {"PoliceAgency", "PoliceCollective", "Customs", "Procuratorate", "Court",
                "GovernmentAgency", "OrgRef"}  # fmt: skip


@dataclass
class Trigger:
    """A trigger word found in the text, with its negation and modality."""

    start: int
    end: int
    word: str
    type: str
    sentence: int
    negated: bool = False
    modality: str = ""


@dataclass
class Draft:
    """An event before its roles: trigger, type, figures and changes."""

    trigger: Trigger
    type: str
    quantities: list[Quantity] = field(default_factory=list)
    yoy: list[tuple[int, YoY]] = field(default_factory=list)


@dataclass
class Context:
    """What a reader carries from sentence to sentence."""

    agents: tuple[Argument, ...] = ()
    time: TimeExpr | None = None
    crimes: tuple[Mention, ...] = ()
    places: tuple[Mention, ...] = ()
    paragraph: int = -1


class RoleFinder:
    """Fills the roles of drafted events; built once per ``Resources``."""

    def __init__(self, res: Resources) -> None:
        ents = res.entities
        self.coord = tuple(sorted(ents["coordination_verbs"], key=len, reverse=True))
        self.directing = tuple(ents["directing_verbs"])
        self.preps = tuple(sorted(ents["location_prepositions"], key=len, reverse=True))
        self.perpetrators = tuple(res.events["perpetrator_subjects"])
        self.broader = indexes(res).crime_broader
        self.times = EventTimes(res.times)

    def fill(self, text: str, ann: Annotated, drafts: list[Draft]) -> list[Event]:
        """The events of ``drafts`` with their roles, in text order."""
        ctx = Context()
        events: list[Event] = []
        by_sentence: dict[int, list[Draft]] = {}
        for d in drafts:
            by_sentence.setdefault(d.trigger.sentence, []).append(d)
        mentions = sorted(ann.mentions, key=lambda m: m.start)
        times = [t for t in ann.times if t.scope != "comparison"]
        doc_crimes = first_crimes(ann, mentions)
        m_starts = [m.start for m in mentions]
        t_starts = [t.start for t in times]
        for s in ann.sentences:
            lo, hi = bisect.bisect_left(m_starts, s.start), bisect.bisect_left(m_starts, s.end)
            s_mentions = [m for m in mentions[lo:hi] if m.end <= s.end]
            crimes = tuple(m for m in s_mentions if m.label == "CrimeType")
            if is_heading(text, s):
                ctx = Context(crimes=crimes or ctx.crimes)
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
                    text, s, t, s_mentions
                ):
                    continue  # 该团伙…发布广告: the gang acts here, not the police
                agents = self._agents(text, s, t, s_mentions)
                if d.type in {"Fraud"}:
                    # the police are not the fraudsters; 全市共发生… only says where
                    agents = tuple(
                        a if a.mention.kind not in POLICE_KINDS else Argument("scope", a.mention)
                        for a in agents
                        if a.role == "agent"
                    )
                elif any(a.role == "agent" for a in agents):
                    ctx.agents = agents
                else:
                    agents = tuple(a for a in ctx.agents if a.role == "agent") + agents
                time = self.times.choose(text, s.start, s_times, t.start, ctx.time)
                if time is not None and time.scope != "same-period" and not self.times.is_part(text, time):
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
            last_time = [x for x in s_times if x.scope not in {"same-period", "comparison"}
                         and not self.times.is_part(text, x)]  # fmt: skip
            if last_time and not by_sentence.get(s.index):
                ctx.time = last_time[-1]
            elif not s_times and not by_sentence.get(s.index):
                ctx.time = self.times.carried(text, s.start, s.end, ctx.time)
            if s_places:
                ctx.places = s_places
        return sorted(events, key=lambda e: (e.trigger_start, e.type, e.part))

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
        self, text: str, s: Sentence, t: Trigger, mentions: Sequence[Mention]
    ) -> tuple[Argument, ...]:
        """Agent and partners; an empty or partner-only result means "as before"."""
        c_start, _ = clause_of(text, s, t.start)
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
            and not in_list_after_prep(text, s, m, self.preps)
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
        self, text: str, s: Sentence, t: Trigger, mentions: Sequence[Mention], n: int
    ) -> list[Mention] | None:
        """广州、深圳警方分别抓获45名、32名: one subject per figure, in order."""
        if n < 2 or "分别" not in text[max(s.start, t.start - 4) : t.start]:
            return None
        c_start, _ = clause_of(text, s, t.start)
        subjects = [
            m for m in mentions
            if c_start <= m.start and m.end <= t.start and m.rule != "nested"
            and m.label in {"Organization", "Place"}
        ]  # fmt: skip
        return subjects if len(subjects) == n else None

    def _subject(self, text: str, s: Sentence, mentions: Sequence[Mention]) -> Mention | None:
        """The agency a sentence without events is about (对此，河北公安机关发起…)."""
        _c_start, _c_end = clause_of(text, s, s.start)
        for m in mentions:
            if m.label != "Organization" or m.rule == "nested" or m.kind not in POLICE_KINDS:
                continue
            before = text[max(s.start, m.start - 3) : m.start]
            if before.endswith(self.preps) or before.endswith(self.coord) or "“" in text[s.start : m.start]:
                continue
            return m
        return None

    def _criminal_subject(
        self, text: str, s: Sentence, t: Trigger, mentions: Sequence[Mention] = ()
    ) -> bool:
        """The sentence is about what offenders did: a perpetrator word, or a person (not
        an agency) as the subject of the clause (吴某某纠集他人成立…公司)."""
        before = text[s.start : t.start]
        if any(w in before for w in self.perpetrators):
            return True
        c_start, _ = clause_of(text, s, t.start)
        actors = [m for m in mentions if s.start <= m.start < t.start and m.rule != "nested"
                  and m.label in {"Person", "Organization"}]  # fmt: skip
        return bool(actors) and actors[-1].label == "Person" and actors[-1].start >= c_start - 20

    def _located(self, text: str, s: Sentence, m: Mention) -> bool:
        before = text[max(s.start, m.start - 3) : m.start]
        return before.endswith(self.preps) or text[m.end : m.end + 1] == "等"

    def _places(
        self, text: str, s: Sentence, t: Trigger, mentions: Sequence[Mention]
    ) -> tuple[Argument, ...]:
        out = []
        for m in mentions:
            if m.label != "Place" or m.rule == "nested" or m.start >= t.start:
                continue
            if self._located(text, s, m) or in_list_after_prep(text, s, m, self.preps):
                out.append(Argument("place", m))
        return tuple(out)

    def _patients(
        self, text: str, s: Sentence, t: Trigger, mentions: Sequence[Mention]
    ) -> tuple[tuple[Argument, ...], int | None]:
        """Who was acted upon: people or groups after the trigger, or before it in the
        passive (张某已被刑事拘留); 李某某等12人 gives the group's size."""
        c_start, c_end = clause_of(text, s, t.end)

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
                size = small_int(m.group(1))
        role = "victim" if t.type == "Fraud" else "patient"
        if t.type == "Fraud" and not passive:
            people = [m for m in people if m.label == "Person"]
        return tuple(Argument(role, m) for m in people), size

    def _instruments(
        self, s: Sentence, t: Trigger, mentions: Sequence[Mention]
    ) -> tuple[Argument, ...]:
        """Platforms named in the sentence of a fraud (通过抖音…, 在微信群里…)."""
        if t.type != "Fraud":
            return ()
        return tuple(Argument("instrument", m) for m in mentions if m.label == "Platform")

    def _term(self, text: str, s: Sentence, t: Trigger) -> str:
        """有期徒刑三年六个月 after 判处 → P3Y6M; 无期徒刑 → P999Y."""
        if t.type != "Sentencing":
            return ""
        _, c_end = clause_of(text, s, t.end)
        tail = text[t.end : s.end]
        if "无期徒刑" in tail[: c_end - t.end + 20]:
            return "P999Y"
        m = _TERM.search(tail)
        if not m:
            return ""
        years = small_int(m["y"]) if m["y"] else 0
        months = small_int(m["m"]) if m["m"] else 0
        if not years and not months:
            return ""
        return "P" + (f"{years}Y" if years else "") + (f"{months}M" if months else "")


def first_crimes(ann: Annotated, mentions: Sequence[Mention]) -> tuple[Mention, ...]:
    """The crime type of the title or first sentence: the document's topic."""
    for s in ann.sentences[:3]:
        found = tuple(m for m in mentions if m.label == "CrimeType" and s.start <= m.start < s.end)
        if found:
            return found[:1]
    return ()
