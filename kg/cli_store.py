"""The store side of the command line: ``kg build --store``, ``kg remove``, ``kg push``,
store exports, and the progress bar.

``kg/cli.py`` keeps the options users see on ``build``/``query``; the work they start
lives here, so the store can grow without touching the other commands.
"""

from __future__ import annotations

import contextlib
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import click

from kg.build import BuildReport
from kg.cli_common import verbosity
from kg.errors import InputError
from kg.model import Document
from kg.rdf.store import RdfFormat

__all__ = ["export_store_to", "push", "remove", "run_build", "run_update"]


def run_build(
    docs: list[Document],
    *,
    output: Path | None,
    rdf_format: RdfFormat,
    store: Path | None,
    jobs: int,
    strict: bool,
    timeout: float | None = None,
    provenance: str | None = None,
    dask: str | None = None,
) -> BuildReport:
    """Build ``docs`` into ``store`` and/or ``output`` (``-`` for stdout), with a progress bar;
    on the Dask cluster at ``dask`` if given. With ``strict``, a document that fails leaves
    nothing written.
    """
    from kg.build import build_to_file, build_to_store

    with _progress(len(docs)) as bar, contextlib.ExitStack() as stack:

        def seen(r: Any) -> None:
            bar.update(1)
            if r.error:
                bar.write(f"skipped document {r.id}: {r.error}")
                if strict:
                    raise _StrictError()

        executor = None
        if dask:
            from kg.store.cluster import dask_executor

            executor, jobs = stack.enter_context(dask_executor(dask))
        how = {"jobs": jobs, "executor": executor, "on_result": seen, "timeout": timeout}
        try:
            if store is not None:
                report = build_to_store(store, docs, on_wait=_say, on_plan=bar.reset,
                                        provenance=provenance, **how)  # type: ignore[arg-type]  # fmt: skip
                if output is not None:
                    export_store_to(store, output, rdf_format)
                return report
            assert output is not None
            with _output(output) as out:
                return build_to_file(docs, out, rdf_format, provenance=provenance or "all",
                                     **how)  # type: ignore[arg-type]  # fmt: skip
        except _StrictError:
            raise click.ClickException("a document was skipped (--strict); nothing written") from None


def export_store_to(store: Path, output: Path, fmt: RdfFormat) -> None:
    """Write the whole store as one RDF file (canonical order, streamed)."""
    from kg.store.layout import read_store
    from kg.store.writer import export_store

    with read_store(store) as handle, _output(output) as out:
        export_store(handle.store, handle.index, out, fmt)


def run_update(
    graphs: list[Path], text: str, *, output: Path | None, allow_service: bool,
    graph_format: str | None = None,
) -> None:  # fmt: skip
    """``kg query --update``: into a store (one transaction), or from files to ``output``.

    An update whose result nobody could keep is refused rather than run in memory.
    """
    from kg.graphsource import open_graphs, rdf_format_of
    from kg.rdf.query import run_query
    from kg.rdf.store import serialize
    from kg.store.layout import is_store, write_store

    if len(graphs) == 1 and is_store(graphs[0]):
        if output is not None:
            raise click.UsageError("--update writes into the store itself; -o is for graph files")
        with write_store(graphs[0], create=False, on_wait=_say) as handle:
            run_query(handle.store, text, allow_update=True, allow_service=allow_service)
            handle.index.set_meta("edited", "1")
        _say(f"updated {graphs[0]}")
        return
    if output is None:
        raise click.UsageError(
            "--update on graph files changes nothing kg keeps: give -o FILE for the updated "
            "graph, or build a store (kg build … --store DIR) and update that"
        )
    fmt = rdf_format_of(output)
    if fmt is None:
        raise click.UsageError(f"cannot tell the RDF format of {output} from its suffix")
    store = open_graphs(graphs, graph_format)
    run_query(store, text, allow_update=True, allow_service=allow_service)
    with _output(output) as out:
        out.write(serialize(list(store), fmt))
    _say(f"wrote the updated graph to {output}")


@click.command()
@click.option("--store", "store", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="The store to remove documents from.")  # fmt: skip
@click.argument("names", nargs=-1, required=True)
@verbosity
def remove(store: Path, names: tuple[str, ...]) -> None:
    """Delete documents (by corpus/id key or by id) and whatever only they supported.

    Entities, places and intervals that no remaining document names go with them; the
    others lose the names only these documents used. Nothing changes if any NAME is
    unknown.

    \b
    Example:
      kg remove --store out/news CEC-Corpus/001 CEC-Corpus/002
    """
    from kg.build import remove_from_store
    from kg.store.layout import is_store

    if not is_store(store):
        raise click.UsageError(f"{store} is not a kg store")
    keys, _ = remove_from_store(store, names, on_wait=_say)
    _say(f"removed {len(keys)} document(s): {', '.join(keys)}")


@click.command()
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@click.option("--endpoint", required=True, metavar="URL",
              help="The server's SPARQL query endpoint (e.g. http://127.0.0.1:7878/query).")  # fmt: skip
@click.option("--update-endpoint", metavar="URL", help="Its SPARQL Update endpoint (default: found from URL).")
@click.option("--store-endpoint", metavar="URL",
              help="Its Graph Store Protocol endpoint (default: found from URL; without one, SPARQL Update is used).")  # fmt: skip
@verbosity
def push(source: Path, endpoint: str, update_endpoint: str | None, store_endpoint: str | None) -> None:
    """Load a store (or an N-Quads/TriG file) into a SPARQL 1.1 server.

    One named graph per document and one for the shared nodes (…/id/graph/nodes);
    pushing again replaces them, and drops the documents the source no longer has.
    Credentials: KG_SPARQL_USER and KG_SPARQL_PASSWORD, or ~/.netrc.

    \b
    Example:
      oxigraph serve --location data --union-default-graph &
      kg push out/news --endpoint http://127.0.0.1:7878/query
    """
    from kg.graphsource import open_graphs, rdf_format_of
    from kg.store.remote import Endpoint, store_graphs
    from kg.store.remote import push as push_graphs

    target = Endpoint.at(endpoint, update_url=update_endpoint, store_url=store_endpoint)
    if not source.is_dir():
        fmt = rdf_format_of(source)
        if fmt is None or not fmt.has_datasets:
            raise click.UsageError(f"{source}: kg push needs a store or an N-Quads/TriG file "
                                   "(they keep one graph per document)")  # fmt: skip
    graph = open_graphs([source])
    sent, dropped = push_graphs(target, store_graphs(graph))
    _say(f"pushed {sent} graph(s) to {endpoint.split('?')[0]}" + (f"; dropped {dropped}" if dropped else ""))


# ------------------------------------------------------------------ helpers
class _StrictError(Exception):
    pass


def _say(message: str) -> None:
    from kg.cli_common import note

    note(message)


@contextlib.contextmanager
def _output(output: Path) -> Iterator[IO[bytes]]:
    """A file to stream into: an atomic temp file beside ``output``, or a spool for stdout
    (so a failed build writes nothing there either)."""
    from kg.rdf.store import atomic_output

    if str(output) == "-":
        with tempfile.SpooledTemporaryFile(max_size=16 << 20) as spool:
            yield spool  # type: ignore[misc]
            spool.seek(0)
            shutil.copyfileobj(spool, sys.stdout.buffer)
            sys.stdout.flush()
        return
    try:
        with atomic_output(output) as f, _compressor(f, output.suffix.lower()) as out:
            yield out
    except OSError as e:
        raise InputError(f"cannot write {output}: {e.strerror or e}") from e


@contextlib.contextmanager
def _compressor(f: IO[bytes], suffix: str) -> Iterator[IO[bytes]]:
    """gzip/bzip2/xz for ``-o g.ttl.gz`` etc.; gzip without a timestamp (same bytes each run)."""
    import bz2
    import gzip
    import lzma

    if suffix == ".gz":
        with gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as z:
            yield z  # type: ignore[misc]
    elif suffix == ".bz2":
        with bz2.BZ2File(f, mode="wb") as b:
            yield b  # type: ignore[misc]
    elif suffix == ".xz":
        with lzma.LZMAFile(f, mode="wb") as x:
            yield x  # type: ignore[misc]
    else:
        yield f


class _NoBar:
    def update(self, n: int) -> None:
        pass

    def reset(self, total: int | None = None) -> None:
        pass

    def write(self, text: str) -> None:
        click.echo(text, err=True)


@contextlib.contextmanager
def _progress(total: int) -> Iterator[Any]:
    """A tqdm bar on stderr (documents/s, ETA) when it is a terminal and kg is not quiet."""
    from kg.cli_common import is_quiet

    if is_quiet() or not sys.stderr.isatty() or total < 2:
        yield _NoBar()
        return
    from tqdm import tqdm

    with tqdm(total=total, unit="doc", file=sys.stderr, leave=False, dynamic_ncols=True) as bar:
        yield bar
