"""R-IM-4 (2) links to other websites or shops, with or without a scheme, however the dots are typed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from pasar.moderation.hits import Hit
from pasar.moderation.regexes import trie_regex, word_sequences
from pasar.moderation.resources import lexicon
from pasar.moderation.scan import Scan

_SCHEME = re.compile(r"(?:https?|ftp)\s*:\s*/\s*/\s*[^\s]+|\bwww\s*\.\s*[a-z0-9\-]+[^\s]*")
_LABELS = re.compile(r"[a-z0-9\-]+")
_PATH = re.compile(r"/[^\s]*")


@dataclass(frozen=True)
class LinkRules:
    domain: re.Pattern[str]
    tlds: frozenset[str]
    strong_tlds: frozenset[str]
    sentence_safe_tlds: frozenset[str]
    second_level: frozenset[str]
    allowed: tuple[str, ...]
    messenger_domains: tuple[str, ...]
    trigger: re.Pattern[str]
    trigger_words: frozenset[str]


@cache
def rules() -> LinkRules:
    lex = lexicon()
    dot_words = sorted(lex.merged("dot_words"), key=len, reverse=True)
    spaced = "|".join(re.escape(w) for w in dot_words if w.isascii())
    glued = "|".join(re.escape(w) for w in dot_words if not w.isascii()) or "(?!)"
    dot = (
        rf"(?P<sep>\s*\.\s*|\s*[(\[{{<]\s*(?:\.|{spaced}|{glued})\s*[)\]}}>]\s*|\s+(?:{spaced})\s+"
        rf"|\s*(?:{glued})\s*)"
    )
    label = r"[a-z0-9][a-z0-9\-]*+"
    domain = rf"(?<![a-z0-9\-.@_])(?:{label}{dot})+[a-z]{{2,}}+(?![a-z0-9\-@])"
    tlds = lex.tlds
    return LinkRules(
        domain=re.compile(domain),
        tlds=frozenset(t for t in tlds if "." not in t),
        strong_tlds=lex.strong_tlds,
        sentence_safe_tlds=lex.sentence_safe_tlds,
        second_level=frozenset(t for t in tlds if "." in t),
        allowed=lex.allowed_domains,
        messenger_domains=lex.messenger_domains,
        trigger=_trigger(lex.merged("dot_words"), [t for t in tlds if "." not in t]),
        trigger_words=frozenset(["http", "https", "www", *lex.email_providers]),
    )


def _trigger(dot_words: tuple[str, ...], tlds: list[str]) -> re.Pattern[str]:
    tld = trie_regex(word_sequences(sorted(tlds, key=len, reverse=True)))
    words = "|".join(re.escape(w) for w in sorted(dot_words, key=len, reverse=True))
    glued = [w for w in dot_words if not w.isascii()]
    # Every branch starts with a literal character so ``re`` can skip to candidate positions.
    branches = [
        rf"\.\s*(?:{tld})(?![a-z0-9])",
        rf"\s(?:{words})\s+(?:{tld})(?![a-z0-9])",
        rf"[(\[{{<]\s*(?:\.|{words})\s*[)\]}}>]",
    ]
    branches += [rf"{re.escape(w)}\s*(?:{tld})(?![a-z0-9])" for w in glued]
    return re.compile("|".join(branches))


def may_contain_address(scan: Scan) -> bool:
    """Cheap necessary condition for a link or e-mail: a dot-like separator before a TLD, '@',
    a scheme, or a mail provider's name."""
    r = rules()
    if "@" in scan.text or r.trigger.search(scan.text):
        return True
    return not r.trigger_words.isdisjoint(scan.words)


def find_links(text: str) -> Iterator[Hit]:
    """URLs with a scheme, then bare domains; the platform's own domains are skipped."""
    r = rules()
    taken: list[tuple[int, int]] = []
    for match in _SCHEME.finditer(text):
        host = _host(match.group())
        taken.append((match.start(), match.end()))
        if not _allowed(host, r):
            yield from _hits(host, match.start(), match.end(), r)
    for match in r.domain.finditer(text):
        if any(s <= match.start() < e for s, e in taken):
            continue
        labels = _LABELS.findall(match.group())
        if not _looks_like_domain(match.group(), labels, r):
            continue
        host = ".".join(labels)
        end = match.end()
        path = _PATH.match(text, end)
        if path:
            end = path.end()
        if not _allowed(host, r):
            yield from _hits(host, match.start(), end, r)


def _hits(host: str, start: int, end: int, r: LinkRules) -> Iterator[Hit]:
    yield Hit("link", start, end, "url")
    if any(host == d or host.endswith("." + d) for d in r.messenger_domains):
        yield Hit("contact", start, end, "messenger_link")


def _host(url: str) -> str:
    body = re.sub(r"^(?:https?|ftp)\s*:\s*/\s*/\s*", "", url)
    return ".".join(_LABELS.findall(re.split(r"[/?#]", body, maxsplit=1)[0].replace(" ", "")))


def _allowed(host: str, r: LinkRules) -> bool:
    return any(host == d or host.endswith("." + d) for d in r.allowed)


def _looks_like_domain(raw: str, labels: list[str], r: LinkRules) -> bool:
    """Reject sentence punctuation ("done. Store opens") while keeping "myshop . com"."""
    if len(labels) < 2 or labels[-1] not in r.tlds or labels[-2].isdigit():
        return False
    separator = re.findall(r"[^a-z0-9\-]+", raw)[-1]
    if separator == "." or ".".join(labels[-2:]) in r.second_level:
        return True
    if re.fullmatch(r"\s*[(\[{<].*[)\]}>]\s*", separator):
        return True  # "shop[.]com", "shop(dot)com": nobody brackets a full stop by accident
    if separator.strip() == "." and separator[0] == ".":
        return labels[-1] in r.sentence_safe_tlds  # ". com" is also how a sentence ends
    return labels[-1] in r.strong_tlds
