"""The running marketplace: one engine, one clock, the rulebooks, the adapters, and the worker loop.

This is where what a marketplace runs with is chosen; everything else asks it (or the unit of work it
opens) — ``rulebooks`` included, so a test, a what-if or a simulator passes other rulebooks here and
every use case, page and score runs under them (docs/design.md, "Rulebooks").
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from sqlalchemy import Engine

from pasar.adapters.carriers import Carrier, ExternalCarrier, SimulatedCarrier
from pasar.adapters.email import SmtpSender
from pasar.adapters.file_store import LocalFileStore
from pasar.adapters.payment_gateway import PaymentGateway, SimulatedGateway
from pasar.adapters.sms import HttpSmsSender
from pasar.clock import Clock, SystemClock
from pasar.rules import all_rulebooks, rulebook_in
from pasar.rules.model import Rulebook
from pasar.services import deadlines, fulfilment, scores
from pasar.services.notifications import Deliverer, EmailSender, SmsSender, dispatch_outbox
from pasar.services.ports import Ports
from pasar.services.unit_of_work import UnitOfWork
from pasar.settings import Settings
from pasar.store.database import make_engine

log = logging.getLogger("pasar.worker")
SCORE_SCHEDULING_INTERVAL_SECONDS = 3600.0  # operational: how often the worker looks for unscheduled markets


@dataclass
class WorkerReport:
    parcel_events: int = 0
    deadlines_fired: int = 0
    events_dispatched: int = 0
    notifications_sent: int = 0


@dataclass
class Marketplace:
    engine: Engine
    clock: Clock
    settings: Settings
    gateway: PaymentGateway
    email: EmailSender | None = None
    sms: SmsSender | None = None
    rulebooks: Mapping[str, Rulebook] = field(default_factory=all_rulebooks)  # by market code
    deliverer: Deliverer = field(init=False)
    ports: Ports = field(init=False)

    def __post_init__(self) -> None:
        self.deliverer = Deliverer(self.settings, self.email, self.sms)
        self.ports = Ports(
            self.gateway,
            LocalFileStore(Path(self.settings.files_dir)),
            {name: self._carrier(name) for name in self.settings.carriers},
        )

    def _carrier(self, name: str) -> Carrier:
        if name != "simulated":
            return ExternalCarrier(name)
        hours = timedelta(hours=1)
        return SimulatedCarrier(
            name,
            pickup=self.settings.simulated_pickup_hours * hours,
            transit=self.settings.simulated_transit_hours * hours,
            loss_rate=self.settings.simulated_loss_rate,
        )

    @classmethod
    def from_settings(
        cls, settings: Settings, clock: Clock | None = None, rulebooks: Mapping[str, Rulebook] | None = None
    ) -> Marketplace:
        if rulebooks is None:
            rulebooks = all_rulebooks()  # an invalid rulebook stops the start, naming file, key and reason
        email = (
            SmtpSender(
                settings.smtp_host,
                settings.smtp_port,
                settings.smtp_sender,
                starttls=settings.smtp_starttls,
                username=settings.smtp_username,
                password=settings.smtp_password,
                timeout=settings.delivery_timeout_seconds,
            )
            if settings.smtp_host
            else None
        )
        sms = (
            HttpSmsSender(settings.sms_url, token=settings.sms_token, timeout=settings.delivery_timeout_seconds)
            if settings.sms_url
            else None
        )
        return cls(
            make_engine(settings.database_url),
            clock or SystemClock(),
            settings,
            SimulatedGateway(settings.gateway_secret),
            email,
            sms,
            rulebooks,
        )

    def rules(self, market: str) -> Rulebook:
        """The rulebook in force for ``market`` here (a ``RulebookError`` for a market without one)."""
        return rulebook_in(self.rulebooks, market)

    def uow(self, *, read_only: bool = False) -> UnitOfWork:
        return UnitOfWork(self.engine, self.clock, read_only=read_only, ports=self.ports, rulebooks=self.rulebooks)

    def work_once(self) -> WorkerReport:
        """One pass of the worker: fire due deadlines, dispatch the outbox, deliver notifications."""
        report = WorkerReport(parcel_events=fulfilment.report_simulated_parcels(self.uow))
        sweep = deadlines.sweep(self.uow, batch_size=self.settings.deadline_batch_size)
        report.deadlines_fired = sweep.total_fired
        while (dispatched := dispatch_outbox(self.uow)) > 0:
            report.events_dispatched += dispatched
        report.notifications_sent = self.deliverer.deliver_due(self.uow)
        return report

    def run_worker(self, stop: threading.Event) -> None:
        """Work until ``stop`` is set; a failing pass is logged and retried, never fatal."""
        scheduled_at = float("-inf")
        while not stop.is_set():
            try:
                if time.monotonic() - scheduled_at >= SCORE_SCHEDULING_INTERVAL_SECONDS:
                    # each market's daily score deadline schedules the next day's; this catches new markets
                    with self.uow() as uow:
                        scores.ensure_daily_deadlines(uow)
                    scheduled_at = time.monotonic()
                report = self.work_once()
                if any(report.__dict__.values()):
                    log.info("worker: %s", report)
            except Exception:
                log.exception("worker pass failed; retrying")
            stop.wait(self.settings.worker_interval_seconds)
