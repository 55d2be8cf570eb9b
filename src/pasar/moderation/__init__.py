"""R-IM-4/R-IM-5 message moderation: find prohibited content in seller messages before delivery.

Pure: no database, no network. ``check(text, market)`` returns a :class:`Verdict` listing every
:class:`Violation` by category code (:data:`CATEGORIES`) with its span in the original text.
Word lists live in ``pasar/moderation/data`` and are read once, at first use.
"""

from pasar.moderation.engine import check, known_markets
from pasar.moderation.spam import is_repeated_unsolicited
from pasar.moderation.verdict import CATEGORIES, Verdict, Violation, verdict_to_json

__all__ = [
    "CATEGORIES",
    "Verdict",
    "Violation",
    "check",
    "is_repeated_unsolicited",
    "known_markets",
    "verdict_to_json",
]
