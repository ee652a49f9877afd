"""Stage ① read, bytes → text: byte-order marks, UTF-8, then the likeliest Chinese encoding.

Detection libraries guess wrong on short Chinese texts (a 10-character GBK line comes out
as Korean), so GB18030 and BOM-less UTF-16 are decoded strictly first and the reading that
looks most like Chinese text wins; charset-normalizer is the last resort. Binary files are
recognised by their signature, so the skip reason says what they are.
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata

from kg.errors import InputError

__all__ = ["SURROGATES", "binary_kind", "clean_text", "decode_bytes", "is_blank"]

log = logging.getLogger(__name__)


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
    kind = binary_kind(data)
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


def binary_kind(data: bytes) -> str | None:
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


def clean_text(text: str) -> str:
    """Normalise line ends, blank out control characters (NUL …) and replace lone surrogates.

    RDF cannot hold either and UTF-8 cannot encode a surrogate; each is replaced by one
    character, so the cleaned text (which all offsets refer to) keeps its length.
    Regular expressions keep this linear and fast on a 10 MB line.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROLS.sub(" ", text)
    return SURROGATES.sub("\ufffd", text)


def is_blank(text: str) -> bool:
    """Nothing to read: only whitespace, control and zero-width characters."""
    return BLANK.fullmatch(text) is not None


SURROGATES = re.compile(r"[\ud800-\udfff]")
BLANK = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u200b-\u200f\u2060\ufeff]*")
