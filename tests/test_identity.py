"""Issue #10 item 2: document identity survives separate builds.

Documents are named by corpus and id (``…/doc/<corpus>/<id>``), carry their source path
and a content hash, and graphs whose documents share an IRI but not a text are refused
instead of merged.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.model import Document
from kg.read import read_documents

pytestmark = pytest.mark.issue(10)

TEXT_A = "2023年5月，河北省公安厅破获电信网络诈骗案件12起，抓获犯罪嫌疑人8名。"
TEXT_B = "今年以来，湖州市公安局共抓获盗窃犯罪嫌疑人15名，同比上升20%。"
HASH = "https://example.org/kg/ontology#contentHash"
SOURCE = "https://example.org/kg/ontology#sourcePath"


def _kg(runner: CliRunner, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def two_folders(tmp_path: Path) -> tuple[Path, Path]:
    a, b = tmp_path / "news-a", tmp_path / "news-b"
    for folder, text in ((a, TEXT_A), (b, TEXT_B)):
        folder.mkdir()
        (folder / "001.txt").write_text("2023年6月1日\n" + text, encoding="utf-8")
    return a, b


def _docs(path: Path) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
        if q.predicate.value in {HASH, SOURCE, "https://schema.org/identifier"} and "/doc/" in q.subject.value:
            out.setdefault(q.subject.value, {})[q.predicate.value.rsplit("#", 1)[-1].rsplit("/", 1)[-1]] = q.object.value
    return out


def test_identity_separate_builds_of_two_001_files_validate_together(
    runner: CliRunner, two_folders: tuple[Path, Path], tmp_path: Path
) -> None:
    a, b = two_folders
    for folder in (a, b):
        assert _kg(runner, "build", str(folder), "-o", str(tmp_path / f"{folder.name}.ttl")).exit_code == 0
    docs = {**_docs(tmp_path / "news-a.ttl"), **_docs(tmp_path / "news-b.ttl")}
    assert sorted(docs) == ["https://example.org/kg/id/doc/news-a/001", "https://example.org/kg/id/doc/news-b/001"]
    assert {d["identifier"] for d in docs.values()} == {"001"}
    assert {d["sourcePath"] for d in docs.values()} == {"news-a/001.txt", "news-b/001.txt"}
    result = _kg(runner, "validate", str(tmp_path / "news-a.ttl"), str(tmp_path / "news-b.ttl"))
    assert result.exit_code == 0, result.output
    rows = _kg(runner, "query", str(tmp_path / "news-a.ttl"), str(tmp_path / "news-b.ttl"), "--format", "csv",
               "-e", "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a <https://schema.org/NewsArticle> }")  # fmt: skip
    assert rows.stdout.splitlines() == ["n", "2"]


def test_identity_one_build_or_two_gives_the_same_iris(
    runner: CliRunner, two_folders: tuple[Path, Path], tmp_path: Path
) -> None:
    a, b = two_folders
    _kg(runner, "build", str(a), "-o", str(tmp_path / "a.ttl"))
    _kg(runner, "build", str(a / "001.txt"), str(b), "-o", str(tmp_path / "ab.ttl"))
    assert set(_docs(tmp_path / "a.ttl")) < set(_docs(tmp_path / "ab.ttl"))


def test_identity_graphs_that_share_a_document_iri_but_not_its_text_are_refused(
    runner: CliRunner, two_folders: tuple[Path, Path], tmp_path: Path
) -> None:
    a, b = two_folders
    for folder in (a, b):
        _kg(runner, "build", str(folder), "--corpus", "news", "-o", str(tmp_path / f"{folder.name}.ttl"))
    for command in ("query", "validate"):
        args = [command, str(tmp_path / "news-a.ttl"), str(tmp_path / "news-b.ttl")]
        result = runner.invoke(cli, [*args, "-n", "events"] if command == "query" else args)
        assert result.exit_code == 1
        assert "same IRI" in result.stderr
        assert "/doc/news/001" in result.stderr
        assert "--corpus" in result.stderr
    # the same file built twice is the same document: no refusal
    _kg(runner, "build", str(a), "--corpus", "news", "-o", str(tmp_path / "again.ttl"))
    assert _kg(runner, "query", str(tmp_path / "news-a.ttl"), str(tmp_path / "again.ttl"), "-n", "events").exit_code == 0


def test_identity_renamed_duplicates_keep_their_source_path(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [json.dumps({"id": "x", "text": t}, ensure_ascii=False) for t in (TEXT_A, TEXT_B)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs, _ = read_documents([path])
    assert [(d.key, d.source_path) for d in docs] == [
        (f"{tmp_path.name}/x", f"{tmp_path.name}/feed.jsonl:1"),
        (f"{tmp_path.name}/x-2", f"{tmp_path.name}/feed.jsonl:2"),
    ]
    assert docs[0].content_hash() != docs[1].content_hash()


def test_identity_corpus_option_and_keys(tmp_path: Path) -> None:
    (tmp_path / "d.txt").write_text(TEXT_A, encoding="utf-8")
    docs, _ = read_documents([tmp_path / "d.txt"], corpus="mine")
    assert docs[0].key == "mine/d"
    with pytest.raises(Exception, match="no '/'"):
        read_documents([tmp_path / "d.txt"], corpus="a/b")
    # a corpus-less document (the library API) never shares a key with a corpus's
    assert Document("a/b", "x").key != Document("b", "x", corpus="a").key
