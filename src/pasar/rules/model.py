"""The market rulebook: every business number of the rules (docs/rules.md), as validated data.

A rulebook is one TOML file per market in ``rules/markets/``. Operators change a market's
rules by editing its file; the code only ever reads these values.

Every key names the rules it serves (``Rules("R-UP-3")`` beside its type): docs/rules.md is
generated from these, so the reference lists each rule's keys and defaults without a second list
to keep in step. ``NO_RULE`` marks a limit that no rule names (a maximum length, say).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator


@dataclass(frozen=True, init=False)
class Rules:
    """The IDs of the rules a rulebook key carries numbers for (read from the model, never at run time)."""

    ids: tuple[str, ...]

    def __init__(self, *ids: str) -> None:
        object.__setattr__(self, "ids", ids)


NO_RULE = Rules()

Fraction = Annotated[float, Field(ge=0, le=1)]
PositiveInt = Annotated[int, Field(gt=0)]
NonNegativeInt = Annotated[int, Field(ge=0)]
SubScore = Annotated[float, Field(ge=0, le=5)]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MarketInfo(_Section):
    """R-MK-1: who the market is."""

    code: Annotated[str, Field(pattern=r"^[A-Z]{2}$"), Rules("R-MK-1")]
    name: Annotated[str, Rules("R-MK-1")]
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$"), Rules("R-MK-1")]
    timezone: Annotated[str, Rules("R-MK-1")]
    holiday_country: Annotated[str, Field(pattern=r"^[A-Z]{2}$"), Rules("R-MK-1")]
    # Where public holidays differ inside the country, whose count (the ``holidays`` package's
    # subdivision code, e.g. GB "ENG": England and Wales keep Easter Monday and the August bank holiday)
    holiday_subdivision: Annotated[str | None, Rules("R-MK-1", "R-FL-1", "R-FL-2")] = None
    languages: Annotated[list[str], Field(min_length=1), Rules("R-MK-1")]
    locale: Annotated[str, Rules("R-MK-1")]
    phone_region: Annotated[str, Field(pattern=r"^[A-Z]{2}$"), Rules("R-MK-1", "R-IM-4")]

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @field_validator("holiday_subdivision")
    @classmethod
    def _known_subdivision(cls, value: str | None, info: ValidationInfo) -> str | None:
        country = info.data.get("holiday_country")
        if value is None or country is None:
            return value
        import holidays

        known = holidays.list_supported_countries().get(country, [])
        if value not in known:
            raise ValueError(
                f"{value!r} is not a holiday subdivision of {country} (known: {', '.join(known) or 'none'})"
            )
        return value


class Features(_Section):
    """R-MK-2: per-market exceptions."""

    mall: Annotated[bool, Rules("R-MK-2", "R-SC-10")]
    live_gifting: Annotated[bool, Rules("R-MK-2", "R-SC-10")]
    cash_on_delivery: Annotated[bool, Rules("R-MK-2", "R-UP-4")]


class Orders(_Section):
    """R-UP-2..7 and R-OR: the unpaid-order programme."""

    payment_reminder_minutes: Annotated[list[PositiveInt], Field(min_length=0), Rules("R-UP-2")]
    unpaid_timeout_minutes: Annotated[PositiveInt, Rules("R-UP-1", "R-UP-3")]
    payment_methods: Annotated[list[str], Field(min_length=1), Rules("R-UP-4")]
    new_buyer_days: Annotated[PositiveInt, Rules("R-UP-5")]
    unpaid_history_days: Annotated[PositiveInt, Rules("R-UP-6")]
    habitual_nonpayer_threshold: Annotated[PositiveInt, Rules("R-UP-6")]
    habitual_nonpayer_max_open_unpaid: Annotated[NonNegativeInt, Rules("R-UP-6")]
    max_quantity_per_line: Annotated[PositiveInt, NO_RULE]

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

    hold_minutes: Annotated[PositiveInt, Rules("R-CN-1")]
    request_response_hours: Annotated[PositiveInt, Rules("R-CN-2")]

    @property
    def hold(self) -> timedelta:
        return timedelta(minutes=self.hold_minutes)


class Fulfilment(_Section):
    """R-FL-1..2."""

    dispatch_business_days: Annotated[PositiveInt, Rules("R-FL-1")]
    auto_cancel_business_days: Annotated[PositiveInt, Rules("R-FL-2")]
    delivery_promise_business_days: Annotated[PositiveInt, Rules("R-FL-3")]
    # How far a carrier's clock may be off ours: an event dated later than now, or earlier than the end
    # of the order's hold (no parcel moves before it may be shipped), by more than this is refused.
    tracking_clock_skew_minutes: Annotated[int, Field(ge=0, le=24 * 60), Rules("R-FL-3")]

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

    window_days: Annotated[PositiveInt, Rules("R-MK-2", "R-FL-4", "R-AS-6")]
    mall_window_days: Annotated[PositiveInt, Rules("R-MK-2", "R-FL-4", "R-AS-6")]
    seller_decision_days: Annotated[PositiveInt, Rules("R-AS-1", "R-AS-3")]
    # The buyer's natural days to answer a seller's partial refund offer; unanswered, it counts as
    # declined and the seller decides again (no rule sets it; the same two days as the seller's)
    offer_response_days: Annotated[PositiveInt, NO_RULE]
    proof_of_delivery_hours: Annotated[PositiveInt, Rules("R-AS-2")]
    buyer_return_ship_days: Annotated[PositiveInt, Rules("R-AS-3")]
    # A shipped return that neither the seller nor the carrier's delivery scan has marked received
    # within these natural days counts as received, so the seller's refund clock starts (R-AS-3)
    return_receipt_days: Annotated[PositiveInt, Rules("R-AS-3")]
    seller_refund_after_receipt_days: Annotated[PositiveInt, Rules("R-AS-3", "R-AS-6")]
    return_address: Annotated[str, Rules("R-AS-3", "R-AS-6")]


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

    product_weight: Annotated[Fraction, Rules("R-SC-7")]
    fulfilment_weight: Annotated[Fraction, Rules("R-SC-7")]
    service_weight: Annotated[Fraction, Rules("R-SC-7")]
    product_window_days: Annotated[PositiveInt, Rules("R-SC-1", "R-SC-2")]
    fulfilment_window_days: Annotated[PositiveInt, Rules("R-SC-3", "R-SC-4")]
    complaint_window_days: Annotated[PositiveInt, Rules("R-SC-5")]
    reply_window_days: Annotated[PositiveInt, Rules("R-SC-6")]
    reply_within_hours: Annotated[PositiveInt, Rules("R-SC-6")]
    min_delivered_orders: Annotated[PositiveInt, Rules("R-SC-8")]
    delivered_window_days: Annotated[PositiveInt, Rules("R-SC-8")]
    negative_review_max_rating: Annotated[int, Field(ge=1, le=5), Rules("R-SC-1", "R-BR-1")]
    curves: Annotated[dict[str, Curve], Rules("R-SC-7")]

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

    thresholds: Annotated[dict[str, SubScore], Rules("R-SC-10")]
    held_with_null_sps: Annotated[list[str], Rules("R-SC-10")]
    unavailable: Annotated[list[str], Rules("R-MK-2", "R-SC-10")]
    ranking_weight: Annotated[Curve, Rules("R-SC-10")]
    ranking_weight_null_sps: Annotated[float, Field(ge=0), Rules("R-SC-10")]

    @model_validator(mode="after")
    def _known_privileges(self) -> Privileges:
        unknown = (set(self.held_with_null_sps) | set(self.unavailable)) - set(self.thresholds)
        if unknown:
            raise ValueError(f"privileges without a threshold: {', '.join(sorted(unknown))}")
        return self


class NegativeReviews(_Section):
    """R-BR-1, R-BR-3."""

    window_days: Annotated[PositiveInt, Rules("R-BR-1")]
    restriction_rate: Annotated[Fraction, Rules("R-BR-3")]
    extreme_rate: Annotated[Fraction, Rules("R-BR-3")]


class Messaging(_Section):
    """R-IM-1..6."""

    seller_initiation_chat_days: Annotated[PositiveInt, Rules("R-IM-2")]
    seller_initiation_order_days: Annotated[PositiveInt, Rules("R-IM-2")]
    max_message_length: Annotated[PositiveInt, NO_RULE]
    reply_within_hours: Annotated[PositiveInt, Rules("R-IM-6")]
    restriction_min_days: Annotated[PositiveInt, Rules("R-IM-5")]
    restriction_max_days: Annotated[PositiveInt, Rules("R-IM-5")]
    restriction_after_points: Annotated[PositiveInt, Rules("R-IM-5")]
    spam_repeat_threshold: Annotated[PositiveInt, Rules("R-IM-4")]
    points_by_category: Annotated[dict[str, Annotated[int, Field(ge=1, le=12)]], Rules("R-IM-5")]


class Milestone(_Section):
    points: PositiveInt
    penalty: str
    days: PositiveInt | None = None


class Violations(_Section):
    """R-VI-2: points and milestones."""

    points_expire_days: Annotated[PositiveInt, Rules("R-VI-2")]
    warning_before_points: Annotated[NonNegativeInt, Rules("R-VI-2")]
    milestones: Annotated[list[Milestone], Field(min_length=1), Rules("R-VI-2")]
    points: Annotated[dict[str, tuple[PositiveInt, PositiveInt]], Rules("R-VI-1", "R-VI-2")]


class Appeals(_Section):
    """R-AP-2..3."""

    max_appeals: Annotated[PositiveInt, Rules("R-AP-2")]
    first_within_days: Annotated[PositiveInt, Rules("R-AP-2")]
    second_within_days: Annotated[PositiveInt, Rules("R-AP-2")]
    decision_business_days_min: Annotated[PositiveInt, Rules("R-AP-3")]
    decision_business_days_max: Annotated[PositiveInt, Rules("R-AP-3")]


class Crm(_Section):
    """R-CR-1..2."""

    lapsed_days: Annotated[PositiveInt, Rules("R-CR-1")]
    broadcast_cap_days: Annotated[PositiveInt, Rules("R-CR-2")]
    high_value_quantile: Annotated[Fraction, Rules("R-CR-1")]


class Affiliate(_Section):
    """R-AF-3."""

    rate_lock_days: Annotated[PositiveInt, Rules("R-AF-3")]


class Fees(_Section):
    """R-FE-1, R-SL-2."""

    new_seller_days: Annotated[NonNegativeInt, Rules("R-SL-2", "R-BR-3")]
    new_seller_commission: Annotated[Fraction, Rules("R-SL-2", "R-FE-1")]
    commission_default: Annotated[Fraction, Rules("R-FE-1")]
    commission_by_category: Annotated[dict[str, Fraction], Rules("R-FE-1")]
    logistics_fee_seller_fulfilled: Annotated[NonNegativeInt, Rules("R-FE-1")]
    logistics_fee_platform_fulfilled: Annotated[NonNegativeInt, Rules("R-FE-1")]


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
