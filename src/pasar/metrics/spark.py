"""The same metric SQL on Spark (``pasar metrics --engine spark``), for marketplaces that outgrow one machine.

Spark cannot read the store directly here (no JDBC drivers), so DuckDB exports the source
relations — raw rows, UTC instants, nothing computed — to Parquet, and Spark runs the statements
of ``pasar.metrics.sql`` with the Spark dialect: the local-day conversion is Spark's own
(``from_utc_timestamp``), every window and exclusion is the shared SQL text.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Collection, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from pasar.metrics import sql
from pasar.metrics.dataset import SOURCES
from pasar.metrics.duck import DuckDBMetrics, ShopCounts, assemble, day_number

SPARK = sql.SparkDialect()


def local_spark(app_name: str = "pasar-metrics") -> Any:
    """A local[2] SparkSession bound to loopback only (docs/design.md), UTC session time zone."""
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise RuntimeError("the Spark engine needs PySpark: pip install 'pasar[spark]'") from exc
    spark = (
        SparkSession.builder.master("local[2]")
        .appName(app_name)
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.adaptive.enabled", "true")
        .config("spark.sql.codegen.wholeStage", "false")
        .config("spark.sql.ansi.enabled", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    return spark


class SparkMetrics:
    """Counts with Spark SQL over sources exported by a ``DuckDBMetrics`` (store or dataset)."""

    def __init__(self, spark: Any | None = None) -> None:
        self.spark = spark if spark is not None else local_spark()

    def counts(
        self,
        source: DuckDBMetrics,
        asof: date | Mapping[str, date] | Sequence[date],
        *,
        shop_ids: Collection[int] | None = None,
        market: str | None = None,
    ) -> list[ShopCounts]:
        pairs = source._asof_pairs(asof)
        with tempfile.TemporaryDirectory(prefix="pasar-spark-") as directory:
            files = source.export_sources(Path(directory), shop_ids=shop_ids, market=market)
            spark = self.spark
            for name, path in files.items():
                spark.read.parquet(str(path)).createOrReplaceTempView(name)
            markets = [p.row() for p in source.params]
            spark.createDataFrame(markets, _schema(sql.MARKET_COLUMNS)).createOrReplaceTempView("markets")
            days = [(m, day_number(d)) for m, d in pairs]
            spark.createDataFrame(days, "market string, day int").createOrReplaceTempView("as_of_days")
            cached = []
            for name, statement in (
                ("order_facts", sql.order_facts(SPARK)),
                ("complaint_facts", sql.complaint_facts(SPARK)),
                ("wait_facts", sql.wait_facts(SPARK)),
                ("contributions", sql.contributions()),
                ("aggregated", sql.aggregated()),
            ):
                frame = spark.sql(statement).cache()
                frame.createOrReplaceTempView(name)
                cached.append(frame)
            rows = [tuple(row) for row in spark.sql(sql.counts()).collect()]
            shops = [
                (int(r[0]), str(r[1]), str(r[2]))
                for r in spark.sql("SELECT shop_id, ref, market FROM src_shops").collect()
            ]
            for frame in cached:
                frame.unpersist()
            for name in [
                *files,
                "markets",
                "as_of_days",
                "order_facts",
                "complaint_facts",
                "wait_facts",
                "contributions",
                "aggregated",
            ]:
                spark.catalog.dropTempView(name)
        return assemble(rows, shops, pairs)


def _schema(columns: Sequence[str]) -> str:
    return ", ".join(f"{name} {'string' if name in ('market', 'tz') else 'bigint'}" for name in columns)


__all__ = ["SOURCES", "SparkMetrics", "local_spark"]
