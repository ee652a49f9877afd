"""Issue #5, validation: built graphs conform to ontology/shapes.ttl; broken ones are caught."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.build import BuildResult, build_graph
from kg.cli import cli
from kg.rdf.query import read_named_query, run_query
from kg.rdf.store import RdfFormat, serialize
from kg.read import read_documents
from kg.resources import ontology_dir
from kg.validate import Report, Violation, format_text, format_turtle, validate_store

from .conftest import SHARED

pytest.importorskip("pyshacl")

DEV = SHARED / "eval" / "dev" / "docs.jsonl"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
SEM = "http://semanticweb.cs.vu.nl/2009/11/sem/"
SCHEMA = "https://schema.org/"
TIME = "http://www.w3.org/2006/time#"
KG = "https://example.org/kg/ontology#"
XSD = "http://www.w3.org/2001/XMLSchema#"


def _store(quads: list[ox.Quad]) -> ox.Store:
    store = ox.Store()
    store.extend(quads)
    return store


def _first(store: ox.Store, sparql: str) -> dict[str, ox.NamedNode | ox.Literal]:
    result = store.query(sparql, use_default_graph_as_union=True)
    assert isinstance(result, ox.QuerySolutions)
    variables = [v.value for v in result.variables]
    for sol in result:
        return {v: sol[v] for v in variables}  # type: ignore[misc]
    raise AssertionError(f"no row for {sparql}")


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _remove(store: ox.Store, s: ox.NamedNode, p: str) -> None:
    for q in list(store.quads_for_pattern(s, _n(p), None)):
        store.remove(q)


def _set(store: ox.Store, s: ox.NamedNode, p: str, o: ox.NamedNode | ox.Literal) -> None:
    graphs = {q.graph_name for q in store.quads_for_pattern(s, _n(p), None)} or {ox.DefaultGraph()}
    _remove(store, s, p)
    for g in graphs:
        store.add(ox.Quad(s, _n(p), o, g))


def _int(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=_n(XSD + "integer"))


def _date(d: str) -> ox.Literal:
    return ox.Literal(d, datatype=_n(XSD + "date"))


# ------------------------------------------------------------- conformance
def test_validate_seed_graph_conforms(seed_build: BuildResult) -> None:
    report = validate_store(_store(seed_build.quads))
    assert report.violations == []
    assert report.conforms
    assert report.triples > 1000


@pytest.mark.slow
@pytest.mark.skipif(not DEV.exists(), reason="dev set not available")
def test_validate_dev_graph_conforms() -> None:
    docs, skipped = read_documents([DEV])
    assert not skipped
    result = build_graph(docs)
    report = validate_store(_store(result.quads))
    assert report.violations == []
    assert report.triples > 10_000


# ---------------------------------------------------------------- breakage
def _event(store: ox.Store) -> ox.NamedNode:
    row = _first(store, f"SELECT ?e WHERE {{ ?e a <{KG}PoliceEvent> ; <{SEM}hasTime> ?t }} ORDER BY ?e")
    return row["e"]  # type: ignore[return-value]


def _quantity(store: ox.Store) -> ox.NamedNode:
    row = _first(store, f"SELECT ?q WHERE {{ ?q a <{SCHEMA}QuantitativeValue> }} ORDER BY ?q")
    return row["q"]  # type: ignore[return-value]


def _anchor(store: ox.Store) -> ox.NamedNode:
    row = _first(store, f"SELECT ?a WHERE {{ ?e <http://www.w3.org/ns/prov#wasDerivedFrom> ?a . ?e a <{KG}PoliceEvent> }} ORDER BY ?a")
    return row["a"]  # type: ignore[return-value]


def _entity(store: ox.Store) -> ox.NamedNode:
    row = _first(store, f"SELECT ?x WHERE {{ ?x a <{KG}Platform> }} ORDER BY ?x")
    return row["x"]  # type: ignore[return-value]


def _break_event_type(store: ox.Store) -> tuple[str, str]:
    e = _event(store)
    _remove(store, e, SEM + "eventType")
    return e.value, SEM + "eventType"


def _break_two_event_types(store: ox.Store) -> tuple[str, str]:
    e = _event(store)
    store.add(ox.Quad(e, _n(SEM + "eventType"), _n(KG + "Arrest")))
    store.add(ox.Quad(e, _n(SEM + "eventType"), _n(KG + "Fraud")))
    return e.value, SEM + "eventType"


def _break_provenance(store: ox.Store) -> tuple[str, str]:
    e = _event(store)
    _remove(store, e, "http://www.w3.org/ns/prov#wasDerivedFrom")
    return e.value, "http://www.w3.org/ns/prov#wasDerivedFrom"


def _break_provenance_class(store: ox.Store) -> tuple[str, str]:
    e = _event(store)
    _set(store, e, "http://www.w3.org/ns/prov#wasDerivedFrom", _n("https://example.org/nowhere"))
    return e.value, "http://www.w3.org/ns/prov#wasDerivedFrom"


def _break_two_periods(store: ox.Store) -> tuple[str, str]:
    e = _event(store)
    store.add(ox.Quad(e, _n(SEM + "hasTime"), _n("https://example.org/kg/id/interval/other")))
    return e.value, SEM + "hasTime"


def _break_period_order(store: ox.Store) -> tuple[str, str]:
    t = _first(store, f"SELECT ?t WHERE {{ ?e <{SEM}hasTime> ?t . ?t <{TIME}hasBeginning> ?b ; <{TIME}hasEnd> ?x }} ORDER BY ?t")["t"]
    assert isinstance(t, ox.NamedNode)
    begin = _n(t.value + "/begin-late")
    _set(store, t, TIME + "hasBeginning", begin)
    store.add(ox.Quad(begin, _n(TIME + "inXSDDate"), _date("2999-12-31")))
    return t.value, ""


def _break_timestamps(store: ox.Store) -> tuple[str, str]:
    e = _event(store)
    _set(store, e, SEM + "hasBeginTimeStamp", _date("2999-01-01"))
    _set(store, e, SEM + "hasEndTimeStamp", _date("2000-01-01"))
    return e.value, SEM + "hasBeginTimeStamp"


def _break_quantity_value(store: ox.Store) -> tuple[str, str]:
    q = _quantity(store)
    _remove(store, q, SCHEMA + "value")
    return q.value, SCHEMA + "value"


def _break_quantity_not_numeric(store: ox.Store) -> tuple[str, str]:
    q = _quantity(store)
    _set(store, q, SCHEMA + "value", ox.Literal("四千"))
    return q.value, SCHEMA + "value"


def _break_quantity_unit(store: ox.Store) -> tuple[str, str]:
    q = _quantity(store)
    _remove(store, q, SCHEMA + "unitText")
    return q.value, SCHEMA + "unitText"


def _break_anchor_order(store: ox.Store) -> tuple[str, str]:
    a = _anchor(store)
    _set(store, a, NIF + "beginIndex", _int(10**6))
    return a.value, NIF + "beginIndex"


def _break_anchor_not_integer(store: ox.Store) -> tuple[str, str]:
    a = _anchor(store)
    _set(store, a, NIF + "endIndex", ox.Literal("12"))
    return a.value, NIF + "endIndex"


def _break_anchor_outside(store: ox.Store) -> tuple[str, str]:
    a = _anchor(store)
    _set(store, a, NIF + "endIndex", _int(10**7))
    doc = _first(store, f"SELECT ?d WHERE {{ <{a.value}> <{NIF}referenceContext> ?d }}")["d"]
    return doc.value, ""


def _break_anchor_text(store: ox.Store) -> tuple[str, str]:
    a = _anchor(store)
    _set(store, a, NIF + "anchorOf", ox.Literal("不对"))
    return a.value, NIF + "anchorOf"


def _break_context_span(store: ox.Store) -> tuple[str, str]:
    doc = _first(store, f"SELECT ?d WHERE {{ ?d <{NIF}isString> ?t }} ORDER BY ?d")["d"]
    assert isinstance(doc, ox.NamedNode)
    _set(store, doc, NIF + "endIndex", _int(3))  # a NIF context spans its whole text
    return doc.value, ""


def _break_entity_label(store: ox.Store) -> tuple[str, str]:
    x = _entity(store)
    _remove(store, x, RDFS + "label")
    return x.value, RDFS + "label"


BREAKAGES: list[Callable[[ox.Store], tuple[str, str]]] = [
    _break_event_type, _break_two_event_types, _break_provenance, _break_provenance_class,
    _break_two_periods, _break_period_order, _break_timestamps, _break_quantity_value,
    _break_quantity_not_numeric, _break_quantity_unit, _break_anchor_order,
    _break_anchor_not_integer, _break_anchor_outside, _break_anchor_text, _break_entity_label,
    _break_context_span,
]  # fmt: skip


@pytest.mark.parametrize("breakage", BREAKAGES, ids=[b.__name__.removeprefix("_break_") for b in BREAKAGES])
def test_validate_reports_each_breakage(seed_build: BuildResult, breakage: Callable[[ox.Store], tuple[str, str]]) -> None:
    store = _store(seed_build.quads)
    focus, path = breakage(store)
    report = validate_store(store)
    assert not report.conforms
    hits = [v for v in report.violations if v.focus == focus and (not path or v.path == path)]
    assert hits, format_text(report)


def test_validate_reports_all_breakages_at_once(seed_build: BuildResult) -> None:
    store = _store(seed_build.quads)
    expected = [b(store) for b in (_break_event_type, _break_quantity_value, _break_anchor_text)]
    report = validate_store(store)
    for focus, path in expected:
        assert any(v.focus == focus and v.path == path for v in report.violations)
    assert any(v.source == "anchor" for v in report.violations)


# --------------------------------------------------------------------- CLI
@pytest.fixture
def graphs(seed_build: BuildResult, tmp_path: Path) -> tuple[Path, Path]:
    good = tmp_path / "good.nq"
    good.write_bytes(serialize(seed_build.quads, RdfFormat.NQUADS))
    store = _store(seed_build.quads)
    _break_event_type(store)
    _break_anchor_text(store)
    bad = tmp_path / "bad.nq"
    bad.write_bytes(serialize(list(store), RdfFormat.NQUADS))
    return good, bad


def test_cli_validate_conforming_graph_exits_0(runner: CliRunner, graphs: tuple[Path, Path]) -> None:
    result = runner.invoke(cli, ["validate", str(graphs[0])])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("conforms (")
    assert result.stderr.startswith("validated ")


def test_cli_validate_violations_exit_1_with_one_line_each(runner: CliRunner, graphs: tuple[Path, Path]) -> None:
    result = runner.invoke(cli, ["validate", str(graphs[1])])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[-1].startswith("2 violation(s)")
    assert any("sem:eventType" in line and "exactly one sem:eventType" in line for line in lines)
    assert any("nif:anchorOf" in line and "不对" in line for line in lines)
    assert "Traceback" not in result.output


def test_cli_validate_turtle_report_is_shacl_and_deterministic(runner: CliRunner, graphs: tuple[Path, Path]) -> None:
    first = runner.invoke(cli, ["validate", str(graphs[1]), "--format", "ttl"])
    second = runner.invoke(cli, ["validate", str(graphs[1]), "--format", "ttl"])
    assert first.exit_code == 1
    assert first.stdout_bytes == second.stdout_bytes
    triples = list(ox.parse(first.stdout_bytes, format=ox.RdfFormat.TURTLE))
    sh = "http://www.w3.org/ns/shacl#"
    assert sum(t.object == _n(sh + "ValidationResult") for t in triples) == 2
    assert any(t.predicate == _n(sh + "conforms") and t.object.value == "false" for t in triples)


def test_cli_validate_bad_graph_file_is_one_line_error(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "broken.ttl"
    bad.write_text("<a> <b> .", encoding="utf-8")
    result = runner.invoke(cli, ["validate", str(bad)])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert len(result.stderr.strip().splitlines()) == 1


def test_cli_validate_custom_shapes(runner: CliRunner, graphs: tuple[Path, Path], tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "<urn:s> a sh:NodeShape ; sh:targetClass <https://schema.org/NewsArticle> ;\n"
        "  sh:property [ sh:path <https://schema.org/headline> ; sh:minCount 1 ; sh:message \"no headline\" ] .\n",
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["validate", str(graphs[0]), "--shapes", str(shapes)])
    assert result.exit_code == 1
    assert "no headline" in result.stdout
    broken = tmp_path / "broken-shapes.ttl"
    broken.write_text("@prefix sh: <x", encoding="utf-8")
    result = runner.invoke(cli, ["validate", str(graphs[0]), "--shapes", str(broken)])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert "Traceback" not in result.output


def test_validate_text_report_is_sorted_and_short() -> None:
    report = Report([Violation("https://example.org/kg/id/event/b", f"{SEM}eventType", "m", "x" * 200),
                     Violation("https://example.org/kg/id/event/a", f"{SEM}eventType", "m")], 10)  # fmt: skip
    text = format_text(report)
    assert text.splitlines()[-1] == "2 violation(s) (10 triples)"
    assert "…" in text
    assert b"ValidationReport" in format_turtle(report)


# ------------------------------------------------- shapes are not data
def test_validate_shapes_add_no_instance_data() -> None:
    shapes = ontology_dir() / "shapes.ttl"
    triples = list(ox.parse(path=str(shapes), format=ox.RdfFormat.TURTLE))
    predicates = {t.predicate.value for t in triples}
    assert SEM + "eventType" not in predicates
    assert SCHEMA + "identifier" not in predicates
    assert not any(t.predicate == _n(RDF + "type") and t.object == _n(KG + "EntityReference") for t in triples)


def test_validate_shapes_leave_the_contract_queries_unchanged(seed_build: BuildResult) -> None:
    for name in ("entities", "events", "quantities"):
        rows = []
        for files in (["kg.ttl"], sorted(p.name for p in ontology_dir().glob("*.ttl"))):
            store = _store(seed_build.quads)
            for f in files:
                store.bulk_load(path=str(ontology_dir() / f), format=ox.RdfFormat.TURTLE)
            table = run_query(store, read_named_query(name))
            rows.append(json.dumps([[str(c) for c in r] for r in table.rows]))  # type: ignore[union-attr]
        assert rows[0] == rows[1], name
