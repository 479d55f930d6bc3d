"""Meeting endpoints: the same services and access checks as the console and staff pages."""

from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Schema

from roundtable.accounts.auth import ANY_AUTH
from roundtable.councils.access import access_council_by_id
from roundtable.cycles.access import access_cycle_by_id
from roundtable.lib.api_errors import FieldErrors
from roundtable.meetings import selectors, services
from roundtable.meetings.access import (
    access_fund_application_by_id,
    access_fund_by_id,
    access_meeting_by_id,
    access_resolution_by_id,
    item_of,
    meeting_by_id_public,
    motion_of,
    participant_of,
    resolutions_in_scope,
    vote_of,
)
from roundtable.meetings.models import Minutes

router = Router(tags=["meetings"])


class RoomOut(Schema):
    id: UUID
    title: str
    status: str
    quorum_present: int
    quorum_members: int
    quorum_required: int
    quorum_met: bool
    current_item: str | None
    speaker: str | None
    seconds_left: int | None
    queue: list[str]
    last_vote: str | None


def _room(meeting: Any) -> RoomOut:
    s = selectors.room_state(meeting)
    return RoomOut(
        id=meeting.pk,
        title=meeting.title,
        status=meeting.status,
        quorum_present=s.quorum.present,
        quorum_members=s.quorum.members,
        quorum_required=s.quorum.required,
        quorum_met=s.quorum.met,
        current_item=s.item.title if s.item else None,
        speaker=str(s.speech.person_id) if s.speech else None,
        seconds_left=s.seconds_left,
        queue=[str(e.person.pk) for e in s.queue if not e.blocked],
        last_vote=selectors.vote_summary(s.last_vote) if s.last_vote else None,
    )


def _run(fn: Any, **kwargs: Any) -> Any:
    try:
        return fn(**kwargs)
    except ValidationError as e:
        raise FieldErrors.from_validation_error(e) from None


class MeetingIn(Schema):
    council_id: UUID
    kind: str
    title: str
    scheduled_at: datetime
    venue: str
    urgent_reason: str = ""


class ActionIn(Schema):
    person_id: UUID | None = None
    proxy_for_id: UUID | None = None
    item_id: UUID | None = None
    motion_id: UUID | None = None
    vote_id: int | None = None
    title: str = ""
    text: str = ""
    stance: str = ""
    amends_id: UUID | None = None
    method: str = "show_of_hands"
    yes: int = 0
    no: int = 0
    abstain: int = 0
    choice: str = ""
    interrupted: bool = False


class ResolutionIn(Schema):
    item_id: UUID
    motion_id: UUID | None = None
    text: str
    action: str
    responsible_unit: str
    due_on: date
    supervisor: str = ""
    cost_source: str = ""


class IdOut(Schema):
    id: str


@router.post("/meetings", response={201: RoomOut}, auth=ANY_AUTH)
def meeting_create(request: HttpRequest, payload: MeetingIn) -> tuple[int, RoomOut]:
    """Call a meeting (publishes its notice; agenda_notice_days or an urgent reason)."""
    council = access_council_by_id(request.user, payload.council_id, permission="meeting_manage")
    data = payload.dict()
    data.pop("council_id")
    meeting = _run(services.meeting_schedule, actor=request.user, council=council, **data)
    return 201, _room(meeting)


@router.get("/meetings/{meeting_id}/room", response=RoomOut)
def meeting_room(request: HttpRequest, meeting_id: UUID) -> RoomOut:
    """What the room screen shows: quorum, item, speaker, timer, queue, last vote."""
    return _room(meeting_by_id_public(meeting_id))


def _person(m: Any, pid: UUID | None) -> Any:
    return participant_of(m, pid) if pid else None


ACTIONS: dict[str, tuple[str, Any]] = {
    "checkin": (
        "meeting_checkin",
        lambda r, m, p: services.attendance_checkin(
            actor=r.user, meeting=m, person=_person(m, p.person_id), proxy_for=_person(m, p.proxy_for_id)
        ),
    ),
    "open": ("meeting_manage", lambda r, m, p: services.meeting_open(actor=r.user, meeting=m)),
    "agenda": (
        "meeting_manage",
        lambda r, m, p: services.agenda_item_add(actor=r.user, meeting=m, title=p.title),
    ),
    "item": (
        "meeting_manage",
        lambda r, m, p: services.item_take_up(actor=r.user, meeting=m, item=item_of(m, p.item_id)),
    ),
    "hand": (
        "meeting_checkin",
        lambda r, m, p: services.hand_raise(
            actor=r.user, meeting=m, person=_person(m, p.person_id), stance=p.stance
        ),
    ),
    "speak": (
        "meeting_manage",
        lambda r, m, p: services.speech_start(actor=r.user, meeting=m, person=_person(m, p.person_id)),
    ),
    "end_speech": (
        "meeting_manage",
        lambda r, m, p: services.speech_end(actor=r.user, meeting=m, interrupted=p.interrupted),
    ),
    "move": (
        "meeting_manage",
        lambda r, m, p: services.motion_move(
            actor=r.user,
            meeting=m,
            mover=_person(m, p.person_id),
            text=p.text,
            amends=motion_of(m, p.amends_id) if p.amends_id else None,
        ),
    ),
    "second": (
        "meeting_manage",
        lambda r, m, p: services.motion_second(
            actor=r.user, motion=motion_of(m, p.motion_id), person=_person(m, p.person_id)
        ),
    ),
    "withdraw": (
        "meeting_manage",
        lambda r, m, p: services.motion_withdraw(actor=r.user, motion=motion_of(m, p.motion_id)),
    ),
    "vote_open": (
        "meeting_manage",
        lambda r, m, p: services.vote_open(actor=r.user, motion=motion_of(m, p.motion_id), method=p.method),
    ),
    "vote_counts": (
        "meeting_manage",
        lambda r, m, p: services.vote_record_counts(
            actor=r.user, vote=vote_of(m, p.vote_id), yes=p.yes, no=p.no, abstain=p.abstain
        ),
    ),
    "vote_close": (
        "meeting_manage",
        lambda r, m, p: services.vote_close_secret(actor=r.user, vote=vote_of(m, p.vote_id)),
    ),
    "chair_cast": (
        "meeting_manage",
        lambda r, m, p: services.vote_chair_cast(actor=r.user, vote=vote_of(m, p.vote_id), choice=p.choice),
    ),
    "close": ("meeting_manage", lambda r, m, p: services.meeting_close(actor=r.user, meeting=m)),
    "minutes_draft": ("meeting_manage", lambda r, m, p: services.minutes_draft(actor=r.user, meeting=m)),
    "minutes_edit": (
        "meeting_manage",
        lambda r, m, p: services.minutes_edit(
            actor=r.user, minutes=Minutes.objects.get(meeting=m), text_md=p.text
        ),
    ),
    "minutes_approve": (
        "meeting_manage",
        lambda r, m, p: services.minutes_approve(
            actor=r.user, minutes=Minutes.objects.get(meeting=m), signatories=p.text
        ),
    ),
    "minutes_publish": (
        "meeting_manage",
        lambda r, m, p: services.minutes_publish(actor=r.user, minutes=Minutes.objects.get(meeting=m)),
    ),
}


@router.post("/meetings/{meeting_id}/actions/{action}", response=RoomOut, auth=ANY_AUTH)
def meeting_action(request: HttpRequest, meeting_id: UUID, action: str, payload: ActionIn) -> RoomOut:
    """One console action (see docs/api-meetings.md); returns the room state after it."""
    from django.http import Http404

    if action not in ACTIONS:
        raise Http404
    permission, fn = ACTIONS[action]
    meeting = access_meeting_by_id(request.user, meeting_id, permission=permission)
    if (
        action.startswith("minutes_")
        and action != "minutes_draft"
        and not Minutes.objects.filter(meeting=meeting).exists()
    ):
        raise FieldErrors({"minutes": [{"message": "请先生成纪要草稿。"}]})
    _run(lambda: fn(request, meeting, payload))
    meeting.refresh_from_db()
    return _room(meeting)


@router.post("/meetings/{meeting_id}/resolutions", response={201: IdOut}, auth=ANY_AUTH)
def resolution_create(request: HttpRequest, meeting_id: UUID, payload: ResolutionIn) -> tuple[int, IdOut]:
    meeting = access_meeting_by_id(request.user, meeting_id)
    res = _run(
        services.resolution_record,
        actor=request.user,
        meeting=meeting,
        item=item_of(meeting, payload.item_id),
        motion=motion_of(meeting, payload.motion_id) if payload.motion_id else None,
        text=payload.text,
        action=payload.action,
        responsible_unit=payload.responsible_unit,
        due_on=payload.due_on,
        supervisor=payload.supervisor,
        cost_source=payload.cost_source,
    )
    return 201, IdOut(id=str(res.pk))


class CloseIn(Schema):
    feedback: str


@router.post("/resolutions/{resolution_id}/close", response=IdOut, auth=ANY_AUTH)
def resolution_close(request: HttpRequest, resolution_id: UUID, payload: CloseIn) -> IdOut:
    res = access_resolution_by_id(request.user, resolution_id)
    _run(services.resolution_close, actor=request.user, resolution=res, feedback=payload.feedback)
    return IdOut(id=str(res.pk))


class RatesOut(Schema):
    total: int
    response_rate: float | None
    resolution_rate: float | None
    satisfaction_rate: float | None


@router.get("/resolutions/rates", response=RatesOut, auth=ANY_AUTH)
def resolution_rates(request: HttpRequest, start: date, end: date) -> RatesOut:
    r = selectors.three_rates(resolutions_in_scope(request.user), start=start, end=end)
    return RatesOut(
        total=r.total,
        response_rate=r.response_rate,
        resolution_rate=r.resolution_rate,
        satisfaction_rate=r.satisfaction_rate,
    )


class FundApplicationOut(Schema):
    id: str
    fund_id: str
    fund_name: str
    amount: int
    purpose: str
    status: str
    decision_reason: str
    applied_at: datetime
    decided_at: datetime | None


class ResolutionOut(Schema):
    id: str
    action: str
    text: str
    responsible_unit: str
    due_on: date
    status: str
    money: str
    idea_id: str | None
    idea_ack_number: str | None
    fund_applications: list[FundApplicationOut]


def _application(a: Any) -> FundApplicationOut:
    return FundApplicationOut(
        id=str(a.pk),
        fund_id=str(a.fund_id),
        fund_name=a.fund.name,
        amount=a.amount,
        purpose=a.purpose,
        status=a.status,
        decision_reason=a.decision_reason,
        applied_at=a.applied_at,
        decided_at=a.decided_at,
    )


def _resolution(res: Any) -> ResolutionOut:
    res.refresh_from_db()
    return ResolutionOut(
        id=str(res.pk),
        action=res.action,
        text=res.text,
        responsible_unit=res.responsible_unit,
        due_on=res.due_on,
        status=res.status,
        money=selectors.resolution_money(res),
        idea_id=str(res.idea_id) if res.idea_id else None,
        idea_ack_number=res.idea.ack_number if res.idea_id else None,
        fund_applications=[_application(a) for a in res.fund_applications.select_related("fund")],
    )


@router.get("/resolutions/{resolution_id}", response=ResolutionOut, auth=ANY_AUTH)
def resolution_detail(request: HttpRequest, resolution_id: UUID) -> ResolutionOut:
    """A resolution with where its money comes from (the idea it became, or its 自治金 applications)."""
    return _resolution(access_resolution_by_id(request.user, resolution_id))


class ReferIn(Schema):
    cycle_id: UUID


@router.post("/resolutions/{resolution_id}/refer", response={201: ResolutionOut}, auth=ANY_AUTH)
def resolution_refer(
    request: HttpRequest, resolution_id: UUID, payload: ReferIn
) -> tuple[int, ResolutionOut]:
    """Feed a PB pool: the resolution becomes an idea (channel round_table) in a cycle collecting ideas."""
    res = access_resolution_by_id(request.user, resolution_id)
    cycle = access_cycle_by_id(request.user, payload.cycle_id, permission="resolution_track")
    _run(services.resolution_refer_to_cycle, actor=request.user, resolution=res, cycle=cycle)
    return 201, _resolution(res)


class FundApplyIn(Schema):
    fund_id: UUID
    amount: int
    purpose: str


@router.post(
    "/resolutions/{resolution_id}/fund-applications", response={201: FundApplicationOut}, auth=ANY_AUTH
)
def fund_application_create(
    request: HttpRequest, resolution_id: UUID, payload: FundApplyIn
) -> tuple[int, FundApplicationOut]:
    """Apply to a 自治金 fund covering the body's area, within what the fund has left."""
    res = access_resolution_by_id(request.user, resolution_id)
    application = _run(
        services.fund_application_submit,
        actor=request.user,
        resolution=res,
        fund=access_fund_by_id(request.user, payload.fund_id),
        amount=payload.amount,
        purpose=payload.purpose,
    )
    return 201, _application(application)


class DecideIn(Schema):
    approve: bool
    reason: str = ""


@router.post("/fund-applications/{application_id}/decide", response=FundApplicationOut, auth=ANY_AUTH)
def fund_application_decide(
    request: HttpRequest, application_id: UUID, payload: DecideIn
) -> FundApplicationOut:
    """Approve or reject (reason required); needs self_gov_fund_decide, and not one's own application."""
    application = access_fund_application_by_id(request.user, application_id)
    decided = _run(
        services.fund_application_decide,
        actor=request.user,
        application=application,
        approve=payload.approve,
        reason=payload.reason,
    )
    return _application(decided)
