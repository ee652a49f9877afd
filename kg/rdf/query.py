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

__all__ = [
    "NamedQuery",
    "ResultTable",
    "check_params",
    "format_rows",
    "named_queries",
    "query_info",
    "read_named_query",
    "run_query",
]

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
    ask: bool = False  # the one row of an ASK query


@dataclass(frozen=True)
class NamedQuery:
    """A shipped query: its name, its header comment and the ``--param`` names it needs."""

    name: str
    path: Path
    description: str
    params: tuple[str, ...]


_PARAM_DECL = re.compile(r"--param\s+(\w+)=")
_VARIABLE = re.compile(r"[?$](\w+)")


def query_info(path: Path) -> NamedQuery:
    """Name, description (the leading ``#`` lines but the usage line) and parameters.

    A shipped query declares each parameter in its header as ``--param NAME=example``.
    """
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.lstrip("#").strip())
    params = tuple(dict.fromkeys(m[1] for line in lines for m in _PARAM_DECL.finditer(line)))
    words = " ".join(x for x in lines if not x.startswith("Usage:"))
    return NamedQuery(path.stem, path, words, params)


def check_params(sparql: str, given: dict[str, str], needed: tuple[str, ...] = ()) -> None:
    """Refuse a parameter the query has no variable for, and a needed one left out.

    Raises:
        QueryError: Naming the wrong or missing parameter and the nearest valid names.
    """
    import difflib

    missing = [p for p in needed if p not in given]
    if missing:
        msg = f"this query needs --param {missing[0]}=VALUE" + (
            f" (its parameters: {', '.join(needed)})" if len(needed) > 1 else "")
        raise QueryError(msg)
    variables = sorted(set(_VARIABLE.findall(_STRINGS.sub(" ", sparql))))
    for name in given:
        if name not in variables:
            near = difflib.get_close_matches(name, [*needed, *variables], n=3, cutoff=0.5)
            hint = f"; did you mean {', '.join(near)}?" if near else ""
            msg = f"--param {name}: the query has no variable ?{name}{hint}"
            raise QueryError(msg)


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
        import difflib

        near = difflib.get_close_matches(name, list(queries), n=3, cutoff=0.5)
        hint = f"did you mean {', '.join(near)}? " if near else ""
        msg = f"no query named {name!r}; {hint}available: {', '.join(queries)}"
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
        return ResultTable(["ask"], [[ox.Literal("true" if bool(result) else "false")]], ask=True)
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        rows = [[sol[v] for v in variables] for sol in result]
        return ResultTable(variables, rows)
    return list(result)


def format_rows(table: ResultTable, fmt: str, *, bom: bool = False) -> str:
    """Render rows as ``table``, ``csv``, ``tsv``, ``json`` or ``jsonl``.

    ``json`` is the W3C SPARQL 1.1 Query Results JSON format (terms with their type,
    datatype and language); ``jsonl`` is one plain record a line, numbers as written in
    the graph (an ``xsd:decimal`` 2500000000 stays 2500000000, never a float).
    ``bom`` starts csv/tsv with a UTF-8 byte-order mark, which spreadsheet programs need
    to read UTF-8.
    """
    if fmt == "json":
        return json.dumps(sparql_json(table), ensure_ascii=False, indent=2) + "\n"
    if fmt == "jsonl":
        return "".join(
            json.dumps({v: _json_value(c) for v, c in zip(table.variables, row, strict=True)},
                       ensure_ascii=False, sort_keys=True) + "\n"
            for row in table.rows
        )  # fmt: skip
    if fmt in {"csv", "tsv"}:
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(table.variables)
        for row in table.rows:
            writer.writerow([_plain(cell) for cell in row])
        return ("\ufeff" if bom else "") + buf.getvalue()
    return _table(table)


def sparql_json(table: ResultTable) -> dict[str, object]:
    """The W3C SPARQL 1.1 Query Results JSON object of a SELECT (or an ASK)."""
    if table.variables == ["ask"] and len(table.rows) == 1 and table.ask:
        cell = table.rows[0][0]
        return {"head": {}, "boolean": isinstance(cell, ox.Literal) and cell.value == "true"}
    bindings = [
        {v: _w3c_term(c) for v, c in zip(table.variables, row, strict=True) if c is not None}
        for row in table.rows
    ]
    return {"head": {"vars": table.variables}, "results": {"bindings": bindings}}


def _w3c_term(cell: object) -> dict[str, object]:
    if isinstance(cell, ox.NamedNode):
        return {"type": "uri", "value": cell.value}
    if isinstance(cell, ox.BlankNode):
        return {"type": "bnode", "value": cell.value}
    if isinstance(cell, ox.Literal):
        out: dict[str, object] = {"type": "literal", "value": cell.value}
        if cell.language:
            out["xml:lang"] = cell.language
        elif cell.datatype.value != _XSD + "string":
            out["datatype"] = cell.datatype.value
        return out
    if isinstance(cell, ox.Triple):
        return {"type": "triple", "value": {"subject": _w3c_term(cell.subject),
                "predicate": _w3c_term(cell.predicate), "object": _w3c_term(cell.object)}}  # fmt: skip
    return {"type": "literal", "value": str(cell)}


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
    """A plain JSON value; numbers keep the lexical form the graph holds."""
    if cell is None:
        return None
    if isinstance(cell, ox.Literal):
        dtype = cell.datatype.value.rsplit("#", 1)[-1]
        if dtype in _INTEGERS:
            return int(cell.value)
        if dtype in {"decimal", "double", "float"}:
            return _exact_number(cell.value)
        if dtype == "boolean":
            return cell.value == "true"
        return cell.value
    return _plain(cell)


_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = frozenset({"integer", "int", "long", "short", "byte", "nonNegativeInteger",
                       "positiveInteger", "unsignedInt", "unsignedLong"})  # fmt: skip


def _exact_number(text: str) -> object:
    """An int when integral, a float only when it prints back as written, else the text.

    >>> _exact_number("2500000000"), _exact_number("1.416"), _exact_number("12345678901234567.5")
    (2500000000, 1.416, '12345678901234567.5')
    """
    from decimal import Decimal, InvalidOperation

    try:
        d = Decimal(text)
    except InvalidOperation:
        return text
    if d.is_finite() and d == d.to_integral_value() and "e" not in text.lower():
        return int(d)
    f = float(d)
    return f if Decimal(repr(f)) == d else text


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
