"""A shop's violation points against the R-VI-2 milestones."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from pasar.api.deps import MarketDep, OperatorShopId, PrincipalDep, own_or_named_shop
from pasar.services.violations import shop_violations

router = APIRouter(prefix="/v1", tags=["violations"])


@router.get(
    "/violations",
    summary="Active violation points, milestones reached and next, the active violations (R-VI-2)",
    description=(
        "Points count across every violation type while active and unexpired. `warning` is true within the "
        "rulebook's `violations.warning_before_points` of the next milestone. A seller sees its own shop; "
        "an operator names one with `shop_id`."
    ),
)
def get_violations(who: PrincipalDep, market: MarketDep, shop_id: OperatorShopId = None) -> dict[str, Any]:
    target = own_or_named_shop(who, shop_id)
    with market.uow(read_only=True) as uow:
        return shop_violations(uow, target)
