"""Shared fixtures: the seed, resources, a CliRunner and --update-golden."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, settings

from kg.build import BuildResult, build_graph
from kg.model import Annotated, Document
from kg.pipeline import annotate
from kg.read import read_documents
from kg.resources import Resources

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "hebei-telecom-fraud-2020.txt"
SEED_DATE = dt.date(2020, 8, 20)
DATA = Path(__file__).parent / "data"
SHARED = ROOT.parent / "shared"

# no deadlines and no "too slow" health check: CI machines are shared and noisy
_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large]
settings.register_profile("ci", deadline=None, max_examples=200, suppress_health_check=_QUIET)
settings.register_profile("dev", deadline=None, max_examples=100, suppress_health_check=_QUIET)
settings.register_profile("fuzz", deadline=None, max_examples=10_000, suppress_health_check=_QUIET)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/data/golden")


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def resources() -> Resources:
    return Resources.default()


@pytest.fixture(scope="session")
def seed_doc() -> Document:
    docs, skipped = read_documents([SEED], published=SEED_DATE)
    assert not skipped
    return docs[0]


@pytest.fixture(scope="session")
def seed_ann(seed_doc: Document, resources: Resources) -> Annotated:
    return annotate(seed_doc, resources)


@pytest.fixture(scope="session")
def seed_build(seed_doc: Document, resources: Resources) -> BuildResult:
    return build_graph([seed_doc], resources)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def annotate_text(resources: Resources):  # type: ignore[no-untyped-def]
    """Annotate a small text published on ``published`` (default 2023-11-06)."""

    def run(text: str, published: dt.date | None = dt.date(2023, 11, 6)) -> Annotated:
        return annotate(Document("t", text, published=published), resources)

    return run
