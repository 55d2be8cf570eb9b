"""R-IM-4 (3)-(10): the categories recognised by what is said, from per-language phrase lists.

Phrases are indexed by their first word (see ``index.py``); at each position whose word starts
some phrase, only the phrases starting with that word are tried. Thai and Chinese phrases, which
have no word boundaries, are found by one trie regex.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pasar.moderation.hits import Hit
from pasar.moderation.regexes import (
    Variant,
    is_latin,
    left_boundary_ok,
    phrase_variants,
    right_boundary_ok,
    trie_regex,
    word_sequences,
)
from pasar.moderation.resources import lexicon
from pasar.moderation.verdict import CATEGORIES


@dataclass(frozen=True)
class PhraseRules:
    negation: re.Pattern[str]
    exception: re.Pattern[str]
    negatable: frozenset[str]


def phrase_entries() -> list[tuple[str, Variant]]:
    """Every phrase of every language, labelled by category, for the shared word index."""
    lex = lexicon()
    entries: list[tuple[str, Variant]] = []
    for category in CATEGORIES:
        for phrase in lex.phrases(category):
            entries.extend((category, variant) for variant in _variants(phrase, category))
        for phrase in lex.allowed_phrases(category):
            entries.extend((ALLOW + category, variant) for variant in _variants(phrase, category))
    return entries


@cache
def rules() -> PhraseRules:
    lex = lexicon()
    negations = sorted(lex.merged("negations"), key=len, reverse=True)
    exceptions = trie_regex(word_sequences(sorted(lex.merged("negation_exceptions"), key=len, reverse=True)))
    return PhraseRules(
        negation=re.compile(trie_regex(word_sequences(negations))),
        # "don't forget to give 5 stars" / "jangan lupa": a negation that is really an instruction.
        exception=re.compile(rf"[\W_]*(?:{exceptions})"),
        negatable=lex.negatable,
    )


_CLAUSE_BREAKS = ".,!?;:\n。，！？"
_LATIN_REACH = 40  # characters from a Latin-script negation to the phrase it cancels
_OTHER_REACH = 12  # Thai and Chinese pack more meaning into fewer characters


def _negated(text: str, start: int, r: PhraseRules) -> bool:
    """A negation earlier in the same clause: "we never ask you to transfer money outside the app"."""
    window = text[max(0, start - 60) : start]
    clause = window[max(window.rfind(ch) for ch in _CLAUSE_BREAKS) + 1 :]
    for match in r.negation.finditer(clause):
        word = match.group()
        if is_latin(word):
            if not (left_boundary_ok(clause, match.start()) and right_boundary_ok(clause, match.end())):
                continue
            reach = _LATIN_REACH
        else:
            reach = _OTHER_REACH
        if len(clause) - match.end() <= reach and not r.exception.match(clause, match.end()):
            return True
    return False


def _variants(phrase: str, category: str) -> list[Variant]:
    try:
        return phrase_variants(phrase)
    except ValueError as exc:
        raise ValueError(f"phrases.{category}: {exc}") from None


ALLOW = "allow:"


def accept_phrase(text: str, label: str, start: int, end: int) -> Hit | None:
    """A phrase hit, or an allow hit (``kind="allow"``) that cancels overlapping hits of its category."""
    r = rules()
    if not left_boundary_ok(text, start):
        return None
    if label.startswith(ALLOW):
        return Hit(label.removeprefix(ALLOW), start, end, "allow")
    category = label
    if category in r.negatable and _negated(text, start, r):
        return None
    return Hit(category, start, end, "phrase")
