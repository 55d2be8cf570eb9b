"""The score block says why there is no score (R-SC-8): "no metric data" is not "not enough orders"."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from pasar.clock import ManualClock
from pasar.domain.principals import PrincipalKind
from pasar.services.auth import issue_token
from tests.scores.test_scores_service import deliver
from tests.support import Given
from tests.web.conftest import sign_in


def test_r_sc_8_thirty_old_deliveries_show_no_metric_data_in_english_and_chinese(
    client: TestClient, given: Given, clock: ManualClock
) -> None:
    shop = given.shop(stock=[40])
    deliver(given, clock, shop, 30)
    clock.advance(timedelta(days=65))  # every delivery is now outside every metric's window
    with given.marketplace.uow() as uow:
        token = issue_token(uow, kind=PrincipalKind.SELLER, name="Quiet seller", shop_id=shop.id)
    sign_in(client, token)
    home = client.get("/seller").text
    assert "No metric has data yet" in home and "Not enough orders yet" not in home
    assert "30 delivered orders in 90 days" in home and "(DOR, SFRR, SFCR, LDR, COMPLAINT, REPLY_24H)" in home
    assert "No metric has data yet" in client.get(f"/shop/{shop.id}").text  # buyers read the same reason
    client.get("/lang/zh_Hans?next=/seller")
    chinese = client.get("/seller").text
    assert "各项指标暂无数据" in chinese and "90 天内已妥投 30 笔订单" in chinese
    assert "No metric has data yet" not in chinese
