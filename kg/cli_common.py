"""Options every command shares, declared once so they are spelt and behave the same.

- ``graph_sources``: the GRAPH arguments and ``--input-format`` of every command that
  reads built graphs; ``load_graphs`` turns them into one store (``kg.graphsource``).
- ``verbosity``: ``-q``/``-v`` accepted after the command as well as before it
  (``kg -q build …`` and ``kg build -q …`` do the same).
- ``output_option``/``emit``: ``-o FILE`` (``-`` for stdout), written atomically.
- ``TABLE_FORMATS``/``table_format``: the one set of row formats of commands that print
  tables, with ``--bom`` for spreadsheets.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TypeVar

import click

if TYPE_CHECKING:
    import pyoxigraph as ox

__all__ = [
    "GRAPH_FORMATS",
    "TABLE_FORMATS",
    "emit",
    "graph_sources",
    "load_graphs",
    "output_option",
    "set_verbosity",
    "table_format",
    "verbosity",
]

F = TypeVar("F", bound=Callable[..., Any])

GRAPH_FORMATS: Final = ("ttl", "nt", "nq", "trig", "jsonld", "xml")  # kg.rdf.store.RdfFormat
TABLE_FORMATS: Final = ("table", "csv", "tsv", "json", "jsonl")


def set_verbosity(verbose: int, quiet: bool) -> None:
    """Route kg's log records to stderr: warnings by default, ``-q`` errors only, ``-v`` info."""
    level = logging.ERROR if quiet else logging.DEBUG if verbose > 1 else logging.INFO if verbose else logging.WARNING
    root = logging.getLogger("kg")
    if not root.handlers or not getattr(root.handlers[0], "_kg", False):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        handler._kg = True  # type: ignore[attr-defined]
        root.handlers[:] = [handler]
    # a handler bound to the stream of this run (CliRunner swaps sys.stderr per call)
    root.handlers[0].setStream(sys.stderr)  # type: ignore[attr-defined]
    root.setLevel(level)
    root.propagate = False


def is_quiet() -> bool:
    """True when ``-q`` was given anywhere on the command line."""
    ctx = click.get_current_context(silent=True)
    return bool(ctx and ctx.find_root().meta.get("kg.quiet"))


def note(message: str) -> None:
    """A summary line for stderr (``built …``, ``wrote …``), silenced by ``-q``."""
    if not is_quiet():
        click.echo(message, err=True)


def _verbosity_callback(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    meta = ctx.find_root().meta
    if param.name == "quiet":
        meta["kg.quiet"] = bool(meta.get("kg.quiet")) or bool(value)
    else:
        meta["kg.verbose"] = int(meta.get("kg.verbose", 0)) + int(value or 0)
    set_verbosity(int(meta.get("kg.verbose", 0)), bool(meta.get("kg.quiet")))
    return value


def verbosity(f: F) -> F:
    """``-q/--quiet`` and ``-v/--verbose`` on a subcommand (they also work before it)."""
    f = click.option("-v", "--verbose", count=True, expose_value=False, callback=_verbosity_callback,
                     help="More logging on stderr (-vv for debug).")(f)  # fmt: skip
    f = click.option("-q", "--quiet", is_flag=True, expose_value=False, callback=_verbosity_callback,
                     help="Only errors on stderr: no summaries, no warnings.")(f)  # fmt: skip
    return f


def graph_sources(required: bool = True) -> Callable[[F], F]:
    """GRAPH... (files, compressed files or ``-``) and ``--input-format``."""
    return lambda f: _graph_sources(f, required)


def _graph_sources(f: F, required: bool) -> F:
    f = click.option("--input-format", "graph_format", type=click.Choice(GRAPH_FORMATS),
                     help="RDF format of the graphs (default: from each suffix; sniffed on stdin).")(f)  # fmt: skip
    f = click.argument("graph", nargs=-1, required=required,
                       type=click.Path(exists=True, allow_dash=True, path_type=Path))(f)  # fmt: skip
    return f


def load_graphs(graph: tuple[Path, ...], graph_format: str | None = None) -> ox.Store:
    """The store of the GRAPH arguments: the one place every reading command gets its graph."""
    from kg.graphsource import open_graphs

    return open_graphs(list(graph), graph_format)


def output_option(help_text: str = "Write to this file instead of stdout (- for stdout).",
                  required: bool = False) -> Callable[[F], F]:  # fmt: skip
    """``-o/--output FILE``."""
    return click.option("-o", "--output", default=None if required else "-", required=required,
                        type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
                        help=help_text)  # fmt: skip


def table_format(default: str = "table") -> Callable[[F], F]:
    """``--format`` over ``TABLE_FORMATS`` and ``--bom``."""

    def decorate(f: F) -> F:
        f = click.option("--bom", is_flag=True,
                         help="Start csv/tsv output with a UTF-8 byte-order mark (for Excel).")(f)  # fmt: skip
        f = click.option("--format", "fmt", type=click.Choice(TABLE_FORMATS), default=default,
                         show_default=True,
                         help="table: aligned text; csv/tsv; json: W3C SPARQL results JSON "
                              "(kg query) or a list of records; jsonl: one record a line.")(f)  # fmt: skip
        return f

    return decorate


def emit(output: Path | None, data: bytes | str) -> None:
    """Write ``data`` to stdout (``-``) or atomically to a file, saying so on stderr."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if output is None or str(output) == "-":
        sys.stdout.buffer.write(raw)
        sys.stdout.flush()
        return
    from kg.rdf.store import write_atomic

    try:
        write_atomic(output, raw)
    except OSError as e:
        raise click.ClickException(f"cannot write {output}: {e.strerror or e}") from e
    note(f"wrote {output}")
