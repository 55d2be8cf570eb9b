"""Scores, privileges and what-if as pure functions (R-SC-7, R-SC-8, R-SC-9, R-SC-10, R-BR-3)."""

from __future__ import annotations

from datetime import date

import pytest

from pasar.metrics.privileges import NrrLevel, nrr_level, standing
from pasar.metrics.score import curve_value, round_half_up, score_shop
from pasar.metrics.sql import COUNTER_NAMES
from pasar.metrics.whatif import dimension_steps, privilege_steps
from pasar.rules import rulebook_for

ID, TH, GB = rulebook_for("ID"), rulebook_for("TH"), rulebook_for("GB")
DAY = date(2026, 3, 1)


def counts(**values: int) -> dict[str, int]:
    base = dict.fromkeys(COUNTER_NAMES, 0)
    base.update(values)
    return base


@pytest.mark.parametrize(
    ("rate", "expected"),
    [(0.0, 5.0), (0.006, 4.5), (0.012, 4.0), (0.03, 3.0), (0.045, 2.0), (0.10, 0.0), (0.5, 0.0), (-1.0, 5.0)],
)
def test_r_sc_7_dor_curve_is_piecewise_linear_and_flat_beyond_its_ends(rate: float, expected: float) -> None:
    """Given the default DOR breakpoints, a rate maps to the line between its neighbours, flat outside."""
    assert curve_value(ID.score.curves["dor"].points, rate) == pytest.approx(expected)


def test_r_sc_7_reply_rate_curve_rises_with_the_rate() -> None:
    points = ID.score.curves["reply_24h"].points
    assert curve_value(points, 0.5) == 0 and curve_value(points, 0.7) == pytest.approx(0.5)
    assert curve_value(points, 0.975) == pytest.approx(4.5) and curve_value(points, 1.0) == 5


@pytest.mark.parametrize(("raw", "rounded"), [(3.45, 3.5), (3.449999, 3.4), (4.05, 4.1), (2.25, 2.3), (5.0, 5.0)])
def test_r_sc_7_sps_rounds_half_up_to_one_decimal(raw: float, rounded: float) -> None:
    assert round_half_up(raw) == rounded


def test_r_sc_7_dimension_is_the_mean_and_sps_the_weighted_sum() -> None:
    """Given every metric present, SPS = 0.4·product + 0.4·fulfilment + 0.2·service, rounded half-up."""
    c = counts(
        dor_num=3,
        dor_den=100,
        sfrr_num=1,
        sfrr_den=100,  # 3% → 3, 1% → 4: product 3.5
        sfcr_num=0,
        sfcr_den=100,
        ldr_num=4,
        ldr_den=100,  # 5, 3: fulfilment 4
        complaint_num=1,
        complaint_den=100,
        reply_24h_num=9,
        reply_24h_den=10,  # 3, 3: service 3
        delivered_90d=100,
    )
    score = score_shop(1, "s", DAY, c, ID)
    assert (score.product, score.fulfilment, score.service) == pytest.approx((3.5, 4.0, 3.0))
    assert score.sps == 3.6  # 0.4·3.5 + 0.4·4 + 0.2·3 = 3.6


def test_r_sc_7_empty_denominators_are_left_out_and_weights_renormalised() -> None:
    """Given no shipments and no buyer waits or paid orders, LDR and the whole service dimension drop out."""
    c = counts(dor_num=0, dor_den=40, sfcr_num=1, sfcr_den=40, delivered_90d=40)  # 2.5% → SFCR 3
    score = score_shop(1, "s", DAY, c, ID)
    assert score.metrics["ldr"].score is None and score.metrics["ldr"].rate is None
    assert score.fulfilment == pytest.approx(3.0)  # the mean of SFCR alone
    assert score.product == pytest.approx(5.0)  # DOR 0% and SFRR 0% (same denominator)
    assert score.service is None
    assert score.sps == 4.0  # (0.4·5 + 0.4·3) / 0.8


@pytest.mark.parametrize(("delivered", "shown"), [(29, False), (30, True)])
def test_r_sc_8_sps_needs_30_delivered_orders_and_is_null_never_zero(delivered: int, shown: bool) -> None:
    c = counts(  # a terrible shop: every delivered order got a negative review and a refund
        dor_num=delivered, dor_den=delivered, sfrr_num=delivered, sfrr_den=delivered, delivered_90d=delivered
    )
    score = score_shop(1, "s", DAY, c, ID)
    assert (score.sps is not None) is shown
    if shown:
        assert score.sps == 0.0  # a real score can be 0; only "not enough orders" is null
    assert score.product == 0.0  # the dimensions are still shown to the seller


def test_r_sc_9_three_fewer_late_dispatches_raise_fulfilment_from_3_to_4() -> None:
    """Given SFCR 0% and LDR 10% of 50, the smallest change is 3 fewer late dispatches (3.0 → 4.0)."""
    c = counts(sfcr_num=0, sfcr_den=50, ldr_num=5, ldr_den=50, dor_den=50, delivered_90d=50)
    score = score_shop(1, "s", DAY, c, ID)
    steps = [s for s in dimension_steps(score.metrics, ID) if s.target == "fulfilment"]
    assert steps[0].metric == "ldr" and steps[0].change == 3
    assert steps[0].message == "3 fewer late dispatches would raise fulfilment from 3.0 to 4.0"


def test_r_sc_9_more_answered_waits_lift_service() -> None:
    c = counts(reply_24h_num=8, reply_24h_den=10, complaint_den=10, delivered_90d=10)  # 80% → 1; complaints 0 → 5
    score = score_shop(1, "s", DAY, c, ID)
    (step,) = [s for s in dimension_steps(score.metrics, ID) if s.metric == "reply_24h"]
    assert step.change == 1 and step.message.startswith("1 more buyer wait answered within 24 h would raise service")


def test_r_sc_9_what_reaches_the_next_privilege_threshold() -> None:
    c = counts(dor_num=2, dor_den=100, sfcr_den=100, ldr_num=4, ldr_den=100, complaint_den=100, delivered_90d=100)
    score = score_shop(1, "s", DAY, c, ID)
    assert score.sps is not None and score.sps < 4.5
    steps = privilege_steps(score.metrics, score.delivered_90d, ID)
    assert steps and all(s.after >= 4.0 or s.after >= 4.5 for s in steps)
    assert steps == sorted(steps, key=lambda s: s.change)


def test_r_sc_10_privileges_follow_the_rulebook_thresholds_and_market_exceptions() -> None:
    star = standing(4.2, NrrLevel.OK, ID, new_seller=False)
    assert star.privileges["crm_broadcast"] and star.privileges["star_shop_badge"] and star.privileges["search_boost"]
    assert not star.privileges["top_choice_badge"]
    assert not star.privileges["mall"]  # R-MK-2: no Mall in ID
    assert standing(4.2, NrrLevel.OK, GB, new_seller=False).privileges["mall"]
    assert not standing(5.0, NrrLevel.OK, TH, new_seller=False).privileges["live_gifting"]  # R-MK-2
    low = standing(3.4, NrrLevel.OK, GB, new_seller=False)
    assert not low.privileges["flash_sales"] and not low.privileges["crm_broadcast"]
    assert star.ranking_weight > low.ranking_weight


def test_r_sc_8_r_sc_10_a_null_sps_keeps_the_campaign_privileges_but_no_badge() -> None:
    new = standing(None, NrrLevel.OK, GB, new_seller=True)
    assert new.privileges["platform_campaigns"] and new.privileges["crm_broadcast"]
    assert not new.privileges["star_shop_badge"] and not new.privileges["mall"]
    assert new.ranking_weight == GB.privileges.ranking_weight_null_sps


def test_r_br_3_nrr_above_3_percent_restricts_established_shops_and_blocks_graduation() -> None:
    assert nrr_level(3, 100, ID) is NrrLevel.OK  # "above" the threshold, not at it
    assert nrr_level(4, 100, ID) is NrrLevel.RESTRICTED
    assert nrr_level(11, 100, ID) is NrrLevel.EXTREME
    established = standing(4.6, NrrLevel.RESTRICTED, GB, new_seller=False)
    assert established.restricted and not established.graduation_blocked
    assert (
        not established.privileges["crm_broadcast"] and not established.privileges["search_boost"]
    )  # marketing, traffic
    assert established.privileges["top_choice_badge"]  # the badges follow the SPS
    assert established.ranking_weight == min(y for _, y in GB.privileges.ranking_weight.points)
    new = standing(4.6, NrrLevel.RESTRICTED, GB, new_seller=True)
    assert new.graduation_blocked and not new.restricted and new.privileges["crm_broadcast"]
    extreme = standing(4.6, NrrLevel.EXTREME, GB, new_seller=False)
    assert extreme.suspension_review
