"""Tables for buyer–seller messaging, messaging violations and CRM (docs/rules.md §8–10).

Defined on the shared ``metadata`` of ``pasar.store.tables`` (imported at its end), so migrations
and tests see them like every other table.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, ForeignKey, Index, Integer, String, Table, Text, UniqueConstraint

from pasar.store.tables import Id, _id, metadata
from pasar.store.types import UTCDateTime

conversations = Table(  # R-IM-1: one conversation per buyer–shop pair
    "conversations",
    metadata,
    _id(),
    Column("shop_id", ForeignKey("shops.id"), nullable=False),
    Column("buyer_id", ForeignKey("buyers.id"), nullable=False),
    Column("started_by", String(16), nullable=False),  # buyer | seller
    Column("created_at", UTCDateTime, nullable=False),
    Column("last_message_at", UTCDateTime, nullable=False),
    UniqueConstraint("shop_id", "buyer_id", name="uq_conversations_shop_buyer"),
    Index("ix_conversations_buyer", "buyer_id"),
)

messages = Table(  # only delivered messages: a blocked seller message is never stored here (R-IM-4)
    "messages",
    metadata,
    _id(),
    Column("conversation_id", ForeignKey("conversations.id"), nullable=False),
    Column("shop_id", ForeignKey("shops.id"), nullable=False),  # denormalised: scoping and the live stream
    Column("buyer_id", ForeignKey("buyers.id"), nullable=False),
    Column("sender", String(16), nullable=False),  # buyer | seller | faq | auto
    Column("kind", String(16), nullable=False),  # text | image | order_card | product_card
    Column("text", Text, nullable=False, server_default=""),
    Column("order_id", ForeignKey("orders.id")),
    Column("product_id", ForeignKey("products.id")),
    Column("faq_id", Id),
    Column("image_key", String(200)),
    Column("image_type", String(100)),
    Column("image_size", Integer),
    Column("created_at", UTCDateTime, nullable=False),
    Column("read_at", UTCDateTime),  # read receipt: when the other side opened it
    Column("solved_at", UTCDateTime),  # an FAQ answer the buyer marked as solving (R-SC-6)
    Index("ix_messages_conversation", "conversation_id", "id"),
    Index("ix_messages_shop", "shop_id", "id"),
    Index("ix_messages_buyer", "buyer_id", "id"),
)

faq_entries = Table(  # R-IM-3: keyword → answer, per shop
    "faq_entries",
    metadata,
    _id(),
    Column("shop_id", ForeignKey("shops.id"), nullable=False, index=True),
    Column("keywords", Text, nullable=False),  # JSON array of lower-cased keywords
    Column("answer", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)

messaging_settings = Table(  # R-IM-3: business hours and when the FAQ answers
    "messaging_settings",
    metadata,
    Column("shop_id", ForeignKey("shops.id"), primary_key=True),
    Column("business_hours", Text),  # JSON {"mon": ["09:00", "17:00"], ...}; NULL: always open
    Column("faq_when", String(16), nullable=False, server_default="always"),  # always | outside_hours
    Column("away_message", Text),
    Column("updated_at", UTCDateTime, nullable=False),
)

violations = Table(  # R-VI-1, R-VI-2 (messaging: R-IM-5); the appeals work extends this table
    "violations",
    metadata,
    _id(),
    Column("shop_id", ForeignKey("shops.id"), nullable=False),
    Column("type", String(32), nullable=False),  # messaging | ...
    Column("category", String(32), nullable=False),
    Column("points", Integer, nullable=False),
    Column("evidence", Text, nullable=False),  # JSON
    Column("status", String(16), nullable=False),  # active | ...
    Column("issued_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Index("ix_violations_shop_type_status", "shop_id", "type", "status"),
)

messaging_restrictions = Table(  # R-IM-5: read-only inbox from starts_at until ends_at (exclusive)
    "messaging_restrictions",
    metadata,
    _id(),
    Column("shop_id", ForeignKey("shops.id"), nullable=False),
    Column("points", Integer, nullable=False),  # active messaging points when it was imposed
    Column("violation_id", ForeignKey("violations.id"), nullable=False),
    Column("starts_at", UTCDateTime, nullable=False),
    Column("ends_at", UTCDateTime, nullable=False),
    Index("ix_messaging_restrictions_shop_ends", "shop_id", "ends_at"),
)

crm_opt_outs = Table(  # R-CR-2: a buyer who opted out of a shop's broadcasts
    "crm_opt_outs",
    metadata,
    Column("shop_id", ForeignKey("shops.id"), primary_key=True),
    Column("buyer_id", ForeignKey("buyers.id"), primary_key=True),
    Column("created_at", UTCDateTime, nullable=False),
)

crm_broadcasts = Table(  # R-CR-2
    "crm_broadcasts",
    metadata,
    _id(),
    Column("shop_id", ForeignKey("shops.id"), nullable=False, index=True),
    Column("segment", String(16), nullable=False),  # new | repeat | lapsed | high_value | custom
    Column("rule", Text),  # JSON custom rule
    Column("text", Text, nullable=False),
    Column("recipients", Integer, nullable=False),
    Column("skipped_opted_out", Integer, nullable=False),
    Column("skipped_capped", Integer, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)

crm_coupons = Table(  # R-CR-2: a coupon sent with a broadcast
    "crm_coupons",
    metadata,
    _id(),
    Column("shop_id", ForeignKey("shops.id"), nullable=False),
    Column("broadcast_id", ForeignKey("crm_broadcasts.id"), nullable=False, unique=True),
    Column("amount_off", BigInteger, nullable=False),
    Column("min_spend", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)

crm_recipients = Table(  # who got which broadcast: the per-buyer cap reads it (R-CR-2)
    "crm_recipients",
    metadata,
    Column("broadcast_id", ForeignKey("crm_broadcasts.id"), primary_key=True),
    Column("buyer_id", ForeignKey("buyers.id"), primary_key=True),
    Column("shop_id", ForeignKey("shops.id"), nullable=False),
    Column("sent_at", UTCDateTime, nullable=False),
    Index("ix_crm_recipients_shop_buyer_sent", "shop_id", "buyer_id", "sent_at"),
)
