"""Stage ① read: turn files, folders, JSONL, web pages and stdin into ``Document`` values.

A bad document never stops the run: it becomes a ``Skipped`` record with a one-line
reason, and the good documents are still returned. Which files a folder build reads is
``kg.inputs``; bytes become text in ``kg.decode`` (GB18030/GBK and UTF-16 are common in
government sites' exports) and ``kg.formats`` (HTML, .docx); metadata beside the files in
``kg.sidecars``.

A document's publication date comes from, in this order: its own metadata (a JSONL
record's ``published``, a sidecar ``X.json`` or an index file), the date its header states
(``kg.dates``: a byline or dateline, never a date inside the story), the ``published``
fallback given by the caller (``kg build --published``). ``Document.published_source``
records which (``record``, ``sidecar``, ``header``, ``option``).
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from kg.dates import find_published_date, header_date, parse_date_field
from kg.decode import SURROGATES as _SURROGATES
from kg.decode import clean_text as _clean
from kg.decode import decode_bytes
from kg.decode import is_blank as _is_blank
from kg.errors import InputError
from kg.inputs import InputFile, expand
from kg.model import Document
from kg.sidecars import Sidecar, SidecarIndex, is_index_records, read_index

__all__ = [
    "Skipped",
    "decode_bytes",
    "find_published_date",
    "read_documents",
    "slug",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Skipped:
    """A document that could not be read, and why (one line)."""

    source: str
    reason: str


@dataclass
class _Run:
    """The settings of one ``read_documents`` call and what it has read so far."""

    encoding: str | None
    published: dt.date | None
    max_chars: int | None
    docs: list[Document] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    sidecars: SidecarIndex = field(default_factory=SidecarIndex)


def read_documents(
    inputs: Iterable[Path | str],
    *,
    input_format: str | None = None,
    encoding: str | None = None,
    published: dt.date | None = None,
    stdin: bytes | None = None,
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
    max_chars: int | None = None,
    corpus: str | None = None,
) -> tuple[list[Document], list[Skipped]]:
    """Read every input; return the documents and the skipped ones.

    Each document belongs to a corpus — ``corpus`` if given, else the name of the folder
    given as input, or of the folder holding a file given as input — and records its
    path inside it (``CEC-Corpus/001.txt``, ``dev/docs.jsonl:7``), so documents from
    separate builds keep apart (``Document.key``).

    Args:
        inputs: Files, folders (read recursively, see ``kg.inputs``) or ``-`` for ``stdin``.
        input_format: ``txt``, ``jsonl``, ``html`` or ``docx``; by suffix when ``None``.
        encoding: Force an encoding; by default UTF-8 with detection as a fallback.
        published: The fallback publication date, for documents that state none.
        stdin: The bytes of standard input, when ``-`` is among the inputs.
        include: Globs: a folder build reads only the files that match one.
        exclude: Globs: a folder build leaves out the files that match one.
        max_chars: Skip documents longer than this many characters.
        corpus: The corpus name of every document (no ``/``).

    Raises:
        InputError: An input path does not exist, ``encoding`` is unknown or ``corpus``
            holds a ``/``.

    >>> docs, skipped = read_documents(["-"], stdin="中新网北京2021年5月3日电 公安部…".encode())
    >>> docs[0].published, docs[0].published_source
    (datetime.date(2021, 5, 3), 'header')
    """
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError as e:
            msg = f"unknown encoding {encoding!r} (try utf-8, gb18030, utf-16)"
            raise InputError(msg) from e
    if corpus is not None and (not corpus.strip() or "/" in corpus):
        msg = f"corpus name {corpus!r} must be non-empty and hold no '/'"
        raise InputError(msg)
    run = _Run(encoding, published, max_chars)
    for f in expand(inputs, input_format=input_format, include=tuple(include), exclude=tuple(exclude)):
        if f.path is None:
            data = stdin or b""
        else:
            try:
                data = f.path.read_bytes()
            except OSError as e:
                run.skipped.append(Skipped(f.source, f"cannot read: {e.strerror}"))
                continue
        before = len(run.docs)
        if f.kind == "jsonl":
            _read_jsonl(f, data, run)
        else:
            sidecar = run.sidecars.lookup(f.path, f.root) if f.path is not None else None
            _read_single(f, data, run, sidecar)
        home, where = _home(f, corpus)
        for i in range(before, len(run.docs)):
            d = run.docs[i]
            path = f"{where}:{d.source_path}" if d.source_path else where
            run.docs[i] = replace(d, corpus=home, source_path=path)
    return _dedupe_ids(run.docs), run.skipped


def _home(f: InputFile, corpus: str | None) -> tuple[str, str]:
    """The corpus of a file and its path in it: the folder given, or the file's folder."""
    if f.path is None:
        return corpus or "stdin", "<stdin>"
    root = f.root if f.root is not None else f.path.parent
    name = root.resolve().name or "root"
    return corpus or name, f"{name}/{f.path.relative_to(root).as_posix()}"


def slug(name: str) -> str:
    """An ASCII, IRI-safe id from a file stem; non-ASCII names keep a short hash."""
    ascii_part = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-._")
    if ascii_part and ascii_part.isascii() and len(ascii_part) >= len(name) * 0.5:
        return ascii_part
    import hashlib

    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:12]
    return f"{ascii_part}-{digest}" if ascii_part else f"doc-{digest}"


# ------------------------------------------------------------------ one file, one document
def _read_single(f: InputFile, data: bytes, run: _Run, sidecar: Sidecar | None) -> None:
    """A .txt, .html or .docx file (or stdin): one document."""
    from kg.formats import docx_text, html_text

    try:
        if f.kind == "html":
            page = html_text(data, f.source, run.encoding)
        elif f.kind == "docx":
            page = docx_text(data, f.source)
        else:
            page = None
            text = decode_bytes(data, f.source, run.encoding)
    except InputError as e:
        run.skipped.append(Skipped(f.source, str(e).removeprefix(f"{f.source} ")))
        return
    if page is not None:
        text = page.text
    if not _fits(f.source, text, run, "empty document"):
        return
    text = _clean(text)
    record_date = sidecar.published if sidecar else None
    from_page = page.published if page is not None else None
    where = sidecar.where if sidecar else f.source
    date, how = _publication_date(where, record_date, "sidecar", text, from_page, run.published)
    if date is None:
        _warn_undated(f.source, text)
    raw_id = sidecar.id if sidecar else None
    doc_id = _clean_id(raw_id) if isinstance(raw_id, (str, int)) else None
    # the file path is not a publisher and would make graphs differ between machines
    run.docs.append(Document(
        id=doc_id or slug(f.name),
        text=text,
        title=_opt_str(sidecar.title if sidecar else None) or (page.title if page else None),
        published=date,
        source=_opt_str(sidecar.source) if sidecar else None,
        url=_iri_or_none((sidecar.url if sidecar else None) or (page.url if page else None), where),
        published_source=how,
    ))  # fmt: skip


def _fits(source: str, text: str, run: _Run, empty: str) -> bool:
    """False (and the document skipped) when it is empty or over the size budget."""
    if _is_blank(text):
        run.skipped.append(Skipped(source, empty))
        return False
    if run.max_chars is not None and len(text) > run.max_chars:
        reason = (f"too long: {len(text):,} characters (the limit is --max-chars {run.max_chars:,}); "
                  "split it or raise the limit")  # fmt: skip
        run.skipped.append(Skipped(source, reason))
        return False
    return True


def _publication_date(
    where: str, given: object, given_kind: str, text: str, from_page: str | None,
    fallback: dt.date | None,
) -> tuple[dt.date | None, str | None]:  # fmt: skip
    """The date and where it came from: the document's metadata, its header, the fallback."""
    date = _parse_date(given, where)
    if date is not None:
        return date, given_kind
    date = parse_date_field(from_page) if from_page else None
    date = date or find_published_date(text)
    if date is not None:
        if date > dt.date.today():
            log.warning("%s: header date %s is in the future; kept as given", where, date)
        return date, "header"
    if fallback is not None:
        return fallback, "option"
    return None, None


def _warn_undated(source: str, text: str) -> None:
    found = header_date(text)
    if found is not None and found.reason:
        log.warning("%s: no publication date: %s (give one with --published or a sidecar)",
                    source, found.reason)  # fmt: skip


# ------------------------------------------------------------------ JSONL and indexes
def _read_jsonl(f: InputFile, data: bytes, run: _Run) -> None:
    try:
        text = decode_bytes(data, f.source, run.encoding)
    except InputError as e:
        run.skipped.append(Skipped(f.source, str(e).removeprefix(f"{f.source} ")))
        return
    records = list(_json_lines(f.source, text, run))
    if f.path is not None and is_index_records(r for _, _, r in records):
        _read_listed(f.path, run)
        return
    for lineno, where, obj in records:
        _read_record(f, lineno, where, obj, run)


def _json_lines(source: str, text: str, run: _Run) -> Iterable[tuple[int, str, dict[str, object]]]:
    # split on "\n" only: str.splitlines would also cut at U+2028 or U+0085, which JSON
    # allows raw inside strings
    for lineno, line in enumerate(text.split("\n"), start=1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        where = f"{source}:{lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            run.skipped.append(Skipped(where, f"not JSON ({e.msg} at column {e.colno})"))
            continue
        if not isinstance(obj, dict):
            run.skipped.append(Skipped(where, "not a JSON object"))
            continue
        yield lineno, where, obj


def _read_listed(index: Path, run: _Run) -> None:
    """An index named as an input: read the files it lists, with its metadata."""
    from kg.inputs import kind_of

    for file, sidecar in read_index(index):
        name = file.relative_to(index.parent).with_suffix("").as_posix().replace("/", "-")
        f = InputFile(str(file), kind_of(file), name, file, index.parent)
        if f.kind == "jsonl":
            log.warning("%s: lists %s, a JSONL file; listed files are single documents", sidecar.where, file)
            continue
        try:
            data = file.read_bytes()
        except OSError as e:
            run.skipped.append(Skipped(str(file), f"cannot read: {e.strerror}"))
            continue
        _read_single(f, data, run, sidecar)


def _read_record(f: InputFile, lineno: int, where: str, obj: dict[str, object], run: _Run) -> None:
    body = obj.get("text")
    if not isinstance(body, str):
        reason = 'no "text" field' if body is None else '"text" is not a string'
        run.skipped.append(Skipped(where, reason))
        return
    if not _fits(where, body, run, "empty text"):
        return
    raw_id = obj.get("id")
    doc_id = _clean_id(raw_id) if isinstance(raw_id, (str, int)) else None
    if raw_id is not None and doc_id is None:
        log.warning("%s: id %r is not a usable string; a line-based id is used", where, raw_id)
    text = _clean(body)
    date, how = _publication_date(where, obj.get("published"), "record", text, None, run.published)
    run.docs.append(Document(
        id=doc_id or slug(f"{Path(f.source).stem}-{lineno}"),
        text=text,
        title=_opt_str(obj.get("title")),
        published=date,
        source=_opt_str(obj.get("source")),
        url=_iri_or_none(obj.get("url"), where),
        published_source=how,
        source_path=str(lineno),
    ))  # fmt: skip


def _parse_date(value: object, where: str) -> dt.date | None:
    """A metadata date, written any common way; a bad one is warned about and ignored."""
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        log.warning("%s: published date %r is not a string; ignored", where, value)
        return None
    date = parse_date_field(value)
    if date is None:
        log.warning("%s: published date %r is not a date; ignored", where, value)
        return None
    if date > dt.date.today():
        log.warning("%s: published date %s is in the future; kept as given", where, date)
    return date


def _opt_str(value: object) -> str | None:
    return _clean(value) if isinstance(value, str) and value.strip() else None


def _clean_id(value: str | int) -> str | None:
    """A JSONL id as text; ``None`` for booleans and blank ids (then a line-based id is used)."""
    if isinstance(value, bool):
        return None
    text = _SURROGATES.sub("\ufffd", str(value)).strip()
    return text or None


def _iri_or_none(value: object, where: str) -> str | None:
    """The ``url`` field when it is a usable IRI (spaces and the like percent-encoded).

    A malformed URL must not stop the document, so it is dropped with a warning.
    """
    if not isinstance(value, str) or not value.strip():
        return None
    from urllib.parse import quote

    import pyoxigraph as ox

    url = quote(_SURROGATES.sub("", value.strip()), safe=":/?#[]@!$&'()*+,;=%~")
    if not url.isascii():
        return url
    try:
        ox.NamedNode(url)
    except ValueError:
        log.warning("%s: url %r is not a valid IRI; ignored", where, value)
        return None
    return url


def _dedupe_ids(docs: list[Document]) -> list[Document]:
    """Duplicate ids in one corpus are kept, renamed ``id-2``, ``id-3`` … (nothing is lost;
    each keeps its source path). ``001`` in two corpora is no duplicate: their keys differ."""
    seen: dict[str, int] = {}
    taken = {d.key for d in docs}
    out: list[Document] = []
    for d in docs:
        n = seen.get(d.key, 0) + 1
        seen[d.key] = n
        if n > 1:
            new_id = f"{d.id}-{n}"
            while replace(d, id=new_id).key in taken:
                n += 1
                new_id = f"{d.id}-{n}"
            taken.add(replace(d, id=new_id).key)
            log.warning("duplicate document id %r renamed to %r", d.id, new_id)
            d = replace(d, id=new_id)
        out.append(d)
    return out
