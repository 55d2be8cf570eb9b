"""Policies about buyers who place orders and do not pay (R-UP-6)."""

from __future__ import annotations

from dataclasses import dataclass

from pasar.domain.errors import TooManyUnpaidOrders
from pasar.rules.model import Orders


@dataclass(frozen=True)
class UnpaidHistory:
    """R-UP-6: a buyer's unpaid-timeout orders in the rulebook's history window."""

    timeouts_in_window: int
    open_unpaid_orders: int
    window_days: int
    threshold: int
    max_open_unpaid: int

    @property
    def habitual_nonpayer(self) -> bool:
        return self.timeouts_in_window >= self.threshold


def unpaid_history(timeouts: int, open_unpaid: int, rules: Orders) -> UnpaidHistory:
    return UnpaidHistory(
        timeouts_in_window=timeouts,
        open_unpaid_orders=open_unpaid,
        window_days=rules.unpaid_history_days,
        threshold=rules.habitual_nonpayer_threshold,
        max_open_unpaid=rules.habitual_nonpayer_max_open_unpaid,
    )


def check_may_place(history: UnpaidHistory, new_orders: int) -> None:
    """A habitual non-payer may hold only a limited number of open unpaid orders."""
    if history.habitual_nonpayer and history.open_unpaid_orders + new_orders > history.max_open_unpaid:
        raise TooManyUnpaidOrders(
            f"{history.timeouts_in_window} orders went unpaid in the last {history.window_days} days; "
            f"pay your open orders first (at most {history.max_open_unpaid} unpaid order(s) at a time)"
        )
