"""Place names in text: the gazetteer's names and short forms, ports and waters by suffix.

A short form that is also a common word (宜宾, 开封, 公安) is a place only where the tagger
reads it as one or right before 警方 or a unit; a body of water takes its sea area or the
stretch a place names (北部湾海域, 长江岳阳段); 友谊关口岸, 湛江港, 大亚湾 are found as tagged place
words with the head of a port or a water. ``OrgNames`` builds organisation names on these.
"""

from __future__ import annotations

import re

from kg.model import Token
from kg.nlp.candidates import CJK, Candidate, cjk_at
from kg.nlp.lexicon import Indexes, Place

__all__ = ["PlaceNames"]

# after a body of water: its sea area (海域/水域) or a stretch named by a place (长江岳阳段)
_WATER_TAIL = re.compile(rf"(?:[{CJK}]{{2,4}}?[段])?(?:海域|水域)?")
_PORT_OR_WATER = re.compile(rf"[{CJK}]{{2,8}}?(?:(?P<port>口岸|港口|港)|(?P<water>海域|水域|湾|湖|江段|河段))")


class PlaceNames:
    """Finds places; the organisation recogniser (``OrgNames``) extends it."""

    ix: Indexes
    units: list[tuple[str, str]]

    def places(self, text: str, tokens: list[Token]) -> list[Candidate]:
        """Gazetteer names; county short forms only before an organisation unit."""
        out: list[Candidate] = []
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
                ambiguous = self.ix.places.ambiguous.get(s)
                if ambiguous and len(ambiguous) == 1 and self._word_is_place(text, i, i + n, tokens):
                    hit = (n, ambiguous[0], ambiguous[0].name)
                    break
            if hit:
                n, place, name = hit
                end = i + n
                if place.level == "water" or text[end : end + 2] in {"海域", "水域"}:
                    tail = _WATER_TAIL.match(text, end)  # 北部湾海域, 长江岳阳段
                    end += len(tail.group(0)) if tail else 0
                out.append(Candidate(i, end, "Place", place.level, name, "place"))
                i = end
            else:
                i += 1
        out += self._ports_and_waters(text, tokens, out)
        for t in tokens:
            if t.tag == "LOC" and re.fullmatch(rf"[{CJK}]{{1,8}}(?:镇|乡|街道|村)", t.text):
                out.append(Candidate(t.start, t.end, "Place", "town", t.text, "place"))
        return out

    def _ports_and_waters(self, text: str, tokens: list[Token], found: list[Candidate]) -> list[Candidate]:
        """友谊关口岸, 湛江港, 大亚湾海域: a tagged place word ending as a port or a water."""
        taken = {c.start for c in found}
        out = []
        for t in tokens:
            m = _PORT_OR_WATER.fullmatch(t.text)
            if t.start in taken or m is None or t.tag not in {"LOC", "ns", "ORG", "nz"}:
                continue
            if not self.ix.places.candidates(t.text):  # 防城港, 香港: divisions
                level = "port" if m.group("port") else "water"
                out.append(Candidate(t.start, t.end, "Place", level, t.text, "place"))
        return out

    def _word_is_place(self, text: str, start: int, end: int, tokens: list[Token]) -> bool:
        """A short form that is also a common word (宜宾, 开封, 公安) is a place only as the
        tagger's place word, or as a whole word right before 警方 or an organisation unit."""
        for t in tokens:
            if t.start == start and t.end == end and t.tag in {"LOC", "ns"}:
                return True
        follow = text[end : end + 6]
        if not follow.startswith(("警方", *(u for u, _ in self.units))):
            return False
        if tokens and not any(t.end == end for t in tokens):
            return False  # 公安局 is one word: 公安 is not the county there
        return not cjk_at(text, start - 1) or text[start - 1] in "、和与及在于赴从到往"

    def _short_ok(
        self, text: str, start: int, end: int, places: list[Place], loc: set[tuple[int, int]]
    ) -> bool:
        if any(p.level in {"province", "city", "country"} for p in places):
            return True  # 新华社北京6月18日电: a city may follow any character
        glued = cjk_at(text, start - 1) and text[start - 1] not in "在于赴从到往与和及、省市县区"
        after_place = any(text[start - k : start] in self.ix.places.by_name for k in (2, 3, 4, 5))
        if glued and not after_place:
            return False  # a county's short name inside a longer word
        follow = text[end : end + 6]
        return (start, end) in loc or any(follow.startswith(u) for u, _ in self.units)
