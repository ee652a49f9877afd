"""Issue #13: --jobs N gives the same bytes as one process; the progress bar stays off the
output and off a non-terminal stderr."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli

from .conftest import DATA, SEED

pytestmark = pytest.mark.issue(13)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    text = SEED.read_text(encoding="utf-8")
    path = tmp_path_factory.mktemp("jobs") / "docs.jsonl"
    lines = [json.dumps({"id": f"d{i:02d}", "published": "2020-08-20", "text": text[: 300 + 40 * i]},
                        ensure_ascii=False) for i in range(20)]  # fmt: skip
    path.write_text("\n".join(lines) + "\n" + (DATA / "corpus" / "docs.jsonl").read_text(encoding="utf-8"),
                    encoding="utf-8")  # fmt: skip
    return path


@pytest.mark.slow
def test_jobs_two_workers_write_the_same_bytes(corpus: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    one, two = tmp_path / "one.nq", tmp_path / "two.nq"
    r1 = runner.invoke(cli, ["build", str(corpus), "-o", str(one)], catch_exceptions=False)
    r2 = runner.invoke(cli, ["build", str(corpus), "-o", str(two), "--jobs", "2"], catch_exceptions=False)
    assert r1.exit_code == r2.exit_code == 0
    assert one.read_bytes() == two.read_bytes()
    assert r1.stderr.splitlines()[-1] == r2.stderr.splitlines()[-1]
    store = tmp_path / "s"
    runner.invoke(cli, ["build", str(corpus), "--store", str(store), "--jobs", "2"], catch_exceptions=False)
    runner.invoke(cli, ["export", str(store), "-o", str(tmp_path / "s.nq")], catch_exceptions=False)
    assert (tmp_path / "s.nq").read_bytes() == one.read_bytes()


def test_progress_bar_is_not_drawn_on_a_non_terminal(corpus: Path) -> None:
    result = CliRunner().invoke(cli, ["build", str(corpus), "--format", "nt"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "doc/s" not in result.stderr
    assert "\r" not in result.stderr
    assert result.stderr.count("\n") <= 3
