"""Who is asking: the principals of the API and what each may see."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class PrincipalKind(StrEnum):
    BUYER = "buyer"
    SELLER = "seller"  # a seller user, bound to one shop
    OPERATOR = "operator"


@dataclass(frozen=True)
class Principal:
    kind: PrincipalKind
    name: str
    buyer_id: int | None = None
    shop_id: int | None = None

    def may_see_order(self, *, buyer_id: int, shop_id: int) -> bool:
        if self.kind is PrincipalKind.OPERATOR:
            return True
        if self.kind is PrincipalKind.SELLER:
            return self.shop_id == shop_id
        return self.buyer_id == buyer_id
