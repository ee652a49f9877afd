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


def test_docs_the_python_api_block_runs_as_written(capsys) -> None:  # type: ignore[no-untyped-def]
    """Issue #10 item 16: the README's Python section is true."""
    import re

    blocks = re.findall(r"```python\n(.*?)```", README, flags=re.DOTALL)
    assert blocks
    exec(compile(blocks[0], "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert "('CaseSolved', '破获', ['412起'])" in out
    assert ",412,起," in out


def test_docs_the_evaluation_command_works_as_written() -> None:
    """Issue #10 item 17: the command runs from the checkout, and the figures are today's."""
    import re
    import shlex
    import subprocess

    import pytest

    block = re.search(r"## Evaluation\n\n```sh\n(.*?)\n```", README, flags=re.DOTALL)
    assert block
    command = block.group(1)
    assert command.startswith(".venv/bin/python ")  # the venv's Python: it has rdflib
    if not (ROOT.parent / "shared" / "eval" / "dev").is_dir() or not (ROOT / ".venv" / "bin" / "kg").exists():
        pytest.skip("needs ../shared/eval and the checkout's .venv")
    run = subprocess.run(shlex.split(command), cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    measured = re.search(r"entity F1 ([\d.]+), typed-quantity F1 ([\d.]+)", run.stdout)
    assert measured
    written = re.search(r"entity\s+F1 ([\d.]+) \(P [\d.]+, R [\d.]+\), typed-quantity F1 ([\d.]+)", README)
    assert written, "the README states the dev figures"
    for now, said in zip(measured.groups(), written.groups(), strict=True):
        assert abs(float(now) - float(said)) <= 0.02, f"README says {said}, the scorer measures {now}"
