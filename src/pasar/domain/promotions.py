"""Live-session incentives decided by payment order (R-UP-7)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class FirstPayersPromotion:
    """ "The first N payers get an extra discount": eligibility is decided by payment time order."""

    id: int
    shop_id: int
    first_n: int
    discount_amount: int
    starts_at: datetime
    ends_at: datetime

    def covers(self, placed_at: datetime) -> bool:
        return self.starts_at <= placed_at < self.ends_at

    def discount_for(self, order_total: int) -> int:
        return min(self.discount_amount, order_total)
