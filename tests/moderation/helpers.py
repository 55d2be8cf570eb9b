"""Helpers shared by the R-IM-4 moderation tests."""

from __future__ import annotations

from pasar.moderation import Verdict, check


def categories(text: str, market: str = "ID") -> set[str]:
    return {v.category for v in check(text, market).violations}


def spans(text: str, market: str = "ID") -> list[tuple[str, str]]:
    """(category, offending original text) for every violation."""
    verdict: Verdict = check(text, market)
    return [(v.category, text[v.start : v.end]) for v in verdict.violations]
