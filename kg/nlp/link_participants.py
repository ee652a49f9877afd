"""Participants (涉事男子, 2名18岁嫌犯) as nodes scoped to their document.

A participant is one node per document and index (``kg.nlp.justice`` numbers them); its
label is the fullest description the document gives, its aliases the other ways it is
described. Like pseudonyms, participants never join across documents.
"""

from __future__ import annotations

import re
from dataclasses import replace

from kg.model import Annotated, Entity, Mention, Resolution

__all__ = ["label_participants", "participant_key"]


def participant_key(doc: str, m: Mention, out: Resolution) -> str:
    """The key of the participant mention ``m`` of document ``doc`` (its key) names."""
    key = f"participant:{doc}:{m.name}"
    out.entities.setdefault(key, Entity(key, m.text, "Participant", m.kind, document=doc))
    return key


def label_participants(ann: Annotated, out: Resolution) -> None:
    """Give each participant of ``ann`` its label (the fullest description)."""
    for p in ann.participants:
        key = f"participant:{ann.doc.key}:{p.index}"
        if p.index >= 0 and key in out.entities:
            out.entities[key] = replace(out.entities[key], label=p.label,
                                        aliases=tuple(sorted(_shorter_names(p.label, p.role) - {p.label})))


def _shorter_names(label: str, role: str) -> set[str]:
    """The ways a reader names a participant with less: without its count or its
    determiner (一名落水女子 → 落水女子), and its head alone (女子)."""
    names = {role} if role and role != label else set()
    short = _COUNT.sub("", label)
    if short and short != label and len(short) >= 2:
        names.add(short)
    return names


_COUNT = re.compile(r"^(?:涉事|涉案|该名|该|一名|一位|一个|一|\d+名|[两二三四五六七八九十]+名|多名|数名)")
