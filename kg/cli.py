"""The ``kg`` command line: thin commands over the library.

stdout carries data only; summaries, warnings and skipped documents go to stderr.
Exit codes: 0 success; 1 a runtime error (bad input, invalid SPARQL, a skipped document
under --strict, violations found by ``kg validate``); 2 a usage error.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from pathlib import Path
from typing import Any

import click

from kg.cli_common import (
    emit,
    graph_sources,
    load_graphs,
    note,
    output_option,
    set_verbosity,
    table_format,
    verbosity,
)
from kg.errors import KgError

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
_RDF_FORMATS = ["ttl", "nt", "nq", "trig", "jsonld", "xml"]
_DOC_FORMATS = ["txt", "jsonl", "html", "docx"]  # kg.inputs.KINDS
_MAX_CHARS = 1_000_000
_TIMEOUT = 300.0

log = logging.getLogger("kg")


class _Group(click.Group):
    """Turns every ``KgError`` into ``Error: …`` on stderr and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KgError as e:
            raise click.ClickException(str(e)) from e


@click.group(cls=_Group, context_settings=CONTEXT_SETTINGS)
@click.version_option(package_name="kg")
@click.option("-v", "--verbose", count=True, help="More logging on stderr (-vv for debug).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors on stderr: no summaries, no warnings.")
@click.pass_context
def cli(ctx: click.Context, verbose: int, quiet: bool) -> None:
    """Turn Chinese police and legal news into an RDF knowledge graph.

    -q and -v work before or after the command (kg -q build … = kg build -q …).

    \b
    Exit codes: 0 success, 1 runtime error (bad input, invalid SPARQL,
    a skipped document with --strict, violations in kg validate), 2 usage error.
    """
    ctx.meta["kg.quiet"] = quiet
    ctx.meta["kg.verbose"] = verbose
    set_verbosity(verbose, quiet)


# -------------------------------------------------------------------- build
@cli.command()
@click.argument("inputs", nargs=-1, required=True,
                type=click.Path(exists=True, allow_dash=True, path_type=Path))  # fmt: skip
@click.option("-o", "--output", type=click.Path(allow_dash=True, path_type=Path),
              help="Where to write the graph (default: stdout, or nothing with --store).")  # fmt: skip
@click.option("--format", "fmt", type=click.Choice(_RDF_FORMATS),
              help="RDF format; guessed from the -o suffix, Turtle on stdout.")  # fmt: skip
@click.option("--input-format", type=click.Choice(_DOC_FORMATS),
              help="Format of the inputs (default: by suffix; txt for stdin).")  # fmt: skip
@click.option("--encoding", help="Encoding of the inputs (default: UTF-8, else detected).")
@click.option("--published", metavar="DATE",
              help="Fallback publication date (YYYY-MM-DD) for documents whose metadata and header give none.")  # fmt: skip
@click.option("--include", multiple=True, metavar="GLOB",
              help="In folders, read only files matching GLOB (repeatable; default .txt .jsonl .html .docx …).")  # fmt: skip
@click.option("--exclude", multiple=True, metavar="GLOB", help="In folders, leave out files matching GLOB (repeatable).")
@click.option("--max-chars", type=click.IntRange(min=1), default=_MAX_CHARS, show_default=True,
              help="Skip (with the reason) documents longer than this many characters.")  # fmt: skip
@click.option("--timeout", type=click.FloatRange(min=0), default=_TIMEOUT, show_default=True,
              help="Skip (with the reason) a document that takes longer than this many seconds (0: no limit).")  # fmt: skip
@click.option("--strict", is_flag=True, help="Fail (exit 1, nothing written) if any document is skipped.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Process documents on this many worker processes (same output, byte for byte).")  # fmt: skip
@click.option("--store", type=click.Path(file_okay=False, path_type=Path),
              help="Add the documents to this store folder (created if needed): only new and changed ones are processed.")  # fmt: skip
@click.option("--corpus", help="Name of the corpus the documents belong to (default: the input folder's name).")
@click.option("--provenance", type=click.Choice(["all", "facts"]),
              help="all: anchor every mention and keep every sentence (default); facts: anchor events, "
                   "figures and each entity's first mention per document (a store keeps the level it was made with).")  # fmt: skip
@click.option("--dask", metavar="ADDRESS",
              help="Process the documents on this Dask scheduler's workers (tcp://host:8786; extra dask); same output.")  # fmt: skip
@verbosity
def build(
    inputs: tuple[Path, ...],
    output: Path | None,
    fmt: str | None,
    input_format: str | None,
    encoding: str | None,
    published: str | None,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    max_chars: int,
    timeout: float,
    strict: bool,
    jobs: int,
    store: Path | None,
    corpus: str | None,
    provenance: str | None,
    dask: str | None,
) -> None:
    """Build the knowledge graph of INPUT files (.txt, .jsonl, .html, .docx, folders or - for stdin).

    Bad documents are skipped and listed on stderr; the others are still built.
    A document's date comes from its metadata (JSONL published, X.json, index.jsonl or
    index.csv beside it), else its byline or dateline, else --published.

    \b
    Example:
      kg build seeds/hebei-telecom-fraud-2020.txt --published 2020-08-20 -o out/seed.ttl
    """
    from kg.cli_store import run_build
    from kg.read import read_documents

    if output is None and store is None:
        output = Path("-")
    rdf_format = _rdf_format(fmt, output or Path("-"))
    date = _parse_date(published)
    stdin = sys.stdin.buffer.read() if any(str(i) == "-" for i in inputs) else None
    docs, skipped = read_documents(inputs, input_format=input_format, encoding=encoding, published=date,
                                   stdin=stdin, include=include, exclude=exclude, max_chars=max_chars,
                                   corpus=corpus)  # fmt: skip
    for s in skipped:
        note(f"skipped {s.source}: {s.reason}")
    if skipped and strict:
        raise click.ClickException(f"{len(skipped)} document(s) skipped (--strict); nothing written")
    if not docs:
        raise click.ClickException("no document could be read; nothing written")
    report = run_build(docs, output=output, rdf_format=rdf_format, store=store, jobs=jobs,
                       strict=strict, timeout=timeout or None, provenance=provenance, dask=dask)  # fmt: skip
    if not report.built and not report.unchanged:
        raise click.ClickException("no document could be built; nothing written")
    undated = sum(1 for d in docs if d.published is None)
    if undated:
        note(f"{undated} document(s) without a publication date (no metadata, byline or dateline "
             "gives one, and no --published): their relative times stay open")  # fmt: skip
    n_skipped = len(skipped) + len(report.failed)
    where = f" into {store}" if store else ""
    unchanged = f" ({report.unchanged} unchanged)" if report.unchanged else ""
    note(
        f"built {report.built} document(s){unchanged}{where}, {report.entities} entities, "
        f"{report.events} events → {report.quads} quads"
        + (f"; {n_skipped} skipped" if n_skipped else "")
    )


# ------------------------------------------------------------------ extract
@cli.command()
@click.argument("input_file", type=click.Path(exists=True, allow_dash=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "table"]), default="table",
              show_default=True, help="Output format.")  # fmt: skip
@click.option("--layer", type=click.Choice(["mentions", "values", "events", "all"]), default="all",
              show_default=True, help="Which layer to show.")  # fmt: skip
@click.option("--input-format", type=click.Choice(_DOC_FORMATS), help="Format of the input.")
@click.option("--published", metavar="DATE", help="Fallback publication date (YYYY-MM-DD).")
@output_option()
@verbosity
def extract(
    input_file: Path, fmt: str, layer: str, input_format: str | None, published: str | None,
    output: Path,
) -> None:  # fmt: skip
    """Show the mentions, values and events of one document, with offsets.

    \b
    Example:
      kg extract seeds/hebei-telecom-fraud-2020.txt --published 2020-08-20 --layer events
    """
    from kg.inspect import layers_as_records, layers_as_table
    from kg.pipeline import annotate
    from kg.read import read_documents

    stdin = sys.stdin.buffer.read() if str(input_file) == "-" else None
    docs, skipped = read_documents(
        [input_file], input_format=input_format, published=_parse_date(published), stdin=stdin
    )
    for s in skipped:
        note(f"skipped {s.source}: {s.reason}")
    if not docs:
        raise click.ClickException("no document could be read")
    parts = []
    for doc in docs:
        ann = annotate(doc)
        if fmt == "json":
            parts.append(json.dumps(layers_as_records(ann, layer), ensure_ascii=False, indent=2,
                                    sort_keys=True) + "\n")  # fmt: skip
        else:
            parts.append(layers_as_table(ann, layer))
    emit(output, "".join(parts))


# -------------------------------------------------------------------- query
@cli.command()
@graph_sources(required=False)
@click.option("-e", "--sparql", help="The SPARQL query text.")
@click.option("-f", "--file", "query_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Read the query from a .rq file.")  # fmt: skip
@click.option("-n", "--name", help="Run a query shipped in ontology/queries (see --list).")
@click.option("--list", "list_queries", is_flag=True,
              help="List the shipped queries with their descriptions and parameters (no graph needed).")  # fmt: skip
@table_format()
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind ?NAME to the literal VALUE (e.g. --param name=保定市公安局).")  # fmt: skip
@output_option("Write to this file instead of stdout (- for stdout); with --update on files: the updated graph.")
@click.option("--update", is_flag=True,
              help="Allow SPARQL updates: written into a store, or to -o FILE for graph files.")  # fmt: skip
@click.option("--endpoint", metavar="URL",
              help="Query this SPARQL server instead of GRAPH files (credentials: KG_SPARQL_USER/KG_SPARQL_PASSWORD or ~/.netrc).")  # fmt: skip
@click.option("--with-ontology", is_flag=True,
              help="Also query the ontology and shapes (named graph …/id/graph/ontology).")  # fmt: skip
@click.option("--allow-service", is_flag=True, help="Allow SERVICE calls to other hosts.")
@verbosity
def query(
    graph: tuple[Path, ...],
    graph_format: str | None,
    sparql: str | None,
    query_file: Path | None,
    name: str | None,
    list_queries: bool,
    fmt: str,
    bom: bool,
    params: tuple[str, ...],
    output: Path,
    update: bool,
    endpoint: str | None,
    with_ontology: bool,
    allow_service: bool,
) -> None:
    """Run SPARQL over GRAPH files (Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML;
    also .gz/.bz2/.xz, or - for stdin) or a store folder (kg build --store).

    The ontology and shapes are not part of the data unless --with-ontology is given.

    \b
    Examples:
      kg query out/seed.ttl --name events
      kg query out/seed.ttl -e 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' --format csv
      kg build seeds/hebei-telecom-fraud-2020.txt --published 2020-08-20 | kg query - -n events
      kg query --list
    """
    from kg.rdf.query import (
        ResultTable,
        check_params,
        format_rows,
        named_queries,
        query_info,
        read_named_query,
        run_query,
    )
    from kg.rdf.store import RdfFormat, serialize

    if list_queries:
        emit(output, "".join(_describe(query_info(p)) for p in named_queries().values()))
        return
    if graph and endpoint:
        raise click.UsageError("give GRAPH files or --endpoint, not both")
    if not graph and not endpoint:
        raise click.UsageError("give at least one GRAPH (a file, a store, or - for stdin) or --endpoint URL")
    given = [x for x in (sparql, query_file, name) if x]
    if len(given) != 1:
        raise click.UsageError("give exactly one of --sparql/-e, --file/-f or --name/-n")
    needed: tuple[str, ...] = ()
    if name:
        text = read_named_query(name)
        needed = query_info(named_queries()[name]).params
    elif query_file:
        text = query_file.read_text(encoding="utf-8")
    else:
        text = str(sparql)
    bindings = {}
    for p in params:
        key, sep, value = p.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{p!r} is not NAME=VALUE", param_hint="--param")
        bindings[key.lstrip("?$")] = value
    check_params(text, bindings, needed)
    if endpoint:
        from kg.store.remote import Endpoint

        store: Any = Endpoint.at(endpoint)
        if with_ontology:
            raise click.UsageError("--with-ontology reads kg's own files; push them to the server instead")
    elif update:
        from kg.cli_store import run_update

        run_update(list(graph), text, output=None if str(output) == "-" else output,
                   allow_service=allow_service, graph_format=graph_format)  # fmt: skip
        return
    else:
        store = load_graphs(graph, graph_format)
    if with_ontology:
        from kg.rdf.store import add_ontology

        store = add_ontology(store)
    result = run_query(store, text, allow_update=update, allow_service=allow_service,
                       params=bindings)  # fmt: skip
    if isinstance(result, ResultTable):
        emit(output, format_rows(result, fmt, bom=bom))
        if not result.rows and result.variables:
            note(f"0 rows ({', '.join('?' + v for v in result.variables)})")
    else:
        import pyoxigraph as ox

        quads = [ox.Quad(t.subject, t.predicate, t.object) for t in result]
        emit(output, serialize(quads, RdfFormat.TURTLE))


def _describe(info: Any) -> str:
    """One shipped query for ``--list``: name and parameters, then its description, wrapped."""
    import textwrap

    head = info.name + "".join(f" --param {p}=…" for p in info.params)
    body = textwrap.fill(info.description, width=96, initial_indent="    ", subsequent_indent="    ")
    return f"{head}\n{body}\n"


# --------------------------------------------------------------- helpers
def _rdf_format(fmt: str | None, output: Path) -> Any:
    from kg.graphsource import rdf_format_of
    from kg.rdf.store import RdfFormat

    guessed = None if str(output) == "-" else rdf_format_of(output)
    if fmt:
        if guessed is not None and guessed.value != fmt:
            raise click.UsageError(f"--format {fmt} does not match the suffix of {output} ({guessed.value})")
        return RdfFormat(fmt)
    if str(output) == "-":
        return RdfFormat.TURTLE
    if guessed is None:
        raise click.UsageError(
            f"cannot tell the format of {output} from its suffix; "
            f"use --format ({', '.join(_RDF_FORMATS)})"
        )
    return guessed


def _parse_date(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as e:
        raise click.BadParameter(f"{text!r} is not a YYYY-MM-DD date", param_hint="--published") from e


from kg.cli_analyze import analyze, export  # noqa: E402

cli.add_command(analyze)
cli.add_command(export)

from kg.cli_validate import validate  # noqa: E402

cli.add_command(validate)

from kg.cli_store import push, remove  # noqa: E402

cli.add_command(remove)
cli.add_command(push)

from kg.cli_explain import explain, stats  # noqa: E402

cli.add_command(explain)
cli.add_command(stats)
