"""Stage ① read: metadata kept beside the documents (sidecars), as corpora usually arrive.

Two kinds, both optional:

- ``X.json`` beside ``X.txt`` (or ``X.html``, ``X.docx``): one JSON object for that file.
- ``index.jsonl``, ``index.json`` or ``index.csv`` in a folder: one record per file, the file
  named relative to the index's folder (``CEC-Corpus/001.txt`` or ``001.txt``). The nearest
  index wins, and ``X.json`` wins over an index.

Fields and the aliases real indexes use (the first one present wins):

    file       file, filename, path, name
    published  published, datePublished, date, pubdate, publish_time, time
    title      title, headline
    url        url, link, href
    source     source, publisher, outlet
    id         id, doc_id

Dates may be written any common way (``2017-08-04``, ``2014年03月19日 12:17:48 来源： 宁夏日报``,
``20120612``); a value with no date in it is ignored with a warning. Other fields are kept
out of the graph.
"""

from __future__ import annotations

import csv
import io
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from kg.decode import decode_bytes
from kg.errors import InputError

__all__ = ["ALIASES", "INDEX_NAMES", "Sidecar", "SidecarIndex", "is_index_records"]

log = logging.getLogger(__name__)

INDEX_NAMES: Final = ("index.jsonl", "index.json", "index.csv")
ALIASES: Final = {
    "file": ("file", "filename", "path", "name"),
    "published": ("published", "datePublished", "date", "pubdate", "publish_time", "time"),
    "title": ("title", "headline"),
    "url": ("url", "link", "href"),
    "source": ("source", "publisher", "outlet"),
    "id": ("id", "doc_id"),
}


@dataclass(frozen=True, slots=True)
class Sidecar:
    """What a sidecar says of one file (raw values; ``kg.read`` checks them) and where."""

    where: str  # "CEC-Corpus/index.jsonl:3" or "X.json", for messages
    published: object = None
    title: object = None
    url: object = None
    source: object = None
    id: object = None

    @classmethod
    def of(cls, record: dict[str, object], where: str) -> Sidecar:
        """The record's fields under their canonical names (aliases resolved)."""
        return cls(where, **{k: _field(record, k) for k in ("published", "title", "url", "source", "id")})


class SidecarIndex:
    """Every sidecar that applies to the files of one build, looked up by file path."""

    def __init__(self) -> None:
        self._by_file: dict[Path, tuple[int, Sidecar]] = {}
        self._seen: set[Path] = set()

    def add_folder(self, folder: Path, depth: int = 0) -> None:
        """Read the index files of ``folder`` (nearer folders, larger ``depth``, win)."""
        for name in INDEX_NAMES:
            index = folder / name
            if index.is_file() and index.resolve() not in self._seen:
                self._seen.add(index.resolve())
                for file, sidecar in read_index(index):
                    key = file.resolve()
                    if key not in self._by_file or self._by_file[key][0] <= depth:
                        self._by_file[key] = (depth, sidecar)

    def lookup(self, path: Path, root: Path | None = None) -> Sidecar | None:
        """``X.json`` beside ``path`` if there is one, else the nearest index's record.

        Indexes are looked for in the folders from ``root`` (the folder the build was
        given; default the file's own folder) down to the file's folder.
        """
        own = path.with_suffix(".json")
        if own != path and own.is_file():
            try:
                obj = json.loads(decode_bytes(own.read_bytes(), str(own)))
            except (OSError, InputError, ValueError) as e:
                log.warning("%s: not a JSON object (%s); ignored", own, e)
            else:
                if isinstance(obj, dict):
                    return Sidecar.of(obj, str(own))
                log.warning("%s: not a JSON object; ignored", own)
        folder = path.parent
        top = (root or folder).resolve()
        while True:
            self.add_folder(folder, depth=len(folder.resolve().parts))
            if folder.resolve() == top or folder.resolve() == folder.resolve().parent:
                break
            folder = folder.parent
        found = self._by_file.get(path.resolve())
        return found[1] if found else None


def read_index(index: Path) -> list[tuple[Path, Sidecar]]:
    """The (file, sidecar) records of an index file; bad records are warned about and left out."""
    try:
        text = decode_bytes(index.read_bytes(), str(index))
    except (OSError, InputError) as e:
        log.warning("%s: cannot read (%s); ignored", index, e)
        return []
    out = []
    for where, record in _records(index, text):
        name = _field(record, "file")
        if not isinstance(name, str) or not name.strip():
            log.warning("%s: no file name (fields %s); ignored", where, ", ".join(ALIASES["file"]))
            continue
        file = index.parent / name.strip()
        if not file.is_file():
            log.warning("%s: %s does not exist beside the index; ignored", where, name)
            continue
        out.append((file, Sidecar.of(record, where)))
    return out


def is_index_records(records: Iterable[dict[str, object]]) -> bool:
    """True when JSON records name files and hold no text: an index, not documents."""
    first = next(iter(records), None)
    return first is not None and "text" not in first and _field(first, "file") is not None


def _records(index: Path, text: str) -> list[tuple[str, dict[str, object]]]:
    if index.suffix == ".csv":
        rows = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
        return [(f"{index}:{i}", dict(r)) for i, r in enumerate(rows, start=2)]
    if index.suffix == ".json":
        try:
            data = json.loads(text)
        except ValueError as e:
            log.warning("%s: not JSON (%s); ignored", index, e)
            return []
        items = data if isinstance(data, list) else []
        return [(f"{index}:{i}", r) for i, r in enumerate(items, start=1) if isinstance(r, dict)]
    out = []
    for i, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError:
            log.warning("%s:%d: not JSON; ignored", index, i)
            continue
        if isinstance(obj, dict):
            out.append((f"{index}:{i}", obj))
    return out


def _field(record: dict[str, object], name: str) -> object:
    for alias in ALIASES[name]:
        value = record.get(alias)
        if value not in (None, ""):
            return value
    return None
