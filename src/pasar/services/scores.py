"""Shop Performance Score use cases (R-SC-1..10, R-BR-1..3).

* ``recompute_day`` — the daily job at a market's midnight: refresh the rollups with what changed,
  score every shop of the market as of the day that just ended, store the snapshots.
* ``close_score_day`` — the deadline handler that runs it and schedules the next day.
* ``scores_as_of`` / ``save_scores`` — any day, on demand, straight from the facts.
* ``explain`` — what a seller sees: every metric with its orders and its 90-day trend, the score's trend,
  what would raise it.
* ``has_privilege`` / ``shop_standing`` — what the score earns (R-SC-10) and what NRR costs (R-BR-3).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Collection, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from pasar.domain.deadlines import DeadlineKind, DueDeadline, NewDeadline
from pasar.domain.due_times import end_of_day
from pasar.domain.errors import InvalidInput, NotFound
from pasar.metrics.duck import DuckDBMetrics, ShopCounts
from pasar.metrics.params import market_params
from pasar.metrics.privileges import NrrLevel, Standing, nrr_level, standing
from pasar.metrics.score import DIMENSIONS, METRICS, SCORED, MetricValue, ShopScore, score_shop, score_status
from pasar.metrics.sql import COUNTER_NAMES
from pasar.metrics.whatif import dimension_steps, privilege_steps
from pasar.rules import rulebook_in
from pasar.rules.model import Rulebook
from pasar.services.unit_of_work import UnitOfWork

SCORE_DAY = "score_day"  # the deadline kind that closes a market's day (see ``close_score_day``)
TREND_DAYS = 90
ID_KINDS = {"complaint_num": "complaint", "reply_24h_num": "wait", "reply_24h_den": "wait"}

_engines: OrderedDict[tuple[str, tuple[tuple[object, ...], ...]], DuckDBMetrics] = OrderedDict()
_engines_lock = threading.Lock()
MAX_ENGINES = 8  # stores one process scores at once (a server has one; test runs have many, briefly)


class ScoredMarketplace(Protocol):
    """What scores are computed over: a store and the rulebooks in force (a marketplace or its unit of work)."""

    @property
    def engine(self) -> Engine: ...

    @property
    def rulebooks(self) -> Mapping[str, Rulebook]: ...


def metrics_engine(source: ScoredMarketplace) -> DuckDBMetrics:
    """The DuckDB metrics engine over this store and rulebooks (one per process, store and rulebooks'
    metric parameters; it holds the rollups)."""
    url = source.engine.url.render_as_string(hide_password=False)
    params = market_params(source.rulebooks)
    key = (url, tuple(p.row() for p in params))  # other windows or zones are other rollups
    with _engines_lock:
        found = _engines.get(key)
        if found is None:
            found = _engines[key] = DuckDBMetrics(source.engine, params=params)
            while len(_engines) > MAX_ENGINES:
                _, oldest = _engines.popitem(last=False)
                oldest.close()
        _engines.move_to_end(key)
        return found


def forget_engine(engine: Engine) -> None:
    """Drop the cached engines (and their rollups) of a store: tests and the benchmark start afresh."""
    url = engine.url.render_as_string(hide_password=False)
    with _engines_lock:
        found = [_engines.pop(key) for key in [key for key in _engines if key[0] == url]]
    for duck in found:
        duck.close()


def local_date(at: datetime, rules: Rulebook) -> date:
    return at.astimezone(ZoneInfo(rules.market.timezone)).date()


def _score(counts: ShopCounts, rulebooks: Mapping[str, Rulebook]) -> ShopScore:
    rules = rulebook_in(rulebooks, counts.market)
    return score_shop(counts.shop_id, counts.shop_ref, counts.as_of, counts.counts, rules)


def snapshot_row(score: ShopScore, computed_at: datetime, rules: Rulebook) -> dict[str, Any]:
    nrr = score.metrics["nrr"]
    row: dict[str, Any] = {
        "shop_id": score.shop_id,
        "as_of": score.as_of,
        "market": score.market,
        "computed_at": computed_at,
        "delivered_90d": score.delivered_90d,
        "product": score.product,
        "fulfilment": score.fulfilment,
        "service": score.service,
        "sps": score.sps,
        "nrr_level": nrr_level(nrr.num, nrr.den, rules).value,
    }
    for name in METRICS:
        row[f"{name}_num"] = score.metrics[name].num
        row[f"{name}_den"] = score.metrics[name].den
    for name in SCORED:
        row[f"{name}_score"] = score.metrics[name].score
    return row


# --- computing -------------------------------------------------------------------------------------------
def scores_as_of(
    source: ScoredMarketplace, as_of: date, *, shop_ids: Collection[int] | None = None, market: str | None = None
) -> list[ShopScore]:
    """Every shop's score (or ``shop_ids``' / ``market``'s) as of the local date ``as_of``, from the facts."""
    counts = metrics_engine(source).counts(as_of, shop_ids=shop_ids, market=market)
    return [_score(c, source.rulebooks) for c in counts]


def save_scores(uow: UnitOfWork, scores: Sequence[ShopScore]) -> int:
    """Store snapshots (replacing earlier ones of the same shop and day)."""
    uow.scores.replace_snapshots([snapshot_row(s, uow.now, uow.rules(s.market)) for s in scores])
    return len(scores)


def recompute_day(uow: UnitOfWork, market: str, day: date) -> int:
    """Score every shop of ``market`` as of ``day`` from the refreshed rollups; store the snapshots."""
    duck = metrics_engine(uow)
    if duck.pruned_before is not None and day < duck.pruned_before:
        counts = duck.counts(day, market=market)  # a day older than the rollups keep: from the facts
    else:
        duck.refresh(keep_from=day)
        counts = duck.rolled_counts({market: day}, market=market)
    return save_scores(uow, [_score(c, uow.rulebooks) for c in counts])


# --- the daily deadline ------------------------------------------------------------------------------------
def score_day_kind() -> DeadlineKind | None:
    """The deadline kind, once ``DeadlineKind`` lists it (until then no score deadline is scheduled)."""
    try:
        return DeadlineKind(SCORE_DAY)
    except ValueError:
        return None


def score_day_subject(market: str) -> str:
    """A market's daily score deadlines: subject ``score_day:ID``, subject_id the local date's ordinal."""
    return f"{SCORE_DAY}:{market}"


def score_day_deadline(rules: Rulebook, day: date) -> NewDeadline | None:
    """The deadline that closes the market's local date ``day`` at the following midnight."""
    kind = score_day_kind()
    if kind is None:
        return None
    return NewDeadline(score_day_subject(rules.market.code), day.toordinal(), kind, end_of_day(day, rules))


def _pending_days(uow: UnitOfWork, market: str) -> set[int]:
    return uow.deadlines.pending_subject_ids(score_day_subject(market))


def ensure_daily_deadlines(uow: UnitOfWork) -> int:
    """Schedule today's score deadline for every market with shops that has none pending."""
    added = []
    for market in uow.scores.markets_with_shops():
        if _pending_days(uow, market):
            continue
        rules = uow.rules(market)
        deadline = score_day_deadline(rules, local_date(uow.now, rules))
        if deadline is not None:
            added.append(deadline)
    uow.deadlines.add(added)
    return len(added)


def close_score_day(uow: UnitOfWork, due: Sequence[DueDeadline]) -> set[int]:
    """Deadline handler: score each market's closed day, then schedule the next day's deadline."""
    fired: set[int] = set()
    following: list[NewDeadline] = []
    for deadline in sorted(due, key=lambda d: d.subject_id):
        market, day = deadline.subject_type.removeprefix(f"{SCORE_DAY}:"), date.fromordinal(deadline.subject_id)
        recompute_day(uow, market, day)
        fired.add(deadline.id)
        if day.toordinal() + 1 not in _pending_days(uow, market):
            nxt = score_day_deadline(uow.rules(market), day + timedelta(days=1))
            if nxt is not None:
                following.append(nxt)
    uow.deadlines.add(following)
    return fired


# --- privileges and consequences -----------------------------------------------------------------------------
def _is_new_seller(created_at: datetime, as_of: date, rules: Rulebook) -> bool:
    """R-SL-2, R-BR-3: the new-seller stage lasts the rulebook's ``fees.new_seller_days`` from opening."""
    return (as_of - local_date(created_at, rules)).days < rules.fees.new_seller_days


def _standing_from(row: Any, shop: Any, rules: Rulebook, today: date) -> Standing:
    if row is None:
        return standing(None, NrrLevel.OK, rules, new_seller=_is_new_seller(shop.created_at, today, rules))
    level = NrrLevel(row.nrr_level)
    return standing(row.sps, level, rules, new_seller=_is_new_seller(shop.created_at, row.as_of, rules))


def has_privilege(uow: UnitOfWork, shop_id: int, privilege: str) -> bool:
    """R-SC-10: may this shop use ``privilege`` (e.g. ``"crm_broadcast"``) now? Other capabilities call this.

    Reads the shop's latest daily snapshot; a shop without one has a null SPS, which keeps the
    ``held_with_null_sps`` privileges (never treated as 0). Unknown privileges are refused loudly.
    """
    shop = _shop(uow, shop_id)
    rules = uow.rules(shop.market)
    if privilege not in rules.privileges.thresholds:
        known = ", ".join(sorted(rules.privileges.thresholds))
        raise InvalidInput(f"unknown privilege {privilege!r} (known: {known})", field="privilege")
    row = uow.scores.latest(shop_id)
    today = row.as_of if row is not None else local_date(shop.created_at, rules)
    return _standing_from(row, shop, rules, today).privileges[privilege]


def shop_standing(uow: UnitOfWork, shop_id: int) -> dict[str, Any]:
    """Privileges, ranking weight and NRR consequences from the latest snapshot (R-SC-10, R-BR-3)."""
    shop = _shop(uow, shop_id)
    rules = uow.rules(shop.market)
    row = uow.scores.latest(shop_id)
    result = _standing_from(row, shop, rules, local_date(uow.now, rules)).as_json()
    result["shop_id"] = shop_id
    result["as_of"] = row.as_of.isoformat() if row is not None else None
    return result


def _shop(uow: UnitOfWork, shop_id: int) -> Any:
    shop = uow.catalogue.shop(shop_id)
    if shop is None:
        raise NotFound(f"shop {shop_id} not found")
    return shop


# --- what sellers and buyers see -------------------------------------------------------------------------------
def public_score(uow: UnitOfWork, shop_id: int) -> dict[str, Any]:
    """R-SC-9: the SPS buyers see on the shop page (the latest daily snapshot, else computed now)."""
    shop = _shop(uow, shop_id)
    rules = uow.rules(shop.market)
    row = uow.scores.latest(shop_id)
    if row is not None:
        sps, as_of, delivered = row.sps, row.as_of, row.delivered_90d
        level = NrrLevel(row.nrr_level)
        dens = {name: getattr(row, f"{name}_den") for name in SCORED}
    else:
        as_of = local_date(uow.now, rules)
        (score,) = scores_as_of(uow, as_of, shop_ids=[shop_id])
        sps, delivered = score.sps, score.delivered_90d
        level = nrr_level(score.metrics["nrr"].num, score.metrics["nrr"].den, rules)
        dens = {name: score.metrics[name].den for name in SCORED}
    held = standing(sps, level, rules, new_seller=_is_new_seller(shop.created_at, as_of, rules)).privileges
    return {
        "shop_id": shop_id,
        "shop_name": shop.name,
        "as_of": as_of.isoformat(),
        "sps": sps,
        **score_status(sps, delivered, dens, rules),
        "delivered_90d": delivered,
        "min_delivered_orders": rules.score.min_delivered_orders,
        "badges": [badge for badge in ("star_shop_badge", "top_choice_badge") if held.get(badge)],
    }


def _window(first_offset: int, width: int, as_of: date) -> dict[str, str]:
    last = as_of - timedelta(days=first_offset)
    return {"first": (last - timedelta(days=width - 1)).isoformat(), "last": last.isoformat()}


def _windows(rules: Rulebook, as_of: date) -> dict[str, dict[str, str]]:
    s = rules.score
    return {
        "dor": _window(0, s.product_window_days, as_of),
        "sfrr": _window(0, s.product_window_days, as_of),
        "sfcr": _window(0, s.fulfilment_window_days, as_of),
        "ldr": _window(0, s.fulfilment_window_days, as_of),
        "complaint": _window(0, s.complaint_window_days, as_of),
        "reply_24h": _window(1, s.reply_window_days, as_of),
        "nrr": _window(0, rules.negative_reviews.window_days, as_of),
    }


def _metric_entry(
    name: str, score: ShopScore, ids: dict[str, list[int]], window: dict[str, str], limit: int
) -> dict[str, Any]:
    """One metric as of the explained day: counts, rate, sub-score, window and the ids behind each count."""
    entry: dict[str, Any] = score.metrics[name].as_json()
    entry["dimension"] = next((d for d, names in DIMENSIONS.items() if name in names), None)
    entry["window"] = window
    for part in ("num", "den"):
        behind = ids[f"{name}_{part}"]
        entry[f"{part}_ids"] = behind[:limit]
        entry[f"{part}_ids_kind"] = ID_KINDS.get(f"{name}_{part}", "order")
        entry[f"{part}_ids_truncated"] = len(behind) > limit
    return entry


def _metric_point(name: str, computed: ShopScore, row: Any | None) -> dict[str, Any]:
    """One day of a metric's trend. A stored snapshot wins: the chart shows what the seller saw that day."""
    value = computed.metrics[name]
    if row is not None:
        num, den = getattr(row, f"{name}_num"), getattr(row, f"{name}_den")
        score = getattr(row, f"{name}_score") if name in SCORED else value.score  # NRR has no sub-score
        value = MetricValue(num, den, num / den if den else None, score)
    return {"as_of": computed.as_of.isoformat(), **value.as_json()}


def _score_point(computed: ShopScore, row: Any | None) -> dict[str, Any]:
    """One day of the SPS trend, from the stored snapshot where there is one."""
    source = row if row is not None else computed
    return {
        "as_of": computed.as_of.isoformat(),
        "sps": source.sps,
        "product": source.product,
        "fulfilment": source.fulfilment,
        "service": source.service,
        "delivered_90d": source.delivered_90d,
        "source": "snapshot" if row is not None else "computed",
    }


def explain(uow: UnitOfWork, shop_id: int, as_of: date | None = None, *, ids_limit: int = 1000) -> dict[str, Any]:
    """R-SC-9: the seller's view — every metric with its orders and trend, the score's trend, what would raise it.

    Both trends cover the ``TREND_DAYS`` local dates up to ``as_of``, oldest first, one point per day:
    ``trend`` the SPS and dimensions, each metric's ``trend`` its num, den, rate and sub-score. A day
    with a stored snapshot shows the snapshot; the other days come from the counts already made here.
    """
    shop = _shop(uow, shop_id)
    rules = uow.rules(shop.market)
    as_of = as_of or local_date(uow.now, rules)
    duck = metrics_engine(uow)
    first = as_of - timedelta(days=TREND_DAYS - 1)
    series = {
        c.as_of: _score(c, uow.rulebooks)
        for c in duck.counts([first + timedelta(days=i) for i in range(TREND_DAYS)], shop_ids=[shop_id])
    }
    days = [series[day] for day in sorted(series)]
    score = series[as_of]
    ids = duck.drill_down(shop_id, as_of)
    windows = _windows(rules, as_of)
    stored = {row.as_of: row for row in uow.scores.between(shop_id, first, as_of)}
    metrics: dict[str, Any] = {}
    for name in METRICS:
        entry = _metric_entry(name, score, ids, windows[name], ids_limit)
        entry["trend"] = [_metric_point(name, day, stored.get(day.as_of)) for day in days]
        metrics[name] = entry
    trend = [_score_point(day, stored.get(day.as_of)) for day in days]
    level = nrr_level(score.metrics["nrr"].num, score.metrics["nrr"].den, rules)
    held = standing(score.sps, level, rules, new_seller=_is_new_seller(shop.created_at, as_of, rules))
    weights = {
        "product": rules.score.product_weight,
        "fulfilment": rules.score.fulfilment_weight,
        "service": rules.score.service_weight,
    }
    missing = max(0, rules.score.min_delivered_orders - score.delivered_90d)
    return {
        "shop_id": shop_id,
        "shop_ref": shop.ref,
        "market": shop.market,
        "as_of": as_of.isoformat(),
        "sps": score.sps,
        **score_status(score.sps, score.delivered_90d, {name: score.metrics[name].den for name in SCORED}, rules),
        "delivered_90d": score.delivered_90d,
        "min_delivered_orders": rules.score.min_delivered_orders,
        "dimensions": {
            d: {"score": score.dimensions[d], "weight": weights[d], "metrics": list(DIMENSIONS[d])} for d in DIMENSIONS
        },
        "metrics": metrics,
        "trend": trend,
        "what_if": {
            "dimensions": [s.as_json() for s in dimension_steps(score.metrics, rules)],
            "privileges": [s.as_json() for s in privilege_steps(score.metrics, score.delivered_90d, rules)],
            "delivered_orders_needed": missing,
        },
        "standing": held.as_json(),
    }


def what_if(uow: UnitOfWork, shop_id: int, as_of: date, changes: dict[str, dict[str, int]]) -> dict[str, Any]:
    """R-SC-9: the score if some counts were different (``{"ldr": {"num": 1}}``), beside the real one."""
    shop = _shop(uow, shop_id)
    rules = uow.rules(shop.market)
    (current,) = scores_as_of(uow, as_of, shop_ids=[shop_id])
    counts = current.counts()
    for metric, parts in changes.items():
        if metric not in METRICS:
            raise InvalidInput(f"unknown metric {metric!r} (known: {', '.join(METRICS)})", field="changes")
        for part, value in parts.items():
            key = f"{metric}_{part}" if part in ("num", "den") else None
            if key is None or key not in COUNTER_NAMES:
                raise InvalidInput(f"{metric}.{part}: only num and den can change", field="changes")
            if value < 0:
                raise InvalidInput(f"{metric}.{part} must not be negative", field="changes")
            counts[key] = value
        if counts[f"{metric}_num"] > counts[f"{metric}_den"]:
            raise InvalidInput(f"{metric}: the numerator cannot exceed the denominator", field="changes")
    changed = score_shop(shop_id, shop.ref, as_of, counts, rules)
    return {"current": current.as_json(), "what_if": changed.as_json()}


def invalidate_shops(uow: UnitOfWork, shop_ids: Collection[int], reason: str) -> None:
    """Tell the rollups that these shops' past changed out of band (imports, corrections)."""
    uow.scores.invalidate(sorted(shop_ids), reason[:64], uow.now)
