"""Reading as corpora arrive: publication dates from bylines only (#9.9), sidecars and the
--published fallback (#10.1), what a folder build reads (#10.6), one-line portal articles
(#9.8) and the size budget (#10.5). Every text here is written for these tests."""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from kg.cli import cli
from kg.dates import find_published_date, header_date, parse_date_field
from kg.read import read_documents

BODY = "近日，南宁市公安局破获一起电信网络诈骗案，抓获犯罪嫌疑人12名，涉案金额300余万元。"
DATE_SOURCE = "https://example.org/kg/ontology#datePublishedSource"
PUBLISHED = "https://schema.org/datePublished"


def _doc_dates(nt: bytes) -> dict[str, tuple[str, str]]:
    """{document IRI: (datePublished, its source)} of a built graph."""
    out: dict[str, list[str]] = {}
    for t in ox.parse(nt, format=ox.RdfFormat.N_TRIPLES):
        if t.predicate.value in {PUBLISHED, DATE_SOURCE}:
            out.setdefault(t.subject.value, ["", ""])[t.predicate.value == DATE_SOURCE] = t.object.value
    return {k.rsplit("/", 1)[-1]: (v[0], v[1]) for k, v in out.items()}


# ------------------------------------------------------------------ #9.9 header dates
@pytest.mark.issue(9)
@pytest.mark.parametrize(("text", "expected", "how"), [
    ("南宁警方破获诈骗案\n2022-06-22 10:30 来源：南宁晚报\n" + BODY, dt.date(2022, 6, 22), "timestamp"),
    ("南宁警方破获诈骗案\n发布时间：2024年07月02日\n" + BODY, dt.date(2024, 7, 2), "labelled"),
    ("南宁警方破获诈骗案\n2019年03月04日 来源： 广西日报\n" + BODY, dt.date(2019, 3, 4), "metadata"),
    ("南宁警方破获诈骗案\n《南宁日报》(2021年05月06日 03版)\n" + BODY, dt.date(2021, 5, 6), "metadata"),
    ("2015年4月9日08:15\n" + BODY, dt.date(2015, 4, 9), "timestamp"),
    ("南宁警方破获诈骗案\n新华社南宁2023年2月8日电（记者 王某）" + BODY, dt.date(2023, 2, 8), "dateline"),
    ("标题\n发稿时间：２０２０－１１－０５ ０９：３０\n" + BODY, dt.date(2020, 11, 5), "timestamp"),
    ("警方通报诈骗案情2018-05-09 14:35\n" + BODY, dt.date(2018, 5, 9), "timestamp"),
])  # fmt: skip
def test_publication_date_from_a_byline_or_dateline(text: str, expected: dt.date, how: str) -> None:
    found = header_date(text)
    assert found is not None
    assert (found.date, found.how) == (expected, how)


@pytest.mark.issue(9)
@pytest.mark.parametrize("text", [
    "南宁警方破获网络赌博案\n经查，仅2020年1-7月，该网站资金流水就达2.2亿元。",  # a story period
    "南宁警方破获诈骗案\n据警方介绍，2017年5月24日，南宁市发生一起特大电信网络诈骗案。",  # a crime date
    "南宁警方破获诈骗案\n2019年12月29日至2020年1月3日期间，专案组开展集中收网。",  # a period
    "南宁警方破获诈骗案\n2020年11月20日19时许，南宁市公安局接到紧急指令。",  # a time of day in the story
    "2016年8月24日，南宁市某药房因销售假药被查处。",  # the first sentence is the story
])  # fmt: skip
def test_a_story_date_is_never_the_publication_date(text: str) -> None:
    assert find_published_date(text) is None


@pytest.mark.issue(9)
def test_a_dateline_without_a_year_gives_no_date_and_a_warning(
    runner: CliRunner, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    text = "中新网南宁4月11日电（记者 李某）" + BODY
    found = header_date(text)
    assert found is not None
    assert found.date is None
    assert "4月11日 without a year" in found.reason
    f = tmp_path / "a.txt"
    f.write_text(text, encoding="utf-8")
    result = runner.invoke(cli, ["build", str(f), "--format", "nt"])
    assert result.exit_code == 0, result.stderr
    assert "no publication date: its dateline gives 4月11日 without a year" in result.stderr
    assert "1 document(s) without a publication date" in result.stderr
    assert _doc_dates(result.stdout_bytes) == {}


@pytest.mark.issue(9)
def test_a_header_date_beats_a_dateline_written_abroad() -> None:
    text = "2009年03月06日\n新华网索非亚3月5日电（记者 某某）保加利亚一商城发生火灾。"
    assert find_published_date(text) == dt.date(2009, 3, 6)


@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2099, 12, 31)),
       st.sampled_from(["{y}-{m:02d}-{d:02d}", "{y}年{m}月{d}日", "{y}年{m:02d}月{d:02d}日 12:17:48 来源： 某报",
                        "{y}/{m}/{d}", "{y}{m:02d}{d:02d}", "{y}-{m:02d}-{d:02d}T10:00:00+08:00",
                        "{y}.{m}.{d} 09:00"]))  # fmt: skip
def test_parse_date_field_reads_every_common_writing(date: dt.date, pattern: str) -> None:
    assert parse_date_field(pattern.format(y=date.year, m=date.month, d=date.day)) == date


# ------------------------------------------------------------------ #10.1 sidecars and --published
@pytest.mark.issue(10)
def test_published_is_the_fallback_not_an_override(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "dated.txt").write_text("标题\n2021-03-05 08:00 来源：某报\n" + BODY, encoding="utf-8")
    (tmp_path / "undated.txt").write_text(BODY, encoding="utf-8")
    result = runner.invoke(cli, ["build", str(tmp_path), "--published", "2000-01-01", "--format", "nt"])
    assert result.exit_code == 0, result.stderr
    assert _doc_dates(result.stdout_bytes) == {
        "dated": ("2021-03-05", "header"),
        "undated": ("2000-01-01", "option"),
    }
    assert "without a publication date" not in result.stderr


@pytest.mark.issue(10)
def test_sidecar_json_beside_a_file(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("2021-03-05 08:00\n" + BODY, encoding="utf-8")
    (tmp_path / "a.json").write_text(json.dumps({"published": "2021-03-04", "title": "南宁破案",
                                                 "url": "https://example.org/a"}), encoding="utf-8")  # fmt: skip
    (tmp_path / "b.txt").write_text(BODY, encoding="utf-8")
    result = runner.invoke(cli, ["build", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--format", "nt"])
    assert result.exit_code == 0, result.stderr
    assert _doc_dates(result.stdout_bytes) == {"a": ("2021-03-04", "sidecar")}
    assert "https://example.org/a" in result.stdout
    assert "1 document(s) without a publication date" in result.stderr


@pytest.mark.issue(10)
@pytest.mark.parametrize("index", ["index.jsonl", "index.csv", "index.json"])
def test_folder_index_with_real_world_field_names(runner: CliRunner, tmp_path: Path, index: str) -> None:
    """Aliases (file, date) and free-form dates, as real corpora ship them; no document from the index."""
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "001.txt").write_text(BODY, encoding="utf-8")
    (corpus / "sub" / "002.txt").write_text(BODY.replace("南宁", "柳州"), encoding="utf-8")
    rows = [{"file": "001.txt", "title": "南宁破案", "date": "2014年03月19日 12:17:48 来源： 某日报"},
            {"file": "sub/002.txt", "date": "20120612", "category": "诈骗"}]  # fmt: skip
    if index == "index.csv":
        text = "file,title,date\n" + "".join(f"{r['file']},{r.get('title', '')},{r['date']}\n" for r in rows)
    elif index == "index.json":
        text = json.dumps(rows, ensure_ascii=False)
    else:
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    (corpus / index).write_text(text, encoding="utf-8")
    result = runner.invoke(cli, ["build", str(corpus), "--format", "nt"])
    assert result.exit_code == 0, result.stderr
    assert "skipped" not in result.stderr
    assert result.stderr.startswith("built 2 document(s)")
    assert _doc_dates(result.stdout_bytes) == {"001": ("2014-03-19", "sidecar"), "sub-002": ("2012-06-12", "sidecar")}
    assert "南宁破案" in result.stdout


@pytest.mark.issue(10)
def test_an_index_named_as_input_builds_the_files_it_lists(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "001.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "index.jsonl").write_text(json.dumps({"file": "001.txt", "published": "2020-08-20"}) + "\n",
                                          encoding="utf-8")  # fmt: skip
    result = runner.invoke(cli, ["build", str(tmp_path / "index.jsonl"), "--format", "nt"])
    assert result.exit_code == 0, result.stderr
    assert _doc_dates(result.stdout_bytes) == {"001": ("2020-08-20", "sidecar")}


@pytest.mark.issue(10)
def test_jsonl_record_date_then_header_then_option(runner: CliRunner, tmp_path: Path) -> None:
    f = tmp_path / "docs.jsonl"
    f.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [
        {"id": "rec", "published": "2021-01-02", "text": "2020-05-06 10:00\n" + BODY},
        {"id": "head", "text": "2020-05-06 10:00\n" + BODY},
        {"id": "opt", "text": BODY},
    ]), encoding="utf-8")  # fmt: skip
    result = runner.invoke(cli, ["build", str(f), "--published", "2019-09-09", "--format", "nt"])
    assert _doc_dates(result.stdout_bytes) == {
        "rec": ("2021-01-02", "record"), "head": ("2020-05-06", "header"), "opt": ("2019-09-09", "option"),
    }  # fmt: skip


# ------------------------------------------------------------------ #10.6 what a folder build reads
PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>南宁破案 - 某网</title>
<meta property="article:published_time" content="2022-06-22T10:30:00+08:00">
<link rel="canonical" href="https://example.org/news/1.html">
<style>p { color: red }</style><script>var x = "南宁市公安局";</script></head>
<body><nav>首页 | 新闻 | 南宁市公安局</nav><h1>南宁破案</h1><p>近日，南宁市公安局破获一起电信网络诈骗案，
抓获犯罪嫌疑人<b>12</b>名。</p><p>涉案金额300余万元&amp;更多。</p></body></html>"""


@pytest.mark.issue(10)
def test_folder_reads_news_kinds_only(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    import docx

    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "README.md").write_text("# 说明\n这是语料说明。", encoding="utf-8")
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    word = docx.Document()
    word.add_paragraph("柳州市公安局破获一起诈骗案。")
    word.add_paragraph("抓获犯罪嫌疑人3名。")
    word.save(str(tmp_path / "word.docx"))
    with caplog.at_level(logging.WARNING, logger="kg"):
        docs, skipped = read_documents([tmp_path])
    assert not skipped
    by_id = {d.id: d for d in docs}
    assert sorted(by_id) == ["a", "page", "word"]
    page = by_id["page"]
    assert "<" not in page.text
    assert "南宁市公安局破获" in page.text
    assert "color" not in page.text
    assert "var x" not in page.text
    assert "首页" not in page.text  # navigation is not the article
    assert "300余万元&更多" in page.text
    assert (page.title, page.published, page.published_source) == ("南宁破案 - 某网", dt.date(2022, 6, 22), "header")
    assert page.url == "https://example.org/news/1.html"
    assert by_id["word"].text == "柳州市公安局破获一起诈骗案。\n抓获犯罪嫌疑人3名。"
    assert "2 file(s) not read (.md, .pdf); --include GLOB reads them" in caplog.text


@pytest.mark.issue(10)
def test_include_and_exclude_globs(tmp_path: Path) -> None:
    (tmp_path / "drafts").mkdir()
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "b.md").write_text(BODY, encoding="utf-8")
    (tmp_path / "drafts" / "c.txt").write_text(BODY, encoding="utf-8")
    ids = lambda **kw: sorted(d.id for d in read_documents([tmp_path], **kw)[0])  # noqa: E731
    assert ids() == ["a", "drafts-c"]
    assert ids(include=["*.md"]) == ["b"]
    assert ids(include=["*.md", "*.txt"], exclude=["drafts/*"]) == ["a", "b"]


@pytest.mark.issue(10)
def test_html_named_on_the_command_line_is_read_without_markup(runner: CliRunner, tmp_path: Path) -> None:
    f = tmp_path / "page.htm"
    f.write_bytes(PAGE.replace('charset="utf-8"', 'charset="gbk"').encode("gbk"))
    result = runner.invoke(cli, ["extract", str(f), "--layer", "mentions", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    mentions = {m["text"] for m in json.loads(result.stdout)["mentions"]}
    assert "南宁市公安局" in mentions
    assert "<p>" not in result.stdout


@pytest.mark.issue(10)
def test_docx_without_its_reader_is_a_clear_skip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    f = tmp_path / "a.docx"
    f.write_bytes(b"PK\x03\x04 not really")
    monkeypatch.setitem(sys.modules, "docx", None)  # as if python-docx were not installed
    docs, skipped = read_documents([f])
    assert docs == []
    assert skipped[0].reason == "is a Word document; reading it needs python-docx: pip install 'kg[docx]'"


# ------------------------------------------------------------------ #10.5 size budget
@pytest.mark.issue(10)
def test_an_oversized_document_is_skipped_and_the_others_written(runner: CliRunner, tmp_path: Path) -> None:
    f = tmp_path / "docs.jsonl"
    f.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [
        {"id": "small", "published": "2021-03-05", "text": BODY},
        {"id": "huge", "published": "2021-03-05", "text": BODY * 50},
        {"id": "after", "published": "2021-03-05", "text": BODY},
    ]), encoding="utf-8")  # fmt: skip
    out = tmp_path / "g.nt"
    result = runner.invoke(cli, ["build", str(f), "--max-chars", "1000", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert f"skipped {f}:2: too long: {len(BODY) * 50:,} characters (the limit is --max-chars 1,000)" in result.stderr
    assert set(_doc_dates(out.read_bytes())) == {"small", "after"}
    strict = runner.invoke(cli, ["build", str(f), "--max-chars", "1000", "--strict", "-o", str(tmp_path / "s.nt")])
    assert strict.exit_code == 1


# ------------------------------------------------------------------ #9.8 one-line portal articles
@pytest.mark.issue(9)
def test_one_line_article_after_its_original_title_keeps_its_text(annotate_text) -> None:  # type: ignore[no-untyped-def]
    text = ("原标题：骗子冒充客服 一周骗走老人十万元某某网消息：近日，柳州市公安局破获一起冒充客服诈骗案，"
            "抓获犯罪嫌疑人5名，涉案金额10万余元。据介绍，案发后柳州市公安局迅速成立专案组。" * 2)
    ann = annotate_text(text)
    names = {m.text for m in ann.mentions}
    assert "柳州市公安局" in names
    assert any(e.type == "Arrest" for e in ann.events)


@pytest.mark.issue(9)
def test_short_furniture_lines_still_give_nothing(annotate_text) -> None:  # type: ignore[no-untyped-def]
    ann = annotate_text("来源：柳州市公安局\n责任编辑：王某某\n" + BODY)
    assert all(m.start > len("来源：柳州市公安局\n责任编辑：王某某") for m in ann.mentions)


@pytest.mark.issue(10)
def test_a_document_over_the_time_budget_is_skipped(runner: CliRunner, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    import time

    import kg.build

    real = kg.build.annotate

    def slow_for_one(doc, res=None):  # type: ignore[no-untyped-def]
        if doc.id == "slow":
            time.sleep(30)  # a pathological document: the budget interrupts it
        return real(doc, res)

    monkeypatch.setattr(kg.build, "annotate", slow_for_one)
    f = tmp_path / "docs.jsonl"
    f.write_text("\n".join(json.dumps({"id": i, "published": "2021-03-05", "text": BODY}, ensure_ascii=False)
                           for i in ("before", "slow", "after")), encoding="utf-8")  # fmt: skip
    out = tmp_path / "g.nt"
    started = time.monotonic()
    result = runner.invoke(cli, ["build", str(f), "--timeout", "0.5", "-o", str(out)])
    assert time.monotonic() - started < 20
    assert result.exit_code == 0, result.stderr
    assert "skipped document slow: took longer than the time budget of 0.5 s (--timeout)" in result.stderr
    assert set(_doc_dates(out.read_bytes())) == {"before", "after"}
