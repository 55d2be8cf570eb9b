"""Per-market metric parameters, read from the rulebooks (docs/rules.md §7 numbers are data, not code)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import astuple, dataclass

from pasar.rules import all_rulebooks
from pasar.rules.model import Rulebook


@dataclass(frozen=True)
class MarketParams:
    """One row of the ``markets`` relation every metric statement joins (see ``sql.MARKET_COLUMNS``)."""

    market: str
    tz: str
    product_w: int  # R-SC-1, R-SC-2
    fulfilment_w: int  # R-SC-3, R-SC-4
    complaint_w: int  # R-SC-5
    reply_w: int  # R-SC-6: waits started on the reply_w dates before D
    reply_us: int  # R-SC-6: "within 24 h", in microseconds
    nrr_w: int  # R-BR-1
    delivered_w: int  # R-SC-8
    negative_max: int  # R-SC-1, R-BR-1: a rating at or below this is negative
    span: int  # the widest window, in days: anchors older than this never count again

    @classmethod
    def of(cls, rules: Rulebook) -> MarketParams:
        score = rules.score
        windows = (
            score.product_window_days,
            score.fulfilment_window_days,
            score.complaint_window_days,
            score.reply_window_days + 1,
            rules.negative_reviews.window_days,
            score.delivered_window_days,
        )
        return cls(
            market=rules.market.code,
            tz=rules.market.timezone,
            product_w=score.product_window_days,
            fulfilment_w=score.fulfilment_window_days,
            complaint_w=score.complaint_window_days,
            reply_w=score.reply_window_days,
            reply_us=score.reply_within_hours * 3600 * 1_000_000,
            nrr_w=rules.negative_reviews.window_days,
            delivered_w=score.delivered_window_days,
            negative_max=score.negative_review_max_rating,
            span=max(windows),
        )

    def row(self) -> tuple[object, ...]:
        return astuple(self)


def market_params(rulebooks: Mapping[str, Rulebook]) -> list[MarketParams]:
    return [MarketParams.of(rules) for rules in rulebooks.values()]


def all_market_params() -> list[MarketParams]:
    """The shipped rulebooks' parameters: what the engines use unless they are given others."""
    return market_params(all_rulebooks())
