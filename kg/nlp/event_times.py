"""Which time an event takes: its own, the running period, or none (no leakage).

The nearest time before the trigger in its sentence is the event's; else the period the
reader carries from the sentences before. Two things stop a **day or a month** (the time of
a happening, not a period under review) from reaching an event:

* a lapse of unknown length — 2021年6月，…接到报案。经过五个月侦查，专案组抓获… (the arrest is
  not of June); inside one sentence only when the backstory is told before the lapse
  (7月3日，…历时4个月侦破… keeps 7月3日: the date is the result's);
* the tale of a new case — 5月3日，…。此外，…破获一起…案，抓获… (not of 3 May).

Then the event has no time: a missing time is better than a wrong one. A part of a period
(其中2022年起诉…) is its clause's time but does not replace the period that runs on, so a
later 同期 still means the whole period. Words: ``times.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from kg.model import TimeExpr

__all__ = ["EventTimes"]


class EventTimes:
    """The time rules of the role stage, built from ``times.yaml``."""

    def __init__(self, cfg: Mapping[str, Any]) -> None:
        self.elapsed = re.compile("|".join(cfg["elapsed_markers"]))
        self.new_case = re.compile("|".join(cfg["new_case_markers"]))
        self.subperiod = tuple(cfg["subperiod_markers"])
        self.backstory = tuple(cfg["backstory_verbs"])

    def choose(
        self,
        text: str,
        sentence_start: int,
        times: Sequence[TimeExpr],
        trigger_start: int,
        running: TimeExpr | None,
    ) -> TimeExpr | None:
        """The time of a trigger at ``trigger_start`` given its sentence's ``times`` and
        the ``running`` period; an unresolved stop where a short time may not reach it."""
        before = [x for x in times if x.end <= trigger_start]
        if before and before[-1].scope != "same-period":
            chosen: TimeExpr | None = before[-1]
            gap = text[before[-1].end : trigger_start]
            lapse = self.elapsed.search(gap)
            stop = lapse is not None and any(w in gap[: lapse.start()] for w in self.backstory)
        else:
            chosen = running
            gap = text[sentence_start:trigger_start]
            stop = bool(self.elapsed.search(gap) or self.new_case.search(gap))
        if chosen is not None and stop and _short(chosen):
            return TimeExpr(trigger_start, trigger_start, "", None, None, "unresolved")
        return chosen

    def carried(
        self, text: str, start: int, end: int, running: TimeExpr | None
    ) -> TimeExpr | None:
        """The running time after a sentence with no time and no event: a lapse told
        there (经深入研判、缜密侦查，…浮出水面) ends a day or a month."""
        if running is not None and _short(running) and self.elapsed.search(text[start:end]):
            return TimeExpr(start, start, "", None, None, "unresolved")
        return running

    def is_part(self, text: str, time: TimeExpr) -> bool:
        """其中2022年: a part of the period before, not a new running period."""
        return text[max(0, time.start - 3) : time.start].rstrip("，, ").endswith(self.subperiod)


def _short(t: TimeExpr) -> bool:
    """A day or a month: the time of a happening, not a period under review."""
    return t.begin is not None and t.until is not None and (t.until - t.begin).days <= 31
