"""R-IM-4 targets on the labelled evaluation set, so a word-list edit that breaks them fails CI."""

from __future__ import annotations

from pathlib import Path

import pytest

from pasar.moderation.evaluate import Score, evaluate, markdown, meets_targets

DATA = Path(__file__).resolve().parents[1] / "data" / "moderation"


@pytest.fixture(scope="module")
def scores() -> dict[str, Score]:
    return evaluate(DATA)


def test_r_im_4_evaluation_set_is_big_enough_and_split() -> None:
    """Given the evaluation set, then it has ≥600 violating and ≥1,500 ordinary rows and a holdout split."""
    violating = (DATA / "violating.jsonl").read_text(encoding="utf-8").splitlines()
    ordinary = (DATA / "ordinary.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(violating) >= 600
    assert len(ordinary) >= 1500
    assert any('"split": "holdout"' in line for line in violating)


def test_r_im_4_targets_are_met_on_all_rows(scores: dict[str, Score]) -> None:
    """Given all rows, then recall ≥0.95 for contact/link, ≥0.85 elsewhere, false positives ≤1%."""
    assert meets_targets(scores["all"]) == [], markdown(scores)


def test_r_im_4_targets_are_met_on_the_holdout(scores: dict[str, Score]) -> None:
    """Given only the held-out templates, then the same targets hold."""
    assert meets_targets(scores["holdout"]) == [], markdown(scores)
