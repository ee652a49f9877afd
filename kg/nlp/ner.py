"""Stage ③ ner: typed entity mentions from the tagger, the lexicons and name patterns.

Sources, from most to least trusted:
1. organisation names built from a place (or a known organisation) plus a chain of unit
   suffixes: 保定市公安局满城分局反诈中心, 中国移动湖州分公司, 南宁海关缉私局;
2. lexicon entries (organisations, platforms, crime types) and quoted names with a
   telling head (名为“星耀联盟”的APP);
3. the tagger's PER/ORG/LOC words, cleaned of its known errors (verbs glued to ORG
   spans, 电信 inside 电信网络诈骗, titles glued to names);
4. pseudonyms and honorifics (李某某, 陈女士) and the collective police of a place
   (河北公安机关, 临沧警方, 全市公安机关).
Overlaps are resolved longest first; the places and parent organisations nested in a
longer organisation name are kept as mentions of their own (保定市 in 保定市公安局).
Organisation and place names are built in ``kg.nlp.orgnames``, people and groups in
``kg.nlp.people``; this module gathers every source and settles the overlaps.
Data: ``entities.yaml`` and the lexicons, through ``kg.nlp.lexicon``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import replace

from kg.model import Annotated, Mention, Token
from kg.nlp.candidates import CJK, PRIORITY, Candidate, cjk_at
from kg.nlp.lexicon import Indexes, indexes
from kg.nlp.orgnames import OrgNames
from kg.nlp.people import PeopleNames
from kg.resources import Resources

__all__ = ["Recognizer", "run"]

_ABBREV = re.compile(r"[（(](?:以下)?简称[“\"]?(?P<short>[^）)”\"，,]{2,12})[”\"]?[）)]")


def run(ann: Annotated, res: Resources) -> Annotated:
    """Pipeline entry point: fill ``mentions``."""
    text = ann.norm or ann.doc.text
    found = Recognizer.for_resources(res).find(text, ann.tokens)
    mentions = tuple(replace(m, text=ann.doc.text[m.start : m.end]) for m in found)
    return replace(ann, mentions=mentions)


_CLAUSE_END = re.compile(r"[，,。！？!?；;]")


class Recognizer:
    """Entity recogniser built from ``Resources``."""

    def __init__(self, res: Resources) -> None:
        e = res.entities
        self.ix: Indexes = indexes(res)
        self.names = OrgNames(res, self.ix)
        self.people = PeopleNames(res)
        self.generic_crimes = set(e["generic_crime_types"])
        self.generic_platforms = set(e["generic_platforms"])
        self.body_stop = tuple(e["org_body_stop"])
        self.boilerplate = tuple(e["boilerplate_lines"])
        self.furniture_max = int(e.get("boilerplate_line_max", 100))
        heads_p = "|".join(map(re.escape, e["quoted_heads"]["Platform"]))
        heads_o = "|".join(map(re.escape, e["quoted_heads"]["Organization"]))
        mods = "|".join(map(re.escape, e["quoted_modifiers"]))
        self.quoted_re = re.compile(
            rf"(?:名为|叫|称为|名叫)?[“\"「](?P<name>[^”\"」，。、]{{2,12}})[”\"」]"
            rf"(?:的)?(?:(?:{mods})?(?P<plat>{heads_p})|(?P<org>{heads_o}))"
        )
        self.charge_re = re.compile(
            rf"(?:涉嫌|以(?!来)|犯有?|构成|判处.{{0,6}}?)(?P<c>[{CJK}、]{{2,24}}?(?<!犯)罪)(?![{CJK}])"
            rf"|(?P<c2>[{CJK}、]{{2,24}}?(?<!犯)罪)(?=[，,。；;、]|被|案|一案)"
        )
        self.verbs = tuple(
            {t for spec in res.events["types"].values() for t in spec["triggers"]}
            | {"开展", "实施", "进行", "从事", "涉及", "涉嫌", "打击", "两个", "一个", "的", "等"}
        )
        self.crime_heads = tuple(e["crime_word_heads"])
        self.crime_prefixes = tuple(e["crime_word_prefixes"])
        self.fraud_kind_re = re.compile(rf"(?P<c>[{CJK}]{{2,8}}类诈骗)")

    @classmethod
    @functools.cache
    def for_resources(cls, res: Resources) -> Recognizer:
        """A cached recogniser for ``res``."""
        return cls(res)

    # ------------------------------------------------------------------ public
    def find(self, text: str, tokens: Iterable[Token] = ()) -> list[Mention]:
        """Mentions in ``text`` (normalised), sorted by start; see the module docstring."""
        tokens = list(tokens)
        places = self.names.places(text, tokens)
        cands: list[Candidate] = []
        cands += self._lexicon(text, tokens)
        cands += places
        cands += self.names.orgs(text, places, cands, tokens)
        cands += self.names.collectives(text, places)
        cands += self._quoted(text)
        cands += self._crime_patterns(text)
        cands += self._tagged(text, tokens)
        cands += self.people.patterns(text)
        cands += self.names.references(text)
        cands += self.names.implied(text, tokens)
        cands += self._mastheads(text)
        cands += self.names.bare_units(text, tokens)
        chosen = self._resolve(self._outside_boilerplate(text, cands))
        chosen = self._abbreviations(text, chosen)
        chosen = self._propagate(text, chosen)
        chosen += self.names.nested(text, chosen, places)
        chosen = self._enumerations(text, chosen)
        chosen += self.people.groups(text, chosen)
        chosen = self._outside_boilerplate(text, chosen)  # names copied there by _propagate
        out = [
            Mention(c.start, c.end, text[c.start : c.end], c.label, c.source, c.name, c.kind)
            for c in chosen
        ]
        return sorted(set(out), key=lambda m: (m.start, -m.end, m.label))

    # ------------------------------------------------------------ candidates
    def _lexicon(self, text: str, tokens: list[Token]) -> list[Candidate]:
        out = []
        starts = {t.start for t in tokens}
        ends = {t.end for t in tokens}
        for start, end, surface, terms in self.ix.terms.scan(text):
            term = terms[0]
            if tokens and start not in starts and not _after_punct(text, start):
                continue  # 中行 in 集中|行动: a name starts where a word starts
            if term.type == "CrimeType" and end - start <= 2 and tokens and (
                start not in starts or end not in ends
            ):
                continue  # 制毒 in 易制毒化学品, 逃税 in 偷逃税款: part of another word
            if term.type == "CrimeType" and term.kind == "category" and (
                text[end:].startswith(self.crime_heads) or text[:start].endswith(self.crime_prefixes)
            ):
                continue  # 吸毒人员, 易制毒: the crime word qualifies another noun
            if term.type == "Platform" and _ascii_glued(text, start, end):
                continue
            if term.type == "CrimeType" and (
                surface in self.generic_crimes or term.label in self.generic_crimes
            ):
                continue
            if term.type == "Organization" and text[end : end + 1] == "门":
                continue  # 民政部门 is "the civil-affairs department", not 民政部
            out.append(Candidate(start, end, term.type, term.kind, term.label, "lexicon"))
        return out

    def _quoted(self, text: str) -> list[Candidate]:
        out = []
        for m in self.quoted_re.finditer(text):
            name = m["name"]
            if name in self.generic_platforms or re.search(r"\d", name):
                continue
            label = "Platform" if m["plat"] else "Organization"
            kind = "app" if m["plat"] else "Other"
            out.append(Candidate(m.start("name"), m.end("name"), label, kind, name, "quoted"))
        return out

    def _crime_patterns(self, text: str) -> list[Candidate]:
        out = []
        for m in self.charge_re.finditer(text):
            group = "c" if m["c"] else "c2"
            charge = m[group]
            for part in _split_charges(charge):
                start = text.find(part, m.start(group))
                term = self.ix.terms.get(part)
                if start < 0 or len(part) < 3 or (not term and group == "c2"):
                    continue
                if not term and any(w in part for w in (*self.body_stop, "打击", "治理", "以来")):
                    continue
                label = term[0].label if term else part
                out.append(Candidate(start, start + len(part), "CrimeType", "charge", label, "pattern"))
        for m in self.fraud_kind_re.finditer(text):
            s = m.start("c")
            # trim to the longest suffix that is a known type, else keep as a new type
            for k in range(m.start("c"), m.end("c") - 4):
                if self.ix.terms.get(text[k : m.end("c")]):
                    s = k
                    break
            name = text[s : m.end("c")]
            cut = max((name.rfind(v) + len(v) for v in self.verbs if v in name[:-3]), default=0)
            name, s = name[cut:], s + cut
            if len(name) < 5 or any(v in name for v in ("打击", "防范", "针对", "治理", "其中", "各类")):
                continue
            term = self.ix.terms.get(name)
            out.append(Candidate(s, m.end("c"), "CrimeType", "category",
                             term[0].label if term else name, "pattern"))  # fmt: skip
        return out

    def _mastheads(self, text: str) -> list[Candidate]:
        """【文匯報訊】, 东南网6月28日讯, 新华社广州11月5日电: the publisher of the story (its
        dateline's place is found as any place); 本报 names no one."""
        out = []
        for m in _MASTHEAD.finditer(text):
            pub = m["pub"]
            if pub.startswith(("本报", "本網", "本网")) or len(pub) < 2:
                continue
            terms = [t for t in self.ix.terms.get(pub) if t.type == "Organization"]
            name = terms[0].label if terms else pub
            out.append(Candidate(m.start("pub"), m.end("pub"), "Organization", "Media", name, "masthead"))
        return out

    def _tagged(self, text: str, tokens: list[Token]) -> list[Candidate]:
        out: list[Candidate] = []
        for t in tokens:
            if t.tag == "PER":
                cand = self.people.from_tag(text, t)
                if cand:
                    out.append(cand)
            elif t.tag == "ORG":
                out += self.names.from_tag(text, t)
        return out

    # ------------------------------------------------------------ resolution
    def _resolve(self, cands: list[Candidate]) -> list[Candidate]:
        """Longest first, then the more trusted source; no overlaps."""
        ordered = sorted(cands, key=lambda c: (-(c.end - c.start), -PRIORITY[c.source], c.start))
        taken: list[Candidate] = []
        occupied = bytearray(max((c.end for c in cands), default=0) + 1)
        for c in ordered:
            if any(occupied[c.start : c.end]):
                continue
            if c.label == "Organization" and c.name in self.names.generic_orgs:
                continue
            taken.append(c)
            for i in range(c.start, c.end):
                occupied[i] = 1
        return sorted(taken, key=lambda c: c.start)

    def _outside_boilerplate(self, text: str, cands: list[Candidate]) -> list[Candidate]:
        """Drop candidates on lines of page furniture (责任编辑：李丽, 版权所有 …).

        Furniture is a short line. A long line that starts with a furniture label is a
        whole article run into its header (原标题：…央视网消息：…, common on portals): only
        its first clause is furniture, the rest is text.
        """
        spans = []
        for m in re.finditer(r"[^\n]+", text):
            line = m.group(0)
            starts = line.strip().lstrip("【[（(").startswith(self.boilerplate)
            inside = [line.find(w) for w in ("版权所有", "责任编辑", "ICP备") if w in line]
            if not starts and not inside:
                continue
            if len(line) <= self.furniture_max:
                spans.append((m.start(), m.end()))
                continue
            for begin in ([0] if starts else []) + inside:
                stop = _CLAUSE_END.search(line, begin)
                spans.append((m.start() + begin, m.start() + (stop.end() if stop else len(line))))
        if not spans:
            return cands
        return [c for c in cands if not any(a <= c.start < b for a, b in spans)]

    def _abbreviations(self, text: str, chosen: list[Candidate]) -> list[Candidate]:
        """临沂康颐养老产业有限公司（以下简称康颐公司）: the short name is the same body."""
        full_of: dict[str, Candidate] = {}
        ending = {c.end: c for c in chosen if c.label != "Place"}
        for m in _ABBREV.finditer(text):
            if m.start() in ending:
                full_of[m["short"]] = ending[m.start()]
        if not full_of:
            return chosen
        out = []
        occupied = bytearray(len(text) + 1)
        for c in chosen:
            surface = text[c.start : c.end]
            if surface in full_of:
                full = full_of[surface]
                c = replace(c, label=full.label, kind=full.kind, name=full.name)
            out.append(c)
            for i in range(c.start, c.end):
                occupied[i] = 1
        for short, full in full_of.items():
            for m in re.finditer(re.escape(short), text):
                if not any(occupied[m.start() : m.end()]):
                    out.append(replace(full, start=m.start(), end=m.end(), source="pattern"))
                    for i in range(m.start(), m.end()):
                        occupied[i] = 1
        return sorted(out, key=lambda c: c.start)

    def _propagate(self, text: str, chosen: list[Candidate]) -> list[Candidate]:
        """A name typed once in a document is typed everywhere it recurs (健寿堂)."""
        typed = {
            text[c.start : c.end]: c
            for c in chosen
            if c.source in {"quoted", "tagger", "org", "lexicon"} and c.end - c.start >= 2
            and c.label in {"Organization", "Platform", "Person"}
        }
        if not typed:
            return chosen
        occupied = bytearray(len(text) + 1)
        for c in chosen:
            for i in range(c.start, c.end):
                occupied[i] = 1
        extra = []
        for surface, c in typed.items():
            for m in re.finditer(re.escape(surface), text):
                if any(occupied[m.start() : m.end()]):
                    continue
                if c.label == "Person" and (cjk_at(text, m.end()) and text[m.end()] in "公司集团"):
                    continue
                extra.append(replace(c, start=m.start(), end=m.end(), source="pattern"))
                for i in range(m.start(), m.end()):
                    occupied[i] = 1
        return sorted(chosen + extra, key=lambda c: c.start)

    def _enumerations(self, text: str, chosen: list[Candidate]) -> list[Candidate]:
        """网络贷款、兼职刷单、杀猪盘、冒充公检法类诈骗: each item is a crime type."""
        out = list(chosen)
        occupied = bytearray(len(text) + 1)
        for c in chosen:
            for i in range(c.start, c.end):
                occupied[i] = 1
        crime_spans = {(c.start, c.end) for c in chosen if c.label == "CrimeType"}
        for c in chosen:
            if c.label != "CrimeType" or not c.name.endswith(("诈骗", "犯罪")):
                continue
            i = c.start
            while i > 0 and text[i - 1] == "、":
                j = i - 1
                k = j
                while k > 0 and cjk_at(text, k - 1) and j - k < 10:
                    k -= 1
                item = text[k:j]
                if len(item) < 2 or (any(occupied[k:j]) and (k, j) not in crime_spans):
                    break
                if not any(occupied[k:j]):
                    label = self._crime_label(item)
                    out.append(Candidate(k, j, "CrimeType", "category", label, "pattern"))
                i = k
        return sorted(out, key=lambda c: c.start)

    def _crime_label(self, item: str) -> str:
        for candidate in (item, item + "诈骗", item + "类诈骗"):
            terms = self.ix.terms.get(candidate)
            if terms and terms[0].type == "CrimeType":
                return terms[0].label
        return item + "诈骗"



# a masthead at the start of a line: publisher, dateline place and date, then 电/讯
_MASTHEAD = re.compile(
    rf"(?m)^[ \t]*[【\[]?(?P<pub>[{CJK}]{{1,8}}?(?:网|報|报|社|台|新闻|新聞|客户端))"
    rf"(?:[{CJK}]{{2,6}}?)?(?:\d{{1,2}}月\d{{1,2}}日)?(?:电|電|讯|訊)(?=[】\]（(\s]|$)"
)


def _after_punct(text: str, start: int) -> bool:
    """True at the start of the text or after a character that is not CJK (the tagger
    may glue a name to a quote or a Latin word)."""
    return start == 0 or not cjk_at(text, start - 1)


def _ascii_glued(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    return bool(text[start:end].isascii()) and (
        (before.isascii() and before.isalnum()) or (after.isascii() and after.isalnum())
    )




def _split_charges(text: str) -> list[str]:
    """假冒注册商标罪、销售假冒注册商标的商品罪 → two charges; 组织、领导传销活动罪 stays one."""
    parts = re.split(r"、(?=[^、]*罪)", text)
    out = []
    buf = ""
    for p in parts:
        buf = f"{buf}、{p}" if buf else p
        if p.endswith("罪"):
            out.append(buf)
            buf = ""
    return out if len(out) > 1 else [text]
