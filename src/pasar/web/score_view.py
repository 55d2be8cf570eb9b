"""The ONE place the web asks for a shop's score.

The score engine (``pasar.services.scores``) may be absent or half-built; then every page shows
"not enough orders yet" instead of a score (never 0). A null score says why: not enough delivered
orders, or enough of them but no metric with data in its window ("no metric data"). Calls, when available:
``scores.public_score(uow, shop_id)`` for the public view, and for the seller's detailed view
``scores.explain(uow, shop_id, ids_limit=...)`` (dimensions, metrics with drill-down ids and 90-day
trends) plus ``scores.shop_standing(uow, shop_id)`` (privileges held and lost).
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pasar.domain.errors import DomainError
from pasar.rules.model import Rulebook
from pasar.services.unit_of_work import UnitOfWork

log = logging.getLogger("pasar.web")
DRILL_DOWN_IDS = 50
SCORE_SCALE = 5.0  # sub-scores, dimensions and the SPS run from 0 to 5 (R-SC-7)
SPARK_INSET = 1.5  # half a sparkline's stroke, so a rate of 0 or of the top is not cut in half
Point = tuple[float, float]


def plot(
    values: Sequence[float | None], top: float, width: float, height: float, inset: float = 0.0
) -> list[Point | None]:
    """Each day's value as an SVG point, days left to right, 0 at the bottom and ``top`` at the top.

    ``None`` stays ``None`` (a day without a value); ``inset`` keeps a thick line inside the box.
    """
    step = width / max(len(values) - 1, 1)
    scale = (height - 2 * inset) / top if top > 0 else 0.0  # an all-zero series lies flat on the bottom
    return [None if v is None else (i * step, height - inset - v * scale) for i, v in enumerate(values)]


def _xy(point: Point) -> str:
    return f"{point[0]:.1f},{point[1]:.1f}"


def path_with_gaps(points: Sequence[Point | None]) -> str:
    """SVG path data joining neighbouring days; a day without a value breaks the line (a lone day is a dot)."""
    runs: list[list[Point]] = [[]]
    for point in points:
        if point is not None:
            runs[-1].append(point)
        elif runs[-1]:
            runs.append([])
    # a zero-length "h0" is drawn as a dot by the round line cap
    return " ".join("M" + " L".join(map(_xy, run)) + (" h0" if len(run) == 1 else "") for run in runs if run)


def metric_rate_ceilings(rules: Rulebook) -> dict[str, float]:
    """Per metric, the least rate at the top of its trend chart, from the market's rulebook.

    A scored metric's is the rate at which its sub-score bottoms out (the curve's lowest breakpoint,
    R-SC-7); NRR's is its restriction rate (R-BR-3). Scaled to it, a small rate looks small: a shop
    at 1 late dispatch in 100 does not see a full-height line.
    """
    ceilings = {name: min(curve.points, key=lambda point: point[1])[0] for name, curve in rules.score.curves.items()}
    ceilings["nrr"] = rules.negative_reviews.restriction_rate
    return {name: float(value) for name, value in ceilings.items()}


@dataclass(frozen=True)
class Sparkline:
    """One metric's rate over the trend days, ready for an inline SVG and for words."""

    path: str  # SVG path data, broken on days without a denominator
    first: float  # the rate on the first day with a denominator
    last: float  # ... and on the last one
    top: float  # the rate at the top of the box
    days: int  # days in the trend (with a denominator or not)
    width: int
    height: int


@dataclass
class ScoreView:
    available: bool  # the score engine answered
    sps: int | float | None = None
    status: str = "not enough orders"
    as_of: str | None = None
    delivered_90d: int | None = None
    min_delivered_orders: int | None = None
    badges: list[str] = field(default_factory=list)
    dimensions: dict[str, dict[str, Any]] = field(default_factory=dict)
    metrics: dict[str, dict[str, Any]] = field(default_factory=dict)
    privileges: dict[str, bool] = field(default_factory=dict)
    trend: list[dict[str, Any]] = field(default_factory=list)
    raise_steps: list[dict[str, Any]] = field(default_factory=list)  # R-SC-9: what lifts each dimension
    orders_needed: int | None = None
    metrics_without_data: list[str] = field(default_factory=list)  # scored metrics with nothing in their window
    rate_ceilings: dict[str, float] = field(default_factory=dict)  # per metric, see ``metric_rate_ceilings``

    @property
    def scored(self) -> bool:
        return self.sps is not None

    @property
    def trend_days(self) -> int:
        return len(self.trend)

    def trend_points(self, key: str = "sps", width: int = 600, height: int = 120) -> str:
        """The trend of ``key`` (0–5) as SVG polyline points, days left to right; empty days skipped."""
        points = [
            p for p in plot([_value(day, key) for day in self.trend], SCORE_SCALE, width, height) if p is not None
        ]
        return " ".join(_xy(point) for point in points) if len(points) >= 2 else ""

    def sparkline(self, metric: str, width: int = 120, height: int = 28) -> Sparkline | None:
        """The metric's rate over its trend, or None with fewer than two days that have a denominator.

        The top of the box is the larger of the series' highest rate and the metric's ceiling from
        the rulebook (``metric_rate_ceilings``); days without a denominator are gaps in the line.
        """
        trend = (self.metrics.get(metric) or {}).get("trend") or []
        rates = [_value(day, "rate") for day in trend]
        present = [rate for rate in rates if rate is not None]
        if len(present) < 2:
            return None
        top = max(*present, self.rate_ceilings.get(metric, 0.0))
        path = path_with_gaps(plot(rates, top, width, height, inset=SPARK_INSET))
        return Sparkline(path, present[0], present[-1], top, len(trend), width, height)


def _value(day: dict[str, Any], key: str) -> float | None:
    value = day.get(key)
    return None if value is None else float(value)


def _service() -> Any | None:
    try:
        module = importlib.import_module("pasar.services.scores")
    except ImportError:
        return None
    return module


def shop_score(uow: UnitOfWork, shop_id: int, *, detail: bool = False) -> ScoreView:
    """The shop's score for the web, or an unavailable view ("not enough orders yet")."""
    service = _service()
    try:
        public = getattr(service, "public_score", None)
        if public is None:
            return ScoreView(available=False)
        view = ScoreView(available=True)
        data: dict[str, Any] = {}
        if detail:
            explain = getattr(service, "explain", None)
            standing = getattr(service, "shop_standing", None)
            data = explain(uow, shop_id, ids_limit=DRILL_DOWN_IDS) if explain else public(uow, shop_id)
            view.dimensions = dict(data.get("dimensions") or {})
            view.metrics = dict(data.get("metrics") or {})
            view.trend = list(data.get("trend") or [])
            view.rate_ceilings = metric_rate_ceilings(uow.rules(str(data["market"]))) if data.get("market") else {}
            what_if = data.get("what_if") or {}
            view.raise_steps = list(what_if.get("dimensions") or [])
            view.orders_needed = what_if.get("delivered_orders_needed")
            if standing is not None:
                view.privileges = dict(standing(uow, shop_id).get("privileges") or {})
            view.badges = [name for name in ("star_shop_badge", "top_choice_badge") if view.privileges.get(name)]
        else:
            data = public(uow, shop_id)
            view.badges = list(data.get("badges") or [])
        view.sps = data.get("sps")
        view.status = str(data.get("status") or ("scored" if view.sps is not None else "not enough orders"))
        view.as_of = data.get("as_of")
        view.delivered_90d = data.get("delivered_90d")
        view.min_delivered_orders = data.get("min_delivered_orders")
        view.metrics_without_data = list(data.get("metrics_without_data") or [])
        return view
    except DomainError:
        raise
    except Exception:  # a half-built score engine must not take the pages down
        log.exception("the score service did not answer as expected; showing no score")
        return ScoreView(available=False)
