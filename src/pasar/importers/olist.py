"""Reading the Olist public dataset (docs/design.md "Imported data"): every file checked before anything is stored.

``read_olist`` parses and validates the CSV files completely; the first problem is raised as a
``MalformedFile`` naming the file, the line and the reason, so a bad file imports nothing. The
result maps Olist's tables onto Pasar's: one Pasar order per (Olist order, seller) pair, in the
``BR`` market, with Olist's local timestamps (São Paulo) turned into UTC instants.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from zoneinfo import ZoneInfo

from pasar.domain.errors import InvalidInput

MARKET = "BR"
ORDERS = "olist_orders_dataset.csv"
ITEMS = "olist_order_items_dataset.csv"
REVIEWS = "olist_order_reviews_dataset.csv"
CUSTOMERS = "olist_customers_dataset.csv"
PRODUCTS = "olist_products_dataset.csv"
SELLERS = "olist_sellers_dataset.csv"
TRANSLATION = "product_category_name_translation.csv"
STATUSES = frozenset(
    {"created", "approved", "invoiced", "processing", "shipped", "delivered", "canceled", "unavailable"}
)
_ID = re.compile(r"^[0-9a-f]{32}$")
_STAMP = "%Y-%m-%d %H:%M:%S"
csv.field_size_limit(10_000_000)


class MalformedFile(InvalidInput):
    """A file that cannot be imported; the message names the file, the line and the reason."""

    code = "malformed-file"

    def __init__(self, path: Path, line: int, reason: str) -> None:
        super().__init__(f"{path.name} line {line}: {reason}", field=path.name)
        self.path, self.line, self.reason = path, line, reason


@dataclass(frozen=True)
class Order:
    order_id: str
    customer_id: str
    status: str
    purchased_at: datetime
    approved_at: datetime | None
    carrier_at: datetime | None
    delivered_at: datetime | None
    estimated_at: datetime | None


@dataclass(frozen=True)
class Item:
    order_id: str
    item_id: int
    product_id: str
    seller_id: str
    shipping_limit_at: datetime
    price: int  # centavos
    freight: int


@dataclass(frozen=True)
class Review:
    review_id: str
    order_id: str
    score: int
    text: str
    created_at: datetime
    line: int


@dataclass(frozen=True)
class Seller:
    seller_id: str
    city: str
    state: str


@dataclass
class OlistData:
    """The validated dataset, indexed the way the import walks it."""

    orders: dict[str, Order] = field(default_factory=dict)
    items: dict[str, list[Item]] = field(default_factory=lambda: defaultdict(list))
    reviews: list[Review] = field(default_factory=list)
    buyer_of_customer: dict[str, str] = field(default_factory=dict)
    category_of_product: dict[str, str] = field(default_factory=dict)
    sellers: dict[str, Seller] = field(default_factory=dict)

    @property
    def orders_without_items(self) -> int:
        return sum(1 for order_id in self.orders if not self.items.get(order_id))


def _rows(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line where the record starts, record) for every record of a CSV file with these columns."""
    if not path.is_file():
        raise MalformedFile(path, 0, "file not found")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, strict=True)
        try:
            header = next(reader)
        except StopIteration:
            raise MalformedFile(path, 1, "the file is empty (no header)") from None
        except csv.Error as exc:
            raise MalformedFile(path, 1, f"not valid CSV: {exc}") from None
        missing = [name for name in required if name not in header]
        if missing:
            raise MalformedFile(path, 1, f"missing column(s) {', '.join(missing)} in the header")
        index = {name: header.index(name) for name in required}
        line = reader.line_num + 1
        while True:
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise MalformedFile(path, line, f"not valid CSV: {exc}") from None
            if record:
                if len(record) != len(header):
                    raise MalformedFile(path, line, f"{len(record)} fields where the header has {len(header)}")
                yield line, {name: record[i] for name, i in index.items()}
            line = reader.line_num + 1


class _Reader:
    def __init__(self, path: Path, zone: ZoneInfo) -> None:
        self.path = path
        self.zone = zone  # Olist writes local times without an offset

    def fail(self, line: int, reason: str) -> MalformedFile:
        return MalformedFile(self.path, line, reason)

    def ident(self, line: int, row: dict[str, str], column: str) -> str:
        value = row[column].strip()
        if not _ID.match(value):
            raise self.fail(line, f"{column}: {value!r} is not an Olist identifier (32 hexadecimal digits)")
        return value

    def instant(self, line: int, row: dict[str, str], column: str, *, required: bool = False) -> datetime | None:
        """An Olist timestamp: São Paulo local time (docs/design.md), stored as a UTC instant."""
        value = row[column].strip()
        if not value:
            if required:
                raise self.fail(line, f"{column}: missing")
            return None
        try:
            local = datetime.strptime(value, _STAMP)
        except ValueError:
            raise self.fail(line, f"{column}: {value!r} is not a timestamp (YYYY-MM-DD HH:MM:SS)") from None
        return local.replace(tzinfo=self.zone).astimezone(UTC)

    def money(self, line: int, row: dict[str, str], column: str) -> int:
        value = row[column].strip()
        try:
            amount = Decimal(value)
        except InvalidOperation:
            raise self.fail(line, f"{column}: {value!r} is not an amount") from None
        if not amount.is_finite() or amount < 0:
            raise self.fail(line, f"{column}: {value!r} is not an amount of at least 0")
        return int((amount * 100).to_integral_value())

    def integer(self, line: int, row: dict[str, str], column: str, low: int, high: int) -> int:
        value = row[column].strip()
        try:
            number = int(value)
        except ValueError:
            raise self.fail(line, f"{column}: {value!r} is not a whole number") from None
        if not low <= number <= high:
            raise self.fail(line, f"{column}: {number} is not between {low} and {high}")
        return number


def find_catalogue(directory: Path, catalogue: Path | None) -> Path:
    """Where products and sellers come from: ``catalogue``, else ``official_full/`` beside ``directory``."""
    candidates = [catalogue] if catalogue else [directory.parent / "official_full", directory]
    for candidate in candidates:
        if candidate is not None and (candidate / SELLERS).is_file():
            return candidate
    where = " or ".join(str(c) for c in candidates if c is not None)
    raise MalformedFile(Path(SELLERS), 0, f"file not found in {where} (use --catalogue DIR)")


def read_olist(directory: Path, catalogue: Path | None = None, *, timezone: str) -> OlistData:
    """Parse and check every file; raise ``MalformedFile`` (file, line, reason) on the first problem.

    ``timezone`` is the one the files' local times are in: the ``MARKET`` rulebook's.
    """
    zone = ZoneInfo(timezone)
    if not directory.is_dir():
        raise InvalidInput(f"{directory} is not a directory", field="dir")
    catalogue = find_catalogue(directory, catalogue)
    data = OlistData()
    # sellers and products (the catalogue)
    r = _Reader(catalogue / SELLERS, zone)
    for line, row in _rows(r.path, ("seller_id", "seller_city", "seller_state")):
        seller_id = r.ident(line, row, "seller_id")
        if seller_id in data.sellers:
            raise r.fail(line, f"seller {seller_id} appears twice")
        data.sellers[seller_id] = Seller(seller_id, row["seller_city"].strip(), row["seller_state"].strip())
    english: dict[str, str] = {}
    if (catalogue / TRANSLATION).is_file():
        r = _Reader(catalogue / TRANSLATION, zone)
        for _, row in _rows(r.path, ("product_category_name", "product_category_name_english")):
            english[row["product_category_name"].strip()] = row["product_category_name_english"].strip()
    products_file = catalogue / PRODUCTS if (catalogue / PRODUCTS).is_file() else directory / PRODUCTS
    r = _Reader(products_file, zone)
    for line, row in _rows(r.path, ("product_id", "product_category_name")):
        product_id = r.ident(line, row, "product_id")
        name = row["product_category_name"].strip()
        data.category_of_product[product_id] = english.get(name, name) or "uncategorised"
    # customers: Olist gives each order a new customer_id; customer_unique_id is the person
    if (directory / CUSTOMERS).is_file():
        r = _Reader(directory / CUSTOMERS, zone)
        for line, row in _rows(r.path, ("customer_id", "customer_unique_id")):
            data.buyer_of_customer[r.ident(line, row, "customer_id")] = r.ident(line, row, "customer_unique_id")
    # orders
    r = _Reader(directory / ORDERS, zone)
    columns: tuple[str, ...] = (
        "order_id",
        "customer_id",
        "order_status",
        "order_purchase_timestamp",
        "order_approved_at",
        "order_delivered_carrier_date",
        "order_delivered_customer_date",
        "order_estimated_delivery_date",
    )
    for line, row in _rows(r.path, columns):
        order_id = r.ident(line, row, "order_id")
        if order_id in data.orders:
            raise r.fail(line, f"order {order_id} appears twice")
        status = row["order_status"].strip()
        if status not in STATUSES:
            raise r.fail(line, f"order_status: {status!r} is not one of {', '.join(sorted(STATUSES))}")
        purchased = r.instant(line, row, "order_purchase_timestamp", required=True)
        assert purchased is not None
        data.orders[order_id] = Order(
            order_id,
            r.ident(line, row, "customer_id"),
            status,
            purchased,
            r.instant(line, row, "order_approved_at"),
            r.instant(line, row, "order_delivered_carrier_date"),
            r.instant(line, row, "order_delivered_customer_date"),
            r.instant(line, row, "order_estimated_delivery_date"),
        )
    # items
    r = _Reader(directory / ITEMS, zone)
    columns = ("order_id", "order_item_id", "product_id", "seller_id", "shipping_limit_date", "price", "freight_value")
    seen_items: set[tuple[str, int]] = set()
    for line, row in _rows(r.path, columns):
        order_id = r.ident(line, row, "order_id")
        if order_id not in data.orders:
            raise r.fail(line, f"order {order_id} is not in {ORDERS}")
        item_id = r.integer(line, row, "order_item_id", 1, 10_000)
        if (order_id, item_id) in seen_items:
            raise r.fail(line, f"item {item_id} of order {order_id} appears twice")
        seen_items.add((order_id, item_id))
        product_id, seller_id = r.ident(line, row, "product_id"), r.ident(line, row, "seller_id")
        if seller_id not in data.sellers:
            raise r.fail(line, f"seller {seller_id} is not in {SELLERS}")
        if product_id not in data.category_of_product:
            raise r.fail(line, f"product {product_id} is not in {PRODUCTS}")
        limit = r.instant(line, row, "shipping_limit_date", required=True)
        assert limit is not None
        data.items[order_id].append(
            Item(
                order_id,
                item_id,
                product_id,
                seller_id,
                limit,
                r.money(line, row, "price"),
                r.money(line, row, "freight_value"),
            )
        )
    # reviews
    r = _Reader(directory / REVIEWS, zone)
    columns = (
        "review_id",
        "order_id",
        "review_score",
        "review_comment_title",
        "review_comment_message",
        "review_creation_date",
    )
    for line, row in _rows(r.path, columns):
        review_id, order_id = r.ident(line, row, "review_id"), r.ident(line, row, "order_id")
        if order_id not in data.orders:
            raise r.fail(line, f"order {order_id} is not in {ORDERS}")
        created = r.instant(line, row, "review_creation_date", required=True)
        assert created is not None
        text = "\n".join(
            part for part in (row["review_comment_title"].strip(), row["review_comment_message"].strip()) if part
        )
        data.reviews.append(
            Review(review_id, order_id, r.integer(line, row, "review_score", 1, 5), text, created, line)
        )
    return data
