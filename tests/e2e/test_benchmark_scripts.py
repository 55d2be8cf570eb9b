"""Every benchmark script starts (``--help``) as ``make bench`` runs it: no name in benchmarks/ may hide a
standard-library module from the others, and every import resolves."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
SCRIPTS = sorted(path for path in BENCHMARKS.glob("*.py") if path.name != "common.py")


def test_there_are_benchmarks_to_run() -> None:
    assert {path.stem for path in SCRIPTS} >= {"orders", "moderation", "metrics", "checkout_http"}


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.stem)
def test_a_benchmark_script_starts(script: Path) -> None:
    result = subprocess.run([sys.executable, str(script), "--help"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "usage:" in result.stdout
