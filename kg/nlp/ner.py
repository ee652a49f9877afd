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
Data: ``entities.yaml`` and the lexicons, through ``kg.nlp.lexicon``.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from kg.model import Annotated, Mention, Token
from kg.nlp.lexicon import Indexes, Place, indexes
from kg.resources import Resources

__all__ = ["Recognizer", "run"]

_CJK = r"\u4e00-\u9fff"
_ABBREV = re.compile(r"[（(](?:以下)?简称[“\"]?(?P<short>[^）)”\"，,]{2,12})[”\"]?[）)]")
_PRIORITY = {"org": 6, "collective": 6, "lexicon": 5, "quoted": 5, "pattern": 4, "tagger": 3,
             "place": 2, "nested": 1}  # fmt: skip


def run(ann: Annotated, res: Resources) -> Annotated:
    """Pipeline entry point: fill ``mentions``."""
    text = ann.norm or ann.doc.text
    found = Recognizer.for_resources(res).find(text, ann.tokens)
    mentions = tuple(replace(m, text=ann.doc.text[m.start : m.end]) for m in found)
    return replace(ann, mentions=mentions)


@dataclass(frozen=True, slots=True)
class _Cand:
    start: int
    end: int
    label: str
    kind: str
    name: str
    source: str


class Recognizer:
    """Entity recogniser built from ``Resources``."""

    def __init__(self, res: Resources) -> None:
        e = res.entities
        self.ix: Indexes = indexes(res)
        self.units: list[tuple[str, str]] = sorted(
            ((u["suffix"], u["kind"]) for u in e["org_units"]), key=lambda u: -len(u[0])
        )
        self.unit_kind = dict(self.units)
        self.subordinate = tuple(sorted(e["subordinate_units"], key=len, reverse=True))
        self.body_max = int(e["org_body_max"])
        self.coord = set(e["coordination_verbs"])
        self.coord_multi = sorted((v for v in self.coord if len(v) > 1), key=len, reverse=True)
        self.titles = sorted(e["person_titles"], key=len, reverse=True)
        self.surnames = set(e["surnames"])
        self.compound = set(e["compound_surnames"])
        self.cues_before = tuple(e["person_cues_before"])
        self.cues_after = tuple(e["person_cues_after"])
        self.generic_orgs = set(e["generic_organizations"])
        self.generic_crimes = set(e["generic_crime_types"])
        self.generic_platforms = set(e["generic_platforms"])
        self.preps = tuple(sorted(e["location_prepositions"], key=len, reverse=True))
        self.platform_ext = tuple(sorted(e["platform_extensions"], key=len, reverse=True))
        unit_alt = "|".join(re.escape(u) for u, _ in self.units)
        self.unit_re = re.compile(rf"[{_CJK}]{{0,{self.body_max}}}?(?:{unit_alt})")
        self.sub_re = re.compile(
            rf"[{_CJK}0-9]{{0,6}}?(?:{'|'.join(map(re.escape, self.subordinate))})"
        )
        self.collective = "|".join(map(re.escape, e["collective_police"]))
        self.scopes: dict[str, str] = dict(e["collective_scopes"])
        honor = "|".join(map(re.escape, e["person_honorifics"]))
        sur = "".join(self.surnames)
        self.pseudonym_re = re.compile(
            rf"(?<!某)[{sur}]某{{1,2}}(?!某|[些种地个国市县省类品])(?!公司|集团|平台|单位|机构)"
        )
        self.pseudonym_after_re = re.compile(rf"[{sur}]某{{1,2}}(?!某)")
        self.honorific_re = re.compile(rf"(?:小|老)?[{sur}](?:{honor})")
        heads_p = "|".join(map(re.escape, e["quoted_heads"]["Platform"]))
        heads_o = "|".join(map(re.escape, e["quoted_heads"]["Organization"]))
        self.quoted_re = re.compile(
            rf"(?:名为|叫|称为|名叫)?[“\"「](?P<name>[^”\"」，。、]{{2,12}})[”\"」]"
            rf"(?:的)?(?:(?P<plat>{heads_p})|(?P<org>{heads_o}))"
        )
        self.charge_re = re.compile(
            rf"(?:涉嫌|以(?!来)|犯有?|构成|判处.{{0,6}}?)(?P<c>[{_CJK}、]{{2,24}}?(?<!犯)罪)(?![{_CJK}])"
            rf"|(?P<c2>[{_CJK}、]{{2,24}}?(?<!犯)罪)(?=[，,。；;、]|被|案|一案)"
        )
        self.body_stop = tuple(e["org_body_stop"])
        self.boilerplate = tuple(e["boilerplate_lines"])
        self.verbs = tuple(
            {t for spec in res.events["types"].values() for t in spec["triggers"]}
            | {"开展", "实施", "进行", "从事", "涉及", "涉嫌", "打击", "两个", "一个", "的", "等"}
        )
        self.fraud_kind_re = re.compile(rf"(?P<c>[{_CJK}]{{2,8}}类诈骗)")
        heads = "|".join(map(re.escape, sorted(e["group_heads"], key=len, reverse=True)))
        self.group_re = re.compile(
            rf"以(?P<leader>[{_CJK}·]{{2,8}}?)为首的[^，。；;,]{{0,16}}?(?:{heads})"
        )
        self.group_ref_re = re.compile(rf"该(?:[{_CJK}]{{0,4}}?)(?:{heads})(?![{_CJK}]{{0,1}}(?:成员|人员))")

    @classmethod
    @functools.cache
    def for_resources(cls, res: Resources) -> Recognizer:
        """A cached recogniser for ``res``."""
        return cls(res)

    # ------------------------------------------------------------------ public
    def find(self, text: str, tokens: Iterable[Token] = ()) -> list[Mention]:
        """Mentions in ``text`` (normalised), sorted by start; see the module docstring."""
        tokens = list(tokens)
        places = self._places(text, tokens)
        cands: list[_Cand] = []
        cands += self._lexicon(text, tokens)
        cands += places
        cands += self._orgs(text, places, cands)
        cands += self._collectives(text, places)
        cands += self._quoted(text)
        cands += self._crime_patterns(text)
        cands += self._tagged(text, tokens)
        cands += self._persons(text)
        chosen = self._resolve(self._outside_boilerplate(text, cands))
        chosen = self._abbreviations(text, chosen)
        chosen = self._propagate(text, chosen)
        chosen += self._nested(text, chosen, places)
        chosen = self._enumerations(text, chosen)
        chosen += self._groups(text, chosen)
        out = [
            Mention(c.start, c.end, text[c.start : c.end], c.label, c.source, c.name, c.kind)
            for c in chosen
        ]
        return sorted(set(out), key=lambda m: (m.start, -m.end, m.label))

    # ------------------------------------------------------------ candidates
    def _lexicon(self, text: str, tokens: list[Token]) -> list[_Cand]:
        out = []
        starts = {t.start for t in tokens}
        ends = {t.end for t in tokens}
        for start, end, surface, terms in self.ix.terms.scan(text):
            term = terms[0]
            if term.type == "CrimeType" and end - start <= 2 and tokens and (
                start not in starts or end not in ends
            ):
                continue  # 制毒 in 易制毒化学品, 逃税 in 偷逃税款: part of another word
            if term.type == "Platform" and _ascii_glued(text, start, end):
                continue
            if term.type == "CrimeType" and (
                surface in self.generic_crimes or term.label in self.generic_crimes
            ):
                continue
            if term.type == "Organization" and text[end : end + 1] == "门":
                continue  # 民政部门 is "the civil-affairs department", not 民政部
            out.append(_Cand(start, end, term.type, term.kind, term.label, "lexicon"))
        return out

    def _places(self, text: str, tokens: list[Token]) -> list[_Cand]:
        """Gazetteer names; county short forms only before an organisation unit."""
        out: list[_Cand] = []
        loc_spans = {(t.start, t.end) for t in tokens if t.tag in {"LOC", "ORG"}}
        lengths = self.ix.places.lengths
        i = 0
        while i < len(text):
            hit = None
            for n in lengths.get(text[i], ()):
                s = text[i : i + n]
                if len(s) < n:
                    continue
                full = self.ix.places.by_name.get(s)
                short = self.ix.places.by_short.get(s)
                if full and (n > 2 or (i, i + n) in loc_spans):
                    hit = (n, full[0], s)
                    break
                if short and self._short_ok(text, i, i + n, short, loc_spans):
                    hit = (n, short[0], s)
                    break
            if hit:
                n, place, surface = hit
                out.append(_Cand(i, i + n, "Place", place.level, surface, "place"))
                i += n
            else:
                i += 1
        for t in tokens:
            if t.tag == "LOC" and re.fullmatch(rf"[{_CJK}]{{1,8}}(?:镇|乡|街道|村)", t.text):
                out.append(_Cand(t.start, t.end, "Place", "town", t.text, "place"))
        return out

    def _short_ok(
        self, text: str, start: int, end: int, places: list[Place], loc: set[tuple[int, int]]
    ) -> bool:
        if any(p.level in {"province", "city", "country"} for p in places):
            return True  # 新华社北京6月18日电: a city may follow any character
        glued = _cjk(text, start - 1) and text[start - 1] not in "在于赴从到往与和及、省市县区"
        after_place = any(text[start - k : start] in self.ix.places.by_name for k in (2, 3, 4, 5))
        if glued and not after_place:
            return False  # a county's short name inside a longer word
        follow = text[end : end + 6]
        return (start, end) in loc or any(follow.startswith(u) for u, _ in self.units)

    def _orgs(self, text: str, places: list[_Cand], cands: list[_Cand]) -> list[_Cand]:
        """Organisation names anchored on a place or a known organisation."""
        out = []
        anchors = sorted(
            list(places) + [c for c in cands if c.label == "Organization"],
            key=lambda c: c.start,
        )
        starts = {c.start for c in places}
        for a in anchors:
            start = a.start
            end = a.end
            # chain places of one hierarchy: 广西 + 防城港市, 四川省 + 南充市
            nxt = _place_at(places, end)
            while nxt is not None:
                end = nxt.end
                nxt = _place_at(places, end)
            m = self.unit_re.match(text, end)
            if a.label == "Organization":
                m = self.sub_re.match(text, end) or None
                if m is None:
                    continue
            if m is None or self._body_breaks(text, end, m.end(), starts):
                continue
            end = m.end()
            while True:
                sub = self.sub_re.match(text, end)
                if sub is None or self._body_breaks(text, end, sub.end(), starts):
                    break
                end = sub.end()
            name = text[start:end]
            if name in self.generic_orgs:
                continue
            out.append(_Cand(start, end, "Organization", self._org_kind(name), name, "org"))
        return out

    def _body_breaks(self, text: str, start: int, end: int, place_starts: set[int]) -> bool:
        body = text[start:end]
        if any(v in body for v in self.coord_multi):
            return True
        if body[:1] in self.coord and not body.startswith(("和平", "同安")):
            return True
        if any(s in place_starts for s in range(start + 1, end)) and not body.endswith(
            self.subordinate
        ):
            return True
        if any(w in body for w in self.body_stop):
            return True
        if text[end : end + 1] == "长" or text[end : end + 2] in {"系统", "门口", "附近"}:
            return True  # 支队长: a title; 法院系统: a sector, not a unit
        return any(w in body for w in ("的", "在", "对", "向", "将", "把", "被", "为", "是"))

    def _collectives(self, text: str, places: list[_Cand]) -> list[_Cand]:
        out = []
        for p in places:
            end = p.end
            nxt = _place_at(places, end)
            while nxt is not None:
                end = nxt.end
                nxt = _place_at(places, end)
            m = re.compile(rf"(?:各地|各级|全市|全省)?(?:{self.collective}|检察机关)").match(
                text, end
            )
            if m:
                kind = "Procuratorate" if m.group(0).endswith("检察机关") else "PoliceCollective"
                out.append(_Cand(p.start, m.end(), "Organization", kind, text[p.start : m.end()],
                                 "collective"))  # fmt: skip
        scope_alt = "|".join(map(re.escape, self.scopes))
        for m in re.finditer(rf"(?:{scope_alt})(?=共|累计|先后|已|均|范围内)", text):
            out.append(_Cand(m.start(), m.end(), "Organization", "PoliceCollective", m.group(0),
                             "collective"))  # fmt: skip
        for m in re.finditer(rf"(?:{scope_alt})(?:各级)?公安机关", text):
            out.append(_Cand(m.start(), m.end(), "Organization", "PoliceCollective", m.group(0),
                             "collective"))  # fmt: skip
        return out

    def _quoted(self, text: str) -> list[_Cand]:
        out = []
        for m in self.quoted_re.finditer(text):
            name = m["name"]
            if name in self.generic_platforms or re.search(r"\d", name):
                continue
            label = "Platform" if m["plat"] else "Organization"
            kind = "app" if m["plat"] else "Other"
            out.append(_Cand(m.start("name"), m.end("name"), label, kind, name, "quoted"))
        return out

    def _crime_patterns(self, text: str) -> list[_Cand]:
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
                out.append(_Cand(start, start + len(part), "CrimeType", "charge", label, "pattern"))
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
            out.append(_Cand(s, m.end("c"), "CrimeType", "category",
                             term[0].label if term else name, "pattern"))  # fmt: skip
        return out

    def _tagged(self, text: str, tokens: list[Token]) -> list[_Cand]:
        out: list[_Cand] = []
        for t in tokens:
            if t.tag == "PER":
                cand = self._person_from_tag(text, t)
                if cand:
                    out.append(cand)
            elif t.tag == "ORG":
                out += self._org_from_tag(text, t)
        return out

    def _person_from_tag(self, text: str, t: Token) -> _Cand | None:
        name = t.text
        start = t.start
        for title in self.titles:
            if name.startswith(title) and len(name) > len(title) + 1:
                start += len(title)
                name = name[len(title) :]
                break
        if not re.fullmatch(rf"[{_CJK}·]{{2,6}}", name):
            return None
        if not self._plausible_name(text, start, name):
            return None
        follow = text[start + len(name) : start + len(name) + 3]
        if any(follow.startswith(u) for u in ("公司", "集团", "堂", "财富", "APP", "App")):
            return None
        return _Cand(start, start + len(name), "Person", "", name, "tagger")

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

    def _org_from_tag(self, text: str, t: Token) -> list[_Cand]:
        start, end = t.start, t.end
        name = text[start:end]
        # strip coordination verbs glued in front (联合滴滴出行公司)
        for v in self.coord_multi:
            if name.startswith(v) and not name.startswith(("联合国", "联合会")):
                start += len(v)
                name = name[len(v) :]
                break
        # titles glued behind (义乌市公安局食药环侦大队大队长)
        for title in self.titles:
            if name.endswith(title) and len(name) > len(title) + 2:
                end -= len(title)
                name = name[: -len(title)]
                break
        out = []
        # split at a coordination verb when both sides are organisations
        for v in self.coord_multi:
            i = name.find(v)
            if i > 1 and self._org_kind(name[:i]) and self._org_kind(name[i + len(v) :]):
                left, right = name[:i], name[i + len(v) :]
                out.append(_Cand(start, start + i, "Organization", self._org_kind(left), left,
                                 "tagger"))  # fmt: skip
                s2 = start + i + len(v)
                out.append(_Cand(s2, end, "Organization", self._org_kind(right), right, "tagger"))
                return out
        # extend over a unit the tagger cut off (镇康县公安局禁毒|大队)
        m = self.sub_re.match(text, end)
        if m and m.end() - end <= 4 and not self._org_kind(name):
            end = m.end()
            name = text[start:end]
        if name.startswith("电信") and text[end : end + 2] in {"网络", "诈骗"}:
            return []
        if text[end : end + 2] in {"系统", "门口"}:
            return []  # 南充市法院系统: a sector, not a body
        kind = self._org_kind(name)
        if not kind or name in self.generic_orgs or len(name) < 2:
            return []
        return [_Cand(start, end, "Organization", kind, name, "tagger")]

    def _persons(self, text: str) -> list[_Cand]:
        out = []
        for m in self.pseudonym_re.finditer(text):
            out.append(_Cand(m.start(), m.end(), "Person", "pseudonym", m.group(0), "pattern"))
        for m in self.pseudonym_after_re.finditer(text):
            if m.start() and text[m.start() - 1] in "、和与及等人":
                out.append(_Cand(m.start(), m.end(), "Person", "pseudonym", m.group(0), "pattern"))
        for m in self.honorific_re.finditer(text):
            glued = m.start() and _cjk(text, m.start() - 1) and text[m.start() - 1] not in "民的了到向将把被和与及、"
            if glued and not any(text[: m.start()].endswith(t) for t in self.titles):
                continue
            out.append(_Cand(m.start(), m.end(), "Person", "", m.group(0), "pattern"))
        return out

    # ------------------------------------------------------------ resolution
    def _resolve(self, cands: list[_Cand]) -> list[_Cand]:
        """Longest first, then the more trusted source; no overlaps."""
        ordered = sorted(cands, key=lambda c: (-(c.end - c.start), -_PRIORITY[c.source], c.start))
        taken: list[_Cand] = []
        occupied = bytearray(max((c.end for c in cands), default=0) + 1)
        for c in ordered:
            if any(occupied[c.start : c.end]):
                continue
            if c.label == "Organization" and c.name in self.generic_orgs:
                continue
            taken.append(c)
            for i in range(c.start, c.end):
                occupied[i] = 1
        return sorted(taken, key=lambda c: c.start)

    def _outside_boilerplate(self, text: str, cands: list[_Cand]) -> list[_Cand]:
        """Drop candidates on lines of page furniture (责任编辑：李丽, 版权所有 …)."""
        spans = [
            (m.start(), m.end())
            for m in re.finditer(r"[^\n]+", text)
            if m.group(0).strip().startswith(self.boilerplate) or "版权所有" in m.group(0)
        ]
        if not spans:
            return cands
        return [c for c in cands if not any(a <= c.start < b for a, b in spans)]

    def _abbreviations(self, text: str, chosen: list[_Cand]) -> list[_Cand]:
        """临沂康颐养老产业有限公司（以下简称康颐公司）: the short name is the same body."""
        full_of: dict[str, _Cand] = {}
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

    def _propagate(self, text: str, chosen: list[_Cand]) -> list[_Cand]:
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
                if c.label == "Person" and (_cjk(text, m.end()) and text[m.end()] in "公司集团"):
                    continue
                extra.append(replace(c, start=m.start(), end=m.end(), source="pattern"))
                for i in range(m.start(), m.end()):
                    occupied[i] = 1
        return sorted(chosen + extra, key=lambda c: c.start)

    def _nested(self, text: str, chosen: list[_Cand], places: list[_Cand]) -> list[_Cand]:
        """Places and parent units inside organisation names (保定市 in 保定市公安局).

        A company's brand prefix is not a location (中国 in 中国移动湖州分公司), and a
        company's parent is named in full elsewhere if it matters, so neither is kept.
        """
        out = []
        ordered = sorted(places, key=lambda p: p.start)
        place_starts = [p.start for p in ordered]
        for c in chosen:
            if c.label != "Organization" or c.source not in {"org", "tagger", "collective"}:
                continue
            firm = c.kind in {"Company", "Bank", "Media"}
            starts = {c.start}
            lo = bisect.bisect_left(place_starts, c.start)
            hi = bisect.bisect_left(place_starts, c.end)
            for p in ordered[lo:hi]:
                inside = c.start <= p.start and p.end <= c.end and (p.start, p.end) != (c.start, c.end)
                brand = firm and p.name == "中国"  # 中国移动: a brand, not a location
                # a place counts only where a name segment starts (北海 in 拱北海关 does not)
                at_segment = p.start in starts or any(
                    text[c.start : p.start].endswith(u) for u, _ in self.units
                )
                if inside and at_segment:
                    starts.add(p.end)
                if inside and not brand and at_segment:
                    out.append(replace(p, source="nested"))
            if firm:
                continue
            name = text[c.start : c.end]
            for cut in self._unit_cuts(name)[:-1]:
                out.append(_Cand(c.start, c.start + cut, "Organization",
                                 self._org_kind(name[:cut]), name[:cut], "nested"))  # fmt: skip
        return chosen + out

    def _groups(self, text: str, chosen: list[_Cand]) -> list[_Cand]:
        """以王某某为首的犯罪团伙 names a group of its own; 该团伙 refers back to one."""
        out = []
        people = {(c.start, c.end) for c in chosen if c.label == "Person"}
        for m in self.group_re.finditer(text):
            a, b = m.start("leader"), m.end("leader")
            leader = [(s, e) for s in range(a, b) for e in range(s + 2, b + 1) if (s, e) in people]
            if not leader:
                continue
            out.append(_Cand(m.start(), m.end(), "Organization", "CriminalGroup", m.group(0),
                             "pattern"))  # fmt: skip
        for m in self.group_ref_re.finditer(text):
            out.append(_Cand(m.start(), m.end(), "Organization", "GroupRef", m.group(0), "pattern"))
        return out

    def _unit_cuts(self, name: str) -> list[int]:
        """End offsets of every prefix of ``name`` that ends in a whole unit suffix."""
        return [
            i
            for i in range(2, len(name) + 1)
            if any(name[:i].endswith(u) for u, _ in self.units)
            and not _mid_unit(name, i, self.units)
        ]

    def _enumerations(self, text: str, chosen: list[_Cand]) -> list[_Cand]:
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
                while k > 0 and _cjk(text, k - 1) and j - k < 10:
                    k -= 1
                item = text[k:j]
                if len(item) < 2 or (any(occupied[k:j]) and (k, j) not in crime_spans):
                    break
                if not any(occupied[k:j]):
                    label = self._crime_label(item)
                    out.append(_Cand(k, j, "CrimeType", "category", label, "pattern"))
                i = k
        return sorted(out, key=lambda c: c.start)

    def _crime_label(self, item: str) -> str:
        for candidate in (item, item + "诈骗", item + "类诈骗"):
            terms = self.ix.terms.get(candidate)
            if terms and terms[0].type == "CrimeType":
                return terms[0].label
        return item + "诈骗"

    def _org_kind(self, name: str) -> str:
        terms = [t for t in self.ix.terms.get(name) if t.type == "Organization"]
        if terms:
            return terms[0].kind or "Other"
        for suffix, kind in self.units:
            if name.endswith(suffix) and len(name) > len(suffix):
                return kind
        return ""


def _cjk(text: str, i: int) -> bool:
    return 0 <= i < len(text) and "\u4e00" <= text[i] <= "\u9fff"


def _ascii_glued(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    return bool(text[start:end].isascii()) and (
        (before.isascii() and before.isalnum()) or (after.isascii() and after.isalnum())
    )


def _place_at(places: list[_Cand], start: int) -> _Cand | None:
    """The place starting at ``start`` (an index over ``places`` is cached per list)."""
    index = _PLACE_INDEX.get(id(places))
    if index is None or index[0] is not places:
        index = (places, {p.start: p for p in reversed(places)})
        _PLACE_INDEX.clear()
        _PLACE_INDEX[id(places)] = index
    return index[1].get(start)


_PLACE_INDEX: dict[int, tuple[list[_Cand], dict[int, _Cand]]] = {}


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


def _mid_unit(name: str, cut: int, units: list[tuple[str, str]]) -> bool:
    """True when ``cut`` falls inside a longer unit suffix (公安|局)."""
    for u, _ in units:
        for k in range(1, len(u)):
            if name[cut - k : cut - k + len(u)] == u:
                return True
    return False
