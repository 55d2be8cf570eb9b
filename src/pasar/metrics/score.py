"""From counts to scores (R-SC-7, R-SC-8): sub-score curves, dimensions, the SPS. Pure functions.

The engines count; this module turns one shop's counts into its metrics, dimension scores and
Shop Performance Score with the market's rulebook, the same way whichever engine counted.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from pasar.rules.model import Rulebook

METRICS = ("dor", "sfrr", "sfcr", "ldr", "complaint", "reply_24h", "nrr")
SCORED = ("dor", "sfrr", "sfcr", "ldr", "complaint", "reply_24h")  # NRR governs (R-BR-3) but is not in the SPS
DIMENSIONS: dict[str, tuple[str, ...]] = {
    "product": ("dor", "sfrr"),  # R-SC-1, R-SC-2
    "fulfilment": ("sfcr", "ldr"),  # R-SC-3, R-SC-4
    "service": ("complaint", "reply_24h"),  # R-SC-5, R-SC-6
}
DIMENSION_OF = {metric: dimension for dimension, metrics in DIMENSIONS.items() for metric in metrics}
HIGHER_IS_BETTER = frozenset({"reply_24h"})
_EPSILON = 1e-9  # float noise below this never moves a half-up rounding


def curve_value(points: Sequence[tuple[float, float]], x: float) -> float:
    """Piecewise-linear through ``points`` (sorted by x), flat beyond both ends (R-SC-7)."""
    if x <= points[0][0]:
        return float(points[0][1])
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        if x <= x1:
            return y0 + (x - x0) * (y1 - y0) / (x1 - x0)
    return float(points[-1][1])


def round_half_up(value: float, digits: int = 1) -> float:
    """3.45 → 3.5, 3.44 → 3.4 (not banker's rounding), robust to float noise."""
    scale = 10**digits
    return math.floor(value * scale + 0.5 + _EPSILON) / scale


@dataclass(frozen=True, slots=True)
class MetricValue:
    num: int
    den: int
    rate: float | None  # num / den; None when the denominator is empty
    score: float | None  # the unrounded 0–5 sub-score; None when left out (or not scored: NRR)

    def as_json(self) -> dict[str, Any]:
        return {"num": self.num, "den": self.den, "rate": self.rate, "score": self.score}


@dataclass(frozen=True)
class ShopScore:
    """One shop's score as of a market-local day: the ``pasar metrics`` JSON object (docs/design.md)."""

    shop_id: int
    shop_ref: str
    market: str
    as_of: date
    delivered_90d: int
    metrics: dict[str, MetricValue]
    dimensions: dict[str, float | None]
    sps: float | None  # rounded half-up to one decimal; None = not enough orders (R-SC-8), never 0

    @property
    def product(self) -> float | None:
        return self.dimensions["product"]

    @property
    def fulfilment(self) -> float | None:
        return self.dimensions["fulfilment"]

    @property
    def service(self) -> float | None:
        return self.dimensions["service"]

    def counts(self) -> dict[str, int]:
        values = {f"{name}_{part}": getattr(m, part) for name, m in self.metrics.items() for part in ("num", "den")}
        values["delivered_90d"] = self.delivered_90d
        return values

    def as_json(self) -> dict[str, Any]:
        return {
            "shop_id": self.shop_id,
            "shop_ref": self.shop_ref,
            "as_of": self.as_of.isoformat(),
            "delivered_90d": self.delivered_90d,
            "sps": self.sps,
            "product": self.product,
            "fulfilment": self.fulfilment,
            "service": self.service,
            "metrics": {name: self.metrics[name].as_json() for name in METRICS},
        }


@dataclass(frozen=True)
class _Book:
    """The rulebook numbers scoring needs, read once per rulebook (scoring runs for every shop daily)."""

    curves: dict[str, tuple[tuple[float, float], ...]]
    weights: dict[str, float]
    min_delivered: int


_books: dict[int, tuple[Rulebook, _Book]] = {}


def _book(rules: Rulebook) -> _Book:
    found = _books.get(id(rules))
    if found is None or found[0] is not rules:
        book = _Book(
            curves={name: tuple((float(x), float(y)) for x, y in c.points) for name, c in rules.score.curves.items()},
            weights={
                "product": rules.score.product_weight,
                "fulfilment": rules.score.fulfilment_weight,
                "service": rules.score.service_weight,
            },
            min_delivered=rules.score.min_delivered_orders,
        )
        found = _books[id(rules)] = (rules, book)
    return found[1]


def metric_values(counts: Mapping[str, int], rules: Rulebook) -> dict[str, MetricValue]:
    curves = _book(rules).curves
    values: dict[str, MetricValue] = {}
    for name, num_key, den_key in _KEYS:
        num, den = counts[num_key], counts[den_key]
        if den:
            rate = num / den
            points = curves.get(name)
            values[name] = MetricValue(num, den, rate, None if points is None else curve_value(points, rate))
        else:
            values[name] = MetricValue(num, den, None, None)
    return values


_KEYS = tuple((name, f"{name}_num", f"{name}_den") for name in METRICS)


def dimension_scores(metrics: Mapping[str, MetricValue]) -> dict[str, float | None]:
    """A dimension is the mean of its metrics' sub-scores; a metric with an empty denominator is left out."""
    scores: dict[str, float | None] = {}
    for dimension, names in DIMENSIONS.items():
        present = [s for name in names if (s := metrics[name].score) is not None]
        scores[dimension] = sum(present) / len(present) if present else None
    return scores


def weighted_sps(dimensions: Mapping[str, float | None], rules: Rulebook) -> float | None:
    """0.4·product + 0.4·fulfilment + 0.2·service, renormalised over the dimensions that have a score."""
    weights = _book(rules).weights
    total = sum(weights[d] for d, s in dimensions.items() if s is not None)
    if total <= 0:
        return None
    return sum(weights[d] * s for d, s in dimensions.items() if s is not None) / total


def sps_from(dimensions: Mapping[str, float | None], delivered_90d: int, rules: Rulebook) -> float | None:
    """R-SC-7, R-SC-8: the rounded SPS, or None with fewer than ``min_delivered_orders`` deliveries."""
    if delivered_90d < _book(rules).min_delivered:
        return None
    raw = weighted_sps(dimensions, rules)
    return None if raw is None else round_half_up(raw, 1)


SCORED_STATUS = "scored"
NOT_ENOUGH_ORDERS = "not enough orders"  # R-SC-8: fewer delivered orders in 90 days than the rulebook's minimum
NO_METRIC_DATA = "no metric data"  # enough deliveries, but no scored metric has a denominator in its window


def score_status(sps: float | None, delivered_90d: int, dens: Mapping[str, int], rules: Rulebook) -> dict[str, Any]:
    """Why the SPS is what it is: ``status`` and the scored metrics left out for want of data (R-SC-7, R-SC-8).

    A null SPS is either "not enough orders" or, with enough of them, "no metric data": every metric's
    window is empty (deliveries 61–90 days ago and nothing since), so there is nothing to score yet.
    """
    without = [name for name in SCORED if not dens[name]]
    if sps is not None:
        status = SCORED_STATUS
    elif delivered_90d < _book(rules).min_delivered:
        status = NOT_ENOUGH_ORDERS
    else:
        status = NO_METRIC_DATA
    return {"status": status, "metrics_without_data": without}


def score_shop(shop_id: int, shop_ref: str, as_of: date, counts: Mapping[str, int], rules: Rulebook) -> ShopScore:
    metrics = metric_values(counts, rules)
    dimensions = dimension_scores(metrics)
    delivered = int(counts["delivered_90d"])
    return ShopScore(
        shop_id=shop_id,
        shop_ref=shop_ref,
        market=rules.market.code,
        as_of=as_of,
        delivered_90d=delivered,
        metrics=metrics,
        dimensions=dimensions,
        sps=sps_from(dimensions, delivered, rules),
    )
