"""Stage ① read: text out of HTML pages and Word documents.

HTML is parsed with the standard library's ``html.parser`` (tolerant of broken markup):
scripts, styles, navigation and forms are dropped, block elements become line breaks,
and the page's own metadata gives the title, canonical URL and publication date
(``article:published_time``, ``pubdate``, ``<time datetime>`` …). ``.docx`` is read with
python-docx (the ``docx`` extra); without it such files are skipped with the command
that installs it.
"""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Final

from kg.errors import InputError

__all__ = ["Extracted", "docx_text", "html_text"]

_SKIP: Final = frozenset({"script", "style", "noscript", "template", "nav", "form", "select",
                          "button", "iframe", "svg", "canvas", "object", "head"})  # fmt: skip
_BLOCK: Final = frozenset({"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
                           "tr", "table", "section", "article", "header", "footer", "aside",
                           "blockquote", "pre", "dd", "dt", "dl", "figure", "figcaption", "hr",
                           "main", "address", "center", "td", "th", "caption"})  # fmt: skip
_DATE_META: Final = ("article:published_time", "og:published_time", "pubdate", "publishdate",
                     "publish_date", "publishtime", "datepublished", "dc.date", "dc.date.issued",
                     "dcterms.date", "date", "sailthru.date", "weibo:article:create_at")  # fmt: skip
_CHARSET: Final = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.IGNORECASE)
_SPACES: Final = re.compile(r"[ \t\r\f\v\u00a0\u3000]+")


@dataclass(frozen=True, slots=True)
class Extracted:
    """The text of a page and what its markup says about it."""

    text: str
    title: str | None = None
    published: str | None = None  # as written in the page (kg.dates parses it)
    url: str | None = None


def html_text(data: bytes, source: str, encoding: str | None = None) -> Extracted:
    """The readable text of an HTML page, paragraphs on lines of their own.

    >>> html_text("<html><head><title>标题</title><script>x()</script></head>"
    ...           "<body><p>第一段</p><p>第二&amp;段</p></body></html>".encode(), "t").text
    '第一段\\n第二&段'
    """
    from kg.decode import decode_bytes

    declared = _CHARSET.search(data[:4096])
    text = None
    if encoding is None and declared:
        try:
            text = data.decode(declared[1].decode("ascii").lower().replace("gb2312", "gb18030"))
        except (LookupError, UnicodeDecodeError):
            text = None
    if text is None:
        text = decode_bytes(data, source, encoding)
    parser = _TextParser()
    try:
        parser.feed(text)
        parser.close()
    except (AssertionError, ValueError) as e:  # html.parser gives up on very broken markup
        msg = f"{source} could not be parsed as HTML ({e})"
        raise InputError(msg) from e
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(parser.parts).split("\n"))
    body = "\n".join(line for line in lines if line)
    title = _SPACES.sub(" ", parser.title).strip() or parser.meta.get("og:title")
    published = next((parser.meta[k] for k in _DATE_META if parser.meta.get(k)), None) or parser.time
    url = parser.canonical or parser.meta.get("og:url")
    return Extracted(body, title or None, published, url)


def docx_text(data: bytes, source: str) -> Extracted:
    """The paragraphs (and table cells) of a Word document, one per line.

    Raises:
        InputError: python-docx is not installed, or the file is not a Word document.
    """
    try:
        import docx  # type: ignore[import-not-found]
    except ImportError as e:
        msg = f"{source} is a Word document; reading it needs python-docx: pip install 'kg[docx]'"
        raise InputError(msg) from e
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as e:  # python-docx raises zipfile, lxml and its own errors alike
        msg = f"{source} is not a readable .docx ({type(e).__name__})"
        raise InputError(msg) from e
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    body = "\n".join(x.strip() for x in lines if x.strip())
    # core_properties.created is when the file was made, not when the news was published
    return Extracted(body, document.core_properties.title or None)


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.in_title = False
        self.title = ""
        self.meta: dict[str, str] = {}
        self.canonical: str | None = None
        self.time: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): v or "" for k, v in attrs}
        if tag == "title":
            self.in_title = True
        elif tag == "body":
            self.skip = 0  # a page whose <head> is never closed
        elif tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key and a.get("content") and key not in self.meta:
                self.meta[key] = html.unescape(a["content"])
        elif tag == "link" and "canonical" in a.get("rel", "").lower() and a.get("href"):
            self.canonical = a["href"]
        elif tag == "time" and a.get("datetime") and self.time is None:
            self.time = a["datetime"]
        if tag in _SKIP:
            self.skip += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in _SKIP:
            self.skip -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data
        elif not self.skip:
            self.parts.append(data.replace("\n", " "))
