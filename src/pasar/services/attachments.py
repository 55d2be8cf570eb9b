"""Evidence files on cases: checked by content (not by the name or header given), stored by hash.

The parties of a case (its buyer, the shop's seller) and operators read them; each uploads only
with the purposes that are its own (proof of delivery is the seller's, a return receipt the buyer's).
"""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import Row

from pasar.domain.errors import Forbidden, InvalidInput, NotFound
from pasar.domain.principals import Principal, PrincipalKind
from pasar.services.unit_of_work import UnitOfWork

# What the first bytes of each accepted type look like: the declared content type must match them.
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/webp": (b"RIFF",),
    "application/pdf": (b"%PDF-",),
}
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "application/pdf": "pdf"}
PURPOSES = ("evidence", "proof_of_delivery", "return_receipt")
PURPOSES_OF = {
    PrincipalKind.BUYER: ("evidence", "return_receipt"),  # the courier's receipt for the parcel sent back
    PrincipalKind.SELLER: ("evidence", "proof_of_delivery"),
    PrincipalKind.OPERATOR: ("evidence",),
}


def sniff(data: bytes) -> str | None:
    for content_type, prefixes in SIGNATURES.items():
        if any(data.startswith(prefix) for prefix in prefixes):
            if content_type == "image/webp" and data[8:12] != b"WEBP":
                continue
            return content_type
    return None


def attach(
    uow: UnitOfWork,
    who: Principal,
    case_id: int,
    *,
    purpose: str,
    filename: str,
    content_type: str,
    data: bytes,
    max_bytes: int,
) -> int:
    visible_case(uow, who, case_id)
    if purpose not in PURPOSES:
        raise InvalidInput(f"purpose must be one of {', '.join(PURPOSES)}", field="purpose")
    if purpose not in PURPOSES_OF[who.kind]:
        raise Forbidden(
            f"a {who.kind.value} uploads with purpose {' or '.join(PURPOSES_OF[who.kind])}, not {purpose}",
            field="purpose",
        )
    if not data:
        raise InvalidInput("the file is empty", field="file")
    if len(data) > max_bytes:
        raise InvalidInput(f"the file is {len(data):,} bytes; the limit is {max_bytes:,}", field="file")
    actual = sniff(data)
    if actual is None:
        raise InvalidInput("only JPEG, PNG, WebP images and PDF documents are accepted", field="file")
    if content_type and content_type != actual:
        raise InvalidInput(f"the file is {actual}, not {content_type} as declared", field="file")
    digest = hashlib.sha256(data).hexdigest()
    key = f"{digest}.{EXTENSIONS[actual]}"
    uow.ports.files.put(key, data)
    uploader = {PrincipalKind.BUYER: "buyer", PrincipalKind.SELLER: "seller", PrincipalKind.OPERATOR: "operator"}
    return uow.cases.add_attachment(
        {
            "case_id": case_id,
            "uploaded_by": uploader[who.kind],
            "purpose": purpose,
            "filename": filename[:200],
            "content_type": actual,
            "size": len(data),
            "sha256": digest,
            "storage_key": key,
            "created_at": uow.now,
        }
    )


def visible_case(uow: UnitOfWork, who: Principal, case_id: int) -> Row[Any]:
    """The case, if ``who`` is one of its parties or an operator; anyone else gets a 404."""
    case = uow.cases.get(case_id)
    if case is None or not who.may_see_order(buyer_id=case.buyer_id, shop_id=case.shop_id):
        raise NotFound(f"case {case_id} not found")
    return case


def case_files(uow: UnitOfWork, who: Principal, case_id: int) -> list[Row[Any]]:
    """The evidence files of a case its parties and operators may read."""
    visible_case(uow, who, case_id)
    return uow.cases.attachments_of(case_id)


def case_file(uow: UnitOfWork, who: Principal, case_id: int, attachment_id: int) -> tuple[Row[Any], bytes]:
    """One evidence file and its bytes, for the parties of its case and operators."""
    visible_case(uow, who, case_id)
    row = uow.cases.attachment(case_id, attachment_id)
    if row is None:
        raise NotFound(f"file {attachment_id} of case {case_id} not found")
    return row, uow.ports.files.get(row.storage_key)
