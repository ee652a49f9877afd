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


def _row(command: str) -> str:
    rows = [line for line in README.splitlines() if line.startswith(f"| `kg {command} ") or
            line.startswith(f"| `kg {command}`")]  # fmt: skip
    assert rows, f"no row for kg {command} in the README's command table"
    return rows[0]


def test_docs_every_option_is_in_its_synopsis() -> None:
    """Issue #10 item 13: the README's synopses list every option (-q/-v are said once)."""
    import click

    assert "`-q`" in README and "`-v`" in README  # noqa: PT018 — said once for all commands
    for name, command in cli.commands.items():
        row = _row(name)
        for p in command.params:
            if not isinstance(p, click.Option) or p.hidden or {"--help", "--quiet", "--verbose"} & set(p.opts):
                continue
            assert any(f"{o}" in row for o in p.opts), f"kg {name}: {p.opts[-1]} missing from the README"
