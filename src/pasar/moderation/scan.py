"""One folded message, split once into Latin-script words shared by every detector.

Looking words up in a set is far cheaper than running a regex of hundreds of phrases at every
character, so detectors index their Latin-script entries by first word and only search for the
entries whose first word the message contains.
"""

from __future__ import annotations

import re

from pasar.moderation.regexes import LATIN

WORD = re.compile(f"[{LATIN}]+")
# Six digits with at most three other characters between neighbours: the least a phone number,
# card number or ID number can look like after folding. Cheap to search (digits only).
DIGITS = re.compile(r"[0-9](?:[^0-9\n]{0,3}[0-9]){5}")
# A word mixing letters and digits ("wh4tsapp", "bintang5", "wa0812..."), looked up specially.
LETTER_DIGIT = re.compile(f"[0-9][{LATIN[3:]}]|[{LATIN[3:]}][0-9]")


class Scan:
    __slots__ = ("has_digits", "has_letter_digit", "text", "unique", "words")

    def __init__(self, text: str) -> None:
        self.text = text
        self.words: list[str] = WORD.findall(text)
        self.unique: set[str] = set(self.words)
        self.has_digits = DIGITS.search(text) is not None
        self.has_letter_digit = LETTER_DIGIT.search(text) is not None
