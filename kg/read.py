"""Stage ① read: turn files, folders, JSONL and stdin into ``Document`` values.

A bad document never stops the run: it becomes a ``Skipped`` record with a one-line
reason, and the good documents are still returned. Encodings are detected with
charset-normalizer when the bytes are not UTF-8 (GB18030/GBK and UTF-16 are common in
government sites' exports).
"""

from __future__ import annotations

import codecs
import datetime as dt
import functools
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
        InputError: An input path does not exist, or ``encoding`` is unknown.
    """
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError as e:
            msg = f"unknown encoding {encoding!r} (try utf-8, gb18030, utf-16)"
            raise InputError(msg) from e
    docs: list[Document] = []
    skipped: list[Skipped] = []
    for source, data, fmt, name in _expand(inputs, input_format, stdin):
        if isinstance(data, Skipped):
            skipped.append(data)
            continue
        if fmt == "jsonl":
            _read_jsonl(source, data, encoding, docs, skipped)
        else:
            _read_txt(source, data, encoding, published, docs, skipped, name)
    return _dedupe_ids(docs), skipped


def decode_bytes(data: bytes, source: str, encoding: str | None = None) -> str:
    """Decode ``data`` to text: BOMs, then UTF-8, then the likeliest Chinese encoding.

    Detection libraries guess wrong on short Chinese texts (a 10-character GBK line comes
    out as Korean), so GB18030 and BOM-less UTF-16 are tried strictly first and the
    decoding that reads most like Chinese text wins; charset-normalizer is the last resort.

    Raises:
        InputError: The bytes look binary or no encoding decodes them.
    """
    if encoding:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError) as e:
            msg = f"{source} is not valid {encoding} ({_reason(e)})"
            raise InputError(msg) from e
    kind = _binary_kind(data)
    if kind:
        msg = f"{source} looks like a binary file ({kind}), not text"
        raise InputError(msg)
    for bom, bom_encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(bom_encoding)
            except UnicodeDecodeError as e:
                msg = f"{source} starts with a {bom_encoding} byte-order mark but is not valid {bom_encoding} ({_reason(e)})"
                raise InputError(msg) from e
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        first_error: UnicodeDecodeError | None = e
    else:
        if "\x00" not in text:
            return text
        first_error = None
    guess = _likeliest(data)
    if guess is not None:
        log.info("%s: decoded as %s", source, guess[0])
        return guess[1]
    if first_error is None:
        if _share_of_controls(text) < 0.1:
            return text
        msg = f"{source} looks like a binary file (control bytes), not text"
        raise InputError(msg)
    if b"\x00" in data[:4096]:
        msg = f"{source} looks like a binary file (NUL bytes), not text"
        raise InputError(msg)
    detected = _detect(data)
    if detected is None:
        msg = (
            f"{source} is not valid UTF-8 (byte {data[first_error.start]:#04x} at "
            f"offset {first_error.start}) and its encoding could not be detected: "
            "try --encoding gb18030"
        )
        raise InputError(msg)
    log.info("%s: decoded as %s (detected)", source, detected[0])
    return detected[1]


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
) -> Iterator[tuple[str, bytes | Skipped, str, str]]:
    """(source, bytes or why not, format, id basis) per input file.

    A file found in a folder is named by its path inside that folder (CEC-Corpus/001.txt →
    CEC-Corpus-001), so files with the same name in different folders keep distinct ids.
    """
    for item in inputs:
        if str(item) == "-":
            yield "<stdin>", stdin or b"", input_format or "txt", "stdin"
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
            name = f.relative_to(path).with_suffix("").as_posix().replace("/", "-") if path.is_dir() else f.stem
            try:
                data = f.read_bytes()
            except OSError as e:
                yield str(f), Skipped(str(f), f"cannot read: {e.strerror}"), fmt, name
                continue
            yield str(f), data, fmt, name


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
    name: str = "",
) -> None:
    text = _decode_or_skip(source, data, encoding, skipped)
    if text is None:
        return
    if _is_blank(text):
        skipped.append(Skipped(source, "empty document"))
        return
    stem = name or ("stdin" if source == "<stdin>" else Path(source).stem)
    date = published or find_published_date(text)
    # the file path is not a publisher and would make graphs differ between machines
    docs.append(Document(id=slug(stem), text=_clean(text), published=date))


def _decode_or_skip(
    source: str, data: bytes, encoding: str | None, skipped: list[Skipped]
) -> str | None:
    """The decoded text, or ``None`` after recording why it could not be decoded."""
    try:
        return decode_bytes(data, source, encoding)
    except InputError as e:
        skipped.append(Skipped(source, str(e).removeprefix(f"{source} ")))
        return None


def _read_jsonl(
    source: str,
    data: bytes,
    encoding: str | None,
    docs: list[Document],
    skipped: list[Skipped],
) -> None:
    text = _decode_or_skip(source, data, encoding, skipped)
    if text is None:
        return
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
        if _is_blank(body):
            skipped.append(Skipped(where, "empty text"))
            continue
        raw_id = obj.get("id")
        doc_id = _clean_id(raw_id) if isinstance(raw_id, (str, int)) else None
        if raw_id is not None and doc_id is None:
            log.warning("%s: id %r is not a usable string; a line-based id is used", where, raw_id)
        docs.append(
            Document(
                id=doc_id or slug(f"{Path(source).stem}-{lineno}"),
                text=_clean(body),
                title=_opt_str(obj.get("title")),
                published=_parse_date(obj.get("published"), where),
                source=_opt_str(obj.get("source")),
                url=_iri_or_none(obj.get("url"), where),
            )
        )


def _parse_date(value: object, where: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        log.warning("%s: published date %r is not a string; ignored", where, value)
        return None
    try:
        date = dt.date.fromisoformat(value[:10])
    except ValueError:
        log.warning("%s: published date %r is not YYYY-MM-DD; ignored", where, value)
        return None
    if date > dt.date.today():
        log.warning("%s: published date %s is in the future; kept as given", where, date)
    return date


def _opt_str(value: object) -> str | None:
    return _clean(value) if isinstance(value, str) and value.strip() else None


def _is_blank(text: str) -> bool:
    """Nothing to read: only whitespace, control and zero-width characters."""
    return _BLANK.fullmatch(text) is not None


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


def _clean(text: str) -> str:
    """Normalise line ends, blank out control characters (NUL …) and replace lone surrogates.

    RDF cannot hold either and UTF-8 cannot encode a surrogate; each is replaced by one
    character, so the cleaned text (which all offsets refer to) keeps its length.
    Regular expressions keep this linear and fast on a 10 MB line.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROLS.sub(" ", text)
    return _SURROGATES.sub("\ufffd", text)


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


_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"\x7fELF", "executable"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "MS Office document"),
)
_SAMPLE = 20_000  # characters scored when telling encodings apart
_PLAUSIBLE = 0.7  # least score of a GB18030/UTF-16 reading to accept it
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATES = re.compile(r"[\ud800-\udfff]")
_BLANK = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u200b-\u200f\u2060\ufeff]*")


def _binary_kind(data: bytes) -> str | None:
    """The file type a binary signature names, for a clearer skip reason."""
    return next((kind for magic, kind in _MAGIC if data.startswith(magic)), None)


def _reason(e: Exception) -> str:
    if isinstance(e, UnicodeDecodeError):
        return f"byte {e.object[e.start]:#04x} at offset {e.start}"
    if isinstance(e, LookupError):
        return "unknown encoding"
    return str(e)


def _likeliest(data: bytes) -> tuple[str, str] | None:
    """The strict GB18030 or UTF-16 reading that looks most like Chinese text, if any."""
    best: tuple[float, str, str] | None = None
    for enc in ("gb18030", "utf-16-le", "utf-16-be"):
        if enc.startswith("utf-16") and len(data) % 2:
            continue
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        score = _plausibility(text)
        if best is None or score > best[0]:
            best = (score, enc, text)
    if best is None or best[0] < _PLAUSIBLE:
        return None
    return best[1], best[2]


def _plausibility(text: str) -> float:
    """Share of (a sample of) ``text`` made of characters Chinese news is written with.

    ASCII, CJK punctuation, full-width forms and GB2312 characters count 1, other
    traditional (Big5) characters 0.9, rarer CJK ideographs 0.5, anything else 0. A
    wrong decoding turns text into Hangul, private-use and rare ideographs, and scores low.
    """
    sample = text[:_SAMPLE]
    if not sample:
        return 0.0
    return sum(_char_weight(c) for c in sample) / len(sample)


@functools.lru_cache(maxsize=65_536)
def _char_weight(c: str) -> float:
    if c in "\t\n\r" or " " <= c <= "~":
        return 1.0
    if unicodedata.category(c) in {"Cc", "Co", "Cn", "Cs"}:  # controls, private use, unassigned
        return 0.0
    o = ord(c)
    if 0x3000 <= o <= 0x303F or 0xFF01 <= o <= 0xFF5E or 0x2010 <= o <= 0x205E:
        return 1.0
    for enc, weight in (("gb2312", 1.0), ("big5", 0.9)):
        try:
            c.encode(enc)
        except UnicodeEncodeError:
            continue
        return weight
    if 0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF or 0x1F300 <= o <= 0x1FAFF:
        return 0.5
    return 0.0


def _share_of_controls(text: str) -> float:
    sample = text[:_SAMPLE]
    return len(_CONTROLS.findall(sample)) / max(1, len(sample))


def _detect(data: bytes) -> tuple[str, str] | None:
    """charset-normalizer's guess, kept only when the text it gives reads like text."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        return None
    guess: str = best.encoding
    # GBK/GB2312 guesses are decoded as their superset GB18030.
    if guess.replace("_", "").lower() in {"gbk", "gb2312", "cp936"}:
        guess = "gb18030"
    try:
        text = data.decode(guess)
    except (UnicodeDecodeError, LookupError):
        return None
    # random bytes always "decode" as some code page; keep only what reads as text
    return (guess, text) if _plausibility(text) >= _PLAUSIBLE else None
