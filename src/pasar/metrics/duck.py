"""The metrics engine on DuckDB: the metric SQL over the store, and the daily per-shop rollups.

DuckDB reads the store through a ``StoreLink`` (``pasar.metrics.store_link``: SQLite through the
process's own driver as Arrow, never through DuckDB's bundled SQLite; PostgreSQL through
``postgres_scanner``) and runs the statements of ``pasar.metrics.sql`` on it. Two ways to count:

* **From the facts** (``counts``, ``drill_down``, ``series``): any as-of day, any shops, straight
  from the store. This is the definition; every other way must agree with it.
* **From the rollups** (``rebuild``, ``refresh``, ``rolled_counts``): the engine keeps, in its
  own in-memory database, the per-order facts and the per-shop daily rollups
  ``(shop, part, anchor day, start day) → n``. ``refresh`` re-derives only the facts that changed
  since the last refresh (orders with new history rows, changed reviews, cases and waits, new
  complaints, shops whose past was invalidated), applies the difference to the rollups, and
  ``rolled_counts`` sums each shop's windows: a new day costs O(changes + shops), not O(orders).
  Changes are found with watermarks that overlap by one run, so a transaction that committed
  late is still seen; applying a change twice is harmless (old facts out, new facts in).
"""

from __future__ import annotations

import importlib.util
import threading
import time
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
from sqlalchemy import Engine

from pasar.metrics import sql
from pasar.metrics.dataset import BIGINT, INSTANT, INTEGER, SOURCE_BY_NAME, SOURCES, Dataset, Source, as_tuple
from pasar.metrics.params import MarketParams, all_market_params
from pasar.metrics.store_link import link_for
from pasar.metrics.zones import BUCKET_US, span_us, transitions

EPOCH = date(1970, 1, 1)
_ID_MARGIN = 1_000  # after a rebuild, re-read this many ids back (late commits on PostgreSQL)
_TIME_MARGIN = timedelta(hours=1)


def day_number(day: date) -> int:
    return (day - EPOCH).days


def from_day_number(number: int) -> date:
    return EPOCH + timedelta(days=number)


def extensions_directory() -> str:
    """The folder of the ``duckdb-ext-sqlite`` / ``duckdb-ext-postgres`` wheels' extension files."""
    spec = importlib.util.find_spec("duckdb_ext")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the duckdb-ext-sqlite and duckdb-ext-postgres packages are not installed")
    return str(Path(next(iter(spec.submodule_search_locations))) / "extensions")


@dataclass(frozen=True)
class ShopCounts:
    shop_id: int
    shop_ref: str
    market: str
    as_of: date
    counts: dict[str, int]


@dataclass
class Watermarks:
    """How far the rollups have read each change feed of the store."""

    history_id: int = 0  # order_history.id: every order transition writes one
    complaint_id: int = 0
    invalidation_id: int = 0
    reviews_at: datetime | None = None  # reviews.updated_at
    cases_at: datetime | None = None  # after_sales_cases.updated_at
    waits_at: datetime | None = None  # buyer_waits.updated_at

    def minus_margin(self) -> Watermarks:
        def back(at: datetime | None) -> datetime | None:
            return None if at is None else at - _TIME_MARGIN

        return Watermarks(
            max(0, self.history_id - _ID_MARGIN),
            max(0, self.complaint_id - _ID_MARGIN),
            max(0, self.invalidation_id - _ID_MARGIN),
            back(self.reviews_at),
            back(self.cases_at),
            back(self.waits_at),
        )


@dataclass
class RefreshReport:
    rebuilt: bool = False
    orders: int = 0
    waits: int = 0
    complaints: int = 0
    shops_rebuilt: int = 0
    rollup_rows: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


def literal(value: Any) -> str:
    """A SQL literal (rows are inlined: DuckDB's parameter path imports pandas and numpy per call)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("naive datetimes are refused: every instant must be timezone-aware")
        return f"TIMESTAMPTZ '{value.astimezone(UTC).isoformat()}'"
    if isinstance(value, date):
        return f"DATE '{value.isoformat()}'"
    return _quote(str(value))


def values_sql(rows: Sequence[Sequence[Any]]) -> str:
    return ", ".join("(" + ", ".join(literal(v) for v in row) + ")" for row in rows)


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _id_list(ids: Collection[int]) -> str:
    return ", ".join(str(int(i)) for i in sorted(ids)) or "NULL"


def source_select(source: Source, relation: str) -> str:
    """Normalise a store relation to the source's column names and types."""
    columns = ", ".join(f"CAST({column} AS {kind}) AS {name}" for column, name, kind in source.columns)
    return f"SELECT {columns} FROM {relation}"


def _store_columns(source: Source) -> str:
    return ", ".join(column for column, _, _ in source.columns)


def _store_types(source: Source) -> list[tuple[str, str]]:
    return [(column, kind) for column, _, kind in source.columns]


class DuckDBMetrics:
    """The metric SQL on DuckDB, over a store URL or an in-memory ``Dataset`` (tests)."""

    def __init__(
        self,
        store: Engine | str | None = None,
        *,
        dataset: Dataset | None = None,
        params: Sequence[MarketParams] | None = None,
    ) -> None:
        if (store is None) == (dataset is None):
            raise ValueError("give a store (engine or URL) or a dataset")
        self.db = duckdb.connect(":memory:", config={"extension_directory": extensions_directory()})
        self.db.execute("SET GLOBAL TimeZone = 'UTC'")
        self.link = link_for(store) if store is not None else None
        if self.link is not None:
            self.link.open(self.db)
        self.params = list(params) if params is not None else all_market_params()  # one per market
        self.max_span = max(p.span for p in self.params)
        self.dialect = sql.DuckDBDialect(buckets=True)
        columns = ", ".join(
            f"{name} {'VARCHAR' if name in ('market', 'tz') else 'BIGINT'}" for name in sql.MARKET_COLUMNS
        )
        self.db.execute(f"CREATE TABLE markets ({columns})")
        self.db.execute(f"INSERT INTO markets VALUES {values_sql([p.row() for p in self.params])}")
        self._zone_buckets()
        if dataset is not None:
            self._load(dataset)
        self._lock = threading.RLock()
        self._state = False
        self._marks = Watermarks()
        self._marks_before = Watermarks()
        self.pruned_before: date | None = None  # rolled counts are exact for this day and later
        self._pruned_floor: int | None = None
        self._totals: dict[str, tuple[int, int]] = {}  # market → (day the totals are for, pending rows consumed)
        self._seq = 0  # the last batch of rollup changes not yet folded into every market's totals
        self._dirty: set[int] = set()  # shops rebuilt since their totals were computed

    def _zone_buckets(self) -> None:
        """``zone_buckets`` (see ``sql.DuckDBDialect``), built here from each market's offset transitions."""
        rows = []
        for p in self.params:
            starts, offsets = transitions(p.tz)
            rows += [(p.market, start, offset) for start, offset in zip(starts, offsets, strict=True)]
        self.db.execute("CREATE TABLE zone_transitions (market VARCHAR, start_us BIGINT, offset_us BIGINT)")
        self.db.execute(f"INSERT INTO zone_transitions VALUES {values_sql(rows)}")
        first, last = span_us()
        b = BUCKET_US
        self.db.execute(
            f"""CREATE TABLE zone_buckets AS
            WITH bs AS (
              SELECT m.market, r.bucket FROM (SELECT DISTINCT market FROM zone_transitions) m,
                range({first // b}, {-(-last // b)}) r(bucket)
            ), firsts AS (
              SELECT bs.market, bs.bucket, t.offset_us AS o0 FROM bs
              ASOF JOIN zone_transitions t ON t.market = bs.market AND t.start_us <= bs.bucket * {b}
            ), changes AS (
              SELECT market, start_us // {b} AS bucket, list(start_us ORDER BY start_us) AS ts,
                list(offset_us ORDER BY start_us) AS os
              FROM zone_transitions WHERE start_us % {b} <> 0 GROUP BY market, start_us // {b}
            )
            SELECT f.market, f.bucket, f.o0, c.ts[1] AS t1, c.os[1] AS o1, c.ts[2] AS t2, c.os[2] AS o2
            FROM firsts f LEFT JOIN changes c ON c.market = f.market AND c.bucket = f.bucket"""
        )
        row = self.db.execute(
            "SELECT COALESCE(MAX(len(ts)), 0) FROM (SELECT list(start_us) AS ts FROM "
            f"zone_transitions WHERE start_us % {b} <> 0 GROUP BY market, start_us // {b})"
        ).fetchone()
        if row is not None and int(row[0]) > 2:
            raise ValueError("a market's zone changes its offset more than twice within 32 days")

    def close(self) -> None:
        self.db.close()
        if self.link is not None:
            self.link.close()

    # --- sources ---------------------------------------------------------------------------------------
    def _load(self, dataset: Dataset) -> None:
        for source in SOURCES:
            columns = ", ".join(f"{name} {kind}" for _, name, kind in source.columns)
            self.db.execute(f"CREATE TABLE ds_{source.name} ({columns})")
            rows = [as_tuple(row) for row in dataset.rows_of(source.name)]
            if rows:
                self.db.execute(f"INSERT INTO ds_{source.name} VALUES {values_sql(rows)}")

    def _relation(self, cur: duckdb.DuckDBPyConnection, source: Source, where: str | None) -> str:
        """The SELECT defining a source relation, optionally restricted (``where`` in store columns)."""
        if self.link is None:
            names = {column: name for column, name, _ in source.columns}
            clause = f" WHERE {_rename(where, names)}" if where else ""
            return f"SELECT * FROM ds_{source.name}{clause}"
        if where is None:
            return source_select(source, self.link.table(cur, source.table.name, _store_types(source)))
        return self._store_rows(cur, source, where)

    def _store_rows(self, cur: duckdb.DuckDBPyConnection, source: Source, where: str) -> str:
        """A source relation of the store rows matching ``where`` (in store columns; the store filters)."""
        assert self.link is not None
        statement = f"SELECT {_store_columns(source)} FROM {source.table.name} WHERE {where}"
        return source_select(source, self.link.query(cur, statement, [kind for _, kind in _store_types(source)]))

    def _define_sources(
        self,
        cur: duckdb.DuckDBPyConnection,
        *,
        shop_ids: Collection[int] | None = None,
        market: str | None = None,
        materialise: bool = False,
    ) -> None:
        for source in SOURCES:
            where = None
            if shop_ids is not None:
                where = f"{source.shop_column} IN ({_id_list(shop_ids)})"
            elif market is not None and source.name == "src_shops":
                where = f"market = {_quote(market)}"
            # rows handed over by the store's driver are copied once (cast to their types) rather than re-read
            copied = materialise or where is not None or (self.link is not None and self.link.copies_rows)
            kind = "TABLE" if copied else "VIEW"
            cur.execute(f"CREATE OR REPLACE TEMP {kind} {source.name} AS {self._relation(cur, source, where)}")

    @contextmanager
    def _session(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A DuckDB cursor; everything it reads from the store comes from one snapshot."""
        cur = self.db.cursor()
        try:
            if self.link is None:
                yield cur
            else:
                with self.link.reading():
                    yield cur
        finally:
            cur.close()

    @staticmethod
    def _asof(cur: duckdb.DuckDBPyConnection, pairs: Sequence[tuple[str, date]]) -> None:
        cur.execute("CREATE OR REPLACE TEMP TABLE as_of_days (market VARCHAR, day INTEGER)")
        if pairs:
            cur.execute(f"INSERT INTO as_of_days VALUES {values_sql([(m, day_number(d)) for m, d in pairs])}")

    def _asof_pairs(self, asof: date | Mapping[str, date] | Sequence[date]) -> list[tuple[str, date]]:
        markets = [p.market for p in self.params]
        if isinstance(asof, date):
            return [(market, asof) for market in markets]
        if isinstance(asof, Mapping):
            return list(asof.items())
        return [(market, day) for market in markets for day in asof]

    def _facts(self, cur: duckdb.DuckDBPyConnection, prefix: str = "") -> None:
        cur.execute(f"CREATE OR REPLACE TEMP TABLE {prefix}order_facts AS {sql.order_facts(self.dialect)}")
        cur.execute(f"CREATE OR REPLACE TEMP TABLE {prefix}complaint_facts AS {sql.complaint_facts(self.dialect)}")
        cur.execute(f"CREATE OR REPLACE TEMP TABLE {prefix}wait_facts AS {sql.wait_facts(self.dialect)}")
        cur.execute(
            f"CREATE OR REPLACE TEMP TABLE {prefix}contributions AS "
            + sql.contributions(f"{prefix}order_facts", f"{prefix}complaint_facts", f"{prefix}wait_facts")
        )

    def _shops(self, cur: duckdb.DuckDBPyConnection) -> list[tuple[int, str, str]]:
        return [
            (int(a), str(b), str(c)) for a, b, c in cur.execute("SELECT shop_id, ref, market FROM src_shops").fetchall()
        ]

    def _collect(
        self, cur: duckdb.DuckDBPyConnection, pairs: Sequence[tuple[str, date]], aggregated: str
    ) -> list[ShopCounts]:
        rows = cur.execute(sql.counts(aggregated)).fetchall()
        return assemble(rows, self._shops(cur), pairs)

    # --- counting from the facts -----------------------------------------------------------------------
    def counts(
        self,
        asof: date | Mapping[str, date] | Sequence[date],
        *,
        shop_ids: Collection[int] | None = None,
        market: str | None = None,
    ) -> list[ShopCounts]:
        """Every counter of every shop (or of ``shop_ids`` / ``market``) as of each day asked."""
        pairs = self._asof_pairs(asof)
        with self._session() as cur:
            self._define_sources(cur, shop_ids=shop_ids, market=market)
            self._asof(cur, pairs)
            self._facts(cur)
            cur.execute(f"CREATE OR REPLACE TEMP TABLE aggregated AS {sql.aggregated('contributions')}")
            return self._collect(cur, pairs, "aggregated")

    def drill_down(self, shop_id: int, as_of: date) -> dict[str, list[int]]:
        """The IDs behind every counter of one shop (orders; complaints; buyer waits) (R-SC-9)."""
        ids: dict[str, list[int]] = {name: [] for name in sql.COUNTER_NAMES}
        with self._session() as cur:
            self._define_sources(cur, shop_ids=[shop_id])
            self._asof(cur, self._asof_pairs(as_of))
            self._facts(cur)
            rows = cur.execute(
                f"SELECT counter, ref FROM ({sql.drill_down('contributions')}) d "
                f"WHERE shop_id = ? AND as_of = ? ORDER BY counter, ref",
                [shop_id, day_number(as_of)],
            ).fetchall()
        for counter, ref in rows:
            ids[str(counter)].append(int(ref))
        return ids

    def export_sources(
        self, directory: Path, *, shop_ids: Collection[int] | None = None, market: str | None = None
    ) -> dict[str, Path]:
        """Write the source relations (raw rows, UTC instants) as Parquet files, for another engine."""
        files: dict[str, Path] = {}
        with self._session() as cur:
            self._define_sources(cur, shop_ids=shop_ids, market=market)
            if market is not None and shop_ids is None:  # keep the other relations to the market's shops
                for source in SOURCES:
                    if source.name != "src_shops":
                        cur.execute(
                            f"CREATE OR REPLACE TEMP VIEW m_{source.name} AS SELECT * FROM {source.name} "
                            "WHERE shop_id IN (SELECT shop_id FROM src_shops)"
                        )
            for source in SOURCES:
                path = directory / f"{source.name}.parquet"
                relation = (
                    source.name
                    if market is None or shop_ids is not None or source.name == "src_shops"
                    else (f"m_{source.name}")
                )
                cur.execute(f"COPY (SELECT * FROM {relation}) TO {_quote(str(path))} (FORMAT parquet)")
                files[source.name] = path
        return files

    # --- the daily rollups -------------------------------------------------------------------------------
    @property
    def has_rollups(self) -> bool:
        return self._state

    def _read_marks(self, cur: duckdb.DuckDBPyConnection) -> Watermarks:
        assert self.link is not None
        statement = (
            "SELECT (SELECT COALESCE(MAX(id), 0) FROM order_history) AS h,"
            " (SELECT COALESCE(MAX(id), 0) FROM complaints) AS c,"
            " (SELECT COALESCE(MAX(id), 0) FROM shop_score_invalidations) AS i,"
            " (SELECT MAX(updated_at) FROM reviews) AS r,"
            " (SELECT MAX(updated_at) FROM after_sales_cases) AS k,"
            " (SELECT MAX(updated_at) FROM buyer_waits) AS w"
        )
        row = cur.execute(
            f"SELECT CAST(h AS BIGINT), CAST(c AS BIGINT), CAST(i AS BIGINT), epoch_us(CAST(r AS {INSTANT})),"
            f" epoch_us(CAST(k AS {INSTANT})), epoch_us(CAST(w AS {INSTANT})) FROM {self.link.query(cur, statement)}"
        ).fetchone()
        assert row is not None
        return Watermarks(int(row[0]), int(row[1]), int(row[2]), _aware(row[3]), _aware(row[4]), _aware(row[5]))

    def rebuild(self, keep_from: date | None = None) -> RefreshReport:
        """Derive every fact and rollup from the store (the first run, or after a restart)."""
        if self.link is None:
            raise ValueError("rollups need a store")
        with self._lock, self._session() as cur:
            marks = self._read_marks(cur)
            self._define_sources(cur)
            self._facts(cur, prefix="new_")
            for name in ("order_facts", "complaint_facts", "wait_facts"):
                self.db.execute(f"DROP TABLE IF EXISTS st_{name}")
                cur.execute(f"CREATE TABLE main.st_{name} AS SELECT * FROM new_{name}")
            self.db.execute("DROP TABLE IF EXISTS st_rollup")
            cur.execute(
                "CREATE TABLE main.st_rollup (shop_id BIGINT, part INTEGER, anchor INTEGER, start INTEGER, n BIGINT)"
            )
            cur.execute(f"INSERT INTO main.st_rollup {sql.aggregated('new_contributions')}")
            self._reset_totals()
            self._state = True
            self._marks_before = marks.minus_margin()
            self._marks = marks
            report = RefreshReport(rebuilt=True, orders=_count(cur, "new_order_facts"))
        if keep_from is not None:
            self.prune(keep_from)
        report.rollup_rows = _count(self.db, "st_rollup")
        return report

    def refresh(self, keep_from: date | None = None) -> RefreshReport:
        """Apply every change since the run before last to the facts and rollups (see module doc)."""
        if not self._state:
            return self.rebuild(keep_from)
        assert self.link is not None
        link = self.link
        with self._lock, self._session() as cur:
            marks = self._read_marks(cur)
            if marks.history_id < self._marks.history_id or marks.complaint_id < self._marks.complaint_id:
                self._state = False  # the store went back in time (restored, truncated): start again
                return self.rebuild(keep_from)
            since = self._marks_before
            report = RefreshReport()
            clock = _Stopwatch(report.seconds)
            changed = self._changed_orders_statement(since)
            self._define_changed(cur, changed)
            cur.execute(f"CREATE TEMP TABLE src_shops AS {self._relation(cur, SOURCE_BY_NAME['src_shops'], None)}")
            new_facts = sql.order_facts(self.dialect, "chg_orders", "chg_reviews", "chg_cases")
            cur.execute(f"CREATE TEMP TABLE new_facts AS {new_facts}")
            cur.execute(
                "CREATE TEMP TABLE old_facts AS SELECT f.* FROM main.st_order_facts f "
                "WHERE f.order_id IN (SELECT order_id FROM chg_orders)"
            )
            report.orders = _count(cur, "chg_orders")
            clock.lap("orders read")
            self._apply(cur, "order_facts", "order_id", "new_facts", "old_facts", "chg_orders")
            clock.lap("orders applied")
            # buyer waits that changed
            waits = SOURCE_BY_NAME["src_waits"]
            wait_where = "updated_at > " + link.instant(since.waits_at) if since.waits_at else "1 = 1"
            cur.execute(f"CREATE TEMP TABLE chg_waits AS {self._store_rows(cur, waits, wait_where)}")
            cur.execute(f"CREATE TEMP TABLE new_waits AS {sql.wait_facts(self.dialect, 'chg_waits')}")
            cur.execute(
                "CREATE TEMP TABLE old_waits AS SELECT f.* FROM main.st_wait_facts f "
                "WHERE f.wait_id IN (SELECT wait_id FROM chg_waits)"
            )
            report.waits = _count(cur, "chg_waits")
            self._apply(cur, "wait_facts", "wait_id", "new_waits", "old_waits", "chg_waits")
            clock.lap("waits")
            # complaints are never changed, only added
            complaints = SOURCE_BY_NAME["src_complaints"]
            new_complaints = f"id > {since.complaint_id}"
            cur.execute(f"CREATE TEMP TABLE chg_complaints AS {self._store_rows(cur, complaints, new_complaints)}")
            orders_of_complaints = f"id IN (SELECT order_id FROM complaints WHERE {new_complaints})"
            cur.execute(
                "CREATE TEMP TABLE complaint_orders AS "
                + self._store_rows(cur, SOURCE_BY_NAME["src_orders"], orders_of_complaints)
            )
            cur.execute(
                "CREATE TEMP TABLE new_complaints AS SELECT * FROM ("
                + sql.complaint_facts(self.dialect, "chg_complaints", "complaint_orders")
                + ") n WHERE n.complaint_id NOT IN (SELECT complaint_id FROM main.st_complaint_facts)"
            )
            cur.execute("CREATE TEMP TABLE no_complaints AS SELECT * FROM new_complaints WHERE false")
            report.complaints = _count(cur, "new_complaints")
            self._apply(cur, "complaint_facts", "complaint_id", "new_complaints", "no_complaints", "new_complaints")
            clock.lap("complaints")
            # shops whose past changed out of band (an appeal, an import): rebuilt from the store
            statement = f"SELECT DISTINCT shop_id FROM shop_score_invalidations WHERE id > {since.invalidation_id}"
            shops = [int(r[0]) for r in cur.execute(f"SELECT * FROM {link.query(cur, statement)}").fetchall()]
            report.shops_rebuilt = len(shops)
            if shops:
                self._rebuild_shops(cur, shops)
            clock.lap("invalidated shops")
            self._marks_before, self._marks = self._marks, marks
        if keep_from is not None:
            self.prune(keep_from)
            clock.lap("prune")
        report.rollup_rows = _count(self.db, "st_rollup")
        return report

    def _changed_orders_statement(self, since: Watermarks) -> str:
        assert self.link is not None
        parts = [f"SELECT order_id FROM order_history WHERE id > {since.history_id}"]
        parts.append(
            "SELECT order_id FROM reviews"
            + (f" WHERE updated_at > {self.link.instant(since.reviews_at)}" if since.reviews_at else "")
        )
        parts.append(
            "SELECT order_id FROM after_sales_cases"
            + (f" WHERE updated_at > {self.link.instant(since.cases_at)}" if since.cases_at else "")
        )
        return " UNION ".join(parts)

    def _define_changed(self, cur: duckdb.DuckDBPyConnection, changed: str) -> None:
        """The changed orders, their reviews and cases, fetched by id (the store's indexes find them)."""
        assert self.link is not None
        ids = [int(row[0]) for row in cur.execute(f"SELECT * FROM {self.link.query(cur, changed)}").fetchall()]
        changed = _id_list(ids)
        for name, source, key in (
            ("chg_orders", "src_orders", "id"),
            ("chg_reviews", "src_reviews", "order_id"),
            ("chg_cases", "src_cases", "order_id"),
        ):
            relation = self._store_rows(cur, SOURCE_BY_NAME[source], f"{key} IN ({changed})")
            cur.execute(f"CREATE TEMP TABLE {name} AS {relation}")

    def _apply(self, cur: duckdb.DuckDBPyConnection, facts: str, key: str, new: str, old: str, changed: str) -> None:
        """Rollups += contributions(new) − contributions(old); the stored facts become ``new``."""
        empty = {
            "order_facts": "SELECT * FROM main.st_order_facts WHERE false",
            "complaint_facts": "SELECT * FROM main.st_complaint_facts WHERE false",
            "wait_facts": "SELECT * FROM main.st_wait_facts WHERE false",
        }
        cur.execute("CREATE OR REPLACE TEMP VIEW e_order_facts AS " + empty["order_facts"])
        cur.execute("CREATE OR REPLACE TEMP VIEW e_complaint_facts AS " + empty["complaint_facts"])
        cur.execute("CREATE OR REPLACE TEMP VIEW e_wait_facts AS " + empty["wait_facts"])

        def contributions_of(relation: str) -> str:
            names = {name: f"e_{name}" for name in empty}
            names[facts] = relation
            return sql.contributions(names["order_facts"], names["complaint_facts"], names["wait_facts"])

        cur.execute(
            "CREATE OR REPLACE TEMP TABLE delta AS "
            "SELECT shop_id, part, anchor, start, SUM(sign) AS n FROM ("
            f"SELECT shop_id, part, anchor, start, 1 AS sign FROM ({contributions_of(new)}) a UNION ALL "
            f"SELECT shop_id, part, anchor, start, -1 AS sign FROM ({contributions_of(old)}) b"
            ") GROUP BY shop_id, part, anchor, start HAVING SUM(sign) <> 0"
        )
        same = "r.shop_id = d.shop_id AND r.part = d.part AND r.anchor = d.anchor AND r.start = d.start"
        cur.execute(f"UPDATE main.st_rollup r SET n = r.n + d.n FROM delta d WHERE {same}")
        cur.execute(
            "INSERT INTO main.st_rollup SELECT d.shop_id, d.part, d.anchor, d.start, d.n FROM delta d "
            f"WHERE NOT EXISTS (SELECT 1 FROM main.st_rollup r WHERE {same})"
        )
        cur.execute("DELETE FROM main.st_rollup WHERE n = 0")
        self._seq += 1
        cur.execute(f"INSERT INTO main.st_pending SELECT {self._seq}, shop_id, part, anchor, start, n FROM delta")
        cur.execute(f"DELETE FROM main.st_{facts} WHERE {key} IN (SELECT {key} FROM {changed})")
        cur.execute(f"INSERT INTO main.st_{facts} SELECT * FROM {new}")

    def _rebuild_shops(self, cur: duckdb.DuckDBPyConnection, shops: Sequence[int]) -> None:
        listed = _id_list(shops)
        self._dirty |= set(shops)
        with self._session() as inner:
            self._define_sources(inner, shop_ids=shops)
            self._facts(inner, prefix="shop_")
            for name in ("order_facts", "complaint_facts", "wait_facts"):
                inner.execute(f"DELETE FROM main.st_{name} WHERE shop_id IN ({listed})")
                inner.execute(f"INSERT INTO main.st_{name} SELECT * FROM shop_{name}")
            inner.execute(f"DELETE FROM main.st_rollup WHERE shop_id IN ({listed})")
            inner.execute(f"INSERT INTO main.st_rollup {sql.aggregated('shop_contributions')}")

    def prune(self, keep_from: date) -> None:
        """Forget rollups and facts that can no longer fall in any window of ``keep_from`` or later."""
        floor = day_number(keep_from) - self.max_span - 2
        if self._pruned_floor is not None and floor - self._pruned_floor < 7:
            return  # rows out of every window are never counted: forgetting them weekly is enough
        with self._lock:
            self._pruned_floor = floor
            self.pruned_before = max(keep_from, self.pruned_before or keep_from)
            self.db.execute(f"DELETE FROM st_rollup WHERE anchor < {floor}")
            self.db.execute(
                "DELETE FROM st_order_facts WHERE "
                f"COALESCE(GREATEST(paid_day, ship_day, deliv_day, sfc_day, neg_day, sfr_day), {floor - 1}) < {floor}"
            )
            self.db.execute(f"DELETE FROM st_complaint_facts WHERE day < {floor}")
            self.db.execute(f"DELETE FROM st_wait_facts WHERE start_day < {floor}")

    def rolled_counts(self, asof: date | Mapping[str, date], *, market: str | None = None) -> list[ShopCounts]:
        """Every shop's counters from the rollups (call ``refresh`` first), one day per market.

        Each market keeps per-shop totals for the last day asked; moving them to a later day only
        reads the rollup rows that enter or leave a window, plus the changes applied since (the
        pending rows), so a new day costs O(shops + changes). An earlier day is summed afresh.
        """
        if not self._state:
            raise RuntimeError("no rollups yet: call rebuild() or refresh() first")
        pairs = self._asof_pairs(asof)
        if market is not None:
            pairs = [(m, d) for m, d in pairs if m == market]
        with self._lock, self._session() as cur:
            shops_source = SOURCE_BY_NAME["src_shops"]
            where = f"market = {_quote(market)}" if market is not None else None
            cur.execute(f"CREATE OR REPLACE TEMP TABLE src_shops AS {self._relation(cur, shops_source, where)}")
            shops = self._shops(cur)
            self._advance(cur, {code: day_number(day) for code, day in pairs})
            names = ", ".join(sql.COUNTER_NAMES)
            wanted = ", ".join(_quote(code) for code, _ in pairs) or "NULL"
            rows = cur.execute(
                f"SELECT shop_id, day, {names} FROM main.st_totals WHERE market IN ({wanted})"
            ).fetchall()
        return assemble(rows, shops, pairs)

    def _reset_totals(self) -> None:
        columns = ", ".join(f"{name} BIGINT" for name in sql.COUNTER_NAMES)
        self.db.execute("DROP TABLE IF EXISTS st_totals")
        self.db.execute(f"CREATE TABLE st_totals (shop_id BIGINT, market VARCHAR, day INTEGER, {columns})")
        self.db.execute("DROP TABLE IF EXISTS st_pending")
        self.db.execute(
            "CREATE TABLE st_pending (seq BIGINT, shop_id BIGINT, part INTEGER, anchor INTEGER, start INTEGER,"
            " n BIGINT)"
        )
        self._totals.clear()
        self._dirty.clear()

    def _full_totals(self, cur: duckdb.DuckDBPyConnection, days: Mapping[str, int], shops: str | None = None) -> None:
        """Sum the windows afresh: every shop of the markets in ``days`` (or only ``shops``, an SQL id list)."""
        if not days:
            return
        values = ", ".join(f"({_quote(market)}, {day})" for market, day in days.items())
        cur.execute(f"CREATE OR REPLACE TEMP TABLE as_of_days AS SELECT * FROM (VALUES {values}) t(market, day)")
        chosen = f"s.shop_id IN ({shops})" if shops else "s.market IN (SELECT market FROM as_of_days)"
        cur.execute(f"DELETE FROM main.st_totals WHERE shop_id IN (SELECT s.shop_id FROM src_shops s WHERE {chosen})")
        counted = sql.counts("main.st_rollup")
        cur.execute(
            "INSERT INTO main.st_totals SELECT s.shop_id, s.market, a.day, "
            + ", ".join(f"COALESCE(k.{name}, 0)" for name in sql.COUNTER_NAMES)
            + " FROM src_shops s JOIN as_of_days a ON a.market = s.market"
            + f" LEFT JOIN ({counted}) k ON k.shop_id = s.shop_id WHERE {chosen}"
        )

    def _advance(self, cur: duckdb.DuckDBPyConnection, days: Mapping[str, int]) -> None:
        """Bring each market's totals to its day in ``days``."""
        fresh = {m: d for m, d in days.items() if m not in self._totals or self._totals[m][0] > d}
        moving = {m: d for m, d in days.items() if m not in fresh}
        self._full_totals(cur, fresh)
        if moving:
            values = ", ".join(
                f"({_quote(m)}, {d}, {self._totals[m][0]}, {self._totals[m][1]})" for m, d in moving.items()
            )
            cur.execute(
                f"CREATE OR REPLACE TEMP TABLE steps AS SELECT * FROM (VALUES {values}) t(market, day, last, consumed)"
            )
            windows = sorted({(counter.width, counter.offset) for counter in sql.COUNTERS})
            anchors = " OR ".join(
                f"c.anchor BETWEEN t.last - {off} + 1 AND t.day - {off} OR "
                f"c.anchor BETWEEN t.last - {off} - m.{width} + 1 AND t.day - {off} - m.{width}"
                for width, off in windows
            )
            moved = ", ".join(
                f"SUM(CASE WHEN {sql.window_condition(k, 't.day')} THEN c.n ELSE 0 END) - "
                f"SUM(CASE WHEN {sql.window_condition(k, 't.last')} THEN c.n ELSE 0 END) AS {k.name}"
                for k in sql.COUNTERS
            )
            pending = ", ".join(
                f"SUM(CASE WHEN {sql.window_condition(k, 't.last')} THEN c.n ELSE 0 END) AS {k.name}"
                for k in sql.COUNTERS
            )
            joins = (
                "JOIN src_shops s ON s.shop_id = c.shop_id JOIN markets m ON m.market = s.market "
                "JOIN steps t ON t.market = s.market"
            )
            dirty = f"AND c.shop_id NOT IN ({_id_list(self._dirty)})" if self._dirty else ""
            zeros = ", ".join("0" for _ in sql.COUNTERS)
            cur.execute(  # shops opened since the totals were made start from nothing
                f"INSERT INTO main.st_totals SELECT s.shop_id, s.market, t.last, {zeros} FROM src_shops s "
                "JOIN steps t ON t.market = s.market WHERE s.shop_id NOT IN (SELECT shop_id FROM main.st_totals)"
            )
            sums = ", ".join(f"SUM({k.name}) AS {k.name}" for k in sql.COUNTERS)
            assign = ", ".join(f"{k.name} = o.{k.name} + d.{k.name}" for k in sql.COUNTERS)
            # the rows that can enter or leave a window, found first by constants (a cheap scan)
            ranges = []
            for market, day in moving.items():
                last, book = self._totals[market][0], next(p for p in self.params if p.market == market)
                for width, off in windows:
                    w = int(getattr(book, width))
                    ranges += [(last - off + 1, day - off), (last - off - w + 1, day - off - w)]
            candidates = " OR ".join(f"anchor BETWEEN {lo} AND {hi}" for lo, hi in _merge(ranges)) or "false"
            oldest = min(self._totals[m][0] for m in moving)
            cur.execute(
                f"CREATE OR REPLACE TEMP TABLE moved AS SELECT c.shop_id, {moved} FROM "
                f"(SELECT * FROM main.st_rollup WHERE {candidates} OR start > {oldest}) c {joins} "
                f"WHERE ({anchors} OR c.start > t.last) GROUP BY c.shop_id"
            )
            cur.execute(
                f"INSERT INTO moved SELECT c.shop_id, {pending} FROM main.st_pending c {joins} "
                f"WHERE c.seq > t.consumed {dirty} GROUP BY c.shop_id"
            )
            cur.execute(
                f"CREATE OR REPLACE TEMP TABLE moved_by_shop AS SELECT shop_id, {sums} FROM moved GROUP BY shop_id"
            )
            cur.execute(f"UPDATE main.st_totals o SET {assign} FROM moved_by_shop d WHERE o.shop_id = d.shop_id")
            cur.execute("UPDATE main.st_totals o SET day = t.day FROM steps t WHERE o.market = t.market")
            rebuilt = (
                [
                    int(row[0])
                    for row in cur.execute(
                        f"SELECT s.shop_id FROM src_shops s JOIN steps t ON t.market = s.market "
                        f"WHERE s.shop_id IN ({_id_list(self._dirty)})"
                    ).fetchall()
                ]
                if self._dirty
                else []
            )
            if rebuilt:  # shops rebuilt from the store since their totals were made: summed afresh
                self._full_totals(cur, moving, _id_list(rebuilt))
        done = list(days)
        markets = ", ".join(_quote(m) for m in done)
        of_markets = f"SELECT shop_id FROM src_shops WHERE market IN ({markets})"
        if self._dirty:
            self._dirty -= {int(row[0]) for row in cur.execute(of_markets).fetchall()}
        cur.execute(f"DELETE FROM main.st_pending WHERE seq <= {self._seq} AND shop_id IN ({of_markets})")
        for market, day in days.items():
            self._totals[market] = (day, self._seq)


def assemble(
    rows: Sequence[Sequence[Any]], shops: Sequence[tuple[int, str, str]], pairs: Sequence[tuple[str, date]]
) -> list[ShopCounts]:
    """Counts rows ``(shop_id, day, *counters)`` → one ``ShopCounts`` per shop and day (zeros when absent)."""
    found: dict[tuple[int, int], dict[str, int]] = {}
    for row in rows:
        found[(int(row[0]), int(row[1]))] = {
            name: int(value) for name, value in zip(sql.COUNTER_NAMES, row[2:], strict=True)
        }
    zero = dict.fromkeys(sql.COUNTER_NAMES, 0)
    days_of: dict[str, list[date]] = {}
    for market, day in pairs:
        days_of.setdefault(market, []).append(day)
    out = []
    for shop_id, ref, market in shops:
        for day in days_of.get(market, []):
            counts = found.get((shop_id, day_number(day)), zero)
            out.append(ShopCounts(shop_id, ref, market, day, dict(counts)))
    out.sort(key=lambda c: (c.shop_id, c.as_of))
    return out


def _merge(ranges: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Inclusive integer ranges, empty ones dropped, overlapping or touching ones joined."""
    merged: list[tuple[int, int]] = []
    for lo, hi in sorted(r for r in ranges if r[0] <= r[1]):
        if merged and lo <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


def _rename(where: str, names: Mapping[str, str]) -> str:
    """Store column names in a simple ``col IN (...)`` / ``col = 'x'`` filter → relation column names."""
    column, rest = where.split(" ", 1)
    return f"{names.get(column, column)} {rest}"


class _Stopwatch:
    def __init__(self, laps: dict[str, float]) -> None:
        self.laps = laps
        self.at = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = round(now - self.at, 4)
        self.at = now


def _count(cur: duckdb.DuckDBPyConnection, table: str) -> int:
    row = cur.execute(f"SELECT COUNT(*) FROM {table}").fetchone()
    return int(row[0]) if row else 0


def _aware(epoch_us: Any) -> datetime | None:
    """An instant fetched as epoch microseconds (fetching TIMESTAMPTZ values would need pytz)."""
    if epoch_us is None:
        return None
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=int(epoch_us))


__all__ = ["BIGINT", "INTEGER", "DuckDBMetrics", "MarketParams", "RefreshReport", "ShopCounts"]
