"""Folding a message into one comparable form, and mapping every folded offset back.

Detectors never see the seller's raw text: they see it NFKC-normalised, lower-cased, with
look-alike letters (Cyrillic/Greek/small capitals, from ``data/confusables.txt``) replaced by
the Latin letter they imitate, every decimal digit of any script turned into ASCII, and
invisible characters (zero-width joiners, variation selectors, keycap marks) removed. Spaced or
punctuated single letters ("w h a t s a p p", "w.h.a.t.s.a.p.p") are then joined into a word.

Violations must point into the ORIGINAL text (R-IM-5: the sender is told the offending span),
so every step keeps a map from folded index to original index. The map is only built when a
detector actually reports something; ordinary messages never pay for it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

from pasar.moderation.resources import lexicon

_COMBINING = re.compile("[\u0300-\u036f]")
_CLUSTER = re.compile("[^\u0300-\u036f][\u0300-\u036f]+")
# Four or more lone letters, each followed by the same kind of filler: "w h a t s", "t.e.l.e".
# Letters of the Latin-script languages after folding (ASCII, Latin-1, Latin Extended and the
# Vietnamese block); a Latin word only matches when not glued to another such letter.
LATIN = "0-9a-z\u00c0-\u024f\u1e00-\u1eff"
_SPACED_LETTERS = re.compile(rf"(?<![{LATIN}])(?:[a-z](?:[\s.\-_*·|~+]{{1,3}})){{3,}}[a-z](?![{LATIN}])")
# Two lone letters in a row; starts with a separator so ``re`` only stops at spaces and dots.
_SPACED_GATE = re.compile(r"[\s.\-_*·|~+][a-z][\s.\-_*·|~+]{1,3}[a-z][\s.\-_*·|~+]")
_SEPARATORS = re.compile(r"[\s.\-_*·|~+]")


class _FoldTable(dict[int, str]):
    """Code point -> folded string, filled lazily so ``str.translate`` runs at C speed."""

    def __init__(self, confusables: dict[str, str]) -> None:
        super().__init__()
        self._confusables = confusables

    def __missing__(self, code: int) -> str:
        folded = fold_char(chr(code), self._confusables)
        self[code] = folded
        return folded


def fold_char(ch: str, confusables: dict[str, str]) -> str:
    if ch in confusables:
        return confusables[ch]
    code = ord(ch)
    category = unicodedata.category(ch)
    # Invisible joiners, keycap/enclosing marks and variation selectors hide nothing a reader
    # sees, so evaders insert them between digits; dropping them restores the digit run.
    if category in ("Cf", "Me") or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF or 0x1F3FB <= code <= 0x1F3FF:
        return ""
    digit = unicodedata.digit(ch, None)
    if digit is not None:
        return str(digit)
    folded = unicodedata.normalize("NFKC", ch).lower()
    return "".join(confusables.get(c, c) for c in folded)


@cache
def _table() -> _FoldTable:
    return _FoldTable(lexicon().confusables)


# Where characters that fold to something other than their lower case live: the whole BMP, plus
# the supplementary blocks NFKC or the confusables table touch (mathematical letters and digits,
# enclosed alphanumerics and regional indicators, skin tones, segmented digits, CJK
# compatibility ideographs, tags and variation selectors).
_SCANNED_PLANES = (
    (0x0000, 0xFFFF),
    (0x1D400, 0x1D7FF),
    (0x1F100, 0x1F1FF),
    (0x1F3FB, 0x1F3FF),
    (0x1FBF0, 0x1FBF9),
    (0x2F800, 0x2FA1F),
    (0xE0000, 0xE01EF),
)


@cache
def _changing() -> re.Pattern[str]:
    """A class of every character whose fold differs from ``str.lower`` (or that must recompose).

    Built once (about 0.1 s): text without such a character folds with ``str.lower`` alone and
    keeps its offsets, which is the common case for Thai, Chinese and Vietnamese messages.
    """
    confusables = lexicon().confusables
    ranges: list[tuple[int, int]] = []
    for low, high in _SCANNED_PLANES:
        for code in range(low, high + 1):
            ch = chr(code)
            if 0xD800 <= code <= 0xDFFF:
                continue
            if fold_char(ch, confusables) != ch.lower() or 0x0300 <= code <= 0x036F:
                if ranges and ranges[-1][1] == code - 1:
                    ranges[-1] = (ranges[-1][0], code)
                else:
                    ranges.append((code, code))
    body = "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)
    return re.compile(f"[{body}]")


def fold(text: str) -> str:
    """The folded form of a data-file entry, so lists match text folded the same way."""
    if text.isascii():
        return text.lower()
    return _compose(text.translate(_table()), None)[0]


@dataclass
class Normalised:
    original: str
    text: str
    _origin: list[int] | None = field(default=None, repr=False)
    _identity: bool = True

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original-text span of folded ``[start, end)``; trailing dropped marks are included."""
        if self._identity:
            return start, end
        origin = self._origin_map()
        first = origin[start] if start < len(origin) else len(self.original)
        last = origin[end] if end < len(origin) else len(self.original)
        if last <= first:
            last = origin[end - 1] + 1
        return first, last

    def _origin_map(self) -> list[int]:
        if self._origin is None:
            self._origin = _build_origin(self.original)
        return self._origin


def _build_origin(original: str) -> list[int]:
    table = _table()
    pieces = [table[code] for code in map(ord, original)]
    origin = [index for index, piece in enumerate(pieces) for _ in piece]
    return _compose("".join(pieces), origin)[1] or origin


def _compose(folded: str, origin: list[int] | None) -> tuple[str, list[int] | None]:
    """Recompose decomposed accents (Vietnamese typed with combining tone marks)."""
    if not _COMBINING.search(folded):
        return folded, origin
    pieces: list[str] = []
    new_origin: list[int] = []
    position = 0
    for match in _CLUSTER.finditer(folded):
        pieces.append(folded[position : match.start()])
        if origin is not None:
            new_origin.extend(origin[position : match.start()])
        composed = unicodedata.normalize("NFC", match.group())
        pieces.append(composed)
        if origin is not None:
            new_origin.extend([origin[match.start()]] * len(composed))
        position = match.end()
    pieces.append(folded[position:])
    if origin is not None:
        new_origin.extend(origin[position:])
    return "".join(pieces), (new_origin if origin is not None else None)


def normalise(text: str) -> Normalised:
    if text.isascii():
        norm = Normalised(text, text.lower())
    elif not _changing().search(text) and len(lowered := text.lower()) == len(text):
        norm = Normalised(text, lowered)
    else:
        # The origin map of non-ASCII text is built lazily in span(): most messages never need it.
        norm = Normalised(text, _compose(text.translate(_table()), None)[0], None, False)
    if _SPACED_GATE.search(norm.text) and _SPACED_LETTERS.search(norm.text):
        norm = _join_spaced_letters(norm)
    return norm


def _join_spaced_letters(norm: Normalised) -> Normalised:
    base = list(range(len(norm.text))) if norm._identity else norm._origin_map()
    kept: list[int] = []
    pieces: list[str] = []
    position = 0
    text = norm.text
    for match in _SPACED_LETTERS.finditer(text):
        pieces.append(text[position : match.start()])
        kept.extend(range(position, match.start()))
        for offset, ch in enumerate(match.group()):
            if not _SEPARATORS.fullmatch(ch):
                pieces.append(ch)
                kept.append(match.start() + offset)
        position = match.end()
    pieces.append(text[position:])
    kept.extend(range(position, len(text)))
    return Normalised(norm.original, "".join(pieces), [base[i] for i in kept], False)
