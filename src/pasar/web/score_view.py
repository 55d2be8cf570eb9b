"""The ONE place the web asks for a shop's score.

The score engine (``pasar.services.scores``) may be absent or half-built; then every page shows
"not enough orders yet" instead of a score (never 0). Calls, when available:
``scores.public_score(uow, shop_id)`` for the public view, and for the seller's detailed view
``scores.explain(uow, shop_id, ids_limit=...)`` (dimensions, metrics, drill-down ids) plus
``scores.shop_standing(uow, shop_id)`` (privileges held and lost).
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass, field
from typing import Any

from pasar.domain.errors import DomainError
from pasar.services.unit_of_work import UnitOfWork

log = logging.getLogger("pasar.web")
DRILL_DOWN_IDS = 50


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

    @property
    def scored(self) -> bool:
        return self.sps is not None

    def trend_points(self, key: str = "sps", width: int = 600, height: int = 120) -> str:
        """The trend of ``key`` (0–5) as SVG polyline points, days left to right; empty days skipped."""
        days = [day for day in self.trend if day.get(key) is not None]
        if len(days) < 2:
            return ""
        step = width / (len(self.trend) - 1)
        index = {day["as_of"]: i for i, day in enumerate(self.trend)}
        return " ".join(f"{index[day['as_of']] * step:.1f},{height - float(day[key]) / 5 * height:.1f}" for day in days)


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
        return view
    except DomainError:
        raise
    except Exception:  # a half-built score engine must not take the pages down
        log.exception("the score service did not answer as expected; showing no score")
        return ScoreView(available=False)
