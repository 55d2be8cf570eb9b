"""Market rulebooks: load, validate and look up the rules in force per market (R-MK-1, R-MK-2)."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from pydantic import ValidationError

from pasar.rules.model import Rulebook

MARKETS_DIR = Path(__file__).parent / "markets"


class RulebookError(ValueError):
    """A rulebook file that cannot be used; the message names the file, key and reason."""


def load_rulebook_file(path: Path) -> Rulebook:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise RulebookError(f"{path.name}: not valid TOML: {exc}") from exc
    except OSError as exc:
        raise RulebookError(f"{path}: cannot be read: {exc.strerror}") from exc
    try:
        rulebook = Rulebook.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(part) for part in first["loc"]) or "(top level)"
        more = f" (and {exc.error_count() - 1} more problems)" if exc.error_count() > 1 else ""
        raise RulebookError(f"{path.name}: {key}: {first['msg']}{more}") from exc
    if rulebook.market.code != path.stem:
        raise RulebookError(f"{path.name}: market.code: is {rulebook.market.code!r}, expected {path.stem!r}")
    return rulebook


@cache
def _load_all(directory: Path) -> dict[str, Rulebook]:
    return {path.stem: load_rulebook_file(path) for path in sorted(directory.glob("*.toml"))}


def all_rulebooks(directory: Path = MARKETS_DIR) -> dict[str, Rulebook]:
    """Every market's rulebook, validated; raises RulebookError on the first bad file."""
    return _load_all(directory)


def rulebook_in(books: Mapping[str, Rulebook], market: str) -> Rulebook:
    """``market``'s rulebook among ``books``; an unknown market is refused, naming the known ones."""
    try:
        return books[market]
    except KeyError:
        raise RulebookError(f"no rulebook for market {market!r} (known: {', '.join(books)})") from None


def rulebook_for(market: str, directory: Path = MARKETS_DIR) -> Rulebook:
    """A shipped rulebook. Code that runs in a marketplace asks its unit of work (``uow.rules``) instead,
    so a marketplace built with other rulebooks runs under them (docs/design.md, "Rulebooks")."""
    return rulebook_in(all_rulebooks(directory), market)


__all__ = ["Rulebook", "RulebookError", "all_rulebooks", "load_rulebook_file", "rulebook_for", "rulebook_in"]
