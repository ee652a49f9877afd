"""Issue #5, bad input: every input class is read or skipped with a reason, never a crash.

Each case is checked twice: through ``kg.read.read_documents`` and through ``kg build``
(click's CliRunner), which must build the good documents, list each skipped one on
stderr, exit 0, and under ``--strict`` exit 1 without writing anything.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import logging
import os
import socket
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner, Result

from kg.build import build_graph
from kg.cli import cli
from kg.errors import InputError, QueryError
from kg.model import Document
from kg.rdf.query import run_query
from kg.read import decode_bytes, read_documents

from .conftest import DATA, SEED

DOCS = DATA / "docs"
BASE = "2021年3月5日\n近日，南充市公安局顺庆区分局破获一起电信网络诈骗案件，抓获犯罪嫌疑人5名，冻结涉案资金12万元。\n"
SHORT = "抓获犯罪嫌疑人5名。"


def _build(runner: CliRunner, *args: str, **kw: object) -> Result:
    return runner.invoke(cli, ["build", *args], **kw)  # type: ignore[arg-type]


def _no_traceback(result: Result) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def _skips(stderr: str) -> dict[str, str]:
    """``skipped SOURCE: REASON`` lines of the summary, by source."""
    out = {}
    for line in stderr.splitlines():
        if line.startswith("skipped "):
            source, _, reason = line.removeprefix("skipped ").partition(": ")
            out[source] = reason
    return out


# ---------------------------------------------------------------- encodings
# fmt: off
ENCODED_FILES = [
    ("utf8.txt", BASE),
    ("utf8-bom.txt", BASE),
    ("gbk.txt", BASE),
    ("gbk-short.txt", SHORT),
    ("gb18030-emoji.txt", "警方提醒：谨防诈骗😀。抓获犯罪嫌疑人5名。"),
    ("utf16le-bom.txt", BASE),
    ("utf16be-bom.txt", BASE),
    ("utf16le-nobom.txt", BASE),
    ("utf16be-nobom.txt", SHORT),
]
# texts and encodings generated on the fly: short ones are where detectors guess wrong
GENERATED = [
    (text, enc, bom)
    for text in (SHORT, "河北", "警方通报", BASE, "2021年3月5日\nPolice arrested 5 suspects. 抓获5名。")
    for enc, bom in (("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gb18030", b""), ("gbk", b""),
                     ("utf-16-le", b""), ("utf-16-be", b""), ("utf-16-le", b"\xff\xfe"),
                     ("utf-16-be", b"\xfe\xff"), ("utf-32-le", b"\xff\xfe\x00\x00"))
]
# fmt: on


@pytest.mark.parametrize(("name", "text"), ENCODED_FILES)
def test_read_decodes_every_supported_encoding(name: str, text: str) -> None:
    docs, skipped = read_documents([DOCS / name])
    assert not skipped
    assert docs[0].text == text


@pytest.mark.parametrize(("text", "enc", "bom"), GENERATED)
def test_read_decode_bytes_detects_short_chinese(text: str, enc: str, bom: bytes) -> None:
    assert decode_bytes(bom + text.encode(enc), "x") == text


@pytest.mark.parametrize(("name", "text"), ENCODED_FILES)
def test_cli_build_reads_every_supported_encoding(runner: CliRunner, name: str, text: str) -> None:
    result = _build(runner, str(DOCS / name), "--published", "2021-03-05", "--format", "nt")
    assert result.exit_code == 0, result.stderr
    assert "skipped" not in result.stderr
    assert '"5"^^<http://www.w3.org/2001/XMLSchema#decimal>' in result.stdout
    assert json.dumps(text, ensure_ascii=False)[1:-1].replace("\n", "\\n") in result.stdout


def test_cli_build_reads_gbk_from_stdin(runner: CliRunner) -> None:
    result = _build(runner, "-", "--input-format", "txt", "--published", "2021-03-05",
                    input=SHORT.encode("gbk"))  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "犯罪嫌疑人" in result.stdout


def test_read_forced_encoding_that_does_not_fit_is_a_skip() -> None:
    docs, skipped = read_documents([DOCS / "gbk.txt"], encoding="utf-8")
    assert not docs
    assert "is not valid utf-8 (byte 0xc4 at offset 4)" in skipped[0].reason


def test_cli_build_unknown_encoding_is_one_line_error(runner: CliRunner) -> None:
    result = _build(runner, str(DOCS / "utf8.txt"), "--encoding", "klingon")
    assert result.exit_code == 1
    assert result.stderr.strip() == "Error: unknown encoding 'klingon' (try utf-8, gb18030, utf-16)"
    _no_traceback(result)


# ------------------------------------------------------------ unreadable files
# fmt: off
BAD_FILES = [
    ("empty.txt", "empty document"),
    ("blank.txt", "empty document"),
    ("png-renamed.txt", "looks like a binary file (PNG image), not text"),
    ("zip-renamed.txt", "looks like a binary file (ZIP archive), not text"),
    ("undecodable.txt", "is not valid UTF-8 (byte 0x80 at offset 0) and its encoding could not be detected: try --encoding gb18030"),
]
BAD_BYTES = [
    (b"\xff\xfe\x00\xd8", "byte-order mark but is not valid utf-16-le"),  # lone surrogate
    (b"\xef\xbb\xbf\xff\xff", "byte-order mark but is not valid utf-8"),
    (b"\xfe\xff\x00", "byte-order mark but is not valid utf-16-be"),  # odd length
    (b"\x00\x01\x02\x03" * 100, "looks like a binary file (control bytes)"),  # valid UTF-8
    (b"\x00\x01\x02\xff\xfe\x00garbage\x00" * 10, "looks like a binary file (NUL bytes)"),
    (b"%PDF-1.7\n\xe2\xe3\xcf\xd3", "looks like a binary file (PDF document)"),
    (b"\x1f\x8b\x08\x00", "looks like a binary file (gzip archive)"),
]
# fmt: on


@pytest.mark.parametrize(("name", "reason"), BAD_FILES)
def test_read_skips_unreadable_files_with_a_reason(name: str, reason: str) -> None:
    docs, skipped = read_documents([DOCS / name, DOCS / "utf8.txt"])
    assert [d.id for d in docs] == ["utf8"]
    assert skipped[0].source == str(DOCS / name)
    assert skipped[0].reason == reason


@pytest.mark.parametrize(("data", "reason"), BAD_BYTES)
def test_read_decode_bytes_rejects_bad_bytes_with_input_error(data: bytes, reason: str) -> None:
    with pytest.raises(InputError, match=r"^x ") as e:
        decode_bytes(data, "x")
    assert reason in str(e.value)
    assert len(str(e.value).splitlines()) == 1


def test_cli_build_skips_bad_files_and_builds_the_good_ones(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "g.nt"
    inputs = [str(DOCS / n) for n, _ in BAD_FILES] + [str(DOCS / "utf8.txt")]
    result = _build(runner, *inputs, "-o", str(out))
    _no_traceback(result)
    assert result.exit_code == 0
    assert _skips(result.stderr) == {str(DOCS / n): r for n, r in BAD_FILES}
    assert result.stderr.rstrip().splitlines()[-1].startswith("built 1 document(s)")
    assert result.stderr.rstrip().endswith(f"; {len(BAD_FILES)} skipped")
    triples = list(ox.parse(path=str(out), format=ox.RdfFormat.N_TRIPLES))
    assert any(t.object.value == "南充市公安局顺庆区分局" for t in triples)


def test_cli_build_strict_writes_nothing_and_keeps_previous_output(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "g.ttl"
    out.write_bytes(b"previous")
    result = _build(runner, str(DOCS / "utf8.txt"), str(DOCS / "png-renamed.txt"), "--strict", "-o", str(out))
    assert result.exit_code == 1
    assert _skips(result.stderr) == {str(DOCS / "png-renamed.txt"): BAD_FILES[2][1]}
    assert result.stderr.rstrip().splitlines()[-1] == "Error: 1 document(s) skipped (--strict); nothing written"
    assert out.read_bytes() == b"previous"
    assert list(tmp_path.iterdir()) == [out]
    _no_traceback(result)


def test_cli_build_only_bad_inputs_exits_1(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "g.ttl"
    result = _build(runner, str(DOCS / "empty.txt"), str(DOCS / "zip-renamed.txt"), "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr.rstrip().splitlines()[-1] == "Error: no document could be read; nothing written"
    assert not out.exists()


def test_cli_build_folder_with_good_and_bad_files(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "good.txt").write_bytes(BASE.encode("gbk"))
    (tmp_path / "in" / "sub" / "bad.txt").write_bytes((DOCS / "png-renamed.txt").read_bytes())
    (tmp_path / "in" / "ignored.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    result = _build(runner, str(tmp_path / "in"), "--format", "nt")
    assert result.exit_code == 0
    assert list(_skips(result.stderr)) == [str(tmp_path / "in" / "sub" / "bad.txt")]
    assert "built 1 document(s)" in result.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_read_unreadable_file_is_a_skip(tmp_path: Path) -> None:
    f = tmp_path / "secret.txt"
    f.write_text(SHORT, encoding="utf-8")
    f.chmod(0)
    docs, skipped = read_documents([f])
    assert not docs
    assert skipped[0].reason.startswith("cannot read")


# -------------------------------------------------------------- odd content
def _assert_offsets(doc: Document) -> None:
    result = build_graph([doc])
    ann = result.documents[0]
    text = ann.doc.text
    for m in ann.mentions:
        assert text[m.start : m.end] == m.text
    for q in ann.quantities:
        assert text[q.start : q.end] == q.text
    for e in ann.events:
        assert text[e.trigger_start : e.trigger_end] == e.trigger
    ox.serialize(result.quads, format=ox.RdfFormat.N_QUADS)


def test_read_oddities_keep_length_and_blank_controls() -> None:
    docs, skipped = read_documents([DOCS / "oddities.txt"])
    raw = (DOCS / "oddities.txt").read_text(encoding="utf-8")
    assert not skipped
    text = docs[0].text
    assert len(text) == len(raw)
    assert "\x07" not in text
    assert "\x00" not in text
    assert "\u200b" in text
    assert "😀" in text
    assert docs[0].published == dt.date(2021, 3, 5)


def test_build_oddities_finds_figures_in_full_width_and_traditional_text() -> None:
    docs, _ = read_documents([DOCS / "oddities.txt"])
    result = build_graph(docs)
    ann = result.documents[0]
    values = {(str(q.value), q.unit) for q in ann.quantities}
    assert {("5", "名"), ("12", "部"), ("3", "名"), ("1200000", "元")} <= values
    _assert_offsets(docs[0])


# fmt: off
ODD_TEXTS = [
    ("no-punctuation-5000", "南充市公安机关抓获犯罪嫌疑人312名冻结资金1.2亿元" * 200),
    ("controls", "抓获\x00\x01\x1b犯罪嫌疑人\x7f\x85\x9f5名"),
    ("zero-width", "\ufeff抓\u200b获\u200c犯\u200d罪\u2060嫌疑人\u200e5\u200f名"),
    ("emoji", "👮‍♀️抓获🚔犯罪嫌疑人5名💰冻结资金😀12万元🇨🇳"),
    ("traditional", "臺灣警方破獲詐騙集團，逮捕嫌犯5名，凍結資金一百二十萬元。"),
    ("full-width-digits", "抓获犯罪嫌疑人５名，冻结资金１２．５万元，同比上升１４１．６％。"),
    ("lone-surrogate", "抓获\ud800犯罪嫌疑人5名"),
    ("line-separators", "抓获\u2028犯罪嫌疑人\u20295名\x85。"),
    ("combining", "抓获犯罪嫌疑人5\u0301名"),
    ("private-use", "抓获\ue000犯罪嫌疑人\U000f0000 5名"),
    ("only-punctuation", "。，、；：！？" * 50),
    ("huge-number", "冻结资金" + "9" * 400 + "亿元"),
    ("many-units", "万" * 300 + "亿" * 300 + "元"),
]
# fmt: on


@pytest.mark.parametrize(("name", "text"), ODD_TEXTS, ids=[n for n, _ in ODD_TEXTS])
def test_build_survives_odd_text_with_valid_offsets(name: str, text: str, tmp_path: Path) -> None:
    f = tmp_path / f"{name}.jsonl"
    f.write_text(json.dumps({"id": name, "published": "2021-03-05", "text": text}) + "\n", encoding="utf-8")
    docs, skipped = read_documents([f])
    assert not skipped
    assert len(docs[0].text) == len(text)
    _assert_offsets(docs[0])


def test_build_sentence_of_5000_characters_without_punctuation_is_fast() -> None:
    text = ("南充市公安机关抓获犯罪嫌疑人312名冻结资金1.2亿元" * 200)[:5000]
    result = build_graph([Document("long", text, published=dt.date(2021, 3, 5))])
    sentences = result.documents[0].sentences
    # an unpunctuated stretch is cut into bounded pieces that still cover the text
    assert all(s.end - s.start <= 600 for s in sentences)
    assert all(a.end == b.start for a, b in itertools.pairwise(sentences))
    assert (sentences[0].start, sentences[-1].end) == (0, len(text))
    assert len(result.documents[0].quantities) >= 300


def test_read_10mb_single_line_is_fast_and_lean(tmp_path: Path) -> None:
    unit = "今年以来南充市公安机关抓获犯罪嫌疑人312名，冻结资金1.2亿元。"
    data = (unit * (10_000_000 // len(unit.encode()) + 1)).encode()[:10_000_000]
    data = data.decode(errors="ignore").encode()
    f = tmp_path / "big.txt"
    f.write_bytes(data)
    docs, skipped = read_documents([f])
    assert not skipped
    assert "\n" not in docs[0].text
    assert len(docs[0].text) > 3_000_000


@pytest.mark.slow
def test_cli_build_300kb_single_line_finishes(runner: CliRunner, tmp_path: Path) -> None:
    """A whole article on one line (sentences end with 。) builds (timings: bench/)."""
    unit = "今年以来南充市公安机关抓获犯罪嫌疑人312名，冻结资金1.2亿元。"
    f = tmp_path / "big.txt"
    f.write_text(unit * (300_000 // len(unit.encode())), encoding="utf-8")
    result = _build(runner, str(f), "--published", "2021-03-05", "-o", str(tmp_path / "g.nt"))
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "g.nt").stat().st_size > 0


@pytest.mark.slow
@pytest.mark.skipif(not os.environ.get("KG_LONG_TESTS"), reason="takes minutes; set KG_LONG_TESTS=1")
def test_cli_build_10mb_single_line_finishes(tmp_path: Path) -> None:
    """10 MB on one line builds (linear since sentences are bounded; timings: bench/)."""
    unit = "今年以来南充市公安机关抓获犯罪嫌疑人312名，冻结资金1.2亿元。"
    f = tmp_path / "big.txt"
    f.write_text(unit * (10_000_000 // len(unit.encode())), encoding="utf-8")
    cmd = [sys.executable, "-m", "kg", "build", str(f), "--published", "2021-03-05", "-o", str(tmp_path / "g.nt")]
    done = subprocess.run(cmd, capture_output=True, timeout=3600, check=False)
    assert done.returncode == 0, done.stderr


# -------------------------------------------------------------------- JSONL
# fmt: off
JSONL_SKIPS = {
    "mixed.jsonl:2": "not JSON (Expecting property name enclosed in double quotes at column 2)",
    "mixed.jsonl:3": "not a JSON object",
    "mixed.jsonl:4": "not a JSON object",
    "mixed.jsonl:5": 'no "text" field',
    "mixed.jsonl:6": '"text" is not a string',
    "mixed.jsonl:7": "empty text",
}
# fmt: on


def test_read_jsonl_skips_bad_lines_with_line_numbers() -> None:
    docs, skipped = read_documents([DOCS / "mixed.jsonl"])
    assert {s.source.removeprefix(str(DOCS) + "/"): s.reason for s in skipped} == JSONL_SKIPS
    assert [d.id for d in docs] == ["good-1", "dup", "dup-2", "dup-3"]


def test_read_jsonl_duplicate_ids_are_renamed_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="kg"):
        docs, _ = read_documents([DOCS / "mixed.jsonl"])
    assert [d.text[:10] for d in docs if d.id.startswith("dup")] == ["抓获犯罪嫌疑人2名。", "抓获犯罪嫌疑人3名。", "抓获犯罪嫌疑人4名。"]
    assert "duplicate document id 'dup' renamed to 'dup-2'" in caplog.text
    assert "duplicate document id 'dup' renamed to 'dup-3'" in caplog.text


def test_read_jsonl_bad_dates_are_ignored_and_future_dates_kept(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="kg"):
        docs, _ = read_documents([DOCS / "mixed.jsonl"])
    by_id = {d.id: d for d in docs}
    assert by_id["good-1"].published == dt.date(2021, 3, 5)
    assert by_id["dup"].published is None  # 2021-02-30
    assert by_id["dup-2"].published == dt.date(2999, 1, 1)
    assert by_id["dup-3"].published is None  # a number, not a string
    assert "published date '2021-02-30' is not a date; ignored" in caplog.text
    assert "published date 2999-01-01 is in the future; kept as given" in caplog.text
    assert "published date 20210305 is not a string; ignored" in caplog.text


def test_read_jsonl_keeps_raw_line_separators_inside_strings() -> None:
    docs, _ = read_documents([DOCS / "mixed.jsonl"])
    assert docs[-1].text == "抓获犯罪嫌疑人4名。\u2028第二行。"


def test_cli_build_jsonl_summary_lists_every_skip(runner: CliRunner) -> None:
    result = _build(runner, str(DOCS / "mixed.jsonl"), "--format", "nq")
    _no_traceback(result)
    assert result.exit_code == 0
    assert {k.removeprefix(str(DOCS) + "/"): v for k, v in _skips(result.stderr).items()} == JSONL_SKIPS
    assert "built 4 document(s)" in result.stderr
    assert result.stderr.rstrip().endswith("; 6 skipped")
    assert "renamed to 'dup-3'" in result.stderr
    graphs = {str(q.graph_name) for q in ox.parse(result.stdout_bytes, format=ox.RdfFormat.N_QUADS)}
    assert {g for g in graphs if "/graph/" in g} == {f"<https://example.org/kg/id/graph/docs/{i}>" for i in ("good-1", "dup", "dup-2", "dup-3")}


def test_cli_build_jsonl_strict_fails(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "g.ttl"
    result = _build(runner, str(DOCS / "mixed.jsonl"), "--strict", "-o", str(out))
    assert result.exit_code == 1
    assert "Error: 6 document(s) skipped (--strict); nothing written" in result.stderr
    assert not out.exists()


# fmt: off
JSONL_FIELDS = [
    ({"id": "a\ud800b", "text": SHORT}, "a\ufffdb"),
    ({"id": True, "text": SHORT}, "f-1"),
    ({"id": "  ", "text": SHORT}, "f-1"),
    ({"id": 7, "text": SHORT}, "7"),
    ({"id": "空格 和/斜杠?#", "text": SHORT}, "空格 和/斜杠?#"),
    ({"id": "u", "text": SHORT, "url": "http://example.org/a b"}, "u"),
    ({"id": "v", "text": SHORT, "url": "not a url"}, "v"),
    ({"id": "w", "text": SHORT, "url": 5, "title": ["x"], "source": {"a": 1}}, "w"),
    ({"id": "t", "text": "抓获\ud83d犯罪嫌疑人5名"}, "t"),
]
# fmt: on


@pytest.mark.parametrize(("obj", "doc_id"), JSONL_FIELDS)
def test_build_jsonl_odd_fields_never_break_the_graph(obj: dict[str, object], doc_id: str, tmp_path: Path) -> None:
    f = tmp_path / "f.jsonl"
    f.write_text(json.dumps(obj) + "\n", encoding="utf-8")
    docs, skipped = read_documents([f])
    assert not skipped
    assert docs[0].id == doc_id
    result = build_graph(docs)
    ox.serialize(result.quads, format=ox.RdfFormat.TRIG)


def test_read_jsonl_with_bom_and_gbk(tmp_path: Path) -> None:
    f = tmp_path / "g.jsonl"
    line = json.dumps({"id": "g", "text": SHORT}, ensure_ascii=False)
    f.write_bytes(line.encode("gb18030"))
    docs, skipped = read_documents([f])
    assert not skipped
    assert docs[0].text == SHORT


# ------------------------------------------------------------ safe defaults
def test_build_never_opens_a_network_connection(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[object] = []

    def refuse(*args: object, **kw: object) -> None:
        calls.append(args)
        raise OSError("network access during kg build")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    result = _build(runner, str(SEED), str(DOCS / "mixed.jsonl"), "--published", "2020-08-20",
                    "-o", str(tmp_path / "g.ttl"))  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert calls == []


# fmt: off
SERVICE_REFUSED = [
    "select * where { service <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { sErViCe SILENT <http://127.0.0.1:1/> { ?s ?p ?o } }",
    "# a comment with a quote ' and \"\nSELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p 'a # not a comment' . SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s a <http://example.org/o#C> . SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p \"\"\"multi\nline\"\"\" .\n  SERVICE ?endpoint { ?s ?p ?o } }",
    "PREFIX s: <http://x/>\nSELECT * WHERE {\n#\nSERVICE\n<http://127.0.0.1:1/>{?s ?p ?o}}",
]
SERVICE_ALLOWED = [
    "# SERVICE <http://127.0.0.1:1/> is only mentioned here\nSELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(?o != \"SERVICE <http://127.0.0.1:1/> {}\") }",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(?o != '''SERVICE''') }",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s <http://example.org/SERVICE> ?o }",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o } # service",
    "SELECT (COUNT(*) AS ?service) WHERE { ?s ?p ?o }",
]
# fmt: on


@pytest.mark.parametrize("sparql", SERVICE_REFUSED)
def test_query_refuses_service_however_it_is_written(sparql: str) -> None:
    with pytest.raises(QueryError, match="SERVICE"):
        run_query(ox.Store(), sparql)


@pytest.mark.parametrize("sparql", SERVICE_ALLOWED)
def test_query_allows_service_only_mentioned_in_strings_comments_or_names(sparql: str) -> None:
    result = run_query(ox.Store(), sparql)
    assert result is not None


# ------------------------------------------------------- pipeline crashes
def _crash_on_boom(monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.build

    real = kg.build.annotate

    def annotate(doc, res=None, stages=None):  # type: ignore[no-untyped-def]
        if "BOOM" in doc.text:
            raise IndexError("string index out of range\nsecond line")
        return real(doc, res, stages)

    monkeypatch.setattr(kg.build, "annotate", annotate)


def test_cli_build_skips_a_document_that_crashes_the_pipeline(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _crash_on_boom(monkeypatch)
    f = tmp_path / "docs.jsonl"
    f.write_text(json.dumps({"id": "ok", "text": SHORT}) + "\n" + json.dumps({"id": "bad", "text": "BOOM"}) + "\n", encoding="utf-8")
    result = _build(runner, str(f), "--format", "nt")
    _no_traceback(result)
    assert result.exit_code == 0
    assert _skips(result.stderr) == {"document bad": "internal error (IndexError: string index out of range); please report it"}
    assert "built 1 document(s)" in result.stderr
    assert result.stderr.rstrip().endswith("; 1 skipped")
    assert "/ok>" in result.stdout
    strict = _build(runner, str(f), "--strict", "-o", str(tmp_path / "g.nt"))
    assert strict.exit_code == 1
    assert not (tmp_path / "g.nt").exists()
    only_bad = tmp_path / "bad.jsonl"
    only_bad.write_text(json.dumps({"id": "bad", "text": "BOOM"}) + "\n", encoding="utf-8")
    result = _build(runner, str(only_bad))
    assert result.exit_code == 1
    assert result.stderr.rstrip().endswith("Error: no document could be built; nothing written")


def test_cli_build_unwritable_output_is_one_line_error(runner: CliRunner, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = _build(runner, str(DOCS / "utf8.txt"), "-o", str(blocker / "g.ttl"))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: cannot write {blocker / 'g.ttl'}: ")
    assert len(result.stderr.strip().splitlines()) == 1
    _no_traceback(result)
