"""One pass over a message's words for every word-list check (phrases and messenger names)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from pasar.moderation.contact import accept_messenger, leet_symbol_messengers, messenger_entries
from pasar.moderation.hits import Hit
from pasar.moderation.index import WordIndex
from pasar.moderation.phrases import accept_phrase, phrase_entries
from pasar.moderation.resources import lexicon
from pasar.moderation.scan import Scan


@cache
def index() -> WordIndex:
    return WordIndex.build([*phrase_entries(), *messenger_entries()])


@cache
def _leet_digits() -> dict[int, str]:
    """Digits of the leet table in messengers.toml, mapped back to the letter they stand for."""
    return {ord(ch): letter for letter, chars in lexicon().leet.items() for ch in chars if ch.isdigit()}


def _unleet(word: str) -> str:
    """'wh4tsapp' -> 'whatsapp': digits standing in for letters inside a word."""
    return word.translate(_leet_digits())


def find_words(scan: Scan) -> Iterator[Hit]:
    """Phrase and messenger-name hits, each accepted or rejected by its own context rules."""
    text = scan.text
    for label, start, end in (*index().find(scan, _unleet), *leet_symbol_messengers(text)):
        if label.startswith("contact:"):
            hit = accept_messenger(text, label, start, end)
        else:
            hit = accept_phrase(text, label, start, end)
        if hit is not None:
            yield hit
