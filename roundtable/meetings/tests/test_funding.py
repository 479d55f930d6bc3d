"""Money for a resolution (DOMAIN.md A, I4): it feeds a PB pool as an idea in a cycle collecting
ideas, or applies for 自治金 and is approved or rejected. Every refusal leaves nothing written."""

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from roundtable.audit.models import AuditEntry
from roundtable.councils.models import Council
from roundtable.cycles.models import Cycle, Fund, Phase
from roundtable.cycles.services import cycle_create, cycle_start, phase_set, pool_create
from roundtable.cycles.testing import adopted_rulebook, running_cycle
from roundtable.ideas.models import Idea
from roundtable.ideas.testing import bob_idea
from roundtable.meetings import services
from roundtable.meetings.models import FundApplication, Resolution
from roundtable.meetings.testing import body_with_meeting, staff_client
from roundtable.people.models import Role
from roundtable.testing import World, make_staff

pytestmark = pytest.mark.django_db


def issue_resolution(world: World, cycle: Cycle, text: str = "修复1栋门口路灯") -> Resolution:
    """Bob's idea goes to a round table, which resolves to act on it."""
    idea = bob_idea(world, cycle)
    meeting, _people = body_with_meeting(world, seats=5, type=Council.Type.ROUND_TABLE)
    item = services.agenda_item_propose(meeting.council, idea.problem, idea, world.secretary)
    return services.resolution_record(
        actor=world.secretary,
        meeting=meeting,
        item=item,
        text=text,
        action="更换路灯",
        responsible_unit="社区居委会",
        due_on=timezone.localdate() + timedelta(days=30),
    )


def cycle_of(world: World, place: Any, *, intake_open: bool = True) -> Cycle:
    cycle = cycle_create(
        actor=world.secretary, name=f"{place.name}微实事", jurisdiction=place, rulebook=adopted_rulebook(None)
    )
    pool_create(actor=world.secretary, cycle=cycle, level="community", jurisdiction=place, amount=100000)
    now = timezone.now()
    opens, closes = (now - timedelta(days=1), now + timedelta(days=5))
    if not intake_open:
        opens, closes = now - timedelta(days=9), now - timedelta(days=2)
    phase_set(actor=world.secretary, cycle=cycle, kind=Phase.Kind.INTAKE, opens_at=opens, closes_at=closes)
    return cycle_start(actor=world.secretary, cycle=cycle)


def self_gov_fund(place: Any, amount: int = 20000, **kw: Any) -> Fund:
    return Fund.objects.create(
        name=kw.pop("name", f"{place.name}自治金"),
        source=kw.pop("source", Fund.Source.SELF_GOVERNANCE),
        jurisdiction=place,
        fiscal_year=2026,
        amount_total=amount,
    )


def post(client: Client, res: Resolution, **data: Any) -> list[str]:
    r = client.post(f"/meetings/resolutions/{res.pk}/", {k: str(v) for k, v in data.items()}, follow=True)
    assert r.status_code == 200, r.status_code
    return [str(m) for m in r.context["messages"]]


def page(client: Client, res: Resolution) -> str:
    return client.get(f"/meetings/resolutions/{res.pk}/").content.decode()


# ---------------------------------------------------------------- feeding a PB pool
def test_refer_to_cycle_makes_a_round_table_idea_in_the_residents_name(world: World) -> None:
    cycle = running_cycle(world)
    res = issue_resolution(world, cycle)
    alice = staff_client("alice")
    assert "转为点子" in page(alice, res)
    before = Idea.objects.count()
    msgs = post(alice, res, do="refer", cycle=cycle.pk)
    res.refresh_from_db()
    idea = res.idea
    assert msgs == [f"已转入参与式预算，点子受理编号 {idea.ack_number}。"]
    assert Idea.objects.count() == before + 1
    assert idea.channel == Idea.Channel.ROUND_TABLE and idea.cycle == cycle
    assert idea.submitter == world.bob.person and idea.entered_by == world.alice
    assert idea.community == world.community and idea.location == world.building
    assert "修复1栋门口路灯" in idea.problem and idea.status == Idea.Status.RECEIVED
    assert AuditEntry.objects.filter(action="resolution.refer_pb").count() == 1

    shown = page(alice, res)
    assert f"点子受理编号 {idea.ack_number}" in shown and "转为点子" not in shown
    bob = Client()
    bob.force_login(world.bob)
    assert idea.ack_number in bob.get("/meetings/my/resolutions/").content.decode()

    # referred once only, and no 自治金 on top of it
    assert "不能重复转入" in post(alice, res, do="refer", cycle=cycle.pk)[0]
    fund = self_gov_fund(world.community)
    assert (
        "不能重复转入或另行申请自治金"
        in post(alice, res, do="apply", fund=fund.pk, amount=100, purpose="x")[0]
    )
    assert Idea.objects.count() == before + 1 and not FundApplication.objects.exists()


def test_refer_refused_outside_intake_or_for_another_community(world: World) -> None:
    open_cycle = running_cycle(world)
    res = issue_resolution(world, open_cycle)
    ideas = Idea.objects.count()
    closed = cycle_of(world, world.community, intake_open=False)
    msg = post(staff_client("alice"), res, do="refer", cycle=closed.pk)[0]
    assert "点子征集" in msg and "截止" in msg

    elsewhere = cycle_of(world, world.other_community)
    # alice's scope does not reach the other community's cycle: the same 404 as a missing one
    assert (
        staff_client("alice")
        .post(f"/meetings/resolutions/{res.pk}/", {"do": "refer", "cycle": elsewhere.pk})
        .status_code
        == 404
    )
    make_staff("jiedao", Role.STREET_OFFICIAL, world.street)
    msg = post(staff_client("jiedao"), res, do="refer", cycle=elsewhere.pk)[0]
    assert "不包括本决议所在的 甲社区" in msg
    res.refresh_from_db()
    assert res.idea is None and Idea.objects.count() == ideas
    assert not AuditEntry.objects.filter(action="resolution.refer_pb").exists()

    # a street-wide cycle covers the community and is accepted
    street_cycle = cycle_of(world, world.street)
    assert post(staff_client("jiedao"), res, do="refer", cycle=street_cycle.pk)[0].startswith("已转入")


def test_refer_needs_a_resident_to_carry_the_idea(world: World) -> None:
    cycle = running_cycle(world)
    meeting, _people = body_with_meeting(world, seats=5, type=Council.Type.ROUND_TABLE)
    item = services.agenda_item_add(actor=world.secretary, meeting=meeting, title="楼道照明")
    res = services.resolution_record(
        actor=world.secretary,
        meeting=meeting,
        item=item,
        text="加装楼道灯",
        action="加装",
        responsible_unit="物业",
        due_on=timezone.localdate(),
    )
    msg = post(staff_client("alice"), res, do="refer", cycle=cycle.pk)[0]
    assert "无法以居民名义提交点子" in msg
    post(staff_client("alice"), res, do="close", feedback="已由物业加装")
    assert (
        post(staff_client("alice"), res, do="refer", cycle=cycle.pk)[0]
        == "这项决议已经办结，不能再申请经费。"
    )
    assert Resolution.objects.get().idea is None


def test_refer_through_the_api(world: World) -> None:
    cycle = running_cycle(world)
    res = issue_resolution(world, cycle)
    c = staff_client("alice")
    url = f"/api/v1/resolutions/{res.pk}/refer"
    r = c.post(url, {"cycle_id": str(cycle.pk)}, content_type="application/json")
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["idea_ack_number"] == Idea.objects.get(pk=body["idea_id"]).ack_number
    assert body["money"].startswith("转入参与式预算")
    r = c.post(url, {"cycle_id": str(cycle.pk)}, content_type="application/json")
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "cycle"
    other = cycle_of(world, world.other_community)
    assert c.post(url, {"cycle_id": str(other.pk)}, content_type="application/json").status_code == 404


# ---------------------------------------------------------------- a 自治金 application
def test_self_gov_fund_application_approved_by_another_staff_member(world: World) -> None:
    res = issue_resolution(world, running_cycle(world))
    fund = self_gov_fund(world.community, 20000)
    alice, secretary = staff_client("alice"), staff_client("secretary")
    shown = page(alice, res)
    assert "申请自治金" in shown and "剩余 20000 元" in shown
    assert post(alice, res, do="apply", fund=fund.pk, amount=12000, purpose="更换路灯两盏") == [
        "已提交自治金申请，等待审批。"
    ]
    application = FundApplication.objects.get()
    assert application.status == FundApplication.Status.SUBMITTED and application.applied_by == world.alice
    assert "已申请，待审批" in page(alice, res)

    # alice (social worker) may apply but not approve
    assert "没有审批" in post(alice, res, do="approve", application=application.pk)[0]
    assert 'value="approve"' not in page(alice, res) and 'value="approve"' in page(secretary, res)
    assert post(secretary, res, do="approve", application=application.pk, reason="符合自治金用途") == [
        "已批准。"
    ]
    application.refresh_from_db()
    assert application.status == FundApplication.Status.APPROVED and application.decided_by == world.secretary
    assert "不能重复审批" in post(secretary, res, do="reject", application=application.pk, reason="改主意")[0]
    application.refresh_from_db()
    assert application.status == FundApplication.Status.APPROVED

    shown = page(alice, res)
    assert "申请自治金：甲社区自治金 12000 元（已批准）" in shown and "提交申请" not in shown
    bob = Client()
    bob.force_login(world.bob)
    assert "甲社区自治金 12000 元（已批准）" in bob.get("/meetings/my/resolutions/").content.decode()
    actions = list(
        AuditEntry.objects.filter(action__startswith="fund_application").values_list("action", flat=True)
    )
    assert sorted(actions) == ["fund_application.decide", "fund_application.submit"]


def test_application_refusals_write_nothing(world: World) -> None:
    res = issue_resolution(world, running_cycle(world))
    fund = self_gov_fund(world.community, 20000)
    micro = self_gov_fund(world.community, 90000, name="微实事资金", source=Fund.Source.LIVELIHOOD_MICRO)
    alice = staff_client("alice")

    def apply(**data: Any) -> str:
        return post(alice, res, do="apply", **({"fund": fund.pk, "amount": 1000, "purpose": "路灯"} | data))[
            0
        ]

    assert apply(amount=0) == "申请金额必须大于 0 元。"
    assert apply(amount=-5) == "申请金额必须大于 0 元。"
    assert apply(amount="一千") == "请填写整数。"
    assert "只剩 20000 元" in apply(amount=20001)
    assert apply(purpose="  ") == "请写明经费用途。"
    assert "不是自治金" in apply(fund=micro.pk)
    other = self_gov_fund(world.other_community)
    assert (
        alice.post(
            f"/meetings/resolutions/{res.pk}/",
            {"do": "apply", "fund": other.pk, "amount": 10, "purpose": "x"},
        ).status_code
        == 404
    )
    make_staff("jiedao", Role.STREET_OFFICIAL, world.street)
    msg = post(staff_client("jiedao"), res, do="apply", fund=other.pk, amount=10, purpose="x")[0]
    assert "不覆盖本决议所在的" in msg
    assert not FundApplication.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="fund_application").exists()

    # one live application at a time; none once the resolution is closed
    assert apply(amount=5000).startswith("已提交")
    assert "不能再转入参与式预算或重复申请" in apply(amount=100)
    cycle = Cycle.objects.get()
    assert "不能再转入参与式预算" in post(alice, res, do="refer", cycle=cycle.pk)[0]
    assert FundApplication.objects.count() == 1 and Resolution.objects.get().idea is None


def test_rejection_needs_a_reason_and_frees_the_resolution_and_the_fund(world: World) -> None:
    cycle = running_cycle(world)
    res = issue_resolution(world, cycle)
    fund = self_gov_fund(world.community, 20000)
    secretary = staff_client("secretary")
    post(secretary, res, do="apply", fund=fund.pk, amount=15000, purpose="路灯")
    application = FundApplication.objects.get()
    assert "申请人不能审批自己提交的申请" in post(secretary, res, do="approve", application=application.pk)[0]
    make_staff("zhuren", Role.RC_DIRECTOR, world.community)
    director = staff_client("zhuren")
    assert post(director, res, do="reject", application=application.pk, reason=" ")[0].startswith(
        "不批准时请写明理由"
    )
    application.refresh_from_db()
    assert application.status == FundApplication.Status.SUBMITTED and application.decided_at is None
    assert post(director, res, do="reject", application=application.pk, reason="路灯属物业维修范围") == [
        "已记录不批准的理由。"
    ]
    assert "15000 元（未批准），审批意见：路灯属物业维修范围" in page(secretary, res)
    # the rejected 15000 no longer counts against the fund; the resolution may try again, or go to PB
    assert "剩余 20000 元" in page(secretary, res)
    assert post(secretary, res, do="refer", cycle=cycle.pk)[0].startswith("已转入")


def test_fund_remaining_counts_pending_and_approved_applications(world: World) -> None:
    cycle = running_cycle(world)
    first = issue_resolution(world, cycle, text="修路灯")
    second = issue_resolution(world, cycle, text="修台阶")
    fund = self_gov_fund(world.community, 20000)
    alice = staff_client("alice")
    post(alice, first, do="apply", fund=fund.pk, amount=12000, purpose="路灯")
    msg = post(alice, second, do="apply", fund=fund.pk, amount=9000, purpose="台阶")[0]
    assert msg == "“甲社区自治金”总额 20000 元，已申请或批准 12000 元，只剩 8000 元，申请的 9000 元超出了。"
    assert post(alice, second, do="apply", fund=fund.pk, amount=8000, purpose="台阶")[0].startswith("已提交")
    assert services.fund_remaining(fund) == 0


def test_fund_application_through_the_api(world: World) -> None:
    res = issue_resolution(world, running_cycle(world))
    fund = self_gov_fund(world.community, 20000)
    alice, secretary = staff_client("alice"), staff_client("secretary")

    def call(client: Client, url: str, **data: Any) -> tuple[int, Any]:
        r = client.post(f"/api/v1{url}", data, content_type="application/json")
        return r.status_code, r.json()

    url = f"/resolutions/{res.pk}/fund-applications"
    code, body = call(alice, url, fund_id=str(fund.pk), amount=0, purpose="路灯")
    assert code == 422 and body["detail"] == [
        {"field": "amount", "message": "申请金额必须大于 0 元。", "code": ""}
    ]
    code, body = call(alice, url, fund_id=str(fund.pk), amount=3000, purpose="路灯")
    assert code == 201 and body["status"] == "submitted"
    decide = f"/fund-applications/{body['id']}/decide"
    code, err = call(alice, decide, approve=True)
    assert code == 422 and "没有审批" in err["detail"][0]["message"]
    code, err = call(secretary, decide, approve=False)
    assert code == 422 and err["detail"][0]["field"] == "reason"
    code, done = call(secretary, decide, approve=True, reason="同意")
    assert code == 200 and done["status"] == "approved"
    detail = alice.get(f"/api/v1/resolutions/{res.pk}").json()
    assert detail["money"] == "申请自治金：甲社区自治金 3000 元（已批准），审批意见：同意"
    assert [a["amount"] for a in detail["fund_applications"]] == [3000]
    assert staff_client("charlie").get(f"/api/v1/resolutions/{res.pk}").status_code == 404
    assert call(staff_client("charlie"), decide, approve=True)[0] == 404


def test_demo_past_resolution_has_an_approved_self_gov_application(world: World) -> None:
    from roundtable.councils.testing import make_council
    from roundtable.meetings.demo import seed_meetings
    from roundtable.meetings.models import Meeting

    make_staff("shegong", Role.SOCIAL_WORKER, world.community)
    make_staff("shuji", Role.COMMUNITY_SECRETARY, world.community)
    make_council(world, seats=7)
    seed_meetings()
    seed_meetings()  # idempotent
    application = FundApplication.objects.get()
    past = Meeting.objects.get(status=Meeting.Status.CLOSED)
    assert application.status == FundApplication.Status.APPROVED and application.resolution.meeting == past
    assert past.scheduled_at < application.applied_at < application.decided_at < timezone.now()
    assert application.fund.source == Fund.Source.SELF_GOVERNANCE
