"""Unpaid-order analytics (R-UP-5), computed from one fact row per order.

Definitions (docs/unpaid-analytics.md):
- an order is *decided* once it is paid, cancelled, or older than the unpaid timeout; orders still
  inside their payment window are *pending* and left out of every rate;
- an order is *unpaid* when it was cancelled for UNPAID_TIMEOUT or is still unpaid past the timeout;
- unpaid rate = unpaid ÷ decided orders, overall and per breakdown value.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pasar.domain.payments import TECHNICAL_FAILURES


@dataclass(frozen=True)
class UnpaidFact:
    order_id: int
    placed_at: datetime
    local_hour: int
    categories: tuple[str, ...]
    channel: str
    status: str
    cancel_reason: str | None
    paid_at: datetime | None
    timeout_at: datetime
    buyer_first_order_at: datetime
    new_buyer_days: int
    last_method: str | None
    last_failure: str | None
    reminders: dict[int, datetime]

    def decided(self, now: datetime) -> bool:
        return self.paid_at is not None or self.status == "CANCELLED" or now >= self.timeout_at

    def unpaid(self, now: datetime) -> bool:
        return self.cancel_reason == "UNPAID_TIMEOUT" or (self.status == "UNPAID" and now >= self.timeout_at)

    @property
    def tenure(self) -> str:
        new = self.placed_at - self.buyer_first_order_at <= timedelta(days=self.new_buyer_days)
        return "new" if new else "returning"


def _rate(num: int, den: int) -> float | None:
    return num / den if den else None


def _breakdown(
    facts: list[UnpaidFact], now: datetime, keys: Callable[[UnpaidFact], Iterable[str]], order: list[str] | None = None
) -> list[dict[str, Any]]:
    orders: dict[str, int] = defaultdict(int)
    unpaid: dict[str, int] = defaultdict(int)
    for fact in facts:
        for key in keys(fact):
            orders[key] += 1
            unpaid[key] += fact.unpaid(now)
    names = order if order is not None else sorted(orders)
    return [
        {"key": key, "orders": orders[key], "unpaid": unpaid[key], "rate": _rate(unpaid[key], orders[key])}
        for key in names
    ]


def _paid_before(fact: UnpaidFact, instant: datetime) -> bool:
    return fact.paid_at is not None and fact.paid_at < instant


def _reminder_effect(facts: list[UnpaidFact]) -> list[dict[str, Any]]:
    """Share of reminded orders that were paid after that reminder (and before the next one)."""
    sequences = sorted({seq for fact in facts for seq in fact.reminders})
    effect = []
    for seq in sequences:
        reminded = [fact for fact in facts if seq in fact.reminders]
        paid_after = [f for f in reminded if f.paid_at is not None and f.paid_at >= f.reminders[seq]]
        before_next = [f for f in paid_after if seq + 1 not in f.reminders or _paid_before(f, f.reminders[seq + 1])]
        effect.append(
            {
                "seq": seq,
                "reminded": len(reminded),
                "paid_after": len(paid_after),
                "paid_before_next": len(before_next),
                "rate": _rate(len(paid_after), len(reminded)),
            }
        )
    return effect


def summarise(all_facts: Iterable[UnpaidFact], now: datetime) -> dict[str, Any]:
    facts_in = list(all_facts)
    facts = [fact for fact in facts_in if fact.decided(now)]
    unpaid = [fact for fact in facts if fact.unpaid(now)]
    failed_unpaid = [fact for fact in unpaid if fact.last_failure is not None]
    technical = sum(1 for fact in unpaid if fact.last_failure in TECHNICAL_FAILURES)
    return {
        "placed": len(facts_in),
        "pending": len(facts_in) - len(facts),
        "decided": len(facts),
        "unpaid": len(unpaid),
        "unpaid_rate": _rate(len(unpaid), len(facts)),
        "paid": sum(1 for fact in facts if fact.paid_at is not None),
        "by_category": _breakdown(facts, now, lambda f: f.categories),
        "by_hour": _breakdown(facts, now, lambda f: [f"{f.local_hour:02d}"], [f"{h:02d}" for h in range(24)]),
        "by_channel": _breakdown(facts, now, lambda f: [f.channel]),
        "by_buyer_tenure": _breakdown(facts, now, lambda f: [f.tenure], ["new", "returning"]),
        "by_payment_method": _breakdown(facts, now, lambda f: [f.last_method or "none"]),
        "by_failure_reason": _breakdown(facts, now, lambda f: [f.last_failure] if f.last_failure else []),
        "unpaid_with_failed_payment_share": _rate(len(failed_unpaid), len(unpaid)),
        "unpaid_technical_failure_share": _rate(technical, len(unpaid)),
        "reminder_effect": _reminder_effect(facts),
    }
