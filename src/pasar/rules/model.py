"""The market rulebook: every business number of RULES.md, as validated data.

A rulebook is one TOML file per market in ``rules/markets/``. Operators change a market's
rules by editing its file; the code only ever reads these values.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Fraction = Annotated[float, Field(ge=0, le=1)]
PositiveInt = Annotated[int, Field(gt=0)]
NonNegativeInt = Annotated[int, Field(ge=0)]
SubScore = Annotated[float, Field(ge=0, le=5)]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MarketInfo(_Section):
    """R-MK-1: who the market is."""

    code: Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
    name: str
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
    timezone: str
    holiday_country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
    languages: Annotated[list[str], Field(min_length=1)]
    locale: str
    phone_region: Annotated[str, Field(pattern=r"^[A-Z]{2}$")]

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value


class Features(_Section):
    """R-MK-2: per-market exceptions."""

    mall: bool
    live_gifting: bool
    cash_on_delivery: bool


class Orders(_Section):
    """R-UP-2..7 and R-OR: the unpaid-order programme."""

    payment_reminder_minutes: Annotated[list[PositiveInt], Field(min_length=0)]
    unpaid_timeout_minutes: PositiveInt
    payment_methods: Annotated[list[str], Field(min_length=1)]
    new_buyer_days: PositiveInt
    unpaid_history_days: PositiveInt
    habitual_nonpayer_threshold: PositiveInt
    habitual_nonpayer_max_open_unpaid: NonNegativeInt
    max_quantity_per_line: PositiveInt

    @model_validator(mode="after")
    def _reminders_before_timeout(self) -> Orders:
        previous = 0
        for minutes in self.payment_reminder_minutes:
            if minutes <= previous:
                raise ValueError("payment_reminder_minutes must be strictly increasing")
            previous = minutes
        if previous >= self.unpaid_timeout_minutes:
            raise ValueError("every payment reminder must come before unpaid_timeout_minutes")
        return self

    @property
    def payment_reminders(self) -> list[timedelta]:
        return [timedelta(minutes=m) for m in self.payment_reminder_minutes]

    @property
    def unpaid_timeout(self) -> timedelta:
        return timedelta(minutes=self.unpaid_timeout_minutes)


class Cancellation(_Section):
    """R-CN-1..2."""

    hold_minutes: PositiveInt
    request_response_hours: PositiveInt

    @property
    def hold(self) -> timedelta:
        return timedelta(minutes=self.hold_minutes)


class Fulfilment(_Section):
    """R-FL-1..2."""

    dispatch_business_days: PositiveInt
    auto_cancel_business_days: PositiveInt
    delivery_promise_business_days: PositiveInt
    # How far a carrier's clock may be off ours: an event dated later than now, or earlier than the end
    # of the order's hold (no parcel moves before it may be shipped), by more than this is refused.
    tracking_clock_skew_minutes: Annotated[int, Field(ge=0, le=24 * 60)]

    @model_validator(mode="after")
    def _cancel_after_dispatch(self) -> Fulfilment:
        if self.auto_cancel_business_days < self.dispatch_business_days:
            raise ValueError("auto_cancel_business_days must not come before dispatch_business_days")
        return self

    @property
    def tracking_clock_skew(self) -> timedelta:
        return timedelta(minutes=self.tracking_clock_skew_minutes)


class AfterSales(_Section):
    """R-AS-1..3 and the request windows of §6."""

    window_days: PositiveInt
    mall_window_days: PositiveInt
    seller_decision_days: PositiveInt
    proof_of_delivery_hours: PositiveInt
    buyer_return_ship_days: PositiveInt
    seller_refund_after_receipt_days: PositiveInt
    return_address: str


class Curve(_Section):
    """A piecewise-linear map through (x, y) breakpoints, flat beyond both ends (R-SC-7)."""

    points: Annotated[list[tuple[float, float]], Field(min_length=2)]

    @field_validator("points")
    @classmethod
    def _increasing_rates(cls, points: list[tuple[float, float]]) -> list[tuple[float, float]]:
        rates = [x for x, _ in points]
        if rates != sorted(rates) or len(set(rates)) != len(rates):
            raise ValueError("curve breakpoints must be strictly increasing in x")
        return points


class Score(_Section):
    """R-SC-1..10: the Shop Performance Score."""

    product_weight: Fraction
    fulfilment_weight: Fraction
    service_weight: Fraction
    product_window_days: PositiveInt
    fulfilment_window_days: PositiveInt
    complaint_window_days: PositiveInt
    reply_window_days: PositiveInt
    reply_within_hours: PositiveInt
    min_delivered_orders: PositiveInt
    delivered_window_days: PositiveInt
    negative_review_max_rating: Annotated[int, Field(ge=1, le=5)]
    curves: dict[str, Curve]

    @model_validator(mode="after")
    def _weights_and_curves(self) -> Score:
        total = self.product_weight + self.fulfilment_weight + self.service_weight
        if abs(total - 1.0) > 1e-9:
            raise ValueError(f"dimension weights must add up to 1, not {total:g}")
        missing = {"dor", "sfrr", "sfcr", "ldr", "complaint", "reply_24h"} - set(self.curves)
        if missing:
            raise ValueError(f"curves missing for {', '.join(sorted(missing))}")
        return self


class Privileges(_Section):
    """R-SC-10: the minimum SPS for each privilege (a null SPS holds the ``null_sps`` ones)."""

    thresholds: dict[str, SubScore]
    held_with_null_sps: list[str]
    unavailable: list[str]
    ranking_weight: Curve
    ranking_weight_null_sps: Annotated[float, Field(ge=0)]

    @model_validator(mode="after")
    def _known_privileges(self) -> Privileges:
        unknown = (set(self.held_with_null_sps) | set(self.unavailable)) - set(self.thresholds)
        if unknown:
            raise ValueError(f"privileges without a threshold: {', '.join(sorted(unknown))}")
        return self


class NegativeReviews(_Section):
    """R-BR-1, R-BR-3."""

    window_days: PositiveInt
    restriction_rate: Fraction
    extreme_rate: Fraction


class Messaging(_Section):
    """R-IM-1..6."""

    seller_initiation_chat_days: PositiveInt
    seller_initiation_order_days: PositiveInt
    max_message_length: PositiveInt
    reply_within_hours: PositiveInt
    restriction_min_days: PositiveInt
    restriction_max_days: PositiveInt
    restriction_after_points: PositiveInt
    spam_repeat_threshold: PositiveInt
    points_by_category: dict[str, Annotated[int, Field(ge=1, le=12)]]


class Milestone(_Section):
    points: PositiveInt
    penalty: str
    days: PositiveInt | None = None


class Violations(_Section):
    """R-VI-2: points and milestones."""

    points_expire_days: PositiveInt
    warning_before_points: NonNegativeInt
    milestones: Annotated[list[Milestone], Field(min_length=1)]
    points: dict[str, tuple[PositiveInt, PositiveInt]]


class Appeals(_Section):
    """R-AP-2..3."""

    max_appeals: PositiveInt
    first_within_days: PositiveInt
    second_within_days: PositiveInt
    decision_business_days_min: PositiveInt
    decision_business_days_max: PositiveInt


class Crm(_Section):
    """R-CR-1..2."""

    lapsed_days: PositiveInt
    broadcast_cap_days: PositiveInt
    high_value_quantile: Fraction


class Affiliate(_Section):
    """R-AF-3."""

    rate_lock_days: PositiveInt


class Fees(_Section):
    """R-FE-1, R-SL-2."""

    new_seller_days: NonNegativeInt
    new_seller_commission: Fraction
    commission_default: Fraction
    commission_by_category: dict[str, Fraction]
    logistics_fee_seller_fulfilled: NonNegativeInt
    logistics_fee_platform_fulfilled: NonNegativeInt


class Rulebook(_Section):
    market: MarketInfo
    features: Features
    orders: Orders
    cancellation: Cancellation
    fulfilment: Fulfilment
    after_sales: AfterSales
    score: Score
    privileges: Privileges
    negative_reviews: NegativeReviews
    messaging: Messaging
    violations: Violations
    appeals: Appeals
    crm: Crm
    affiliate: Affiliate
    fees: Fees
