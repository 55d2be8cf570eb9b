"""A detector finding, in folded-text coordinates, before it is mapped back and deduplicated."""

from __future__ import annotations

from typing import NamedTuple


class Hit(NamedTuple):
    category: str
    start: int
    end: int
    kind: str  # which detector: lets the engine drop a link that is really an e-mail's domain
