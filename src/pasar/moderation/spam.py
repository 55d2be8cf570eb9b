"""R-IM-4 (6) spam: one message that is mass promotion, and repetition across messages."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache

from pasar.moderation.hits import Hit
from pasar.moderation.normalise import normalise
from pasar.moderation.resources import lexicon
from pasar.moderation.scan import Scan

_UNSPACED_SCRIPT = re.compile("[\u0e00-\u0e7f\u3400-\u9fff]")


@dataclass(frozen=True)
class SpamRules:
    latin: tuple[re.Pattern[str], ...]
    other: tuple[re.Pattern[str], ...]
    shingle: int
    similarity: float


@cache
def rules() -> SpamRules:
    conf = lexicon().spam
    return SpamRules(
        latin=tuple(re.compile(pattern) for pattern in conf["repetition"]["spaced_scripts"]),
        other=tuple(re.compile(pattern) for pattern in conf["repetition"]["unspaced_scripts"]),
        shingle=int(conf["near_duplicate"]["shingle_chars"]),
        similarity=float(conf["near_duplicate"]["min_similarity"]),
    )


def find_spam(scan: Scan) -> Iterator[Hit]:
    """The same word or phrase shouted over and over ("promo promo promo promo")."""
    r = rules()
    patterns: list[re.Pattern[str]] = []
    if len(scan.words) - len(scan.unique) >= 3:  # a unit repeated 4 times repeats a word 3 times
        patterns.extend(r.latin)
    if _UNSPACED_SCRIPT.search(scan.text):
        patterns.extend(r.other)
    for pattern in patterns:
        for match in pattern.finditer(scan.text):
            yield Hit("spam", match.start(), match.end(), "repetition")


def _shingles(text: str, size: int) -> frozenset[str]:
    folded = " ".join(normalise(text).text.split())
    if len(folded) <= size:
        return frozenset([folded])
    return frozenset(folded[i : i + size] for i in range(len(folded) - size + 1))


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of character shingles of the folded texts (0..1)."""
    size = rules().shingle
    left, right = _shingles(a, size), _shingles(b, size)
    if not left or not right:
        return 0.0
    return len(left & right) / len(left | right)


def is_repeated_unsolicited(recent_texts: Sequence[str], text: str, threshold: int) -> bool:
    """True when at least ``threshold`` of the sender's recent messages are near-copies of ``text``.

    The messaging service passes the sender's recent messages to the same buyer that went
    unanswered; a seller pasting the same promotion again and again is harassment/spam
    (R-IM-4 (6)) even when each copy on its own is harmless. Near-copies count, so changing a
    price or an emoji does not reset the count.
    """
    if threshold < 1:
        raise ValueError("threshold must be at least 1")
    r = rules()
    size = r.shingle
    mine = _shingles(text, size)
    if not mine:
        return False
    count = 0
    for other in recent_texts:
        theirs = _shingles(other, size)
        if theirs and len(mine & theirs) / len(mine | theirs) >= r.similarity:
            count += 1
            if count >= threshold:
                return True
    return False
