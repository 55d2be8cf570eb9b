"""Text normalisation shared by language identification and cue matching.

Reviews are typed on phones: letter case, stretched letters ("slowww", "lamaaa", "มากกก"),
curly apostrophes and dropped accents vary freely. Texts and cue phrases go through the same
functions so that a cue written once in a data file matches all of those spellings.

Every function here keeps string length and offsets stable after ``basic`` (folding maps one
precomposed letter to one letter), so matches found in a folded view can be compared with
matches found in an unfolded one.
"""

from __future__ import annotations

import re
import unicodedata

# A letter repeated three or more times is an emphasis stretch, not spelling ("parahhh").
# Digits are left alone: "3000 lumens" and "100ml" must survive.
_STRETCH = re.compile(r"([^\W\d_])\1{2,}")
# "doesn't" and "doesnt" are the same word to a buyer typing on a phone.
_APOSTROPHE = re.compile(r"(?<=\w)['’‘`´](?=\w)")
# Combining marks used by Latin-script accents only; Thai vowel signs are combining marks too
# and must never be stripped, which is why this is a range and not unicodedata.combining().
_LATIN_MARKS = re.compile(r"[\u0300-\u036f]")

CLAUSE_PUNCTUATION = frozenset(".,!?;:()…。，！？；：、\n")
WORD = re.compile(r"[^\W_]+")


def basic(text: str) -> str:
    """Case-fold, unify apostrophes and shrink emphasis stretches."""
    text = unicodedata.normalize("NFC", text).casefold()
    text = _APOSTROPHE.sub("", text)
    return _STRETCH.sub(r"\1", text)


def fold_diacritics(text: str) -> str:
    """Strip Latin accents ("não" -> "nao", "đã" -> "da") without touching other scripts."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", _LATIN_MARKS.sub("", decomposed))


def has_latin_accents(text: str) -> bool:
    """Whether the writer typed accents at all (Vietnamese is often typed without them)."""
    if "đ" in text or "Đ" in text:
        return True
    return bool(_LATIN_MARKS.search(unicodedata.normalize("NFD", text)))


def words(text: str) -> list[str]:
    """Letter/digit runs, in order; punctuation and emoji are dropped."""
    return WORD.findall(text)
