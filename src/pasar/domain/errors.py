"""Domain errors. Each carries a stable code that the API turns into a problem type."""

from __future__ import annotations


class DomainError(Exception):
    """A refused operation. ``code`` is stable; ``field`` names the offending input, if any."""

    code = "domain-error"
    status = 400

    def __init__(self, detail: str, *, field: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.field = field


class NotFound(DomainError):
    code = "not-found"
    status = 404


class InvalidInput(DomainError):
    code = "invalid-input"
    status = 422


class UnknownReference(InvalidInput):
    """The request names something (a SKU, a buyer) that does not exist."""

    code = "unknown-reference"


class Conflict(DomainError):
    """The request is well formed but the current state forbids it."""

    code = "conflict"
    status = 409


class InvalidTransition(Conflict):
    code = "invalid-transition"


class DeadlinePassed(Conflict):
    """Too late: the deadline passed and the system's decision stands."""

    code = "deadline-passed"


class InsufficientStock(Conflict):
    code = "insufficient-stock"


class NotPayable(Conflict):
    code = "order-not-payable"


class TooManyUnpaidOrders(Conflict):
    code = "too-many-unpaid-orders"


class Forbidden(DomainError):
    code = "forbidden"
    status = 403


class Unauthenticated(DomainError):
    code = "unauthenticated"
    status = 401


class TooManyFailedAttempts(DomainError):
    """Too many failed authentications from one client address; ``retry_after`` seconds to wait."""

    code = "too-many-failed-attempts"
    status = 429

    def __init__(self, detail: str, *, retry_after: int) -> None:
        super().__init__(detail)
        self.retry_after = retry_after
