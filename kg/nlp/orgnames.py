"""Organisation and place names: what ``ner`` finds from the gazetteer and unit suffixes.

A name is a place (or a known organisation) followed by a chain of unit suffixes —
保定市公安局满城分局反诈中心, 中国移动湖州分公司, 南宁海关缉私局 — or the collective police of
a place (河北公安机关, 临沧警方, 全市公安机关). The places and parent units inside a longer
name are kept as mentions of their own (保定市 in 保定市公安局). The tagger's ORG words are
cleaned of its known errors here too (verbs glued to names, 电信 inside 电信网络诈骗).
Data: ``entities.yaml`` (org_units, subordinate_units, coordination_verbs …).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

from kg.model import Token
from kg.nlp.candidates import CJK, Candidate, cjk_at
from kg.nlp.lexicon import Indexes
from kg.nlp.placenames import PlaceNames
from kg.resources import Resources

__all__ = ["OrgNames"]


class OrgNames(PlaceNames):
    """Finds places and organisation names; built once per ``Resources``."""

    def __init__(self, res: Resources, ix: Indexes) -> None:
        e = res.entities
        self.ix = ix
        self.units: list[tuple[str, str]] = sorted(
            ((u["suffix"], u["kind"]) for u in e["org_units"]), key=lambda u: -len(u[0])
        )
        self.subordinate = tuple(sorted(e["subordinate_units"], key=len, reverse=True))
        self.coord = set(e["coordination_verbs"])
        self.coord_multi = sorted((v for v in self.coord if len(v) > 1), key=len, reverse=True)
        self.titles = sorted(e["person_titles"], key=len, reverse=True)
        self.generic_orgs = set(e["generic_organizations"])
        self.body_stop = tuple(e["org_body_stop"])
        self.collective = "|".join(map(re.escape, e["collective_police"]))
        self.scopes: dict[str, str] = dict(e["collective_scopes"])
        unit_alt = "|".join(re.escape(u) for u, _ in self.units)
        self.unit_re = re.compile(rf"[{CJK}]{{0,{int(e['org_body_max'])}}}?(?:{unit_alt})")
        self.sub_re = re.compile(
            rf"[{CJK}0-9]{{0,8}}?(?:{'|'.join(map(re.escape, self.subordinate))})"
        )
        self.ref_heads: dict[str, str] = dict(e["reference_heads"])
        self.implied_re = re.compile(rf"(?:市局|县局|省厅|[省市县](?!场|民|区|县|级)[{CJK}]{{0,8}}?(?:{unit_alt}))")
        heads = "|".join(map(re.escape, sorted(self.ref_heads, key=len, reverse=True)))
        subs = "|".join(map(re.escape, self.subordinate))
        self.ref_re = re.compile(rf"该(?:{heads})(?:{subs})?")

    def orgs(
        self,
        text: str,
        places: list[Candidate],
        cands: list[Candidate],
        tokens: list[Token] = (),  # type: ignore[assignment]
    ) -> list[Candidate]:
        """Organisation names anchored on a place or a known organisation."""
        # words a name never holds: verbs, adverbs, numerals (沙县城区大肆收购银行, 一名)
        verbs = [(t.start, t.end) for t in tokens if t.tag in {"v", "d", "m", "p", "u"}]
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
            if m is None or self._body_breaks(text, end, m.end(), starts, verbs):
                continue
            end = m.end()
            while True:
                sub = self.sub_re.match(text, end)
                if sub is None or self._body_breaks(text, end, sub.end(), starts, verbs):
                    break
                end = sub.end()
            name = text[start:end]
            if name in self.generic_orgs:
                continue
            out.append(Candidate(start, end, "Organization", self.kind_of(name), name, "org"))
        return out

    def _body_breaks(
        self,
        text: str,
        start: int,
        end: int,
        place_starts: set[int],
        verbs: list[tuple[int, int]] = (),  # type: ignore[assignment]
    ) -> bool:
        body = text[start:end]
        unit = next((u for u, _ in self.units if body.endswith(u)), "")
        if unit.startswith("犯罪侦查"):
            # 食品药品与环境犯罪侦查局: a unit named after two fields joined by 与/和
            verbs = [(a, b) for a, b in verbs if text[a:b] not in {"与", "和", "及"}]
        if any(start <= a and b <= end - len(unit) for a, b in verbs):
            return True  # a verb, adverb or numeral in the name's body, before its unit
        if any(v in body for v in self.coord_multi):
            return True
        if body[:1] in self.coord and not body.startswith(("和平", "同安")):
            return True
        if not unit.startswith("犯罪侦查") and any(c in body[1:] for c in "与和及"):
            return True  # 禁毒办联合市应急管理局 … two bodies, not one
        if any(s in place_starts for s in range(start + 1, end)) and not body.endswith(
            self.subordinate
        ):
            return True
        if any(w in body for w in self.body_stop):
            return True
        if text[end : end + 1] == "长" or text[end : end + 2] in {"系统", "门口", "附近"}:
            return True  # 支队长: a title; 法院系统: a sector, not a unit
        return any(w in body for w in ("的", "在", "对", "向", "将", "把", "被", "为", "是"))

    def implied(self, text: str, tokens: list[Token]) -> list[Candidate]:
        """市局刑侦支队, 省通信管理局, 市反诈中心: a body of the document's own city or province,
        named without it (``link`` supplies the place)."""
        verbs = [(t.start, t.end) for t in tokens if t.tag in {"v", "d", "m", "p", "u"}]
        out = []
        for m in self.implied_re.finditer(text):
            before = text[m.start() - 1] if m.start() else ""
            if cjk_at(text, m.start() - 1) and before not in "、和与及同":
                continue
            if re.search(r"[省市县区][、和及]$", text[max(0, m.start() - 2) : m.start()]):
                continue  # 省、市反诈骗中心: levels of centres, not one body
            end = m.end()
            if self._body_breaks(text, m.start() + 1, end, set(), verbs):
                continue
            while (sub := self.sub_re.match(text, end)) and not self._body_breaks(
                text, end, sub.end(), set(), verbs
            ):
                end = sub.end()
            name = text[m.start() : end]
            if name not in self.generic_orgs:
                out.append(Candidate(m.start(), end, "Organization", self.kind_of(name), name, "pattern"))
        return out

    def bare_units(self, text: str, tokens: list[Token]) -> list[Candidate]:
        """刑警大队, 经侦支队 named alone: nouns before a police unit, after a clause break,
        a verb or a preposition (``link`` scopes such a unit to its document)."""
        out = []
        for k, t in enumerate(tokens):
            prev = tokens[k - 1] if k else None
            if prev is not None and prev.end == t.start and prev.tag not in {"w", "v", "p", "f", "c", "d"}:
                continue
            m = _BARE_UNIT.match(text, t.start)
            if m is None:
                continue
            body = [x for x in tokens[k:] if x.start < m.end() - 2]
            if all(x.tag in {"n", "vn", "nz", "j", "ORG"} for x in body):
                out.append(Candidate(m.start(), m.end(), "Organization", "PoliceAgency", m.group(0), "pattern"))
        return out

    def references(self, text: str) -> list[Candidate]:
        """该局, 该院, 该关缉私局: a body named before, or a unit of it."""
        out = []
        for m in self.ref_re.finditer(text):
            out.append(Candidate(m.start(), m.end(), "Organization", "OrgRef", m.group(0), "pattern"))
        return out

    def collectives(self, text: str, places: list[Candidate]) -> list[Candidate]:
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
            if m and p.start > 0 and text[p.start - 1] in "“「\"" and text[m.end() : m.end() + 1] in ("”", "」", "\""):
                continue  # “江西公安”微信公众号: the name of an account, not the police
            if m:
                kind = "Procuratorate" if m.group(0).endswith("检察机关") else "PoliceCollective"
                name = self._place_name(text, p) + text[p.end : m.end()]
                out.append(Candidate(p.start, m.end(), "Organization", kind, name,
                                 "collective"))  # fmt: skip
        scope_alt = "|".join(map(re.escape, self.scopes))
        for m in re.finditer(rf"(?:{scope_alt})(?=共|累计|先后|已|均|范围内)", text):
            out.append(Candidate(m.start(), m.end(), "Organization", "PoliceCollective", m.group(0),
                             "collective"))  # fmt: skip
        for m in re.finditer(rf"(?:{scope_alt})(?:各级)?公安机关", text):
            out.append(Candidate(m.start(), m.end(), "Organization", "PoliceCollective", m.group(0),
                             "collective"))  # fmt: skip
        # 各地公安机关 with no place: the local police taken together, within this report
        for m in re.finditer(r"(?<![\u4e00-\u9fff])各(?:地|级)公安机关|(?<=[，,。；;：:])各(?:地|级)公安机关", text):
            out.append(Candidate(m.start(), m.end(), "Organization", "PoliceCollective", m.group(0),
                             "collective"))  # fmt: skip
        return out

    def _place_name(self, text: str, p: Candidate) -> str:
        """The place as written, or its full name where the written form is also a common
        word (宜宾 → 宜宾市), so that linking finds it."""
        surface = text[p.start : p.end]
        return p.name if surface in self.ix.places.ambiguous else surface

    def _collective_word(self, name: str) -> bool:
        """上海公安, 武汉警方: a place's police, named by the place and a collective word."""
        for word in sorted(self.collective.split("|"), key=len, reverse=True):
            if name.endswith(word):
                stem = name[: -len(word)]
                return bool(self.ix.places.candidates(stem) or self.ix.places.ambiguous.get(stem))
        return False

    def from_tag(self, text: str, t: Token) -> list[Candidate]:
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
        # a coordination verb before a body splits the tagged name: 上海公安会同市民政局;
        # the left side is kept when it is a body itself (上海公安 is found by ``collectives``,
        # …反电信网络诈骗中心 by ``orgs``)
        for v in self.coord_multi:
            i = name.find(v)
            left, right = name[:i], name[i + len(v) :]
            if i > 1 and self.kind_of(right) and not right.startswith(("国", "会")):
                if self.kind_of(left):
                    out.append(Candidate(start, start + i, "Organization", self.kind_of(left), left,
                                     "tagger"))  # fmt: skip
                s2 = start + i + len(v)
                out.append(Candidate(s2, end, "Organization", self.kind_of(right), right, "tagger"))
                return out
        # extend over a unit the tagger cut off (镇康县公安局禁毒|大队)
        m = self.sub_re.match(text, end)
        if m and m.end() - end <= 4 and not self.kind_of(name):
            end = m.end()
            name = text[start:end]
        if name.startswith("电信") and text[end : end + 2] in {"网络", "诈骗"}:
            return []
        if text[end : end + 2] in {"系统", "门口"}:
            return []  # 南充市法院系统: a sector, not a body
        kind = self.kind_of(name)
        if not kind or name in self.generic_orgs or len(name) < 2:
            return []
        return [Candidate(start, end, "Organization", kind, name, "tagger")]

    def nested(self, text: str, chosen: list[Candidate], places: list[Candidate]) -> list[Candidate]:
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
                out.append(Candidate(c.start, c.start + cut, "Organization",
                                 self.kind_of(name[:cut]), name[:cut], "nested"))  # fmt: skip
        return chosen + out

    def _unit_cuts(self, name: str) -> list[int]:
        """End offsets of every prefix of ``name`` that ends in a whole unit suffix."""
        return [
            i
            for i in range(2, len(name) + 1)
            if any(name[:i].endswith(u) for u, _ in self.units)
            and not _mid_unit(name, i, self.units)
        ]

    def kind_of(self, name: str) -> str:
        terms = [t for t in self.ix.terms.get(name) if t.type == "Organization"]
        if terms:
            return terms[0].kind or "Other"
        for suffix, kind in self.units:
            if name.endswith(suffix) and len(name) > len(suffix):
                return kind
        return ""


def _place_at(places: list[Candidate], start: int) -> Candidate | None:
    """The place starting at ``start`` (an index over ``places`` is cached per list)."""
    index = _PLACE_INDEX.get(id(places))
    if index is None or index[0] is not places:
        index = (places, {p.start: p for p in reversed(places)})
        _PLACE_INDEX.clear()
        _PLACE_INDEX[id(places)] = index
    return index[1].get(start)


_PLACE_INDEX: dict[int, tuple[list[Candidate], dict[int, Candidate]]] = {}
_BARE_UNIT = re.compile(rf"[{CJK}]{{2,4}}?(?:大队|支队|中队|总队)(?!长)")


def _mid_unit(name: str, cut: int, units: list[tuple[str, str]]) -> bool:
    """True when ``cut`` falls inside a longer unit suffix (公安|局)."""
    for u, _ in units:
        for k in range(1, len(u)):
            if name[cut - k : cut - k + len(u)] == u:
                return True
    return False
