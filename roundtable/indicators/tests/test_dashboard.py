"""The dashboard and open data from real records of a small cycle, checked against hand counts."""

import csv
import io
from datetime import date
from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from roundtable.accounts.services import api_token_create
from roundtable.delivery import services as delivery
from roundtable.delivery.testing import implementation, with_panel
from roundtable.notices.models import Letter
from roundtable.proposals.testing import neighbour
from roundtable.surveys.models import Response
from roundtable.surveys.services import survey_open, survey_respond
from roundtable.testing import World

pytestmark = pytest.mark.django_db

GOOD = {"need": 3, "quality": 3, "timeliness": 2, "transparency": 3, "heard": 2}


def delivered(world: World, satisfied: int, basic: int) -> Any:
    """One project: 50 000 allocated, 48 000 spent, accepted on time; `satisfied + basic` answers."""
    impl = implementation(world)
    with transaction.atomic():
        delivery.expenditure_record(
            actor=world.alice,
            implementation=impl,
            amount=48000,
            spent_on=date(2026, 10, 1),
            payee="平安物业",
            voucher_ref="记-1",
        )
        delivery.implementation_complete(
            actor=world.alice, implementation=impl, finish_actual=date(2026, 11, 1)
        )
    panel = with_panel(world, impl)
    with transaction.atomic():
        delivery.acceptance_record(
            actor=world.bob,
            implementation=impl,
            person=panel[0],
            result="pass",
            notes="好",
            accepted_on=date(2026, 11, 2),
        )
    for n in range(satisfied + basic - 2):  # the panel's two neighbours already live here, plus bob
        neighbour(world, f"居民{n}")
    with transaction.atomic():
        survey, _tokens = survey_open(
            actor=world.alice,
            instrument_code="satisfaction",
            title="",
            jurisdiction=world.community,
            sampling="all_beneficiaries",
            implementation=impl,
        )
    invitations = list(survey.invitations.all())
    for i, inv in enumerate(invitations[: satisfied + basic]):
        with transaction.atomic():
            survey_respond(
                actor=None,
                survey=survey,
                invitation=inv,
                answers=GOOD | {"overall": 3 if i < satisfied else 2},
            )
    return impl


def figures(cycle_id: Any) -> dict[str, Any]:
    return Client().get(f"/api/v1/dashboard/cycles/{cycle_id}").json()


def test_delivery_and_satisfaction_figures(world: World) -> None:
    impl = delivered(world, satisfied=6, basic=2)
    f = figures(impl.proposal.cycle_id)
    # one selected project, accepted on time (finish 11-01 ≤ planned 12-31)
    assert f["delivery"]["implementation_rate"]["percent"] == 100.0
    assert f["delivery"]["on_time_rate"]["percent"] == 100.0
    # 48 000 / 50 000 = 96 %
    assert f["delivery"]["budget_execution"] == {
        "code": "budget_execution",
        "numerator": 48000,
        "denominator": 50000,
        "percent": 96.0,
        "method_version": 1,
    }
    # satisfaction rate 6 of 8 = 75 %, but the complement (2) is a small cell: suppressed
    assert f["responsiveness"]["satisfaction_rate"]["suppressed"] is True
    sat = f["satisfaction"][0]
    # 6 满意 of 8 > 50 % → satisfied; the 2 基本满意 are hidden with their complement
    assert sat["responses"] == 8 and sat["grade"] == "satisfied"
    assert sat["counts"] == {"3": None, "2": None, "1": 0, "total": 8}


def test_the_public_page_draws_the_charts(world: World) -> None:
    impl = delivered(world, satisfied=7, basic=0)
    page = Client().get(f"/dashboard/cycle/{impl.proposal.cycle_id}/").content.decode()
    assert "echarts.min.js" in page and "chart-satisfaction" in page
    assert "已收回 7 份" in page and "96.0%" in page
    assert "暂无数据" in page  # turnout: no voting data on this branch
    assert impl.proposal.cycle.name in Client().get("/dashboard/").content.decode()


def test_open_data_csv_and_xlsx(world: World) -> None:
    impl = delivered(world, satisfied=5, basic=0)
    cycle_id = impl.proposal.cycle_id
    rows = list(
        csv.reader(
            io.StringIO(Client().get(f"/dashboard/cycle/{cycle_id}/open-data/accounts.csv").content.decode())
        )
    )
    assert rows == [
        ["proposal_id", "date", "payee", "amount", "voucher_ref"],
        [str(impl.proposal_id), "2026-10-01", "平安物业", "48000", "记-1"],
    ]
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(Client().get(f"/dashboard/cycle/{cycle_id}/open-data.xlsx").content))
    assert wb.sheetnames == ["proposals", "implementation", "accounts", "indicators"]
    assert wb["implementation"]["H2"].value == "accepted"
    assert Client().get(f"/dashboard/cycle/{cycle_id}/votes.pb").status_code == 404  # hook, no voting yet
    page = Client().get(f"/dashboard/cycle/{cycle_id}/open-data/people.csv")
    assert page.status_code == 404


def test_feedback_letters_and_the_archive_freezes_the_cycle(world: World) -> None:
    impl = delivered(world, satisfied=5, basic=0)
    cycle_id = impl.proposal.cycle_id
    token = api_token_create(user=world.secretary, name="t")
    h = {"Authorization": f"Bearer {token}"}
    r = Client().post(f"/api/v1/cycles/{cycle_id}/feedback-letters", headers=h)
    assert r.status_code == 201 and r.json()["letters"] == 1
    assert "落实有回音" in Letter.objects.filter(person=world.bob.person).values_list("subject", flat=True)
    assert Client().post(f"/api/v1/cycles/{cycle_id}/feedback-letters", headers=h).status_code == 422
    before = figures(cycle_id)
    assert Client().post(f"/api/v1/cycles/{cycle_id}/archive", headers=h).status_code == 201
    with pytest.raises(Exception, match="归档"), transaction.atomic():
        delivery.expenditure_record(
            actor=world.alice,
            implementation=impl,
            amount=1,
            spent_on=date(2026, 12, 1),
            payee="x",
            voucher_ref="y",
        )
    after = figures(cycle_id)
    assert after["archived_at"] and after["delivery"] == before["delivery"]
    assert Response.objects.count() == 5


def test_the_staff_view_lists_overruns_and_overdue(world: World) -> None:
    impl = implementation(world)
    with transaction.atomic():
        delivery.milestone_add(actor=world.alice, implementation=impl, name="基础", due_on=date(2020, 1, 1))
    client = Client()
    client.force_login(world.alice)
    page = client.get(f"/dashboard/cycle/{impl.proposal.cycle_id}/staff/").content.decode()
    assert "节点逾期" in page
    page = client.get(f"/delivery/cycle/{impl.proposal.cycle_id}/").content.decode()
    assert "1 个节点逾期" in page
    charlie = Client()
    charlie.force_login(world.charlie)
    assert charlie.get(f"/dashboard/cycle/{impl.proposal.cycle_id}/staff/").status_code == 404


def second_project(world: World, cycle: Any, satisfied: int, basic: int) -> None:
    """Another delivered project in the same cycle, answered by the same beneficiaries."""
    from roundtable.delivery.models import Implementation
    from roundtable.proposals.models import Proposal
    from roundtable.proposals.testing import draft_proposal

    p = draft_proposal(world, cycle, title="健身器材更新")
    Proposal.objects.filter(pk=p.pk).update(status="selected")
    p.refresh_from_db()
    with transaction.atomic():
        impl = delivery.implementation_create(
            actor=world.alice, proposal=p, implementer="体育公司", procurement_method="three_quotes"
        )
        delivery.implementation_complete(
            actor=world.alice, implementation=impl, finish_actual=date(2026, 11, 1)
        )
        impl.panel.set([world.bob.person])
        delivery.acceptance_record(
            actor=world.bob,
            implementation=impl,
            person=world.bob.person,
            result="pass",
            notes="好",
            accepted_on=date(2026, 11, 2),
        )
        survey, _tokens = survey_open(
            actor=world.alice,
            instrument_code="satisfaction",
            title="",
            jurisdiction=world.community,
            sampling="all_beneficiaries",
            implementation=Implementation.objects.get(pk=impl.pk),
        )
    for i, inv in enumerate(list(survey.invitations.all())[: satisfied + basic]):
        with transaction.atomic():
            survey_respond(
                actor=None,
                survey=survey,
                invitation=inv,
                answers=GOOD | {"overall": 3 if i < satisfied else 2},
            )


def test_the_cycle_margin_cannot_give_back_a_hidden_project_cell(world: World) -> None:
    """Attack: cycle-wide 满意 count − the other project's published 满意 count = the hidden cell."""
    from roundtable.indicators.compute import cycle_indicators, responsiveness

    impl = delivered(world, satisfied=4, basic=10)  # project A: 满意 4 is a small cell, hidden
    second_project(world, impl.proposal.cycle, satisfied=6, basic=6)  # project B: 满意 6 shown
    cycle = impl.proposal.cycle
    figures_ = cycle_indicators(cycle)
    by_project = {p["project"]: p["counts"]["3"] for p in figures_["satisfaction"]}
    assert by_project == {"加装路灯": None, "健身器材更新": 6}
    # unguarded, the cycle-wide rate 10 of 26 would be published and 10 − 6 = 4 gives A's cell back
    raw = responsiveness(cycle)["satisfaction_rate"]
    assert (raw["numerator"], raw["denominator"]) == (10, 26)
    published = figures_["responsiveness"]["satisfaction_rate"]
    assert published == {"code": "satisfaction_rate", "suppressed": True, "method_version": 1}
