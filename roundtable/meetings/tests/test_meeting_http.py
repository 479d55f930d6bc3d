"""A meeting driven through the console's URLs: quorum, the floor, motions, votes, lapse."""

from datetime import timedelta

import pytest
from django.utils import timezone

from roundtable.audit.models import AuditEntry
from roundtable.councils.models import Council, Seat, StaffAlert
from roundtable.meetings import procedure
from roundtable.meetings.models import Meeting, Motion, Speech, Vote
from roundtable.meetings.testing import Console, body_with_meeting, staff_client
from roundtable.testing import World

pytestmark = pytest.mark.django_db

ALL_KINDS = [k.value for k in Council.Type]


def opened(world: World, present: int, seats: int = 9, **params: object) -> tuple[Console, list]:
    meeting, people = body_with_meeting(world, seats=seats, **params)
    con = Console(meeting)
    con.do("agenda", title="1栋加装电梯")
    con.checkin(*people[:present])
    con.do("open")
    return con, people


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_no_vote_opens_without_quorum_for_every_body_kind(world: World, kind: str) -> None:
    # 10 seats: councils need ≥ 2/3 (7); the residents' meeting and owners' assembly > 1/2 (6)
    needed = 6 if kind in procedure.RESIDENTS_MEETING_KINDS else 7
    meeting, people = body_with_meeting(world, seats=10, type=kind)
    con = Console(meeting)
    con.do("agenda", title="议题")
    con.checkin(*people[: needed - 1])
    con.do("open")
    motion = con.carry_motion(people[0], people[1])
    msgs = con.do("vote_open", motion=motion.pk)
    assert any("未达到法定人数" in m and f"至少需要 {needed} 人" in m for m in msgs), msgs
    assert not Vote.objects.exists() and Motion.objects.get().status == Motion.Status.SECONDED
    con.checkin(people[needed - 1])
    assert con.do("vote_open", motion=motion.pk) == ["开始表决。"]
    assert Vote.objects.get().present == needed


# 6 yes, 2 no, 1 abstain; 9 of 10 present
EXPECTED = {
    "simple": "passed",
    "majority_of_present": "passed",  # 6 > 9/2
    "majority_of_members": "passed",  # 6 > 10/2
    "two_thirds": "passed",  # 6 >= 2/3 of 9
}
EXPECTED_5 = {  # 5 yes, 2 no, 2 abstain
    "simple": "passed",
    "majority_of_present": "passed",  # 5 > 4.5
    "majority_of_members": "failed",  # 5 is not > 5
    "two_thirds": "failed",  # 5 < 6
}


@pytest.mark.parametrize("kind", ALL_KINDS)
@pytest.mark.parametrize("rule", list(EXPECTED_5))
def test_pass_rule_of_each_body(world: World, kind: str, rule: str) -> None:
    con, people = opened(world, 9, seats=10, type=kind, pass_rule_council=rule)
    con.carry_motion(people[0], people[1])
    con.do("vote_open", motion=con.motion().pk)
    msgs = con.do("vote_counts", vote=con.vote().pk, yes=5, no=2, abstain=2)
    vote = Vote.objects.get()
    assert vote.result == EXPECTED_5[rule] == con.motion().result
    oracle = procedure.vote_outcome(
        yes=5,
        no=2,
        abstain=2,
        present=9,
        members=10,
        pass_rule=rule,
        abstention_handling="counted_as_present",
        tie_rule="fails",
    )
    assert oracle.result == vote.result
    assert msgs == [f"表决结果：{'通过' if vote.result == 'passed' else '未通过'}"]
    page = con.client.get(f"/meetings/m/{con.meeting.pk}/").content.decode()
    assert "依据：" in page  # the room shows the rule that decided


@pytest.mark.parametrize("kind", ALL_KINDS)
@pytest.mark.parametrize(
    ("tie_rule", "expect"), [("fails", "failed"), ("chair_casts", "needs_chair"), ("revote", "revote")]
)
def test_tie_rule_of_each_body(world: World, kind: str, tie_rule: str, expect: str) -> None:
    con, people = opened(world, 9, seats=9, type=kind, pass_rule_council="simple", tie_rule=tie_rule)
    motion = con.carry_motion(people[0], people[1])
    con.do("vote_open", motion=motion.pk)
    con.do("vote_counts", vote=con.vote().pk, yes=4, no=4, abstain=1)
    motion.refresh_from_db()
    if expect == "failed":
        assert motion.result == "failed" and Vote.objects.get().decided_by == "tie_rule"
    elif expect == "needs_chair":
        assert Vote.objects.get().result == "needs_chair" and motion.status == Motion.Status.VOTING
        assert con.do("chair_cast", vote=con.vote().pk, choice="yes") == ["表决结果：通过"]
        motion.refresh_from_db()
        assert motion.result == "passed"
    else:  # revote: the motion is back on the floor, ready for a fresh vote
        assert not Vote.objects.exists() and motion.status == Motion.Status.SECONDED
        con.do("vote_open", motion=motion.pk)
        con.do("vote_counts", vote=con.vote().pk, yes=5, no=4, abstain=0)
        motion.refresh_from_db()
        assert motion.result == "passed"


def test_first_time_speakers_first_turn_limit_and_out_of_turn(world: World) -> None:
    con, people = opened(world, 7, speeches_per_person_per_motion=2, alternate_sides=False)
    a, b, c = people[:3]
    con.do("hand", person=a.pk, stance="for")
    con.do("speak", person=a.pk)
    con.do("end_speech")
    con.do("hand", person=a.pk, stance="for")  # a again, before b raises a hand
    con.do("hand", person=b.pk, stance="against")
    msgs = con.do("speak", person=a.pk)  # b has not spoken yet: b goes first
    assert any(f"还没轮到 {a.display_name}" in m and b.display_name in m for m in msgs), msgs
    con.do("speak", person=b.pk)
    con.do("end_speech")
    con.do("speak", person=a.pk)
    con.do("end_speech")
    con.do("hand", person=a.pk, stance="for")
    con.do("hand", person=c.pk, stance="for")
    msgs = con.do("speak", person=a.pk)
    assert any("已发言 2 次" in m and "最多 2 次" in m for m in msgs), msgs
    assert Speech.objects.filter(person=a).count() == 2
    con.do("speak", person=c.pk)
    assert Speech.objects.filter(ended_at__isnull=True).get().person == c
    # c is speaking: nobody else can be given the floor
    assert any("还有人在发言" in m for m in con.do("speak", person=b.pk))


def test_amendment_to_a_withdrawn_motion_is_refused(world: World) -> None:
    con, people = opened(world, 7)
    motion = con.carry_motion(people[0], people[1])
    con.do("withdraw", motion=motion.pk)
    msgs = con.do("move", person=people[2].pk, text="改为加装两部电梯", amends=motion.pk)
    assert any("已经撤回" in m for m in msgs)
    assert Motion.objects.count() == 1


def test_an_adopted_amendment_rewrites_the_motion(world: World) -> None:
    con, people = opened(world, 7)
    motion = con.carry_motion(people[0], people[1], text="同意加装电梯")
    con.do("move", person=people[2].pk, text="同意加装电梯，费用按楼层分摊", amends=motion.pk)
    amendment = con.motion()
    assert any("修正案" in m for m in con.do("vote_open", motion=motion.pk))
    con.do("second", motion=amendment.pk, person=people[3].pk)
    con.do("vote_open", motion=amendment.pk)
    con.do("vote_counts", vote=con.vote().pk, yes=6, no=1, abstain=0)
    motion.refresh_from_db()
    assert motion.text == "同意加装电梯，费用按楼层分摊" and motion.status == Motion.Status.SECONDED


def test_only_the_chair_opens_a_vote(world: World) -> None:
    con, people = opened(world, 7)
    motion = con.carry_motion(people[0], people[1])
    alice = Console(
        con.meeting, client=__import__("roundtable.meetings.testing", fromlist=["x"]).staff_client("alice")
    )
    assert any("只有会议主持人" in m for m in alice.do("vote_open", motion=motion.pk))


def test_counts_more_than_present_refused(world: World) -> None:
    con, people = opened(world, 7)
    con.carry_motion(people[0], people[1])
    con.do("vote_open", motion=con.motion().pk)
    msgs = con.do("vote_counts", vote=con.vote().pk, yes=5, no=2, abstain=1)
    assert any("超过到会有表决权的 7 人" in m for m in msgs)
    assert Vote.objects.get().closed_at is None


def test_seat_lapses_after_the_rulebooks_absences(world: World) -> None:
    from roundtable.meetings.testing import called_meeting

    meeting, people = body_with_meeting(world, seats=6, absence_limit=2)
    absentee = people[-1]
    for n in range(2):
        m = meeting if n == 0 else called_meeting(world, meeting.council, title=f"第{n + 1}次")
        con = Console(m)
        con.checkin(*people[:-1])
        con.do("open")
        con.do("close")
        assert Meeting.objects.get(pk=m.pk).status == Meeting.Status.CLOSED
    seat = Seat.objects.get(holder__person=absentee)
    assert seat.status == Seat.Status.LAPSED and seat.absences_unexcused == 2
    assert StaffAlert.objects.filter(kind=StaffAlert.Kind.SEAT_LAPSED).count() == 1
    assert Seat.objects.filter(status=Seat.Status.ACTIVE).count() == 5
    assert AuditEntry.objects.filter(action="seat.lapse").count() == 1


def test_notice_days_or_an_urgent_reason(world: World) -> None:
    from roundtable.councils.testing import make_council

    council = make_council(world, seats=5)
    from roundtable.meetings.testing import staff_client

    client = staff_client()
    r = client.post(
        "/meetings/",
        {
            "council": council.pk,
            "kind": "council_session",
            "title": "临时会议",
            "scheduled_at": f"{timezone.localdate().isoformat()}T23:59",
            "venue": "议事厅",
        },
        follow=True,
    )
    assert "提前 3 天" in r.content.decode() and not Meeting.objects.exists()
    r = client.post(
        "/meetings/",
        {
            "council": council.pk,
            "kind": "council_session",
            "title": "临时会议",
            "scheduled_at": f"{timezone.localdate().isoformat()}T23:59",
            "venue": "议事厅",
            "urgent_reason": "暴雨积水需立即处置",
        },
        follow=True,
    )
    assert Meeting.objects.get().urgent_reason == "暴雨积水需立即处置"


def test_another_communitys_worker_gets_404(world: World) -> None:
    from roundtable.meetings.testing import staff_client

    con, _people = opened(world, 7)
    charlie = staff_client("charlie")
    assert charlie.get(f"/meetings/m/{con.meeting.pk}/").status_code == 404
    assert charlie.post(f"/meetings/m/{con.meeting.pk}/do/close/").status_code == 404


def test_calling_a_meeting_posts_its_notice_with_the_agenda(world: World) -> None:
    from django.test import Client

    from roundtable.councils.testing import make_council
    from roundtable.meetings.services import agenda_item_propose
    from roundtable.notices.models import PublicNotice

    council = make_council(world, seats=5)
    agenda_item_propose(council, "3栋楼道堆物清理", None, world.secretary)
    staff = staff_client()
    at = timezone.localtime() + timedelta(days=8)
    r = staff.post(
        "/meetings/",
        {
            "council": council.pk,
            "kind": "council_session",
            "title": "十二月例会",
            "scheduled_at": at.strftime("%Y-%m-%dT%H:%M"),
            "venue": "社区议事厅",
        },
        follow=True,
    )
    assert "已发布会议通知。" in [str(m) for m in r.context["messages"]]
    notice = PublicNotice.objects.get()
    meeting = Meeting.objects.get()
    assert notice.type == PublicNotice.Type.MEETING and notice.jurisdiction == world.community
    assert notice.source == f"meetings.meeting:{meeting.pk}" and notice.title == "会议通知：十二月例会"
    assert "1. 3栋楼道堆物清理" in notice.body and "社区议事厅" in notice.body
    assert notice.period_days == 8 and notice.objection_deadline is None
    assert "会议通知：十二月例会" in Client().get("/notices/").content.decode()
    console = staff.get(f"/meetings/m/{meeting.pk}/").content.decode()
    assert f"/notices/{notice.pk}/" in console

    # an item added before the meeting is announced as a supplement; the first notice stays as posted
    Console(meeting, staff).do("agenda", title="电动车充电棚选址")
    supplement = PublicNotice.objects.exclude(pk=notice.pk).get()
    assert supplement.title == "会议议程补充：十二月例会" and "电动车充电棚选址" in supplement.body
    notice.refresh_from_db()
    assert "电动车充电棚选址" not in notice.body

    # a phone number cannot go into a public notice: the meeting is not called either
    r = staff.post(
        "/meetings/",
        {
            "council": council.pk,
            "kind": "council_session",
            "title": "联系13912345678",
            "scheduled_at": at.strftime("%Y-%m-%dT%H:%M"),
            "venue": "社区议事厅",
        },
        follow=True,
    )
    assert "公示中不能出现手机号，请删去后再发布。" in [str(m) for m in r.context["messages"]]
    assert Meeting.objects.count() == 1 and PublicNotice.objects.count() == 2


def test_proxy_checkin_on_the_console(world: World) -> None:
    meeting, people = body_with_meeting(world, seats=5, proxies_allowed=True)
    con = Console(meeting)
    page = con.client.get(f"/meetings/m/{meeting.pk}/").content.decode()
    assert 'name="proxy_for"' in page
    assert con.do("checkin", person=people[0].pk, proxy_for=people[1].pk) == ["已签到。"]
    assert con.do("checkin", person=people[2].pk, proxy_for=people[0].pk) == [
        "委托人本人已到会，不能再委托。"
    ]
    assert con.do("checkin", person=people[2].pk, proxy_for="") == ["已签到。"]
    page = con.client.get(f"/meetings/m/{meeting.pk}/").content.decode()
    assert f"受 {people[1].display_name} 委托" in page
    assert con.client.get(f"/api/v1/meetings/{meeting.pk}/room").json()["quorum_present"] == 3
    con.do("open")
    con.do("close")
    absent = {s.holder.person_id for s in Seat.objects.filter(council=meeting.council, absences_unexcused=1)}
    assert absent == {people[3].pk, people[4].pk}  # the member who sent a proxy is not absent

    plain, members = body_with_meeting(world, seats=3)
    plain_con = Console(plain)
    assert 'name="proxy_for"' not in plain_con.client.get(f"/meetings/m/{plain.pk}/").content.decode()
    msgs = plain_con.do("checkin", person=members[0].pk, proxy_for=members[1].pk)
    assert msgs == ["本机构的议事规则不允许委托投票。"]
    assert not plain.attendance.exists()
