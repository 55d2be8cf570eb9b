"""Turning word-list entries into regular expressions.

Python's ``re`` tries alternatives one after another, so a plain ``a|b|c|...`` of a few hundred
entries costs hundreds of comparisons at every character. Entries are therefore factored into a
trie (``sale|salam`` -> ``sal(?:e|am)``) whose branches all start with a literal, which lets
``re`` skip impossible start positions with a character-set scan. (Latin-script entries are
additionally indexed by first word, see ``index.py``.)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pasar.moderation.normalise import LATIN, fold

LATIN_CHAR = re.compile(f"[{LATIN}]")
LATIN_RUN = re.compile(f"[{LATIN}]+")
WORD_TAIL = f"[{LATIN}]*"
PHRASE_SEP = r"[\W_]{0,3}"
PHRASE_GAP = r"[^\n]{0,40}?"
NUMBER = "[0-9][0-9.,]*"
_ALTERNATION = re.compile(r"^\((.+)\)(\??)$")
_PHRASE_TOKEN = re.compile(r"\([^)]*\)\??|\S+")
_Trie = dict[str | None, "_Trie"]


def trie_regex(sequences: Iterable[Sequence[str]]) -> str:
    """One regex matching any of the atom sequences, longest alternative first."""
    root: _Trie = {}
    for sequence in sequences:
        node = root
        for atom in sequence:
            node = node.setdefault(atom, {})
        node[None] = {}
    return _node_regex(root) or "(?!)"


def _node_regex(node: _Trie) -> str:
    terminal = None in node
    branches = [atom + _node_regex(child) for atom, child in node.items() if atom is not None]
    if not branches:
        return ""
    body = "|".join(branches)
    if terminal:
        return f"(?:{body})?"
    return f"(?:{body})" if len(branches) > 1 else body


def literal_atoms(word: str) -> list[str]:
    return [re.escape(ch) for ch in word]


def is_latin(text: str) -> bool:
    return bool(text) and LATIN_CHAR.match(text[0]) is not None


def _word_regex(word: str) -> str:
    if word == "...":
        return PHRASE_GAP
    if word == "#":
        return NUMBER
    if word.endswith("*") and len(word) > 1:
        return re.escape(word[:-1]) + WORD_TAIL
    return re.escape(word)


def _words_regex(words: list[str]) -> str:
    out = ""
    for index, word in enumerate(words):
        if index and word != "..." and words[index - 1] != "...":
            out += PHRASE_SEP
        out += _word_regex(word)
    return out


def _token_regex(token: str, first: bool) -> str:
    """A phrase token after the first: a word, or ``(a|b c)`` / ``(a|b)?`` as one group."""
    sep = "" if first or token == "..." else PHRASE_SEP
    match = _ALTERNATION.match(token)
    if not match:
        return sep + _word_regex(token)
    body = "|".join(_words_regex(alt.split()) for alt in match.group(1).split("|"))
    return f"(?:{sep}(?:{body})){match.group(2)}"


@dataclass(frozen=True)
class Variant:
    """One way a list entry can start: its first word (``head``) and its full atom sequence."""

    head: str
    star: bool
    atoms: tuple[str, ...]

    @property
    def key(self) -> str | None:
        """The Latin word a message must contain for this entry to match there (None: not Latin)."""
        run = LATIN_RUN.match(self.head)
        return run.group() if run else None


def phrase_variants(phrase: str) -> list[Variant]:
    """Atoms for one list entry: words, ``word*`` prefixes, ``(a|b)`` choices, ``...`` gaps, ``#`` numbers.

    Only the first word is split into literal atoms (so a trie can share prefixes and ``re``
    can skip impossible positions); the rest of the phrase stays one compact regex, because
    expanding every choice would multiply the pattern size.
    """
    tokens = _PHRASE_TOKEN.findall(fold(phrase))
    if not tokens:
        raise ValueError(f"phrase {phrase!r} is empty")
    match = _ALTERNATION.match(tokens[0])
    if match and match.group(2):
        raise ValueError(f"phrase {phrase!r} must not start with an optional group")
    firsts = [alt.split() for alt in match.group(1).split("|")] if match else [[tokens[0]]]
    rest = tokens[1:]
    rest_regex = ""
    previous = None
    for token in rest:
        rest_regex += _token_regex(token, first=previous == "...")
        previous = token
    variants = []
    for words in firsts:
        head = words[0]
        if head in ("...", "#"):
            raise ValueError(f"phrase {phrase!r} must start with a word")
        star = head.endswith("*") and len(head) > 1
        atoms = [*literal_atoms(head[:-1]), WORD_TAIL] if star else literal_atoms(head)
        if words[1:]:
            atoms.append(PHRASE_SEP + _words_regex(words[1:]))
        if rest_regex:
            atoms.append(rest_regex)
        if _ends_latin(rest[-1] if rest else words[-1]):
            atoms.append(f"(?![{LATIN}])")
        variants.append(Variant(head[:-1] if star else head, star, tuple(atoms)))
    return variants


def _ends_latin(token: str) -> bool:
    """Whether a token (word or group) can end in a Latin letter, so a right boundary applies."""
    body = token.rstrip("?")
    if body.startswith("(") and body.endswith(")"):
        return any(is_latin(alt.strip()[-1:]) or alt.strip().endswith(("*", "#")) for alt in body[1:-1].split("|"))
    return is_latin(body[-1:]) or body.endswith(("*", "#"))


def word_sequences(words: Iterable[str], leet: dict[str, str] | None = None) -> list[list[str]]:
    """Atoms for names/words: a space inside an entry may be typed as nothing, a dot, a dash..."""
    return [list(variant.atoms) for variant in word_variants(words, leet)]


def word_variants(words: Iterable[str], leet: dict[str, str] | None = None) -> list[Variant]:
    variants = []
    for word in words:
        atoms: list[str] = []
        folded = fold(word)
        for ch in folded:
            if ch == " ":
                atoms.append(r"[\s._\-:]*")
            elif leet and ch in leet:
                atoms.append("[" + re.escape(ch + leet[ch]) + "]")
            else:
                atoms.append(re.escape(ch))
        variants.append(Variant(folded.split(" ")[0], False, tuple(atoms)))
    return variants


def left_boundary_ok(text: str, start: int) -> bool:
    """A Latin match must not continue a word to its left ("wa" inside "kawan")."""
    if start == 0 or not LATIN_CHAR.match(text[start]):
        return True
    return LATIN_CHAR.match(text[start - 1]) is None


def right_boundary_ok(text: str, end: int) -> bool:
    if end >= len(text) or not LATIN_CHAR.match(text[end - 1]):
        return True
    return LATIN_CHAR.match(text[end]) is None


def cue_regex(words: Iterable[str], *, at_end: bool) -> re.Pattern[str]:
    """Matches when one of ``words`` ends (``at_end``) or starts the given snippet."""
    body = trie_regex(word_sequences(sorted(set(words), key=len, reverse=True)))
    if at_end:
        return re.compile(f"(?:^|[^{LATIN}])(?:{body})[\\W_]{{0,3}}$")
    return re.compile(f"^[\\W_]{{0,3}}(?:{body})(?![{LATIN}])")


def words_anywhere(words: Iterable[str]) -> re.Pattern[str]:
    """Matches any of ``words`` as a whole word anywhere in a snippet."""
    body = trie_regex(word_sequences(sorted(set(words), key=len, reverse=True)))
    return re.compile(f"(?:^|(?<=[^{LATIN}]))(?:{body})(?![{LATIN}])")
