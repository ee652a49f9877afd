"""What one document contributes to the corpus, as a compact record.

A worker (a local process or a Dask worker) turns a document into a ``DocumentResult``:
its named graph as N-Quads bytes and a ``Summary`` — the entities it proposes (what its
own context says of each, ``kg.nlp.merge``), the names it uses for them, and the
corpus-level nodes its statements point to. Both are plain bytes, so nothing but bytes
is pickled between processes, and a store keeps the summary to undo a document later.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from kg.model import Entity, Resolution

__all__ = ["DocumentResult", "Summary"]


@dataclass(frozen=True, slots=True)
class Summary:
    """A document's part of the corpus-level graph (see the module docstring)."""

    proposals: dict[str, Entity] = field(default_factory=dict)
    surfaces: dict[str, tuple[str, ...]] = field(default_factory=dict)
    uses: tuple[str, ...] = ()

    @classmethod
    def of(cls, res: Resolution, uses: set[str]) -> Summary:
        """The summary of one document's linking and the nodes its statements use."""
        return cls(
            proposals=dict(sorted(res.entities.items())),
            surfaces={k: tuple(sorted(v)) for k, v in sorted(res.surfaces.items())},
            uses=tuple(sorted(uses)),
        )

    def to_bytes(self) -> bytes:
        """Canonical JSON (sorted keys, so the same document gives the same bytes)."""
        data = {
            "proposals": {k: _entity_record(e) for k, e in self.proposals.items()},
            "surfaces": self.surfaces,
            "uses": self.uses,
        }
        return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()

    @classmethod
    def from_bytes(cls, data: bytes) -> Summary:
        """Read what ``to_bytes`` wrote.

        >>> s = Summary({"org:x": Entity("org:x", "X局", "Organization")}, {"org:x": ("X局",)}, ("org:x",))
        >>> Summary.from_bytes(s.to_bytes()) == s
        True
        """
        raw = json.loads(data)
        return cls(
            proposals={k: entity_from_record(v) for k, v in raw["proposals"].items()},
            surfaces={k: tuple(v) for k, v in raw["surfaces"].items()},
            uses=tuple(raw["uses"]),
        )


def _entity_record(ent: Entity) -> dict[str, object]:
    return {k: v for k, v in asdict(ent).items() if v not in (None, "", ())}


def entity_from_record(record: dict[str, object]) -> Entity:
    """An ``Entity`` from its JSON record (lists become tuples)."""
    fields = {k: tuple(v) if isinstance(v, list) else v for k, v in record.items()}
    return Entity(**fields)  # type: ignore[arg-type]


def entity_to_json(ent: Entity) -> str:
    """Canonical JSON of one entity (the store counts proposals by this string)."""
    return json.dumps(_entity_record(ent), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """One processed document: its key and hash, its graph, its summary, or why it failed."""

    key: str
    id: str
    hash: str
    nquads: bytes = b""
    summary: bytes = b""
    events: int = 0
    error: str | None = None
