"""Cross-document resolution: one node per entity from what every document says of it.

Each document is linked on its own (``kg.nlp.link.link_document``) and *proposes* an
``Entity`` for every key it names: the same key (``org:保定市公安局``) from two documents
may differ where their contexts differ (the jurisdiction an ambiguous place name was
read as, a kind the tagger gave). The corpus keeps the proposal most documents make
(ties: the first in a fixed order), with every name any document used as an alias.

The result depends on the set of documents only, never on their order, so a store that
adds and removes documents one by one ends where a fresh build of the same documents
does, and it can be recomputed for one key from counts (``kg.store``), not from the
whole corpus.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from kg.model import Entity, Resolution

__all__ = ["merge_entity", "merge_resolutions"]


def merge_entity(proposals: Mapping[Entity, int], surfaces: Iterable[str]) -> Entity:
    """The corpus node of one key: the proposal made most often, aliased by every name used.

    ``proposals`` counts how many documents proposed each version (aliases aside).

    >>> a = Entity("org:x", "X局", "Organization", jurisdiction="place:1")
    >>> b = Entity("org:x", "X局", "Organization", jurisdiction="place:2")
    >>> merge_entity({a: 1, b: 2}, ["X局", "该局"]).jurisdiction, merge_entity({a: 1, b: 2}, ["该局"]).aliases
    ('place:2', ('该局',))
    """
    best = min(proposals, key=lambda e: (-proposals[e], repr(e)))
    names = set(surfaces) | set(best.aliases)
    names.discard(best.label)
    return replace(best, aliases=tuple(sorted(names)))


def merge_resolutions(parts: Sequence[Resolution]) -> Resolution:
    """The corpus resolution of documents linked one by one (see the module docstring)."""
    proposals: dict[str, Counter[Entity]] = {}
    surfaces: dict[str, set[str]] = {}
    out = Resolution()
    for part in parts:
        for key, ent in part.entities.items():
            proposals.setdefault(key, Counter())[ent] += 1
        for key, names in part.surfaces.items():
            surfaces.setdefault(key, set()).update(names)
        out.mention_key.update(part.mention_key)
        out.doc_labels.update(part.doc_labels)
        out.doc_counts.update(part.doc_counts)
        out.labels_by_doc.update(part.labels_by_doc)
        out.reporters.update(part.reporters)
        out.publishers.update(part.publishers)
    for key in sorted(proposals):
        out.entities[key] = merge_entity(proposals[key], surfaces.get(key, ()))
    out.surfaces = surfaces
    return out
