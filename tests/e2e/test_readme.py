"""The README's example requests work on a fresh demo exactly as written.

The "Using it" block is run by bash, curl and python3 as a reader would paste it, against a real
`pasar run` on an empty database; the only change is the first line's address (the test's port).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.external import require
from tests.markdown import code_block
from tests.pasar_processes import running

README = Path(__file__).resolve().parents[2] / "README.md"
ADDRESS = "PASAR=http://127.0.0.1:8000\n"


def _documents(output: str) -> list[Any]:
    """The JSON documents printed one after another (pretty-printed or not)."""
    decoder, documents, at = json.JSONDecoder(), [], 0
    while at < len(output.rstrip()):
        while output[at].isspace():
            at += 1
        document, at = decoder.raw_decode(output, at)
        documents.append(document)
    return documents


@pytest.mark.slow
def test_the_readme_requests_work_on_a_fresh_demo_as_written(tmp_path: Path) -> None:
    """Given a fresh `pasar run`, when the README block runs, then it lists orders, places one and starts paying."""
    require(shutil.which("curl") is not None, "curl is not installed (apt-get install curl)")
    block = code_block(README, "Using it", "sh")
    assert block.startswith(ADDRESS), "the block's first line sets the address the test replaces"
    with running("run", "--db", f"sqlite:///{tmp_path / 'pasar.db'}", log=tmp_path / "run.log") as server:
        seeded = httpx.get(f"{server.base_url}/v1/orders", headers={"Authorization": "Bearer demo-buyer"}).json()
        script = block.replace(ADDRESS, f"PASAR={server.base_url}\n", 1)
        result = subprocess.run(["bash", "-euo", "pipefail", "-c", script], capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        listed, payment, order = _documents(result.stdout)
    assert listed == seeded  # the buyer's orders, as the demo seeded them
    assert all(document.get("type") is None for document in (listed, payment, order)), "no problem+json answer"
    assert order["id"] not in {seeded_order["id"] for seeded_order in seeded["items"]}  # the order just placed
    assert payment["order_id"] == order["id"] and payment["reference"].startswith("pay_")
    assert payment["status"] == "pending" and order["status"] == "UNPAID"  # until the gateway calls back
