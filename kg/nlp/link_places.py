"""Linking places: gazetteer entries, disambiguation, jurisdictions, the document's place.

河北 and 河北省 are one node (GB/T 2260 code, parents); an ambiguous name (河东区) takes the
candidate inside a place the document mentions; an agency's jurisdiction is the most
specific place its name starts with, down to the district a unit is named by
(保定市公安局满城分局 → 满城区); 全市/全省 are the city or province the report is about.
"""

from __future__ import annotations

from collections import Counter

from kg.model import Entity, Mention, Resolution
from kg.nlp.lexicon import Indexes, Place

__all__ = ["PlaceLinker"]


class PlaceLinker:
    """Place resolution, shared by the organisation and corpus linkers."""

    ix: Indexes
    context: list[Place]
    _doc_places: dict[str, Place | None]

    def _place_context(self, mentions: list[Mention]) -> list[Place]:
        """Unambiguous places of the document, used to disambiguate the others."""
        found = []
        for m in mentions:
            if m.label != "Place":
                continue
            cands = self.ix.places.candidates(m.name or m.text)
            full = [c for c in cands if c.name == (m.name or m.text)]
            if len(cands) == 1 or len(full) == 1:
                found.append(full[0] if full else cands[0])
        return found

    def _place(self, name: str, context: list[Place]) -> Place | None:
        cands = self.ix.places.candidates(name)
        if not cands:
            return None
        if len(cands) == 1:
            return cands[0]

        def score(p: Place) -> tuple[int, int, int, str]:
            near = sum(1 for c in context if self.ix.places.is_within(p, c) or
                       self.ix.places.is_within(c, p))  # fmt: skip
            full = 1 if p.name == name else 0
            rank = {"country": 3, "province": 3, "city": 2, "county": 1}.get(p.level, 0)
            return (near, full, rank, p.code)

        return max(cands, key=score)

    def _place_entity(self, place: Place, out: Resolution) -> str:
        key = f"place:{place.code}"
        if key not in out.entities:
            out.entities[key] = Entity(
                key, place.name, "Place", place.level, aliases=place.short,
                parent=f"place:{place.parent}" if place.parent else None, code=place.code,
            )  # fmt: skip
            if place.parent and place.parent in self.ix.places.by_code:
                self._place_entity(self.ix.places.by_code[place.parent], out)
        return key

    def _town(self, m: Mention, out: Resolution, kind: str = "town") -> str:
        """A place the gazetteer lacks (a town, a port, a bay), named by its words; it lies in
        the division its name starts with (湛江港 → 湛江市), where it names one."""
        key = f"place:town:{m.text}"
        if key not in out.entities:
            inner = self._leading_place(m.text)
            parent = self._place_entity(inner, out) if inner and inner.name != m.text else None
            out.entities[key] = Entity(key, m.text, "Place", kind, parent=parent)
        return key

    def _stretch(self, m: Mention, water: Place, out: Resolution) -> str:
        """长江岳阳段: the stretch of a river within a division (岳阳市)."""
        key = f"place:town:{m.text}"
        if key not in out.entities:
            self._place_entity(water, out)
            inner = self._leading_place(m.text[len(water.name) :])
            parent = self._place_entity(inner, out) if inner else f"place:{water.code}"
            out.entities[key] = Entity(key, m.text, "Place", "water", parent=parent)
        return key

    def _leading_place(self, name: str) -> Place | None:
        for i in range(min(len(name), 10), 1, -1):
            if self.ix.places.candidates(name[:i]):
                return self._place(name[:i], self.context)
        return None

    def _deepest_place(self, name: str) -> Place | None:
        """The last of a chain of places a name starts with (云南临沧 → 临沧市)."""
        best = None
        rest = name
        while (place := self._leading_place(rest)) is not None:
            if best is not None and not self.ix.places.is_within(place, best):
                break
            best = place
            surface = next(rest[:i] for i in range(min(len(rest), 10), 1, -1)
                           if self.ix.places.candidates(rest[:i]))  # fmt: skip
            rest = rest[len(surface) :]
        return best

    def _context_place(self, m: Mention, mentions: list[Mention], level: str) -> Place | None:
        """The place of ``level`` the document is about: the one its places and agencies
        name most often (ties go to the first named). 全市 in a 南充 report is 南充市 even
        right after an arrest 在成都市. Computed once per document and level."""
        if level not in self._doc_places:
            self._doc_places[level] = self._dominant_place(mentions, level)
        return self._doc_places[level]

    def _dominant_place(self, mentions: list[Mention], level: str) -> Place | None:
        counts: Counter[str] = Counter()
        first: dict[str, int] = {}
        for other in mentions:
            if other.label not in {"Place", "Organization"} or other.kind in {"CriminalGroup", "GroupRef"}:
                continue
            place = self._leading_place(other.name or other.text)
            if place is None:
                continue
            chain = [place, *self.ix.places.ancestors(place)]
            hit = next((p for p in chain if p.level == level), None)
            if hit:
                counts[hit.code] += 1
                first.setdefault(hit.code, other.start)
        if not counts:
            return None
        code = max(counts, key=lambda c: (counts[c], -first[c]))
        return self.ix.places.by_code[code]

    def _deeper_unit_place(self, rest: str, best: Place) -> Place:
        """保定市公安局满城分局 → 满城区: a unit named by a district inside the city."""
        for i in range(len(rest)):
            for k in range(min(8, len(rest) - i), 1, -1):
                name = rest[i : i + k]
                follow = rest[i + k :]
                if not follow.startswith(("分局", "公安分局", "区分局", "县公安局", "派出所", "人民法院", "人民检察院")):
                    continue
                inside = [p for p in self.ix.places.candidates(name) if self.ix.places.is_within(p, best)]
                if inside:
                    return self._deeper_unit_place(follow, inside[0])
        return best

    def _jurisdiction(self, name: str, context: list[Place], out: Resolution) -> str | None:
        """The most specific place a name starts with (四川省南充市公安局 → 南充市)."""
        best = None
        rest = name
        while True:
            found = None
            for i in range(min(len(rest), 10), 1, -1):
                if self.ix.places.candidates(rest[:i]):
                    found = rest[:i]
                    break
            if not found:
                break
            place = self._place(found, context)
            if place is None:
                break
            best = place
            rest = rest[len(found) :]
        if best is not None:
            best = self._deeper_unit_place(rest, best)
        return self._place_entity(best, out) if best else None
