"""Translations: gettext catalogues under ``web/locale/<lang>/LC_MESSAGES/messages.po``.

The ``.po`` files are read directly with Babel when the app starts, so a clean clone needs no
compile step; ``pybabel compile`` output (``.mo``) is used instead when present.
"""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"
DEFAULT_LANGUAGE = "en"
LANGUAGES: dict[str, str] = {"en": "English", "zh_Hans": "简体中文"}
BABEL_LOCALES: dict[str, str] = {"en": "en", "zh_Hans": "zh_Hans_CN"}  # for words such as durations


class PoTranslations(gettext.GNUTranslations):
    """A GNUTranslations filled from a ``.po`` catalogue (no ``.mo`` needed)."""

    def __init__(self, catalog: dict[object, str], plural_expr: str) -> None:
        gettext.NullTranslations.__init__(self)
        self._catalog = catalog
        self.plural = gettext.c2py(plural_expr)


@cache
def translations(language: str) -> gettext.NullTranslations:
    if language not in LANGUAGES or language == DEFAULT_LANGUAGE:
        return gettext.NullTranslations()
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    mo = folder / f"{DOMAIN}.mo"
    po = folder / f"{DOMAIN}.po"
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    if not po.exists():
        return gettext.NullTranslations()
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    entries: dict[object, str] = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, tuple):
            strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
            for index, plural in enumerate(strings):
                if plural:
                    entries[(message.id[0], index)] = str(plural)
        elif message.string:
            entries[str(message.id)] = str(message.string)
    return PoTranslations(entries, catalog.plural_expr)


def pick_language(cookie: str | None, accept: str | None) -> str:
    if cookie in LANGUAGES:
        return str(cookie)
    for part in (accept or "").split(","):
        tag = part.split(";")[0].strip().lower()
        if tag.startswith("zh"):
            return "zh_Hans"
        if tag.startswith("en"):
            return "en"
    return DEFAULT_LANGUAGE
