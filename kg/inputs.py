"""Stage ① read: which files a build reads, and as what.

A file named on the command line is always read: by its suffix (``.jsonl``/``.ndjson``
one document a line, ``.html``/``.htm`` a web page, ``.docx`` a Word document, anything
else plain text). A folder is walked recursively, in sorted order, for the kinds a news
corpus holds — ``.txt``, ``.text``, ``.jsonl``, ``.ndjson``, ``.html``, ``.htm``,
``.xhtml``, ``.docx`` — leaving out hidden files and folders, sidecars (``X.json``,
``index.jsonl``/``index.json``/``index.csv``: metadata, not documents) and everything else
(a ``README.md`` is not news). ``--include GLOB`` replaces that list, ``--exclude GLOB``
leaves files out; globs are shell-style, matched against the path inside the folder
(``*`` also crosses ``/``) and against the file name.
"""

from __future__ import annotations

import fnmatch
import logging
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from kg.errors import InputError
from kg.sidecars import INDEX_NAMES

__all__ = ["FOLDER_SUFFIXES", "KINDS", "InputFile", "expand", "kind_of"]

log = logging.getLogger(__name__)

KINDS: Final = ("txt", "jsonl", "html", "docx")
FOLDER_SUFFIXES: Final = {".txt": "txt", ".text": "txt", ".jsonl": "jsonl", ".ndjson": "jsonl",
                          ".html": "html", ".htm": "html", ".xhtml": "html", ".docx": "docx"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class InputFile:
    """One file to read: where it is, what it is, and the name its id is made from."""

    source: str  # as shown in messages: the path, or <stdin>
    kind: str  # one of KINDS
    name: str  # id basis: the path inside the folder given (CEC-Corpus-001), or the stem
    path: Path | None = None  # None for stdin
    root: Path | None = None  # the folder given on the command line, if any


def kind_of(path: Path) -> str:
    """What a file named on the command line is read as, from its suffix."""
    return FOLDER_SUFFIXES.get(path.suffix.lower(), "txt")


def expand(
    inputs: Iterable[Path | str],
    *,
    input_format: str | None = None,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
) -> Iterator[InputFile]:
    """The files of ``inputs`` in order; folders expanded as the module docstring says.

    Raises:
        InputError: An input does not exist.
    """
    for item in inputs:
        if str(item) == "-":
            yield InputFile("<stdin>", input_format or "txt", "stdin")
            continue
        path = Path(item)
        if not path.exists():
            msg = f"{path}: no such file or folder"
            raise InputError(msg)
        if not path.is_dir():
            yield InputFile(str(path), input_format or kind_of(path), path.stem, path)
            continue
        for f in _walk(path, include, exclude):
            rel = f.relative_to(path).with_suffix("").as_posix()
            kind = input_format or FOLDER_SUFFIXES.get(f.suffix.lower(), "txt")
            yield InputFile(str(f), kind, rel.replace("/", "-"), f, path)


def _walk(folder: Path, include: Sequence[str], exclude: Sequence[str]) -> list[Path]:
    chosen: list[Path] = []
    left_out: Counter[str] = Counter()
    for f in sorted(folder.rglob("*")):
        rel = f.relative_to(folder)
        if any(part.startswith(".") for part in rel.parts) or not f.is_file():
            continue
        rel_text = rel.as_posix()
        if exclude and _matches(rel_text, exclude):
            continue
        if include:
            if _matches(rel_text, include):
                chosen.append(f)
            continue
        if f.name.lower() in INDEX_NAMES or f.suffix.lower() == ".json":
            continue  # sidecars: read as metadata (kg.sidecars)
        if f.suffix.lower() in FOLDER_SUFFIXES:
            chosen.append(f)
        else:
            left_out[f.suffix.lower() or f.name] += 1
    if left_out:
        kinds = ", ".join(f"{k} ×{n}" if n > 1 else k for k, n in sorted(left_out.items()))
        log.warning("%s: %d file(s) not read (%s); --include GLOB reads them",
                    folder, sum(left_out.values()), kinds)  # fmt: skip
    return chosen


def _matches(rel: str, globs: Sequence[str]) -> bool:
    name = rel.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatchcase(rel, g) or fnmatch.fnmatchcase(name, g) for g in globs)
