"""The result types of R-IM-4 checks: what was found, where, and whether it blocks delivery."""

from __future__ import annotations

from dataclasses import dataclass

# Stable API codes, in the order of docs/rules.md R-IM-4 (1)..(10).
CATEGORIES: tuple[str, ...] = (
    "contact",
    "link",
    "off_platform",
    "review_manipulation",
    "abuse",
    "spam",
    "personal_data",
    "fraud",
    "illicit",
    "false_promise",
)


@dataclass(frozen=True, slots=True)
class Violation:
    """One prohibited span; ``start``/``end`` index the text exactly as the seller sent it."""

    category: str
    start: int
    end: int
    blocking: bool


@dataclass(frozen=True, slots=True)
class Verdict:
    allowed: bool
    violations: tuple[Violation, ...]


ALLOWED = Verdict(allowed=True, violations=())


def verdict_to_json(verdict: Verdict) -> dict[str, object]:
    """The wire form used by the CLI and the messaging API; blocking is implied by ``allowed``."""
    return {
        "allowed": verdict.allowed,
        "violations": [{"category": v.category, "start": v.start, "end": v.end} for v in verdict.violations],
    }
