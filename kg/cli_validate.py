"""``kg validate``: check built graphs against ontology/shapes.ttl and their anchors' text."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli_common import emit, graph_sources, load_graphs, note, output_option, verbosity

__all__ = ["validate"]


@click.command()
@graph_sources()
@click.option("--shapes", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="SHACL shapes (default: ontology/shapes.ttl).")  # fmt: skip
@click.option("--format", "fmt", type=click.Choice(["text", "ttl"]), default="text",
              show_default=True, help="Report format (ttl: a SHACL ValidationReport).")  # fmt: skip
@output_option()
@verbosity
def validate(graph: tuple[Path, ...], graph_format: str | None, shapes: Path | None, fmt: str,
             output: Path) -> None:  # fmt: skip
    """Check GRAPH files against SHACL shapes and each anchor's text; exit 1 on violations.

    The report goes to stdout: one line per violation (node, property, message), then a
    verdict; the time taken goes to stderr. Needs the `validate` extra (pyshacl).

    \b
    Example:
      kg build seeds/hebei-telecom-fraud-2020.txt --published 2020-08-20 -o out/seed.ttl
      kg validate out/seed.ttl
    """
    from kg.validate import format_text, format_turtle, validate_store

    report = validate_store(load_graphs(graph, graph_format), shapes)
    emit(output, format_turtle(report) if fmt == "ttl" else format_text(report))
    verdict = "conforms" if report.conforms else f"{len(report.violations)} violation(s)"
    note(f"validated {report.triples} triples in {report.seconds:.1f} s: {verdict}")
    if not report.conforms:
        click.get_current_context().exit(1)
