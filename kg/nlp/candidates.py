"""A recogniser's candidate span, before overlaps between sources are resolved."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CJK", "PRIORITY", "Candidate", "cjk_at"]

CJK = r"\u4e00-\u9fff"

# How much each source is trusted when two candidates of equal length overlap.
PRIORITY = {"masthead": 7, "org": 6, "collective": 6, "lexicon": 5, "quoted": 5, "pattern": 4, "tagger": 3,
            "place": 2, "nested": 1}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Candidate:
    """A possible mention: span, class, finer kind, linking name and where it came from."""

    start: int
    end: int
    label: str
    kind: str
    name: str
    source: str


def cjk_at(text: str, i: int) -> bool:
    """True when ``text[i]`` exists and is a CJK ideograph."""
    return 0 <= i < len(text) and "\u4e00" <= text[i] <= "\u9fff"
