"""A light language identifier for the marketplace's review languages.

Thai and Chinese are told by their scripts. The Latin-script languages (English, Indonesian,
Malay, Vietnamese, Portuguese) are told by letters only one of them uses (Vietnamese ơ ư ạ ...,
Portuguese ç ã) and by profiles of common and distinctive words in ``data/languages.toml``.

Indonesian and Malay share most of their vocabulary, so they are separated only by the words
that differ between the two standards and their chat slang (id "gak", "udah", "rusak",
"kurir", "pengiriman" against ms "tak", "dah", "rosak", "penghantaran", "pos laju"). A short
review using only shared words ("barang bagus tapi lambat") cannot be told apart; it goes to
the language listed first in ``tie_order``. Responsibility classification is robust to that
mistake because the two cue books borrow from each other.
"""

from __future__ import annotations

import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

from pasar.reviews.normalize import basic, fold_diacritics, words

SUPPORTED_LANGUAGES: tuple[str, ...] = ("en", "id", "ms", "th", "vi", "zh", "pt")
# A text is Thai (Chinese) when at least this share of its letters are Thai (Han): reviews
# mix in English brand names and slang, so a plain majority would be too strict.
_SCRIPT_SHARE = 0.3
_STRONG_WORD = 2.5
_WORD = 1.0


@dataclass(frozen=True)
class _Profiles:
    fallback: str
    tie_order: tuple[str, ...]
    letters: dict[str, tuple[str, float]]
    words: dict[str, dict[str, float]]
    affixes: dict[str, tuple[tuple[str, ...], tuple[str, ...], float]]


def detect_language(text: str) -> str:
    """The most likely language code of ``text`` among ``SUPPORTED_LANGUAGES``.

    Text with no letters at all, or with no known word, is reported as the profiles'
    fallback (English, the marketplace's lingua franca).
    """
    profiles = _profiles()
    norm = basic(text)
    letters = [c for c in norm if c.isalpha()]
    if not letters:
        return profiles.fallback
    script = _script_language(letters)
    if script is not None:
        return script
    scores = _latin_scores(norm, profiles)
    best = max(scores.values())
    if best <= 0:
        return profiles.fallback
    return next(lang for lang in profiles.tie_order if scores.get(lang, 0.0) == best)


def _script_language(letters: list[str]) -> str | None:
    thai = sum(1 for c in letters if "\u0e00" <= c <= "\u0e7f")
    han = sum(1 for c in letters if _is_han(c))
    if thai >= _SCRIPT_SHARE * len(letters) and thai >= han:
        return "th"
    if han >= _SCRIPT_SHARE * len(letters):
        return "zh"
    return None


def _is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"


def _latin_scores(norm: str, profiles: _Profiles) -> dict[str, float]:
    scores = dict.fromkeys(profiles.tie_order, 0.0)
    for lang, (letters, weight) in profiles.letters.items():
        scores[lang] += weight * sum(1 for c in norm if c in letters)
    for token in words(fold_diacritics(norm)):
        for lang, profile in profiles.words.items():
            scores[lang] += profile.get(token, 0.0)
        for lang, (suffixes, prefixes, weight) in profiles.affixes.items():
            if _has_affix(token, suffixes, prefixes):
                scores[lang] += weight
    return scores


def _has_affix(token: str, suffixes: tuple[str, ...], prefixes: tuple[str, ...]) -> bool:
    # A stem of at least three letters keeps short words ("di", "kan", "tanya") out.
    return any(len(token) >= len(a) + 3 and token.endswith(a) for a in suffixes) or any(
        len(token) >= len(a) + 3 and token.startswith(a) for a in prefixes
    )


@cache
def _profiles() -> _Profiles:
    resource = resources.files("pasar.reviews").joinpath("data", "languages.toml")
    data = tomllib.loads(resource.read_text(encoding="utf-8"))
    letters = {
        lang: (unicodedata.normalize("NFC", spec["chars"]), float(spec["weight"]))
        for lang, spec in data["letters"].items()
    }
    profiles: dict[str, dict[str, float]] = {}
    for lang, spec in data["words"].items():
        table = {fold_diacritics(basic(w)): _WORD for w in spec.get("common", [])}
        table.update({fold_diacritics(basic(w)): _STRONG_WORD for w in spec.get("distinctive", [])})
        profiles[lang] = table
    affixes = {
        lang: (tuple(spec["suffixes"]), tuple(spec["prefixes"]), float(spec["weight"]))
        for lang, spec in data.get("affixes", {}).items()
    }
    tie_order = tuple(data["tie_order"])
    if set(tie_order) != set(SUPPORTED_LANGUAGES) - {"th", "zh"}:
        raise ValueError("languages.toml: tie_order must list every Latin-script language once")
    return _Profiles(str(data["fallback"]), tie_order, letters, profiles, affixes)
