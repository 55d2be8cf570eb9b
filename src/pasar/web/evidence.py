"""Evidence files of after-sales cases as downloads for the signed-in parties of the case and operators."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from pasar.api.deps import PathId
from pasar.api.serialise import file_download
from pasar.domain.principals import PrincipalKind
from pasar.services.attachments import case_file
from pasar.web.common import WebRoute, marketplace, require

router = APIRouter(route_class=WebRoute, include_in_schema=False)


@router.get("/cases/{case_id}/files/{attachment_id}")
def case_file_download(request: Request, case_id: PathId, attachment_id: PathId) -> Response:
    who = require(request, PrincipalKind.SELLER, PrincipalKind.OPERATOR, PrincipalKind.BUYER)
    with marketplace(request).uow(read_only=True) as uow:
        row, data = case_file(uow, who, case_id, attachment_id)
    return file_download(row, data)
