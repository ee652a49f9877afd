"""A SPARQL 1.1 server as a graph: ``kg push`` loads into it, ``kg query --endpoint`` asks it.

Push: one named graph per document (``…/id/graph/<corpus>/<id>``) and one for the shared
nodes (``…/id/graph/nodes``), each sent with the Graph Store HTTP Protocol (``PUT``
replaces the graph, so pushing again replaces, never duplicates) or, where the server has
no Graph Store endpoint, with SPARQL Update (``DROP SILENT GRAPH`` + ``INSERT DATA``).
Documents pushed before and no longer in the source are dropped from the server.

Endpoints: ``URL`` is the query endpoint; the update and Graph Store endpoints are found
from it (Oxigraph ``/query`` → ``/update``, ``/store``; Fuseki ``/ds/sparql`` →
``/ds/update``, ``/ds/data``; otherwise the URL itself) or given. Queries read the
server's default graph, so run it with the union of its graphs as default
(``oxigraph serve --union-default-graph``; Fuseki ``unionDefaultGraph``; Virtuoso does so).

Credentials come only from ``KG_SPARQL_USER``/``KG_SPARQL_PASSWORD`` or ``~/.netrc``;
a URL with a password in it is refused, and no message ever shows one.
"""

from __future__ import annotations

import base64
import netrc
import os
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from kg.errors import InputError, QueryError
from kg.rdf.ids import ID

__all__ = ["NODES_GRAPH", "Endpoint", "push"]

NODES_GRAPH = f"{ID}graph/nodes"
_GRAPHS_PREFIX = f"{ID}graph/"
_CHUNK = 20_000  # triples per SPARQL Update request


@dataclass
class Endpoint:
    """One SPARQL server: where to query, update and put graphs, and how to log in."""

    query_url: str
    update_url: str
    store_url: str | None
    auth: str | None = None

    @classmethod
    def at(cls, url: str, *, update_url: str | None = None, store_url: str | None = None) -> Endpoint:
        """The endpoint of ``url`` (see the module docstring for how the others are found).

        Raises:
            InputError: The URL is not http(s) or carries credentials.
        """
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            msg = f"{_shown(url)} is not an http(s) URL"
            raise InputError(msg)
        if parts.username or parts.password:
            msg = ("credentials in the endpoint URL are refused: set KG_SPARQL_USER and "
                   "KG_SPARQL_PASSWORD, or put them in ~/.netrc")  # fmt: skip
            raise InputError(msg)
        base, _, last = url.rstrip("/").rpartition("/")
        guesses = {"query": ("update", "store"), "sparql": ("update", "data")}.get(last)
        update = update_url or (f"{base}/{guesses[0]}" if guesses else url)
        store = store_url or (f"{base}/{guesses[1]}" if guesses else None)
        return cls(url, update, store, _auth(parts.hostname))

    # ------------------------------------------------------------------ query
    def query(self, sparql: str, **_: object) -> ox.QuerySolutions | ox.QueryBoolean | list[ox.Triple]:
        """Run a query on the server; answers like ``ox.Store.query`` (for ``run_query``)."""
        data = self._send(self.query_url, sparql.encode(), "application/sparql-query",
                          "application/sparql-results+json, application/n-triples;q=0.9")  # fmt: skip
        if data.lstrip().startswith((b"{", b"[")):
            return ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
        return list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update on the server."""
        self._send(self.update_url, sparql.encode(), "application/sparql-update", "*/*")

    # ----------------------------------------------------------------- graphs
    def put_graph(self, graph: str, triples: list[ox.Triple]) -> None:
        """Replace one named graph on the server with ``triples``."""
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
        if self.store_url is not None:
            url = f"{self.store_url}?graph={urllib.parse.quote(graph, safe='')}"
            try:
                self._send(url, body, "application/n-triples", "*/*", method="PUT")
                return
            except _HttpError as e:
                if e.status not in {404, 405, 501}:
                    raise QueryError(str(e)) from e
                self.store_url = None  # no Graph Store endpoint here: use SPARQL Update
        g = f"<{graph}>"
        self.update(f"DROP SILENT GRAPH {g}")
        for i in range(0, len(triples), _CHUNK):
            data = (ox.serialize(triples[i : i + _CHUNK], format=ox.RdfFormat.N_TRIPLES) or b"").decode()
            self.update(f"INSERT DATA {{ GRAPH {g} {{\n{data}}} }}")

    def graphs(self) -> set[str]:
        """The named graphs on the server under kg's graph namespace."""
        rows = self.query(f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{_GRAPHS_PREFIX}")) }}')
        assert isinstance(rows, ox.QuerySolutions)
        return {r["g"].value for r in rows}

    def _send(self, url: str, body: bytes, content_type: str, accept: str, method: str = "POST") -> bytes:
        request = urllib.request.Request(url, data=body, method=method,
                                         headers={"Content-Type": content_type, "Accept": accept})  # fmt: skip
        if self.auth:
            request.add_header("Authorization", self.auth)
        try:
            with urllib.request.urlopen(request, timeout=300) as response:
                return bytes(response.read())
        except urllib.error.HTTPError as e:
            detail = e.read()[:300].decode("utf-8", "replace").strip().splitlines()
            raise _HttpError(e.code, f"{_shown(url)}: HTTP {e.code} {e.reason}"
                             + (f": {detail[0]}" if detail else "")) from None  # fmt: skip
        except (urllib.error.URLError, OSError) as e:
            reason = getattr(e, "reason", e)
            msg = f"cannot reach {_shown(url)}: {reason}"
            raise QueryError(msg) from None


class _HttpError(QueryError):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def push(endpoint: Endpoint, graphs: Iterable[tuple[str, list[ox.Triple]]]) -> tuple[int, int]:
    """Put every (graph IRI, triples) on the server; drop kg graphs of the same corpora that
    the source no longer has. Returns (graphs put, graphs dropped)."""
    before = endpoint.graphs()
    sent: set[str] = set()
    for graph, triples in graphs:
        endpoint.put_graph(graph, triples)
        sent.add(graph)
    corpora = {_corpus(g) for g in sent if g != NODES_GRAPH}
    stale = sorted(g for g in before - sent if g != NODES_GRAPH and _corpus(g) in corpora)
    for g in stale:
        endpoint.update(f"DROP SILENT GRAPH <{g}>")
    return len(sent), len(stale)


def store_graphs(store: ox.Store) -> Iterator[tuple[str, list[ox.Triple]]]:
    """A store's (or a dataset file's) graphs as push wants them: each named graph, then
    the default graph's statements as ``NODES_GRAPH``."""
    for g in sorted(store.named_graphs(), key=str):
        if isinstance(g, ox.NamedNode):
            yield g.value, sorted((q.triple for q in store.quads_for_pattern(None, None, None, g)), key=str)
    nodes = sorted((q.triple for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())), key=str)
    yield NODES_GRAPH, nodes


def _corpus(graph: str) -> str:
    rest = graph.removeprefix(_GRAPHS_PREFIX)
    return rest.split("/", 1)[0] if "/" in rest else ""


def _auth(host: str) -> str | None:
    """Basic credentials from the environment, else ``~/.netrc``; never from the URL."""
    user, password = os.environ.get("KG_SPARQL_USER"), os.environ.get("KG_SPARQL_PASSWORD")
    if not user:
        try:
            found = netrc.netrc().authenticators(host)
        except (FileNotFoundError, netrc.NetrcParseError, OSError):
            found = None
        if found:
            user, _, password = found
    if not user:
        return None
    token = base64.b64encode(f"{user}:{password or ''}".encode()).decode()
    return f"Basic {token}"


def _shown(url: str) -> str:
    """A URL fit for a message: no user info, no query string."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    return urllib.parse.urlunsplit((parts.scheme, host, parts.path, "", ""))
