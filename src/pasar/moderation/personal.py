"""R-IM-4 (7) personal data leaked in a message: card numbers, national ID numbers.

Requests for personal data ("send me your OTP") are phrases (``phrases.py``); this module finds
the data itself. Each ID format in ``data/personal_data.toml`` has a regex and a checksum or
structure validator, so an order number of the same length does not count.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache

from pasar.moderation.hits import Hit
from pasar.moderation.phones import rules as phone_rules
from pasar.moderation.regexes import words_anywhere
from pasar.moderation.resources import lexicon


def _digits(text: str) -> str:
    return re.sub(r"[^0-9]", "", text)


def luhn(text: str) -> bool:
    digits = _digits(text)
    total = 0
    for index, ch in enumerate(reversed(digits)):
        value = int(ch) * (2 if index % 2 else 1)
        total += value - 9 if value > 9 else value
    return len(digits) >= 13 and total % 10 == 0


def _valid_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def my_ic(text: str) -> bool:
    """Malaysian MyKad: YYMMDD-PB-####, the first six digits a real birth date."""
    digits = _digits(text)
    return _valid_date(1900 + int(digits[0:2]), int(digits[2:4]), int(digits[4:6]))


def nik(text: str) -> bool:
    """Indonesian NIK: province code 11..94, then DDMMYY with 40 added to the day for women."""
    digits = _digits(text)
    day = int(digits[6:8])
    day = day - 40 if day > 40 else day
    return 11 <= int(digits[0:2]) <= 94 and _valid_date(2000 + int(digits[10:12]), int(digits[8:10]), day)


def th_id(text: str) -> bool:
    digits = _digits(text)
    total = sum(int(d) * (13 - i) for i, d in enumerate(digits[:12]))
    return (11 - total % 11) % 10 == int(digits[12])


def sg_nric(text: str) -> bool:
    body = text.upper()
    weights = (2, 7, 6, 5, 4, 3, 2)
    total = sum(int(d) * w for d, w in zip(body[1:8], weights, strict=True))
    if body[0] in "TG":
        total += 4
    letters = "JZIHGFEDCBA" if body[0] in "ST" else "XWUTRQPNMLK"
    return letters[total % 11] == body[8]


VALIDATORS: dict[str, Callable[[str], bool]] = {
    "luhn": luhn,
    "my_ic": my_ic,
    "nik": nik,
    "th_id": th_id,
    "sg_nric": sg_nric,
}


@dataclass(frozen=True)
class IdFormat:
    name: str
    pattern: re.Pattern[str]
    validate: Callable[[str], bool]
    needs_cue: bool


@dataclass(frozen=True)
class PersonalRules:
    formats: tuple[IdFormat, ...]
    any_format: re.Pattern[str]
    without_cue: tuple[IdFormat, ...]
    any_without_cue: re.Pattern[str]
    cue: re.Pattern[str]


@cache
def rules() -> PersonalRules:
    lex = lexicon()
    formats = []
    for item in lex.personal_ids:
        if item["validator"] not in VALIDATORS:
            raise ValueError(f"personal_data.toml: {item['name']}: unknown validator {item['validator']!r}")
        formats.append(
            IdFormat(item["name"], re.compile(item["pattern"]), VALIDATORS[item["validator"]], bool(item["needs_cue"]))
        )
    without_cue = [fmt for fmt in formats if not fmt.needs_cue]
    return PersonalRules(
        tuple(formats),
        _any_of(formats),
        tuple(without_cue),
        _any_of(without_cue),
        words_anywhere(lex.merged("personal_data_cues")),
    )


def _any_of(formats: list[IdFormat]) -> re.Pattern[str]:
    """One scan finds where any of the formats starts; each format is then tried only there."""
    return re.compile("|".join(f"(?:{fmt.pattern.pattern})" for fmt in formats) or "(?!)")


def find_personal_data(text: str) -> Iterator[Hit]:
    r = rules()
    # Most messages have no cue word at all; then the formats that need one are not tried.
    if r.cue.search(text):
        any_format, formats = r.any_format, r.formats
    else:
        any_format, formats = r.any_without_cue, r.without_cue
    for candidate in any_format.finditer(text):
        for fmt in formats:
            match = fmt.pattern.match(text, candidate.start())
            if match is None:
                continue
            before = text[max(0, match.start() - 40) : match.start()]
            if fmt.needs_cue and not r.cue.search(before):
                continue
            if not fmt.validate(match.group()):
                continue
            if phone_rules().not_phone_before.search(before[-25:]):
                continue  # "virtual account 8808 ...": a payment reference, not somebody's card
            yield Hit("personal_data", match.start(), match.end(), fmt.name)
