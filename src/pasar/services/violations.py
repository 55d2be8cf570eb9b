"""A shop's violations as the seller sees them (R-VI-1, R-VI-2): active points against the milestones.

Points count across every violation type while they are active and unexpired (90 days by default).
Today only messaging (R-IM-5) issues violations; other types join the same table. Reaching a
milestone is shown with the penalty the rulebook names; the penalties themselves are not yet applied
here (a messaging restriction is, by R-IM-5, and is reported alongside).
"""

from __future__ import annotations

import json
from typing import Any

from pasar.domain.errors import NotFound
from pasar.domain.violations import points_standing
from pasar.rules.model import Milestone
from pasar.services.messaging import restricted_until
from pasar.services.unit_of_work import UnitOfWork


def _milestone(milestone: Milestone | None) -> dict[str, Any] | None:
    if milestone is None:
        return None
    return {"points": milestone.points, "penalty": milestone.penalty, "days": milestone.days}


def shop_violations(uow: UnitOfWork, shop_id: int) -> dict[str, Any]:
    """Active points, the milestones reached and next (with R-VI-2's warning), the active violations."""
    shop = uow.catalogue.shop(shop_id)
    if shop is None:
        raise NotFound(f"shop {shop_id} not found")
    rules = uow.rules(shop.market).violations
    active = [
        {
            "id": v.id,
            "type": v.type,
            "category": v.category,
            "points": v.points,
            "issued_at": v.issued_at,
            "expires_at": v.expires_at,
            "evidence": json.loads(v.evidence),
        }
        for v in uow.messaging.violations_of(shop_id, kind=None)
        if v.status == "active" and v.expires_at > uow.now
    ]
    points = sum(v["points"] for v in active)
    standing = points_standing(points, rules)
    until = restricted_until(uow, shop_id)
    return {
        "shop_id": shop_id,
        "active_points": points,
        "reached": [_milestone(m) for m in standing.reached],
        "next": _milestone(standing.next),
        "points_to_next": standing.points_to_next,
        "warning": standing.warning,
        "messaging_restricted_until": until,
        "violations": sorted(active, key=lambda v: v["expires_at"]),
        "expire_days": rules.points_expire_days,
    }
