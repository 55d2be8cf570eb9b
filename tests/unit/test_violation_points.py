"""R-VI-2: milestones over active points, and the warning five points before each."""

from __future__ import annotations

import pytest

from pasar.domain.violations import points_standing
from pasar.rules import rulebook_for

RULES = rulebook_for("ID").violations


def test_r_vi_2_a_clean_shop_has_reached_nothing_and_is_not_warned() -> None:
    standing = points_standing(0, RULES)
    assert standing.reached == () and standing.worst is None
    assert standing.next is not None and standing.next.points == 12 and standing.points_to_next == 12
    assert not standing.warning


@pytest.mark.parametrize(("points", "warned"), [(6, False), (7, True), (11, True)])
def test_r_vi_2_the_warning_starts_five_points_before_the_next_milestone(points: int, warned: bool) -> None:
    assert points_standing(points, RULES).warning is warned


def test_r_vi_2_reaching_a_milestone_names_its_penalty_and_the_next_one() -> None:
    standing = points_standing(26, RULES)
    assert [m.points for m in standing.reached] == [12, 24]
    assert standing.worst is not None and standing.worst.penalty == "removed_from_campaigns_and_affiliate"
    assert standing.next is not None and standing.next.penalty == "shop_deactivated" and standing.next.days == 28
    assert standing.points_to_next == 10 and not standing.warning


def test_r_vi_2_past_the_last_milestone_nothing_comes_next() -> None:
    standing = points_standing(60, RULES)
    assert standing.next is None and standing.points_to_next is None and not standing.warning
    assert standing.worst is not None and standing.worst.penalty == "permanent_suspension"


def test_negative_points_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        points_standing(-1, RULES)
