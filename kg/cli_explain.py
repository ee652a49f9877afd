"""``kg explain`` (where a fact came from) and ``kg stats`` (a graph on one screen)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from kg.cli_common import emit, graph_sources, load_graphs, output_option, verbosity

__all__ = ["explain", "stats"]


@click.command()
@graph_sources()
@click.option("-t", "--thing", "thing", required=True, metavar="THING",
              help="An event, figure or entity: a name (保定市公安局), an IRI or an id: CURIE.")  # fmt: skip
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format.")  # fmt: skip
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True,
              help="Show at most this many places an entity is mentioned.")  # fmt: skip
@output_option()
@verbosity
def explain(graph: tuple[Path, ...], graph_format: str | None, thing: str, fmt: str, limit: int,
            output: Path) -> None:  # fmt: skip
    """Say where THING in GRAPH came from: document, sentence (span marked 【…】),
    character offsets, the rule or trigger that found it, other documents that report it.

    \b
    Examples:
      kg explain out/seed.ttl -t 保定市公安局
      kg explain out/seed.ttl -t id:event/…      (an IRI from kg query -n events)
    """
    from kg.explain import explain as explain_thing

    found = explain_thing(load_graphs(graph, graph_format), thing, limit=limit)
    if fmt == "json":
        emit(output, json.dumps(found.as_dict(), ensure_ascii=False, indent=2, sort_keys=True) + "\n")
    else:
        emit(output, found.text())


@click.command()
@graph_sources()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format.")  # fmt: skip
@click.option("--top", type=click.IntRange(min=1), default=8, show_default=True,
              help="How many of the largest organisations and places.")  # fmt: skip
@output_option()
@verbosity
def stats(graph: tuple[Path, ...], graph_format: str | None, fmt: str, top: int, output: Path) -> None:
    """A graph on one screen: documents (dated by source, undated), entities by type,
    events by type, figures by unit, the largest organisations and places.

    \b
    Example:
      kg stats out/seed.ttl
    """
    from kg.stats import graph_stats

    found = graph_stats(load_graphs(graph, graph_format), top=top)
    if fmt == "json":
        emit(output, json.dumps(found.as_dict(), ensure_ascii=False, indent=2, sort_keys=True) + "\n")
    else:
        emit(output, found.text())
