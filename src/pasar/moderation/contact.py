"""R-IM-4 (1) external contact details: phone numbers, e-mail addresses, messenger handles."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache

from pasar.moderation import phones
from pasar.moderation.hits import Hit
from pasar.moderation.regexes import (
    LATIN,
    Variant,
    cue_regex,
    left_boundary_ok,
    right_boundary_ok,
    trie_regex,
    word_sequences,
    word_variants,
)
from pasar.moderation.resources import lexicon
from pasar.moderation.scan import Scan

_LABELS = re.compile(r"[a-z0-9\-]+")
# Symbols used as letters split a name into several words: "wh@tsapp", "wa$ap".
_LEET_SYMBOL = re.compile(r"[a-z][@$!][a-z]")
# What follows a weak name when it is really a handle: "wa: 0812...", "line @shop", "ig (shop)".
_HANDLE_AFTER = re.compile(
    r"^\s*(?:[:：=\-]\s*)?(?:@[\w.]{2,}|\+?[0-9][0-9\s\-.]{5,})|^\s*[:：=]\s*[\w.]{3,}|^\s*[(\[]\s*@?[\w.]{3,}\s*[)\]]"
)


@dataclass(frozen=True)
class ContactRules:
    email: re.Pattern[str]
    providers: frozenset[str]
    tlds: frozenset[str]
    allowed_domains: tuple[str, ...]
    strong: re.Pattern[str]
    not_after: re.Pattern[str] | None
    not_before: re.Pattern[str] | None
    pre_cue: re.Pattern[str]
    post_cue: re.Pattern[str]


@cache
def rules() -> ContactRules:
    lex = lexicon()
    at_words = sorted(lex.merged("at_words"), key=len, reverse=True)
    dot_words = sorted(lex.merged("dot_words"), key=len, reverse=True)
    at_spaced = "|".join(re.escape(w) for w in at_words if w.isascii())
    at_glued = "|".join(re.escape(w) for w in at_words if not w.isascii()) or "(?!)"
    dot_spaced = "|".join(re.escape(w) for w in dot_words if w.isascii())
    dot_glued = "|".join(re.escape(w) for w in dot_words if not w.isascii()) or "(?!)"
    at = (
        rf"(?:\s*@\s*|\s*[(\[{{<]\s*(?:@|{at_spaced})\s*[)\]}}>]\s*|(?P<word>\s+(?:{at_spaced})\s+)"
        rf"|\s*(?:{at_glued})\s*)"
    )
    dot = (
        rf"(?:\s?\.\s?|\s*[(\[{{<]\s*(?:\.|{dot_spaced}|{dot_glued})\s*[)\]}}>]\s*"
        rf"|\s+(?:{dot_spaced})\s+|\s*(?:{dot_glued})\s*)"
    )
    label = r"[a-z0-9][a-z0-9\-]*+"
    email = rf"(?<![a-z0-9._%+\-])[a-z0-9][a-z0-9._%+\-]*+{at}(?P<domain>{label}(?:{dot}{label})*+)"
    strong_names = [w for m in lex.messengers for w in m.strong]
    not_after = [w for m in lex.messengers for w in m.not_after]
    not_before = [w for m in lex.messengers for w in m.not_before]
    return ContactRules(
        email=re.compile(email),
        providers=frozenset(lex.email_providers),
        tlds=lex.tlds,
        allowed_domains=lex.allowed_domains,
        strong=re.compile(trie_regex(word_sequences(strong_names, lex.leet))),
        not_after=cue_regex(not_after, at_end=True) if not_after else None,
        not_before=re.compile(trie_regex(word_sequences(not_before))) if not_before else None,
        pre_cue=cue_regex(lex.merged("messenger_pre_cues"), at_end=True),
        post_cue=cue_regex(lex.merged("messenger_post_cues"), at_end=False),
    )


STRONG = "contact:strong"
WEAK = "contact:weak"


def find_phones(scan: Scan, regions: tuple[str, ...]) -> Iterator[Hit]:
    """Phone numbers (see ``phones.py``), after undoing letters that stand in for digits."""
    mode = phones.phone_mode(scan)
    if mode is None:
        return
    digits_view = phones.unmask_lookalike_digits(scan.text)
    for start, end in phones.find_phones(digits_view, regions, mode):
        yield Hit("contact", start, end, "phone")


def find_emails(text: str) -> Iterator[Hit]:
    """Addresses with '@' or an at-word, and dots typed as dots, brackets or dot-words."""
    r = rules()
    for match in r.email.finditer(text):
        labels = _LABELS.findall(match.group("domain"))
        domain = ".".join(labels)
        if any(domain == allowed or domain.endswith("." + allowed) for allowed in r.allowed_domains):
            continue
        known_tld = len(labels) >= 2 and labels[-1] in r.tlds and any(c.isalpha() for c in labels[-1])
        if match.group("word") and "." in match.group("domain") and labels[0] not in r.providers:
            continue  # "available at myshop.com" is a link, not somebody's mailbox
        if known_tld or labels[0] in r.providers:
            yield Hit("contact", match.start(), match.end(), "email")


def messenger_entries() -> list[tuple[str, Variant]]:
    """Messenger names for the shared word index (``words.py``), labelled by kind."""
    lex = lexicon()
    strong = [w for m in lex.messengers for w in m.strong]
    weak = [w for m in lex.messengers for w in m.weak]
    strong_variants = [
        # Five letters or more: also the start of a longer word ("whatsappku", "whatsappnya").
        replace(v, star=True) if v.head.isalpha() and len(v.head) >= 5 and v.head == v.key else v
        for v in word_variants(strong, lex.leet)
    ]
    return [(STRONG, v) for v in strong_variants] + [(WEAK, v) for v in word_variants(weak)]


def leet_symbol_messengers(text: str) -> Iterator[tuple[str, int, int]]:
    """'wh@tsapp', 'wa$ap': symbols split words, so these are found by one regex instead."""
    if _LEET_SYMBOL.search(text):
        for match in rules().strong.finditer(text):
            yield STRONG, match.start(), match.end()


def accept_messenger(text: str, kind: str, start: int, end: int) -> Hit | None:
    """A strong name always counts; a weak one only beside a handle, a number or a cue word."""
    r = rules()
    if not left_boundary_ok(text, start) or _excluded(text, start, end, r):
        return None
    if kind == WEAK:
        if not right_boundary_ok(text, end):
            return None
        before, after = text[max(0, start - 24) : start], text[end : end + 24]
        if not (_HANDLE_AFTER.search(after) or r.pre_cue.search(before) or r.post_cue.search(after)):
            return None
    return Hit("contact", start, _extend_handle(text, end), "messenger")


def _excluded(text: str, start: int, end: int, r: ContactRules) -> bool:
    """'ไลน์' inside 'ออนไลน์' (online), and similar words that merely contain a name."""
    if r.not_after is not None and r.not_after.search(text[max(0, start - 12) : start]):
        return True
    return r.not_before is not None and r.not_before.match(text, end) is not None


_HANDLE = re.compile(rf"\s*[:：=]?\s*@?[{LATIN}_.]*[0-9a-z_]")


def _extend_handle(text: str, end: int) -> int:
    """Point the span at the handle as well ("line: shopabc"), which is what the sender must remove."""
    match = _HANDLE.match(text, end)
    if match and ("@" in match.group() or ":" in match.group()):
        return match.end()
    return end
