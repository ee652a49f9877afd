"""Stage ⑤ link: one node per real-world entity across the corpus.

* Places resolve to gazetteer entries (河北 and 河北省 are one node, with its GB/T 2260
  code and parents); ambiguous names (河东区) choose the candidate that lies inside a
  place the document mentions.
* Organisations get their full name: a sub-unit named alone (满城分局, 经侦支队) joins
  the longer name in the same document that ends with it; a 分局 named by its district
  (吴兴分局) is put under the city bureau the document mentions. A leading province is
  dropped (广西壮族自治区北海市公安局 → 北海市公安局) and the parent chain comes from the
  name (…反诈中心 ⊂ …满城分局 ⊂ 保定市公安局). Each agency's jurisdiction is the place
  its name begins with.
* The collective police of a place (河北公安机关, 临沧警方, 全市公安机关) is one node per
  place; 全市/全省 take the city or province the document is talking about.
* Pseudonyms (李某某) and people named by an honorific (陈女士) never leave their
  document: their nodes are scoped to it.
Each document also keeps the name it uses for each entity (河北 in one, 河北省 in another).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from kg.model import Annotated, Entity, Mention
from kg.nlp.lexicon import Indexes, Place, indexes
from kg.resources import Resources

__all__ = ["Resolution", "resolve_entities"]


@dataclass
class Resolution:
    """The result of linking a corpus."""

    entities: dict[str, Entity] = field(default_factory=dict)
    mention_key: dict[tuple[str, int, int, str], str] = field(default_factory=dict)
    doc_labels: dict[tuple[str, str], str] = field(default_factory=dict)
    doc_counts: dict[tuple[str, str], int] = field(default_factory=dict)
    labels_by_doc: dict[str, dict[str, str]] = field(default_factory=dict)
    reporters: dict[str, str] = field(default_factory=dict)  # doc → the agency that released the figures
    publishers: dict[str, str] = field(default_factory=dict)  # doc → the body that published it

    def labels_of(self, doc_id: str) -> dict[str, str]:
        """Entity key → the name document ``doc_id`` uses for it."""
        return self.labels_by_doc.get(doc_id, {})

    def key_of(self, doc_id: str, m: Mention) -> str | None:
        """The entity key of mention ``m`` of document ``doc_id``."""
        return self.mention_key.get((doc_id, m.start, m.end, m.label))


def resolve_entities(docs: Sequence[Annotated], res: Resources) -> Resolution:
    """Link the mentions of every document to corpus-level entities."""
    linker = _Linker(indexes(res), res)
    out = Resolution()
    for ann in docs:
        linker.link_document(ann, out)
    linker.finish(out)
    return out


def _h(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class _Linker:
    def __init__(self, ix: Indexes, res: Resources) -> None:
        self.ix = ix
        e = res.entities
        self.units = sorted((u["suffix"] for u in e["org_units"]), key=len, reverse=True)
        self.subordinate = tuple(sorted(e["subordinate_units"], key=len, reverse=True))
        self.scopes: dict[str, str] = dict(e["collective_scopes"])
        self.surfaces: dict[str, Counter[str]] = defaultdict(Counter)
        self.context: list[Place] = []
        self._doc_places: dict[str, Place | None] = {}
        self._mentions: list[Mention] | None = None
        self.ref_heads: dict[str, str] = dict(e["reference_heads"])
        cues = e["reporting_cues"]
        self.cue_sourced = re.compile("|".join(cues["after_source"]))
        self.cue_after = re.compile("|".join(cues["after"]))
        self.channel_re = re.compile(
            "(?:" + "|".join(map(re.escape, e["source_channels"])) + ")$"
        )

    # --------------------------------------------------------------- document
    def link_document(self, ann: Annotated, out: Resolution) -> None:
        doc = ann.doc.id
        mentions = sorted(ann.mentions, key=lambda m: (m.start, -m.end))
        context = self._place_context(mentions)
        self.context = context
        org_names = sorted({m.name for m in mentions if m.label == "Organization"})
        self._doc_places = {}
        self._mentions = mentions
        per_doc: dict[str, list[Mention]] = defaultdict(list)
        for m in mentions:
            key = self._key(doc, m, mentions, context, org_names, out)
            if key is None:
                continue
            out.mention_key[(doc, m.start, m.end, m.label)] = key
            per_doc[key].append(m)
        text = ann.norm or ann.doc.text
        reporter = self._reporter(doc, text, mentions, out)
        publisher = self._publisher(ann.doc.source, mentions, out, doc)
        if reporter:
            out.reporters[doc] = reporter
        elif publisher and out.entities[publisher].kind not in {"Media", "Company", "Other"}:
            out.reporters[doc] = publisher  # an agency's own account (湖州市公安局微信公众号)
        if publisher:
            out.publishers[doc] = publisher
        for key, ms in per_doc.items():
            out.doc_labels[(doc, key)] = self._doc_label(key, ms, out)
            out.labels_by_doc.setdefault(doc, {})[key] = out.doc_labels[(doc, key)]
            out.doc_counts[(doc, key)] = len(ms)
            for m in ms:
                self.surfaces[key][m.text] += 1

    def _reporter(self, doc: str, text: str, mentions: list[Mention], out: Resolution) -> str | None:
        """The agency the document says released its figures (记者从X获悉, X召开新闻发布会)."""
        for m in mentions:
            if m.label != "Organization" or m.rule == "nested" or m.kind in {"Media", "CriminalGroup", "GroupRef", "OrgRef"}:
                continue
            after = text[m.end : m.end + 16]
            sourced = text[max(0, m.start - 1) : m.start] in {"从", "据"}
            if (sourced and self.cue_sourced.match(after)) or self.cue_after.match(after):
                return out.mention_key.get((doc, m.start, m.end, m.label))
        return None

    def _publisher(
        self, source: str | None, mentions: list[Mention], out: Resolution, doc: str
    ) -> str | None:
        """The body named in the document's ``source`` (湖州市公安局微信公众号 → 湖州市公安局)."""
        if not source:
            return None
        name = self.channel_re.sub("", source.strip())
        for m in mentions:
            if m.label == "Organization" and (m.name or m.text) == name:
                return out.mention_key.get((doc, m.start, m.end, m.label))
        terms = [t for t in self.ix.terms.get(name) if t.type == "Organization"]
        if terms or name.endswith(tuple(self.units)):
            key = f"org:{self._strip_province(terms[0].label if terms else name)}"
            if key not in out.entities:
                self._org_node(key[4:], self.context, out)
            return key
        return None

    def finish(self, out: Resolution) -> None:
        """Aliases: every surface form seen for an entity, besides its label."""
        for key, ent in list(out.entities.items()):
            names = set(self.surfaces.get(key, ())) | set(ent.aliases)
            names.discard(ent.label)
            out.entities[key] = _replace(ent, aliases=tuple(sorted(names)))

    # ------------------------------------------------------------------ keys
    def _key(
        self,
        doc: str,
        m: Mention,
        mentions: list[Mention],
        context: list[Place],
        org_names: list[str],
        out: Resolution,
    ) -> str | None:
        if m.label == "Place":
            place = self._place(m.name or m.text, context)
            return self._place_entity(place, out) if place else self._town(m, out)
        if m.label == "Organization" and m.kind in {"CriminalGroup", "GroupRef"}:
            return self._group(doc, m, mentions, out)
        if m.label == "Organization" and m.kind == "OrgRef":
            return self._org_reference(doc, m, mentions, out)
        if m.label == "Organization":
            if m.kind in {"PoliceCollective", "Procuratorate"} and m.rule == "collective":
                return self._collective(doc, m, mentions, out)
            return self._org(doc, m, context, org_names, out)
        if m.label == "Person":
            scoped = m.kind == "pseudonym" or not _is_full_name(m.text)
            key = f"person:{doc}:{m.text}" if scoped else f"person:{m.text}"
            out.entities.setdefault(
                key,
                Entity(key, m.text, "Person", "pseudonym" if scoped else "",
                       document=doc if scoped else None),
            )
            return key
        if m.label in {"Platform", "CrimeType"}:
            label = m.name or m.text
            key = f"{m.label.lower()}:{label}"
            term = next((t for t in self.ix.terms.get(label) if t.type == m.label), None)
            kind = term.kind if term else m.kind
            parent = (self.ix.crime_broader.get(label) or None) if m.label == "CrimeType" else None
            out.entities.setdefault(key, Entity(key, label, m.label, kind, parent=parent))
            if parent:
                self._crime_ancestors(parent, out)
            return key
        return None

    def _group(self, doc: str, m: Mention, mentions: list[Mention], out: Resolution) -> str | None:
        """A criminal group of this document; 该团伙 is the last one named before it."""
        if m.kind == "GroupRef":
            earlier = [x for x in mentions if x.kind == "CriminalGroup" and x.end <= m.start]
            if not earlier:
                # 该团伙 after “健寿堂”: the last non-official body named before it
                firms = [x for x in mentions if x.label == "Organization" and x.end <= m.start
                         and x.kind in {"Company", "Other"} and x.rule != "nested"]  # fmt: skip
                if firms:
                    return self._key(doc, firms[-1], mentions, self.context, [], out)
                return None
            m = earlier[-1]
        key = f"group:{doc}:{m.text}"
        if key not in out.entities:
            leader = next((x for x in mentions if x.label == "Person" and m.start < x.start
                           and x.end <= m.end), None)  # fmt: skip
            leader_key = None
            if leader is not None:
                leader_key = self._key(doc, leader, mentions, self.context, [], out)
            out.entities[key] = Entity(key, m.text, "Organization", "CriminalGroup",
                                       document=doc, leader=leader_key)  # fmt: skip
        return key

    def _org_reference(
        self, doc: str, m: Mention, mentions: list[Mention], out: Resolution
    ) -> str | None:
        """该局/该院 is the last body named before it whose name ends that way; 该关缉私局
        is the 缉私局 of the last 海关 (湛江海关缉私局)."""
        surface = m.name or m.text
        head = next((h for h in sorted(self.ref_heads, key=len, reverse=True)
                     if surface[1:].startswith(h)), None)  # fmt: skip
        if head is None:
            return None
        unit = surface[1 + len(head) :]
        suffix = self.ref_heads[head]
        for x in reversed([x for x in mentions if x.end <= m.start]):
            if x.label != "Organization" or x.kind in {"OrgRef", "GroupRef", "CriminalGroup"}:
                continue
            key = out.mention_key.get((doc, x.start, x.end, x.label))
            if key is None or key not in out.entities or not out.entities[key].label.endswith(suffix):
                continue
            if not unit:
                return key
            name = out.entities[key].label + unit
            if f"org:{name}" not in out.entities:
                self._org_node(name, self.context, out)
            return f"org:{name}"
        return None

    def _crime_ancestors(self, label: str, out: Resolution) -> None:
        while label:
            key = f"crimetype:{label}"
            if key in out.entities:
                return
            broader = self.ix.crime_broader.get(label) or None
            term = self.ix.terms.by_label.get(label)
            out.entities[key] = Entity(key, label, "CrimeType", term.kind if term else "",
                                       parent=broader)  # fmt: skip
            label = broader or ""

    # ---------------------------------------------------------------- places
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

    def _town(self, m: Mention, out: Resolution) -> str:
        key = f"place:town:{m.text}"
        out.entities.setdefault(key, Entity(key, m.text, "Place", "town"))
        return key

    # --------------------------------------------------------- organisations
    def _org(
        self,
        doc: str,
        m: Mention,
        context: list[Place],
        org_names: list[str],
        out: Resolution,
    ) -> str:
        name = m.name or m.text
        full = self._full_org_name(name, org_names, context)
        key = f"org:{full}"
        if key not in out.entities:
            parent_name = self._parent_name(full)
            parent = f"org:{parent_name}" if parent_name else None
            if parent_name and parent not in out.entities:
                self._org_node(parent_name, context, out)
            out.entities[key] = Entity(
                key, full, "Organization", m.kind or self._kind(full), parent=parent,
                jurisdiction=self._jurisdiction(full, context, out),
            )  # fmt: skip
        return key

    def _org_node(self, name: str, context: list[Place], out: Resolution) -> None:
        key = f"org:{name}"
        parent_name = self._parent_name(name)
        parent = f"org:{parent_name}" if parent_name else None
        if parent_name and parent not in out.entities:
            self._org_node(parent_name, context, out)
        out.entities[key] = Entity(key, name, "Organization", self._kind(name), parent=parent,
                                   jurisdiction=self._jurisdiction(name, context, out))  # fmt: skip

    def _full_org_name(self, name: str, org_names: list[str], context: list[Place]) -> str:
        name = self._implied_place(name)
        return self._full_org_name_of(name, org_names, context)

    def _implied_place(self, name: str) -> str:
        """市公安局, 省通信管理局: the city or province of the document (湖州市公安局)."""
        level = {"省": "province", "市": "city", "县": "county"}.get(name[:1])
        if level is None or name[1:2] in {"场", "民", "区", "县", "委"} or self._leading_place(name):
            return name
        place = self._doc_places.get(level) if level in self._doc_places else None
        if place is None and self._mentions is not None:
            place = self._context_place(self._mentions[0], self._mentions, level)
        return place.name + name[1:] if place is not None else name

    def _full_org_name_of(self, name: str, org_names: list[str], context: list[Place]) -> str:
        # a sub-unit named alone joins the longer name of the document that ends with it
        if self._leading_place(name) is None or self._starts_with_county(name):
            longer = [o for o in org_names if o != name and o.endswith(name) and len(o) > len(name)]
            if longer:
                return self._strip_province(max(longer, key=len))
        if self._starts_with_county(name) and "分局" in name:
            county = self._leading_place(name)
            bureaus = [o for o in org_names if o.endswith("公安局") and self._leading_place(o)]
            for b in bureaus:
                city = self._leading_place(b)
                if county and city and county.parent == city.code:
                    return self._strip_province(b + name)
        return self._strip_province(name)

    def _strip_province(self, name: str) -> str:
        """广西壮族自治区北海市公安局 → 北海市公安局 (a province before a city adds nothing)."""
        first = self._leading_place(name)
        if first is None or first.level != "province":
            return name
        for cand in self._prefix_names(name):
            rest = name[len(cand) :]
            second = self._leading_place(rest)
            if second is not None and second.level == "city" and rest != second.name:
                return rest
        return name

    def _prefix_names(self, name: str) -> list[str]:
        return [name[:i] for i in range(2, min(len(name), 9)) if self.ix.places.candidates(name[:i])]

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

    def _starts_with_county(self, name: str) -> bool:
        p = self._leading_place(name)
        return p is not None and p.level == "county"

    def _parent_name(self, name: str) -> str | None:
        """The longest proper prefix that names an organisation (ends in a unit, or is known)."""
        for i in range(len(name) - 1, 1, -1):
            prefix = name[:i]
            known = any(t.type == "Organization" for t in self.ix.terms.get(prefix))
            unit = prefix.endswith(tuple(self.units)) and not _inside_unit(name, i, self.units)
            if not (known or unit):
                continue
            lead = self._leading_place(prefix)
            if known or (lead is not None and prefix != lead.name):
                return prefix
        return None

    def _kind(self, name: str) -> str:
        terms = [t for t in self.ix.terms.get(name) if t.type == "Organization"]
        if terms:
            return terms[0].kind
        return "Organization"

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

    # ------------------------------------------------------------ collectives
    def _collective(self, doc: str, m: Mention, mentions: list[Mention], out: Resolution) -> str:
        surface = m.name or m.text
        scope = next((s for s in self.scopes if surface.startswith(s)), None)
        place: Place | None = None
        if scope is None:
            place = self._deepest_place(surface)
        else:
            level = self.scopes[scope]
            if level == "country":
                place = self.ix.places.by_code.get("ISO-CN")
            else:
                place = self._context_place(m, mentions, level)
        kind = "procuratorate" if surface.endswith("检察机关") else "police"
        body = "检察机关" if kind == "procuratorate" else "公安机关"
        if place is not None and surface.endswith("警方"):
            bureau = self._bureau_named(doc, place, mentions, out)
            if bureau is not None:
                return bureau
        if place is None:
            key = f"{kind}:{doc}:{surface}"
            out.entities.setdefault(key, Entity(key, surface, "Organization", "PoliceCollective",
                                                document=doc))  # fmt: skip
            return key
        key = f"{kind}:{place.code}"
        if key not in out.entities:
            label = ("全国" if place.code == "ISO-CN" else place.name) + body
            out.entities[key] = Entity(
                key, label, "Organization", "PoliceCollective",
                jurisdiction=self._place_entity(place, out),
            )  # fmt: skip
        return key

    def _bureau_named(
        self, doc: str, place: Place, mentions: list[Mention], out: Resolution
    ) -> str | None:
        """湖州警方 is 湖州市公安局 when the report names that bureau and never speaks of
        湖州's 公安机关 as a whole (then 警方 is the collective, as in 临沧警方/临沧市公安机关)."""
        collective_named = any(
            x.kind == "PoliceCollective" and (x.name or x.text).endswith("公安机关")
            and not (x.name or x.text).startswith(tuple(self.scopes))
            and self._deepest_place(x.name or x.text) == place
            for x in mentions
        )  # fmt: skip
        if collective_named:
            return None
        bureau = place.name + ("公安厅" if place.level == "province" else "公安局")
        for x in mentions:
            if x.label == "Organization" and self._strip_province(x.name or x.text) == bureau:
                return self._org(doc, x, self.context, [bureau], out)
        return None

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

    # ------------------------------------------------------------------ labels
    def _doc_label(self, key: str, ms: list[Mention], out: Resolution) -> str:
        """The name this document uses: the most explicit, then the longest surface."""
        named = [m for m in ms if m.kind not in {"GroupRef", "OrgRef"}]
        if not named and key in out.entities:
            return out.entities[key].label  # only 该局/该团伙 here: use the body's own name
        named = named or ms
        surfaces = [m.text for m in named if m.rule != "nested"] or [m.text for m in named]
        if key.startswith(("police:", "procuratorate:")):
            counts = Counter(surfaces)

            def rank(s: str) -> tuple[int, int, int]:
                named = s.endswith(("公安机关", "检察机关"))
                scoped = s.startswith(tuple(self.scopes))
                plain = not any(w in s for w in ("各地", "各级"))
                level = (
                    4 if named and not scoped and plain       # 河北公安机关
                    else 3 if named and not scoped            # 河北各地公安机关
                    else 2 if s.endswith("警方")              # 临沧警方
                    else 1 if named                           # 全市公安机关
                    else 0                                    # 全市
                )  # fmt: skip
                return (level, counts[s], -len(s))

            best = max(surfaces, key=rank)
            if best in self.scopes and key in out.entities:
                return out.entities[key].label  # a bare 全省 does not name a body
            return best
        ent = out.entities.get(key)
        if ent is not None and ent.label in surfaces:
            return ent.label
        return max(surfaces, key=lambda s: (len(s), s))


def _is_full_name(text: str) -> bool:
    """A person named in full (沈立群), not by honorific or diminutive (陈女士, 小周)."""
    honorific_end = ("女士", "先生", "阿姨", "大爷", "老伯", "大妈", "大姐", "大哥", "奶奶",
                     "爷爷", "老太", "老汉", "婆婆", "师傅", "同学", "老师", "医生")  # fmt: skip
    return not (text.endswith(honorific_end) or text.startswith(("小", "老")) or "某" in text)


def _inside_unit(name: str, cut: int, units: list[str]) -> bool:
    for u in units:
        for k in range(1, len(u)):
            if name[cut - k : cut - k + len(u)] == u:
                return True
    return False


def _replace(ent: Entity, **changes: object) -> Entity:
    from dataclasses import replace

    return replace(ent, **changes)  # type: ignore[arg-type]
