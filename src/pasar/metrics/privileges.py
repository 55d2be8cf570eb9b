"""What a score earns and what a negative-review rate costs (R-SC-10, R-BR-3). Pure functions.

Every threshold is the market's rulebook: ``[privileges]`` (the minimum SPS per privilege, those a
shop keeps while its SPS is null, those the market does not offer, the ranking-weight curve) and
``[negative_reviews]`` (the NRR restriction and extreme rates).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pasar.metrics.score import curve_value
from pasar.rules.model import Rulebook

SEARCH_BOOST = "search_boost"  # the privilege R-BR-3's "traffic limits" withdraw


class NrrLevel(StrEnum):
    """R-BR-3: where a shop's negative review rate stands against the rulebook thresholds."""

    OK = "ok"
    RESTRICTED = "restricted"  # above restriction_rate: blocks graduation; traffic and marketing limits
    EXTREME = "extreme"  # above extreme_rate: product delisting or shop suspension review


def nrr_level(num: int, den: int, rules: Rulebook) -> NrrLevel:
    if den == 0:
        return NrrLevel.OK
    rate = num / den
    if rate > rules.negative_reviews.extreme_rate:
        return NrrLevel.EXTREME
    if rate > rules.negative_reviews.restriction_rate:
        return NrrLevel.RESTRICTED
    return NrrLevel.OK


def marketing_tools(rules: Rulebook) -> frozenset[str]:
    """The marketing tools R-BR-3 withdraws: the privileges a shop keeps while its SPS is null."""
    return frozenset(rules.privileges.held_with_null_sps)


@dataclass(frozen=True)
class Standing:
    """A shop's privileges and consequences as of one day."""

    market: str
    sps: float | None
    nrr_level: NrrLevel
    new_seller: bool
    privileges: dict[str, bool]
    ranking_weight: float
    graduation_blocked: bool  # R-BR-3: a new seller cannot graduate while NRR is above the threshold
    restricted: bool  # R-BR-3: an established shop loses traffic and marketing tools
    suspension_review: bool  # R-BR-3: extreme NRR, for the operators to review

    def as_json(self) -> dict[str, Any]:
        return {
            "sps": self.sps,
            "nrr_level": self.nrr_level.value,
            "new_seller": self.new_seller,
            "privileges": dict(sorted(self.privileges.items())),
            "ranking_weight": self.ranking_weight,
            "graduation_blocked": self.graduation_blocked,
            "restricted": self.restricted,
            "suspension_review": self.suspension_review,
        }


def standing(sps: float | None, level: NrrLevel, rules: Rulebook, *, new_seller: bool) -> Standing:
    """R-SC-10 and R-BR-3 together: what the shop may use, and how it ranks."""
    book = rules.privileges
    unavailable = set(book.unavailable)
    held = {}
    for privilege, minimum in book.thresholds.items():
        if privilege in unavailable:  # R-MK-2: e.g. no Mall in ID, no live gifting in TH
            held[privilege] = False
        elif sps is None:
            held[privilege] = privilege in book.held_with_null_sps  # R-SC-8: null is never 0
        else:
            held[privilege] = sps >= minimum
    restricted = level is not NrrLevel.OK and not new_seller
    weight = book.ranking_weight_null_sps if sps is None else curve_value(book.ranking_weight.points, sps)
    if restricted:
        for privilege in marketing_tools(rules) | {SEARCH_BOOST}:
            if privilege in held:
                held[privilege] = False
        weight = min(weight, min(y for _, y in book.ranking_weight.points))  # traffic limits: the lowest weight
    return Standing(
        market=rules.market.code,
        sps=sps,
        nrr_level=level,
        new_seller=new_seller,
        privileges=held,
        ranking_weight=weight,
        graduation_blocked=new_seller and level is not NrrLevel.OK,
        restricted=restricted,
        suspension_review=level is NrrLevel.EXTREME,
    )
