"""Sample events with figures from a built graph, for a person to judge them one by one.

Reads a graph file (any format ``kg query`` reads) or a store folder, picks ``N`` random
figures with a given seed (the same seed gives the same sample), and prints for each: the
document and its publication date, the sentence with the trigger in 【】 and the figure in
〔〕, then the trigger, the event type, the figure, the counted object, the agents and the
period. Figures are sampled, not events: an event with three figures is three chances.
The sample is the N figures whose hash with the seed is smallest ("bottom-k"), so two
builds of the same corpus (before and after a change) give the same figures wherever
those figures exist in both.

    .venv/bin/kg build ../shared/external/news -o /tmp/news.ttl
    .venv/bin/python scripts/sample_events.py /tmp/news.ttl -n 40 --seed 7
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from kg.errors import KgError
from kg.graphsource import open_graphs

QUERY = """
PREFIX kg: <https://example.org/kg/ontology#>
PREFIX schema: <https://schema.org/>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?doc ?published ?event ?type ?trigger ?tspan ?q ?qspan ?value ?unit ?qtext ?object
       ?sentence ?sbegin ?start ?end WHERE {
  ?event kg:quantity ?q ; sem:eventType ?type ; rdfs:label ?trigger ;
         prov:wasDerivedFrom ?tspan ; schema:subjectOf ?d ; nif:sentence ?s .
  ?d schema:identifier ?doc .
  OPTIONAL { ?d schema:datePublished ?published }
  ?q schema:value ?value ; schema:unitText ?unit ; rdfs:label ?qtext .
  OPTIONAL { ?q prov:wasDerivedFrom ?qspan }
  OPTIONAL { ?q kg:countedObject ?object }
  ?s nif:anchorOf ?sentence ; nif:beginIndex ?sbegin .
  OPTIONAL { ?event sem:hasBeginTimeStamp ?start }
  OPTIONAL { ?event sem:hasEndTimeStamp ?end }
}
"""
AGENTS = """
PREFIX kg: <https://example.org/kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?event ?role ?label WHERE {
  { ?event kg:agent ?a BIND("agent" AS ?role) } UNION { ?event kg:partner ?a BIND("partner" AS ?role) }
  ?event kg:quantity ?q .
  ?a rdfs:label ?label .
}
"""
_OFFSETS = re.compile(r"#offset_(\d+)_(\d+)$")


def _value(term: Any) -> str:
    return "" if term is None else str(term.value)


def _offsets(term: Any) -> tuple[int, int] | None:
    m = _OFFSETS.search(_value(term))
    return (int(m[1]), int(m[2])) if m else None


def figures(source: Path) -> list[dict[str, Any]]:
    """Every figure of every event, with what a judge needs, in a stable order."""
    store = open_graphs([source])
    agents: dict[str, set[str]] = defaultdict(set)
    for row in store.query(AGENTS):
        agents[_value(row["event"])].add(f"{_value(row['label'])}" + (
            " (partner)" if _value(row["role"]) == "partner" else ""))
    rows: dict[str, dict[str, Any]] = {}
    for row in store.query(QUERY):
        key = _value(row["q"]) + "|" + _value(row["event"])
        if key in rows:
            continue
        rows[key] = {
            "key": _value(row["q"]),
            "doc": _value(row["doc"]),
            "published": _value(row["published"]) or "(none)",
            "type": _value(row["type"]).rsplit("#", 1)[-1],
            "trigger": _value(row["trigger"]),
            "trigger_at": _offsets(row["tspan"]),
            "figure": f"{_value(row['qtext'])} = {_value(row['value'])} {_value(row['unit'])}",
            "figure_at": _offsets(row["qspan"]),
            "object": _value(row["object"]) or "(none)",
            "sentence": _value(row["sentence"]),
            "sentence_begin": int(_value(row["sbegin"]) or 0),
            "period": f"{_value(row['start']) or '…'} – {_value(row['end']) or '…'}"
            if row["start"] is not None or row["end"] is not None else "(none)",
            "agents": ", ".join(sorted(agents.get(_value(row["event"]), ()))) or "(none)",
        }
    return [rows[k] for k in sorted(rows)]


def marked(f: dict[str, Any]) -> str:
    """The sentence with the trigger in 【】 and the figure in 〔〕."""
    text, base = f["sentence"], f["sentence_begin"]
    marks = []
    for span, (left, right) in ((f["trigger_at"], "【】"), (f["figure_at"], "〔〕")):
        if span and 0 <= span[0] - base <= span[1] - base <= len(text):
            marks.append((span[0] - base, span[1] - base, left, right))
    for start, end, left, right in sorted(marks, reverse=True):
        text = text[:start] + left + text[start:end] + right + text[end:]
    return text


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("graph", type=Path, help="a built graph file or store folder")
    ap.add_argument("-n", type=int, default=40, help="how many figures (default 40)")
    ap.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    a = ap.parse_args(argv)
    try:
        pool = figures(a.graph)
    except KgError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    sample = sorted(pool, key=lambda f: hashlib.sha256(f"{a.seed}:{f['key']}".encode()).digest())
    sample = sample[: a.n]
    print(f"# {len(sample)} of {len(pool)} figures from {a.graph}, seed {a.seed}")
    for i, f in enumerate(sample, 1):
        print(f"\n[{i}] {f['doc']}  (published {f['published']})")
        print(f"    {marked(f)}")
        print(f"    trigger {f['trigger']} → {f['type']}   figure {f['figure']}   object {f['object']}")
        print(f"    agent {f['agents']}   period {f['period']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
