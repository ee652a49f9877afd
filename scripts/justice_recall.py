"""Recall of the justice chain on our own test sentences (tests/data/justice), measured like
the evaluation: through ``kg build`` and the shipped ``events.rq``.

For each step: the share of its sentences with an events.rq row of that type (recall), of
those with a person whose ``?patient`` is that person (participants found; for a report, who
was reported), of those with an agency whose ``?agent`` (or, for a surrender, the body it was
made to) is that agency; and over the sentences that mention a step without it happening,
the share that claim any step of the chain (false claims).

    .venv/bin/python scripts/justice_recall.py [--misses]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import yaml

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "justice"
PUBLISHED = dt.date(2024, 5, 20)
STEPS = ("Report", "Summons", "CaseFiled", "Wanted", "Arrest", "Detention", "Surrender",
         "Repatriation", "Rescue", "Fine", "ArrestApproval", "Prosecution", "Trial", "Sentencing")  # fmt: skip
_KG = "https://example.org/kg/ontology#"
_RECIPIENTS = """
PREFIX schema: <https://schema.org/>
PREFIX kg: <https://example.org/kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?doc ?event ?recipient WHERE {
  ?event schema:recipient ?r ; schema:subjectOf ?d .
  ?d schema:identifier ?doc .
  ?ref kg:refersTo ?r ; kg:inDocument ?d ; rdfs:label ?recipient .
}
"""


@dataclass
class Case:
    """One test sentence: its step (or the step it only mentions) and what must be found."""

    id: str
    text: str
    step: str
    person: list[str] = field(default_factory=list)
    agency: list[str] = field(default_factory=list)
    also: list[str] = field(default_factory=list)
    details: dict[str, str] = field(default_factory=dict)
    why: str = ""  # set for sentences where the step does not happen

    @property
    def positive(self) -> bool:
        return not self.why


@dataclass
class Found:
    """What events.rq says about one document: per type, its patients and agents."""

    types: set[str] = field(default_factory=set)
    patients: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    agents: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))


def load_cases(folder: Path = DATA) -> list[Case]:
    """Every sentence of the data folder, positives first, in file order."""
    cases: list[Case] = []
    for path in sorted(folder.glob("*.yaml")):
        data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
        for i, s in enumerate(data["sentences"], start=1):
            details = {k: str(s[k]) for k in ("term", "custody", "penalty", "reason") if k in s}
            if s.get("xfail"):
                details["xfail"] = str(s["xfail"])
            cases.append(Case(
                id=f"{path.stem}-{i:02d}", text=s["text"], step=s.get("step", data.get("step", "")),
                person=list(s.get("person", [])), agency=list(s.get("agency", [])),
                also=list(s.get("also", [])), details=details, why=s.get("why", ""),
            ))  # fmt: skip
    return cases


def norm(s: object) -> str:
    return unicodedata.normalize("NFKC", str(s)).strip().replace(" ", "")


def run(cases: list[Case]) -> dict[str, Found]:
    """Build every sentence as a document and read events.rq back, per document id."""
    return build(cases)[0]


def build(cases: list[Case]) -> tuple[dict[str, Found], dict[str, Any]]:
    """``run``, and the annotated documents by id."""
    from kg.build import build_graph
    from kg.model import Document
    from kg.rdf.query import ResultTable, read_named_query, run_query
    from kg.resources import Resources, ontology_dir

    docs = [Document(c.id, c.text, published=PUBLISHED) for c in cases]
    result = build_graph(docs, Resources.default())
    store = ox.Store()
    store.extend(result.quads)
    for ttl in sorted(ontology_dir().glob("*.ttl")):
        store.bulk_load(path=str(ttl), format=ox.RdfFormat.TURTLE)
    found: dict[str, Found] = defaultdict(Found)
    table = run_query(store, read_named_query("events"))
    assert isinstance(table, ResultTable)
    col = {v: i for i, v in enumerate(table.variables)}
    type_of: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in table.rows:
        doc = row[col["doc"]].value  # type: ignore[union-attr]
        etype = row[col["type"]].value.removeprefix(_KG)  # type: ignore[union-attr]
        f = found[doc]
        f.types.add(etype)
        type_of[(doc, row[col["event"]].value)].add(etype)  # type: ignore[union-attr]
        for name, target in (("patient", f.patients), ("agent", f.agents)):
            cell = row[col[name]]
            if cell is not None:
                target[etype].add(norm(cell.value))  # type: ignore[union-attr]
    recipients = run_query(store, _RECIPIENTS)
    assert isinstance(recipients, ResultTable)
    for doc, event, label in recipients.rows:
        for etype in type_of.get((doc.value, event.value), ()):  # type: ignore[union-attr]
            found[doc.value].agents[etype].add(norm(label.value))  # type: ignore[union-attr]
    return found, {a.doc.id: a for a in result.documents}


def judge(case: Case, f: Found) -> dict[str, bool | None]:
    """Step found, person found, agency found (None when the sentence gives none)."""
    if not case.positive:
        return {"claim": bool(f.types & set(STEPS) - set(case.also))}
    step = case.step in f.types
    person = any(norm(p) in f.patients.get(case.step, set()) for p in case.person) if case.person else None
    agency = any(norm(a) in f.agents.get(case.step, set()) for a in case.agency) if case.agency else None
    return {"step": step, "person": person, "agency": agency}


def report(cases: list[Case], found: dict[str, Found], misses: bool = False) -> dict[str, float]:
    """Print the figures; return them by name."""
    by_step: dict[str, list[dict[str, bool | None]]] = defaultdict(list)
    claims = []
    for c in cases:
        verdict = judge(c, found.get(c.id, Found()))
        if c.positive:
            by_step[c.step].append(verdict)
        else:
            claims.append(verdict["claim"])
        if misses and (not all(v is not False for v in verdict.values()) if c.positive else verdict["claim"]):
            f = found.get(c.id, Found())
            print(f"  miss {c.id} {verdict} types={sorted(f.types)} patients={dict(f.patients)} "
                  f"agents={dict(f.agents)}: {c.text}", file=sys.stderr)  # fmt: skip
    figures: dict[str, float] = {}
    print(f"{'step':<16}{'n':>4}{'recall':>8}{'person':>9}{'agency':>9}")
    totals = {"person": [0, 0], "agency": [0, 0]}
    for step in STEPS:
        vs = by_step.get(step, [])
        if not vs:
            continue
        recall = sum(bool(v["step"]) for v in vs) / len(vs)
        figures[f"recall:{step}"] = recall
        cells = []
        for key in ("person", "agency"):
            judged = [v[key] for v in vs if v[key] is not None]
            totals[key][0] += sum(bool(x) for x in judged)
            totals[key][1] += len(judged)
            cells.append(f"{sum(bool(x) for x in judged)}/{len(judged)}")
        print(f"{step:<16}{len(vs):>4}{recall:>8.3f}{cells[0]:>9}{cells[1]:>9}")
    for key, (ok, n) in totals.items():
        figures[key] = ok / n if n else 1.0
    figures["false_claims"] = sum(claims) / len(claims) if claims else 0.0
    n_pos = sum(len(v) for v in by_step.values())
    print(f"sentences {n_pos} with a step, {len(claims)} without; "
          f"participants found {figures['person']:.3f} ({totals['person'][0]}/{totals['person'][1]}), "
          f"agencies found {figures['agency']:.3f} ({totals['agency'][0]}/{totals['agency'][1]}), "
          f"false claims {figures['false_claims']:.3f} ({sum(claims)}/{len(claims)})")
    return figures


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--misses", action="store_true", help="list every sentence with a miss on stderr")
    ap.add_argument("--folder", type=Path, default=DATA, help=f"the sentences (default: {DATA.relative_to(ROOT)})")
    a = ap.parse_args()
    cases = load_cases(a.folder)
    report(cases, run(cases), misses=a.misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
