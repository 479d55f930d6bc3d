"""Demo data: for each council, one past meeting with its record and approved minutes (its resolution
funded by an approved 自治金 application), and one scheduled meeting with an agenda.
Idempotent: councils that already have meetings are skipped."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import timezone

from roundtable.councils.models import Council, Seat
from roundtable.cycles.models import Fund
from roundtable.meetings import services
from roundtable.meetings.models import FundApplication, Meeting, Resolution, Speech
from roundtable.notices.models import PublicNotice


def _members(council: Council) -> list:
    seats = Seat.objects.filter(council=council, status=Seat.Status.ACTIVE, holder__isnull=False)
    return [s.holder.person for s in seats.select_related("holder__person").order_by("pk")]


def seed_meetings() -> None:
    for council in Council.objects.filter(rulebook__isnull=False):
        if Meeting.objects.filter(council=council).exists():
            continue
        people = _members(council)
        if len(people) < 3:
            continue
        chair = people[0]
        with transaction.atomic():
            _past(council, people, chair)
        with transaction.atomic():
            services.agenda_item_propose(council, "楼道堆物整治方案", None, None)  # joins the notice's agenda
            services.meeting_schedule(
                actor=None,
                council=council,
                kind=Meeting.Kind.COUNCIL_SESSION,
                title="下月例会：楼道堆物整治方案",
                scheduled_at=timezone.now() + timedelta(days=10),
                venue="社区议事厅",
                chair=chair,
                recorder=people[1],
            )


def _past(council: Council, people: list, chair: object) -> None:
    services.agenda_item_propose(council, "3栋加装电梯", None, None)
    meeting = services.meeting_schedule(
        actor=None,
        council=council,
        kind=Meeting.Kind.COUNCIL_SESSION,
        title="上月例会：3栋加装电梯",
        scheduled_at=timezone.now() + timedelta(days=30),
        venue="社区议事厅",
        chair=chair,  # type: ignore[arg-type]
        recorder=people[1],
    )
    for p in people:
        services.attendance_checkin(actor=None, meeting=meeting, person=p)
    services.meeting_open(actor=None, meeting=meeting)
    for p, stance in ((people[1], "for"), (people[2], "against")):
        services.hand_raise(actor=None, meeting=meeting, person=p, stance=stance)
        services.speech_start(actor=None, meeting=meeting, person=p)
        services.speech_end(actor=None, meeting=meeting)
    motion = services.motion_move(actor=None, meeting=meeting, mover=people[1], text="同意3栋加装电梯")
    services.motion_second(actor=None, motion=motion, person=people[2])

    class Chair:  # the demo acts as the chair opening the vote
        pk = None
        person = chair

    vote = services.vote_open(actor=Chair(), motion=motion)
    services.vote_record_counts(actor=None, vote=vote, yes=len(people) - 2, no=1, abstain=1)
    meeting.refresh_from_db()
    motion.refresh_from_db()
    resolution = services.resolution_record(
        actor=None,
        meeting=meeting,
        item=meeting.current_item,  # type: ignore[arg-type]
        motion=motion,
        text="同意3栋加装电梯，委托物业公司提交方案",
        action="提交电梯加装方案",
        responsible_unit="物业公司",
        supervisor="居务监督委员会",
        due_on=timezone.localdate() + timedelta(days=30),
    )
    _self_gov_application(council, resolution)
    meeting = services.meeting_close(actor=None, meeting=meeting)
    minutes = services.minutes_draft(actor=None, meeting=meeting)
    services.minutes_approve(actor=None, minutes=minutes, signatories=f"{chair.display_name}（主持人）")  # type: ignore[attr-defined]
    services.minutes_publish(actor=None, minutes=minutes)
    # move the record a month back, so the demo shows a past meeting
    back = timedelta(days=60)
    Meeting.objects.filter(pk=meeting.pk).update(
        scheduled_at=meeting.scheduled_at - back,
        opened_at=meeting.opened_at - back,
        closed_at=meeting.closed_at - back,  # type: ignore[operator]
    )
    Speech.objects.filter(item__meeting=meeting).update(duration_s=95)
    held = meeting.scheduled_at - back
    PublicNotice.objects.filter(source=f"meetings.meeting:{meeting.pk}").update(
        posted_at=models.F("posted_at") - back
    )
    FundApplication.objects.filter(resolution__meeting=meeting).update(
        applied_at=held + timedelta(days=2), decided_at=held + timedelta(days=9)
    )


def _self_gov_application(council: Council, resolution: Resolution) -> None:
    """The social worker applies for 自治金 for the design study; the secretary approves it."""
    users = get_user_model().objects
    shegong, shuji = users.filter(username="shegong").first(), users.filter(username="shuji").first()
    if shegong is None or shuji is None:
        return
    year = timezone.localdate().year
    fund, _created = Fund.objects.get_or_create(
        name=f"{year}年{council.jurisdiction.name}自治金",
        source=Fund.Source.SELF_GOVERNANCE,
        jurisdiction=council.jurisdiction,
        fiscal_year=year,
        defaults={"amount_total": 50000},
    )
    application = services.fund_application_submit(
        actor=shegong,
        resolution=resolution,
        fund=fund,
        amount=8000,
        purpose="委托设计单位出具3栋加装电梯可行性方案",
    )
    services.fund_application_decide(
        actor=shuji, application=application, approve=True, reason="符合自治金使用范围，经两委会议同意"
    )
