"""The seller's FAQ auto-replies and business hours (R-IM-3): one Seller Centre page over the messaging service.

The page lives at ``/seller/settings`` rather than under ``/seller/inbox/`` because
``/seller/inbox/{conversation_id}`` would take the path first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Request, Response
from starlette.datastructures import FormData

from pasar.api.fields import PathId, checked_text
from pasar.domain.errors import DomainError, InvalidInput, NotFound
from pasar.domain.messaging import DAYS, FaqWhen, is_open, parse_business_hours
from pasar.services import messaging
from pasar.services.messaging import MessageBlocked
from pasar.services.unit_of_work import UnitOfWork
from pasar.web.common import N_, FormText, WebRoute, marketplace, render, see_other
from pasar.web.seller import blocked_view, signed_in_seller

router = APIRouter(prefix="/seller", route_class=WebRoute, include_in_schema=False)

PAGE = "/seller/settings"
NOTICES = {
    "faq_added": N_("The FAQ entry was added."),
    "faq_deleted": N_("The FAQ entry was deleted."),
    "saved": N_("Your business hours and away message were saved."),
}
DAY_LABELS = dict(
    zip(
        DAYS,
        (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"), N_("Saturday"), N_("Sunday")),
        strict=True,
    )
)
FAQ_WHEN_LABELS = {
    FaqWhen.ALWAYS.value: N_("Always, whenever a buyer's message matches a keyword"),
    FaqWhen.OUTSIDE_HOURS.value: N_("Only outside business hours"),
}
ALWAYS_OPEN, ON_DAYS = "always", "days"  # the hours form's two choices: no business hours, or the days ticked


@dataclass(frozen=True)
class DayHours:
    day: str
    open: bool
    opens: str
    closes: str


@dataclass(frozen=True)
class HoursForm:
    """The business-hours form as shown: the saved settings, or what the seller just sent back."""

    mode: str
    days: tuple[DayHours, ...]
    faq_when: str
    away_message: str

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> HoursForm:
        hours: dict[str, list[str]] = settings["business_hours"] or {}
        return cls(
            mode=ALWAYS_OPEN if settings["business_hours"] is None else ON_DAYS,
            days=tuple(DayHours(day, day in hours, *hours.get(day, ("", ""))) for day in DAYS),
            faq_when=settings["faq_when"],
            away_message=settings["away_message"] or "",
        )

    @classmethod
    def from_form(cls, form: FormData) -> HoursForm:
        def text(name: str) -> str:
            value = form.get(name)  # read field by field, so checked here rather than by a Form() type
            return checked_text(value.strip(), field=name) if isinstance(value, str) else ""

        return cls(
            mode=text("hours"),
            days=tuple(
                DayHours(day, bool(text(f"open_{day}")), text(f"opens_{day}"), text(f"closes_{day}")) for day in DAYS
            ),
            faq_when=text("faq_when"),
            away_message=text("away_message"),
        )

    def business_hours(self) -> dict[str, list[str]] | None:
        """The service's ``business_hours``: None when open around the clock; a day not ticked is closed."""
        if self.mode == ALWAYS_OPEN:
            return None
        if self.mode != ON_DAYS:
            raise InvalidInput(N_("choose whether the shop is open around the clock or on set days"), field="hours")
        hours = {}
        for entry in self.days:
            if not entry.open:
                continue
            if not (entry.opens and entry.closes):
                raise InvalidInput(
                    N_("a day marked open needs an opening and a closing time"), field=f"business_hours.{entry.day}"
                )
            hours[entry.day] = [entry.opens, entry.closes]
        return hours

    def when(self) -> FaqWhen:
        try:
            return FaqWhen(self.faq_when)
        except ValueError:
            raise InvalidInput(f"unknown choice {self.faq_when!r}", field="faq_when") from None


async def _posted_form(request: Request) -> FormData:
    # The day fields are named per day, so they are read from the form itself (already parsed for the CSRF check)
    return await request.form()


def _open_now(uow: UnitOfWork, market: str, settings: Mapping[str, Any]) -> dict[str, Any]:
    """Whether the saved hours have the shop open at this moment, in the market's time zone."""
    zone = uow.rules(market).market.timezone
    local = uow.now.astimezone(ZoneInfo(zone))
    return {
        "open": is_open(parse_business_hours(settings["business_hours"]), local),
        "now": uow.now,
        "day": DAY_LABELS[DAYS[local.weekday()]],
        "zone": zone,
    }


def _page(
    request: Request,
    *,
    status: int = 200,
    hours_form: HoursForm | None = None,
    faq_draft: Mapping[str, str] | None = None,
    **extra: Any,
) -> Response:
    _, shop_id = signed_in_seller(request)
    with marketplace(request).uow(read_only=True) as uow:
        shop = uow.catalogue.shop(shop_id)
        if shop is None:
            raise NotFound(f"shop {shop_id} not found")
        faq = messaging.faq_json(uow, shop_id)
        settings = messaging.settings_json(uow, shop_id)
        open_now = _open_now(uow, shop.market, settings)
    return render(
        request,
        "seller/settings.html",
        status_code=status,
        shop=shop,
        faq=faq,
        form=hours_form or HoursForm.from_settings(settings),
        faq_draft=faq_draft or {"keywords": "", "answer": ""},
        open_now=open_now,
        day_labels=DAY_LABELS,
        faq_when_labels=FAQ_WHEN_LABELS,
        always_open=ALWAYS_OPEN,
        on_days=ON_DAYS,
        notice=NOTICES.get(request.query_params.get("done", "")),
        tab="inbox",
        **extra,
    )


def _refusal(exc: DomainError, text: str, text_field: str) -> dict[str, Any]:
    """The page's error values for a refused form; the service names a too-long or empty text ``text``."""
    field = text_field if exc.field == "text" else exc.field
    refusal: dict[str, Any] = {"error": exc.detail, "error_field": field}
    if isinstance(exc, MessageBlocked):
        refusal["blocked"] = {**blocked_view(text, exc.verdict), "field": text_field}
    return refusal


@router.get("/settings")
def settings_page(request: Request) -> Response:
    return _page(request)


@router.post("/settings/faq")
def faq_add(request: Request, keywords: FormText = "", answer: FormText = "") -> Response:
    who, _ = signed_in_seller(request)
    try:
        with marketplace(request).uow() as uow:
            messaging.add_faq(uow, who, keywords.split(","), answer)
    except NotFound:
        raise
    except DomainError as exc:
        draft = {"keywords": keywords, "answer": answer}
        return _page(request, status=exc.status, faq_draft=draft, **_refusal(exc, answer, "answer"))
    return see_other(f"{PAGE}?done=faq_added#faq")


@router.post("/settings/faq/{faq_id}/delete")
def faq_delete(request: Request, faq_id: PathId) -> Response:
    who, _ = signed_in_seller(request)
    with marketplace(request).uow() as uow:
        messaging.delete_faq(uow, who, faq_id)
    return see_other(f"{PAGE}?done=faq_deleted#faq")


@router.post("/settings/hours")
def hours_save(request: Request, form: Annotated[FormData, Depends(_posted_form)]) -> Response:
    who, _ = signed_in_seller(request)
    sent = HoursForm.from_form(form)
    try:
        with marketplace(request).uow() as uow:
            messaging.save_settings(
                uow,
                who,
                business_hours=sent.business_hours(),
                faq_when=sent.when(),
                away_message=sent.away_message or None,
            )
    except NotFound:
        raise
    except DomainError as exc:
        refusal = _refusal(exc, sent.away_message, "away_message")
        return _page(request, status=exc.status, hours_form=sent, **refusal)
    return see_other(f"{PAGE}?done=saved#hours")
