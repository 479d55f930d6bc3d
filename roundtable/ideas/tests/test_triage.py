from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from roundtable.accounts.models import OutboxMessage
from roundtable.audit.models import AuditEntry
from roundtable.cycles.testing import running_cycle
from roundtable.ideas.models import Idea, TriageDecision
from roundtable.ideas.testing import bob_idea
from roundtable.people.models import Residency
from roundtable.people.services import person_register
from roundtable.testing import STAFF_PASSWORD, World

pytestmark = pytest.mark.django_db


def alice() -> Client:
    c = Client()
    assert c.login(username="alice", password=STAFF_PASSWORD)
    return c


def triage(idea: Idea, **data: Any) -> Any:
    return alice().post(f"/ideas/staff/idea/{idea.pk}/", data)


SIMPLE_ROUTES = [
    ("private", "self_help", Idea.Status.HANDLED),
    ("private", "mediation", Idea.Status.HANDLED),
    ("minor", "community_handle", Idea.Status.HANDLED),
    ("minor", "self_gov_fund", Idea.Status.HANDLED),
    ("pb_eligible", "pb_pipeline", Idea.Status.IN_PB),
]


@pytest.mark.parametrize(("klass", "route", "status"), SIMPLE_ROUTES)
def test_each_simple_route_reaches_the_submitter(world: World, klass: str, route: str, status: str) -> None:
    idea = bob_idea(world, running_cycle(world))
    r = triage(idea, klass=klass, route=route, reason="理由：请看答复")
    assert r.status_code == 302
    idea.refresh_from_db()
    assert idea.status == status
    assert TriageDecision.objects.get(idea=idea).decided_by == world.alice
    bob = Client()
    bob.force_login(world.bob)
    assert "理由：请看答复" in bob.get(f"/ideas/mine/{idea.pk}/").content.decode()
    assert OutboxMessage.objects.filter(body__contains=idea.ack_number).filter(body__contains="理由").exists()
    assert AuditEntry.objects.filter(action="idea.triage", actor=world.alice).exists()


def test_a_route_that_does_not_fit_the_class_is_refused(world: World) -> None:
    idea = bob_idea(world, running_cycle(world))
    r = triage(idea, klass="private", route="pb_pipeline", reason="x")
    assert "应选择" in r.content.decode()
    idea.refresh_from_db()
    assert idea.status == Idea.Status.RECEIVED and not TriageDecision.objects.exists()


def test_refer_to_a_department_needs_a_ticket_and_gets_a_due_date(world: World) -> None:
    cycle = running_cycle(world, referral_due_days=15)
    idea = bob_idea(world, cycle)
    r = triage(idea, klass="major", route="refer_department", reason="属于市政管理", department="城管")
    assert "工单号" in r.content.decode()
    assert not TriageDecision.objects.exists()
    r = triage(
        idea,
        klass="major",
        route="refer_department",
        reason="属于市政管理",
        department="城管",
        ticket_no="12345-778",
    )
    assert r.status_code == 302
    d = TriageDecision.objects.get()
    assert d.due_at == timezone.localdate() + timedelta(days=15)
    idea.refresh_from_db()
    assert idea.status == Idea.Status.REFERRED


def test_reject_cites_a_negative_list_item(world: World) -> None:
    cycle = running_cycle(world)
    idea = bob_idea(world, cycle)
    assert "负面清单条目" in triage(idea, klass="minor", route="reject", reason="物业职责").content.decode()
    item = cycle.negative_items.get()
    assert (
        triage(idea, klass="minor", route="reject", reason="物业职责", negative_item=item.pk).status_code
        == 302
    )
    idea.refresh_from_db()
    assert idea.status == Idea.Status.REJECTED
    assert idea.replies.filter(body__contains="物业服务合同内的维修").exists()


def test_merged_submitters_follow_the_survivor(world: World) -> None:
    cycle = running_cycle(world)
    survivor = bob_idea(world, cycle)
    neighbour = person_register(
        actor=world.alice,
        display_name="李阿姨",
        phone="13900001111",
        birth_year=1960,
        community=world.community,
        unit=world.unit,
        basis=Residency.Basis.OWNER,
        household_type="registered",
        channel="door_to_door",
    )
    from roundtable.ideas.services import idea_submit

    dup = idea_submit(
        actor=world.alice,
        person=neighbour,
        cycle=cycle,
        location=world.building,
        problem="路灯不亮",
        category="facilities",
        channel="phone",
        assisted=True,
    )
    assert (
        triage(dup, klass="pb_eligible", route="merge", reason="相同问题", merge_into=dup.pk).status_code
        == 200
    )
    assert (
        triage(dup, klass="pb_eligible", route="merge", reason="相同问题", merge_into=survivor.pk).status_code
        == 302
    )
    dup.refresh_from_db()
    assert dup.status == Idea.Status.MERGED and dup.merged_into == survivor
    assert neighbour in survivor.followers.all()
    # A later reply on the survivor reaches the merged submitter too.
    triage(survivor, klass="pb_eligible", route="pb_pipeline", reason="进入预算")
    assert OutboxMessage.objects.filter(to_masked="139****1111", body__contains="进入预算").exists()
    c = Client()
    from roundtable.accounts.models import User

    c.force_login(User.objects.get(person=neighbour))
    assert survivor.ack_number in c.get("/ideas/mine/").content.decode()


def test_an_idea_is_triaged_once(world: World) -> None:
    idea = bob_idea(world, running_cycle(world))
    triage(idea, klass="minor", route="community_handle", reason="社区来修")
    r = triage(idea, klass="minor", route="community_handle", reason="再来一次")
    assert r.status_code == 200
    assert TriageDecision.objects.count() == 1


def test_other_staff_cannot_triage(world: World) -> None:
    idea = bob_idea(world, running_cycle(world))
    c = Client()
    assert c.login(username="charlie", password=STAFF_PASSWORD)
    assert (
        c.post(
            f"/ideas/staff/idea/{idea.pk}/", {"klass": "minor", "route": "community_handle", "reason": "x"}
        ).status_code
        == 404
    )
    assert not TriageDecision.objects.exists()


def test_staff_list_filters_by_status(world: World) -> None:
    cycle = running_cycle(world)
    a = bob_idea(world, cycle, problem="第一件事")
    bob_idea(world, cycle, problem="第二件事")
    triage(a, klass="minor", route="community_handle", reason="社区来办")
    page = alice().get(f"/ideas/staff/cycle/{cycle.pk}/?status=received").content.decode()
    assert "第二件事" in page and "第一件事" not in page
