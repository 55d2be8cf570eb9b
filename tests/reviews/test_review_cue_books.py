"""R-BR-2: the classifier's cue lists are per-language data files that operators can edit."""

from __future__ import annotations

import pytest

from pasar.reviews import SUPPORTED_LANGUAGES
from pasar.reviews.cues import CueBook, CueBookError, _parse_book, find_matches, load_book
from pasar.reviews.normalize import basic, fold_diacritics


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_r_br_2_every_language_has_a_cue_book_with_all_three_responsibilities(language: str) -> None:
    """Given a supported language, when its cue book is loaded, then it has cues for seller,
    logistics and buyer."""
    book = load_book(language)
    assert {c.responsibility for c in book.cues} >= {"seller", "logistics", "buyer"}
    assert book.negators, "negation must be handled in every language"


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_r_br_2_no_cue_phrase_is_listed_twice_in_a_book(language: str) -> None:
    """Given a cue book, then no phrase appears twice (in two tiers or two responsibilities),
    which would make the decision depend on file order."""
    book = load_book(language)
    seen: dict[str, str] = {}
    for cue in book.cues:
        # Vietnamese keeps its accents ("sai màu" and "sai mẫu" are different phrases).
        key = fold_diacritics(basic(cue.phrase)) if book.fold == "always" else basic(cue.phrase)
        assert key not in seen, f"{language}: {cue.phrase!r} in {cue.responsibility} and {seen[key]}"
        seen[key] = cue.responsibility


def _book(**overrides: object) -> CueBook:
    data: dict[str, object] = {
        "meta": {"mode": "words", "fold": "always", "negators": ["not"], "clause_breaks": ["but"]},
        "seller": {"strong": ["quebrad*", "took # days to ship"]},
        "logistics": {"cues": ["late"]},
    }
    data.update(overrides)
    return _parse_book("xx", "xx.toml", data)


def test_r_br_2_cue_pattern_syntax_prefix_and_number() -> None:
    """Given "word*" and "#" in a phrase, then they match word endings and numbers."""
    book = _book()
    phrases = [m.cue.phrase for m in find_matches("Veio QUEBRADA. Seller took 12 days to ship", [book])]
    assert phrases == ["quebrad*", "took # days to ship"]


def test_r_br_2_negation_stops_at_a_contrast_word() -> None:
    """Given "not late but broken", then "late" is negated and "broken" would not be."""
    book = _book(seller={"strong": ["broken"]})
    matches = {m.cue.phrase: m.negated for m in find_matches("not late but broken", [book])}
    assert matches == {"late": True, "broken": False}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"meta": {"mode": "regex", "fold": "always"}}, "meta.mode"),
        ({"meta": {"mode": "words", "fold": "always"}, "seller": {"urgent": ["x"]}}, "unknown tiers"),
        ({"meta": {"mode": "words", "fold": "always"}, "seller": {"strong": "fake"}}, "list of strings"),
        ({"meta": {"mode": "words", "fold": "always"}, "seller": {"strong": ["  "]}}, "empty cue"),
        ({}, "missing \\[meta\\]"),
    ],
)
def test_r_br_2_a_broken_cue_file_is_reported_with_its_name(data: dict[str, object], message: str) -> None:
    """Given a malformed cue file, when loaded, then the error names the file and the problem."""
    with pytest.raises(CueBookError, match=message) as info:
        _parse_book("xx", "xx.toml", data)
    assert "xx.toml" in str(info.value)


def test_r_br_2_unknown_language_has_no_cue_book() -> None:
    """Given a language without a data file, then loading says which file is missing."""
    with pytest.raises(CueBookError, match=r"fil\.toml"):
        load_book("fil")
