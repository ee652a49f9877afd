"""People and groups: what ``ner`` finds besides the tagger's PER words.

Pseudonyms (李某某, 张某), people named by an honorific (陈女士, 周阿姨, 小周), titles split
from names (副支队长蒲建波 → 蒲建波), and criminal groups (以王某某为首的犯罪团伙; 该团伙 refers
back to one). A tagged name needs a known surname or a cue (记者X, X介绍).
Data: ``entities.yaml`` (surnames, person_titles, person_honorifics, group_heads …).
"""

from __future__ import annotations

import re

from kg.model import Token
from kg.nlp.candidates import CJK, Candidate, cjk_at
from kg.resources import Resources

__all__ = ["PeopleNames"]


class PeopleNames:
    """Finds person and group mentions; built once per ``Resources``."""

    def __init__(self, res: Resources) -> None:
        e = res.entities
        self.titles = sorted(e["person_titles"], key=len, reverse=True)
        self.surnames = set(e["surnames"])
        self.compound = set(e["compound_surnames"])
        self.cues_before = tuple(e["person_cues_before"])
        self.cues_after = tuple(e["person_cues_after"])
        honor = "|".join(map(re.escape, e["person_honorifics"]))
        sur = "".join(self.surnames)
        self.pseudonym_re = re.compile(
            rf"(?<!某)[{sur}]某{{1,2}}(?!某|[些种地个国市县省类品])(?!公司|集团|平台|单位|机构)"
        )
        self.pseudonym_after_re = re.compile(rf"[{sur}]某{{1,2}}(?!某)")
        self.honorific_re = re.compile(rf"(?:小|老)?[{sur}](?:{honor})")
        heads = "|".join(map(re.escape, sorted(e["group_heads"], key=len, reverse=True)))
        self.group_re = re.compile(
            rf"以(?P<leader>[{CJK}·]{{2,8}}?)为首的[^，。；;,]{{0,16}}?(?:{heads})"
        )
        self.group_ref_re = re.compile(
            rf"该(?:[{CJK}]{{0,4}}?)(?:{heads})(?![{CJK}]{{0,1}}(?:成员|人员))"
        )

    def from_tag(self, text: str, t: Token) -> Candidate | None:
        name = t.text
        start = t.start
        for title in self.titles:
            if name.startswith(title) and len(name) > len(title) + 1:
                start += len(title)
                name = name[len(title) :]
                break
        if not re.fullmatch(rf"[{CJK}·]{{2,6}}", name):
            return None
        if not self._plausible_name(text, start, name):
            return None
        follow = text[start + len(name) : start + len(name) + 3]
        if any(follow.startswith(u) for u in ("公司", "集团", "堂", "财富", "APP", "App")):
            return None
        return Candidate(start, start + len(name), "Person", "", name, "tagger")

    def _plausible_name(self, text: str, start: int, name: str) -> bool:
        """A tagged PER is kept when it starts with a surname or stands next to a cue
        (记者X, X介绍); the tagger's stray guesses (合公, 波利维) are dropped."""
        if name[0] in self.surnames or name[:2] in self.compound or "某" in name:
            return True
        if name[0] in "小老" and len(name) >= 2 and name[1] in self.surnames:
            return True
        before = text[max(0, start - 6) : start]
        after = text[start + len(name) : start + len(name) + 3]
        return before.rstrip(" 　").endswith(self.cues_before) or after.startswith(self.cues_after)

    def patterns(self, text: str) -> list[Candidate]:
        out = []
        for m in self.pseudonym_re.finditer(text):
            out.append(Candidate(m.start(), m.end(), "Person", "pseudonym", m.group(0), "pattern"))
        for m in self.pseudonym_after_re.finditer(text):
            if m.start() and text[m.start() - 1] in "、和与及等人":
                out.append(Candidate(m.start(), m.end(), "Person", "pseudonym", m.group(0), "pattern"))
        for m in self.honorific_re.finditer(text):
            glued = m.start() and cjk_at(text, m.start() - 1) and text[m.start() - 1] not in "民的了到向将把被和与及、"
            if glued and not any(text[: m.start()].endswith(t) for t in self.titles):
                continue
            out.append(Candidate(m.start(), m.end(), "Person", "", m.group(0), "pattern"))
        return out

    def groups(self, text: str, chosen: list[Candidate]) -> list[Candidate]:
        """以王某某为首的犯罪团伙 names a group of its own; 该团伙 refers back to one."""
        out = []
        people = {(c.start, c.end) for c in chosen if c.label == "Person"}
        for m in self.group_re.finditer(text):
            a, b = m.start("leader"), m.end("leader")
            leader = [(s, e) for s in range(a, b) for e in range(s + 2, b + 1) if (s, e) in people]
            if not leader:
                continue
            out.append(Candidate(m.start(), m.end(), "Organization", "CriminalGroup", m.group(0),
                             "pattern"))  # fmt: skip
        for m in self.group_ref_re.finditer(text):
            out.append(Candidate(m.start(), m.end(), "Organization", "GroupRef", m.group(0), "pattern"))
        return out
