"""The result of linking a corpus: entities, and which mention names which entity."""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.model import Entity, Mention

__all__ = ["Resolution"]

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

