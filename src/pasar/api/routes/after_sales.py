"""After-sales cases: open, act, evidence, arbitration, the seller's to-do list, the market policy (R-AS)."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, UploadFile, status
from fastapi.responses import Response

from pasar.api.deps import MarketDep, PathId, PrincipalDep, decode_cursor, encode_cursor, require
from pasar.api.fields import Cursor, Text
from pasar.api.schemas import ArbitrationIn, CaseIn, OfferIn, Page, ProofIn, RejectIn, ReturnShipmentIn
from pasar.api.serialise import file_download, plain
from pasar.domain.case_commands import (
    AcceptOffer,
    Approve,
    Arbitrate,
    CaseCommand,
    DeclineOffer,
    Escalate,
    OfferPartialRefund,
    ReceiveReturn,
    Refund,
    Reject,
    ShipReturn,
    SubmitProof,
    Withdraw,
)
from pasar.domain.cases import CaseStatus
from pasar.domain.errors import NotFound
from pasar.domain.principals import PrincipalKind
from pasar.services import after_sales
from pasar.services.attachments import EXTENSIONS, attach, case_file, case_files
from pasar.services.todo import seller_todo

router = APIRouter(prefix="/v1", tags=["after-sales"])


@router.post(
    "/orders/{order_id}/cases",
    status_code=status.HTTP_201_CREATED,
    summary="The buyer opens a refund-only or return-and-refund case (R-AS-1, R-AS-3)",
)
def open_case(order_id: PathId, body: CaseIn, who: PrincipalDep, market: MarketDep) -> dict[str, Any]:
    require(who, PrincipalKind.BUYER)
    with market.uow() as uow:
        case_id = after_sales.open_case(
            uow,
            who,
            order_id,
            kind=body.kind,
            reason=body.reason,
            line_ids=body.line_ids,
            description=body.description,
            amount=body.amount,
        )
    return get_case(case_id, who, market)


@router.get("/cases", response_model=Page, summary="Cases the caller may see, paginated with a cursor")
def list_cases(
    who: PrincipalDep,
    market: MarketDep,
    status: CaseStatus | None = None,
    cursor: Cursor = None,
    limit: int = Query(50, ge=1, le=200),
) -> Page:
    with market.uow(read_only=True) as uow:
        rows = uow.cases.page(
            shop_id=who.shop_id if who.kind is PrincipalKind.SELLER else None,
            buyer_id=who.buyer_id if who.kind is PrincipalKind.BUYER else None,
            statuses=[status.value] if status else None,
            after_id=decode_cursor(cursor),
            limit=limit,
        )
    return Page(
        items=[plain(row) for row in rows], next_cursor=encode_cursor(rows[-1].id) if len(rows) == limit else None
    )


@router.get("/cases/{case_id}", summary="A case with its history, evidence and deadlines")
def get_case(case_id: PathId, who: PrincipalDep, market: MarketDep) -> dict[str, Any]:
    with market.uow(read_only=True) as uow:
        row = uow.cases.get(case_id)
        if row is None or not who.may_see_order(buyer_id=row.buyer_id, shop_id=row.shop_id):
            raise NotFound(f"case {case_id} not found")
        case = plain(row)
        case["line_ids"] = uow.cases.lines_of(case_id)
        case["history"] = [plain(h, drop=("case_id",)) for h in uow.cases.history(case_id)]
        case["attachments"] = [plain(a, drop=("case_id", "storage_key")) for a in uow.cases.attachments_of(case_id)]
        case["deadlines"] = [
            {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in d.items()}
            for d in uow.deadlines.for_subject("case", case_id)
        ]
        return case


def _act(case_id: int, who: Any, market: Any, command: CaseCommand) -> dict[str, Any]:
    with market.uow() as uow:
        after_sales.handle(uow, who, case_id, command)
    return get_case(case_id, who, market)


@router.post("/cases/{case_id}/approve", summary="Seller approves (refund now, or send the return address)")
def approve(case_id: PathId, who: PrincipalDep, market: MarketDep) -> dict[str, Any]:
    return _act(case_id, who, market, Approve())


@router.post("/cases/{case_id}/reject", summary="Seller rejects, with a reason; the buyer may escalate (R-AS-4)")
def reject(case_id: PathId, body: RejectIn, who: PrincipalDep, market: MarketDep) -> dict[str, Any]:
    return _act(case_id, who, market, Reject(reason=body.reason))


@router.post("/cases/{case_id}/offer", summary="Seller offers a partial refund instead")
def offer(case_id: PathId, body: OfferIn, who: PrincipalDep, market: MarketDep) -> dict[str, Any]:
    return _act(case_id, who, market, OfferPartialRefund(amount=body.amount))


@router.post("/cases/{case_id}/accept-offer", summary="Buyer accepts the partial refund")
def accept_offer(case_id: PathId, who: PrincipalDep, market: MarketDep) -> dict[str, Any]:
    return _act(case_id, who, market, AcceptOffer())


@router.post("/cases/{case_id}/decline-offer", summary="Buyer declines the partial refund; the seller decides again")
def decline_offer(case_id: PathId, who: PrincipalDep, market: MarketDep) -> dict[str, Any]:
    return _act(case_id, who, market, DeclineOffer())


@router.post("/cases/{case_id}/proof-of-delivery", summary="Seller submits the carrier's proof of delivery (R-AS-2)")
def proof(case_id: PathId, body: ProofIn, who: PrincipalDep, market: MarketDep) -> dict[str, Any]:
    return _act(case_id, who, market, SubmitProof(attachment_id=body.attachment_id))


@router.post("/cases/{case_id}/escalate", summary="Buyer escalates a rejection to the platform (a complaint)")
def escalate(case_id: PathId, who: PrincipalDep, market: MarketDep) -> dict[str, Any]:
    return _act(case_id, who, market, Escalate())


@router.post("/cases/{case_id}/withdraw", summary="Buyer withdraws the case")
def withdraw(case_id: PathId, who: PrincipalDep, market: MarketDep) -> dict[str, Any]:
    return _act(case_id, who, market, Withdraw())


@router.post("/cases/{case_id}/return-shipment", summary="Buyer ships the return, with tracking (R-AS-3)")
def ship_return(case_id: PathId, body: ReturnShipmentIn, who: PrincipalDep, market: MarketDep) -> dict[str, Any]:
    return _act(case_id, who, market, ShipReturn(carrier=body.carrier, tracking_number=body.tracking_number))


@router.post("/cases/{case_id}/receive-return", summary="Seller marks the return received (stock back on the shelf)")
def receive_return(case_id: PathId, who: PrincipalDep, market: MarketDep) -> dict[str, Any]:
    return _act(case_id, who, market, ReceiveReturn())


@router.post("/cases/{case_id}/refund", summary="Seller refunds the received return")
def refund(case_id: PathId, who: PrincipalDep, market: MarketDep) -> dict[str, Any]:
    return _act(case_id, who, market, Refund())


@router.post("/cases/{case_id}/arbitrate", summary="Operator decides an arbitration (R-AS-2, R-AS-4)")
def arbitrate(case_id: PathId, body: ArbitrationIn, who: PrincipalDep, market: MarketDep) -> dict[str, Any]:
    return _act(case_id, who, market, Arbitrate(outcome=body.outcome, note=body.note or None))


@router.post(
    "/cases/{case_id}/attachments",
    status_code=status.HTTP_201_CREATED,
    summary="Upload evidence: JPEG, PNG, WebP or PDF, checked by content and size",
)
def upload(
    case_id: PathId,
    who: PrincipalDep,
    market: MarketDep,
    file: Annotated[UploadFile, File()],
    purpose: Annotated[str, Form(), Text(1, 40)] = "evidence",
) -> dict[str, Any]:
    # A plain function, so FastAPI runs it in the thread pool: a wait for the database never holds the loop.
    limit = market.settings.max_attachment_bytes
    data = file.file.read(limit + 1)
    with market.uow() as uow:
        attachment_id = attach(
            uow,
            who,
            case_id,
            purpose=purpose,
            filename=file.filename or "file",
            content_type=file.content_type or "",
            data=data,
            max_bytes=limit,
        )
    return {"id": attachment_id, "case_id": case_id, "purpose": purpose}


@router.get(
    "/cases/{case_id}/attachments",
    summary="A case's evidence files, for its buyer, the shop's seller and operators",
)
def list_attachments(case_id: PathId, who: PrincipalDep, market: MarketDep) -> list[dict[str, Any]]:
    with market.uow(read_only=True) as uow:
        rows = case_files(uow, who, case_id)
    return [
        {**plain(row, drop=("case_id", "storage_key")), "download": f"/v1/cases/{case_id}/attachments/{row.id}"}
        for row in rows
    ]


@router.get(
    "/cases/{case_id}/attachments/{attachment_id}",
    summary="Download one evidence file (as an attachment, with the type checked at upload)",
    response_class=Response,
    responses={200: {"content": {content_type: {} for content_type in EXTENSIONS}, "description": "The file."}},
)
def download_attachment(case_id: PathId, attachment_id: PathId, who: PrincipalDep, market: MarketDep) -> Response:
    with market.uow(read_only=True) as uow:
        row, data = case_file(uow, who, case_id, attachment_id)
    return file_download(row, data)


@router.get("/seller/todo", summary="Everything waiting on the seller, sorted by time left")
def todo(
    who: PrincipalDep, market: MarketDep, due_within_hours: Annotated[int | None, Query(ge=1, le=24 * 90)] = None
) -> list[dict[str, Any]]:
    require(who, PrincipalKind.SELLER)
    within = timedelta(hours=due_within_hours) if due_within_hours else None
    with market.uow(read_only=True) as uow:
        return seller_todo(uow, who.shop_id, due_within=within)


@router.get("/shops/{shop_id}/after-sales-policy", summary="The market's after-sales policy for this shop (R-AS-6)")
def policy(shop_id: PathId, market: MarketDep) -> dict[str, Any]:
    with market.uow(read_only=True) as uow:
        shop = uow.catalogue.shop(shop_id)
        if shop is None:
            raise NotFound(f"shop {shop_id} not found")
        rules = uow.rules(shop.market).after_sales
    return {
        "shop_id": shop_id,
        "market": shop.market,
        "is_mall": bool(shop.is_mall),
        "request_window_days": rules.mall_window_days if shop.is_mall else rules.window_days,
        "return_address": shop.return_address or rules.return_address,
        "seller_decision_days": rules.seller_decision_days,
        "buyer_return_ship_days": rules.buyer_return_ship_days,
        "seller_refund_after_receipt_days": rules.seller_refund_after_receipt_days,
        "refund_only_proof_of_delivery_hours": rules.proof_of_delivery_hours,
    }
