"""Stage ① read: turn files, folders, JSONL and stdin into ``Document`` values.

A bad document never stops the run: it becomes a ``Skipped`` record with a one-line
reason, and the good documents are still returned. Encodings are detected with
charset-normalizer when the bytes are not UTF-8 (GB18030/GBK and UTF-16 are common in
government sites' exports).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from kg.errors import InputError
from kg.model import Document

__all__ = [
    "Skipped",
    "decode_bytes",
    "find_published_date",
    "read_documents",
    "slug",
]

log = logging.getLogger(__name__)

_TEXT_SUFFIXES = {".txt", ".text", ".md"}
_JSONL_SUFFIXES = {".jsonl", ".ndjson"}
_DATE_RE = re.compile(
    r"(?P<y>(?:19|20)\d\d)\s*(?:年|-|/|\.)\s*(?P<m>\d{1,2})\s*(?:月|-|/|\.)\s*(?P<d>\d{1,2})"
)
_HEADER_LINES = 6


@dataclass(frozen=True, slots=True)
class Skipped:
    """A document that could not be read, and why (one line)."""

    source: str
    reason: str


def read_documents(
    inputs: Iterable[Path | str],
    *,
    input_format: str | None = None,
    encoding: str | None = None,
    published: dt.date | None = None,
    stdin: bytes | None = None,
) -> tuple[list[Document], list[Skipped]]:
    """Read every input; return the documents and the skipped ones.

    Args:
        inputs: Paths to ``.txt``/``.jsonl`` files or folders (read recursively);
            ``-`` reads ``stdin``.
        input_format: ``txt`` or ``jsonl``; guessed from the suffix when ``None``.
        encoding: Force an encoding; by default UTF-8 with detection as a fallback.
        published: Publication date for ``.txt`` documents without a dated header.
        stdin: The bytes of standard input, when ``-`` is among the inputs.

    Raises:
        InputError: An input path does not exist.
    """
    docs: list[Document] = []
    skipped: list[Skipped] = []
    for source, data, fmt in _expand(inputs, input_format, stdin):
        if isinstance(data, Skipped):
            skipped.append(data)
            continue
        if fmt == "jsonl":
            _read_jsonl(source, data, encoding, docs, skipped)
        else:
            _read_txt(source, data, encoding, published, docs, skipped)
    return _dedupe_ids(docs), skipped


def decode_bytes(data: bytes, source: str, encoding: str | None = None) -> str:
    """Decode ``data`` to text: BOMs first, then UTF-8, then detection.

    Raises:
        InputError: The bytes look binary or no encoding decodes them.
    """
    if encoding:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError) as e:
            msg = f"{source} is not valid {encoding} ({e})"
            raise InputError(msg) from e
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        first_error = e
    if b"\x00" in data[:4096] and not _looks_utf16(data):
        msg = f"{source} looks like a binary file, not text"
        raise InputError(msg)
    guess = _detect(data)
    if guess is None:
        msg = (
            f"{source} is not valid UTF-8 (byte {data[first_error.start]:#04x} at "
            f"offset {first_error.start}) and its encoding could not be detected: "
            "try --encoding gb18030"
        )
        raise InputError(msg)
    log.info("%s: decoded as %s", source, guess)
    return data.decode(guess)


def find_published_date(text: str) -> dt.date | None:
    """Return the first plausible date in the first header lines of a text file."""
    for line in text.splitlines()[:_HEADER_LINES]:
        for m in _DATE_RE.finditer(line):
            try:
                return dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
            except ValueError:
                continue
    return None


def slug(name: str) -> str:
    """An ASCII, IRI-safe id from a file stem; non-ASCII names keep a short hash."""
    ascii_part = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-._")
    if ascii_part and ascii_part.isascii() and len(ascii_part) >= len(name) * 0.5:
        return ascii_part
    import hashlib

    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:12]
    return f"{ascii_part}-{digest}" if ascii_part else f"doc-{digest}"


def _expand(
    inputs: Iterable[Path | str], input_format: str | None, stdin: bytes | None
) -> Iterator[tuple[str, bytes | Skipped, str]]:
    for item in inputs:
        if str(item) == "-":
            yield "<stdin>", stdin or b"", input_format or "txt"
            continue
        path = Path(item)
        if not path.exists():
            msg = f"{path}: no such file or folder"
            raise InputError(msg)
        files = (
            sorted(p for p in path.rglob("*") if p.is_file() and _is_input(p))
            if path.is_dir()
            else [path]
        )
        for f in files:
            fmt = input_format or ("jsonl" if f.suffix.lower() in _JSONL_SUFFIXES else "txt")
            try:
                data = f.read_bytes()
            except OSError as e:
                yield str(f), Skipped(str(f), f"cannot read: {e.strerror}"), fmt
                continue
            yield str(f), data, fmt


def _is_input(path: Path) -> bool:
    suffix = path.suffix.lower()
    return suffix in _TEXT_SUFFIXES or suffix in _JSONL_SUFFIXES


def _read_txt(
    source: str,
    data: bytes,
    encoding: str | None,
    published: dt.date | None,
    docs: list[Document],
    skipped: list[Skipped],
) -> None:
    try:
        text = decode_bytes(data, source, encoding)
    except InputError as e:
        skipped.append(Skipped(source, str(e)))
        return
    if not text.strip():
        skipped.append(Skipped(source, "empty document"))
        return
    stem = "stdin" if source == "<stdin>" else Path(source).stem
    date = published or find_published_date(text)
    docs.append(Document(id=slug(stem), text=_clean(text), published=date, source=source))


def _read_jsonl(
    source: str,
    data: bytes,
    encoding: str | None,
    docs: list[Document],
    skipped: list[Skipped],
) -> None:
    try:
        text = decode_bytes(data, source, encoding)
    except InputError as e:
        skipped.append(Skipped(source, str(e)))
        return
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{source}:{lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            skipped.append(Skipped(where, f"not JSON ({e.msg} at column {e.colno})"))
            continue
        if not isinstance(obj, dict):
            skipped.append(Skipped(where, "not a JSON object"))
            continue
        body = obj.get("text")
        if not isinstance(body, str):
            reason = 'no "text" field' if body is None else '"text" is not a string'
            skipped.append(Skipped(where, reason))
            continue
        if not body.strip():
            skipped.append(Skipped(where, "empty text"))
            continue
        doc_id = obj.get("id")
        doc_id = str(doc_id) if isinstance(doc_id, (str, int)) and str(doc_id) else None
        docs.append(
            Document(
                id=doc_id or slug(f"{Path(source).stem}-{lineno}"),
                text=_clean(body),
                title=_opt_str(obj.get("title")),
                published=_parse_date(obj.get("published"), where),
                source=_opt_str(obj.get("source")),
                url=_opt_str(obj.get("url")),
            )
        )


def _parse_date(value: object, where: str) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        date = dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        log.warning("%s: published date %r is not YYYY-MM-DD; ignored", where, value)
        return None
    if date > dt.date.today():
        log.warning("%s: published date %s is in the future; kept as given", where, date)
    return date


def _opt_str(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _clean(text: str) -> str:
    """Normalise line ends and blank out control characters (NUL …) that RDF cannot hold.

    The cleaned text is the document text that all offsets refer to.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(
        " " if unicodedata.category(c) == "Cc" and c not in "\n\t" else c for c in text
    )


def _dedupe_ids(docs: list[Document]) -> list[Document]:
    """Duplicate ids are kept, renamed ``id-2``, ``id-3`` … (nothing is lost)."""
    seen: dict[str, int] = {}
    out: list[Document] = []
    for d in docs:
        n = seen.get(d.id, 0) + 1
        seen[d.id] = n
        if n > 1:
            new_id = f"{d.id}-{n}"
            log.warning("duplicate document id %r renamed to %r", d.id, new_id)
            d = replace(d, id=new_id)
        out.append(d)
    return out


def _looks_utf16(data: bytes) -> bool:
    sample = data[:4096]
    zeros_even = sample[0::2].count(0)
    zeros_odd = sample[1::2].count(0)
    half = max(1, len(sample) // 2)
    return max(zeros_even, zeros_odd) > half * 0.2 and min(zeros_even, zeros_odd) < half * 0.05


def _detect(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    if _looks_utf16(data):
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if any("\u4e00" <= c <= "\u9fff" for c in text[:2000]):
                return enc
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        return None
    guess: str = best.encoding
    # GBK/GB2312 guesses are decoded as their superset GB18030.
    return "gb18030" if guess.replace("_", "").lower() in {"gbk", "gb2312", "cp936"} else guess
