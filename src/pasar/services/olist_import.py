"""Importing the Olist dataset into the store (docs/design.md "Imported data"), in one transaction.

Each (Olist order, seller) pair becomes one Pasar order of the seller's shop in market ``BR``:
created = purchase, paid = approval, dispatch deadline = the latest ``shipping_limit_date`` of the
seller's items (as given), shipped = handed to the carrier, delivered = delivered to the customer,
promised = the estimate. ``unavailable`` is a seller-fault cancellation, ``canceled`` a buyer
cancellation; a missing cancel time is the paid time (or the creation time when unpaid).
Timestamps are kept whatever the final status. A review attaches to every Pasar order of its
Olist order. Every created row is recorded in ``import_refs``, so importing twice imports once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert

from pasar.domain.orders import Actor, CancelReason, Channel, FulfilmentType, OrderStatus
from pasar.importers.olist import MARKET, Item, OlistData, Order, Review
from pasar.reviews import Responsibility, review_responsibility
from pasar.services.unit_of_work import UnitOfWork
from pasar.store import tables
from pasar.store.bulk import append_rows
from pasar.store.repositories.imports import ImportRefRepository

SOURCE = "olist"
MODES = ("seller", "classify")
Progress = Callable[[str, int, int], None]


@dataclass
class ImportSummary:
    olist_orders: int = 0
    skipped_without_items: int = 0
    orders_created: int = 0
    orders_already_present: int = 0
    shops_created: int = 0
    buyers_created: int = 0
    products_created: int = 0
    reviews_created: int = 0
    reviews_already_present: int = 0
    duplicate_reviews_skipped: int = 0
    seller_responsible_negative_reviews: int = 0

    def as_json(self) -> dict[str, int]:
        return asdict(self)


def _status(order: Order) -> str:
    if order.status == "delivered":
        return OrderStatus.DELIVERED.value
    if order.status == "shipped":
        return OrderStatus.IN_TRANSIT.value
    if order.status in ("canceled", "unavailable"):
        return OrderStatus.CANCELLED.value
    return (OrderStatus.AWAITING_SHIPMENT if order.approved_at else OrderStatus.UNPAID).value


def _order_row(order: Order, items: list[Item], shop_id: int, buyer_id: int, now: datetime) -> dict[str, Any]:
    cancelled = order.status in ("canceled", "unavailable")
    seller_fault = order.status == "unavailable"
    return {
        "shop_id": shop_id,
        "buyer_id": buyer_id,
        "market": MARKET,
        "status": _status(order),
        "channel": Channel.SEARCH.value,
        "fulfilment_type": FulfilmentType.SELLER.value,
        "currency": "BRL",
        "total_amount": sum(item.price + item.freight for item in items),
        "placed_at": order.purchased_at,
        "paid_at": order.approved_at,
        "cancelled_at": (order.approved_at or order.purchased_at) if cancelled else None,
        "cancel_reason": (
            (CancelReason.SELLER_CANCELLED if seller_fault else CancelReason.BUYER_CANCELLED).value
            if cancelled
            else None
        ),
        "cancelled_by": ("seller" if seller_fault else "buyer") if cancelled else None,
        "seller_fault": seller_fault,
        "kind": "normal",
        "dispatch_deadline_at": max(item.shipping_limit_at for item in items),
        "promised_delivery_at": order.estimated_at,
        "shipped_at": order.carrier_at,
        "delivered_at": order.delivered_at,
        "refunded_amount": 0,
        "updated_at": now,
    }


def import_olist(
    uow: UnitOfWork, data: OlistData, *, responsibility: str = "seller", progress: Progress | None = None
) -> ImportSummary:
    """Store ``data`` (already validated); rows imported by an earlier run are left as they are."""
    if responsibility not in MODES:
        raise ValueError(f"responsibility must be one of {MODES}")
    report = progress or (lambda phase, done, total: None)
    summary = ImportSummary(olist_orders=len(data.orders), skipped_without_items=data.orders_without_items)
    refs = ImportRefRepository(uow.conn, SOURCE)
    conn, now = uow.conn, uow.now
    rules = uow.rules(MARKET)

    # which Pasar orders the data holds: (olist order, seller) → items
    pairs: dict[tuple[str, str], list[Item]] = defaultdict(list)
    for order_id, items in data.items.items():
        for item in items:
            pairs[(order_id, item.seller_id)].append(item)
    first_order_at: dict[str, datetime] = {}
    for (order_id, seller_id), _ in pairs.items():
        at = data.orders[order_id].purchased_at
        first_order_at[seller_id] = min(at, first_order_at.get(seller_id, at))

    # shops (one per seller), each with its own warehouse
    shops = refs.of_kind("shop")
    new_shops = []
    for done, seller_id in enumerate(sorted(first_order_at), start=1):
        if seller_id not in shops:
            seller = data.sellers[seller_id]
            shop_id = uow.catalogue.add_shop(
                ref=seller_id,
                name=f"Olist seller {seller_id[:8]} ({seller.city}/{seller.state})",
                market=MARKET,
                created_at=first_order_at[seller_id],
            )
            uow.catalogue.add_warehouse(kind="seller", shop_id=shop_id, market=MARKET, name="Seller warehouse")
            shops[seller_id] = shop_id
            new_shops.append((seller_id, shop_id))
        if done % 200 == 0 or done == len(first_order_at):
            report("shops", done, len(first_order_at))
    refs.add("shop", new_shops)
    summary.shops_created = len(new_shops)
    warehouse = {seller_id: uow.catalogue.seller_warehouse(shop_id) for seller_id, shop_id in shops.items()}

    # buyers: Olist's customer_unique_id is the person (customer_id is per order)
    buyers = refs.of_kind("buyer")
    person_of = {o.order_id: data.buyer_of_customer.get(o.customer_id, o.customer_id) for o in data.orders.values()}
    new_buyers = []
    people = sorted({person_of[order_id] for order_id, _ in pairs})
    first_purchase: dict[str, datetime] = {}
    for order_id, _ in pairs:
        at = data.orders[order_id].purchased_at
        person = person_of[order_id]
        first_purchase[person] = min(at, first_purchase.get(person, at))
    for done, person in enumerate(people, start=1):
        if person not in buyers:
            buyers[person] = uow.people.add_buyer(
                name=f"Olist customer {person[:8]}", market=MARKET, created_at=first_purchase[person]
            )
            new_buyers.append((person, buyers[person]))
        if done % 500 == 0 or done == len(people):
            report("buyers", done, len(people))
    refs.add("buyer", new_buyers)
    summary.buyers_created = len(new_buyers)

    # products: an Olist product sold by two sellers is two Pasar products (a product has one shop)
    products = refs.of_kind("product")
    skus = refs.of_kind("sku")
    category_ids: dict[str, int] = {}
    new_products, new_skus = [], []
    listed = sorted({(item.product_id, item.seller_id) for items in pairs.values() for item in items})
    price_of = {(i.product_id, i.seller_id): i.price for items in pairs.values() for i in items}
    for done, (product_id, seller_id) in enumerate(listed, start=1):
        key = f"{product_id}:{seller_id}"
        if key not in products:
            code = data.category_of_product[product_id]
            if code not in category_ids:
                category_ids[code] = uow.catalogue.ensure_category(code, code.replace("_", " ").capitalize())
            new_id = uow.catalogue.add_product(
                shop_id=shops[seller_id],
                category_id=category_ids[code],
                title=f"{code.replace('_', ' ').capitalize()} {product_id[:8]}",
                description="Imported from the Olist public dataset.",
                created_at=first_order_at[seller_id],
            )
            products[key] = new_id
            skus[key] = uow.catalogue.add_sku(
                product_id=new_id, code=product_id, name="Default", price=price_of[(product_id, seller_id)]
            )
            new_products.append((key, new_id))
            new_skus.append((key, skus[key]))
        if done % 500 == 0 or done == len(listed):
            report("products", done, len(listed))
    refs.add("product", new_products)
    refs.add("sku", new_skus)
    summary.products_created = len(new_products)
    category_of_product = {key: category_ids.get(data.category_of_product[key.split(":")[0]]) for key in products}
    missing = [key for key, value in category_of_product.items() if value is None]
    for key in missing:  # products created by an earlier run: read their category back
        existing = uow.catalogue.product(products[key])
        category_of_product[key] = existing.category_id if existing is not None else None

    # orders, their lines and one history row each (the score rollups follow order history)
    orders = refs.of_kind("order")
    todo = [(key, items) for key, items in sorted(pairs.items()) if f"{key[0]}:{key[1]}" not in orders]
    summary.orders_already_present = len(pairs) - len(todo)
    batch = 2000
    for start in range(0, len(todo), batch):
        chunk = todo[start : start + batch]
        rows = [
            _order_row(data.orders[order_id], items, shops[seller_id], buyers[person_of[order_id]], now)
            for (order_id, seller_id), items in chunk
        ]
        statement = insert(tables.orders).returning(tables.orders.c.id, sort_by_parameter_order=True)
        ids = [int(i) for i in conn.execute(statement, rows).scalars()]
        lines, history, new_refs = [], [], []
        for ((order_id, seller_id), items), pasar_id, row in zip(chunk, ids, rows, strict=True):
            orders[f"{order_id}:{seller_id}"] = pasar_id
            new_refs.append((f"{order_id}:{seller_id}", pasar_id))
            for item in sorted(items, key=lambda i: i.item_id):
                key = f"{item.product_id}:{seller_id}"
                lines.append(
                    {
                        "order_id": pasar_id,
                        "sku_id": skus[key],
                        "warehouse_id": warehouse[seller_id],
                        "product_id": products[key],
                        "category_id": category_of_product[key],
                        "quantity": 1,
                        "unit_price": item.price,
                        "amount": item.price,
                    }
                )
            history.append(
                {
                    "order_id": pasar_id,
                    "at": now,
                    "actor": Actor.SYSTEM.value,
                    "actor_id": None,
                    "event": "import",
                    "from_status": None,
                    "to_status": row["status"],
                    "reason": f"imported from Olist order {order_id}",
                }
            )
        append_rows(conn, tables.order_lines, lines)
        append_rows(conn, tables.order_history, history)
        refs.add("order", new_refs)
        summary.orders_created += len(chunk)
        report("orders", min(start + batch, len(todo)), len(todo))
    if not todo:
        report("orders", 0, 0)

    # reviews: one per Olist order (the first written, if Olist has several), on each of its Pasar orders
    first: dict[str, Review] = {}
    for review in data.reviews:
        kept = first.get(review.order_id)
        if kept is None or (review.created_at, review.line) < (kept.created_at, kept.line):
            first[review.order_id] = review
    summary.duplicate_reviews_skipped = len(data.reviews) - len(first)
    sellers_of: dict[str, list[str]] = defaultdict(list)
    for order_id, seller_id in pairs:
        sellers_of[order_id].append(seller_id)
    present = refs.of_kind("review")
    rows_out, new_refs = [], []
    reviews = sorted(first.values(), key=lambda r: r.line)
    for done, review in enumerate(reviews, start=1):
        if responsibility == "seller":
            who, source = Responsibility.SELLER, "import"
        else:
            who, source = review_responsibility(
                review.score,
                None,
                None,
                None,
                review.text,
                language="pt",
                low_max=rules.score.negative_review_max_rating,
            )
        for seller_id in sorted(sellers_of.get(review.order_id, [])):
            key = f"{review.review_id}:{seller_id}"
            if key in present:
                summary.reviews_already_present += 1
                continue
            pasar_order = orders[f"{review.order_id}:{seller_id}"]
            rows_out.append(
                {
                    "order_id": pasar_order,
                    "shop_id": shops[seller_id],
                    "buyer_id": buyers[person_of[review.order_id]],
                    "rating": review.score,
                    "product_rating": None,
                    "service_rating": None,
                    "logistics_rating": None,
                    "text": review.text,
                    "image_count": 0,
                    "language": "pt" if review.text else None,
                    "responsibility": who.value,
                    "responsibility_source": source,
                    "created_at": review.created_at,
                    "appeal_granted": False,
                    "updated_at": now,
                }
            )
            new_refs.append((key, pasar_order))
            if who is Responsibility.SELLER and review.score <= rules.score.negative_review_max_rating:
                summary.seller_responsible_negative_reviews += 1
        if done % 1000 == 0 or done == len(reviews):
            report("reviews", done, len(reviews))
    append_rows(conn, tables.reviews, rows_out)
    refs.add("review", new_refs)
    summary.reviews_created = len(rows_out)
    if summary.orders_created or summary.reviews_created or summary.shops_created:
        uow.emit("import.olist", None, summary.as_json())
    return summary
