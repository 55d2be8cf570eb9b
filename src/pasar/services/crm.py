"""CRM (docs/rules.md §10): segments of a shop's buyers, broadcasts and coupons to a segment.

A broadcast needs the CRM privilege (R-SC-10, :func:`crm_broadcast_allowed`), passes the R-IM-4
check before anything is sent (a blocked one records a messaging violation and sends nothing),
skips buyers who opted out of the shop and buyers who got one of its broadcasts within
``crm.broadcast_cap_days``, and is delivered through the outbox: one ``crm.broadcast`` event per
recipient, in the same transaction.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from pasar.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from pasar.domain.messaging import BuyerTotals, CustomRule, Segment, segment_members
from pasar.domain.orders import MAX_AMOUNT
from pasar.domain.principals import Principal, PrincipalKind
from pasar.moderation import Verdict
from pasar.services.messaging import _check_text, _shop, check_text, ensure_may_send
from pasar.services.scores import has_privilege
from pasar.services.unit_of_work import UnitOfWork

PRIVILEGE = "crm_broadcast"


class PrivilegeRequired(Forbidden):
    code = "privilege-required"


class NoRecipients(Conflict):
    code = "no-recipients"


def crm_broadcast_allowed(uow: UnitOfWork, shop_id: int) -> bool:
    """R-SC-10, R-CR-2: broadcasting is a privilege the Shop Performance Score grants (or a shop
    without a score yet holds); the score engine is the one place that decides."""
    return has_privilege(uow, shop_id, PRIVILEGE)


def _seller_shop(who: Principal) -> int:
    if who.kind is not PrincipalKind.SELLER or who.shop_id is None:
        raise Forbidden("only a seller uses the shop's CRM")
    return who.shop_id


def members(uow: UnitOfWork, shop_id: int, segment: Segment, rule: CustomRule | None = None) -> list[int]:
    """R-CR-1: the buyers of ``shop_id`` in ``segment`` as of ``uow.now``."""
    shop = _shop(uow, shop_id)
    rules = uow.rules(shop.market)
    totals = [
        BuyerTotals(int(r.buyer_id), int(r.orders), int(r.spend or 0), r.first_order_at, r.last_order_at)
        for r in uow.crm.buyer_totals(shop_id)
    ]
    in_category = None
    if segment is Segment.CUSTOM and rule is not None and rule.category is not None:
        if uow.catalogue.category_by_code(rule.category) is None:
            raise InvalidInput(f"unknown category {rule.category!r}", field="rule.category")
        in_category = uow.crm.buyers_in_category(shop_id, rule.category)
    return segment_members(
        segment,
        totals,
        uow.now,
        new_buyer_days=rules.orders.new_buyer_days,
        lapsed_days=rules.crm.lapsed_days,
        high_value_quantile=rules.crm.high_value_quantile,
        rule=rule,
        in_category=in_category,
    )


@dataclass(frozen=True)
class Coupon:
    amount_off: int
    min_spend: int
    expires_at: datetime


@dataclass(frozen=True)
class BroadcastResult:
    verdict: Verdict
    broadcast_id: int | None = None
    recipients: int = 0
    skipped_opted_out: int = 0
    skipped_capped: int = 0
    coupon_id: int | None = None
    violation_id: int | None = None

    @property
    def blocked(self) -> bool:
        return not self.verdict.allowed

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.broadcast_id,
            "recipients": self.recipients,
            "skipped_opted_out": self.skipped_opted_out,
            "skipped_capped": self.skipped_capped,
            "coupon_id": self.coupon_id,
        }


def _check_coupon(coupon: Coupon) -> None:
    if not 0 < coupon.amount_off <= MAX_AMOUNT:
        raise InvalidInput(f"a coupon takes between 1 and {MAX_AMOUNT:,} off", field="coupon.amount_off")
    if not 0 <= coupon.min_spend <= MAX_AMOUNT:
        raise InvalidInput(f"the minimum spend must be between 0 and {MAX_AMOUNT:,}", field="coupon.min_spend")
    if coupon.expires_at.tzinfo is None:  # it is compared with the aware instants of the store
        raise InvalidInput("the expiry needs a time zone", field="coupon.expires_at")


def broadcast(
    uow: UnitOfWork,
    who: Principal,
    *,
    segment: Segment,
    text: str,
    rule: CustomRule | None = None,
    coupon: Coupon | None = None,
) -> BroadcastResult:
    """R-CR-2: a message (and optionally a coupon) to every reachable buyer of a segment."""
    shop_id = _seller_shop(who)
    shop = _shop(uow, shop_id)
    rules = uow.rules(shop.market)
    ensure_may_send(uow, shop_id)
    if not crm_broadcast_allowed(uow, shop_id):
        raise PrivilegeRequired(
            f"broadcasts need the CRM privilege: a Shop Performance Score of at least "
            f"{rules.privileges.thresholds[PRIVILEGE]} (R-SC-10)"
        )
    _check_text(text, rules.messaging.max_message_length, required=True)
    if segment is Segment.CUSTOM and rule is None:
        raise InvalidInput("a custom segment needs a rule", field="rule")
    if coupon is not None:
        _check_coupon(coupon)
        if coupon.expires_at <= uow.now:
            raise InvalidInput("the coupon must expire in the future", field="coupon.expires_at")
        if coupon.min_spend and coupon.amount_off > coupon.min_spend:
            raise InvalidInput("the amount off cannot exceed the minimum spend", field="coupon.amount_off")
    chosen = members(uow, shop_id, segment, rule)
    if not chosen:
        raise NoRecipients(f"the {segment.value} segment of shop {shop_id} is empty", field="segment")
    verdict = check_text(uow, shop.market, text, shop_id=shop_id, context="broadcast")  # R-IM-4, R-IM-5
    if not verdict.allowed:
        return BroadcastResult(verdict)
    opted_out = uow.crm.opted_out(shop_id)
    capped = uow.crm.reached_since(shop_id, uow.now - timedelta(days=rules.crm.broadcast_cap_days))
    skipped_opted_out = [b for b in chosen if b in opted_out]
    skipped_capped = [b for b in chosen if b not in opted_out and b in capped]
    recipients = [b for b in chosen if b not in opted_out and b not in capped]
    if not recipients:
        raise NoRecipients(
            f"nobody to send to: of {len(chosen)} buyer(s) in the segment, {len(skipped_opted_out)} opted out "
            f"and {len(skipped_capped)} already got a broadcast in the last {rules.crm.broadcast_cap_days} days "
            "(R-CR-2)",
            field="segment",
        )
    broadcast_id = uow.crm.add_broadcast(
        {
            "shop_id": shop_id,
            "segment": segment.value,
            "rule": json.dumps(asdict(rule)) if rule is not None else None,
            "text": text,
            "recipients": len(recipients),
            "skipped_opted_out": len(skipped_opted_out),
            "skipped_capped": len(skipped_capped),
            "created_at": uow.now,
        },
        recipients,
        uow.now,
    )
    coupon_id = None
    coupon_json = None
    if coupon is not None:
        coupon_id = uow.crm.add_coupon(
            {
                "shop_id": shop_id,
                "broadcast_id": broadcast_id,
                "amount_off": coupon.amount_off,
                "min_spend": coupon.min_spend,
                "currency": rules.market.currency,
                "expires_at": coupon.expires_at,
                "created_at": uow.now,
            }
        )
        coupon_json = {
            "id": coupon_id,
            "amount_off": coupon.amount_off,
            "min_spend": coupon.min_spend,
            "currency": rules.market.currency,
            "expires_at": coupon.expires_at.isoformat(),
        }
    for buyer_id in recipients:
        uow.emit(
            "crm.broadcast",
            broadcast_id,
            {
                "broadcast_id": broadcast_id,
                "shop_id": shop_id,
                "shop_name": shop.name,
                "buyer_id": buyer_id,
                "text": text,
                "coupon": coupon_json,
            },
        )
    return BroadcastResult(
        verdict,
        broadcast_id,
        len(recipients),
        len(skipped_opted_out),
        len(skipped_capped),
        coupon_id,
    )


def set_opt_out(uow: UnitOfWork, who: Principal, shop_id: int, *, opted_out: bool) -> bool:
    """A buyer opts out of (or back into) a shop's broadcasts; returns whether anything changed."""
    if who.kind is not PrincipalKind.BUYER or who.buyer_id is None:
        raise Forbidden("only a buyer opts out of a shop's broadcasts")
    if uow.catalogue.shop(shop_id) is None:
        raise NotFound(f"shop {shop_id} not found")
    if opted_out:
        return uow.crm.opt_out(shop_id, who.buyer_id, uow.now)
    return uow.crm.opt_in(shop_id, who.buyer_id)


def broadcasts_json(uow: UnitOfWork, who: Principal) -> list[dict[str, Any]]:
    shop_id = _seller_shop(who)
    return [
        {
            "id": r.id,
            "segment": r.segment,
            "rule": json.loads(r.rule) if r.rule else None,
            "text": r.text,
            "recipients": r.recipients,
            "skipped_opted_out": r.skipped_opted_out,
            "skipped_capped": r.skipped_capped,
            "coupon_id": r.coupon_id,
            "created_at": r.created_at.isoformat(),
        }
        for r in uow.crm.broadcasts(shop_id)
    ]


def coupons_json(uow: UnitOfWork, who: Principal) -> list[dict[str, Any]]:
    if who.kind is not PrincipalKind.BUYER or who.buyer_id is None:
        raise Forbidden("only a buyer holds coupons")
    return [
        {
            "id": c.id,
            "shop_id": c.shop_id,
            "amount_off": c.amount_off,
            "min_spend": c.min_spend,
            "currency": c.currency,
            "expires_at": c.expires_at.isoformat(),
        }
        for c in uow.crm.coupons_for_buyer(who.buyer_id, uow.now)
    ]
