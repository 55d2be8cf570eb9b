"""Property-based requests from our own OpenAPI document: no input makes the API answer 5xx."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.conftest import World


@pytest.mark.slow
@pytest.mark.parametrize("who", ["buyer", "seller", "operator"])
def test_schemathesis_finds_no_server_error(world: World, api_url: str, database_url: str, who: str) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("one backend is enough for input fuzzing; the PostgreSQL paths are covered by the flows")
    executable = shutil.which("schemathesis", path=str(Path(sys.executable).parent))
    assert executable, "schemathesis is a development dependency"
    token = getattr(world, who).headers["Authorization"]
    result = subprocess.run(
        [
            executable,
            "run",
            f"{api_url}/openapi.json",
            "--checks",
            "not_a_server_error",
            "--max-examples",
            "15",
            "--seed",
            "1",
            "--phases",
            "examples,coverage,fuzzing",
            "-H",
            f"Authorization: {token}",
            "--generation-deterministic",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
