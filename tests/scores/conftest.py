"""Fixtures of the score tests: the Olist sample imported once, small Olist folders, one SparkSession."""

from __future__ import annotations

import csv
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pasar.clock import ManualClock
from pasar.importers.olist import ITEMS, ORDERS, REVIEWS, read_olist
from pasar.services.olist_import import import_olist
from pasar.services.scores import forget_engine
from pasar.services.unit_of_work import UnitOfWork
from pasar.store.database import make_engine
from tests.conftest import START

OLIST = Path(os.environ.get("PASAR_OLIST_DIR", Path(__file__).resolve().parents[3] / "shared" / "data" / "olist"))
SAMPLE = OLIST / "sample_4000_orders"
CATALOGUE = OLIST / "official_full"


@pytest.fixture(autouse=True)
def _fresh_metrics_engines(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every test starts without cached rollups (the PostgreSQL test database is reused between tests)."""
    engine = request.getfixturevalue("engine") if "engine" in request.fixturenames else None
    yield
    if engine is not None:
        forget_engine(engine)


def import_sample(url: str, directory: Path = SAMPLE, responsibility: str = "seller") -> Any:
    engine = make_engine(url)
    try:
        with UnitOfWork(engine, ManualClock(START)) as uow:
            return import_olist(uow, read_olist(directory, CATALOGUE), responsibility=responsibility)
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def olist_url(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite store holding the whole Olist sample (4,000 orders), imported once per session."""
    if not SAMPLE.is_dir():
        pytest.skip(f"the Olist sample is not at {SAMPLE}")
    path = tmp_path_factory.mktemp("olist") / "olist.db"
    shutil.copy(sqlite_template, path)
    url = f"sqlite:///{path}"
    import_sample(url)
    return url


def small_olist(target: Path, orders: int = 120) -> Path:
    """A consistent slice of the sample: its first ``orders`` orders with their items and reviews."""
    target.mkdir(parents=True, exist_ok=True)
    with (SAMPLE / ORDERS).open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    kept = rows[: orders + 1]
    ids = {row[0] for row in kept[1:]}
    with (target / ORDERS).open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(kept)
    for name in (ITEMS, REVIEWS):
        with (SAMPLE / name).open(newline="", encoding="utf-8") as handle:
            reader = list(csv.reader(handle))
        column = reader[0].index("order_id")
        with (target / name).open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows([reader[0], *(row for row in reader[1:] if row[column] in ids)])
    return target


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """One local[2] SparkSession for the whole test session."""
    pytest.importorskip("pyspark")
    from pasar.metrics.spark import local_spark

    session = local_spark("pasar-tests")
    yield session
    session.stop()
