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

from kg.errors import KgError

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
_RDF_FORMATS = ["ttl", "nt", "nq", "trig", "jsonld", "xml"]
_ROW_FORMATS = ["table", "csv", "tsv", "json", "jsonl"]

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
@click.option("-q", "--quiet", is_flag=True, help="Only warnings and errors on stderr.")
def cli(verbose: int, quiet: bool) -> None:
    """Turn Chinese police and legal news into an RDF knowledge graph.

    \b
    Exit codes: 0 success, 1 runtime error (bad input, invalid SPARQL,
    a skipped document with --strict, violations in kg validate), 2 usage error.
    """
    level = logging.WARNING if quiet else logging.DEBUG if verbose > 1 else logging.INFO
    if not verbose and not quiet:
        level = logging.WARNING
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("kg")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False


# -------------------------------------------------------------------- build
@cli.command()
@click.argument("inputs", nargs=-1, required=True,
                type=click.Path(exists=True, allow_dash=True, path_type=Path))  # fmt: skip
@click.option("-o", "--output", default="-", type=click.Path(allow_dash=True, path_type=Path),
              help="Where to write the graph (default: stdout).")  # fmt: skip
@click.option("--format", "fmt", type=click.Choice(_RDF_FORMATS),
              help="RDF format; guessed from the -o suffix, Turtle on stdout.")  # fmt: skip
@click.option("--input-format", type=click.Choice(["txt", "jsonl"]),
              help="Format of the inputs (default: by suffix; txt for stdin).")  # fmt: skip
@click.option("--encoding", help="Encoding of the inputs (default: UTF-8, else detected).")
@click.option("--published", help="Publication date (YYYY-MM-DD) for .txt inputs without one.")
@click.option("--strict", is_flag=True, help="Fail (exit 1, nothing written) if any document is skipped.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Annotate on this many processes (same output, byte for byte).")  # fmt: skip
def build(
    inputs: tuple[Path, ...],
    output: Path,
    fmt: str | None,
    input_format: str | None,
    encoding: str | None,
    published: str | None,
    strict: bool,
    jobs: int,
) -> None:
    """Build the knowledge graph of INPUT files (.txt, .jsonl, folders or - for stdin).

    Bad documents are skipped and listed on stderr; the others are still built.

    \b
    Example:
      kg build seeds/hebei-telecom-fraud-2020.txt --published 2020-08-20 -o out/seed.ttl
    """
    from kg.rdf.store import serialize, write_atomic
    from kg.read import read_documents

    rdf_format = _rdf_format(fmt, output)
    date = _parse_date(published)
    stdin = sys.stdin.buffer.read() if any(str(i) == "-" for i in inputs) else None
    docs, skipped = read_documents(
        inputs, input_format=input_format, encoding=encoding, published=date, stdin=stdin
    )
    for s in skipped:
        click.echo(f"skipped {s.source}: {s.reason}", err=True)
    if skipped and strict:
        raise click.ClickException(f"{len(skipped)} document(s) skipped (--strict); nothing written")
    if not docs:
        raise click.ClickException("no document could be read; nothing written")
    result, crashed = _build_isolating(docs, jobs)
    for s in crashed:
        click.echo(f"skipped {s.source}: {s.reason}", err=True)
    if crashed and strict:
        raise click.ClickException(f"{len(crashed)} document(s) skipped (--strict); nothing written")
    if not result.documents:
        raise click.ClickException("no document could be built; nothing written")
    docs, skipped = [a.doc for a in result.documents], [*skipped, *crashed]
    data = serialize(result.quads, rdf_format)
    if str(output) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        try:
            write_atomic(output, data)
        except OSError as e:
            raise click.ClickException(f"cannot write {output}: {e.strerror or e}") from e
    n_events = sum(len(d.events) for d in result.documents)
    click.echo(
        f"built {len(docs)} document(s), {len(result.resolution.entities)} entities, "
        f"{n_events} events → {len(set(result.quads))} quads"
        + (f"; {len(skipped)} skipped" if skipped else ""),
        err=True,
    )


def _build_isolating(docs: list[Any], jobs: int = 1) -> tuple[Any, list[Any]]:
    """``build_graph``; if the pipeline crashes (a bug), skip only the documents that crash it.

    Nothing breaks for the others: each document is retried alone, the ones that fail
    become skipped documents with the error, and the rest are built together.
    """
    from kg.build import build_graph
    from kg.read import Skipped

    try:
        return build_graph(docs, jobs=jobs), []
    except KgError:
        raise
    except Exception:
        log.debug("the build failed; retrying one document at a time", exc_info=True)
    good, crashed = [], []
    for d in docs:
        try:
            build_graph([d])
        except Exception as e:
            first = str(e).splitlines()[0] if str(e) else ""
            reason = f"internal error ({type(e).__name__}: {first}); please report it"
            crashed.append(Skipped(f"document {d.id}", reason))
        else:
            good.append(d)
    return build_graph(good), crashed


# ------------------------------------------------------------------ extract
@cli.command()
@click.argument("input_file", type=click.Path(exists=True, allow_dash=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "table"]), default="table",
              show_default=True, help="Output format.")  # fmt: skip
@click.option("--layer", type=click.Choice(["mentions", "values", "events", "all"]), default="all",
              show_default=True, help="Which layer to show.")  # fmt: skip
@click.option("--input-format", type=click.Choice(["txt", "jsonl"]), help="Format of the input.")
@click.option("--published", help="Publication date (YYYY-MM-DD) for a .txt input.")
def extract(
    input_file: Path, fmt: str, layer: str, input_format: str | None, published: str | None
) -> None:
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
        click.echo(f"skipped {s.source}: {s.reason}", err=True)
    if not docs:
        raise click.ClickException("no document could be read")
    for doc in docs:
        ann = annotate(doc)
        if fmt == "json":
            click.echo(json.dumps(layers_as_records(ann, layer), ensure_ascii=False, indent=2,
                                  sort_keys=True))  # fmt: skip
        else:
            click.echo(layers_as_table(ann, layer), nl=False)


# -------------------------------------------------------------------- query
@cli.command()
@click.argument("graph", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("-e", "--sparql", help="The SPARQL query text.")
@click.option("-f", "--file", "query_file", type=click.Path(exists=True, path_type=Path),
              help="Read the query from a .rq file.")  # fmt: skip
@click.option("-n", "--name", help="Run a query shipped in ontology/queries (see --list).")
@click.option("--list", "list_queries", is_flag=True, help="List the shipped queries and exit.")
@click.option("--format", "fmt", type=click.Choice(_ROW_FORMATS), default="table",
              show_default=True, help="Row format.")  # fmt: skip
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind ?NAME to the literal VALUE (e.g. --param name=保定市公安局).")  # fmt: skip
@click.option("--update", is_flag=True, help="Allow SPARQL updates (applied in memory).")
@click.option("--allow-service", is_flag=True, help="Allow SERVICE calls to other hosts.")
def query(
    graph: tuple[Path, ...],
    sparql: str | None,
    query_file: Path | None,
    name: str | None,
    list_queries: bool,
    fmt: str,
    params: tuple[str, ...],
    update: bool,
    allow_service: bool,
) -> None:
    """Run SPARQL over GRAPH files (Turtle, N-Triples, N-Quads, TriG, JSON-LD).

    \b
    Examples:
      kg query out/seed.ttl --name events
      kg query out/seed.ttl -e 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' --format csv
    """
    from kg.rdf.query import ResultTable, format_rows, named_queries, read_named_query, run_query
    from kg.rdf.store import RdfFormat, load_graph, serialize

    if list_queries:
        for qname, path in named_queries().items():
            click.echo(f"{qname}\t{_first_comment(path)}")
        return
    given = [x for x in (sparql, query_file, name) if x]
    if len(given) != 1:
        raise click.UsageError("give exactly one of --sparql/-e, --file/-f or --name/-n")
    if name:
        text = read_named_query(name)
    elif query_file:
        text = query_file.read_text(encoding="utf-8")
    else:
        text = str(sparql)
    store = load_graph(list(graph))
    for ttl in _ontology_files():
        store.bulk_load(path=str(ttl), format=RdfFormat.TURTLE.ox)
    bindings = {}
    for p in params:
        key, sep, value = p.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{p!r} is not NAME=VALUE", param_hint="--param")
        bindings[key.lstrip("?$")] = value
    result = run_query(store, text, allow_update=update, allow_service=allow_service,
                       params=bindings)  # fmt: skip
    if isinstance(result, ResultTable):
        click.echo(format_rows(result, fmt), nl=False)
    else:
        import pyoxigraph as ox

        quads = [ox.Quad(t.subject, t.predicate, t.object) for t in result]
        sys.stdout.buffer.write(serialize(quads, RdfFormat.TURTLE))


# --------------------------------------------------------------- helpers
def _rdf_format(fmt: str | None, output: Path) -> Any:
    from kg.rdf.store import RdfFormat

    if fmt:
        return RdfFormat(fmt)
    if str(output) == "-":
        return RdfFormat.TURTLE
    guessed = RdfFormat.from_extension(output)
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


def _ontology_files() -> list[Path]:
    from kg.resources import ontology_dir

    return sorted(ontology_dir().glob("*.ttl"))


def _first_comment(path: Path) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            return line.lstrip("# ").strip()
    return ""


from kg.cli_analyze import analyze, export  # noqa: E402

cli.add_command(analyze)
cli.add_command(export)

from kg.cli_validate import validate  # noqa: E402

cli.add_command(validate)
