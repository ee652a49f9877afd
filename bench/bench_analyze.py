"""Benchmark ``kg analyze``: projections and measures on a synthetic ~1M-triple graph.

The graph follows the kg schema (events with agents, partners, places, crime types,
periods, figures and NIF sentences; organisations and places with hierarchies;
documents that mention entities) and is generated deterministically. Prints figures;
asserts nothing.

Usage: .venv/bin/python bench/bench_analyze.py [--events 48000] [--samples 64]
"""

from __future__ import annotations

import argparse
import random
import resource
import time
from collections.abc import Callable, Iterator
from typing import TypeVar

import pyoxigraph as ox

from kg.analyze.metrics import METRICS, compute_metrics
from kg.analyze.project import VIEWS, project
from kg.analyze.timeseries import observations

T = TypeVar("T")
KG = "https://example.org/kg/ontology#"
ID = "https://example.org/kg/id/"
S = "https://schema.org/"
SEM = "http://semanticweb.cs.vu.nl/2009/11/sem/"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
ORG = "http://www.w3.org/ns/org#"
XSD = "http://www.w3.org/2001/XMLSchema#"
A = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
EVENT_TYPES = ["Arrest", "CaseSolved", "Seizure", "FundsFrozen", "Publicity", "Cooperation"]


def n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def lit(value: object, dtype: str | None = None) -> ox.Literal:
    if dtype:
        return ox.Literal(str(value), datatype=n(XSD + dtype))
    return ox.Literal(str(value), language="zh")


def generate(events: int, seed: int = 7) -> Iterator[ox.Quad]:
    """Triples of a synthetic corpus; organisations and places scale with ``events``."""
    rnd = random.Random(seed)
    n_org, n_place, n_crime, n_platform = events // 20, events // 100, 60, 40
    n_doc = events // 10
    for i in range(n_place):
        p = n(f"{ID}place/{i:06d}")
        yield from _triples(p, [(A, n(S + "Place")), (A, n(S + "AdministrativeArea")),
                                (n(RDFS + "label"), lit(f"地方{i}"))])  # fmt: skip
        if i >= 30:
            yield ox.Quad(p, n(S + "containedInPlace"), n(f"{ID}place/{rnd.randrange(30):06d}"))
    for i in range(n_org):
        o = n(f"{ID}org/{i:06d}")
        yield from _triples(o, [(A, n(S + "Organization")), (A, n(KG + "PoliceAgency")),
                                (n(RDFS + "label"), lit(f"公安局{i}")),
                                (n(SKOS + "altLabel"), lit(f"警方{i}"))])  # fmt: skip
        if i >= 50:
            yield ox.Quad(o, n(ORG + "subOrganizationOf"), n(f"{ID}org/{rnd.randrange(i):06d}"))
    for i in range(n_crime):
        yield ox.Quad(n(f"{ID}crimetype/{i:04d}"), A, n(KG + "CrimeType"))
        yield ox.Quad(n(f"{ID}crimetype/{i:04d}"), n(RDFS + "label"), lit(f"诈骗{i}"))
    for i in range(n_platform):
        yield ox.Quad(n(f"{ID}platform/{i:04d}"), A, n(KG + "Platform"))
        yield ox.Quad(n(f"{ID}platform/{i:04d}"), n(RDFS + "label"), lit(f"平台{i}"))
    for d in range(n_doc):
        doc = n(f"{ID}doc/d{d:06d}")
        yield ox.Quad(doc, n(S + "identifier"), ox.Literal(f"d{d:06d}"))
        for _ in range(3):
            yield ox.Quad(doc, n(S + "mentions"), n(f"{ID}crimetype/{rnd.randrange(n_crime):04d}"))
            yield ox.Quad(doc, n(S + "mentions"), n(f"{ID}platform/{rnd.randrange(n_platform):04d}"))
    for e in range(events):
        yield from _event(rnd, e, n_org, n_place, n_crime, n_doc)


def _event(rnd: random.Random, e: int, n_org: int, n_place: int, n_crime: int, n_doc: int) -> Iterator[ox.Quad]:
    ev = n(f"{ID}event/{e:07d}")
    doc = n(f"{ID}doc/d{e % n_doc:06d}")
    etype = EVENT_TYPES[rnd.randrange(len(EVENT_TYPES))]
    sent = n(f"{ID}doc/d{e % n_doc:06d}/sentence/{e // n_doc}")
    q = n(f"{ID}quantity/{e:07d}")
    month = rnd.randrange(1, 13)
    pairs = [
        (A, n(KG + "PoliceEvent")), (A, n(KG + etype)), (n(SEM + "eventType"), n(KG + etype)),
        (n(RDFS + "label"), lit("抓获")), (n(KG + "agent"), n(f"{ID}org/{rnd.randrange(n_org):06d}")),
        (n(SEM + "hasPlace"), n(f"{ID}place/{rnd.randrange(n_place):06d}")),
        (n(KG + "crimeType"), n(f"{ID}crimetype/{rnd.randrange(n_crime):04d}")),
        (n(S + "subjectOf"), doc), (n(NIF + "sentence"), sent),
        (n(SEM + "hasBeginTimeStamp"), lit(f"2020-{month:02d}-01", "date")),
        (n(SEM + "hasEndTimeStamp"), lit(f"2020-{month:02d}-28", "date")), (n(KG + "quantity"), q),
    ]  # fmt: skip
    if rnd.random() < 0.3:
        pairs.append((n(KG + "partner"), n(f"{ID}org/{rnd.randrange(n_org):06d}")))
    yield from _triples(ev, pairs)
    yield from _triples(q, [(A, n(S + "QuantitativeValue")), (n(S + "value"), lit(rnd.randrange(1, 5000), "integer")),
                            (n(S + "unitText"), lit("名")), (n(KG + "approximate"), lit("false", "boolean"))])  # fmt: skip
    yield from _triples(sent, [(A, n(NIF + "Sentence")), (n(NIF + "anchorOf"), ox.Literal(f"句子{e}")),
                               (n(NIF + "beginIndex"), lit(e // n_doc * 40, "integer")),
                               (n(NIF + "referenceContext"), doc)])  # fmt: skip


def _triples(s: ox.NamedNode, pairs: list[tuple[ox.NamedNode, ox.NamedNode | ox.Literal]]) -> Iterator[ox.Quad]:
    for p, o in pairs:
        yield ox.Quad(s, p, o)


def timed(label: str, fn: Callable[[], T]) -> T:
    start = time.perf_counter()
    value = fn()
    print(f"  {label:<38} {time.perf_counter() - start:8.3f} s")
    return value


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=48_000)
    parser.add_argument("--samples", type=int, default=64, help="betweenness sample size")
    args = parser.parse_args()
    store = ox.Store()
    timed("generate + load", lambda: store.extend(generate(args.events)))
    print(f"triples: {len(store):,}   peak RSS {peak_rss_mib():.0f} MiB")
    print("projections:")
    graphs = {v: timed(f"{v}", lambda v=v: project(store, v)) for v in VIEWS}  # type: ignore[misc]
    for v, g in graphs.items():
        print(f"  {v:<38} {g.number_of_nodes():>8,} nodes {g.number_of_edges():>9,} edges")
    for view in ("cooperation", "bipartite", "org-hierarchy"):
        g = graphs[view]
        print(f"measures on {view}:")
        for m in METRICS:
            timed(m, lambda m=m, g=g: compute_metrics(g, [m], samples=args.samples))  # type: ignore[misc]
    print("time series:")
    rows = timed("observations (all event types)", lambda: observations(store))
    print(f"  {len(rows):,} figures listed")
    print(f"peak RSS {peak_rss_mib():.0f} MiB")


if __name__ == "__main__":
    main()
