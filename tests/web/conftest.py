"""Web tests run on SQLite only (the pages call the same services the API tests cover on both stores)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from pasar.api.app import create_app
from pasar.clock import ManualClock
from pasar.services.marketplace import Marketplace
from tests.support import Given
from tests.web.world import WebWorld, build_world


@pytest.fixture
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    path = tmp_path / "pasar.db"
    shutil.copy(request.getfixturevalue("sqlite_template"), path)
    yield f"sqlite:///{path}"


@pytest.fixture
def web_world(marketplace: Marketplace, clock: ManualClock, given: Given) -> WebWorld:
    return build_world(marketplace, clock, given)


@pytest.fixture
def client(marketplace: Marketplace, web_world: WebWorld) -> Iterator[TestClient]:
    with TestClient(create_app(marketplace), follow_redirects=False) as client:
        yield client


def sign_in(client: TestClient, token: str) -> None:
    response = client.post("/signin", data={"token": token})
    assert response.status_code == 303, response.text
