"""R-BR-2: whose responsibility a review's complaint is.

The order of evidence is fixed by the rule:

1. a successful appeal overrides everything;
2. the review's structured ratings (product, shop service, logistics), when they decide;
3. the review's text, read by a cue-phrase classifier in the review's language;
4. the platform default, ``DEFAULT_RESPONSIBILITY``.

The default is the seller. The platform holds the seller responsible for a negative review
unless the complaint is clearly about logistics or the buyer's own error; a bare "terrible"
or "1 star" gives no such clarity, so it counts. Logistics-only complaints never count
against the seller (see ``counts_against_seller``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from pasar.reviews.cues import NOT_SELLER, Match, books_for, find_matches
from pasar.reviews.language import SUPPORTED_LANGUAGES, detect_language

Source = Literal["appeal", "ratings", "text", "default"]
NEGATIVE_MAX_RATING = 2  # R-SC-1/R-BR-1 default; markets pass their rulebook's value.


class Responsibility(StrEnum):
    """Who a review's complaint is about."""

    SELLER = "seller"  # product quality, product safety, not as described, shop service
    LOGISTICS = "logistics"  # the carrier: late, lost, mishandled, courier conduct
    BUYER = "buyer"  # the buyer's own error: wrong choice, wrong address, not at home


DEFAULT_RESPONSIBILITY = Responsibility.SELLER
# Equal scores go to the seller first: the rule holds the seller responsible unless the text
# is *clearly* about someone else, so a tie is not clear.
_TIE_ORDER = (Responsibility.SELLER, Responsibility.BUYER, Responsibility.LOGISTICS)
# Evidence worth one strong cue decides on its own. A review that complains about the product
# or the shop is not a "logistics-only complaint" however much it also says about a late
# courier ("delivery was fast but the product is fake", "late AND broken"). The buyer's own
# admission ("my bad", "salah pesan") decides unless the seller evidence is heavier.
DECISIVE_SCORE = 2.0


@dataclass(frozen=True)
class TextClassification:
    """What the text classifier concluded, and why (so a seller can see the reason)."""

    responsibility: Responsibility
    language: str
    confidence: float
    evidence: tuple[str, ...]


def classify_text(text: str, language: str | None = None) -> TextClassification:
    """Classify a review text as seller-, logistics- or buyer-responsible.

    ``language`` is a code such as ``"id"`` or ``"pt-BR"``; when it is missing or not one of
    ``SUPPORTED_LANGUAGES`` the language is detected from the text. With no cue at all the
    result is ``DEFAULT_RESPONSIBILITY`` with confidence 0 and no evidence.
    """
    lang = _language_of(text, language)
    matches = [m for m in find_matches(text, books_for(lang)) if not m.negated]
    scores = _scores(matches)
    total = sum(scores.values())
    if total == 0:
        # No cue, or only an exoneration: nothing clear points away from the default.
        return TextClassification(DEFAULT_RESPONSIBILITY, lang, 0.0, ())
    winner = _decide(scores)
    evidence = tuple(dict.fromkeys(m.cue.phrase for m in matches if m.cue.responsibility == winner))
    return TextClassification(winner, lang, _confidence(scores[winner], total), evidence)


def responsibility_from_ratings(
    product: int | None,
    service: int | None,
    logistics: int | None,
    *,
    low_max: int = NEGATIVE_MAX_RATING,
) -> Responsibility | None:
    """The responsibility the structured sub-ratings point to, or None when they do not decide.

    A low (``<= low_max``) product or service rating makes the review the seller's, whatever
    the logistics rating says. A low logistics rating with no low product or service rating
    (given or not) is a logistics-only complaint. No low sub-rating, or none given, decides
    nothing: a 1-star overall with 5-star sub-ratings must be read from its text.
    """
    for value in (product, service, logistics):
        _check_rating(value)
    if _is_low(product, low_max) or _is_low(service, low_max):
        return Responsibility.SELLER
    if _is_low(logistics, low_max):
        return Responsibility.LOGISTICS
    return None


def review_responsibility(
    overall: int,
    product: int | None,
    service: int | None,
    logistics: int | None,
    text: str | None,
    *,
    language: str | None = None,
    appeal: Responsibility | None = None,
    low_max: int = NEGATIVE_MAX_RATING,
) -> tuple[Responsibility, Source]:
    """A review's responsibility and where it came from: appeal, ratings, text or default.

    ``overall`` is validated but does not change the responsibility (a 5-star review about a
    slow courier is still about logistics); it decides whether the review counts, see
    ``counts_against_seller``. ``appeal`` is the responsibility set by a successful appeal.
    """
    _check_rating(overall)
    if appeal is not None:
        return Responsibility(appeal), "appeal"
    from_ratings = responsibility_from_ratings(product, service, logistics, low_max=low_max)
    if from_ratings is not None:
        return from_ratings, "ratings"
    if text and text.strip():
        reading = classify_text(text, language)
        if reading.evidence:
            return reading.responsibility, "text"
    return DEFAULT_RESPONSIBILITY, "default"


def counts_against_seller(
    overall: int, responsibility: Responsibility, *, negative_max_rating: int = NEGATIVE_MAX_RATING
) -> bool:
    """R-BR-2: only seller-responsible negative reviews count in the seller's metrics."""
    _check_rating(overall)
    return overall <= negative_max_rating and responsibility is Responsibility.SELLER


def _language_of(text: str, language: str | None) -> str:
    if language:
        primary = language.replace("_", "-").split("-")[0].lower()
        if primary in SUPPORTED_LANGUAGES:
            return primary
    return detect_language(text)


def _decide(scores: dict[Responsibility, float]) -> Responsibility:
    seller, buyer = scores[Responsibility.SELLER], scores[Responsibility.BUYER]
    if buyer >= DECISIVE_SCORE and buyer >= seller:
        return Responsibility.BUYER
    if seller >= DECISIVE_SCORE:
        return Responsibility.SELLER
    return max(_TIE_ORDER, key=lambda r: scores[r])


def _scores(matches: list[Match]) -> dict[Responsibility, float]:
    scores = dict.fromkeys(Responsibility, 0.0)
    exonerated = 0.0
    for match in matches:
        if match.cue.responsibility == NOT_SELLER:
            exonerated += match.cue.weight
        else:
            scores[Responsibility(match.cue.responsibility)] += match.cue.weight
    scores[Responsibility.SELLER] = max(0.0, scores[Responsibility.SELLER] - exonerated)
    return scores


def _confidence(top: float, total: float) -> float:
    # Share of the evidence that agrees with the decision, damped when there is little of
    # it: one weak cue alone is a guess, two strong agreeing cues are near-certain.
    return round(top / total * min(1.0, total / 2.0), 2)


def _is_low(value: int | None, low_max: int) -> bool:
    return value is not None and value <= low_max


def _check_rating(value: int | None) -> None:
    if value is not None and (isinstance(value, bool) or not 1 <= value <= 5):
        raise ValueError(f"a rating is an integer from 1 to 5, got {value!r}")
