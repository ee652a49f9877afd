"""One statistic across a corpus (issue #12 item 8), on republished copies of our own.

tests/data/republished: a city bureau's release, two portals that republish its figure
paragraph (a masthead, a dateline, a line of their own), a later release of the same
bureau with other figures, and another city's bureau with the same number. The shared
figures are one ``kg:statistic`` with a report count; each document keeps its own figure,
anchored in its own text; a store after adds and removes equals a fresh build.
"""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import kg.build
from kg.build import build_graph, build_to_store, remove_from_store
from kg.cli import cli
from kg.model import Document
from kg.rdf.query import ResultTable, named_queries, read_named_query, run_query
from kg.rdf.store import load_graph
from kg.read import read_documents

from .conftest import DATA
from .test_store_dir import _export, _fresh

CORPUS = DATA / "republished" / "docs.jsonl"
KG = "https://example.org/kg/ontology#"
COPIES = {"wenzhou-police-release", "portal-a-repost", "portal-b-repost"}


@functools.cache
def _docs() -> tuple[Document, ...]:
    docs, skipped = read_documents([CORPUS], corpus="republished")
    assert not skipped
    return tuple(docs)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> ox.Store:
    out = tmp_path_factory.mktemp("republished") / "g.ttl"
    result = CliRunner().invoke(cli, ["build", str(CORPUS), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return load_graph([out])


def _rows(store: ox.Store, name: str) -> list[dict[str, str | None]]:
    table = run_query(store, read_named_query(name))
    assert isinstance(table, ResultTable)
    return [{v: None if c is None else c.value for v, c in zip(table.variables, r, strict=True)}  # type: ignore[union-attr]
            for r in table.rows]  # fmt: skip


def test_republished_figure_is_one_statistics_row_with_its_report_count(store: ox.Store) -> None:
    rows = [r for r in _rows(store, "statistics") if r["value"] == "1268"]
    shared = [r for r in rows if r["area"] == "温州市"]
    assert [(r["reports"], r["doc"]) for r in shared] == [("3", "wenzhou-police-release")]  # the earliest
    other = [r for r in rows if r["area"] == "杭州市"]  # the same number from another bureau
    assert [r["reports"] for r in other] == ["1"]
    arrests = [r for r in _rows(store, "arrests_by_agency") if r["suspects"] == "2045"]
    assert [(r["agency"], r["reports"]) for r in arrests] == [("温州市公安局", "3")]


def test_republished_contract_queries_keep_each_documents_own_figures(store: ox.Store) -> None:
    docs = {r["doc"] for r in _rows(store, "quantities") if r["value"] == "1268"}
    assert docs == COPIES | {"hangzhou-same-number"}
    events = {r["doc"] for r in _rows(store, "events") if r["type"] == KG + "CaseSolved"}
    assert events >= COPIES


def test_republished_each_report_is_anchored_in_its_own_text(store: ox.Store) -> None:
    q = f"""
    PREFIX kg: <{KG}>
    PREFIX prov: <http://www.w3.org/ns/prov#>
    PREFIX schema: <https://schema.org/>
    PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
    SELECT ?stat ?n ?id ?anchor WHERE {{
      ?stat kg:reportCount ?n .
      ?q kg:statistic ?stat ; prov:wasDerivedFrom ?a .
      ?e kg:quantity ?q ; schema:subjectOf ?d .
      ?d schema:identifier ?id .
      ?a nif:referenceContext ?d ; nif:anchorOf ?anchor .
    }}"""
    rows = [(r["stat"].value, int(r["n"].value), r["id"].value, r["anchor"].value)
            for r in store.query(q, use_default_graph_as_union=True)]  # type: ignore[union-attr]
    cases = [r for r in rows if r[3] == "1268起" and r[2] in COPIES]
    assert len({r[0] for r in cases}) == 1  # one statistic …
    assert sorted(r[2] for r in cases) == sorted(COPIES)  # … anchored in each copy
    assert all(n == len({r[2] for r in rows if r[0] == stat}) for stat, n, _, _ in rows)


def test_republished_every_shipped_query_runs(store: ox.Store) -> None:
    for name in named_queries():
        run_query(store, read_named_query(name), params={"name": "温州市公安局"})


def test_figures_of_one_document_that_share_dimensions_are_not_shared() -> None:
    """冻结 and 紧急止付 are both FundsFrozen of 涉案资金 by one bureau in one period: two
    figures, so neither becomes a statistic (one node with two values would be wrong)."""
    text = "今年1至6月，温州市公安局共冻结涉案资金3.2亿元，紧急止付涉案资金1.5亿元。"
    docs = [Document("a", text, published=_docs()[0].published)]
    quads = build_graph(docs).quads
    frozen = [q for q in quads if q.predicate.value == KG + "statistic"]
    values = {q.object.value for q in quads if q.predicate.value.endswith("#obsValue")}
    assert not frozen, values


_process = functools.cache(kg.build.process_document)


@settings(max_examples=10, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.sets(st.integers(0, 4), min_size=1, max_size=3)),
                min_size=1, max_size=5))  # fmt: skip
def test_republished_store_after_adds_and_removes_equals_a_fresh_build(steps: list[tuple[bool, set[int]]]) -> None:
    docs = list(_docs())
    original = kg.build.process_document
    kg.build.process_document = lambda d, res=None, provenance="all", **_: _process(d, None, provenance)  # type: ignore[assignment]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            path, present = Path(tmp) / "s", set()
            for add, which in steps:
                if add:
                    build_to_store(path, [docs[i] for i in sorted(which)])
                    present |= which
                elif which & present:
                    remove_from_store(path, [docs[i].id for i in sorted(which & present)])
                    present -= which
            if present:
                assert _export(path) == _fresh([docs[i] for i in sorted(present)])
    finally:
        kg.build.process_document = original  # type: ignore[assignment]


def test_a_real_name_is_one_person_only_where_the_context_agrees() -> None:
    docs = [
        Document("a", "南京市公安局玄武分局民警张建国在新街口抓获盗窃嫌疑人王某。"),
        Document("b", "江苏省苏州市公安局通报，民警张建国获评优秀民警，嫌疑人王某被刑事拘留。"),
        Document("c", "广州市公安局天河分局民警张建国破获一起诈骗案。"),
        Document("d", "民警张建国提醒市民注意防范电信网络诈骗。"),
        Document("e", "南京市公安局民警张建国与苏州市公安局、杭州市公安局、宁波市公安局联合办案。"),
    ]
    res = build_graph(docs).resolution
    nodes: dict[str, set[str]] = {}
    for doc in docs:
        for key in res.labels_of(doc.id):
            if key.startswith("person:"):
                nodes.setdefault(res.entities[key].label, set()).add(key)
    # 江苏 (a, b), 广东 (c), d (no place at all), e (places split evenly: its own)
    assert len(nodes["张建国"]) == 4
    assert len(nodes["王某"]) == 2  # a pseudonym never leaves its document


def test_a_byline_is_one_reporter_per_outlet_whatever_the_province() -> None:
    docs = [
        Document("a", "记者 周明远\n南京市公安局破获一起诈骗案。", source="法治日报"),
        Document("b", "记者 周明远\n广州市公安局破获一起诈骗案。", source="法治日报"),
        Document("c", "记者 周明远\n广州市公安局抓获嫌疑人。", source="羊城晚报"),
    ]
    res = build_graph(docs).resolution
    keys = {k for d in docs for k in res.labels_of(d.id) if res.entities[k].label == "周明远"}
    assert len(keys) == 2  # 法治日报's reporter in both provinces; 羊城晚报's is another


def test_republished_time_series_lists_a_shared_figure_once(store: ox.Store) -> None:
    from kg.analyze.timeseries import observations

    rows = [o for o in observations(store, "CaseSolved") if o.value == 1268]
    assert sorted((o.place, o.doc) for o in rows) == [("杭州市", "hangzhou-same-number"),
                                                    ("温州市", "wenzhou-police-release")]  # fmt: skip


def test_a_real_name_keeps_its_province_when_the_story_goes_abroad() -> None:
    docs = [
        Document("a", "台州市公安局在浙江台州抓获犯罪嫌疑人王永强。"),
        Document("b", "王永强在美国、美国纽约和美国洛杉矶购买枪支，后被浙江台州警方抓获。"),
        Document("c", "公安部新闻发言人李明远介绍了全国公安机关打击电诈的情况。"),
        Document("d", "公安部新闻发言人李明远表示，将继续严打。"),
    ]
    res = build_graph(docs).resolution
    keys = {res.entities[k].label: set() for d in docs for k in res.labels_of(d.id)}
    for d in docs:
        for k in res.labels_of(d.id):
            keys[res.entities[k].label].add(k)
    assert len(keys["王永强"]) == 1  # places abroad do not outweigh the story's province
    assert len(keys["李明远"]) == 1  # two briefings without places: one spokesperson
