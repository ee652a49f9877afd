"""The W3C Data Cube integrity constraints hold on built graphs (issue #12).

The constraints IC-1 … IC-21 are the SPARQL queries of the recommendation, kept as they are
in tests/data/datacube (see each file's header); they run after the recommendation's
normalisation, on a built graph plus ontology/kg.ttl (the data structure definition of
``kg:PoliceStatistics``), as the scorer loads them. Each must answer false. Built graphs:
the seed, our multi-document corpus, our republished-copies corpus, and the shared dev set
when it sits beside the checkout.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.resources import ontology_dir

from .conftest import DATA, SEED, SEED_DATE, SHARED

CUBE = DATA / "datacube"
QB = "http://purl.org/linked-data/cube#"
CONSTRAINTS = sorted(p for p in CUBE.glob("ic-*.rq") if not p.stem.endswith("-p"))
SOURCES = {
    "seed": SEED,
    "corpus": DATA / "sets" / "corpus" / "docs.jsonl",
    "republished": DATA / "republished" / "docs.jsonl",
    "dev": SHARED / "eval" / "dev" / "docs.jsonl",
}


def _cube(source: Path, tmp: Path) -> ox.Store:
    """A built graph and the ontology as one default graph, normalised (section 10.2)."""
    if not source.exists():
        pytest.skip(f"{source} is not beside the checkout")
    out = tmp / "g.nq"
    dated = ["--published", SEED_DATE.isoformat()] if source == SEED else []
    result = CliRunner().invoke(cli, ["build", str(source), *dated, "-o", str(out)])
    assert result.exit_code == 0, result.output
    store = ox.Store()
    store.extend(ox.Quad(q.subject, q.predicate, q.object) for q in ox.parse(path=out, format=ox.RdfFormat.N_QUADS))
    store.load(path=ontology_dir() / "kg.ttl", format=ox.RdfFormat.TURTLE)
    for phase in ("normalize-1.ru", "normalize-2.ru"):
        store.update((CUBE / phase).read_text(encoding="utf-8"))
    return store


def _instances(store: ox.Store, path: Path) -> list[str]:
    """IC-20 and IC-21 are templates: one query per parent-child property of the data."""
    template = path.read_text(encoding="utf-8")
    if "$p" not in template:
        return [template]
    select = (CUBE / f"{path.stem}-p.rq").read_text(encoding="utf-8")
    props = [row["p"].value for row in store.query(select)]  # type: ignore[union-attr]
    return [template.replace("$p", p) for p in props]


@pytest.fixture(scope="module", params=sorted(SOURCES))
def cube(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> ox.Store:
    return _cube(SOURCES[request.param], tmp_path_factory.mktemp(request.param))


def test_datacube_has_observations_with_a_structure(cube: ox.Store) -> None:
    observations = list(cube.quads_for_pattern(None, ox.NamedNode(QB + "dataSet"), None))
    assert observations
    assert cube.query(f"ASK {{ ?d <{QB}structure> ?s . ?s <{QB}component>/<{QB}componentProperty> ?p }}")


@pytest.mark.parametrize("constraint", CONSTRAINTS, ids=[p.stem for p in CONSTRAINTS])
def test_datacube_integrity_constraint_holds(cube: ox.Store, constraint: Path) -> None:
    for query in _instances(cube, constraint):
        assert not bool(cube.query(query)), f"{constraint.name} is violated"


def test_datacube_constraints_catch_a_duplicate_and_a_missing_dimension(tmp_path: Path) -> None:
    """The checks can fail: a copy of an observation under another IRI breaks IC-12,
    and an observation without its period breaks IC-11."""
    store = _cube(SOURCES["corpus"], tmp_path)
    obs = next(iter(store.quads_for_pattern(None, ox.NamedNode(QB + "dataSet"), None))).subject
    twin = ox.NamedNode(obs.value + "-twin")
    for q in list(store.quads_for_pattern(obs, None, None)):
        store.add(ox.Quad(twin, q.predicate, q.object))
    assert store.query((CUBE / "ic-12.rq").read_text(encoding="utf-8"))
    period = ox.NamedNode("http://purl.org/linked-data/sdmx/2009/dimension#refPeriod")
    for q in list(store.quads_for_pattern(twin, period, None)):
        store.remove(q)
    assert store.query((CUBE / "ic-11.rq").read_text(encoding="utf-8"))
