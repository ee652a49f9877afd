"""The sidecar of a store: per-document summaries and per-key counts, in SQLite.

Cross-document resolution is kept as counts, so adding or removing one document
touches only the keys that document names:

* ``docs`` — one row per document: key, id, hash, graph and its ``Summary``;
* ``variants`` — per entity key, how many documents propose each version of it;
* ``surfaces`` — per entity key, how many documents use each name for it;
* ``uses`` — per corpus-level node, how many documents point to it;
* ``refs`` — which keys name another as parent or leader (whose node then depends on
  whether that other key exists at all).

``kg.nlp.merge.merge_entity`` turns a key's counts into its node, so recomputing one
key costs a few rows, never the corpus. The whole build runs in one SQLite
transaction, whose commit is the store's commit point (``kg.store.layout``).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from kg.model import Entity
from kg.nlp.merge import merge_entity
from kg.summary import Summary, entity_from_record, entity_to_json

__all__ = ["DocRow", "Index"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS docs (
    key TEXT PRIMARY KEY, id TEXT NOT NULL, hash TEXT NOT NULL, summary BLOB NOT NULL,
    quads INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS docs_by_id ON docs (id);
CREATE TABLE IF NOT EXISTS variants (
    key TEXT NOT NULL, entity TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (key, entity));
CREATE TABLE IF NOT EXISTS surfaces (
    key TEXT NOT NULL, surface TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (key, surface));
CREATE TABLE IF NOT EXISTS uses (key TEXT PRIMARY KEY, n INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS refs (
    target TEXT NOT NULL, source TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (target, source));
"""


class DocRow:
    """A document as the index knows it."""

    __slots__ = ("hash", "id", "key", "quads", "summary")

    def __init__(self, key: str, doc_id: str, digest: str, summary: bytes, quads: int) -> None:
        self.key, self.id, self.hash, self.summary, self.quads = key, doc_id, digest, summary, quads


class Index:
    """The SQLite sidecar (see the module docstring). Not thread-safe; one writer at a time."""

    def __init__(self, path: Path, *, read_only: bool = False, temporary: bool = False) -> None:
        """Open (or create) the index; ``temporary``: a one-shot build's, never committed."""
        self.path = path
        self._known: dict[str, bool] = {}
        if read_only:
            self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
            return
        self.db = sqlite3.connect(path, isolation_level=None)
        if temporary:
            self.db.execute("PRAGMA journal_mode=OFF")
            self.db.execute("PRAGMA synchronous=OFF")
        else:
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=FULL")
        self.db.executescript(_SCHEMA)
        if temporary:
            self.begin()

    def close(self) -> None:
        self.db.close()

    # ------------------------------------------------------------ transactions
    def begin(self) -> None:
        """Start the build's transaction (it holds until ``commit``)."""
        self.db.execute("BEGIN IMMEDIATE")

    def commit(self) -> None:
        self.db.execute("COMMIT")

    def rollback(self) -> None:
        if self.db.in_transaction:
            self.db.execute("ROLLBACK")

    # --------------------------------------------------------------------- meta
    def get_meta(self, name: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def set_meta(self, name: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (name, value))

    # -------------------------------------------------------------------- docs
    def doc(self, key: str) -> DocRow | None:
        row = self.db.execute("SELECT key, id, hash, summary, quads FROM docs WHERE key = ?",
                              (key,)).fetchone()  # fmt: skip
        return DocRow(*row) if row else None

    def hashes(self) -> dict[str, str]:
        """Document key → content hash, for every document."""
        return dict(self.db.execute("SELECT key, hash FROM docs"))

    def keys_for(self, name: str) -> list[str]:
        """The keys of the documents a user names: by key (``corpus/id``) or by id."""
        rows = self.db.execute("SELECT key FROM docs WHERE key = ? OR id = ? ORDER BY key",
                               (name, name)).fetchall()  # fmt: skip
        return [r[0] for r in rows]

    def doc_keys(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT key FROM docs ORDER BY key")]

    def count(self) -> tuple[int, int]:
        """(documents, quads in their graphs)."""
        n, quads = self.db.execute("SELECT COUNT(*), COALESCE(SUM(quads), 0) FROM docs").fetchone()
        return int(n), int(quads)

    def add_doc(self, key: str, doc_id: str, digest: str, summary: bytes, quads: int) -> set[str]:
        """Count a document in; the keys whose nodes may have changed."""
        self.db.execute("INSERT INTO docs VALUES (?, ?, ?, ?, ?)", (key, doc_id, digest, summary, quads))
        return self._count(Summary.from_bytes(summary), +1)

    def remove_doc(self, key: str) -> set[str]:
        """Count a document out; the keys whose nodes may have changed."""
        row = self.doc(key)
        if row is None:
            return set()
        self.db.execute("DELETE FROM docs WHERE key = ?", (key,))
        return self._count(Summary.from_bytes(row.summary), -1)

    def _count(self, s: Summary, sign: int) -> set[str]:
        affected = set(s.uses) | set(s.proposals)
        before = {k: self.known(k) for k in s.proposals}
        for key, ent in s.proposals.items():
            self._bump("variants", ("key", "entity"), (key, entity_to_json(ent)), sign)
            for target in _targets(ent):
                self._bump("refs", ("target", "source"), (target, key), sign)
        for key, names in s.surfaces.items():
            for name in names:
                self._bump("surfaces", ("key", "surface"), (key, name), sign)
        for key in s.uses:
            self._bump("uses", ("key",), (key,), sign)
        self._known.clear()
        for key, was in before.items():
            if self.known(key) != was:  # appeared or vanished: the nodes naming it change
                affected.update(self.sources(key))
        return affected

    def _bump(self, table: str, cols: tuple[str, ...], values: tuple[str, ...], sign: int) -> None:
        where = " AND ".join(f"{c} = ?" for c in cols)
        if sign > 0:
            names = ", ".join(cols)
            marks = ", ".join("?" for _ in cols)
            self.db.execute(f"INSERT INTO {table} ({names}, n) VALUES ({marks}, 1) "
                            f"ON CONFLICT DO UPDATE SET n = n + 1", values)  # fmt: skip
        else:
            self.db.execute(f"UPDATE {table} SET n = n - 1 WHERE {where}", values)
            self.db.execute(f"DELETE FROM {table} WHERE {where} AND n <= 0", values)

    # -------------------------------------------------------------------- nodes
    def known(self, key: str) -> bool:
        """Whether some document proposes entity ``key``."""
        if key not in self._known:
            row = self.db.execute("SELECT 1 FROM variants WHERE key = ? LIMIT 1", (key,)).fetchone()
            self._known[key] = row is not None
        return self._known[key]

    def used(self, key: str) -> bool:
        """Whether some document points to node ``key`` (then the node is written)."""
        return self.db.execute("SELECT 1 FROM uses WHERE key = ?", (key,)).fetchone() is not None

    def use_count(self, key: str) -> int:
        """How many documents point to node ``key``."""
        row = self.db.execute("SELECT n FROM uses WHERE key = ?", (key,)).fetchone()
        return int(row[0]) if row else 0

    def sources(self, key: str) -> list[str]:
        """The keys whose proposals name ``key`` as parent or leader."""
        rows = self.db.execute("SELECT source FROM refs WHERE target = ?", (key,))
        return [r[0] for r in rows]

    def merged(self, key: str) -> Entity | None:
        """The corpus node of entity ``key`` (``None`` when no document proposes it)."""
        rows = self.db.execute("SELECT entity, n FROM variants WHERE key = ?", (key,)).fetchall()
        if not rows:
            return None
        proposals = {entity_from_record(json.loads(e)): n for e, n in rows}
        names = [r[0] for r in self.db.execute("SELECT surface FROM surfaces WHERE key = ?", (key,))]
        return merge_entity(proposals, names)

    def entity_count(self) -> int:
        """How many entities some document points to."""
        row = self.db.execute("SELECT COUNT(*) FROM uses WHERE key NOT LIKE '@%'").fetchone()
        return int(row[0])

    def node_keys(self) -> Iterator[str]:
        """Every node some document points to, in key order."""
        for (key,) in self.db.execute("SELECT key FROM uses ORDER BY key").fetchall():
            yield key


def _targets(ent: Entity) -> list[str]:
    """The keys a node's statements depend on existing (``kg.rdf.nodes``: ``known``)."""
    out = [ent.leader] if ent.leader else []
    if ent.parent:
        out.append(f"crimetype:{ent.parent}" if ent.type == "CrimeType" else ent.parent)
    return out
