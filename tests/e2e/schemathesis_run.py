"""Property-based requests from our own OpenAPI document: no input makes the API answer 5xx.

Every principal (a buyer, a seller, an operator, and nobody: the public catalogue, reviews, policy and
score endpoints) on both databases, one test module per database so that the two share the test
workers. Each run records every request it made (a HAR file) and reports
``schemathesis <backend> <principal>: N requests, M server errors`` in the test summary (see
``pytest_terminal_summary`` in ``tests/conftest.py``), so the number of requests is visible in ``make test``.

Every principal runs the fuzzing phase (random valid and invalid requests for every operation). The
coverage phase (every boundary value and every kind of invalid value of every input) runs as the
seller: its refusals come from validation, which comes before any check of who is asking, so the buyer
and the operator would only repeat it; the seller's token takes the positive cases furthest (products,
messaging, CRM, promotions). Nobody (no token) runs both phases on the operations that need no token
(the catalogue, reviews, the after-sales policy, the score, the gateway's and carriers' callbacks):
every other operation answers 401 before reading its input. Methods the schema does not list are left
out: the router answers them 405 before any of our code runs.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import World

PRINCIPALS = ["buyer", "seller", "operator", "anonymous"]
PHASES = {"seller": "coverage,fuzzing", "anonymous": "coverage,fuzzing"}  # the others: fuzzing
FUZZED_PER_OPERATION = 5  # test cases per operation in the fuzzing phase: the eight runs take a few minutes
SUMMARY = "schemathesis"  # the user property the terminal summary prints
CONFIG = """
[phases.coverage]
unexpected-methods = []
"""


def public_operations(schema: dict[str, Any]) -> list[str]:
    """The operations that ask for no token: the others carry the bearer security requirement."""
    return [op["operationId"] for item in schema["paths"].values() for op in item.values() if not op.get("security")]


def run_schemathesis(world: World, api_url: str, backend: str, who: str, folder: Path, record_property: Any) -> None:
    executable = shutil.which("schemathesis", path=str(Path(sys.executable).parent))
    assert executable, "schemathesis is a development dependency"
    har, config = folder / "requests.har", folder / "schemathesis.toml"
    config.write_text(CONFIG)
    if who == "anonymous":
        schema = httpx.get(f"{api_url}/openapi.json").json()
        chosen = [argument for name in public_operations(schema) for argument in ("--include-operation-id", name)]
    else:
        chosen = ["-H", f"Authorization: {getattr(world, who).headers['Authorization']}"]
    result = subprocess.run(
        [
            executable,
            "--config-file",
            str(config),
            "run",
            f"{api_url}/openapi.json",
            "--checks",
            "not_a_server_error",
            "--max-examples",
            str(FUZZED_PER_OPERATION),
            "--phases",
            PHASES.get(who, "fuzzing"),
            "--generation-deterministic",  # the same requests every run, and no example database written
            "--report",
            "har",
            "--report-har-path",
            str(har),
            *chosen,
        ],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=folder,
    )
    entries = json.loads(har.read_text())["log"]["entries"] if har.exists() else []
    errors = _server_errors(entries)
    record_property(SUMMARY, f"schemathesis {backend} {who}: {len(entries)} requests, {len(errors)} server errors")
    output = result.stdout[-4000:] + result.stderr[-2000:]
    assert entries, output
    assert not errors and result.returncode == 0, "\n".join(errors[:20]) + "\n" + output


def _server_errors(entries: list[dict[str, Any]]) -> list[str]:
    return [
        f"{entry['request']['method']} {entry['request']['url']}: {entry['response']['status']}"
        for entry in entries
        if entry["response"]["status"] >= 500
    ]


def schemathesis_test(backend: str) -> Any:
    """The test for one database: a module per database, so that the two runs share the test workers."""

    @pytest.mark.slow
    @pytest.mark.parametrize("database_url", [backend], indirect=True)
    @pytest.mark.parametrize("who", PRINCIPALS)
    def test_schemathesis_finds_no_server_error(
        world: World, api_url: str, database_url: str, who: str, tmp_path: Path, record_property: Any
    ) -> None:
        run_schemathesis(world, api_url, backend, who, tmp_path, record_property)

    return test_schemathesis_finds_no_server_error
