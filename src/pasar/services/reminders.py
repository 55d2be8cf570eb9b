"""Payment reminders for unpaid orders (R-UP-2)."""

from __future__ import annotations

from collections.abc import Sequence

from pasar.domain.deadlines import DeadlineKind, DueDeadline
from pasar.domain.orders import OrderStatus
from pasar.services.unit_of_work import UnitOfWork


def send_payment_reminders(uow: UnitOfWork, due: Sequence[DueDeadline]) -> set[int]:
    """Remind the buyers of orders still unpaid; returns the deadlines that fired.

    A reminder is never sent twice (its (order, seq) key is recorded) and never for an order that
    is already paid or cancelled: the order's status is read under lock in this transaction.
    """
    orders = {row.id: row for row in uow.orders.lock({d.subject_id for d in due})}
    keys = {(d.subject_id, d.seq) for d in due}
    already = uow.notifications.reminders_already_sent(keys)
    fired: dict[tuple[int, int], DueDeadline] = {}
    for deadline in due:
        order = orders.get(deadline.subject_id)
        key = (deadline.subject_id, deadline.seq)
        if order is None or order.status != OrderStatus.UNPAID.value or key in already or key in fired:
            continue
        fired[key] = deadline
    uow.notifications.record_reminders(list(fired), uow.now)
    # the time left is to the stored timeout, which an edited rulebook does not move
    timeouts = uow.deadlines.due_at("order", {order_id for order_id, _ in fired}, DeadlineKind.UNPAID_TIMEOUT)
    for order_id, seq in fired:
        order = orders[order_id]
        timeout_at = timeouts[order_id]
        minutes_left = max(0, int((timeout_at - uow.now).total_seconds() // 60))
        uow.emit(
            "order.payment_reminder",
            order_id,
            {"order_id": order_id, "buyer_id": order.buyer_id, "seq": seq, "minutes_left": minutes_left},
        )
    return {deadline.id for deadline in fired.values()}
