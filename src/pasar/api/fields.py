"""The types every input is validated with at the edge: text, ids, money, quantities, instants and days.

API bodies (``api/schemas.py`` and the route modules), query and path parameters and the web's forms
use these, so bad input is a 422 naming the field instead of a database error further in:

- text refuses NUL characters (PostgreSQL's text cannot hold them; SQLite would keep them silently)
  and unpaired surrogates (not Unicode: they cannot be encoded as UTF-8), within length bounds;
- ids are the store's 64-bit keys, 1..2^63-1, in paths, queries and bodies alike;
- prices are bounded so that an order total (price x quantity over every line of a cart) can never
  overflow a 64-bit amount, whatever the rulebooks allow per line; other amounts stay below that total;
- instants must carry a time zone and days must fall within the years the platform dates things in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Annotated, Any

from fastapi import Path, Query
from pydantic import AfterValidator, AwareDatetime, Field, GetCoreSchemaHandler, StrictInt
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

from pasar.domain.errors import InvalidInput
from pasar.domain.orders import MAX_AMOUNT
from pasar.rules import all_rulebooks

MAX_ID = 2**63 - 1
MAX_CART_LINES = 200
# The largest quantity any market allows on one line: prices are bounded against it.
MAX_LINE_QUANTITY = max(book.orders.max_quantity_per_line for book in all_rulebooks().values())
MAX_UNIT_PRICE = MAX_AMOUNT // (MAX_CART_LINES * MAX_LINE_QUANTITY)
MAX_ORDER_TOTAL = MAX_UNIT_PRICE * MAX_CART_LINES * MAX_LINE_QUANTITY
MAX_STOCK = 10**9  # units of one SKU in one warehouse: returns added back stay far inside the store's integers
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)
_FIRST_INSTANT = datetime.combine(FIRST_DAY, time.min, UTC)
_LAST_INSTANT = datetime.combine(LAST_DAY, time.max, UTC)


def check_text(value: Any) -> Any:
    """Refuse text the store cannot keep; anything that is not text is left to the type check."""
    if isinstance(value, str):
        problem = text_problem(value)
        if problem is not None:
            raise PydanticCustomError("text_not_storable", problem)
    return value


def text_problem(value: str) -> str | None:
    """Why ``value`` cannot be stored as text, or None."""
    if "\x00" in value:
        return "must not contain NUL (\\u0000) characters"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "must be valid Unicode text: it contains an unpaired surrogate"
    return None


def checked_text(value: str, *, field: str) -> str:
    """For text read outside a schema (a form read field by field, a file name): refused as InvalidInput."""
    problem = text_problem(value)
    if problem is not None:
        raise InvalidInput(f"{field} {problem}", field=field)
    return value


@dataclass(frozen=True)
class Text:
    """``Annotated[str, Text(min_length, max_length)]``: text within bounds, no NUL, no unpaired surrogate."""

    min_length: int = 0
    max_length: int = 10_000
    pattern: str | None = None

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        bounded = core_schema.str_schema(
            min_length=self.min_length or None, max_length=self.max_length, pattern=self.pattern
        )
        return core_schema.no_info_before_validator_function(check_text, bounded)


def _out_of_range() -> PydanticCustomError:
    return PydanticCustomError("date_out_of_range", f"must be between {FIRST_DAY} and {LAST_DAY}")


def _in_years(value: date) -> date:
    if not FIRST_DAY <= value <= LAST_DAY:
        raise _out_of_range()
    return value


def _instant_in_years(value: datetime) -> datetime:
    if not _FIRST_INSTANT <= value <= _LAST_INSTANT:
        raise _out_of_range()
    return value


# --- bodies -------------------------------------------------------------------------------------------------
Id = Annotated[StrictInt, Field(ge=1, le=MAX_ID)]
Count = Annotated[StrictInt, Field(ge=-(2**31), le=2**31 - 1)]  # the service names what its rulebook allows
Stock = Annotated[StrictInt, Field(ge=0, le=MAX_STOCK)]
Price = Annotated[
    StrictInt,
    Field(ge=0, le=MAX_UNIT_PRICE, description="Minor units of the market's currency, per unit."),
]
Money = Annotated[StrictInt, Field(ge=0, le=MAX_ORDER_TOTAL, description="Minor units of the market's currency.")]
Instant = Annotated[
    AwareDatetime,
    AfterValidator(_instant_in_years),
    Field(description=f"ISO 8601 with a time zone, between {FIRST_DAY} and {LAST_DAY}."),
]
Day = Annotated[date, AfterValidator(_in_years), Field(description=f"A date between {FIRST_DAY} and {LAST_DAY}.")]
MarketCode = Annotated[str, Text(2, 2, pattern=r"^[A-Za-z]{2}$")]
Line = Annotated[str, Text(1, 200)]  # a name, a title, a short reason
Note = Annotated[str, Text(0, 5000)]  # a description, a note

# --- paths and queries --------------------------------------------------------------------------------------
PathId = Annotated[int, Path(ge=1, le=MAX_ID, description="A numeric identifier.")]
QueryId = Annotated[int | None, Query(ge=1, le=MAX_ID)]
OperatorShopId = Annotated[int | None, Query(ge=1, le=MAX_ID, description="Operators: the shop.")]
Cursor = Annotated[Annotated[str, Text(0, 200)] | None, Query(description="`next_cursor` of the previous page.")]
QueryDay = Annotated[Day | None, Query()]
