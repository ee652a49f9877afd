"""Indexes over the lexicons: longest-match lookup and the place hierarchy.

Shared by ``ner`` (finding mentions) and ``link`` (resolving them): a ``TermIndex``
maps every label and alias to its entry; a ``PlaceIndex`` knows each administrative
division's parent chain and its short forms (河北省 ↔ 河北).
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from kg.resources import Resources

__all__ = ["Place", "PlaceIndex", "Term", "TermIndex", "indexes"]


@dataclass(frozen=True, slots=True)
class Term:
    """A lexicon entry: its canonical label, class, finer kind and parent/broader label."""

    label: str
    type: str
    kind: str
    parent: str = ""


@dataclass(frozen=True, slots=True)
class Place:
    """An administrative division or country."""

    code: str
    name: str
    level: str
    parent: str
    short: tuple[str, ...]


class TermIndex:
    """Surface form → entries, with a longest-match scanner."""

    def __init__(self) -> None:
        self.entries: dict[str, list[Term]] = defaultdict(list)
        self._lengths: dict[str, set[int]] = defaultdict(set)
        self.by_label: dict[str, Term] = {}

    def add(self, surface: str, term: Term) -> None:
        """Register ``surface`` as a way to name ``term`` (ASCII names in any case)."""
        if not surface:
            return
        if surface.isascii() and surface.lower() != surface:
            for variant in {surface.lower(), surface.upper(), surface.title()} - {surface}:
                self._add(variant, term)
        self._add(surface, term)

    def _add(self, surface: str, term: Term) -> None:
        if term not in self.entries[surface]:
            self.entries[surface].append(term)
        self._lengths[surface[0]].add(len(surface))
        self.by_label.setdefault(term.label, term)

    def scan(self, text: str) -> Iterator[tuple[int, int, str, list[Term]]]:
        """Longest non-overlapping matches, left to right."""
        i = 0
        n = len(text)
        while i < n:
            found = None
            for length in sorted(self._lengths.get(text[i], ()), reverse=True):
                surface = text[i : i + length]
                if len(surface) == length and surface in self.entries:
                    found = (i, i + length, surface, self.entries[surface])
                    break
            if found:
                yield found
                i = found[1]
            else:
                i += 1

    def get(self, surface: str) -> list[Term]:
        """Entries named by ``surface`` (empty when unknown)."""
        return self.entries.get(surface, [])


class PlaceIndex:
    """Administrative places by code, full name and short form."""

    def __init__(self, rows: tuple[Mapping[str, str], ...], stop: set[str]) -> None:
        self.by_code: dict[str, Place] = {}
        self.by_name: dict[str, list[Place]] = defaultdict(list)
        self.by_short: dict[str, list[Place]] = defaultdict(list)
        # short forms that are also common words (开封 "unsealed", 宜宾, 公安): a place only
        # where the tagger says so, or before a unit or 警方 (``OrgNames.places``)
        self.ambiguous: dict[str, list[Place]] = defaultdict(list)
        self.lengths: dict[str, list[int]] = {}
        for r in rows:
            shorts = [s for s in r["short"].split("|") if s]
            # a foreign province's short form (菩萨, 茶胶) is a place only where the tagger says so
            foreign = r["code"].startswith("ISO-") and r["level"] != "country"
            short = tuple(s for s in shorts if s not in stop and not foreign)
            p = Place(r["code"], r["name"], r["level"], r["parent"], short)
            self.by_code[p.code] = p
            self.by_name[p.name].append(p)
            for s in short:
                self.by_short[s].append(p)
            for s in shorts:
                if s in stop or foreign:
                    self.ambiguous[s].append(p)
        firsts: dict[str, set[int]] = defaultdict(set)
        for name in (*self.by_name, *self.by_short, *self.ambiguous):
            firsts[name[0]].add(len(name))
        self.lengths = {c: sorted(ls, reverse=True) for c, ls in firsts.items()}

    def candidates(self, surface: str) -> list[Place]:
        """Places named ``surface`` by full name or short form."""
        return self.by_name.get(surface, []) + self.by_short.get(surface, [])

    def ancestors(self, place: Place) -> list[Place]:
        """Parent, grandparent … up to the province or country."""
        out = []
        seen = {place.code}
        code = place.parent
        while code and code in self.by_code and code not in seen:
            seen.add(code)
            parent = self.by_code[code]
            out.append(parent)
            code = parent.parent
        return out

    def is_within(self, inner: Place, outer: Place) -> bool:
        """True when ``outer`` is ``inner`` or one of its ancestors."""
        return inner.code == outer.code or outer in self.ancestors(inner)


@dataclass(frozen=True)
class Indexes:
    """All lexicon indexes built from one ``Resources``."""

    places: PlaceIndex
    terms: TermIndex  # organisations, platforms and crime types
    crime_broader: Mapping[str, str]


@functools.cache
def indexes(res: Resources) -> Indexes:
    """Build (once per ``Resources``) the lexicon indexes."""
    ents = res.entities
    places = PlaceIndex(res.places, set(ents.get("place_stop", ())))
    terms = TermIndex()
    broader: dict[str, str] = {}
    generic_crimes = set(ents.get("generic_crime_types", ()))
    for r in res.crime_types:
        t = Term(r["label"], "CrimeType", r["kind"], r["broader"])
        broader[t.label] = r["broader"]
        for s in (r["label"], *Resources.aliases(r)):
            if s not in generic_crimes:
                terms.add(s, t)
    for r in res.platforms:
        t = Term(r["label"], "Platform", r["kind"])
        for s in (r["label"], *Resources.aliases(r)):
            # 抖音短视频 is 抖音 plus a word: match the name, not the phrase
            if s == r["label"] or not s.startswith(r["label"]):
                terms.add(s, t)
    for r in res.organizations:
        t = Term(r["label"], "Organization", r["kind"], r["parent"])
        for s in (r["label"], *Resources.aliases(r)):
            terms.add(s, t)
    return Indexes(places, terms, broader)
