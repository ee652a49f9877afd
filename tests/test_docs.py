"""The README stays true: every command is documented, every shipped query is listed."""

from __future__ import annotations

from kg.cli import cli
from kg.rdf.query import named_queries

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_docs_every_command_is_in_the_readme() -> None:
    for name in cli.commands:
        assert f"kg {name}" in README, name


def test_docs_every_shipped_query_is_in_the_readme() -> None:
    for name in named_queries():
        assert f"`{name}" in README, name


def test_docs_two_commands_are_there() -> None:
    assert "make demo" in README
    assert "make test" in README
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "demo:" in makefile
    assert "test:" in makefile
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
