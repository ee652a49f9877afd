"""The justice chain (issue #11): every step that happens to a person, from the report to
the sentence, in headlines and in prose.

The sentences are in ``tests/data/justice`` (written for kg; see its README). Each one is
built through ``kg build`` and read back through the shipped ``events.rq``, as the
evaluation reads it: the step must be a ``?type`` of its document, the person a ``?patient``
of that step and the agency an ``?agent``; a sentence that only mentions a step must claim
none. ``scripts/justice_recall.py`` prints the same figures.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from click.testing import CliRunner

from kg.cli import cli

from .conftest import DATA, ROOT

JUSTICE = DATA / "justice"
HOLDOUT = JUSTICE / "holdout"


@cache
def _recall() -> ModuleType:
    spec = importlib.util.spec_from_file_location("justice_recall", ROOT / "scripts" / "justice_recall.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


CASES = _recall().load_cases(JUSTICE) + _recall().load_cases(HOLDOUT)


def _params(positive: bool) -> list[Any]:
    out = []
    for c in CASES:
        if c.positive != positive:
            continue
        marks = [pytest.mark.xfail(reason=c.details["xfail"], strict=True)] if "xfail" in c.details else []
        out.append(pytest.param(c, id=c.id, marks=marks))
    return out


@pytest.fixture(scope="module")
def built() -> tuple[dict[str, Any], dict[str, Any]]:
    return _recall().build(CASES)  # type: ignore[no-any-return]


@pytest.mark.parametrize("case", _params(True))
def test_justice_step_person_and_agency(built, case) -> None:  # type: ignore[no-untyped-def]
    found, docs = built
    got = found.get(case.id)
    verdict = _recall().judge(case, got or _recall().Found())
    assert verdict["step"], f"no {case.step} in events.rq: {case.text}"
    assert verdict["person"] is not False, (case.person, dict(got.patients) if got else {})
    assert verdict["agency"] is not False, (case.agency, dict(got.agents) if got else {})
    events = [e for e in docs[case.id].events if e.type == case.step and e.happened]
    for key in ("term", "custody", "penalty", "reason"):
        if key in case.details:
            assert case.details[key] in {getattr(e, key) for e in events}, (key, case.text)


@pytest.mark.parametrize("case", _params(False))
def test_justice_no_step_claimed(built, case) -> None:  # type: ignore[no-untyped-def]
    found, _ = built
    got = found.get(case.id) or _recall().Found()
    assert not _recall().judge(case, got)["claim"], (case.why, sorted(got.types))


@pytest.mark.parametrize("folder", [JUSTICE, HOLDOUT], ids=["written", "holdout"])
def test_justice_targets(built, folder: Path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    """Recall per step ≥ 0.95, participants found ≥ 0.90, false claims ≤ 0.02 (issue #11)."""
    found, _ = built
    cases = [c for c in CASES if c in _recall().load_cases(folder)]
    figures = _recall().report(cases, found)
    capsys.readouterr()
    recalls = {k: v for k, v in figures.items() if k.startswith("recall:")}
    assert len(recalls) == 14
    assert min(recalls.values()) >= 0.95, recalls
    assert figures["person"] >= 0.90
    assert figures["false_claims"] <= 0.02


def test_justice_enough_sentences() -> None:
    """At least 15 sentences per step and 60 that mention a step without it happening."""
    written = _recall().load_cases(JUSTICE)
    per_step: dict[str, int] = {}
    for c in written:
        if c.positive:
            per_step[c.step] = per_step.get(c.step, 0) + 1
    assert len(per_step) == 14, per_step
    assert min(per_step.values()) >= 15, per_step
    assert sum(not c.positive for c in written) >= 60


# ------------------------------------------------------------------ queries
CASE_STORY = (
    "西湖区法院一审宣判一起养老诈骗案\n"
    "2023年3月5日，杭州市公安局西湖分局接到群众报警后，对犯罪嫌疑人陈某某立案侦查。"
    "2023年3月8日，陈某某被刑事拘留。2023年4月12日，经杭州市西湖区人民检察院批准，陈某某被依法逮捕。"
    "2023年6月30日，西湖区人民检察院以诈骗罪对陈某某提起公诉。2023年9月14日，杭州市西湖区人民法院"
    "公开开庭审理此案。2023年11月2日，法院以诈骗罪判处陈某某有期徒刑四年，并处罚金人民币5万元。"
)
CORPUS = [
    {"id": "story", "published": "2023-11-10", "text": CASE_STORY},
    {"id": "rumour", "published": "2024-03-02",
     "text": "3月1日，网民刘某在微信群散布“某地发生重大疫情”的谣言，被北京市公安局朝阳分局依法行政拘留五日。"},
    {"id": "drunk", "published": "2024-03-20",
     "text": "3月18日晚，一名38岁的男子醉酒驾驶机动车被查获，目前已被刑事拘留。另有两名男子因酒后驾驶被行政拘留十日。"},
    {"id": "summons", "published": "2024-04-01",
     "text": "3月29日，国家网信办约谈新浪微博，要求其立即整改。同日，市场监管总局约谈某外卖平台。"},
    {"id": "other", "published": "2024-04-02",
     "text": "涉事男子因散布谣言被警方行政拘留。该男子今年25岁。"},
]


@pytest.fixture(scope="module")
def corpus_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("justice")
    docs = folder / "docs.jsonl"
    docs.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in CORPUS), encoding="utf-8")
    out = folder / "graph.ttl"
    result = CliRunner().invoke(cli, ["build", str(docs), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def _query(graph: Path, name: str, *params: str) -> list[dict[str, Any]]:
    args = ["query", str(graph), "--name", name, "--format", "jsonl"]
    for p in params:
        args += ["--param", p]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def test_justice_case_history_follows_one_person_in_order(corpus_graph: Path) -> None:
    rows = _query(corpus_graph, "case_history", "name=陈某某")
    steps = [(r["position"], r["step"], r["start"]) for r in rows]
    assert [s for _, s, _ in steps] == ["立案", "拘留", "批准逮捕", "起诉", "开庭审理", "判决"]
    assert [d for _, _, d in steps] == ["2023-03-05", "2023-03-08", "2023-04-12", "2023-06-30",
                                        "2023-09-14", "2023-11-02"]  # fmt: skip
    assert [p for p, _, _ in steps] == [1, 2, 3, 4, 5, 6]
    by_step = {r["step"]: r for r in rows}
    assert by_step["立案"]["agent"] == "杭州市公安局西湖分局"
    assert by_step["起诉"]["agent"] in {"西湖区人民检察院", "杭州市西湖区人民检察院"}
    assert by_step["判决"]["term"] == "P4Y"
    assert by_step["判决"]["penalty"] == "有期徒刑"
    assert by_step["拘留"]["custody"] == "刑事拘留"


def test_justice_person_query_lists_the_history_in_order(corpus_graph: Path) -> None:
    rows = _query(corpus_graph, "person", "name=陈某某")
    chain = [r["eventType"].rsplit("#", 1)[-1] for r in rows if r["step"] is not None]
    assert chain == ["CaseFiled", "Detention", "ArrestApproval", "Prosecution", "Trial", "Sentencing"]


def test_justice_case_history_of_every_person_and_participant(corpus_graph: Path) -> None:
    rows = _query(corpus_graph, "case_history")
    people = {(r["doc"], r["person"]) for r in rows}
    assert ("rumour", "刘某") in people
    assert ("drunk", "一名38岁的男子") in people
    assert ("drunk", "两名男子") in people
    assert ("other", "涉事男子") in people


def test_justice_detentions_by_reason(corpus_graph: Path) -> None:
    rows = _query(corpus_graph, "detentions_by_reason")
    got = {(r["reason"], r["month"], r["custody"]): r for r in rows}
    rumour = got[("散布谣言", "2024-03", "行政拘留")]
    assert rumour["detentions"] == 1
    assert rumour["minDays"] == 5
    assert rumour["docs"] == "rumour"
    assert got[("醉酒驾驶", "2024-03", "刑事拘留")]["detentions"] == 1
    assert got[("饮酒驾驶", "2024-03", "行政拘留")]["maxDays"] == 10


def test_justice_sentences_by_charge_and_court(corpus_graph: Path) -> None:
    rows = _query(corpus_graph, "sentences_by_charge")
    assert [(r["charge"], r["court"], r["person"], r["penalty"], r["term"]) for r in rows] == [
        ("诈骗罪", "杭州市西湖区人民法院", "陈某某", "有期徒刑", "P4Y")
    ]


def test_justice_summons_by_body_and_platform(corpus_graph: Path) -> None:
    rows = _query(corpus_graph, "summons_by_body")
    got = {(r["body"], r["summoned"], r["kind"]) for r in rows}
    assert ("国家网信办", "新浪微博", "platform") in got
    assert ("市场监管总局", "某外卖平台", "participant") in got


def test_justice_participants_are_document_nodes_not_entities(corpus_graph: Path) -> None:
    sparql = """
    PREFIX kg: <https://example.org/kg/ontology#>
    PREFIX schema: <https://schema.org/>
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    SELECT ?p ?label ?age ?count ?gender WHERE {
      ?p a kg:Participant ; rdfs:label ?label .
      OPTIONAL { ?p kg:age ?age } OPTIONAL { ?p kg:headcount ?count } OPTIONAL { ?p schema:gender ?gender }
    } ORDER BY ?label"""
    result = CliRunner().invoke(cli, ["query", str(corpus_graph), "-e", sparql, "--format", "jsonl"])
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    by_label = {r["label"]: r for r in rows}
    assert by_label["一名38岁的男子"]["age"] == 38
    assert by_label["一名38岁的男子"]["gender"] == "https://schema.org/Male"
    assert by_label["两名男子"]["count"] == 2
    assert by_label["涉事男子"]["age"] == 25  # 该男子今年25岁: the same participant, described again
    entities = _query(corpus_graph, "entities")
    assert not {r["label"] for r in entities} & set(by_label)


def test_justice_detention_counts_as_an_arrest_in_the_contract(tmp_path: Path) -> None:
    doc = tmp_path / "d.txt"
    doc.write_text("杭州市公安局在行动中共抓获违法犯罪嫌疑人326名，其中刑事拘留211人。", encoding="utf-8")
    out = tmp_path / "g.ttl"
    assert CliRunner().invoke(cli, ["build", str(doc), "--published", "2024-01-05", "-o", str(out)]).exit_code == 0
    events = _query(out, "events")
    types = {}
    for r in events:
        types.setdefault(r["event"], set()).add(r["type"].rsplit("#", 1)[-1])
    assert {"Detention", "Arrest"} in list(types.values())
    quantities = _query(out, "quantities")
    assert sorted(r["value"] for r in quantities) == [211, 326]  # one row per figure
    arrests = _query(out, "arrests_by_agency")
    assert 211 in {r["suspects"] for r in arrests}
