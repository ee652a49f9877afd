"""Stage ② normalize: a length-preserving copy of the text for matching.

Full-width ASCII becomes half-width (４０７１ → 4071, ％ → %), the ideographic space a
space, zero-width characters a plain space, and traditional characters simplified
(OpenCC) where the conversion maps one character to one character. Because every
replacement is 1:1, offsets found in ``norm`` are offsets into the original text.
"""

from __future__ import annotations

import functools
from dataclasses import replace

from kg.model import Annotated
from kg.resources import Resources

__all__ = ["normalize_text", "run"]

_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"


def run(ann: Annotated, res: Resources) -> Annotated:
    """Pipeline entry point: fill ``norm``."""
    return replace(ann, norm=normalize_text(ann.doc.text))


def normalize_text(text: str) -> str:
    """Return ``text`` normalised character by character (same length).

    >>> normalize_text("破獲案件４０７１起，同比上升１４１．６％")
    '破获案件4071起,同比上升141.6%'
    """
    width = text.translate(_width_table())
    return _simplify(width)


@functools.cache
def _width_table() -> dict[int, str]:
    table = {cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)}
    table[0x3000] = " "
    for ch in _ZERO_WIDTH:
        table[ord(ch)] = " "
    return table


def _simplify(text: str) -> str:
    converter = _converter()
    if converter is None:
        return text
    converted = converter(text)
    if len(converted) == len(text):
        return converted
    # Rare phrase conversions change length: fall back to one character at a time.
    return "".join(c if len(s := converter(c)) != 1 else s for c in text)


@functools.cache
def _converter():  # type: ignore[no-untyped-def]
    try:
        import opencc
    except ImportError:  # pragma: no cover - opencc is a declared dependency
        return None
    return opencc.OpenCC("t2s").convert
