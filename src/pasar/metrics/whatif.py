"""What would raise the score (R-SC-9): the smallest changes that lift a dimension or reach a privilege.

Pure: it works on one shop's counts with the market's curves. For each dimension below 5 it finds,
for each of the dimension's metrics alone, the fewest events that must change (fewer late
dispatches, more waits answered within 24 h, ...) to lift the dimension one sub-score step (to the
next whole score: 3.0 → 4.0, 3.4 → 4.0); and, for the SPS, the fewest to reach the next privilege
threshold of the rulebook.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from pasar.metrics.score import (
    DIMENSIONS,
    HIGHER_IS_BETTER,
    MetricValue,
    curve_value,
    dimension_scores,
    round_half_up,
    sps_from,
)
from pasar.rules.model import Rulebook

_EPS = 1e-9
NOUNS: dict[str, tuple[str, str]] = {
    "dor": ("order with a negative review", "orders with a negative review"),
    "sfrr": ("seller-fault return or refund", "seller-fault returns or refunds"),
    "sfcr": ("seller-fault cancellation", "seller-fault cancellations"),
    "ldr": ("late dispatch", "late dispatches"),
    "complaint": ("complaint", "complaints"),
    "reply_24h": ("buyer wait answered within 24 h", "buyer waits answered within 24 h"),
}


@dataclass(frozen=True)
class Suggestion:
    target: str  # a dimension name, or "sps"
    metric: str
    change: int  # how many events: fewer bad ones, or more waits answered in time
    before: float
    after: float
    message: str

    def as_json(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "metric": self.metric,
            "change": self.change,
            "direction": "more" if self.metric in HIGHER_IS_BETTER else "fewer",
            "before": self.before,
            "after": self.after,
            "message": self.message,
        }


def _changed(metric: MetricValue, name: str, k: int, rules: Rulebook) -> MetricValue:
    num = metric.num + k if name in HIGHER_IS_BETTER else metric.num - k
    rate = num / metric.den
    return replace(metric, num=num, rate=rate, score=curve_value(rules.score.curves[name].points, rate))


def _room(metric: MetricValue, name: str) -> int:
    return metric.den - metric.num if name in HIGHER_IS_BETTER else metric.num


def _smallest(limit: int, reaches: Callable[[int], bool]) -> int | None:
    """The smallest k in 1..limit with ``reaches(k)`` (monotone), or None."""
    if limit < 1 or not reaches(limit):
        return None
    lo, hi = 1, limit
    while lo < hi:
        mid = (lo + hi) // 2
        if reaches(mid):
            hi = mid
        else:
            lo = mid + 1
    return lo


def _phrase(name: str, k: int) -> str:
    singular, plural = NOUNS[name]
    word = "more" if name in HIGHER_IS_BETTER else "fewer"
    return f"{k} {word} {singular if k == 1 else plural}"


def dimension_steps(metrics: Mapping[str, MetricValue], rules: Rulebook) -> list[Suggestion]:
    """For each dimension below 5 and each of its metrics: the fewest changes to reach the next step."""
    current = dimension_scores(metrics)
    out: list[Suggestion] = []
    for dimension, names in DIMENSIONS.items():
        score = current[dimension]
        if score is None or score >= 5 - _EPS:
            continue
        target = min(5.0, math.floor(score + _EPS) + 1.0)
        for name in names:
            metric = metrics[name]
            if metric.den == 0:
                continue

            def lifted(k: int, name: str = name, metric: MetricValue = metric, dimension: str = dimension) -> float:
                trial = dict(metrics)
                trial[name] = _changed(metric, name, k, rules)
                value = dimension_scores(trial)[dimension]
                assert value is not None
                return value

            def reaches(k: int, lifted: Callable[[int], float] = lifted, target: float = target) -> bool:
                return lifted(k) >= target - _EPS

            k = _smallest(_room(metric, name), reaches)
            if k is None:
                continue
            after = lifted(k)
            out.append(
                Suggestion(
                    dimension,
                    name,
                    k,
                    score,
                    after,
                    f"{_phrase(name, k)} would raise {dimension} from {round_half_up(score):.1f} "
                    f"to {round_half_up(after):.1f}",
                )
            )
    out.sort(key=lambda s: (list(DIMENSIONS).index(s.target), s.change))
    return out


def privilege_steps(metrics: Mapping[str, MetricValue], delivered_90d: int, rules: Rulebook) -> list[Suggestion]:
    """The fewest changes of one metric that lift the SPS to the next privilege threshold."""
    sps = sps_from(dimension_scores(metrics), delivered_90d, rules)
    if sps is None:
        return []
    above = sorted({t for t in rules.privileges.thresholds.values() if t > sps + _EPS})
    if not above:
        return []
    threshold = above[0]
    gains = sorted(p for p, t in rules.privileges.thresholds.items() if t == threshold)
    out = []
    for name in ("dor", "sfrr", "sfcr", "ldr", "complaint", "reply_24h"):
        metric = metrics[name]
        if metric.den == 0:
            continue

        def sps_with(k: int, name: str = name, metric: MetricValue = metric) -> float:
            trial = dict(metrics)
            trial[name] = _changed(metric, name, k, rules)
            value = sps_from(dimension_scores(trial), delivered_90d, rules)
            assert value is not None
            return value

        def reaches(k: int, sps_with: Callable[[int], float] = sps_with) -> bool:
            return sps_with(k) >= threshold - _EPS

        k = _smallest(_room(metric, name), reaches)
        if k is None:
            continue
        out.append(
            Suggestion(
                "sps",
                name,
                k,
                sps,
                sps_with(k),
                f"{_phrase(name, k)} would raise the SPS from {sps:.1f} to {sps_with(k):.1f} "
                f"and unlock {', '.join(g.replace('_', ' ') for g in gains)}",
            )
        )
    out.sort(key=lambda s: s.change)
    return out
