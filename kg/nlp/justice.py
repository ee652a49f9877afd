"""Stage ⑤ justice: the steps that happen to a person, from the report to the sentence.

Runs after ``events``. For every trigger of a justice step (``justice.yaml`` steps; the
words are in ``events.yaml``) it keeps or makes the event — headlines and short sentences
too (男子酒后闹事被行拘五日, 3名嫌疑人先后落网), where the figure-driven event stage is
silent — and fills what a step needs:

* who it happens to: a named person or a participant of the document (涉事男子, 2名18岁嫌犯,
  某公司负责人) found by ``kg.nlp.participants``; a pronoun or an empty clause continues the
  person the story follows (王某被刑拘。次日，经检察院批准被依法逮捕);
* who takes it (a court sentences, a procuratorate approves an arrest) and to whom it is
  reported (``kg.nlp.justice_roles``);
* whether it happened (``kg.nlp.factuality``: negated, planned, a law, a threat, a question);
* a detention's kind and term, a sentence's penalty and term, the reason
  (``kg.nlp.justice_details``);
* each person's steps in order: ``Annotated.histories`` (``kg.nlp.chains``).
A step in a headline that the body tells again is the body's.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from kg.model import Annotated, Argument, Event, Mention, Participant, Quantity
from kg.nlp.chains import histories
from kg.nlp.events import EventFinder
from kg.nlp.factuality import NON_FACTUAL, Factuality
from kg.nlp.justice_details import StepDetails
from kg.nlp.justice_roles import Actor, JusticeRoles
from kg.nlp.participants import Description, ParticipantFinder, cluster, label_start
from kg.nlp.roles import Trigger
from kg.nlp.textspans import clause_of, is_heading
from kg.resources import Resources

__all__ = ["JusticeFinder", "run"]

_PEOPLE_UNITS = {"名", "人", "位", "人次"}
_FOCUS_SPAN = 3  # sentences a followed person stays in focus
_OWN_REASON = {"Summons", "Report", "Rescue", "Fine"}  # … not why a platform is summoned
_AGENT_SPAN = 6  # sentences back a body of the step's kind is still the one acting (该院, 法院)
_APPROVED = re.compile(r"批准|批捕")
# a sentence that reports a statistic: its counted people are a figure, not a participant
_STATISTIC = re.compile(r"共|累计|合计|总计|全年|以来|截至|期间|余名|余人|多名|多人|近\d|逾\d")


def run(ann: Annotated, res: Resources) -> Annotated:
    """Pipeline entry point: justice steps, participants and histories."""
    return JusticeFinder.for_resources(res).annotate(ann)


@dataclass
class _Step:
    """A justice step being filled: its trigger and the actors in its roles."""

    trigger: Trigger
    core: list[int]  # indexes of the events the event stage made for this trigger
    heading: bool
    negated: bool
    modality: str
    roles: list[tuple[str, Actor]] = field(default_factory=list)
    detail: object = None


class JusticeFinder:
    """The justice stage; built once per ``Resources``."""

    def __init__(self, res: Resources) -> None:
        cfg = res.justice
        self.steps: dict[str, dict[str, object]] = dict(cfg["steps"])
        self.events = EventFinder.for_resources(res)
        self.people = ParticipantFinder.for_resources(res)
        self.facts = Factuality.for_resources(res)
        self.roles = JusticeRoles(res)
        self.details = StepDetails(res)
        self.new_words = set(cfg["participant_new"])
        self.formal = set(cfg["formal_arrest_triggers"])

    @classmethod
    @functools.cache
    def for_resources(cls, res: Resources) -> JusticeFinder:
        """A cached finder for ``res``."""
        return cls(res)

    def annotate(self, ann: Annotated) -> Annotated:
        """``ann`` with its justice steps filled, participants and histories added."""
        text = ann.norm or ann.doc.text
        extra = self.people.pseudonyms(text, ann.mentions)
        mentions = sorted([*ann.mentions, *extra], key=lambda m: (m.start, -m.end, m.label))
        descriptions = self.people.find(text, mentions)
        people, of_start = cluster(descriptions, self.new_words)
        actors = _actors(mentions, descriptions)
        steps = self._steps(text, ann, actors, descriptions)
        events, participants, new_mentions = self._events(ann, steps, descriptions, people, of_start)
        all_mentions = tuple(sorted({*ann.mentions, *extra, *new_mentions},
                                    key=lambda m: (m.start, -m.end, m.label)))  # fmt: skip
        stages = {k: int(v["stage"]) for k, v in self.steps.items()}  # type: ignore[call-overload]
        done = replace(ann, mentions=all_mentions, events=tuple(events),
                       participants=tuple(participants))  # fmt: skip
        return replace(done, histories=histories(done, stages, self.formal, NON_FACTUAL))

    # ------------------------------------------------------------------ steps
    def _steps(
        self, text: str, ann: Annotated, actors: list[Actor], descriptions: Sequence[Description]
    ) -> list[_Step]:
        by_start: dict[int, list[int]] = {}
        for i, e in enumerate(ann.events):
            by_start.setdefault(e.trigger_start, []).append(i)
        steps: list[_Step] = []
        focus: list[Actor] = []
        focus_sentence = -10
        for t in self.events.triggers(ann):
            if t.type not in self.steps:
                continue
            core = by_start.get(t.start, [])
            if any(ann.events[i].type not in self.steps for i in core):
                continue  # retyped by what it counts (查获…案件28起 is a case solved)
            core = [i for i in core if ann.events[i].part == 0]
            if by_start.get(t.start) and not core:
                continue  # 分别: one event per subject, kept as the event stage made them
            s = ann.sentences[t.sentence]
            if t.type == "Arrest" and t.word in self.formal and _APPROVED.search(text, s.start, t.start):
                t = replace(t, type="ArrestApproval")  # 经检察院批准，王某被依法逮捕
            clause = _clause(text, s.start, s.end, t.start)
            sentence = (s.start, s.end)
            negated = t.negated or self.facts.negated(text, clause, t.start, t.end)
            modality = self.facts.modality(text, sentence, clause, t.start, t.end, t.type)
            if not modality and t.modality not in {"", "ongoing", "attempted"}:
                modality = t.modality
            step = _Step(t, core, is_heading(text, s), negated, modality or t.modality)
            s_actors = [a for a in actors if s.start <= a.start and a.end <= s.end]
            figures = [q for i in core for q in ann.events[i].quantities if q.unit in _PEOPLE_UNITS]
            if figures and _STATISTIC.search(text, s.start, s.end):
                s_actors = [a for a in s_actors if not _counted_by(a, figures)]
            patients, use_focus = self.roles.patients(text, t, clause, sentence, s_actors,
                                                      heading=step.heading)
            counted = bool(figures)
            if (not patients and use_focus and not counted and focus
                    and 0 <= t.sentence - focus_sentence <= _FOCUS_SPAN):  # fmt: skip
                patients = focus
            agents = self.roles.agents(text, t, clause, sentence, s_actors, patients)
            if not agents and not any(ann.events[i].quantities for i in core):
                window = ann.sentences[max(0, t.sentence - _AGENT_SPAN)].start
                agents = self.roles.recent_agent(t, [a for a in actors if window <= a.start < s.start])
            recipients = self.roles.recipients(text, t, clause, s_actors)
            step.roles = ([("patient", a) for a in patients] + [("agent", a) for a in agents]
                          + [("recipient", a) for a in recipients])  # fmt: skip
            crimes = [m for m in ann.mentions if m.label == "CrimeType" and s.start <= m.start < s.end]
            if any(ann.events[i].quantities for i in core):
                crimes = []  # a figure's crime is its crime type, not someone's reason
            elif t.type not in _OWN_REASON:  # the case's crime is why its suspect is detained …
                crimes += [c for i in core for c in ann.events[i].crime_types if c not in crimes]
            spans = [_described(a, descriptions) for a in patients]
            who = "".join(text[a:b] for a, b in spans)  # 造谣者王某某被拘: who says why
            own = [a for a, _ in spans if s.start <= a < t.start]
            step.detail = self.details.of(text, t.type, t.word, t.start, t.end, clause, sentence,
                                          crimes, who, min(own) if own else -1)  # fmt: skip
            steps.append(step)
            if patients and not negated and modality not in NON_FACTUAL:
                focus, focus_sentence = patients, t.sentence
        return _drop_restated_headlines(steps, ann)

    # ----------------------------------------------------------------- events
    def _events(
        self, ann: Annotated, steps: list[_Step], descriptions: Sequence[Description],
        people: list[Participant], of_start: dict[int, int],
    ) -> tuple[list[Event], list[Participant], list[Mention]]:
        # participants some step names, numbered in text order
        used: dict[int, int] = {}
        for st in sorted(steps, key=lambda st: st.trigger.start):
            for _role, a in st.roles:
                if a.description >= 0:
                    p = of_start[descriptions[a.description].start]
                    if people[p].person is None:
                        used.setdefault(p, len(used))
        mention_of: dict[int, Mention] = {}
        new_mentions: list[Mention] = []
        participants: list[Participant] = []
        for p, index in sorted(used.items(), key=lambda kv: kv[1]):
            participants.append(replace(people[p], index=index))
        for d_i, d in enumerate(descriptions):
            owner = of_start.get(d.start)
            if owner is not None and owner in used and d.end > d.start:
                begin = label_start(d)
                m = Mention(begin, d.end, ann.doc.text[begin : d.end], "Participant",
                            "participant", str(used[owner]), d.head)  # fmt: skip
                mention_of[d_i] = m
                new_mentions.append(m)
        # named people the text describes (犯罪嫌疑人张某（男，32岁）) keep what it says
        participants += [replace(p, index=-1) for p in people if p.person is not None
                         and (p.role or p.gender or p.age is not None)]  # fmt: skip
        events = list(ann.events)
        owned = {q.start for e in ann.events for q in e.quantities}
        for st in steps:
            args = tuple(Argument(role, _mention_of(a, mention_of)) for role, a in st.roles)
            detail = st.detail
            extra = {} if detail is None else {
                "custody": detail.custody, "penalty": detail.penalty,  # type: ignore[attr-defined]
                "suspended": detail.suspended, "reason": detail.reason,  # type: ignore[attr-defined]
            }  # fmt: skip
            term = getattr(detail, "term", "")
            if st.core:
                for i in st.core:
                    events[i] = self._refined(events[i], st, args, term, extra)
                continue
            t = st.trigger
            quantities = self._fine_amount(ann, t, owned) if t.type == "Fine" else ()
            events.append(Event(
                type=t.type, trigger_start=t.start, trigger_end=t.end,
                trigger=ann.doc.text[t.start : t.end], sentence=t.sentence, arguments=args,
                time=_time_of(ann, t), quantities=quantities,
                crime_types=tuple(m for m in ann.mentions if m.label == "CrimeType"
                                  and ann.sentences[t.sentence].start <= m.start < ann.sentences[t.sentence].end),
                negated=st.negated, modality=st.modality, term=term, **extra,
            ))  # fmt: skip
        events.sort(key=lambda e: (e.trigger_start, e.type, e.part))
        return events, participants, new_mentions

    def _refined(
        self, e: Event, st: _Step, args: tuple[Argument, ...], term: str, extra: dict[str, object]
    ) -> Event:
        """A step the event stage found, with this stage's roles where it had none."""
        keep = list(e.arguments)
        mine_patients = [a for a in args if a.role == "patient"]
        if mine_patients:
            keep = [a for a in keep if a.role != "patient"] + mine_patients
        mine_agents = [a for a in args if a.role == "agent"]
        if not e.quantities:
            allowed = set(self.steps[e.type]["agents"])  # type: ignore[call-overload]
            keep = [a for a in keep if a.role != "agent" or a.mention.kind in allowed
                    or (a.mention.label == "Place" and "PoliceCollective" in allowed)]  # fmt: skip
            if mine_agents:
                keep = [a for a in keep if a.role not in {"agent", "partner"}] + mine_agents
        keep += [a for a in args if a.role == "recipient"]
        modality = e.modality if e.modality in NON_FACTUAL else (st.modality or e.modality)
        return replace(e, type=st.trigger.type, arguments=tuple(keep), negated=e.negated or st.negated,
                       modality=modality, term=term or e.term, **extra)  # type: ignore[arg-type]

    @staticmethod
    def _fine_amount(ann: Annotated, t: Trigger, owned: set[int]) -> tuple[Quantity, ...]:
        s = ann.sentences[t.sentence]
        text = ann.norm or ann.doc.text
        _, c_end = clause_of(text, s, t.end)
        for q in ann.quantities:
            if t.end <= q.start < c_end and q.kind == "money" and q.start not in owned:
                owned.add(q.start)
                return (q,)
        return ()


def _actors(mentions: Sequence[Mention], descriptions: Sequence[Description]) -> list[Actor]:
    """Everyone who can fill a role, in text order; a described name is its person."""
    out: list[Actor] = []
    for m in mentions:
        if m.rule == "nested":
            continue
        if m.label == "Person":
            out.append(Actor(m.start, m.end, "person", m))
        elif m.label == "Organization" and m.kind not in {"CriminalGroup", "GroupRef"}:
            out.append(Actor(m.start, m.end, "organization", m))
        elif m.label == "Organization":
            out.append(Actor(m.start, m.end, "person", m))
        elif m.label == "Platform":
            out.append(Actor(m.start, m.end, "platform", m))
        elif m.label == "Place":
            out.append(Actor(m.start, m.end, "place", m))
    for i, d in enumerate(descriptions):
        if d.person is None and d.end > d.start:
            kind = "organization" if d.role_kind == "organization" else "person"
            out.append(Actor(d.start, d.end, kind, None, i))
    return sorted(out, key=lambda a: (a.start, -a.end))


def _clause(text: str, lo: int, hi: int, offset: int) -> tuple[int, int]:
    """The clause around ``offset``: between ，；： marks, not counting those inside a
    parenthesis (违法行为人瓦西某某（男，37岁）因…被拘留 is one clause)."""
    start, depth = lo, 0
    for i in range(lo, hi):
        ch = text[i]
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(0, depth - 1)
        elif depth == 0 and (ch in "，,；;：:" or (ch in " 　" and _between_cjk(text, i))):
            if i < offset:
                start = i + 1
            else:
                return start, i
    return start, hi


def _described(a: Actor, descriptions: Sequence[Description]) -> tuple[int, int]:
    """The span of an actor with the description before its name (造谣者王某某)."""
    for d in descriptions:
        if d.person is not None and a.mention is d.person and d.text:
            return d.start, a.end
    return a.start, a.end


def _between_cjk(text: str, i: int) -> bool:
    """A space between two ideographs: a headline's clause break (男子辱骂英烈 警方立案调查)."""
    return 0 < i < len(text) - 1 and "\u4e00" <= text[i - 1] <= "\u9fff" and "\u4e00" <= text[i + 1] <= "\u9fff"


def _counted_by(a: Actor, figures: Sequence[Quantity]) -> bool:
    """A description that holds a figure (犯罪嫌疑人31名) or is what a figure counts."""
    return a.description >= 0 and any(
        a.start <= q.start < a.end or 0 <= a.start - q.end <= 1 for q in figures
    )


def _mention_of(a: Actor, participant_mentions: dict[int, Mention]) -> Mention:
    if a.mention is not None:
        return a.mention
    return participant_mentions[a.description]


def _time_of(ann: Annotated, t: Trigger):  # type: ignore[no-untyped-def]
    """The time of a step the event stage did not make: the nearest before it in its
    sentence, else the time of the event before it in the same paragraph."""
    s = ann.sentences[t.sentence]
    own = [x for x in ann.times if s.start <= x.start and x.end <= t.start
           and x.scope not in {"comparison", "same-period"}]  # fmt: skip
    if own:
        return own[-1]
    if is_heading(ann.norm or ann.doc.text, s):
        return None
    earlier = [e for e in ann.events if e.trigger_start < t.start and e.time is not None
               and ann.sentences[e.sentence].paragraph == s.paragraph]  # fmt: skip
    return earlier[-1].time if earlier else None


def _drop_restated_headlines(steps: list[_Step], ann: Annotated) -> list[_Step]:
    """A step a headline announces and the body tells is the body's (one event, not two)."""
    body_types = {st.trigger.type for st in steps if not st.heading}
    body_types |= {e.type for e in ann.events}
    has_body = any(not st.heading for st in steps) or len(ann.sentences) > 1
    return [st for st in steps
            if not (st.heading and not st.core and has_body and st.trigger.type in body_types)]
