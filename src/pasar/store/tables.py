"""Table definitions (SQLAlchemy Core). Money is integer minor units; instants are UTC."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from pasar.store.types import UTCDateTime

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

Id = BigInteger().with_variant(Integer(), "sqlite")  # SQLite only auto-increments INTEGER keys


def _id() -> Column[int]:
    return Column("id", Id, primary_key=True, autoincrement=True)


def _transition_record() -> list[Column[object]]:
    """Who moved an aggregate, when, from which status to which, and why (R-OR-3: append-only)."""
    return [
        Column("at", UTCDateTime, nullable=False),
        Column("actor", String(16), nullable=False),  # buyer | seller | system | operator
        Column("actor_id", String(64)),
        Column("event", String(32), nullable=False),
        Column("from_status", String(24)),
        Column("to_status", String(24), nullable=False),
        Column("reason", String(500)),
    ]


buyers = Table(
    "buyers",
    metadata,
    _id(),
    Column("name", String(200), nullable=False),
    Column("email", String(320)),
    Column("phone", String(32)),
    Column("market", String(2), nullable=False),
    Column("notification_channel", String(16), nullable=False, server_default="in_app"),
    Column("created_at", UTCDateTime, nullable=False),
)

shops = Table(
    "shops",
    metadata,
    _id(),
    Column("ref", String(64), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("market", String(2), nullable=False),
    Column("status", String(16), nullable=False, server_default="active"),
    Column("is_mall", Boolean, nullable=False, server_default="0"),
    Column("return_address", String(500)),  # R-AS-3; the market's returns centre when empty
    Column("created_at", UTCDateTime, nullable=False),
)

categories = Table(
    "categories",
    metadata,
    _id(),
    Column("code", String(64), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
)

products = Table(
    "products",
    metadata,
    _id(),
    Column("shop_id", ForeignKey("shops.id"), nullable=False, index=True),
    Column("category_id", ForeignKey("categories.id"), nullable=False),
    Column("title", String(300), nullable=False),
    Column("description", Text, nullable=False, server_default=""),
    Column("status", String(16), nullable=False, server_default="live"),
    Column("flagged_at", UTCDateTime),  # R-CN-3: listing details reported wrong, for the seller to fix
    Column("flag_reason", String(200)),
    Column("created_at", UTCDateTime, nullable=False),
)

skus = Table(
    "skus",
    metadata,
    _id(),
    Column("product_id", ForeignKey("products.id"), nullable=False, index=True),
    Column("code", String(64), nullable=False),
    Column("name", String(200), nullable=False),
    Column("price", BigInteger, nullable=False),
    CheckConstraint("price >= 0", name="price_not_negative"),
)

warehouses = Table(
    "warehouses",
    metadata,
    _id(),
    Column("kind", String(16), nullable=False),  # seller | platform (R-SL-4)
    Column("shop_id", ForeignKey("shops.id")),
    Column("market", String(2), nullable=False),
    Column("name", String(200), nullable=False),
)

stock = Table(
    "stock",
    metadata,
    Column("sku_id", ForeignKey("skus.id"), primary_key=True),
    Column("warehouse_id", ForeignKey("warehouses.id"), primary_key=True),
    Column("on_hand", Integer, nullable=False),
    Column("reserved", Integer, nullable=False, server_default="0"),
    # R-OR-2: the database itself refuses an oversell, whatever the code does.
    CheckConstraint("reserved >= 0 AND reserved <= on_hand", name="reserved_within_on_hand"),
)

orders = Table(
    "orders",
    metadata,
    _id(),
    Column("shop_id", ForeignKey("shops.id"), nullable=False),
    Column("buyer_id", ForeignKey("buyers.id"), nullable=False),
    Column("market", String(2), nullable=False),
    Column("status", String(24), nullable=False),
    Column("channel", String(24), nullable=False),
    Column("fulfilment_type", String(16), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("total_amount", BigInteger, nullable=False),
    Column("placed_at", UTCDateTime, nullable=False),
    Column("paid_at", UTCDateTime),
    Column("cancelled_at", UTCDateTime),
    Column("cancel_reason", String(32)),
    Column("cancelled_by", String(16)),
    Column("seller_fault", Boolean, nullable=False, server_default="0"),  # R-CN-3, R-CN-4, R-FL-2
    Column("kind", String(16), nullable=False, server_default="normal"),  # normal | creator_sample | test
    Column("hold_ends_at", UTCDateTime),
    Column("dispatch_deadline_at", UTCDateTime),  # R-FL-1
    Column("collection_deadline_at", UTCDateTime),  # R-FL-2
    Column("promised_delivery_at", UTCDateTime),  # R-FL-3
    Column("carrier", String(40)),
    Column("tracking_number", String(64)),
    Column("shipped_at", UTCDateTime),  # handed to the carrier
    Column("delivered_at", UTCDateTime),
    Column("completed_at", UTCDateTime),
    Column("refunded_amount", BigInteger, nullable=False, server_default="0"),
    Column("updated_at", UTCDateTime, nullable=False),
    Index("ix_orders_shop_placed", "shop_id", "placed_at"),
    Index("ix_orders_buyer_status", "buyer_id", "status"),
)

order_lines = Table(
    "order_lines",
    metadata,
    _id(),
    Column("order_id", ForeignKey("orders.id"), nullable=False, index=True),
    Column("sku_id", ForeignKey("skus.id"), nullable=False),
    Column("warehouse_id", ForeignKey("warehouses.id"), nullable=False),
    Column("product_id", ForeignKey("products.id"), nullable=False),
    Column("category_id", ForeignKey("categories.id"), nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("unit_price", BigInteger, nullable=False),
    Column("amount", BigInteger, nullable=False),
    CheckConstraint("quantity > 0", name="quantity_positive"),
)

order_history = Table(
    "order_history",
    metadata,
    _id(),
    Column("order_id", ForeignKey("orders.id"), nullable=False, index=True),
    *_transition_record(),
)

payment_attempts = Table(
    "payment_attempts",
    metadata,
    _id(),
    Column("order_id", ForeignKey("orders.id"), nullable=False, index=True),
    Column("reference", String(100), nullable=False, unique=True),
    Column("method", String(24), nullable=False),
    Column("status", String(16), nullable=False),
    Column("failure_reason", String(40)),
    Column("amount", BigInteger, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("settled_at", UTCDateTime),
    Column("void_reason", String(200)),  # why a payment that succeeded was given back (status refunded)
    Column("refund_reference", String(100)),  # the gateway's reference of that refund
)

order_reminders = Table(
    "order_reminders",
    metadata,
    Column("order_id", ForeignKey("orders.id"), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("sent_at", UTCDateTime, nullable=False),
)

deadlines = Table(
    "deadlines",
    metadata,
    _id(),
    Column("subject_type", String(24), nullable=False),
    Column("subject_id", Id, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("seq", Integer, nullable=False, server_default="0"),
    Column("due_at", UTCDateTime, nullable=False),
    Column("status", String(16), nullable=False, server_default="pending"),
    Column("fired_at", UTCDateTime),
    Index("ix_deadlines_status_due", "status", "due_at"),
    Index("ix_deadlines_subject", "subject_type", "subject_id"),
)

outbox = Table(
    "outbox",
    metadata,
    _id(),
    Column("topic", String(64), nullable=False),
    Column("subject_id", Id),
    Column("payload", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("dispatched_at", UTCDateTime),
    Index("ix_outbox_pending", "dispatched_at", "id"),
)

notifications = Table(
    "notifications",
    metadata,
    _id(),
    Column("buyer_id", ForeignKey("buyers.id"), nullable=False, index=True),
    Column("channel", String(16), nullable=False),  # in_app | email | sms
    Column("kind", String(40), nullable=False),
    Column("order_id", ForeignKey("orders.id")),
    Column("title", String(200), nullable=False),
    Column("body", Text, nullable=False),
    Column("status", String(16), nullable=False),  # pending | sending | sent | failed
    Column("attempts", Integer, nullable=False, server_default="0"),  # sends started
    Column("last_error", String(500)),
    Column("next_attempt_at", UTCDateTime),
    Column("created_at", UTCDateTime, nullable=False),
    Column("sent_at", UTCDateTime),
    Column("read_at", UTCDateTime),
    # While sending: the claim's end; a worker that dies leaves the row to be claimed after it.
    Column("lease_until", UTCDateTime),
    # Sends whose worker died before recording the outcome: the buyer may or may not have them.
    Column("interrupted_sends", Integer, nullable=False, server_default="0"),
    Index("ix_notifications_delivery", "status", "next_attempt_at"),
    Index("ix_notifications_lease", "status", "lease_until"),
)

promotions = Table(
    "promotions",
    metadata,
    _id(),
    Column("shop_id", ForeignKey("shops.id"), nullable=False, index=True),
    Column("kind", String(24), nullable=False),  # first_n_payers (R-UP-7)
    Column("title", String(200), nullable=False),
    Column("first_n", Integer, nullable=False),
    Column("discount_amount", BigInteger, nullable=False),
    Column("starts_at", UTCDateTime, nullable=False),
    Column("ends_at", UTCDateTime, nullable=False),
    Column("claims", Integer, nullable=False, server_default="0"),
    CheckConstraint("claims <= first_n", name="claims_within_first_n"),
)

promotion_claims = Table(
    "promotion_claims",
    metadata,
    Column("promotion_id", ForeignKey("promotions.id"), primary_key=True),
    Column("rank", Integer, primary_key=True),
    Column("order_id", ForeignKey("orders.id"), nullable=False, unique=True),
    Column("discount_amount", BigInteger, nullable=False),
    Column("paid_at", UTCDateTime, nullable=False),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("kind", String(16), nullable=False),  # buyer | seller | operator
    Column("buyer_id", ForeignKey("buyers.id")),
    Column("shop_id", ForeignKey("shops.id")),
    Column("name", String(200), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    UniqueConstraint("kind", "name", name="uq_api_tokens_kind_name"),
)

# A web sign-in: the cookie holds a random session id, only its hash is stored, and the session acts
# as the principal of the token it was opened with (a deleted token ends its sessions).
web_sessions = Table(
    "web_sessions",
    metadata,
    Column("id_hash", String(64), primary_key=True),
    Column("token_hash", ForeignKey("api_tokens.token_hash", ondelete="CASCADE"), nullable=False, index=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False, index=True),
    Column("last_seen_at", UTCDateTime, nullable=False),
)


cancellation_requests = Table(
    "cancellation_requests",
    metadata,
    _id(),
    Column("order_id", ForeignKey("orders.id"), nullable=False, index=True),
    Column("reason", String(40), nullable=False),
    Column("seller_responsible", Boolean, nullable=False),
    Column("status", String(16), nullable=False),  # pending | approved | rejected | withdrawn
    Column("requested_at", UTCDateTime, nullable=False),
    Column("decided_at", UTCDateTime),
    Column("decided_by", String(16)),
    Column("reject_reason", String(500)),
    Column("withdraw_reason", String(200)),  # why the system withdrew it: the order moved on
)

tracking_events = Table(
    "tracking_events",
    metadata,
    _id(),
    Column("carrier", String(40), nullable=False),
    Column("event_id", String(100), nullable=False),
    Column("tracking_number", String(64), nullable=False, index=True),
    Column("order_id", ForeignKey("orders.id")),
    Column("case_id", Id),
    Column("status", String(24), nullable=False),
    Column("occurred_at", UTCDateTime, nullable=False),
    Column("received_at", UTCDateTime, nullable=False),
    UniqueConstraint("carrier", "event_id", name="uq_tracking_events_carrier_event"),
)

simulated_parcels = Table(
    "simulated_parcels",
    metadata,
    _id(),
    Column("tracking_number", String(64), nullable=False),
    Column("status", String(24), nullable=False),  # the next event the simulated carrier will report
    Column("due_at", UTCDateTime, nullable=False),
    Column("lost", Boolean, nullable=False, server_default="0"),
    Index("ix_simulated_parcels_due", "due_at"),
)

after_sales_cases = Table(
    "after_sales_cases",
    metadata,
    _id(),
    Column("order_id", ForeignKey("orders.id"), nullable=False, index=True),
    Column("shop_id", ForeignKey("shops.id"), nullable=False, index=True),
    Column("buyer_id", ForeignKey("buyers.id"), nullable=False),
    Column("kind", String(24), nullable=False),  # refund_only | return_and_refund
    Column("reason", String(40), nullable=False),
    Column("responsibility", String(16), nullable=False),  # R-AS-5
    Column("status", String(24), nullable=False),
    Column("requested_amount", BigInteger, nullable=False),
    Column("offered_amount", BigInteger),
    Column("refunded_amount", BigInteger, nullable=False, server_default="0"),
    Column("parcel_delivered", Boolean, nullable=False),  # at opening: decides the R-AS-2 path
    Column("description", Text, nullable=False, server_default=""),
    Column("seller_reject_reason", String(500)),
    Column("return_address", String(500)),
    Column("return_carrier", String(40)),
    Column("return_tracking_number", String(64)),
    Column("arbitration_outcome", String(24)),
    Column("refunded_by_platform", Boolean, nullable=False, server_default="0"),
    Column("opened_at", UTCDateTime, nullable=False),
    Column("approved_at", UTCDateTime),
    Column("escalated_at", UTCDateTime),
    Column("closed_at", UTCDateTime),
    Column("updated_at", UTCDateTime, nullable=False),
    Index("ix_after_sales_cases_return_tracking", "return_carrier", "return_tracking_number"),
)

case_lines = Table(
    "case_lines",
    metadata,
    Column("case_id", ForeignKey("after_sales_cases.id"), primary_key=True),
    Column("order_line_id", ForeignKey("order_lines.id"), primary_key=True),
)

case_history = Table(
    "case_history",
    metadata,
    _id(),
    Column("case_id", ForeignKey("after_sales_cases.id"), nullable=False, index=True),
    *_transition_record(),
)

attachments = Table(
    "attachments",
    metadata,
    _id(),
    Column("case_id", ForeignKey("after_sales_cases.id"), nullable=False, index=True),
    Column("uploaded_by", String(16), nullable=False),
    Column("purpose", String(24), nullable=False),  # evidence | proof_of_delivery | return_receipt
    Column("filename", String(200), nullable=False),
    Column("content_type", String(100), nullable=False),
    Column("size", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("storage_key", String(200), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)

refunds = Table(
    "refunds",
    metadata,
    _id(),
    Column("order_id", ForeignKey("orders.id"), nullable=False, index=True),
    Column("case_id", ForeignKey("after_sales_cases.id")),
    Column("idempotency_key", String(100), nullable=False, unique=True),
    Column("amount", BigInteger, nullable=False),
    Column("reason", String(100), nullable=False),
    Column("by_platform", Boolean, nullable=False, server_default="0"),
    Column("gateway_reference", String(100)),
    Column("created_at", UTCDateTime, nullable=False),
    CheckConstraint("amount > 0", name="amount_positive"),
)

seller_debits = Table(
    "seller_debits",
    metadata,
    _id(),
    Column("shop_id", ForeignKey("shops.id"), nullable=False, index=True),
    Column("order_id", ForeignKey("orders.id"), nullable=False),
    Column("case_id", ForeignKey("after_sales_cases.id")),
    Column("amount", BigInteger, nullable=False),
    Column("reason", String(200), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("settled_at", UTCDateTime),  # taken from a payout (R-FE-2)
)

complaints = Table(
    "complaints",
    metadata,
    _id(),
    Column("shop_id", ForeignKey("shops.id"), nullable=False, index=True),
    Column("order_id", ForeignKey("orders.id")),
    Column("case_id", ForeignKey("after_sales_cases.id")),
    Column("buyer_id", ForeignKey("buyers.id"), nullable=False),
    Column("kind", String(24), nullable=False),  # arbitration_escalation | shop_report (R-SC-5)
    Column("created_at", UTCDateTime, nullable=False),
)


# --- Reviews, buyer waits and the Shop Performance Score (docs/rules.md §7) --------------------------------
from sqlalchemy import Date, Float  # noqa: E402  (appended section: earlier lines stay untouched)

reviews = Table(
    "reviews",
    metadata,
    _id(),
    Column("order_id", ForeignKey("orders.id"), nullable=False, unique=True),  # one review per order
    Column("shop_id", ForeignKey("shops.id"), nullable=False),
    Column("buyer_id", ForeignKey("buyers.id"), nullable=False),
    Column("rating", Integer, nullable=False),  # R-BR-2: overall 1–5
    Column("product_rating", Integer),
    Column("service_rating", Integer),
    Column("logistics_rating", Integer),
    Column("text", Text, nullable=False, server_default=""),
    Column("image_count", Integer, nullable=False, server_default="0"),
    Column("language", String(8)),
    Column("responsibility", String(16), nullable=False),  # seller | logistics | buyer (R-BR-2)
    Column("responsibility_source", String(16), nullable=False),  # appeal | ratings | text | default | import
    Column("created_at", UTCDateTime, nullable=False),
    Column("seller_reply", Text),
    Column("replied_at", UTCDateTime),
    Column("appeal_granted", Boolean, nullable=False, server_default="0"),
    Column("updated_at", UTCDateTime, nullable=False),  # set on every change: the score rollups re-read changed reviews
    CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"),
    CheckConstraint("product_rating IS NULL OR product_rating BETWEEN 1 AND 5", name="product_rating_range"),
    CheckConstraint("service_rating IS NULL OR service_rating BETWEEN 1 AND 5", name="service_rating_range"),
    CheckConstraint("logistics_rating IS NULL OR logistics_rating BETWEEN 1 AND 5", name="logistics_rating_range"),
    CheckConstraint("image_count >= 0", name="image_count_not_negative"),
    Index("ix_reviews_shop_created", "shop_id", "created_at"),
    Index("ix_reviews_updated", "updated_at"),
)

buyer_waits = Table(  # R-SC-6, R-IM-6: filled by messaging; read by the reply-rate metric
    "buyer_waits",
    metadata,
    _id(),
    Column("shop_id", ForeignKey("shops.id"), nullable=False),
    Column("buyer_id", ForeignKey("buyers.id"), nullable=False),
    Column("started_at", UTCDateTime, nullable=False),  # the buyer message that started the wait
    Column("answered_at", UTCDateTime),  # the first human seller reply (FAQ bot replies never answer)
    Column("excluded", Boolean, nullable=False, server_default="0"),  # closed by the buyer via an FAQ answer
    Column("updated_at", UTCDateTime, nullable=False),  # set on every change: the score rollups re-read changed waits
    Index("ix_buyer_waits_shop_started", "shop_id", "started_at"),
    Index("ix_buyer_waits_updated", "updated_at"),
)

shop_score_snapshots = Table(  # R-SC-1..10: one row per shop and market-local day, as of the end of that day
    "shop_score_snapshots",
    metadata,
    Column("shop_id", ForeignKey("shops.id"), primary_key=True),
    Column("as_of", Date, primary_key=True),
    Column("market", String(2), nullable=False),
    Column("computed_at", UTCDateTime, nullable=False),
    Column("delivered_90d", Integer, nullable=False),
    *(
        Column(f"{metric}_{part}", Integer, nullable=False)
        for metric in ("dor", "sfrr", "sfcr", "ldr", "complaint", "reply_24h", "nrr")
        for part in ("num", "den")
    ),
    *(Column(f"{metric}_score", Float) for metric in ("dor", "sfrr", "sfcr", "ldr", "complaint", "reply_24h")),
    Column("product", Float),
    Column("fulfilment", Float),
    Column("service", Float),
    Column("sps", Float),  # rounded half-up to one decimal; NULL = not enough orders (R-SC-8), never 0
    Column("nrr_level", String(16), nullable=False),  # ok | restricted | extreme (R-BR-3)
    Index("ix_shop_score_snapshots_as_of", "as_of"),
)

shop_score_invalidations = Table(  # changes to the past (appeals, imports) that the daily rollups must re-read
    "shop_score_invalidations",
    metadata,
    _id(),
    Column("shop_id", ForeignKey("shops.id"), nullable=False),
    Column("reason", String(64), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)

import_refs = Table(  # external identifiers of imported rows (idempotent imports: twice = once)
    "import_refs",
    metadata,
    Column("source", String(24), primary_key=True),  # e.g. olist
    Column("kind", String(24), primary_key=True),  # shop | buyer | product | order | review
    Column("ref", String(100), primary_key=True),
    Column("local_id", Id, nullable=False),
)


# Messaging, violations and CRM tables live in their own module, on the same metadata.
from pasar.store import tables_messaging  # noqa: E402, F401
