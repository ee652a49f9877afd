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
  document: their nodes are scoped to it, as are participants (涉事男子, 2名嫌犯). A real
  name (沈立群) is one person across reports whose places lie mostly in the same province
  (or that have none); a byline's name, across one outlet's reports (``_region``).
Each document also keeps the name it uses for each entity (河北 in one, 河北省 in another),
and the agency that released its figures. Places are resolved in ``link_places``,
organisations, collectives and groups in ``link_orgs``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from kg.model import Annotated, Entity, Mention, Resolution
from kg.nlp.lexicon import Indexes, Place, indexes
from kg.nlp.link_orgs import OrgLinker
from kg.nlp.link_participants import label_participants, participant_key
from kg.nlp.normalize import normalize_text
from kg.resources import Resources

__all__ = ["Resolution", "link_document", "resolve_entities"]


def link_document(ann: Annotated, res: Resources) -> Resolution:
    """Link one document on its own: the entities it names, as its context reads them.

    The result depends on this document and the lexicons only, so a store can link a
    new document without touching the others; ``kg.nlp.merge`` makes the corpus nodes.
    """
    out = Resolution()
    _linker(res).link_document(ann, out)
    return out


def resolve_entities(docs: Sequence[Annotated], res: Resources) -> Resolution:
    """Link the mentions of every document to corpus-level entities."""
    from kg.nlp.merge import merge_resolutions

    return merge_resolutions([link_document(ann, res) for ann in docs])


_LINKERS: dict[int, tuple[Resources, _Linker]] = {}


def _linker(res: Resources) -> _Linker:
    """One linker per resources (its indexes take a while to build)."""
    if id(res) not in _LINKERS or _LINKERS[id(res)][0] is not res:
        _LINKERS[id(res)] = (res, _Linker(indexes(res), res))
    return _LINKERS[id(res)][1]


class _Linker(OrgLinker):
    def __init__(self, ix: Indexes, res: Resources) -> None:
        self.ix = ix
        e = res.entities
        self.units = sorted((u["suffix"] for u in e["org_units"]), key=len, reverse=True)
        self.subordinate = tuple(sorted(e["subordinate_units"], key=len, reverse=True))
        self.scopes: dict[str, str] = dict(e["collective_scopes"])
        self.doc_scope = ""
        self._text, self._source = "", ""  # the document being linked, and its outlet
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
        self.doc_scope = ann.doc.key
        self._text = ann.norm or ann.doc.text
        self._source = ann.doc.source or ""
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
        label_participants(ann, out)
        text = ann.norm or ann.doc.text
        reporter = self._reporter(doc, text, mentions, out)
        publisher = self._publisher(ann.doc.source, mentions, out, doc) or next(
            (out.mention_key.get((doc, m.start, m.end, m.label)) for m in mentions if m.rule == "masthead"),
            None,
        )  # 【文匯報訊】: the masthead names the publisher
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
            out.surfaces.setdefault(key, set()).update(m.text for m in ms)
        self._police_of_places(ann, out)

    def _police_of_places(self, ann: Annotated, out: Resolution) -> None:
        """A place acting in an event stands for its police (河北省共破获 → 河北公安机关)."""
        for e in ann.events:
            for arg in e.arguments:
                key = out.key_of(ann.doc.id, arg.mention) if arg.role == "agent" else None
                if key is None or out.entities[key].type != "Place":
                    continue
                police = "police:" + key.split(":", 1)[1]
                if police not in out.entities:
                    ent = out.entities[key]
                    out.entities[police] = Entity(police, ent.label + "公安机关", "Organization",
                                                  "PoliceCollective", jurisdiction=key)  # fmt: skip

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
            if place is not None and place.level == "water" and m.text.endswith("段"):
                return self._stretch(m, place, out)  # 长江岳阳段
            if place is None and m.kind in {"water", "port"}:
                return self._town(m, out, m.kind)
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
            region = None if scoped else self._person_context(m, context)
            if scoped or region is None:  # a pseudonym, or a name whose context is unknown
                key = f"person:{self.doc_scope}:{m.text}"
            else:  # a real name in a known province: one person across its reports
                key = f"person:{m.text}@{region}"
            out.entities.setdefault(
                key,
                Entity(key, m.text, "Person", "pseudonym" if scoped else "",
                       document=self.doc_scope if scoped else None),
            )
            return key
        if m.label == "Participant":
            return participant_key(self.doc_scope, m, out)
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


    def _person_context(self, m: Mention, context: list[Place]) -> str | None:
        """What a real name must share to be one person across reports: the outlet for a
        byline (记者周宵鹏 writes about every province), else the story's province."""
        if _BYLINE.search(self._text[max(0, m.start - 12) : m.start]):
            return f"source:{self._source}"
        return _region(context)

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


    # --------------------------------------------------------- organisations


    # ------------------------------------------------------------ collectives


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
                    else 2 if s.endswith(("警方", "公安"))    # 临沧警方, 江苏公安
                    else 1 if named                           # 全市公安机关
                    else 0                                    # 全市
                )  # fmt: skip
                return (level, counts[s], -len(s))

            best = max(surfaces, key=rank)
            if best in self.scopes and key in out.entities:
                return out.entities[key].label  # a bare 全省 does not name a body
            return best
        ent = out.entities.get(key)
        if ent is not None and ent.type == "CrimeType":
            return self._crime_doc_label(ent.label, surfaces)
        if ent is not None and ent.label in surfaces:
            return ent.label
        if ent is not None and ent.type == "Place" and any(
            s.removesuffix("海域").removesuffix("水域") == ent.label for s in surfaces
        ):
            return ent.label  # 北部湾海域 names 北部湾
        return max(surfaces, key=lambda s: (len(s), s))


    def _crime_doc_label(self, label: str, surfaces: list[str]) -> str:
        """The concept's own label when the document uses it (in any script: 走私香煙 →
        走私香烟), else the document's commonest wording without a generic tail
        (电信网络诈骗犯罪 → 电信网络诈骗 when that is a name of the same concept)."""
        simple = [normalize_text(s) for s in surfaces]
        if label in simple:
            return label
        counts = Counter(simple)
        best = max(counts, key=lambda s: (counts[s], len(s), s))
        for tail in ("违法犯罪", "犯罪活动", "犯罪", "活动"):
            stem = best.removesuffix(tail)
            if stem != best and stem == label:
                return stem
        return best


# a byline or a dateline's credit before the name: (记者 郭超凯 李京泽), 通讯员 龙威 唐婷, 电 (郭超凯)
_BYLINE = re.compile(r"(?:记者|通讯员|撰稿|编辑|文/)[\s\u3000]*(?:[\u4e00-\u9fff]{2,4}[\s\u3000、]+)*$|[电讯][\s\u3000]*[（(]$")


def _region(context: list[Place]) -> str | None:
    """The province most of the document's unambiguous places lie in (a country, for a
    story told abroad).

    Two reports name the same person only when a real name and this context agree: 张伟
    in a 江苏 report and 张伟 in a 广东 report are two people. A report with no place at all
    (a ministry's briefing) is its own context, ``-``; one whose places split evenly
    between provinces has none, and its names stay in the document.
    """
    counts = Counter(r for r in (_province(p.code) or _province(p.parent) for p in context) if r)
    counts.pop("ISO-CN", None)  # China itself is no context inside China
    if any(not r.startswith("ISO-") for r in counts):  # a Chinese story with places abroad
        counts = Counter({r: n for r, n in counts.items() if not r.startswith("ISO-")})
    if not counts:
        return "-"
    (top, n), *rest = counts.most_common(2)
    return top if not rest or rest[0][1] < n else None


def _province(code: str) -> str | None:
    """The province of a GB/T 2260 code, the country of an ISO 3166 code (ISO-AE-DU →
    ISO-AE); none for a place of its own kind (a river: its parent says)."""
    if code.isdigit() and len(code) == 6:
        return code[:2] + "0000"
    return "-".join(code.split("-")[:2]) if code.startswith("ISO-") else None


def _is_full_name(text: str) -> bool:
    """A person named in full (沈立群), not by honorific or diminutive (陈女士, 小周)."""
    honorific_end = ("女士", "先生", "阿姨", "大爷", "老伯", "大妈", "大姐", "大哥", "奶奶",
                     "爷爷", "老太", "老汉", "婆婆", "师傅", "同学", "老师", "医生")  # fmt: skip
    return not (text.endswith(honorific_end) or text.startswith(("小", "老")) or "某" in text)
