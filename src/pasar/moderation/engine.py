"""``check``: run every R-IM-4 detector over one folded message and build the verdict."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from pasar.moderation.contact import find_emails, find_phones
from pasar.moderation.hits import Hit
from pasar.moderation.links import find_links, may_contain_address
from pasar.moderation.normalise import normalise
from pasar.moderation.personal import find_personal_data
from pasar.moderation.resources import lexicon
from pasar.moderation.scan import Scan
from pasar.moderation.spam import find_spam
from pasar.moderation.verdict import ALLOWED, CATEGORIES, Verdict, Violation
from pasar.moderation.words import find_words

_ORDER = {category: index for index, category in enumerate(CATEGORIES)}


def known_markets() -> tuple[str, ...]:
    return tuple(lexicon().market_regions)


@cache
def phone_regions(market: str) -> tuple[str, ...]:
    """The market's own region first (most numbers are local), then every other shipped region."""
    regions = lexicon().market_regions
    if market not in regions:
        raise ValueError(f"unknown market {market!r}: expected one of {', '.join(sorted(regions))}")
    shipped = lexicon().phone["shipped_regions"]
    return (regions[market], *(r for r in shipped if r != regions[market]))


def check(text: str, market: str) -> Verdict:
    """R-IM-4: the verdict on one seller message, review reply or parcel note in ``market``."""
    regions = phone_regions(market)
    if not text or text.isspace():
        return ALLOWED
    norm = normalise(text)
    scan = Scan(norm.text)
    # The gates are cheap necessary conditions; a plain message skips the costlier detectors.
    address = may_contain_address(scan)
    hits = [*find_words(scan), *find_phones(scan, regions), *find_spam(scan)]
    if address:
        hits.extend(find_emails(scan.text))
        hits.extend(find_links(scan.text))
    if scan.has_digits:
        hits.extend(find_personal_data(scan.text))
    resolved = _resolve(hits) if hits else []
    if not resolved:
        return ALLOWED
    blocking = lexicon().blocking
    violations = []
    for hit in resolved:
        start, end = norm.span(hit.start, hit.end)
        violations.append(Violation(hit.category, start, end, blocking[hit.category]))
    violations.sort(key=lambda v: (v.start, _ORDER[v.category], v.end))
    return Verdict(allowed=not any(v.blocking for v in violations), violations=tuple(violations))


def _resolve(hits: Iterable[Hit]) -> list[Hit]:
    """Drop a domain that is only an e-mail's and hits cancelled by an allow-list phrase ("thanks
    for the 5 stars"), then merge overlapping spans of one category."""
    hits = list(hits)
    emails = [h for h in hits if h.kind == "email"]
    allows = [h for h in hits if h.kind == "allow"]
    kept = [
        h
        for h in hits
        if h.kind != "allow"
        and not (h.kind == "url" and any(e.start <= h.start and h.end <= e.end + 1 for e in emails))
        and not any(a.category == h.category and a.start < h.end and h.start < a.end for a in allows)
    ]
    kept.sort(key=lambda h: (h.category, h.start, -h.end))
    merged: list[Hit] = []
    for hit in kept:
        last = merged[-1] if merged else None
        if last is not None and last.category == hit.category and hit.start < last.end:
            merged[-1] = last._replace(end=max(last.end, hit.end))
        else:
            merged.append(hit)
    return merged
