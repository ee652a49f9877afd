"""Case histories: the justice steps of each person (or participant) of a document, in order.

Steps that happened (not negated, not planned, threatened or hypothetical) are grouped by
who they happen to — a named person by name, a participant by its index — and ordered by
the stage of the procedure (立案 → 拘留 → 逮捕 → 起诉 → 开庭 → 判决, ``justice.yaml``), then
by date, then by their place in the text; a formal arrest (逮捕) comes after a detention.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Set

from kg.model import Annotated, History, Mention

__all__ = ["histories"]

_LATE = dt.date.max


def histories(
    ann: Annotated, stages: Mapping[str, int], formal: Set[str], non_factual: Set[str]
) -> tuple[History, ...]:
    """The histories of ``ann``, one per subject, in order of each subject's first step."""
    groups: dict[tuple[str, str], tuple[Mention, list[int]]] = {}
    for i, e in enumerate(ann.events):
        if e.type not in stages or e.negated or e.modality in non_factual:
            continue
        for a in e.arguments:
            if a.role != "patient" or a.mention.label not in {"Person", "Participant"}:
                continue
            key = (a.mention.label, a.mention.name if a.mention.label == "Participant" else a.mention.text)
            groups.setdefault(key, (a.mention, []))[1].append(i)

    def order(i: int) -> tuple[float, dt.date, int]:
        e = ann.events[i]
        stage = stages[e.type] + (0.5 if e.type == "Arrest" and e.trigger in formal else 0)
        begin = e.time.begin if e.time is not None and e.time.begin else _LATE
        return stage, begin, e.trigger_start

    out = []
    for subject, indexes in groups.values():
        steps = sorted(dict.fromkeys(indexes), key=order)
        out.append(History(subject, tuple(steps)))
    return tuple(sorted(out, key=lambda h: (ann.events[h.events[0]].trigger_start, h.subject.start)))
