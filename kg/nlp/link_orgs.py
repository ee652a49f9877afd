"""Linking organisations: full names, parents, references, collectives, groups.

A sub-unit named alone (满城分局) joins the longer name of the document that ends with it;
市公安局 takes the document's city; a leading province is dropped (广西壮族自治区北海市公安局
→ 北海市公安局); parents come from the name (…反诈中心 ⊂ …满城分局 ⊂ 保定市公安局). The
police of a place (河北公安机关, 临沧警方, 全市公安机关) is one node per place, and 该局/该关
refer back to the body named before. Criminal groups stay in their document.
"""

from __future__ import annotations

from collections.abc import Callable

from kg.model import Entity, Mention, Resolution
from kg.nlp.lexicon import Place
from kg.nlp.link_places import PlaceLinker

__all__ = ["OrgLinker"]


class OrgLinker(PlaceLinker):
    """Organisation resolution on top of place resolution."""

    units: list[str]
    subordinate: tuple[str, ...]
    scopes: dict[str, str]
    ref_heads: dict[str, str]
    doc_scope: str  # the key of the document being linked: pseudonyms and groups stay in it
    _mentions: list[Mention] | None
    # how the corpus linker keys any mention (a group's leader, a firm 该团伙 points to)
    _key: Callable[..., str | None]


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
        if self._unanchored_unit(full):
            # 刑警大队, 派出所 with no named parent: a unit of this report's own police
            key = f"org:{self.doc_scope}:{full}"
            out.entities.setdefault(key, Entity(key, full, "Organization", m.kind or self._kind(full),
                                                document=self.doc_scope))  # fmt: skip
            return key
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

    def _unanchored_unit(self, name: str) -> bool:
        """A unit name that says neither where nor whose it is (刑警大队, 经侦大队, 派出所)."""
        if self._leading_place(name) is not None or not name.endswith(self.subordinate):
            return False
        return not any(
            t.type == "Organization" for i in range(2, len(name) + 1) for t in self.ix.terms.get(name[:i])
        )

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
        for short, full in (("市局", "市公安局"), ("县局", "县公安局"), ("省厅", "省公安厅")):
            if name.startswith(short):
                name = full + name[len(short) :]  # 市局刑侦支队 → 市公安局刑侦支队
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
            key = f"{kind}:{self.doc_scope}:{surface}"
            out.entities.setdefault(key, Entity(key, surface, "Organization", "PoliceCollective",
                                                document=self.doc_scope))  # fmt: skip
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
        key = f"group:{self.doc_scope}:{m.text}"
        if key not in out.entities:
            leader = next((x for x in mentions if x.label == "Person" and m.start < x.start
                           and x.end <= m.end), None)  # fmt: skip
            leader_key = None
            if leader is not None:
                leader_key = self._key(doc, leader, mentions, self.context, [], out)
            out.entities[key] = Entity(key, m.text, "Organization", "CriminalGroup",
                                       document=self.doc_scope, leader=leader_key)  # fmt: skip
        return key


def _inside_unit(name: str, cut: int, units: list[str]) -> bool:
    for u in units:
        for k in range(1, len(u)):
            if name[cut - k : cut - k + len(u)] == u:
                return True
    return False
