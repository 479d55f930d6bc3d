from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from roundtable.accounts.models import OutboxMessage
from roundtable.cycles.testing import running_cycle
from roundtable.notices.models import Letter, Objection, PublicNotice
from roundtable.notices.services import notice_publish
from roundtable.proposals.models import Proposal
from roundtable.proposals.services import (
    proposal_cosign,
    proposal_feasibility_set,
    proposal_review_add,
    proposal_transition,
)
from roundtable.proposals.testing import draft_proposal, neighbour
from roundtable.testing import STAFF_PASSWORD, World

pytestmark = pytest.mark.django_db
S = Proposal.Status


def staff(name: str = "secretary") -> Client:
    c = Client()
    assert c.login(username=name, password=STAFF_PASSWORD)
    return c


def bob(world: World) -> Client:
    c = Client()
    c.force_login(world.bob)
    return c


def eligible(world: World, cycle, title: str = "加装路灯") -> Proposal:  # type: ignore[no-untyped-def]
    p = draft_proposal(world, cycle, title=title)
    for name in ("李一", "李二"):
        proposal_cosign(
            actor=world.alice, proposal=p, person=neighbour(world, f"{name}{title}"), assisted=True
        )
    p = proposal_transition(actor=world.alice, proposal=p, to=S.SUBMITTED)
    proposal_review_add(
        actor=world.alice,
        proposal=p,
        reviewer_role="expert",
        reviewer_name="张工",
        opinion="可行",
        recommendation="support",
    )
    proposal_feasibility_set(actor=world.alice, proposal=p, feasibility="feasible")
    return proposal_transition(actor=world.alice, proposal=p, to=S.ELIGIBLE)


def publish(world: World):  # type: ignore[no-untyped-def]
    cycle = running_cycle(world, publicity_days_candidates=7)
    on_list = eligible(world, cycle)
    out = draft_proposal(world, cycle, title="建停车场")
    proposal_cosign(actor=world.alice, proposal=out, person=neighbour(world, "周五"), assisted=True)
    proposal_cosign(actor=world.alice, proposal=out, person=neighbour(world, "周六"), assisted=True)
    out = proposal_transition(actor=world.alice, proposal=out, to=S.SUBMITTED)
    proposal_transition(actor=world.alice, proposal=out, to=S.SCREENED_OUT, reason="属于政府投资建设范围")
    r = staff().post(f"/proposals/cycle/{cycle.pk}/publish/")
    assert r.status_code == 302
    return cycle, on_list, PublicNotice.objects.get()


def test_the_candidate_notice_is_public_with_names_masked(world: World) -> None:
    _cycle, on_list, notice = publish(world)
    on_list.refresh_from_db()
    assert on_list.status == S.ON_BALLOT
    assert notice.period_days == 7
    assert notice.objection_deadline - notice.posted_at == timedelta(days=7)
    page = Client().get(f"/notices/{notice.pk}/").content.decode()
    assert "加装路灯" in page and "王**" in page
    assert "王小波" not in page and world.bob_phone not in page and "建停车场" not in page


def test_the_notice_prints_as_an_a4_pdf(world: World) -> None:
    _c, _p, notice = publish(world)
    r = Client().get(f"/notices/{notice.pk}/pdf/")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r.content.startswith(b"%PDF")


def test_proposers_left_off_the_list_get_a_letter_with_the_reason(world: World) -> None:
    publish(world)
    letter = Letter.objects.get(person=world.bob.person, body__contains="建停车场")
    assert "属于政府投资建设范围" in bob(world).get("/ideas/mine/").content.decode()
    assert "属于政府投资建设范围" in letter.body
    assert OutboxMessage.objects.filter(body__contains="属于政府投资建设范围").exists()
    from roundtable.ideas.models import IdeaReply

    reply = IdeaReply.objects.get(body__contains="属于政府投资建设范围")
    assert "属于政府投资建设范围" in bob(world).get(f"/ideas/mine/{reply.idea_id}/").content.decode()


def test_a_resident_objects_and_sees_the_published_answer(world: World) -> None:
    _c, _p, notice = publish(world)
    assert "我有异议" in bob(world).get(f"/notices/{notice.pk}/").content.decode()
    r = bob(world).post(f"/notices/{notice.pk}/object/", {"text": "路灯位置会照进住户窗户"})
    assert r.status_code == 302
    objection = Objection.objects.get()
    assert staff("charlie").get(f"/notices/{notice.pk}/objections/").status_code == 404
    assert "路灯位置" in staff().get(f"/notices/{notice.pk}/objections/").content.decode()
    staff().post(f"/notices/objection/{objection.pk}/answer/", {"response": "已调整灯头朝向"})
    page = Client().get(f"/notices/{notice.pk}/").content.decode()
    assert "已调整灯头朝向" in page and "王**" in page


def test_an_objection_after_the_period_is_refused(world: World) -> None:
    _c, _p, notice = publish(world)
    PublicNotice.objects.filter(pk=notice.pk).update(objection_deadline=timezone.now() - timedelta(minutes=1))
    r = bob(world).post(f"/notices/{notice.pk}/object/", {"text": "晚了"})
    assert "异议期已于" in r.content.decode()
    assert not Objection.objects.exists()


def test_only_eligible_residents_object(world: World) -> None:
    _c, _p, notice = publish(world)
    from roundtable.accounts.models import User
    from roundtable.people.models import Person

    outsider = User.objects.create_user(username="o", person=Person.objects.create(display_name="外人"))
    c = Client()
    c.force_login(outsider)
    assert (
        "只有本公示范围内的居民" in c.post(f"/notices/{notice.pk}/object/", {"text": "反对"}).content.decode()
    )


def test_a_notice_refuses_phone_numbers(world: World) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="手机号"):
        notice_publish(
            actor=world.secretary,
            type="result",
            jurisdiction=world.community,
            title="t",
            body="联系人 13912345678",
            period_days=5,
        )
    assert not PublicNotice.objects.exists()


def test_no_candidates_no_notice(world: World) -> None:
    cycle = running_cycle(world)
    r = staff().post(f"/proposals/cycle/{cycle.pk}/publish/", follow=True)
    assert "还没有审核通过的项目" in r.content.decode()
