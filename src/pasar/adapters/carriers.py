"""Carriers: the adapter interface and Pasar's built-in simulated carrier.

A real carrier reports tracking events to ``POST /v1/carriers/{name}/events`` (HMAC-signed). The
simulated carrier plans each parcel's events (pickup, transit, delivery, or loss) with configurable
delays, and the worker reports them through the same tracking code when they fall due.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol


class ParcelPlanner(Protocol):
    def plan_parcel(self, tracking_number: str, status: str, due_at: datetime, lost: bool) -> None: ...

    def due_parcels(self, now: datetime, limit: int) -> list[Any]: ...

    def advance_parcel(self, parcel_id: int, status: str | None, due_at: datetime | None) -> None: ...


class Carrier(Protocol):
    name: str

    def register(self, planner: ParcelPlanner, tracking_number: str, now: datetime) -> None:
        """Called when a parcel is handed over for collection."""
        ...


@dataclass(frozen=True)
class TrackingUpdate:
    carrier: str
    event_id: str
    tracking_number: str
    status: str
    occurred_at: datetime


class ExternalCarrier:
    """A carrier that reports through the webhook on its own; nothing to plan."""

    def __init__(self, name: str) -> None:
        self.name = name

    def register(self, planner: ParcelPlanner, tracking_number: str, now: datetime) -> None:
        return None


class SimulatedCarrier:
    """Picks up after ``pickup``, reports in transit, delivers after ``transit``; loses ``loss_rate``."""

    def __init__(
        self,
        name: str = "simulated",
        *,
        pickup: timedelta = timedelta(hours=6),
        transit: timedelta = timedelta(days=2),
        loss_rate: float = 0.0,
        seed: int | None = None,
    ) -> None:
        if not 0 <= loss_rate <= 1:
            raise ValueError("loss_rate must be between 0 and 1")
        self.name, self.pickup, self.transit, self.loss_rate = name, pickup, transit, loss_rate
        self._random = random.Random(seed)

    def register(self, planner: ParcelPlanner, tracking_number: str, now: datetime) -> None:
        lost = self._random.random() < self.loss_rate
        planner.plan_parcel(tracking_number, "picked_up", now + self.pickup, lost)

    def due_updates(self, planner: ParcelPlanner, now: datetime, limit: int = 500) -> list[TrackingUpdate]:
        """The events that have fallen due, each parcel moved on to its next planned event."""
        updates = []
        for parcel in planner.due_parcels(now, limit):
            updates.append(
                TrackingUpdate(
                    self.name,
                    f"{parcel.tracking_number}:{parcel.status}",
                    parcel.tracking_number,
                    parcel.status,
                    parcel.due_at,
                )
            )
            following = self._next(parcel.status, parcel.lost)
            due = parcel.due_at + (self.transit / 2 if following else timedelta())
            planner.advance_parcel(parcel.id, following, due if following else None)
        return updates

    @staticmethod
    def _next(status: str, lost: bool) -> str | None:
        if status == "picked_up":
            return "in_transit"
        if status == "in_transit":
            return "lost" if lost else "delivered"
        return None
