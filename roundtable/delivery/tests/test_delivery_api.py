"""Implementation, supervision and acceptance through /api/v1/: refusals are 422 with nothing written."""

from typing import Any

import pytest
from django.test import Client

from roundtable.accounts.services import api_token_create
from roundtable.audit.models import AuditEntry
from roundtable.delivery.models import Acceptance, ChangeRequest, Expenditure, Implementation, Photo
from roundtable.delivery.testing import implementation, selected_proposal, with_panel
from roundtable.ideas.testing import jpeg_with_gps
from roundtable.notices.models import PublicNotice
from roundtable.proposals.testing import draft_proposal
from roundtable.testing import World

pytestmark = pytest.mark.django_db


def call(user: Any, method: str, url: str, body: dict[str, Any] | None = None, **kw: Any) -> Any:
    token = api_token_create(user=user, name="t")
    headers = {"Authorization": f"Bearer {token}"}
    if "multipart" in kw:
        return Client().post(f"/api/v1{url}", kw["multipart"], headers=headers)
    return getattr(Client(), method)(
        f"/api/v1{url}", body or {}, content_type="application/json", headers=headers
    )


def fields(response: Any) -> dict[str | None, str]:
    return {d["field"]: d["message"] for d in response.json()["detail"]}


def test_a_selected_project_gets_a_plan(world: World) -> None:
    proposal = selected_proposal(world)
    body = {"implementer": "平安物业", "procurement_method": "three_quotes", "procurement_note": "三家报价"}
    r = call(world.alice, "post", f"/proposals/{proposal.pk}/implementation", body)
    assert r.status_code == 201, r.content
    assert r.json()["budget"] == 50000
    assert call(world.charlie, "post", f"/proposals/{proposal.pk}/implementation", body).status_code == 404


def test_a_proposal_not_selected_gets_no_plan(world: World) -> None:
    proposal = selected_proposal(world)
    other = draft_proposal(world, proposal.cycle, title="另一个")
    body = {"implementer": "x", "procurement_method": "three_quotes"}
    r = call(world.alice, "post", f"/proposals/{other.pk}/implementation", body)
    assert r.status_code == 422 and "入选" in fields(r)["proposal"]


def test_an_expenditure_beyond_the_allocation_is_refused_until_a_change_is_approved(world: World) -> None:
    impl = implementation(world)
    spend = {"amount": 45000, "spent_on": "2026-10-01", "payee": "平安物业", "voucher_ref": "记-001"}
    assert call(world.alice, "post", f"/implementations/{impl.pk}/expenditures", spend).status_code == 201
    more = spend | {"amount": 8000, "voucher_ref": "记-002"}
    r = call(world.alice, "post", f"/implementations/{impl.pk}/expenditures", more)
    assert r.status_code == 422 and "超出下达金额" in fields(r)["amount"]
    assert Expenditure.objects.count() == 1
    # 3000 of 50000 = 6% ≤ 10%: staff approve with a logged reason
    cr = call(
        world.alice,
        "post",
        f"/implementations/{impl.pk}/change-requests",
        {"reason": "加一盏灯", "delta_budget": 3000},
    )
    assert cr.json()["status"] == "pending"
    r = call(
        world.alice,
        "post",
        f"/change-requests/{cr.json()['id']}/approve",
        {"approve": True, "reason": "小额"},
    )
    assert r.json()["status"] == "approved"
    assert AuditEntry.objects.filter(action="change_request.approve").exists()
    assert call(world.alice, "post", f"/implementations/{impl.pk}/expenditures", more).status_code == 201
    assert call(world.alice, "get", f"/implementations/{impl.pk}").json()["spent"] == 53000


def test_a_large_change_goes_back_to_the_council(world: World) -> None:
    impl = implementation(world)
    r = call(
        world.alice,
        "post",
        f"/implementations/{impl.pk}/change-requests",
        {"reason": "扩大范围", "delta_budget": 10000},
    )
    cr_id = r.json()["id"]
    assert r.json()["status"] == "referred"
    refused = call(world.alice, "post", f"/change-requests/{cr_id}/approve", {"approve": True, "reason": "x"})
    assert refused.status_code == 422 and "议事会" in fields(refused)["status"]
    no_ref = call(
        world.alice,
        "post",
        f"/change-requests/{cr_id}/council-decision",
        {"decision": "approved", "reference": ""},
    )
    assert no_ref.status_code == 422
    ok = call(
        world.alice,
        "post",
        f"/change-requests/{cr_id}/council-decision",
        {"decision": "approved", "reference": "议事会决议2026-07号"},
    )
    assert ok.json()["council_reference"] == "议事会决议2026-07号"
    assert call(world.alice, "get", f"/implementations/{impl.pk}").json()["allowed"] == 60000


def test_an_inspection_photo_loses_its_exif(world: World) -> None:
    impl = implementation(world)
    r = call(
        world.alice,
        "post",
        f"/implementations/{impl.pk}/inspections",
        multipart={"findings": "灯杆基础已浇筑", "inspected_on": "2026-10-02", "photo": jpeg_with_gps()},
    )
    assert r.status_code == 201, r.content
    photo = Photo.objects.get()
    assert b"TestCam" not in bytes(photo.data) and b"Exif" not in bytes(photo.data)
    assert Client().get(f"/delivery/photo/{photo.pk}/").status_code == 404  # inspection photos: staff only
    staff = Client()
    staff.force_login(world.alice)
    assert staff.get(f"/delivery/photo/{photo.pk}/").status_code == 200


def test_only_panel_members_accept_and_accounts_are_published(world: World) -> None:
    impl = implementation(world)
    panel = with_panel(world, impl)
    call(world.alice, "post", f"/implementations/{impl.pk}/complete", {"finish_actual": "2026-11-01"})
    body = {"result": "pass", "notes": "合格", "accepted_on": "2026-11-05"}
    refused = call(world.alice, "post", f"/implementations/{impl.pk}/acceptance", body)
    assert refused.status_code == 422 and "验收小组" in fields(refused)["result"]
    assert Acceptance.objects.count() == 0
    assert world.bob.person == panel[0]
    assert call(world.bob, "post", f"/implementations/{impl.pk}/acceptance", body).status_code == 201
    assert Implementation.objects.get().status == "accepted"
    r = call(world.alice, "post", f"/implementations/{impl.pk}/accounts")
    notice = PublicNotice.objects.get(pk=r.json()["id"])
    assert notice.type == "accounts" and "平安物业工程部" in notice.body
    pdf = Client().get(f"/notices/{notice.pk}/pdf/")
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"


def test_a_resident_reports_a_problem_and_staff_publish_progress(world: World) -> None:
    impl = implementation(world)
    assert (
        call(world.bob, "post", f"/implementations/{impl.pk}/problems", {"text": "施工围挡倒了"}).status_code
        == 201
    )
    r = call(world.alice, "post", f"/implementations/{impl.pk}/progress-notice", {"text": "已完成基础施工"})
    assert r.status_code == 201
    page = Client().get(f"/delivery/{impl.pk}/")
    assert "已完成基础施工" in page.content.decode()


def test_change_request_states_are_checked(world: World) -> None:
    impl = implementation(world)
    r = call(world.alice, "post", f"/implementations/{impl.pk}/change-requests", {"reason": "x"})
    assert r.status_code == 422 and ChangeRequest.objects.count() == 0
