"""Loading the operator-edited word lists under ``data/``, once per process.

Everything a moderator may want to change (words, names, TLDs, confusables, blocking flags)
lives in data files; this module only parses and validates them, so a typo in a list fails
loudly at first use instead of silently weakening a check.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

from pasar.moderation.verdict import CATEGORIES

PACKAGE = "pasar.moderation"


class DataError(ValueError):
    """A moderation data file that cannot be used; the message names the file and key."""


@dataclass(frozen=True)
class LanguageData:
    code: str
    name: str
    digits: dict[str, tuple[str, ...]]
    phrases: dict[str, tuple[str, ...]]
    allow: dict[str, tuple[str, ...]]
    at_words: tuple[str, ...]
    dot_words: tuple[str, ...]
    negations: tuple[str, ...]
    negation_exceptions: tuple[str, ...]
    non_phone_cues: tuple[str, ...]
    messenger_pre_cues: tuple[str, ...]
    messenger_post_cues: tuple[str, ...]
    personal_data_cues: tuple[str, ...]


@dataclass(frozen=True)
class Messenger:
    name: str
    strong: tuple[str, ...]
    weak: tuple[str, ...]
    not_after: tuple[str, ...]
    not_before: tuple[str, ...]


@dataclass(frozen=True)
class Lexicon:
    """Every list of every language, merged: sellers mix languages, so all are checked always."""

    languages: dict[str, LanguageData]
    blocking: dict[str, bool]
    negatable: frozenset[str]
    confusables: dict[str, str]
    leet: dict[str, str]
    messengers: tuple[Messenger, ...]
    email_providers: tuple[str, ...]
    tlds: frozenset[str]
    strong_tlds: frozenset[str]
    sentence_safe_tlds: frozenset[str]
    allowed_domains: tuple[str, ...]
    messenger_domains: tuple[str, ...]
    phone: dict[str, Any]
    spam: dict[str, Any]
    personal_ids: tuple[dict[str, Any], ...]
    currency_before: tuple[str, ...]
    currency_after: tuple[str, ...]
    market_regions: dict[str, str] = field(default_factory=dict)

    def merged(self, attribute: str) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for lang in self.languages.values():
            for word in getattr(lang, attribute):
                seen.setdefault(word, None)
        return tuple(seen)

    def phrases(self, category: str) -> Iterator[str]:
        for lang in self.languages.values():
            yield from lang.phrases.get(category, ())

    def allowed_phrases(self, category: str) -> Iterator[str]:
        for lang in self.languages.values():
            yield from lang.allow.get(category, ())


def _data_dir() -> Traversable:
    return resources.files(PACKAGE).joinpath("data")


def _toml(path: Traversable) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise DataError(f"{path.name}: not valid TOML: {exc}") from exc


def _strings(source: str, key: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        raise DataError(f"{source}: {key}: must be a list of non-empty strings")
    return tuple(value)


def _language(path: Traversable) -> LanguageData:
    raw = _toml(path)
    name = path.name
    digits = {str(d): _strings(name, f"digits.{d}", words) for d, words in raw.get("digits", {}).items()}
    if digits and sorted(digits) != [str(d) for d in range(10)]:
        raise DataError(f"{name}: digits: needs exactly the keys 0..9")
    phrases = {cat: _strings(name, f"phrases.{cat}", items) for cat, items in raw.get("phrases", {}).items()}
    allow = {cat: _strings(name, f"allow.{cat}", items) for cat, items in raw.get("allow", {}).items()}
    unknown = (set(phrases) | set(allow)) - set(CATEGORIES)
    if unknown:
        raise DataError(f"{name}: phrases/allow: unknown categories {sorted(unknown)}")
    cues = raw.get("cues", {})

    def cue(key: str) -> tuple[str, ...]:
        return _strings(name, f"cues.{key}", cues.get(key, []))

    return LanguageData(
        code=raw.get("code", path.name.removesuffix(".toml")),
        name=raw.get("name", ""),
        digits=digits,
        phrases=phrases,
        allow=allow,
        at_words=cue("at_words"),
        dot_words=cue("dot_words"),
        negations=cue("negations"),
        negation_exceptions=cue("negation_exceptions"),
        non_phone_cues=cue("non_phone"),
        messenger_pre_cues=cue("messenger_before"),
        messenger_post_cues=cue("messenger_after"),
        personal_data_cues=cue("personal_data"),
    )


def _confusables(path: Traversable) -> dict[str, str]:
    table: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        body = line.split("#", 1)[0].strip()
        if not body:
            continue
        parts = body.split()
        if len(parts) != 2:
            raise DataError(f"{path.name}:{number}: expected 'SOURCE TARGET' (hex code points)")
        source, target = (chr(int(part, 16)) if part != "-" else "" for part in parts)
        table[source] = target
    return table


def _messengers(raw: dict[str, Any]) -> tuple[Messenger, ...]:
    result = []
    for item in raw.get("messenger", []):
        name = item.get("name", "?")
        result.append(
            Messenger(
                name=name,
                strong=_strings(f"messengers.toml[{name}]", "strong", item.get("strong", [])),
                weak=_strings(f"messengers.toml[{name}]", "weak", item.get("weak", [])),
                not_after=_strings(f"messengers.toml[{name}]", "not_after", item.get("not_after", [])),
                not_before=_strings(f"messengers.toml[{name}]", "not_before", item.get("not_before", [])),
            )
        )
    return tuple(result)


@cache
def lexicon() -> Lexicon:
    data = _data_dir()
    categories = _toml(data.joinpath("categories.toml"))
    table = categories.get("categories", {})
    if set(table) != set(CATEGORIES):
        raise DataError(f"categories.toml: needs exactly the categories {list(CATEGORIES)}")
    languages = {}
    for path in sorted(data.joinpath("lang").iterdir(), key=lambda p: p.name):
        if path.name.endswith(".toml"):
            lang = _language(path)
            languages[lang.code] = lang
    messengers = _toml(data.joinpath("messengers.toml"))
    links = _toml(data.joinpath("links.toml"))
    phone = _toml(data.joinpath("phones.toml"))
    spam = _toml(data.joinpath("spam.toml"))
    personal = _toml(data.joinpath("personal_data.toml"))
    return Lexicon(
        languages=languages,
        blocking={code: bool(table[code]["blocking"]) for code in CATEGORIES},
        negatable=frozenset(code for code in CATEGORIES if table[code].get("negatable", False)),
        confusables=_confusables(data.joinpath("confusables.txt")),
        leet=dict(messengers.get("leet", {})),
        messengers=_messengers(messengers),
        email_providers=_strings("links.toml", "email_providers", links["email_providers"]),
        tlds=frozenset(_strings("links.toml", "tlds", links["tlds"])),
        strong_tlds=frozenset(_strings("links.toml", "strong_tlds", links["strong_tlds"])),
        sentence_safe_tlds=frozenset(_strings("links.toml", "sentence_safe_tlds", links["sentence_safe_tlds"])),
        allowed_domains=_strings("links.toml", "allowed_domains", links["allowed_domains"]),
        messenger_domains=_strings("links.toml", "messenger_domains", links["messenger_domains"]),
        phone=phone,
        spam=spam,
        personal_ids=tuple(personal.get("id", [])),
        currency_before=_strings("phones.toml", "currency_before", phone["currency_before"]),
        currency_after=_strings("phones.toml", "currency_after", phone["currency_after"]),
        market_regions=dict(json.loads(data.joinpath("markets.json").read_text(encoding="utf-8"))),
    )
