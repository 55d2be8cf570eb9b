"""What a buyer is told, and through which channel, for each event (R-UP-2)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import Any


class NotificationChannel(StrEnum):
    IN_APP = "in_app"
    EMAIL = "email"
    SMS = "sms"


@dataclass(frozen=True)
class Message:
    kind: str
    title: str
    body: str


def message_for(topic: str, payload: dict[str, Any]) -> Message | None:
    """The buyer-facing message for an event, or None when buyers are not told about it."""
    order = payload.get("order_id")
    if topic == "order.payment_reminder":
        minutes = payload["minutes_left"]
        return Message(
            "payment_reminder",
            f"Complete your payment for order {order}",
            f"Your order {order} is waiting for payment. Pay within {minutes} minutes or it will be "
            "cancelled automatically and the items released.",
        )
    if topic == "order.cancelled" and payload.get("reason") == "UNPAID_TIMEOUT":
        return Message(
            "unpaid_cancelled",
            f"Order {order} was cancelled",
            f"Your order {order} was cancelled because it was not paid in time.",
        )
    if topic == "payment.failed":
        return Message(
            "payment_failed",
            f"Payment for order {order} did not go through",
            f"The payment failed ({payload['reason'].replace('_', ' ')}). You can try again or use another method.",
        )
    if topic == "promotion.won":
        return Message(
            "promotion_won",
            f"You were payer #{payload['rank']}!",
            f"Order {order} is among the first payers: a discount of {payload['discount_amount']} "
            f"{payload['currency']} (minor units) is credited to you.",
        )
    if topic == "payment.refunded":  # the payment came after the order was cancelled (or paid already)
        late = "the order was cancelled" if payload["order_status"] == "CANCELLED" else "the order was already paid"
        return Message(
            "payment_refunded",
            f"Your payment for order {order} was refunded",
            f"Your payment of {payload['amount']} {payload['currency']} (minor units) for order {order} arrived "
            f"after {late}, so it was refunded in full to the same payment method.",
        )
    if topic == "case.return_address":  # R-AS-3: sent on approval
        return Message(
            "return_address",
            f"Send your return for order {order}",
            f"Your return for order {order} was approved. Please ship the item within "
            f"{payload['ship_within_days']} days to: {payload['address']}. Add the carrier and tracking "
            "number to your after-sales case when you ship it.",
        )
    if topic == "cancellation.withdrawn":  # R-CN-2: the order moved on before the request was decided
        outcome = (
            "The order was cancelled, and what you paid is refunded in full."
            if payload["order_status"] == "CANCELLED"
            else "The carrier picked the parcel up before the request was decided, so the order can no longer "
            "be cancelled; once it is delivered you can ask for a return."
        )
        return Message("cancellation_withdrawn", f"Your cancellation request for order {order} was closed", outcome)
    if topic == "crm.broadcast":  # R-CR-2: a shop's broadcast (and coupon) to one buyer
        coupon = payload.get("coupon")
        extra = (
            f" Coupon: {coupon['amount_off']} {coupon['currency']} off a spend of {coupon['min_spend']} "
            f"(minor units), until {coupon['expires_at']}."
            if coupon
            else ""
        )
        return Message("crm_broadcast", f"News from {payload['shop_name']}", f"{payload['text']}{extra}")
    return None


def channels_for(preferred: str) -> list[NotificationChannel]:
    """Every message is kept in the app; the buyer's preferred channel carries it as well."""
    channel = NotificationChannel(preferred)
    return (
        [NotificationChannel.IN_APP] if channel is NotificationChannel.IN_APP else [NotificationChannel.IN_APP, channel]
    )


def delivery_key(notification_id: int) -> str:
    """The idempotency key of a notification's e-mail or SMS: the same for every send of it."""
    return f"pasar-notification-{notification_id}"


@dataclass(frozen=True)
class DeliveryPolicy:
    """When an e-mail or SMS that did not go out is tried again (numbers from the settings)."""

    max_attempts: int
    backoff_seconds: tuple[int, ...]
    interrupted_retries: int

    def resend_after_interruption(self, attempts: int, interrupted_sends: int) -> bool:
        """A send whose worker died before recording the outcome (``interrupted_sends`` earlier ones,
        not counting it) may have reached the buyer: it is sent again only this many times."""
        return interrupted_sends < self.interrupted_retries and attempts < self.max_attempts

    def retry_delay(self, attempts: int) -> timedelta | None:
        """After the ``attempts``-th send failed: the wait before the next one, or None to give up."""
        if attempts >= self.max_attempts:
            return None
        backoff = self.backoff_seconds or (0,)
        return timedelta(seconds=backoff[min(attempts, len(backoff)) - 1])
