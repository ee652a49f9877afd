"""Extraction quality on the shared dev set, scored by the project's own scorer.

The thresholds are the floor of issue #2; the figures themselves are reported in the
closing notes. Skipped when ../shared/eval is not beside the checkout.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, SHARED

SCORER = SHARED / "eval" / "score.py"


@pytest.mark.slow
@pytest.mark.skipif(not SCORER.exists(), reason="../shared/eval not available")
def test_quality_dev_set_meets_the_floor(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    kg = Path(sys.executable).parent / "kg"
    cmd = [sys.executable, str(SCORER), "--set", str(SHARED / "eval" / "dev"),
           "--build-cmd", f"{kg} build {{docs}} -o {{out}}", "--json", str(report)]  # fmt: skip
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    summary = json.loads(report.read_text(encoding="utf-8"))["summary"]
    assert summary["entities"]["f1"] >= 0.85
    assert summary["typed_quantities"]["f1"] >= 0.85
    assert summary["arguments"]["time"] >= 0.80
    assert summary["arguments"]["agent"] >= 0.80
