"""``kg analyze`` and ``kg export``: measures, paths, time series, graph files and views.

Kept apart from ``kg/cli.py`` so the two commands can grow without touching the others;
``kg/cli.py`` registers them. NetworkX algorithms and matplotlib are imported inside the
commands, so ``kg --help`` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from kg.cli_common import (
    emit,
    graph_sources,
    load_graphs,
    note,
    output_option,
    table_format,
    verbosity,
)

if TYPE_CHECKING:
    import networkx as nx
    import pyoxigraph as ox

    from kg.rdf.query import ResultTable

__all__ = ["analyze", "export"]

# Mirrors kg.analyze.project.VIEWS / kg.analyze.metrics.METRICS (a test keeps them equal);
# spelled out here so that building the CLI imports neither networkx nor pyoxigraph.
_VIEWS = ["bipartite", "cooperation", "co-acting", "crime-platform", "org-hierarchy",
          "place-hierarchy"]  # fmt: skip
_METRICS = ["degree", "betweenness", "pagerank", "components", "kcore", "communities"]
_SIZE_MEASURES = ["degree", "betweenness", "pagerank", "kcore"]
_EXPORT_FORMATS = ["graphml", "gexf", "csv", "nodelink", "html", "svg", "png",
                   "ttl", "nt", "nq", "trig", "jsonld", "xml"]  # fmt: skip
_VIEW = click.option("--view", type=click.Choice(_VIEWS), default="bipartite", show_default=True,
                     help="Which projection of the RDF graph to use.")  # fmt: skip


# ------------------------------------------------------------------ analyze
@click.command()
@graph_sources()
@_VIEW
@click.option("-m", "--measure", "metrics", multiple=True, type=click.Choice(_METRICS),
              help="Measure to compute (repeatable; default degree).")  # fmt: skip
@click.option("--top", type=click.IntRange(min=1), help="Only the N best nodes by the first measure.")
@click.option("--path", "path_ends", nargs=2, metavar="A B",
              help="Shortest path between two entities (label, alias or IRI).")  # fmt: skip
@click.option("--timeseries", is_flag=True, help="List figures per agency, place, event type, unit and period.")
@click.option("--event-type", help="With --timeseries: only this event class (e.g. Arrest).")
@click.option("--chart", type=click.Path(dir_okay=False, path_type=Path),
              help="With --timeseries: also draw the figures to this .svg or .png.")  # fmt: skip
@click.option("--samples", type=click.IntRange(min=1),
              help="Betweenness from K sampled sources (default: exact up to 5000 nodes).")  # fmt: skip
@table_format()
@output_option()
@click.option("--write", "write_to", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the graph with the measures added (schema:PropertyValue) here.")  # fmt: skip
@verbosity
def analyze(
    graph: tuple[Path, ...],
    graph_format: str | None,
    view: str,
    metrics: tuple[str, ...],
    top: int | None,
    path_ends: tuple[str, str] | None,
    timeseries: bool,
    event_type: str | None,
    chart: Path | None,
    samples: int | None,
    fmt: str,
    bom: bool,
    output: Path,
    write_to: Path | None,
) -> None:
    """Measure a projection of GRAPH, find a path, or list figures over time.

    Views: bipartite (entity–event), cooperation (agencies sharing an event),
    co-acting (agencies acting in the same document), crime-platform (co-mentioned),
    org-hierarchy, place-hierarchy. Figures are listed per series, never summed.

    \b
    Examples:
      kg analyze out/seed.ttl --view cooperation -m degree -m betweenness
      kg analyze out/seed.ttl --path 省委网信办 保定市公安局
      kg analyze out/seed.ttl --timeseries --event-type Arrest --chart out/arrests.svg
    """
    from kg.rdf.query import format_rows

    if timeseries and path_ends:
        raise click.UsageError("give --timeseries or --path, not both")
    if (chart or event_type) and not timeseries:
        raise click.UsageError("--chart and --event-type go with --timeseries")
    if chart:
        _picture_format(chart)
    store = load_graphs(graph, graph_format)
    if timeseries:
        table = _timeseries(store, event_type, chart)
    elif path_ends:
        table = _path(store, view, path_ends)
    else:
        table = _measures(store, view, list(metrics) or ["degree"], top, samples, write_to)
    emit(output, format_rows(table, fmt, bom=bom))


def _measures(
    store: ox.Store, view: str, metrics: list[str], top: int | None,
    samples: int | None, write_to: Path | None,
) -> ResultTable:  # fmt: skip
    from kg.analyze.metrics import compute_metrics, metric_rows
    from kg.analyze.project import project

    g = project(store, view)
    note(f"{view}: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges")
    values = compute_metrics(g, list(dict.fromkeys(metrics)), samples=samples)
    if write_to:
        _write_measures(store, values, view, write_to)
    header, rows = metric_rows(g, values, top)
    return _table(header, [[_iri(r[0]), *r[1:]] for r in rows])


def _path(store: ox.Store, view: str, ends: tuple[str, str]) -> ResultTable:
    from kg.analyze.metrics import shortest_path
    from kg.analyze.project import find_node, project

    g = project(store, view)
    steps = shortest_path(g, find_node(g, ends[0]), find_node(g, ends[1]))
    note(" — ".join(f"[{s.via}] {s.label}" if s.via else s.label for s in steps))
    rows = [[i, _iri(s.node), s.label, s.type, s.via] for i, s in enumerate(steps)]
    return _table(["step", "node", "label", "type", "via"], rows)


def _timeseries(store: ox.Store, event_type: str | None, chart: Path | None) -> ResultTable:
    from kg.analyze.timeseries import COLUMNS, observations

    rows = observations(store, event_type)
    if chart:
        from kg.rdf.store import write_atomic
        from kg.view.picture import draw_timeseries

        title = f"kg: {event_type or 'all figures'}"
        write_atomic(chart, draw_timeseries(rows, _picture_format(chart), title=title))
        note(f"wrote {chart}")
    return _table(list(COLUMNS), [o.as_row() for o in rows])


def _write_measures(store: ox.Store, values: dict[str, dict[str, float]], view: str, out: Path) -> None:
    from kg.analyze.writeback import measure_quads
    from kg.rdf.store import RdfFormat, serialize, write_atomic

    fmt = RdfFormat.from_extension(out)
    if fmt is None:
        raise click.UsageError(f"cannot tell the RDF format of {out} from its suffix (ttl, nt, nq, trig, jsonld, xml)")
    write_atomic(out, serialize([*store, *measure_quads(values, view)], fmt))
    note(f"wrote {out}")


# ------------------------------------------------------------------ export
@click.command()
@graph_sources()
@click.option("-o", "--output", required=True, type=click.Path(allow_dash=True, path_type=Path),
              help="File to write; its suffix gives the format. .csv also writes *_edges.csv.")  # fmt: skip
@_VIEW
@click.option("--format", "fmt", type=click.Choice(_EXPORT_FORMATS),
              help="Output format (default: from the -o suffix).")  # fmt: skip
@click.option("-m", "--measure", type=click.Choice(_SIZE_MEASURES), default="degree", show_default=True,
              help="Measure stored on nodes and used for their size.")  # fmt: skip
@click.option("--top", type=click.IntRange(min=1), help="Keep only the N nodes with the largest measure.")
@click.option("--around", metavar="NAME", help="Keep only the neighbourhood of this entity.")
@click.option("--depth", type=click.IntRange(min=0), default=1, show_default=True,
              help="With --around: how many edges away.")  # fmt: skip
@click.option("--title", help="Title of the HTML page or picture.")
@verbosity
def export(
    graph: tuple[Path, ...],
    graph_format: str | None,
    output: Path,
    view: str,
    fmt: str | None,
    measure: str,
    top: int | None,
    around: str | None,
    depth: int,
    title: str | None,
) -> None:
    """Write a projection of GRAPH as a graph file, an HTML view or a picture.

    GraphML, GEXF, CSV and node-link JSON for other tools; html is one self-contained
    page (works offline; click a node for its source sentences); svg/png a static picture.
    RDF formats (ttl, nt, nq, trig, jsonld, xml) write the graph itself.

    \b
    Examples:
      kg export out/seed.ttl -o out/seed.html
      kg export out/seed.ttl --view cooperation -o out/coop.graphml
      kg export out/seed.ttl -o out/seed.svg --top 30
    """
    fmt = _export_format(output, fmt)
    if str(output) == "-" and fmt in {"csv", "png"}:
        raise click.UsageError(f"{fmt} cannot go to stdout; give a file with -o")
    if fmt in {"ttl", "nt", "nq", "trig", "jsonld", "xml"} and len(graph) == 1 and graph[0].is_dir():
        from kg.cli_store import export_store_to
        from kg.rdf.store import RdfFormat

        export_store_to(graph[0], output, RdfFormat(fmt))  # streamed, in canonical order
        return
    store = load_graphs(graph, graph_format)
    data = _export_rdf(store, fmt) if fmt in {"ttl", "nt", "nq", "trig", "jsonld", "xml"} else None
    if data is None:
        g, sizes = _export_graph(store, view, measure, top, around, depth)
        if fmt == "csv":
            from kg.export import write_csv

            for p in write_csv(g, output):
                note(f"wrote {p}")
            return
        notice = _too_big(g, fmt)
        if notice:
            note(notice)
        data = _render(store, g, sizes, fmt, measure, title or _title(view, graph), notice)
    _emit(output, data)


def _export_rdf(store: ox.Store, fmt: str) -> bytes:
    from kg.rdf.store import RdfFormat, serialize

    return serialize(list(store), RdfFormat(fmt))


def _export_graph(
    store: ox.Store, view: str, measure: str, top: int | None, around: str | None, depth: int
) -> tuple[nx.Graph, dict[str, float]]:
    from kg.analyze.metrics import compute_metrics, neighbourhood, top_nodes
    from kg.analyze.project import find_node, project

    g = project(store, view)
    sizes = compute_metrics(g, [measure])[measure]
    if around:
        g = neighbourhood(g, find_node(g, around), depth)
    if top:
        g = top_nodes(g, sizes, top)
    for n in g.nodes:
        value = sizes.get(n, 0.0)
        g.nodes[n][measure] = round(value, 6) if measure in {"betweenness", "pagerank"} else int(value)
    note(f"{view}: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges")
    return g, sizes


_READABLE = {"html": 500, "svg": 150, "png": 150}  # nodes a person can still read in one view


def _too_big(g: nx.Graph, fmt: str) -> str:
    """A line saying the view is too big to read, and the options that help; else ``""``."""
    limit = _READABLE.get(fmt)
    if limit is None or g.number_of_nodes() <= limit:
        return ""
    return (f"{g.number_of_nodes()} nodes are too many to read in one view: --top {limit // 5} keeps the "
            f"best connected part, --around NAME --depth 1 one entity's neighbourhood")  # fmt: skip


def _render(store: ox.Store, g: nx.Graph, sizes: dict[str, float], fmt: str, measure: str,
            title: str, notice: str = "") -> bytes:  # fmt: skip
    if fmt == "html":
        from kg.analyze.details import source_sentences
        from kg.view.html import render_html

        events = [n for n, a in g.nodes(data=True) if a.get("kind") == "event"]
        page = render_html(g, sizes, source_sentences(store, g.nodes, events), measure=measure, title=title,
                           notice=notice)  # fmt: skip
        return page.encode("utf-8")
    if fmt in {"svg", "png"}:
        from kg.view.picture import draw_graph

        return draw_graph(g, sizes, fmt, title=title)
    from kg.export import graph_bytes

    return graph_bytes(g, fmt)


# ------------------------------------------------------------------ helpers
def _emit(output: Path, data: bytes) -> None:
    emit(output, data)


def _export_format(output: Path, fmt: str | None) -> str:
    """The format given, else the one the suffix implies; the two must agree when both are known."""
    from kg.export import guess_format

    guessed = guess_format(output) if str(output) != "-" else None
    if fmt:
        if guessed is not None and guessed != fmt and {guessed, fmt} != {"nodelink", "jsonld"}:
            raise click.UsageError(f"--format {fmt} does not match the suffix of {output} ({guessed})")
        return fmt
    if guessed is None:
        raise click.UsageError(
            f"cannot tell the format of {output} from its suffix; use --format ({', '.join(_EXPORT_FORMATS)})"
        )
    return guessed


def _picture_format(path: Path) -> str:
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in {"svg", "png"}:
        raise click.UsageError(f"--chart takes a .svg or .png file, not {path}")
    return suffix


def _title(view: str, graph: tuple[Path, ...]) -> str:
    return f"kg · {view} · {', '.join(p.name for p in graph)}"


def _iri(value: object) -> Any:
    import pyoxigraph as ox

    return ox.NamedNode(str(value))


def _table(header: list[str], rows: list[list[Any]]) -> ResultTable:
    """Python values as the RDF terms ``kg.rdf.query.format_rows`` renders."""
    from kg.rdf.query import ResultTable

    return ResultTable(header, [[_term(c) for c in row] for row in rows])


def _term(value: object) -> Any:
    import pyoxigraph as ox

    xsd = "http://www.w3.org/2001/XMLSchema#"
    if value is None or isinstance(value, ox.NamedNode):
        return value
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(xsd + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(xsd + "integer"))
    if isinstance(value, float):
        return ox.Literal(repr(value), datatype=ox.NamedNode(xsd + "double"))
    return ox.Literal(str(value))
