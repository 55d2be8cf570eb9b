"""What the suite needs from outside the repository: skipped with a reason on a developer's machine, required in CI.

A fresh clone has no ``../shared`` folder (the Olist data, the specification), may have no PostgreSQL
or Chromium; those tests say what is missing and where to put it. In CI (``CI=true``, set by
``.ci/run``) the same tests must run, so anything missing fails the run instead of skipping quietly.
"""

from __future__ import annotations

import os

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true")


def require(present: bool, missing: str) -> None:
    """Go on if ``present``; else skip (developer machine) or fail (CI) with ``missing``, which says what and where."""
    if present:
        return
    if in_ci():
        pytest.fail(f"required in CI: {missing}", pytrace=False)
    pytest.skip(missing)
