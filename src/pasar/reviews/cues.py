"""Cue books: per-language phrase lists that point at a responsibility, read from data files.

Each supported language has ``data/cues/<lang>.toml``. A cue is a short phrase ("never
arrived", "barang rusak", "ไม่ตรงปก", "质量差") filed under the responsibility it is evidence
for, in a weight tier. The code holds no vocabulary: operators extend a market's language by
editing its file (see docs/reviews.md).

Pattern syntax inside a phrase (kept tiny so non-programmers can edit the lists):

* ``word*``  a word starting with ``word`` ("quebrad*" matches quebrado, quebrada);
* ``*``      any one word in word-mode books, a gap of up to four characters in char-mode books;
* ``#``      a number ("took # days", "走了#天").
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

from pasar.reviews.normalize import CLAUSE_PUNCTUATION, basic, fold_diacritics, has_latin_accents, words

Mode = Literal["words", "chars"]
Fold = Literal["always", "if_unaccented", "never"]

# Weight of each tier in a data file. "strong" cues decide on their own (a counterfeit, an
# admission of the buyer's own mistake); "weak" ones only tip a balance ("courier", "paket").
TIER_WEIGHTS: dict[str, float] = {"strong": 2.0, "cues": 1.0, "weak": 0.5}
# The three responsibilities, plus explicit exonerations of the seller ("not the seller's
# fault"), which cancel seller evidence instead of pointing anywhere themselves.
NOT_SELLER = "not_seller"
CLASSES = ("seller", "logistics", "buyer", NOT_SELLER)

_CHAR_GAP = r"[^\s.,!?;:()…。，！？；：、]{0,4}?"
_CHAR_NUMBER = r"[0-9一二三四五六七八九十两几半百]+"


class CueBookError(ValueError):
    """A cue data file that cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class Cue:
    """One phrase of a cue book."""

    phrase: str
    responsibility: str
    weight: float
    pattern: re.Pattern[str]
    # The phrase carries its own negation ("not working", "não chegou", "ไม่ตรงปก"), so a
    # negator in front of it must not cancel it.
    self_negated: bool


@dataclass(frozen=True)
class CueBook:
    """The cues, negators and matching settings of one language."""

    language: str
    mode: Mode
    fold: Fold
    borrow: tuple[str, ...]
    negators: frozenset[str]
    clause_breaks: tuple[str, ...]
    negation_window: int
    cues: tuple[Cue, ...]

    def view(self, text: str) -> str:
        """The text as this book's cues see it (``text`` is already ``basic``-normalised)."""
        if self.fold == "always" or (self.fold == "if_unaccented" and not has_latin_accents(text)):
            return fold_diacritics(text)
        return text


@dataclass(frozen=True)
class Match:
    """A cue found in a text, with its position in the normalised text."""

    cue: Cue
    start: int
    end: int
    negated: bool


def find_matches(text: str, books: Sequence[CueBook]) -> list[Match]:
    """All non-overlapping cue matches of ``books`` in ``text``, in reading order.

    Where two cues overlap the longer one wins ("não funciona" over "funciona", "not as
    described" over "described"), because the longer phrase is the more specific reading.
    """
    norm = basic(text)
    found: list[tuple[int, int, Cue, CueBook, str]] = []
    for book in books:
        view = book.view(norm)
        for cue in book.cues:
            found.extend((m.start(), m.end(), cue, book, view) for m in cue.pattern.finditer(view))
    found.sort(key=lambda f: (f[0] - f[1], -f[2].weight, f[0]))
    taken: list[tuple[int, int]] = []
    matches: list[Match] = []
    for start, end, cue, book, view in found:
        if start == end or any(start < e and s < end for s, e in taken):
            continue
        taken.append((start, end))
        negated = not cue.self_negated and _is_negated(view[:start], book)
        matches.append(Match(cue, start, end, negated))
    return sorted(matches, key=lambda m: m.start)


def _is_negated(before: str, book: CueBook) -> bool:
    """Whether a negator governs the cue that starts right after ``before``.

    Negation never reaches across punctuation or a contrast word: in "not late, but broken"
    the "not" has nothing to do with "broken".
    """
    cut = max((before.rfind(p) for p in CLAUSE_PUNCTUATION), default=-1)
    clause = before[cut + 1 :]
    if book.mode == "words":
        return _negated_words(words(clause), book)
    return _negated_chars(clause, book)


def _negated_words(tokens: list[str], book: CueBook) -> bool:
    for marker in book.clause_breaks:
        size = len(marker.split())
        for i in range(len(tokens) - size, -1, -1):
            if tokens[i : i + size] == marker.split():
                tokens = tokens[i + size :]
                break
    window = tokens[max(0, len(tokens) - book.negation_window) :]
    return any(t in book.negators for t in window)


def _negated_chars(clause: str, book: CueBook) -> bool:
    for marker in book.clause_breaks:
        at = clause.rfind(marker)
        if at >= 0:
            clause = clause[at + len(marker) :]
    # Thai and Chinese writers separate clauses with a space, so only the last chunk counts.
    chunks = clause.split()
    chunk = chunks[-1] if chunks else ""
    return any(_ends_near(chunk, negator, book.negation_window) for negator in book.negators)


def _ends_near(chunk: str, negator: str, window: int) -> bool:
    """Whether ``negator`` ends at most ``window`` characters before the end of ``chunk``."""
    at = chunk.rfind(negator)
    return at >= 0 and at + len(negator) >= len(chunk) - window


def load_book(language: str) -> CueBook:
    """The cue book of ``language`` (cached: the data files are read once per process)."""
    return _load_book(language)


def books_for(language: str) -> tuple[CueBook, ...]:
    """A language's own book followed by the books it borrows (code-mixing, e.g. English)."""
    own = load_book(language)
    return (own, *(load_book(other) for other in own.borrow))


@cache
def _load_book(language: str) -> CueBook:
    name = f"{language}.toml"
    resource = resources.files("pasar.reviews").joinpath("data", "cues", name)
    try:
        data = tomllib.loads(resource.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise CueBookError(f"no cue book for language {language!r} ({name})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise CueBookError(f"{name}: not valid TOML: {exc}") from exc
    return _parse_book(language, name, data)


def _parse_book(language: str, name: str, data: dict[str, object]) -> CueBook:
    meta = data.get("meta")
    if not isinstance(meta, dict):
        raise CueBookError(f"{name}: missing [meta] table")
    mode = meta.get("mode")
    fold = meta.get("fold")
    if mode not in ("words", "chars") or fold not in ("always", "if_unaccented", "never"):
        raise CueBookError(f"{name}: meta.mode must be words|chars and meta.fold always|if_unaccented|never")
    prepare = _Prepare(fold == "always")
    negators = frozenset(_with_folded(prepare(n) for n in _strings(meta, "negators", name)))
    breaks = tuple(dict.fromkeys(_with_folded(prepare(b) for b in _strings(meta, "clause_breaks", name))))
    window = meta.get("negation_window", 3)
    if not isinstance(window, int) or window < 0:
        raise CueBookError(f"{name}: meta.negation_window must be a non-negative integer")
    cues = tuple(_parse_cues(data, name, mode, prepare, negators))
    borrow = tuple(_strings(meta, "borrow", name))
    return CueBook(language, mode, fold, borrow, negators, breaks, window, cues)


def _parse_cues(
    data: dict[str, object], name: str, mode: Mode, prepare: _Prepare, negators: frozenset[str]
) -> Iterable[Cue]:
    for responsibility in CLASSES:
        table = data.get(responsibility, {})
        if not isinstance(table, dict):
            raise CueBookError(f"{name}: [{responsibility}] must be a table")
        unknown = set(table) - set(TIER_WEIGHTS)
        if unknown:
            raise CueBookError(f"{name}: [{responsibility}] has unknown tiers {sorted(unknown)}")
        for tier, weight in TIER_WEIGHTS.items():
            for phrase in _strings(table, tier, name):
                prepared = prepare(phrase)
                if not prepared.strip():
                    raise CueBookError(f"{name}: empty cue in [{responsibility}].{tier}")
                pattern = _compile(prepared, mode)
                yield Cue(phrase, responsibility, weight, pattern, _starts_negated(prepared, mode, negators))


def _strings(table: dict[str, object], key: str, name: str) -> list[str]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CueBookError(f"{name}: {key} must be a list of strings")
    return list(value)


class _Prepare:
    """Normalise data-file phrases exactly as texts are normalised for that book."""

    def __init__(self, fold: bool) -> None:
        self._fold = fold

    def __call__(self, phrase: str) -> str:
        text = basic(phrase)
        return fold_diacritics(text) if self._fold else text


def _with_folded(items: Iterable[str]) -> Iterable[str]:
    # "if_unaccented" books (Vietnamese) keep accents in their phrases; texts typed without
    # accents are matched against folded twins (see also _compile_words).
    for item in items:
        yield item
        yield fold_diacritics(item)


def _compile(phrase: str, mode: Mode) -> re.Pattern[str]:
    if mode == "chars":
        return re.compile(_compile_chars(phrase))
    return re.compile(_compile_words(phrase))


def _compile_words(phrase: str) -> str:
    parts = [_word_part(token) for token in phrase.split()]
    body = r"\s+".join(parts)
    folded = r"\s+".join(_word_part(token) for token in fold_diacritics(phrase).split())
    if folded != body:
        # Vietnamese typed without accents: the same phrase must match its folded spelling.
        body = f"(?:{body}|{folded})"
    return rf"(?<![^\W_]){body}(?![^\W_])"


def _word_part(token: str) -> str:
    if token == "*":
        return r"[^\W_]+"
    if token == "#":
        return r"\d+"
    stem, wildcard = (token[:-1], True) if token.endswith("*") else (token, False)
    # Inside a token, punctuation such as "&" (J&T) or "-" (pre-order) may be typed or not.
    pieces = [re.escape(w) for w in words(stem)]
    literal = r"\W?".join(pieces)
    return literal + (r"[^\W_]*" if wildcard else "")


def _compile_chars(phrase: str) -> str:
    out: list[str] = []
    for char in phrase:
        if char == "*":
            out.append(_CHAR_GAP)
        elif char == "#":
            out.append(_CHAR_NUMBER)
        elif char.isspace():
            out.append(r"\s*")
        else:
            out.append(re.escape(char))
    return "".join(out)


def _starts_negated(phrase: str, mode: Mode, negators: frozenset[str]) -> bool:
    if mode == "words":
        tokens = words(phrase)
        return bool(tokens) and tokens[0] in negators
    return any(phrase.startswith(n) for n in negators)
