"""The word lists are data: they load as package data, and malformed entries fail loudly."""

from __future__ import annotations

from importlib import resources

import pytest

from pasar.moderation.regexes import phrase_variants
from pasar.moderation.resources import lexicon
from pasar.moderation.verdict import CATEGORIES

LANGUAGES = {"en", "id", "ms", "th", "vi", "zh", "fil"}


def test_r_im_4_each_of_the_seven_languages_ships_a_word_list() -> None:
    """Given the packaged data, then every language has number words and phrases for the phrase categories."""
    lex = lexicon()
    assert set(lex.languages) >= LANGUAGES
    for code in LANGUAGES:
        lang = lex.languages[code]
        assert sorted(lang.digits) == [str(d) for d in range(10)], code
        for category in CATEGORIES[2:]:
            assert lang.phrases.get(category), (code, category)


def test_r_im_4_data_files_are_package_resources() -> None:
    """Given the installed package, then the data files are reachable through importlib.resources."""
    data = resources.files("pasar.moderation").joinpath("data")
    assert data.joinpath("categories.toml").is_file()
    assert data.joinpath("confusables.txt").is_file()
    assert data.joinpath("lang", "th.toml").is_file()


def test_r_im_5_blocking_flags_come_from_data() -> None:
    """Given categories.toml, then every category has a blocking flag."""
    assert set(lexicon().blocking) == set(CATEGORIES)


@pytest.mark.parametrize("phrase", ["", "... word", "# stars", "(maybe)? word"])
def test_r_im_4_malformed_phrase_is_rejected(phrase: str) -> None:
    """Given a phrase that cannot start a match, when compiled, then ValueError."""
    with pytest.raises(ValueError):
        phrase_variants(phrase)


def test_r_im_4_market_phone_regions_agree_with_the_rulebooks() -> None:
    """Given markets.json, then each market's first phone region is its rulebook's phone_region (R-MK-1)."""
    from pasar.rules import all_rulebooks

    regions = lexicon().market_regions
    books = all_rulebooks()
    assert set(regions) == set(books)
    for code, book in books.items():
        assert regions[code] == book.market.phone_region, code
