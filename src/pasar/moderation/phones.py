"""Phone numbers hidden in a message: digits, number words of any language, look-alikes.

A candidate is any run of at least ``min_tokens`` digit tokens (an ASCII digit after folding,
or a number word such as "delapan", "lapan", "không", "แปด", "八") separated by at most a few
filler characters (spaces, dots, dashes, emoji). Its digits count as a phone only if the
``phonenumbers`` library calls them a valid number of a shipped region (R-IM-4 (1)), which
is what keeps order numbers, prices and dates from tripping the check; a few cheap context
rules (currency symbols, "order no.", date shapes) remove the rest of the false alarms.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import pairwise

import phonenumbers

from pasar.moderation.normalise import fold
from pasar.moderation.regexes import (
    LATIN,
    LATIN_CHAR,
    is_latin,
    trie_regex,
    word_sequences,
    words_anywhere,
)
from pasar.moderation.resources import lexicon
from pasar.moderation.scan import Scan


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    digit: str
    word: bool


@dataclass(frozen=True)
class PhoneRules:
    run: re.Pattern[str]
    digit_run: re.Pattern[str]
    token: re.Pattern[str]
    digit_of: dict[str, str]
    lookalike_run: re.Pattern[str]
    min_tokens: int
    min_digits: int
    max_digits: int
    not_phone_before: re.Pattern[str]
    contact_anywhere: re.Pattern[str]
    currency_before: re.Pattern[str]
    currency_after: re.Pattern[str]
    shapes: tuple[re.Pattern[str], ...]
    shipped_regions: tuple[str, ...]
    latin_number_words: frozenset[str]
    contact_words: frozenset[str]
    other_number_run: re.Pattern[str]


@cache
def rules() -> PhoneRules:
    lex = lexicon()
    conf = lex.phone
    digit_of: dict[str, str] = {}
    for lang in lex.languages.values():
        for digit, spellings in lang.digits.items():
            for word in spellings:
                digit_of.setdefault(fold(word), digit)
    words = trie_regex(word_sequences(sorted(digit_of, key=len, reverse=True)))
    token = f"(?:[0-9]|{words})"
    sep = conf["separator"]
    messenger_words = [w for m in lex.messengers for w in (*m.weak, *m.strong)]
    return PhoneRules(
        run=re.compile(f"\\+?{token}(?:(?:{conf['word_separator']}){{0,{conf['max_separator_run']}}}{token})*"),
        digit_run=re.compile(f"\\+?[0-9](?:(?:{sep}){{0,{conf['max_separator_run']}}}[0-9])*"),
        token=re.compile(f"[0-9]+|{words}"),
        digit_of=digit_of,
        lookalike_run=re.compile(conf["lookalike_run"]),
        min_tokens=int(conf["min_tokens"]),
        min_digits=int(conf["min_digits"]),
        max_digits=int(conf["max_digits"]),
        not_phone_before=words_anywhere(lex.merged("non_phone_cues")),
        contact_anywhere=words_anywhere([*messenger_words, *conf["contact_words"]]),
        currency_before=re.compile(f"(?:^|[^{LATIN}])(?:{'|'.join(map(re.escape, lex.currency_before))})\\s*$"),
        currency_after=re.compile(f"^\\s*(?:{'|'.join(map(re.escape, lex.currency_after))})(?![{LATIN}])"),
        shapes=tuple(re.compile(p) for p in conf["not_phone_shapes"]),
        shipped_regions=tuple(conf["shipped_regions"]),
        latin_number_words=frozenset(w for w in digit_of if is_latin(w)),
        contact_words=frozenset(fold(w) for w in (*messenger_words, *conf["contact_words"])),
        other_number_run=_other_number_run(digit_of, sep, r"{0,3}"),
    )


def _other_number_run(digit_of: dict[str, str], sep: str, gap: str) -> re.Pattern[str]:
    """Four Thai/Chinese number words in a row: the gate for phones written without digits."""
    words = trie_regex(word_sequences(sorted((w for w in digit_of if not is_latin(w)), key=len, reverse=True)))
    return re.compile(f"(?:{words})(?:(?:{sep}){gap}(?:{words}|[0-9])){{3}}")


def phone_mode(scan: Scan) -> str | None:
    """Cheap gate: None (no phone possible), "digits" (digits only) or "words" (number words too)."""
    r = rules()
    number_words = len(r.latin_number_words.intersection(scan.unique))
    if number_words >= r.min_tokens // 2 or r.other_number_run.search(scan.text):
        return "words"
    if scan.has_digits:
        return "digits"
    # "O77OO9OOl23": letters for digits leave too few real digits for the cheap gate above.
    if _LOOKALIKE_GATE.search(scan.text) and len(_DIGIT_GROUPS.findall(scan.text)) >= 2:
        return "digits"
    return None


def unmask_lookalike_digits(text: str) -> str:
    """'O8l2-3456-789O' -> '0812-3456-7890', only inside runs that are mostly real digits."""
    if not _LOOKALIKE_GATE.search(text):
        return text
    return rules().lookalike_run.sub(_unmask, text)


def _unmask(match: re.Match[str]) -> str:
    """Only pieces that hold a real digit change, and only in runs with at least four digits."""
    chunk = match.group()
    if sum(map(str.isdigit, chunk)) < 4:
        return chunk
    pieces = _PIECES.split(chunk)
    return "".join(p.translate(_LOOKALIKE_DIGITS) if _HAS_DIGIT.search(p) else p for p in pieces)


_PIECES = re.compile(r"([\s.\-]+)")
_HAS_DIGIT = re.compile(r"[0-9]")


_LOOKALIKE_GATE = re.compile(r"[0-9][oil]|[oil][0-9]")
_LOOKALIKE_DIGITS = str.maketrans({"o": "0", "l": "1", "i": "1"})


def find_phones(text: str, regions: tuple[str, ...], mode: str = "words") -> Iterator[tuple[int, int]]:
    r = rules()
    for run in (r.run if mode == "words" else r.digit_run).finditer(text):
        if run.end() - run.start() < r.min_tokens:
            continue
        if mode == "digits" and not _plausible_digit_run(run.group(), r):
            continue
        if mode == "digits" and _glued_to_letters(text, run.start(), run.end(), r):
            continue
        segments = _segments(text, run, r) if mode == "words" else [_digit_tokens(text, run)]
        for segment in segments:
            span = _phone_span(text, segment, regions, r)
            if span is not None:
                yield span


_DIGIT_GROUPS = re.compile(r"[0-9]+")


def _plausible_digit_run(raw: str, r: PhoneRules) -> bool:
    """Skip, before any real work, runs too short to dial or one group too long ("order 5789...5678")."""
    groups = _DIGIT_GROUPS.findall(raw)
    total = sum(map(len, groups))
    if total < r.min_digits:
        return False
    return not (len(groups) == 1 and total > r.max_digits)


def _glued_to_letters(text: str, start: int, end: int, r: PhoneRules) -> bool:
    """'JP1234567890', '1234567890abc': part of a code, unless a contact word is glued on ("wa0812...")."""
    if end < len(text) and LATIN_CHAR.match(text, end) and text[end].isalpha():
        return True
    return _code_letters_before(text, start, r)


def _code_letters_before(text: str, start: int, r: PhoneRules) -> bool:
    if start == 0 or not text[start - 1].isalpha():
        return False
    glued = _LETTERS_BEFORE.search(text, max(0, start - 12), start)
    return glued is None or glued.group() not in r.contact_words


_LETTERS_BEFORE = re.compile(r"[^\W\d_]+$")


def _digit_tokens(text: str, run: re.Match[str]) -> list[_Token]:
    return [_Token(m.start(), m.end(), m.group(), False) for m in _DIGIT_GROUPS.finditer(text, run.start(), run.end())]


def _segments(text: str, run: re.Match[str], r: PhoneRules) -> Iterator[list[_Token]]:
    """Split a run at number words glued to other letters ("satuan", "someone")."""
    current: list[_Token] = []
    for match in r.token.finditer(text, run.start(), run.end()):
        word = not match.group()[0].isdigit()
        if word and is_latin(match.group()) and not _word_bounded(text, match.start(), match.end()):
            if current:
                yield current
            current = []
            continue
        digits = match.group() if not word else r.digit_of[match.group()]
        current.append(_Token(match.start(), match.end(), digits, word))
    if current:
        yield current


def _word_bounded(text: str, start: int, end: int) -> bool:
    before = start == 0 or not LATIN_CHAR.match(text[start - 1]) or text[start - 1].isdigit()
    after = end >= len(text) or not LATIN_CHAR.match(text[end]) or text[end].isdigit()
    return before and after


def _phone_span(text: str, tokens: list[_Token], regions: tuple[str, ...], r: PhoneRules) -> tuple[int, int] | None:
    if len(tokens) < 2 and len(tokens[0].digit) < r.min_digits:
        return None
    if sum(len(t.digit) for t in tokens) < r.min_digits:
        return None
    start, end = tokens[0].start, tokens[-1].end
    if start > 0 and text[start - 1] == "+":
        start -= 1
    if _excluded_by_context(text, start, end, tokens, r):
        return None
    for first, last in _windows(tokens, text, r):
        if last - first + 1 > r.max_digits:
            continue  # more tokens than a phone has digits
        plus = tokens[first].start > 0 and text[tokens[first].start - 1] == "+"
        digits = "".join(t.digit for t in tokens[first : last + 1])
        if r.min_digits <= len(digits) <= r.max_digits and is_valid_phone(digits, plus, regions):
            begin = tokens[first].start - (1 if plus else 0)
            return begin, tokens[last].end
    return None


def _excluded_by_context(text: str, start: int, end: int, tokens: list[_Token], r: PhoneRules) -> bool:
    before = text[max(0, start - 30) : start]
    if _glued_to_code(text, start, end, tokens, r):
        return True
    if _closest_cue_is_not_phone(before, r) or r.currency_before.search(before):
        return True
    if r.currency_after.search(text[end : end + 12]):
        return True
    raw = text[start:end]
    return any(shape.fullmatch(raw) for shape in r.shapes) or _is_ascending_list(tokens)


def _is_ascending_list(tokens: list[_Token]) -> bool:
    """ "size 38 39 40 41 42", "6 8 10 12 14": short numbers counting up are a list, not a phone."""
    # Digit-by-digit obfuscation ("0 1 2 3 4 5 6 7 8 9") is single digits; lists have two-digit items.
    if len(tokens) < 4 or any(t.word or len(t.digit) > 2 for t in tokens) or all(len(t.digit) < 2 for t in tokens):
        return False
    values = [int(t.digit) for t in tokens]
    return all(a < b for a, b in pairwise(values))


def _glued_to_code(text: str, start: int, end: int, tokens: list[_Token], r: PhoneRules) -> bool:
    """'SPXID0123456789', 'INV/20240512/MPL/3812345678', '#20240512-8812': codes, not numbers to dial."""
    left = text[start - 1] if start > 0 else " "
    right = text[end] if end < len(text) else " "
    if not tokens[0].word:
        if _code_letters_before(text, start, r):
            return True
        if left in "/#" or (left in "-_." and start > 1 and text[start - 2].isalnum()):
            return True
    if not tokens[-1].word:
        if right.isalpha() and LATIN_CHAR.match(right):
            return True
        if right in "/#" or (right in "-_" and end + 1 < len(text) and text[end + 1].isalpha()):
            return True
    return False


def _closest_cue_is_not_phone(before: str, r: PhoneRules) -> bool:
    """An "order no."/"resi"/"SKU" cue shortly before counts, unless a contact cue ("WA", "call") is nearer."""
    last_code = max((m.end() for m in r.not_phone_before.finditer(before)), default=-1)
    if last_code < 0:
        return False
    last_contact = max((m.end() for m in r.contact_anywhere.finditer(before)), default=-1)
    return last_code >= last_contact


def _windows(tokens: list[_Token], text: str, r: PhoneRules) -> Iterator[tuple[int, int]]:
    """The whole run first; then sub-runs that start like a dialled number (0..., +...).

    Windows never exceed ``max_digits``, so a 2,000-character run of digits costs a bounded
    number of checks per start instead of one per pair of positions.
    """
    yield 0, len(tokens) - 1
    groups = _group_starts(tokens)
    bounds = [*groups[1:], len(tokens)]
    for index, first in enumerate(groups):
        plus = tokens[first].start > 0 and text[tokens[first].start - 1] == "+"
        if first != 0 and not (plus or tokens[first].digit.startswith("0")):
            continue
        ends = []
        count = 0
        previous = first
        for stop in bounds[index:]:
            count += sum(len(t.digit) for t in tokens[previous:stop])
            previous = stop
            if count > r.max_digits:
                break
            if count >= r.min_digits and (first, stop - 1) != (0, len(tokens) - 1):
                ends.append(stop - 1)
        for last in reversed(ends):
            yield first, last


def _group_starts(tokens: list[_Token]) -> list[int]:
    starts = [0]
    for index in range(1, len(tokens)):
        previous, token = tokens[index - 1], tokens[index]
        if token.word or previous.word or token.start != previous.end:
            starts.append(index)
    return starts


@dataclass(frozen=True)
class _Region:
    code: str
    country_code: str
    trunk_prefix: str
    shape: re.Pattern[str]  # phonenumbers' general pattern of a national significant number


@cache
def _region(code: str) -> _Region | None:
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(code)
    general = metadata.general_desc if metadata is not None else None
    if metadata is None or general is None or not general.national_number_pattern:
        return None
    pattern = re.compile(general.national_number_pattern)
    return _Region(code, str(metadata.country_code), metadata.national_prefix or "", pattern)


def _could_be(region: _Region, digits: str, plus: bool) -> bool:
    """Cheap necessary condition before the (slow) full parse: some reading of the digits has the
    region's national-number shape."""
    readings = []
    if digits.startswith(region.country_code):
        readings.append(digits[len(region.country_code) :])
    if not plus:
        readings.append(digits)
        if region.trunk_prefix and digits.startswith(region.trunk_prefix):
            readings.append(digits[len(region.trunk_prefix) :])
    return any(region.shape.fullmatch(reading) for reading in readings)


@lru_cache(maxsize=4096)
def is_valid_phone(digits: str, plus: bool, regions: tuple[str, ...]) -> bool:
    """Valid in a shipped region: written nationally, without the trunk prefix, or with country code."""
    shipped = tuple(dict.fromkeys((*regions, *rules().shipped_regions)))
    plausible = [r for r in map(_region, shipped) if r is not None and _could_be(r, digits, plus)]
    if not plausible:
        return False
    if plus or not digits.startswith("0"):
        try:
            number = phonenumbers.parse(f"+{digits}", None)
        except phonenumbers.NumberParseException:
            number = None
        if number is not None and _valid_in(number, shipped):
            return True
    return not plus and _valid_nationally(digits, plausible)


def _valid_in(number: phonenumbers.PhoneNumber, regions: tuple[str, ...]) -> bool:
    return bool(phonenumbers.is_valid_number(number)) and phonenumbers.region_code_for_number(number) in regions


def _valid_nationally(digits: str, plausible: list[_Region]) -> bool:
    for region in plausible:
        try:
            number = phonenumbers.parse(digits, region.code)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number_for_region(number, region.code):
            return True
    return False
