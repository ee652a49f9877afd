"""Stage ⑦ query: run SPARQL safely and format the rows.

Queries are read-only unless updates are allowed explicitly, and ``SERVICE`` (a call to
another host) is refused unless allowed: a graph file must never make kg reach out.
Rows are returned in the query's own order; the shipped queries all ``ORDER BY``.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import QueryError
from kg.rdf.vocab import DISPLAY_PREFIXES
from kg.resources import query_dir

__all__ = ["ResultTable", "format_rows", "named_queries", "read_named_query", "run_query"]

_UPDATE = re.compile(r"^\s*(?:INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b",
                     re.IGNORECASE | re.MULTILINE)  # fmt: skip
# the keyword, not a ?service variable or an ex:service name
_SERVICE = re.compile(r"(?<![\w?$:])SERVICE\b", re.IGNORECASE)
# strings, IRIs and comments, blanked before looking for keywords (an IRI's '#' is no comment)
_STRINGS = re.compile(r"\"\"\".*?\"\"\"|'''.*?'''|\"(?:\\.|[^\"\\])*\"|'(?:\\.|[^'\\])*'"
                      r"|<[^<>\"{}|^`\\\x00-\x20]*>|#[^\n]*", re.DOTALL)  # fmt: skip


@dataclass(frozen=True)
class ResultTable:
    """Variables and rows of a SELECT (or the single row of an ASK)."""

    variables: list[str]
    rows: list[list[ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None]]


def named_queries() -> dict[str, Path]:
    """The queries shipped in ``ontology/queries``, by name."""
    return {p.stem: p for p in sorted(query_dir().glob("*.rq"))}


def read_named_query(name: str) -> str:
    """The text of a shipped query.

    Raises:
        QueryError: No query of that name; the message lists the names.
    """
    queries = named_queries()
    if name not in queries:
        msg = f"no query named {name!r}; available: {', '.join(queries)}"
        raise QueryError(msg)
    return queries[name].read_text(encoding="utf-8")


def run_query(
    store: ox.Store,
    sparql: str,
    *,
    allow_update: bool = False,
    allow_service: bool = False,
    params: dict[str, str] | None = None,
) -> ResultTable | list[ox.Triple]:
    """Run ``sparql`` on ``store`` (the default graph is the union of all graphs).

    Returns:
        A ``ResultTable`` for SELECT and ASK, a list of triples for CONSTRUCT/DESCRIBE,
        and an empty table for an allowed update.

    Raises:
        QueryError: Bad syntax, a refused update or a refused SERVICE call.
    """
    code = _STRINGS.sub(" ", sparql)
    if _SERVICE.search(code) and not allow_service:
        msg = "SERVICE (a query to another host) is refused; pass --allow-service to allow it"
        raise QueryError(msg)
    if _UPDATE.search(code):
        if not allow_update:
            msg = "this is a SPARQL update; kg query is read-only unless --update is given"
            raise QueryError(msg)
        try:
            store.update(sparql)
        except SyntaxError as e:
            raise QueryError(_syntax_message(e)) from e
        return ResultTable([], [])
    try:
        result = store.query(_bind(sparql, params or {}), use_default_graph_as_union=True)
    except SyntaxError as e:
        raise QueryError(_syntax_message(e)) from e
    except (OSError, ValueError, RuntimeError) as e:
        msg = f"query failed: {e}"
        raise QueryError(msg) from e
    if isinstance(result, ox.QueryBoolean):
        return ResultTable(["ask"], [[ox.Literal("true" if bool(result) else "false")]])
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        rows = [[sol[v] for v in variables] for sol in result]
        return ResultTable(variables, rows)
    return list(result)


def format_rows(table: ResultTable, fmt: str) -> str:
    """Render rows as ``table``, ``csv``, ``tsv``, ``json`` or ``jsonl``."""
    if fmt in {"json", "jsonl"}:
        records = [
            {v: _json_value(cell) for v, cell in zip(table.variables, row, strict=True)}
            for row in table.rows
        ]
        if fmt == "jsonl":
            return "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in records)
        return json.dumps(records, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    if fmt in {"csv", "tsv"}:
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(table.variables)
        for row in table.rows:
            writer.writerow([_plain(cell) for cell in row])
        return buf.getvalue()
    return _table(table)


def _bind(sparql: str, params: dict[str, str]) -> str:
    """Bind ``?name`` to a literal by a VALUES block at the start of the outer WHERE."""
    if not params:
        return sparql
    m = re.search(r"\bWHERE\s*\{", sparql, re.IGNORECASE)
    if m is None:
        msg = "--param needs a query with a WHERE clause"
        raise QueryError(msg)
    values = " ".join(f"VALUES ?{k} {{ {json.dumps(v, ensure_ascii=False)} }}" for k, v in params.items()
                      if re.fullmatch(r"\w+", k))  # fmt: skip
    return f"{sparql[: m.end()]} {values} {sparql[m.end() :]}"


def _syntax_message(e: SyntaxError) -> str:
    first = str(e).splitlines()[0] if str(e) else "syntax error"
    return f"invalid SPARQL: {first}"


def _plain(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, ox.Literal):
        return cell.value
    if isinstance(cell, ox.NamedNode):
        return cell.value
    return str(cell)


def _compact(cell: object) -> str:
    if isinstance(cell, ox.NamedNode):
        for prefix, ns in DISPLAY_PREFIXES.items():
            if cell.value.startswith(ns):
                return f"{prefix}:{cell.value[len(ns):]}"
    return _plain(cell)


def _json_value(cell: object) -> object:
    if cell is None:
        return None
    if isinstance(cell, ox.Literal):
        dtype = cell.datatype.value.rsplit("#", 1)[-1]
        if dtype in {"integer", "int", "long"}:
            return int(cell.value)
        if dtype in {"decimal", "double", "float"}:
            return float(cell.value)
        if dtype == "boolean":
            return cell.value == "true"
        return cell.value
    return _plain(cell)


def _table(table: ResultTable) -> str:
    from unicodedata import east_asian_width

    def width(s: str) -> int:
        return sum(2 if east_asian_width(c) in "WF" else 1 for c in s)

    cells = [[_compact(c) for c in row] for row in table.rows]
    widths = [width(v) for v in table.variables]
    for row in cells:
        widths = [max(w, width(c)) for w, c in zip(widths, row, strict=True)]

    def line(values: list[str]) -> str:
        return "  ".join(v + " " * (w - width(v)) for v, w in zip(values, widths, strict=True))

    out = [line(table.variables), line(["-" * w for w in widths])]
    out += [line(r) for r in cells]
    return "\n".join(x.rstrip() for x in out) + "\n"
