"""Our own evaluation sets (tests/data/sets/*), each document checked strictly.

Every set is built once through the CLI and read back through the three contract queries
with the shared scorer's own matching rules (../shared/eval/score.py), so a document passes
here exactly when the scorer would give it full marks; counted objects are checked too.
"""

from __future__ import annotations

import importlib.util
import json
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from click.testing import CliRunner

from kg.cli import cli

from .conftest import DATA, ROOT, SHARED

SETS = DATA / "sets"
SCORER = SHARED / "eval" / "score.py"


def _cases() -> list[Any]:
    out = []
    for folder in sorted(p for p in SETS.iterdir() if (p / "docs.jsonl").exists()):
        for line in (folder / "docs.jsonl").read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            doc_id = json.loads(line)["id"]
            gold = json.loads((folder / "gold" / f"{doc_id}.json").read_text(encoding="utf-8"))
            marks = (
                [pytest.mark.xfail(reason=gold["xfail"], strict=False)] if gold.get("xfail") else []
            )
            out.append(pytest.param(folder.name, doc_id, id=f"{folder.name}/{doc_id}", marks=marks))
    return out


@cache
def _scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("kg_shared_score", SCORER)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@cache
def _rows(set_name: str, out_dir: str) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """The contract queries' rows of one built set, by document id."""
    graph = Path(out_dir) / f"{set_name}.ttl"
    result = CliRunner().invoke(
        cli, ["build", str(SETS / set_name / "docs.jsonl"), "-o", str(graph)]
    )
    assert result.exit_code == 0, result.output
    score = _scorer()
    rows = score.run_queries(ROOT, graph)
    by_doc: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for name, rs in rows.items():
        for r in rs:
            by_doc.setdefault(score.norm(r.get("doc")), {}).setdefault(name, []).append(r)
    return by_doc


@pytest.fixture(scope="session")
def sets_out(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tmp_path_factory.mktemp("sets"))


@pytest.mark.skipif(not SCORER.exists(), reason="../shared/eval/score.py not available")
@pytest.mark.parametrize(("set_name", "doc_id"), _cases())
def test_set_document_is_read_exactly_as_its_gold(
    set_name: str, doc_id: str, sets_out: str
) -> None:
    score = _scorer()
    gold = json.loads((SETS / set_name / "gold" / f"{doc_id}.json").read_text(encoding="utf-8"))
    got = _rows(set_name, sets_out).get(score.norm(doc_id), {})
    ents, e_miss, e_extra = score.score_entities(got.get("entities", []), gold)
    _, _, args, q_miss, q_extra = score.score_events(
        got.get("events", []), got.get("quantities", []), gold
    )
    problems = []
    if q_miss:
        problems.append(f"missed figures: {', '.join(q_miss)}")
    if q_extra:
        problems.append(f"extra figures: {', '.join(q_extra)}")
    wrong = [f"{k} {ok}/{n}" for k, (ok, n) in args.items() if ok != n]
    if wrong:
        problems.append(f"wrong arguments: {', '.join(wrong)}; events: {_events_seen(got)}")
    if e_miss:
        problems.append(f"missed entities: {', '.join(e_miss)}")
    if e_extra and gold.get("entities_complete", True):
        problems.append(f"extra entities: {', '.join(e_extra)}")
    problems += _object_problems(score, got.get("quantities", []), gold)
    problems += _time_problems(score, got, gold)
    assert not problems, f"{set_name}/{doc_id} (entity F1 {ents['f1']}):\n  " + "\n  ".join(
        problems
    )


def _object_problems(
    score: ModuleType, rows: list[dict[str, Any]], gold: dict[str, Any]
) -> list[str]:
    out = []
    for ev in gold.get("events", []):
        for q in ev.get("quantities", []):
            if "object" not in q:
                continue
            approx = bool(q.get("approximate"))
            found = {
                score.norm(r.get("object"))
                for r in rows
                if score.same_unit(r.get("unit"), q["unit"])
                and score.same_value(r.get("value"), q["value"], approx)
            }
            if score.norm(q["object"]) not in found:
                out.append(
                    f"object of {q['value']}{q['unit']}: want {q['object']}, got {sorted(found) or 'nothing'}"
                )
    return out


def _time_problems(score: ModuleType, got: dict[str, list[dict[str, Any]]], gold: dict[str, Any]) -> list[str]:
    """``"no_time": true``: the text gives this event no time, so its figures' events have none."""
    timed = {str(r.get("event")) for r in got.get("events", []) if r.get("start") or r.get("end")}
    out = []
    for ev in gold.get("events", []):
        if not ev.get("no_time"):
            continue
        for q in ev.get("quantities", []):
            events = {
                str(r.get("event"))
                for r in got.get("quantities", [])
                if score.same_unit(r.get("unit"), q["unit"])
                and score.same_value(r.get("value"), q["value"], bool(q.get("approximate")))
            }
            if events & timed:
                out.append(f"time of {q['value']}{q['unit']}: want none, got one")
    return out


def _events_seen(got: dict[str, list[dict[str, Any]]]) -> str:
    keys = ("type", "agent", "place", "start", "end", "crimeType", "yoy")
    seen = sorted(
        {
            tuple(str(r.get(k) or "").rsplit("#", 1)[-1][:24] for k in keys)
            for r in got.get("events", [])
        }
    )
    return "; ".join("|".join(s) for s in seen[:12])
