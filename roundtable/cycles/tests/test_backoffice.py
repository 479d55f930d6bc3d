import io
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from roundtable.cycles.testing import running_cycle
from roundtable.ideas.models import Idea, TriageDecision
from roundtable.ideas.services import idea_triage
from roundtable.ideas.testing import bob_idea
from roundtable.proposals.testing import draft_proposal
from roundtable.testing import STAFF_PASSWORD, World

pytestmark = pytest.mark.django_db


def alice() -> Client:
    c = Client()
    assert c.login(username="alice", password=STAFF_PASSWORD)
    return c


def test_the_work_list_shows_waiting_and_overdue(world: World) -> None:
    cycle = running_cycle(world, demand_ack_hours=24)
    old = bob_idea(world, cycle, problem="很久以前的点子")
    Idea.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(hours=30))
    bob_idea(world, cycle, problem="刚交的点子")
    referred = bob_idea(world, cycle, problem="转交的点子")
    idea_triage(
        actor=world.alice,
        idea=referred,
        klass="major",
        route="refer_department",
        reason="转",
        department="城管",
        ticket_no="T-1",
    )
    TriageDecision.objects.filter(idea=referred).update(due_at=timezone.localdate() - timedelta(days=1))
    page = re.sub(r"<[^>]+>", "", alice().get(f"/cycles/{cycle.pk}/work/").content.decode())
    assert "待分流的点子（2，超期 1）" in page
    assert "已转交部门，等待办结（1，超期 1）" in page and "T-1" in page
    c = Client()
    assert c.login(username="charlie", password=STAFF_PASSWORD)
    assert c.get(f"/cycles/{cycle.pk}/work/").status_code == 404


def test_the_idea_list_filters_by_category(world: World) -> None:
    cycle = running_cycle(world)
    bob_idea(world, cycle, problem="路灯的事", category="facilities")
    bob_idea(world, cycle, problem="停车的事", category="parking")
    page = alice().get(f"/ideas/staff/cycle/{cycle.pk}/?category=parking&community=甲社区").content.decode()
    assert "停车的事" in page and "路灯的事" not in page


def test_the_proposal_list_exports_to_xlsx(world: World) -> None:
    cycle = running_cycle(world)
    draft_proposal(world, cycle, title="加装路灯", cost=42000)
    r = alice().get(f"/proposals/cycle/{cycle.pk}/export.xlsx")
    assert r.status_code == 200
    ws = load_workbook(io.BytesIO(r.content)).active
    assert ws is not None and ws.freeze_panes == "A2"
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "项目名称" and rows[0][4] == "预算（元）"
    assert len(rows) == 2
    assert rows[1][0] == "加装路灯" and rows[1][4] == 42000 and rows[1][7] in ("是", "否")
