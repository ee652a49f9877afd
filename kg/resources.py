"""The one module that knows where data files live; loads, validates and caches them.

Language data — lexicons (TSV), patterns (YAML), queries (.rq) and the ontology
(Turtle) — is kept out of the code. Every loader reports problems as
``path:line: message`` through ``ResourceError``.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

from kg.errors import ResourceError

__all__ = [
    "Resources",
    "data_path",
    "ontology_dir",
    "query_dir",
    "read_tsv",
]

_PACKAGE_ROOT = Path(__file__).resolve().parent


def data_path(*parts: str) -> Path:
    """Path of a file under ``kg/data``."""
    return Path(str(files("kg").joinpath("data", *parts)))


def ontology_dir() -> Path:
    """The ontology folder: inside the wheel, else the checkout's top-level ``ontology/``."""
    candidates = [Path(str(files("kg").joinpath("ontology"))), _PACKAGE_ROOT.parent / "ontology"]
    for c in candidates:
        if (c / "kg.ttl").is_file():
            return c
    msg = "ontology not found; looked in " + " and ".join(str(c) for c in candidates)
    raise ResourceError(msg)


def query_dir() -> Path:
    """Folder of the named SPARQL queries (``ontology/queries``)."""
    return ontology_dir() / "queries"


def read_tsv(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    """Read a TSV with ``#`` comments and a header row that must name ``columns``.

    Raises:
        ResourceError: Missing file, missing column or a row of the wrong width.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        msg = f"{path}: cannot read ({e.strerror})"
        raise ResourceError(msg) from e
    body = [(i, line) for i, line in enumerate(lines, start=1) if line and not line.startswith("#")]
    if not body:
        msg = f"{path}: no header row"
        raise ResourceError(msg)
    header_line, header = body[0]
    names = header.split("\t")
    missing = [c for c in columns if c not in names]
    if missing:
        msg = f"{path}:{header_line}: header lacks column(s) {', '.join(missing)}"
        raise ResourceError(msg)
    rows: list[dict[str, str]] = []
    for lineno, line in body[1:]:
        cells = next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE))
        if len(cells) > len(names):
            msg = f"{path}:{lineno}: {len(cells)} cells, header has {len(names)}"
            raise ResourceError(msg)
        cells += [""] * (len(names) - len(cells))
        row = dict(zip(names, (c.strip() for c in cells), strict=True))
        row["_line"] = str(lineno)
        rows.append(row)
    return rows


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as e:
        msg = f"{path}: cannot read ({e.strerror})"
        raise ResourceError(msg) from e
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        msg = f"{where}: invalid YAML ({getattr(e, 'problem', e)})"
        raise ResourceError(msg) from e


def _split(cell: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in cell.split("|") if x.strip())


@dataclass(frozen=True, eq=False)
class Resources:
    """Everything the NLP stages read, loaded once."""

    units: Mapping[str, str]
    values: Mapping[str, Any]
    times: Mapping[str, Any]
    entities: Mapping[str, Any]
    events: Mapping[str, Any]
    justice: Mapping[str, Any]
    places: tuple[dict[str, str], ...]
    crime_types: tuple[dict[str, str], ...]
    platforms: tuple[dict[str, str], ...]
    organizations: tuple[dict[str, str], ...]
    lexicon_dir: Path

    @classmethod
    @functools.cache
    def default(cls) -> Resources:
        """The packaged resources (cached: loaded once per process)."""
        return cls.load(data_path("zh"))

    @classmethod
    def load(cls, root: Path) -> Resources:
        """Load and validate every data file under ``root`` (a language folder)."""
        lex = root / "lexicons"
        pat = root / "patterns"
        units = {r["unit"]: r["kind"] for r in read_tsv(lex / "units.tsv", ("unit", "kind"))}
        places = read_tsv(lex / "places.tsv", ("code", "name", "level", "parent", "short"))
        crimes = merge_crime_types(
            read_tsv(lex / "crime_types.tsv", ("label", "kind", "broader", "aliases")),
            read_tsv(lex / "crime_charges.tsv", ("label", "kind", "broader", "aliases")),
        )
        platforms = read_tsv(lex / "platforms.tsv", ("label", "kind", "aliases"))
        orgs = read_tsv(lex / "organizations.tsv", ("label", "kind", "parent", "aliases"))
        res = cls(
            units=units,
            values=_mapping(pat / "values.yaml"),
            times=_mapping(pat / "times.yaml"),
            entities=_mapping(pat / "entities.yaml"),
            events=_mapping(pat / "events.yaml"),
            justice=_mapping(pat / "justice.yaml"),
            places=tuple(places),
            crime_types=tuple(crimes),
            platforms=tuple(platforms),
            organizations=tuple(orgs),
            lexicon_dir=lex,
        )
        return res

    @staticmethod
    def aliases(row: Mapping[str, str], column: str = "aliases") -> tuple[str, ...]:
        """The ``|``-separated values of a cell."""
        return _split(row.get(column, ""))


def merge_crime_types(
    curated: list[dict[str, str]], charges: list[dict[str, str]]
) -> list[dict[str, str]]:
    """One crime-type scheme from the hand-made categories and the Criminal Law's charges.

    A charge in both files keeps the law's row and gains the hand-made aliases and broader
    link; a charge the hand-made file lists as an alias (偷税罪 of 逃税罪) stays that alias,
    unless it is an item of the selective charge that owns the alias (贩卖毒品罪 of
    走私、贩卖、运输、制造毒品罪), which is a narrower concept of its own. No alias names two
    concepts, and none equals a label.
    """
    rows = {r["label"]: dict(r) for r in curated}
    alias_owner = {a: r["label"] for r in curated for a in _split(r["aliases"])}
    merged_into: dict[str, str] = {}
    for g in charges:
        label = g["label"]
        if label in rows:
            cur = rows[label]
            cur["kind"] = g["kind"] if cur["kind"] == "charge" else cur["kind"]
            cur["broader"] = cur["broader"] or g["broader"]
            cur["aliases"] = "|".join(dict.fromkeys((*_split(cur["aliases"]), *_split(g["aliases"]))))
            continue
        owner = alias_owner.get(label)
        if owner is not None and g["broader"] != owner:
            extra = _split(g["aliases"])
            rows[owner]["aliases"] = "|".join(dict.fromkeys((*_split(rows[owner]["aliases"]), *extra)))
            merged_into[label] = owner
            continue
        if owner is not None:
            rows[owner]["aliases"] = "|".join(a for a in _split(rows[owner]["aliases"]) if a != label)
        rows[label] = dict(g)
    for r in rows.values():
        r["broader"] = merged_into.get(r["broader"], r["broader"])
    seen: set[str] = set(rows)
    for label in sorted(rows):
        kept = []
        for a in _split(rows[label]["aliases"]):
            if a not in seen:
                seen.add(a)
                kept.append(a)
        rows[label]["aliases"] = "|".join(kept)
    return [rows[k] for k in sorted(rows)]


def _mapping(path: Path) -> Mapping[str, Any]:
    data = _read_yaml(path)
    if not isinstance(data, dict):
        msg = f"{path}:1: expected a mapping at the top level"
        raise ResourceError(msg)
    return data
