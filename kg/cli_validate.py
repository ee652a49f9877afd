"""``kg validate``: check built graphs against ontology/shapes.ttl and their anchors' text."""

from __future__ import annotations

import sys
from pathlib import Path

import click

__all__ = ["validate"]


@click.command()
@click.argument("graph", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--shapes", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="SHACL shapes (default: ontology/shapes.ttl).")  # fmt: skip
@click.option("--format", "fmt", type=click.Choice(["text", "ttl"]), default="text",
              show_default=True, help="Report format (ttl: a SHACL ValidationReport).")  # fmt: skip
def validate(graph: tuple[Path, ...], shapes: Path | None, fmt: str) -> None:
    """Check GRAPH files against SHACL shapes and each anchor's text; exit 1 on violations.

    The report goes to stdout: one line per violation (node, property, message), then a
    verdict; the time taken goes to stderr. Needs the `validate` extra (pyshacl).

    \b
    Example:
      kg build seeds/hebei-telecom-fraud-2020.txt --published 2020-08-20 -o out/seed.ttl
      kg validate out/seed.ttl
    """
    from kg.validate import format_text, format_turtle, validate_graph

    report = validate_graph(list(graph), shapes)
    if fmt == "ttl":
        sys.stdout.buffer.write(format_turtle(report))
        sys.stdout.flush()
    else:
        click.echo(format_text(report), nl=False)
    verdict = "conforms" if report.conforms else f"{len(report.violations)} violation(s)"
    click.echo(f"validated {report.triples} triples in {report.seconds:.1f} s: {verdict}", err=True)
    if not report.conforms:
        click.get_current_context().exit(1)
