"""Review responsibility (docs/rules.md R-BR-2): who a review's complaint is about.

A review counts against a seller's metrics only when it is negative and seller-responsible.
This package decides the responsibility from the review's structured ratings, else from its
text in any of the marketplace's languages, else from the platform default. It is pure: no
database, no network; its cue lists are data files under ``data/``.
"""

from pasar.reviews.language import SUPPORTED_LANGUAGES, detect_language
from pasar.reviews.responsibility import (
    Responsibility,
    TextClassification,
    classify_text,
    counts_against_seller,
    responsibility_from_ratings,
    review_responsibility,
)

__all__ = [
    "SUPPORTED_LANGUAGES",
    "Responsibility",
    "TextClassification",
    "classify_text",
    "counts_against_seller",
    "detect_language",
    "responsibility_from_ratings",
    "review_responsibility",
]
