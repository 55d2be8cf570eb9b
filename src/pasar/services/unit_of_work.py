"""The unit of work: one transaction, its repositories, its instant and its events.

Everything a use case changes, including its history rows and outbox events, commits or rolls
back together (docs/design.md principle 4). ``uow.now`` is read once from the clock when the work
begins, so every row written by one transaction carries the same instant. The rules in force are
the rulebooks it was opened with (``uow.rules(market)``): the marketplace's, the shipped ones unless
it was built with others.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from types import TracebackType
from typing import Any

from sqlalchemy import Connection, Engine, NestedTransaction

from pasar.clock import Clock
from pasar.domain.errors import DomainError
from pasar.rules import all_rulebooks, rulebook_in
from pasar.rules.model import Rulebook
from pasar.services.ports import Ports
from pasar.store.database import READ_ONLY, is_sqlite
from pasar.store.repositories.after_sales import CaseRepository
from pasar.store.repositories.catalogue import CatalogueRepository
from pasar.store.repositories.crm import CrmRepository
from pasar.store.repositories.deadlines import DeadlineRepository
from pasar.store.repositories.fulfilment import FulfilmentRepository
from pasar.store.repositories.messaging import MessagingRepository
from pasar.store.repositories.notifications import NotificationRepository
from pasar.store.repositories.orders import OrderRepository
from pasar.store.repositories.outbox import OutboxRepository
from pasar.store.repositories.payments import PaymentRepository
from pasar.store.repositories.people import PeopleRepository
from pasar.store.repositories.promotions import PromotionRepository
from pasar.store.repositories.reviews import ScoreRepository
from pasar.store.repositories.sessions import SessionRepository


class UnitOfWork:
    conn: Connection
    now: datetime

    def __init__(
        self,
        engine: Engine,
        clock: Clock,
        *,
        read_only: bool = False,
        ports: Ports | None = None,
        rulebooks: Mapping[str, Rulebook] | None = None,
    ) -> None:
        self.engine = engine
        self.clock = clock
        self.rulebooks = all_rulebooks() if rulebooks is None else rulebooks
        self.read_only = read_only
        self._ports = ports
        self._events: list[tuple[str, int | None, dict[str, Any]]] = []
        self._kept: NestedTransaction | None = None
        self._kept_events = 0

    def __enter__(self) -> UnitOfWork:
        self.conn = self.engine.connect()
        if self.read_only:
            # PostgreSQL enforces it (BEGIN READ ONLY), which lets a read-only unit end in COMMIT: a
            # ROLLBACK would make psycopg forget its prepared statements on every request.
            self.conn = self.conn.execution_options(**{READ_ONLY: True}, postgresql_readonly=True)
        self._transaction = self.conn.begin()
        self.now = self.clock.now()
        self._events = []
        self._kept = None
        self.catalogue = CatalogueRepository(self.conn)
        self.orders = OrderRepository(self.conn)
        self.deadlines = DeadlineRepository(self.conn)
        self.outbox = OutboxRepository(self.conn)
        self.payments = PaymentRepository(self.conn)
        self.notifications = NotificationRepository(self.conn)
        self.people = PeopleRepository(self.conn)
        self.promotions = PromotionRepository(self.conn)
        self.fulfilment = FulfilmentRepository(self.conn)
        self.cases = CaseRepository(self.conn)
        self.messaging = MessagingRepository(self.conn)
        self.crm = CrmRepository(self.conn)
        self.sessions = SessionRepository(self.conn)
        self.scores = ScoreRepository(self.conn)
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            if (exc_type is not None and not self._keeps_after(exc)) or (self.read_only and is_sqlite(self.conn)):
                self._transaction.rollback()  # SQLite does not enforce read-only: never commit there
            elif self.read_only:
                self._transaction.commit()
            else:
                if self._kept is not None and self._kept.is_active:
                    self._kept.commit()
                self.outbox.add(self._events, self.now)
                self._transaction.commit()
        finally:
            self._events = []
            self._kept = None
            self.conn.close()

    def keep_so_far(self) -> None:
        """Keep what this unit has done so far even if what follows is refused (a ``DomainError``).

        A request that has applied due deadlines (``services.catch_up``) keeps them when its own
        action is then refused, so the refusal ("order 7 is CANCELLED") and the stored state agree.
        Anything else that goes wrong still rolls everything back.
        """
        if self._kept is not None and self._kept.is_active:
            self._kept.commit()  # the earlier point is kept as well
        self._kept = self.conn.begin_nested()
        self._kept_events = len(self._events)

    def _keeps_after(self, exc: BaseException | None) -> bool:
        """On a refusal after ``keep_so_far``: undo only what came after it, and commit the rest."""
        if self._kept is None or not self._kept.is_active or not isinstance(exc, DomainError):
            return False
        self._kept.rollback()
        del self._events[self._kept_events :]
        return True

    def emit(self, topic: str, subject_id: int | None, payload: dict[str, Any]) -> None:
        """Queue a domain event; it reaches the outbox only if the transaction commits."""
        self._events.append((topic, subject_id, payload))

    @property
    def ports(self) -> Ports:
        if self._ports is None:
            raise RuntimeError("this unit of work was opened without ports (gateway, carriers, files)")
        return self._ports

    def rules(self, market: str) -> Rulebook:
        """The rulebook in force for ``market`` (a ``RulebookError`` for a market without one)."""
        return rulebook_in(self.rulebooks, market)
