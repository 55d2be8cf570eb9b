"""R-IM-4 (2): links to other websites or shops, with or without scheme, however the dots are written."""

from __future__ import annotations

import pytest

from tests.moderation.helpers import categories, spans


@pytest.mark.parametrize(
    "text",
    [
        "order at https://myshop.com/p/123",
        "check www.myshop.com",
        "cheaper at myshop.com",
        "bit.ly/abc123",
        "s.id/katalog",
        "tokopedia . com/tokoku",
        "myshop dot com",
        "myshop titik com",
        "myshop[.]com",
        "myshop(dot)com",
        "ｍｙｓｈｏｐ．ｃｏｍ",
        "mуshop.cоm",  # Cyrillic у and о
        "shopee.co.id/tokoku",
        "myshop。com",
        "xem tại hoashop chấm vn nhé",
    ],
)
def test_r_im_4_link_in_any_form_is_link(text: str) -> None:
    """Given a URL with or without scheme, spaced or worded dots, full-width or look-alike letters, then `link`."""
    assert "link" in categories(text, "ID")


def test_r_im_4_platform_own_domain_is_allowed() -> None:
    """Given a link to the platform's own domain (allow-list in data), then it passes."""
    assert categories("Track it at https://pasar.co.id/orders/123 or help.pasar.com", "ID") == set()


def test_r_im_4_messenger_link_is_link_and_contact() -> None:
    """Given wa.me/<number>, then it is both a link and contact details."""
    assert {"link", "contact"} <= categories("order via wa.me/6281234567890", "ID")


def test_r_im_4_sentence_full_stops_are_not_links() -> None:
    """Given ordinary sentences whose full stop precedes a word that is also a TLD, then no link."""
    assert categories("Done. Store opens at 9. Info: ok. Me too. Jl. Asia Afrika No. 8", "ID") == set()


def test_r_im_4_link_span_covers_the_domain_and_path() -> None:
    """Given a schemeless link with a path, then the reported span is exactly that link."""
    assert ("link", "bit.ly/abc123") in spans("promo di bit.ly/abc123 kak", "ID")
