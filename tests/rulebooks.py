"""Marketplaces built with other rulebooks than the shipped ones (the seam docs/design.md describes)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Engine

from pasar.adapters.payment_gateway import SimulatedGateway
from pasar.clock import ManualClock
from pasar.rules import all_rulebooks
from pasar.rules.model import Rulebook
from pasar.services.marketplace import Marketplace
from pasar.settings import Settings


def rulebooks_with(market: str, section: str, **changes: Any) -> dict[str, Rulebook]:
    """The shipped rulebooks with some of ``market``'s ``section`` changed, validated like a file."""
    books = dict(all_rulebooks())
    data = books[market].model_dump()
    data[section] = {**data[section], **changes}
    books[market] = Rulebook.model_validate(data)
    return books


def built_with(
    rulebooks: Mapping[str, Rulebook], engine: Engine, clock: ManualClock, settings: Settings
) -> Marketplace:
    return Marketplace(engine, clock, settings, SimulatedGateway(settings.gateway_secret), rulebooks=rulebooks)
