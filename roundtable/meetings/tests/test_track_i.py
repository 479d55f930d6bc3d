"""Track I: an idea from intake goes to the round table, a department is assigned with a
deadline, it runs overdue, is closed with feedback, the resident rates it, the three rates move."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from roundtable.councils.models import Council, StaffAlert
from roundtable.cycles.testing import running_cycle
from roundtable.ideas.testing import bob_idea
from roundtable.meetings.models import AgendaItem, Minutes, Resolution
from roundtable.meetings.testing import Console, body_with_meeting, staff_client
from roundtable.testing import World

pytestmark = pytest.mark.django_db


def rates(client: Client) -> tuple[str, str, str]:
    page = client.get("/meetings/resolutions/")
    r = page.context["rates"]
    return (r.response_rate, r.resolution_rate, r.satisfaction_rate)


def test_issue_to_resolution_to_rating(world: World) -> None:
    idea = bob_idea(world, running_cycle(world))
    meeting, people = body_with_meeting(world, seats=7, type=Council.Type.ROUND_TABLE)
    staff = staff_client()
    r = staff.post("/meetings/issues/", {"idea": idea.pk, "council": meeting.council.pk}, follow=True)
    assert "已列入" in r.content.decode()
    item = AgendaItem.objects.get(source_id=str(idea.pk))
    assert item.meeting == meeting and item.source == idea and item.submitter == world.bob.person

    con = Console(meeting, staff)
    con.checkin(*people)
    con.do("open")
    motion = con.carry_motion(people[0], people[1], text="请街道城管科一周内修好路灯")
    con.do("vote_open", motion=motion.pk)
    con.do("vote_counts", vote=con.vote().pk, yes=7, no=0, abstain=0)
    due = timezone.localdate() + timedelta(days=7)
    msgs = con.do(
        "resolution",
        item=item.pk,
        motion=motion.pk,
        text="修复1栋门口路灯",
        action="修复路灯",
        responsible_unit="街道城管科",
        supervisor="居务监督委员会",
        due_on=due.isoformat(),
    )
    assert msgs == ["决议已记录。"]
    res = Resolution.objects.get()
    assert rates(staff) == (0.0, None, None)

    # the deadline passes: flagged overdue on the staff page, with an alert
    Resolution.objects.filter(pk=res.pk).update(due_on=timezone.localdate() - timedelta(days=1))
    page = staff.get("/meetings/resolutions/").content.decode()
    assert "已逾期" in page and "决议逾期" in page
    assert (
        StaffAlert.objects.filter(kind=StaffAlert.Kind.RESOLUTION_OVERDUE, resolved_at__isnull=True).count()
        == 1
    )
    assert rates(staff) == (0.0, 0.0, None)

    # closed with feedback: the alert ends, the resident is told and rates it
    staff.post(f"/meetings/resolutions/{res.pk}/", {"do": "close", "feedback": "路灯已更换"})
    res.refresh_from_db()
    assert res.status == Resolution.Status.CLOSED
    assert not StaffAlert.objects.filter(resolved_at__isnull=True).exists()
    assert rates(staff) == (100.0, 100.0, None)
    bob = Client()
    bob.force_login(world.bob)
    assert "路灯已更换" in bob.get("/meetings/my/resolutions/").content.decode()
    bob.post("/meetings/my/resolutions/", {"resolution": res.pk, "rating": "satisfied"})
    assert rates(staff) == (100.0, 100.0, 100.0)
    r = bob.post("/meetings/my/resolutions/", {"resolution": res.pk, "rating": "unsatisfied"}, follow=True)
    assert "已经评价过" in r.content.decode()
    assert Resolution.objects.get().rating == "satisfied"


def test_minutes_generated_approved_once_and_published_masked(world: World) -> None:
    meeting, people = body_with_meeting(world, seats=7)
    con = Console(meeting)
    con.do("agenda", title="楼道堆物清理")
    con.checkin(*people)
    con.do("open")
    con.do("hand", person=people[0].pk, stance="for")
    con.do("speak", person=people[0].pk)
    con.do("close")
    url = f"/meetings/m/{meeting.pk}/minutes/"
    con.client.post(url, {"do": "draft"})
    minutes = Minutes.objects.get()
    assert people[0].display_name in minutes.text_md and "达到" in minutes.text_md
    con.client.post(url, {"do": "approve", "signatories": "主持人 记录人"})
    r = con.client.post(url, {"do": "approve", "signatories": "又一次"}, follow=True)
    assert "不能重复审定" in r.content.decode()
    assert Minutes.objects.get().signatories == "主持人 记录人"
    con.client.post(url, {"do": "publish"})
    public = Client().get(f"/meetings/m/{meeting.pk}/minutes/public/").content.decode()
    assert people[0].display_name not in public and people[0].display_name[0] + "*" in public
    pdf = con.client.get(f"/meetings/m/{meeting.pk}/minutes.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content[:4] == b"%PDF"
    q = con.client.get(f"/meetings/m/{meeting.pk}/quality/")
    assert q.context["q"].distinct_speakers == 1
    assert all(n is None for _label, n, _s in q.context["q"].by_gender)  # a group of 1 is suppressed


def test_demo_has_a_past_meeting_with_minutes_and_a_scheduled_one(world: World) -> None:
    from roundtable.councils.testing import make_council
    from roundtable.meetings.demo import seed_meetings

    make_council(world, seats=7)
    seed_meetings()
    seed_meetings()  # idempotent
    from roundtable.meetings.models import Meeting

    past = Meeting.objects.get(status=Meeting.Status.CLOSED)
    assert past.scheduled_at < timezone.now() and past.minutes.status == Minutes.Status.PUBLISHED
    assert "委托物业公司提交方案" in past.minutes.text_md
    upcoming = Meeting.objects.get(status=Meeting.Status.SCHEDULED)
    assert upcoming.agenda.count() == 1
