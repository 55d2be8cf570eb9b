"""Fixtures of the score tests: the Olist data (``olist``), its sample imported once, small slices, one SparkSession."""

from __future__ import annotations

import csv
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from pasar.clock import ManualClock
from pasar.importers.olist import ITEMS, MARKET, ORDERS, REVIEWS, read_olist
from pasar.services.olist_import import import_olist
from pasar.services.scores import forget_engine
from pasar.services.unit_of_work import UnitOfWork
from pasar.store.database import make_engine
from tests.conftest import START
from tests.external import require

# The real Olist data is not in the repository (its licence forbids shipping it): it sits in the
# shared folder beside the checkout, or wherever PASAR_OLIST_DIR says.
OLIST = Path(os.environ.get("PASAR_OLIST_DIR", Path(__file__).resolve().parents[3] / "shared" / "data" / "olist"))


@dataclass(frozen=True)
class OlistData:
    sample: Path  # the 4,000-order sample: orders, items, reviews
    catalogue: Path  # the full products and sellers files


@pytest.fixture(scope="session")
def olist() -> OlistData:
    """The Olist data, or a skip (a fail in CI) naming the folder it should be in."""
    data = OlistData(OLIST / "sample_4000_orders", OLIST / "official_full")
    require(
        (data.sample / ORDERS).is_file() and (data.catalogue / "olist_sellers_dataset.csv").is_file(),
        f"the Olist data (sample_4000_orders/ and official_full/) is not in {OLIST}: put the shared data folder "
        "beside the repository (../shared/data/olist) or set PASAR_OLIST_DIR to the folder that holds them",
    )
    return data


@pytest.fixture(autouse=True)
def _fresh_metrics_engines(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every test starts without cached rollups (the PostgreSQL test database is reused between tests)."""
    engine = request.getfixturevalue("engine") if "engine" in request.fixturenames else None
    yield
    if engine is not None:
        forget_engine(engine)


def import_sample(url: str, olist: OlistData, directory: Path | None = None, responsibility: str = "seller") -> Any:
    """Import ``directory`` (default: the whole sample) with the Olist catalogue."""
    engine = make_engine(url)
    try:
        with UnitOfWork(engine, ManualClock(START)) as uow:
            zone = uow.rules(MARKET).market.timezone
            data = read_olist(directory or olist.sample, olist.catalogue, timezone=zone)
            return import_olist(uow, data, responsibility=responsibility)
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def olist_url(olist: OlistData, sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite store holding the whole Olist sample (4,000 orders), imported once per session."""
    path = tmp_path_factory.mktemp("olist") / "olist.db"
    shutil.copy(sqlite_template, path)
    url = f"sqlite:///{path}"
    import_sample(url, olist)
    return url


def small_olist(olist: OlistData, target: Path, orders: int = 120) -> Path:
    """A consistent slice of the sample: its first ``orders`` orders with their items and reviews."""
    target.mkdir(parents=True, exist_ok=True)
    with (olist.sample / ORDERS).open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    kept = rows[: orders + 1]
    ids = {row[0] for row in kept[1:]}
    with (target / ORDERS).open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(kept)
    for name in (ITEMS, REVIEWS):
        with (olist.sample / name).open(newline="", encoding="utf-8") as handle:
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
