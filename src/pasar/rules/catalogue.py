"""The rule catalogue: every rule ID with its one-line meaning (``catalogue.toml``), and the rulebook keys
that carry each rule's numbers (read from the ``Rules(...)`` beside each key of the rulebook model).

The two together are the data docs/rules.md is generated from (``pasar.rules.reference``).
"""

from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

from pasar.rules import RulebookError
from pasar.rules.model import Rulebook, Rules

CATALOGUE_FILE = Path(__file__).parent / "catalogue.toml"
RULE_ID = re.compile(r"^R-([A-Z]{2})-([1-9][0-9]*)$")

OneLine = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=200, pattern=r"^[^\n]+$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Section(_Strict):
    title: OneLine
    areas: Annotated[list[Annotated[str, Field(pattern=r"^[A-Z]{2}$")]], Field(min_length=1)]


class Rule(_Strict):
    meaning: OneLine
    later: bool = False  # a capability not built yet: code may already mention the rule
    gap: OneLine | None = None  # what an implemented rule does not do yet

    @model_validator(mode="after")
    def _later_has_no_gap(self) -> Rule:
        if self.later and self.gap:
            raise ValueError("a rule marked later has nothing built, so no gap")
        return self


class Catalogue(_Strict):
    sections: Annotated[list[Section], Field(min_length=1)]
    rules: dict[str, Rule]

    @model_validator(mode="after")
    def _every_rule_in_one_section_numbered_from_one(self) -> Catalogue:
        areas = [area for section in self.sections for area in section.areas]
        if len(areas) != len(set(areas)):
            raise ValueError("an area is listed in two sections")
        numbers: dict[str, list[int]] = defaultdict(list)
        for rule_id in self.rules:
            match = RULE_ID.match(rule_id)
            if match is None:
                raise ValueError(f"{rule_id!r} is not a rule ID such as R-AS-3")
            if match.group(1) not in areas:
                raise ValueError(f"{rule_id}: area {match.group(1)} is in no section")
            numbers[match.group(1)].append(int(match.group(2)))
        for area, found in numbers.items():
            if sorted(found) != list(range(1, len(found) + 1)):
                raise ValueError(f"R-{area} rules must be numbered 1, 2, 3... without gaps")
        return self

    def ordered(self) -> list[tuple[Section, list[str]]]:
        """Each section with its rule IDs, in the order of the section's areas, then by number."""
        return [
            (section, sorted((r for r in self.rules if _area(r) in section.areas), key=_place(section)))
            for section in self.sections
        ]


def _area(rule_id: str) -> str:
    return rule_id.split("-")[1]


def _place(section: Section) -> Callable[[str], tuple[int, int]]:
    return lambda rule_id: (section.areas.index(_area(rule_id)), int(rule_id.split("-")[2]))


def load_catalogue(path: Path = CATALOGUE_FILE) -> Catalogue:
    """The catalogue, validated; a bad file is named with the key and the reason."""
    try:
        return Catalogue.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
    except tomllib.TOMLDecodeError as exc:
        raise RulebookError(f"{path.name}: not valid TOML: {exc}") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(part) for part in first["loc"]) or "(top level)"
        raise RulebookError(f"{path.name}: {key}: {first['msg']}") from exc


def rulebook_keys() -> dict[str, Rules | None]:
    """Every key of the rulebook model (``section.field``) with the rules it names; None where it names none."""
    keys: dict[str, Rules | None] = {}
    for section, field in Rulebook.model_fields.items():
        model = field.annotation
        assert isinstance(model, type) and issubclass(model, BaseModel)
        for name, info in model.model_fields.items():
            named = [meta for meta in info.metadata if isinstance(meta, Rules)]
            keys[f"{section}.{name}"] = named[0] if named else None
    return keys


def keys_by_rule() -> dict[str, list[str]]:
    """Rule ID → the rulebook keys that carry its numbers, in the model's order."""
    by_rule: dict[str, list[str]] = defaultdict(list)
    for key, rules in rulebook_keys().items():
        for rule_id in rules.ids if rules else ():
            by_rule[rule_id].append(key)
    return dict(by_rule)
