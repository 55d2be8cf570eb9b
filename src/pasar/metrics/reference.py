"""A small, slow, obviously-correct implementation of docs/rules.md §7, for checking the engines.

It reads the rules as written, one shop and one metric at a time, with Python's ``zoneinfo``
for local dates and exact fractions for the scores. It shares no code with the SQL engines
except the row types, so the property tests that compare them check the SQL against the text
of the rules, not against itself.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from fractions import Fraction
from zoneinfo import ZoneInfo

from pasar.metrics.dataset import Dataset, OrderRow
from pasar.rules import all_rulebooks, rulebook_in
from pasar.rules.model import Rulebook

EXCLUDED_KINDS = frozenset({"creator_sample", "test"})  # docs/rules.md §7


def _local(instant: datetime, zone: ZoneInfo) -> date:
    return instant.astimezone(zone).date()


def _within(day: date | None, as_of: date, days: int, *, before: int = 0) -> bool:
    """``day`` is one of the ``days`` local dates ending ``before`` days before ``as_of``."""
    if day is None:
        return False
    last = as_of - timedelta(days=before)
    return last - timedelta(days=days) < day <= last


def reference_counts(
    dataset: Dataset, as_of: date, rulebooks: Mapping[str, Rulebook] | None = None
) -> dict[int, dict[str, int]]:
    """Every numerator and denominator of every shop in ``dataset`` as of the local date ``as_of``,
    under ``rulebooks`` (the shipped ones unless given, like the engines)."""
    books = all_rulebooks() if rulebooks is None else rulebooks
    orders_of: dict[int, list[OrderRow]] = defaultdict(list)
    kind_of: dict[int, str] = {}
    for order in dataset.orders:
        kind_of[order.order_id] = order.kind
        if order.kind not in EXCLUDED_KINDS:
            orders_of[order.shop_id].append(order)
    reviews_of = defaultdict(list)
    for review in dataset.reviews:
        reviews_of[review.order_id].append(review)
    cases_of = defaultdict(list)
    for case in dataset.cases:
        cases_of[case.order_id].append(case)
    result: dict[int, dict[str, int]] = {}
    for shop in dataset.shops:
        rules = rulebook_in(books, shop.market)
        zone = ZoneInfo(rules.market.timezone)
        score = rules.score
        orders = orders_of[shop.shop_id]

        def local(instant: datetime | None, zone: ZoneInfo = zone) -> date | None:
            return None if instant is None else _local(instant, zone)

        def negative_by(order: OrderRow, rules: Rulebook = rules, zone: ZoneInfo = zone) -> bool:
            # R-SC-1, R-BR-1, R-BR-2: a seller-responsible review rated <= the negative maximum, received by D
            return any(
                r.responsibility == "seller"
                and r.rating <= rules.score.negative_review_max_rating
                and _local(r.created_at, zone) <= as_of
                for r in reviews_of[order.order_id]
            )

        def refund_by(order: OrderRow, zone: ZoneInfo = zone) -> bool:
            # R-SC-2: a seller-responsible refund or return approved by D
            return any(
                c.responsibility == "seller" and c.approved_at is not None and _local(c.approved_at, zone) <= as_of
                for c in cases_of[order.order_id]
            )

        def delivered_in(days: int, orders: list[OrderRow] = orders) -> list[OrderRow]:
            return [o for o in orders if _within(local(o.delivered_at), as_of, days)]

        def paid_in(days: int, orders: list[OrderRow] = orders) -> list[OrderRow]:
            return [o for o in orders if _within(local(o.paid_at), as_of, days)]

        product = delivered_in(score.product_window_days)
        paid_fulfilment = paid_in(score.fulfilment_window_days)
        shipped = [
            o
            for o in orders
            if o.fulfilment_type == "seller" and _within(local(o.shipped_at), as_of, score.fulfilment_window_days)
        ]
        complaints = [
            c
            for c in dataset.complaints
            if c.shop_id == shop.shop_id
            and kind_of.get(c.order_id or 0, "normal") not in EXCLUDED_KINDS
            and _within(local(c.created_at), as_of, score.complaint_window_days)
        ]
        waits = [
            w
            for w in dataset.waits
            if w.shop_id == shop.shop_id
            and not w.excluded
            and _within(local(w.started_at), as_of, score.reply_window_days, before=1)
        ]
        within = timedelta(hours=score.reply_within_hours)
        nrr = delivered_in(rules.negative_reviews.window_days)
        result[shop.shop_id] = {
            "dor_num": sum(1 for o in product if negative_by(o)),
            "dor_den": len(product),
            "sfrr_num": sum(1 for o in product if refund_by(o)),
            "sfrr_den": len(product),
            "sfcr_num": sum(
                1
                for o in paid_fulfilment
                if o.seller_fault and o.cancelled_at is not None and _local(o.cancelled_at, zone) <= as_of
            ),
            "sfcr_den": len(paid_fulfilment),
            "ldr_num": sum(
                1
                for o in shipped
                if o.dispatch_deadline_at is not None
                and o.shipped_at is not None
                and o.shipped_at > o.dispatch_deadline_at
            ),
            "ldr_den": len(shipped),
            "complaint_num": len(complaints),
            "complaint_den": len(paid_in(score.complaint_window_days)),
            "reply_24h_num": sum(
                1 for w in waits if w.answered_at is not None and w.answered_at - w.started_at <= within
            ),
            "reply_24h_den": len(waits),
            "nrr_num": sum(1 for o in nrr if negative_by(o)),
            "nrr_den": len(nrr),
            "delivered_90d": len(delivered_in(score.delivered_window_days)),
        }
    return result


# --- scores, exactly -----------------------------------------------------------------------------------
def _exact_curve(points: Iterable[tuple[float, float]], x: Fraction) -> Fraction:
    pts = [(Fraction(str(px)), Fraction(str(py))) for px, py in points]
    if x <= pts[0][0]:
        return pts[0][1]
    for (x0, y0), (x1, y1) in itertools.pairwise(pts):
        if x <= x1:
            return y0 + (x - x0) * (y1 - y0) / (x1 - x0)
    return pts[-1][1]


def reference_score(counts: dict[str, int], rules: Rulebook) -> dict[str, Fraction | float | None]:
    """Sub-scores, dimensions and the SPS in exact arithmetic (R-SC-7, R-SC-8)."""
    out: dict[str, Fraction | float | None] = {}
    for metric in ("dor", "sfrr", "sfcr", "ldr", "complaint", "reply_24h"):
        den = counts[f"{metric}_den"]
        out[metric] = (
            None
            if den == 0
            else _exact_curve(rules.score.curves[metric].points, Fraction(counts[f"{metric}_num"], den))
        )
    weights = {
        "product": Fraction(str(rules.score.product_weight)),
        "fulfilment": Fraction(str(rules.score.fulfilment_weight)),
        "service": Fraction(str(rules.score.service_weight)),
    }
    members = {"product": ("dor", "sfrr"), "fulfilment": ("sfcr", "ldr"), "service": ("complaint", "reply_24h")}
    for dimension, names in members.items():
        present = [Fraction(value) for n in names if (value := out[n]) is not None]
        out[dimension] = sum(present, Fraction(0)) / len(present) if present else None
    available = {d: out[d] for d in members if out[d] is not None}
    if counts["delivered_90d"] < rules.score.min_delivered_orders or not available:
        out["sps"] = None
    else:
        total = sum(weights[d] for d in available)
        raw = sum(weights[d] * Fraction(value) for d, value in available.items() if value is not None) / total
        out["sps"] = math.floor(raw * 10 + Fraction(1, 2)) / 10  # half-up, exactly
    return out
