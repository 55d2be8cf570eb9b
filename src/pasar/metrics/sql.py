"""The metric SQL of docs/rules.md §7, written once and run by every engine (DuckDB, Spark).

The statements are plain ``SELECT``s in the subset of SQL that DuckDB and Spark SQL both accept;
only two expressions differ between engines, and a ``Dialect`` supplies them: the market-local
calendar day of an instant, and an instant in epoch microseconds. Everything else (windows,
exclusions, denominators) is the same text on every engine, so the engines agree by construction
and the tests check that they agree on real data.

The computation has three steps, each one statement:

1. **Facts** — one row per order (and per complaint, per buyer wait) with the market-local day
   number of each event that matters: paid, shipped (seller-fulfilled only), delivered, cancelled
   as seller-fault, first seller-responsible negative review, first seller-responsible refund or
   return approved. Day numbers are days since 1970-01-01 in the shop's market time zone, so a
   window of whole local dates is an integer range and daylight saving never moves an event.
   Creator-sample and test orders are left out here, once, for every metric.
2. **Contributions** — each fact becomes rows ``(shop_id, part, anchor, start, ref)``: ``part``
   names what is counted (``delivered``, ``negative``, ...), ``anchor`` is the day that decides
   whether it falls in a window (the delivered day for DOR), ``start`` the first as-of day on
   which it counts (the later of delivery and review for DOR's "received, by D, a review"), and
   ``ref`` the order, complaint or wait behind it (the seller's drill-down).
3. **Counts** — for each shop and as-of day D, every numerator and denominator is a sum over
   contributions with ``start <= D`` and ``anchor`` inside the counter's window of D. Counting
   from aggregated contributions ``(shop, part, anchor, start, n)`` gives the same sums, which is
   what the daily rollups store.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Protocol

EXCLUDED_KINDS = ("creator_sample", "test")  # docs/rules.md §7: excluded from every metric


class Part(IntEnum):
    """What one contribution row counts (stored as a small integer: the rollups compare it millions of times)."""

    DELIVERED = 0  # an order delivered on the anchor day
    NEGATIVE = 1  # … that received a seller-responsible negative review (from ``start`` on)
    REFUND = 2  # … that had a seller-responsible refund or return approved (from ``start`` on)
    PAID = 3  # an order paid on the anchor day
    CANCELLED = 4  # … cancelled as seller-fault (from ``start`` on)
    SHIPPED = 5  # a seller-fulfilled order handed to the carrier on the anchor day
    LATE = 6  # … after its dispatch deadline
    COMPLAINT = 7  # a complaint made on the anchor day
    WAIT = 8  # a buyer wait started on the anchor day (not closed by an FAQ answer)
    ANSWERED = 9  # … answered by a human within the rulebook's hours


DELIVERED, NEGATIVE, REFUND = Part.DELIVERED, Part.NEGATIVE, Part.REFUND
PAID, CANCELLED = Part.PAID, Part.CANCELLED
SHIPPED, LATE = Part.SHIPPED, Part.LATE
COMPLAINT, WAIT, ANSWERED = Part.COMPLAINT, Part.WAIT, Part.ANSWERED


@dataclass(frozen=True)
class Counter:
    """One numerator or denominator: which part it sums, over which window of the as-of day.

    The window is the local dates ``D - offset - width + 1 … D - offset``, with ``width`` read
    from the market's parameters (the rulebook) by column name.
    """

    name: str
    part: Part
    width: str
    offset: int = 0


COUNTERS: tuple[Counter, ...] = (
    Counter("dor_num", NEGATIVE, "product_w"),  # R-SC-1
    Counter("dor_den", DELIVERED, "product_w"),
    Counter("sfrr_num", REFUND, "product_w"),  # R-SC-2
    Counter("sfrr_den", DELIVERED, "product_w"),
    Counter("sfcr_num", CANCELLED, "fulfilment_w"),  # R-SC-3
    Counter("sfcr_den", PAID, "fulfilment_w"),
    Counter("ldr_num", LATE, "fulfilment_w"),  # R-SC-4
    Counter("ldr_den", SHIPPED, "fulfilment_w"),
    Counter("complaint_num", COMPLAINT, "complaint_w"),  # R-SC-5
    Counter("complaint_den", PAID, "complaint_w"),
    Counter("reply_24h_num", ANSWERED, "reply_w", offset=1),  # R-SC-6: started on D-30 … D-1
    Counter("reply_24h_den", WAIT, "reply_w", offset=1),
    Counter("nrr_num", NEGATIVE, "nrr_w"),  # R-BR-1
    Counter("nrr_den", DELIVERED, "nrr_w"),
    Counter("delivered_90d", DELIVERED, "delivered_w"),  # R-SC-8
)
COUNTER_NAMES = tuple(counter.name for counter in COUNTERS)

# The relation of market parameters every statement joins (one row per market; see params.py).
MARKET_COLUMNS = (
    "market",
    "tz",
    "product_w",
    "fulfilment_w",
    "complaint_w",
    "reply_w",
    "reply_us",
    "nrr_w",
    "delivered_w",
    "negative_max",
    "span",
)


class Dialect(Protocol):
    """The two expressions that differ between engines."""

    name: str

    def local_day(self, instant: str, m: str) -> str:
        """Days since 1970-01-01 of the local date of ``instant`` in the zone of the market row ``m``."""
        ...

    def epoch_us(self, instant: str) -> str:
        """``instant`` as microseconds since the epoch."""
        ...


class DuckDBDialect:
    """DuckDB: the local day by integer arithmetic on the epoch and the zone's UTC offset.

    ``timezone(m.tz, instant)`` gives the same day, but with the zone varying by row DuckDB's ICU
    takes ≈1.3 s per million instants. The offsets come instead from the ``zone_buckets`` relation
    (``zones.buckets``: per market and 32 days of epoch time, the offset and its changes), looked up
    by a correlated subquery that DuckDB turns into a hash join; outside the covered years (or
    without the relation) ``timezone()`` decides.
    """

    name = "duckdb"

    def __init__(self, buckets: bool = False) -> None:
        self.buckets = buckets

    def local_day(self, instant: str, m: str) -> str:
        from pasar.metrics.zones import BUCKET_US, DAY_US

        icu = f"CAST(CAST(timezone({m}.tz, {instant}) AS DATE) - DATE '1970-01-01' AS INTEGER)"
        if not self.buckets:
            return icu
        e = f"epoch_us({instant})"
        offset = (
            (
                "(SELECT CASE WHEN z.t1 IS NULL OR e < z.t1 THEN z.o0 WHEN z.t2 IS NULL OR e < z.t2 THEN z.o1 "
                f"ELSE z.o2 END FROM zone_buckets z WHERE z.market = {m}.market AND z.bucket = e // {BUCKET_US})"
            )
            .replace(" e ", f" {e} ")
            .replace(" e //", f" {e} //")
        )
        fast = f"CAST(({e} + {offset}) // {DAY_US} AS INTEGER)"
        return f"CASE WHEN {e} >= {DAY_US} THEN COALESCE({fast}, {icu}) ELSE {icu} END"

    def epoch_us(self, instant: str) -> str:
        return f"epoch_us({instant})"


def _markets(zones: dict[str, str]) -> str:
    return ", ".join(f"'{market}'" for market in sorted(zones))


class SparkDialect:
    name = "spark"

    def local_day(self, instant: str, m: str) -> str:
        return f"datediff(to_date(from_utc_timestamp({instant}, {m}.tz)), DATE '1970-01-01')"

    def epoch_us(self, instant: str) -> str:
        return f"unix_micros({instant})"


def _excluded() -> str:
    return ", ".join(f"'{kind}'" for kind in EXCLUDED_KINDS)


def order_facts(d: Dialect, orders: str = "src_orders", reviews: str = "src_reviews", cases: str = "src_cases") -> str:
    """One row per counted order with the local day of each event (step 1)."""
    day = d.local_day
    return f"""
SELECT o.order_id, o.shop_id,
  {day("o.paid_at", "m")} AS paid_day,
  CASE WHEN o.fulfilment_type = 'seller' THEN {day("o.shipped_at", "m")} END AS ship_day,
  CASE WHEN o.fulfilment_type = 'seller' AND o.shipped_at IS NOT NULL AND o.dispatch_deadline_at IS NOT NULL
            AND o.shipped_at > o.dispatch_deadline_at THEN 1 ELSE 0 END AS late,
  {day("o.delivered_at", "m")} AS deliv_day,
  CASE WHEN o.seller_fault = 1 AND o.cancelled_at IS NOT NULL THEN {day("o.cancelled_at", "m")} END AS sfc_day,
  {day("neg.at", "m")} AS neg_day,
  {day("sfr.at", "m")} AS sfr_day
FROM {orders} o
JOIN src_shops s ON s.shop_id = o.shop_id
JOIN markets m ON m.market = s.market
LEFT JOIN (
  SELECT r.order_id, MIN(r.created_at) AS at
  FROM {reviews} r
  JOIN src_shops rs ON rs.shop_id = r.shop_id
  JOIN markets rm ON rm.market = rs.market
  WHERE r.responsibility = 'seller' AND r.rating <= rm.negative_max
  GROUP BY r.order_id
) neg ON neg.order_id = o.order_id
LEFT JOIN (
  SELECT c.order_id, MIN(c.approved_at) AS at
  FROM {cases} c
  WHERE c.responsibility = 'seller' AND c.approved_at IS NOT NULL
  GROUP BY c.order_id
) sfr ON sfr.order_id = o.order_id
WHERE o.kind NOT IN ({_excluded()})
"""


def complaint_facts(d: Dialect, complaints: str = "src_complaints", orders: str = "src_orders") -> str:
    """R-SC-5: arbitration escalations and shop reports, on the local day they were made."""
    return f"""
SELECT c.complaint_id, c.shop_id, {d.local_day("c.created_at", "m")} AS day
FROM {complaints} c
JOIN src_shops s ON s.shop_id = c.shop_id
JOIN markets m ON m.market = s.market
LEFT JOIN {orders} o ON o.order_id = c.order_id
WHERE c.order_id IS NULL OR o.order_id IS NULL OR o.kind NOT IN ({_excluded()})
"""


def wait_facts(d: Dialect, waits: str = "src_waits") -> str:
    """R-SC-6: each buyer wait, the local day it started, and whether a human answered in time."""
    return f"""
SELECT w.wait_id, w.shop_id, {d.local_day("w.started_at", "m")} AS start_day,
  CASE WHEN w.answered_at IS NOT NULL
            AND {d.epoch_us("w.answered_at")} - {d.epoch_us("w.started_at")} <= m.reply_us THEN 1 ELSE 0 END
    AS answered,
  w.excluded
FROM {waits} w
JOIN src_shops s ON s.shop_id = w.shop_id
JOIN markets m ON m.market = s.market
"""


def _later(a: str, b: str) -> str:
    return f"CASE WHEN {a} >= {b} THEN {a} ELSE {b} END"


def contributions(
    order_facts: str = "order_facts", complaint_facts: str = "complaint_facts", wait_facts: str = "wait_facts"
) -> str:
    """Step 2: ``(shop_id, part, anchor, start, ref)`` for every fact."""
    f = order_facts
    return f"""
SELECT shop_id, {DELIVERED.value} AS part, deliv_day AS anchor, deliv_day AS start, order_id AS ref
  FROM {f} WHERE deliv_day IS NOT NULL
UNION ALL SELECT shop_id, {NEGATIVE.value}, deliv_day, {_later("deliv_day", "neg_day")}, order_id
  FROM {f} WHERE deliv_day IS NOT NULL AND neg_day IS NOT NULL
UNION ALL SELECT shop_id, {REFUND.value}, deliv_day, {_later("deliv_day", "sfr_day")}, order_id
  FROM {f} WHERE deliv_day IS NOT NULL AND sfr_day IS NOT NULL
UNION ALL SELECT shop_id, {PAID.value}, paid_day, paid_day, order_id
  FROM {f} WHERE paid_day IS NOT NULL
UNION ALL SELECT shop_id, {CANCELLED.value}, paid_day, {_later("paid_day", "sfc_day")}, order_id
  FROM {f} WHERE paid_day IS NOT NULL AND sfc_day IS NOT NULL
UNION ALL SELECT shop_id, {SHIPPED.value}, ship_day, ship_day, order_id
  FROM {f} WHERE ship_day IS NOT NULL
UNION ALL SELECT shop_id, {LATE.value}, ship_day, ship_day, order_id
  FROM {f} WHERE ship_day IS NOT NULL AND late = 1
UNION ALL SELECT shop_id, {COMPLAINT.value}, day, day, complaint_id
  FROM {complaint_facts}
UNION ALL SELECT shop_id, {WAIT.value}, start_day, start_day, wait_id
  FROM {wait_facts} WHERE excluded = 0
UNION ALL SELECT shop_id, {ANSWERED.value}, start_day, start_day, wait_id
  FROM {wait_facts} WHERE excluded = 0 AND answered = 1
"""


def aggregated(contributions: str = "contributions") -> str:
    """Contributions summed per ``(shop, part, anchor, start)``: the shape of the daily rollups."""
    return f"""
SELECT shop_id, part, anchor, start, COUNT(*) AS n
FROM {contributions}
GROUP BY shop_id, part, anchor, start
"""


def _in_window(counter: Counter, row: str = "c", day: str = "a.day") -> str:
    """``row`` counts in ``counter``'s window of the as-of day ``day`` (before the ``start <= day`` test)."""
    hi = f"{day} - {counter.offset}" if counter.offset else day
    lo = f"{day} - {counter.offset} - m.{counter.width} + 1" if counter.offset else f"{day} - m.{counter.width} + 1"
    return f"{row}.part = {counter.part.value} AND {row}.anchor BETWEEN {lo} AND {hi}"


def window_condition(counter: Counter, day: str, row: str = "c") -> str:
    """Whether a rollup row counts in ``counter`` as of ``day`` (an SQL expression; ``m`` is its market)."""
    return f"{_in_window(counter, row, day)} AND {row}.start <= {day}"


def counts(aggregated: str = "aggregated", asof: str = "as_of_days") -> str:
    """Step 3: every counter per shop and as-of day (``asof`` holds ``(market, day)`` rows).

    Shops with nothing in any window get no row; callers treat a missing row as all zeros.
    """
    sums = ",\n  ".join(
        f"SUM(CASE WHEN {_in_window(counter)} THEN c.n ELSE 0 END) AS {counter.name}" for counter in COUNTERS
    )
    return f"""
SELECT c.shop_id, a.day AS as_of,
  {sums}
FROM {aggregated} c
JOIN src_shops s ON s.shop_id = c.shop_id
JOIN markets m ON m.market = s.market
JOIN {asof} a ON a.market = s.market
WHERE c.start <= a.day AND c.anchor <= a.day AND c.anchor > a.day - m.span
GROUP BY c.shop_id, a.day
"""


def drill_down(contributions: str = "contributions", asof: str = "as_of_days") -> str:
    """The order (complaint, wait) IDs behind every counter: ``(shop_id, as_of, counter, ref)`` (R-SC-9)."""
    branches = "\nUNION ALL\n".join(
        f"SELECT c.shop_id, a.day AS as_of, '{counter.name}' AS counter, c.ref FROM {contributions} c "
        f"JOIN src_shops s ON s.shop_id = c.shop_id JOIN markets m ON m.market = s.market "
        f"JOIN {asof} a ON a.market = s.market WHERE c.start <= a.day AND {_in_window(counter)}"
        for counter in COUNTERS
    )
    return branches
