"""The PB endpoints under /api/v1/: same services, same validation, 422 field by field."""

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from roundtable.accounts.services import api_token_create
from roundtable.audit.models import AuditEntry
from roundtable.cycles.testing import running_cycle
from roundtable.ideas.models import Idea
from roundtable.ideas.testing import bob_idea
from roundtable.notices.models import PublicNotice
from roundtable.notices.services import notice_publish
from roundtable.proposals.testing import draft_proposal
from roundtable.testing import World

pytestmark = pytest.mark.django_db


def call(user: Any, method: str, url: str, body: dict[str, Any] | None = None) -> Any:
    token = api_token_create(user=user, name="t")
    client = Client()
    return getattr(client, method)(
        f"/api/v1{url}",
        body or {},
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )


def fields(response: Any) -> dict[str | None, str]:
    return {d["field"]: d["message"] for d in response.json()["detail"]}


def test_a_resident_submits_through_the_api(world: World) -> None:
    running_cycle(world)
    body = {"problem": "路灯坏了", "location_id": str(world.building.pk), "category": "facilities"}
    r = call(world.bob, "post", "/ideas", body)
    assert r.status_code == 201, r.content
    assert r.json()["ack_number"] == Idea.objects.get().ack_number
    bad = call(world.bob, "post", "/ideas", body | {"category": "nonsense", "problem": ""})
    assert bad.status_code == 422
    assert set(fields(bad)) == {"problem", "category"}
    mine = call(world.bob, "get", "/ideas/mine").json()
    assert mine[0]["replies"][0]["body"].startswith("已收到您的点子")


def test_submission_after_intake_closed_is_422(world: World) -> None:
    running_cycle(world, intake_open=False)
    r = call(
        world.bob,
        "post",
        "/ideas",
        {"problem": "x", "location_id": str(world.building.pk), "category": "other"},
    )
    assert r.status_code == 422 and "截止" in r.json()["detail"][0]["message"]
    assert not Idea.objects.exists()


def test_assisted_entry_through_the_api(world: World) -> None:
    cycle = running_cycle(world)
    body = {
        "cycle_id": str(cycle.pk),
        "submitter_id": str(world.bob.person_id),
        "channel": "suggestion_box",
        "problem": "意见箱里的纸条：垃圾桶不够",
        "location_id": str(world.building.pk),
        "category": "environment",
    }
    assert call(world.alice, "post", "/ideas/assisted", body).status_code == 201
    entry = AuditEntry.objects.get(action="idea.submit")
    assert entry.actor == world.alice and entry.on_behalf_of == world.bob.person
    assert call(world.charlie, "post", "/ideas/assisted", body).status_code == 404


def test_triage_through_the_api_checks_each_route(world: World) -> None:
    idea = bob_idea(world, running_cycle(world))
    r = call(
        world.alice,
        "post",
        f"/ideas/{idea.pk}/triage",
        {"klass": "major", "route": "refer_department", "reason": "转城管", "department": "城管"},
    )
    assert r.status_code == 422 and "ticket_no" in fields(r)
    r = call(
        world.alice,
        "post",
        f"/ideas/{idea.pk}/triage",
        {
            "klass": "major",
            "route": "refer_department",
            "reason": "转城管",
            "department": "城管",
            "ticket_no": "A1",
        },
    )
    assert r.status_code == 200 and r.json()["idea"]["status"] == "referred"


def test_an_illegal_transition_through_the_api_names_the_state(world: World) -> None:
    p = draft_proposal(world, running_cycle(world))
    r = call(world.alice, "post", f"/proposals/{p.pk}/transition", {"to": "on_ballot"})
    assert r.status_code == 422
    assert "项目当前状态是“草稿”" in fields(r)["status"]
    r = call(world.alice, "post", f"/proposals/{p.pk}/transition", {"to": "submitted"})
    assert r.status_code == 422 and "附议" in fields(r)["status"]
    assert (
        call(world.charlie, "post", f"/proposals/{p.pk}/transition", {"to": "withdrawn"}).status_code == 404
    )


def test_a_notice_and_its_objections_through_the_api(world: World) -> None:
    from django.db import transaction

    with transaction.atomic():
        notice = notice_publish(
            actor=world.secretary,
            type=PublicNotice.Type.RESULT,
            jurisdiction=world.community,
            title="结果公示",
            body="公示内容",
            period_days=5,
            accepts_objections=True,
        )
    assert Client().get(f"/api/v1/notices/{notice.pk}").json()["accepts_objections"] is True
    r = call(world.bob, "post", f"/notices/{notice.pk}/objections", {"text": "有意见"})
    assert r.status_code == 201
    a = call(world.secretary, "post", f"/objections/{r.json()['id']}/answer", {"response": "已核实"})
    assert a.json()["status"] == "answered"
    answered = Client().get(f"/api/v1/notices/{notice.pk}").json()["answered_objections"]
    assert answered == [{"submitter": "王**", "text": "有意见", "response": "已核实"}]
    PublicNotice.objects.filter(pk=notice.pk).update(objection_deadline=timezone.now() - timedelta(seconds=1))
    late = call(world.bob, "post", f"/notices/{notice.pk}/objections", {"text": "晚了"})
    assert late.status_code == 422 and "异议期已于" in fields(late)["text"]
