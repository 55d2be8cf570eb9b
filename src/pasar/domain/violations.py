"""R-VI-2: where a shop's active violation points stand against the rulebook's milestones.

Pure: given the points and the milestones in force, which milestones are reached, which comes next,
how far off it is, and whether the warning band before it (``warning_before_points``) has begun.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pasar.rules.model import Milestone, Violations


@dataclass(frozen=True)
class PointsStanding:
    points: int
    reached: tuple[Milestone, ...]  # lowest first
    next: Milestone | None  # None once the last milestone is reached
    warning: bool  # within ``warning_before_points`` of the next milestone (R-VI-2's warning)

    @property
    def points_to_next(self) -> int | None:
        return None if self.next is None else self.next.points - self.points

    @property
    def worst(self) -> Milestone | None:
        return self.reached[-1] if self.reached else None


def points_standing(points: int, rules: Violations) -> PointsStanding:
    if points < 0:
        raise ValueError("active points cannot be negative")
    ordered: Sequence[Milestone] = sorted(rules.milestones, key=lambda m: m.points)
    reached = tuple(m for m in ordered if points >= m.points)
    upcoming = next((m for m in ordered if points < m.points), None)
    warning = upcoming is not None and upcoming.points - points <= rules.warning_before_points
    return PointsStanding(points, reached, upcoming, warning)
