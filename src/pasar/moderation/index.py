"""Finding list entries by their first word instead of scanning with one regex per character."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from pasar.moderation.regexes import LATIN, Variant, trie_regex
from pasar.moderation.scan import Scan

PREFIX_KEY = 3
_LEADING_LETTERS = re.compile(r"[^\W\d_]+")
_LATIN_LETTER = re.compile(f"[{LATIN[3:]}]")


@dataclass(frozen=True)
class WordIndex:
    """Entries keyed by their first Latin word; each key maps to (label, anchored regex) pairs.

    ``other`` holds the entries that start with a non-Latin character (Thai, Chinese): those are
    searched with one trie regex whose first-character set excludes Latin letters, so it skips
    Latin text at C speed.
    """

    exact: dict[str, tuple[tuple[str, re.Pattern[str]], ...]]
    # Star entries ("goblok*") keyed by their first PREFIX_KEY letters (all of them if shorter).
    prefix: dict[str, tuple[tuple[str, tuple[tuple[str, re.Pattern[str]], ...]], ...]]
    exact_keys: frozenset[str]
    prefix_heads: frozenset[str]
    other_any: re.Pattern[str] | None
    other: tuple[tuple[str, re.Pattern[str]], ...]

    @classmethod
    def build(cls, entries: Iterable[tuple[str, Variant]]) -> WordIndex:
        exact: dict[str, dict[str, list[tuple[str, ...]]]] = defaultdict(lambda: defaultdict(list))
        prefix: dict[str, dict[str, list[tuple[str, ...]]]] = defaultdict(lambda: defaultdict(list))
        other: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for label, variant in entries:
            key = variant.key
            if key is None:
                other[label].append(variant.atoms)
            elif variant.star and key == variant.head:  # "goblok*": any word starting so ("gobloknya")
                prefix[key][label].append(variant.atoms)
            else:
                exact[key][label].append(variant.atoms)

        def compile_groups(groups: dict[str, list[tuple[str, ...]]]) -> tuple[tuple[str, re.Pattern[str]], ...]:
            return tuple((label, re.compile(trie_regex(seqs))) for label, seqs in groups.items())

        all_other = [seq for seqs in other.values() for seq in seqs]
        by_head: dict[str, list[tuple[str, tuple[tuple[str, re.Pattern[str]], ...]]]] = defaultdict(list)
        for key, groups in prefix.items():
            if len(key) < PREFIX_KEY:
                raise ValueError(f"a word*-entry needs at least {PREFIX_KEY} letters before '*': {key!r}")
            by_head[key[:PREFIX_KEY]].append((key, compile_groups(groups)))
        return cls(
            exact={key: compile_groups(groups) for key, groups in exact.items()},
            prefix={head: tuple(items) for head, items in by_head.items()},
            exact_keys=frozenset(exact),
            prefix_heads=frozenset(by_head),
            other_any=re.compile(trie_regex(all_other)) if all_other else None,
            other=compile_groups(other),
        )

    def find(self, scan: Scan, alias: Callable[[str], str] | None = None) -> Iterator[tuple[str, int, int]]:
        """(label, start, end) of every entry matching in ``scan``, Latin keys first.

        ``alias`` gives a second spelling to look a word up by (leet digits: "wh4tsapp").
        """
        text, unique = scan.text, scan.unique
        # Set operations run in C; only keys that occur in the message are searched for, each
        # with its own regex, which ``re`` finds fast because it starts with the literal key.
        keys = unique & self.exact_keys
        spellings = set(unique)
        if scan.has_letter_digit:
            for word in unique - keys:
                if word.isalpha() or word.isdigit():
                    continue
                spelling = alias(word) if alias is not None else word  # "wh4tsapp" -> "whatsapp"
                spellings.add(spelling)
                letters = _LEADING_LETTERS.match(word)  # "bintang5", "wa0812...": letters glued to digits
                for candidate in (spelling, letters.group() if letters else ""):
                    if candidate in self.exact:
                        keys.add(candidate)
        for key in keys:
            yield from _search(self.exact[key], text, len(key))
        heads = self.prefix_heads.intersection([word[:PREFIX_KEY] for word in spellings])
        if heads:
            starred = {
                key: groups
                for word in spellings
                if word[:PREFIX_KEY] in heads
                for key, groups in self.prefix[word[:PREFIX_KEY]]
                if word.startswith(key)
            }
            for groups in starred.values():
                yield from _search(groups, text, None)
        if self.other_any is not None:
            yield from self.find_other(text)

    def find_other(self, text: str) -> Iterator[tuple[str, int, int]]:
        if self.other_any is None:
            return
        position = 0
        while True:
            hit = self.other_any.search(text, position)
            if hit is None:
                return
            position = hit.start() + 1
            yield from _match(self.other, text, hit.start())


def _search(
    found: tuple[tuple[str, re.Pattern[str]], ...], text: str, key_length: int | None
) -> Iterator[tuple[str, int, int]]:
    """Every match of the entries; with ``key_length``, the key must be a whole word ("zalo", not "zalora")."""
    for label, pattern in found:
        for hit in pattern.finditer(text):
            if key_length is not None and _LATIN_LETTER.match(text, hit.start() + key_length):
                continue
            yield label, hit.start(), hit.end()


def _match(found: tuple[tuple[str, re.Pattern[str]], ...], text: str, start: int) -> Iterator[tuple[str, int, int]]:
    for label, pattern in found:
        hit = pattern.match(text, start)
        if hit is not None and hit.end() > start:
            yield label, start, hit.end()
