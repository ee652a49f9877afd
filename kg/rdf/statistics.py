"""Stage ⑥ mapping: which figures are one statistic across a corpus.

Wire copy republished by portals reports the same figure about the same agency and period
in several documents. Each document keeps its own figure (anchored in its text, in its
named graph); the figure points (``kg:statistic``) to one corpus-level observation of the
Data Cube ``kg:PoliceStatistics``, keyed by what identifies it — event type, agency,
period, counted object, unit — and its value. The key is the node's content, so any
document can name it without seeing the others, and a store adds and removes reports by
counting (``kg.rdf.nodes``: ``kg:reportCount``).

A figure is shared only when the key pins it down: one acting agency (a document-scoped
one — a pseudonym, a bare 刑警大队 — is that document's alone), a period, a counted object,
and an event that happened. Two figures of one document with the same dimensions and
different values (a total and a part, two raids in one month) are not one statistic, so
neither is shared.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable

from kg.model import Event, Quantity, canonical_decimal

__all__ = ["conflicting", "statistic_key"]


def statistic_key(e: Event, agents: list[str], qty: Quantity) -> str | None:
    """The ``@statistic:`` node key of one figure, or ``None`` when it is not shareable."""
    if len(set(agents)) != 1 or not e.happened or not qty.object or e.time is None:
        return None
    if not (e.time.begin or e.time.until):
        return None
    b = e.time.begin.isoformat() if e.time.begin else "open"
    u = e.time.until.isoformat() if e.time.until else "open"
    payload = [e.type, agents[0], b, u, qty.object, qty.unit, canonical_decimal(qty.value), qty.approximate]
    return "@statistic:" + json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def conflicting(keys: Iterable[str]) -> set[str]:
    """The keys of one document that share their dimensions with a key of another value."""
    values: dict[str, set[str]] = defaultdict(set)
    for key in keys:
        payload = json.loads(key.partition(":")[2])
        values[json.dumps(payload[:6], ensure_ascii=False)].add(key)
    return {k for group in values.values() if len(group) > 1 for k in group}
