"""Pages for meetings: the list, the chair's console, the live room view, minutes and PDF,
deliberation quality, members' phones (check-in, secret vote), and resolutions followed up."""

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from roundtable.accounts.decorators import staff_required
from roundtable.councils.access import access_council_by_id, councils_in_scope
from roundtable.councils.selectors import alert_list_open
from roundtable.cycles.access import access_cycle_by_id, cycles_in_scope
from roundtable.cycles.models import Phase
from roundtable.cycles.selectors import cycle_list_covering, phase_open_now
from roundtable.ideas.models import Idea
from roundtable.lib.pdf import render_pdf
from roundtable.meetings import selectors, services
from roundtable.meetings.access import (
    access_fund_application_by_id,
    access_fund_by_id,
    access_meeting_by_id,
    access_resolution_by_id,
    funds_for_resolution,
    item_of,
    meeting_by_id_public,
    motion_of,
    participant_of,
    resolutions_in_scope,
    vote_of,
)
from roundtable.meetings.models import AgendaItem, Meeting, Minutes, Resolution, Vote
from roundtable.people.access import _as_uuid, has_permission, scopes_with


def _flash(request: HttpRequest, error: ValidationError) -> None:
    for msg in error.messages:
        messages.error(request, msg)


def _int(request: HttpRequest, name: str) -> int:
    try:
        return int(request.POST.get(name, ""))
    except ValueError:
        raise ValidationError({name: _("请填写整数。")}) from None


def _date(value: str, name: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationError({name: _("请按 年-月-日 填写日期。")}) from None


def _datetime(value: str, name: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ValidationError({name: _("请按 年-月-日 时:分 填写时间。")}) from None
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


# ---------------------------------------------------------------- list and schedule
@staff_required("meeting_manage")
def meeting_list(request: HttpRequest) -> HttpResponse:
    councils = councils_in_scope(request.user, "meeting_manage").order_by("name")
    if request.method == "POST":
        try:
            council = access_council_by_id(
                request.user, request.POST.get("council"), permission="meeting_manage"
            )
            meeting = services.meeting_schedule(
                actor=request.user,
                council=council,
                kind=request.POST.get("kind", Meeting.Kind.COUNCIL_SESSION),
                title=request.POST.get("title", ""),
                scheduled_at=_datetime(request.POST.get("scheduled_at", ""), "scheduled_at"),
                venue=request.POST.get("venue", ""),
                urgent_reason=request.POST.get("urgent_reason", ""),
            )
        except ValidationError as e:
            _flash(request, e)
        else:
            messages.success(request, _("已发布会议通知。"))
            return redirect("meetings:console", meeting_id=meeting.pk)
    return render(
        request,
        "meetings/list.html",
        {
            "meetings": selectors.meeting_list(councils=councils)[:50],
            "councils": councils,
            "kinds": Meeting.Kind.choices,
        },
    )


# ---------------------------------------------------------------- the chair's console
@staff_required("meeting_checkin")
def console(request: HttpRequest, meeting_id: str) -> HttpResponse:
    meeting = access_meeting_by_id(request.user, meeting_id, permission="meeting_checkin")
    state = selectors.room_state(meeting)
    from roundtable.meetings.access import _q_members
    from roundtable.people.models import Person

    return render(
        request,
        "meetings/console.html",
        {
            "m": meeting,
            "s": state,
            "people": Person.objects.filter(_q_members(meeting)).distinct().order_by("display_name"),
            "present": [a.person for a in state.attendance],
            "agenda": meeting.agenda.all(),
            "result_labels": services.RESULT_LABELS,
            "vote_text": selectors.vote_summary(state.last_vote) if state.last_vote else "",
            "minutes": Minutes.objects.filter(meeting=meeting).first(),
            "notices": services.meeting_notices(meeting),
            "proxies_allowed": bool(meeting.rulebook.param("proxies_allowed")),
        },
    )


def _a_checkin(request: HttpRequest, m: Meeting) -> str:
    proxy = request.POST.get("proxy_for")
    services.attendance_checkin(
        actor=request.user,
        meeting=m,
        person=participant_of(m, request.POST.get("person")),
        proxy_for=participant_of(m, proxy) if proxy else None,
    )
    return _("已签到。")


def _a_open(request: HttpRequest, m: Meeting) -> str:
    services.meeting_open(actor=request.user, meeting=m)
    return _("会议开始。")


def _a_agenda(request: HttpRequest, m: Meeting) -> str:
    services.agenda_item_add(actor=request.user, meeting=m, title=request.POST.get("title", ""))
    return _("已增加议题。")


def _a_item(request: HttpRequest, m: Meeting) -> str:
    services.item_take_up(actor=request.user, meeting=m, item=item_of(m, request.POST.get("item")))
    return _("已转到这个议题。")


def _a_hand(request: HttpRequest, m: Meeting) -> str:
    services.hand_raise(
        actor=request.user,
        meeting=m,
        person=participant_of(m, request.POST.get("person")),
        stance=request.POST.get("stance", ""),
    )
    return _("已举手排队。")


def _a_speak(request: HttpRequest, m: Meeting) -> str:
    speech = services.speech_start(
        actor=request.user, meeting=m, person=participant_of(m, request.POST.get("person"))
    )
    return _("%(p)s 开始发言。") % {"p": speech.person.display_name}


def _a_end_speech(request: HttpRequest, m: Meeting) -> str:
    services.speech_end(actor=request.user, meeting=m, interrupted=bool(request.POST.get("interrupted")))
    return _("发言结束。")


def _a_move(request: HttpRequest, m: Meeting) -> str:
    amends = request.POST.get("amends")
    services.motion_move(
        actor=request.user,
        meeting=m,
        mover=participant_of(m, request.POST.get("person")),
        text=request.POST.get("text", ""),
        amends=motion_of(m, amends) if amends else None,
    )
    return _("动议已提出。")


def _a_second(request: HttpRequest, m: Meeting) -> str:
    services.motion_second(
        actor=request.user,
        motion=motion_of(m, request.POST.get("motion")),
        person=participant_of(m, request.POST.get("person")),
    )
    return _("已附议。")


def _a_withdraw(request: HttpRequest, m: Meeting) -> str:
    services.motion_withdraw(actor=request.user, motion=motion_of(m, request.POST.get("motion")))
    return _("动议已撤回。")


def _a_vote_open(request: HttpRequest, m: Meeting) -> str:
    services.vote_open(
        actor=request.user,
        motion=motion_of(m, request.POST.get("motion")),
        method=request.POST.get("method", Vote.Method.HANDS),
    )
    return _("开始表决。")


def _a_vote_counts(request: HttpRequest, m: Meeting) -> str:
    vote = services.vote_record_counts(
        actor=request.user,
        vote=vote_of(m, request.POST.get("vote")),
        yes=_int(request, "yes"),
        no=_int(request, "no"),
        abstain=_int(request, "abstain"),
    )
    return _("表决结果：%(r)s") % {"r": services.RESULT_LABELS.get(vote.result, vote.result)}


def _a_vote_close(request: HttpRequest, m: Meeting) -> str:
    vote = services.vote_close_secret(actor=request.user, vote=vote_of(m, request.POST.get("vote")))
    return _("表决结果：%(r)s") % {"r": services.RESULT_LABELS.get(vote.result, vote.result)}


def _a_chair_cast(request: HttpRequest, m: Meeting) -> str:
    vote = services.vote_chair_cast(
        actor=request.user, vote=vote_of(m, request.POST.get("vote")), choice=request.POST.get("choice", "")
    )
    return _("表决结果：%(r)s") % {"r": services.RESULT_LABELS.get(vote.result, vote.result)}


def _a_resolution(request: HttpRequest, m: Meeting) -> str:
    motion = request.POST.get("motion")
    services.resolution_record(
        actor=request.user,
        meeting=m,
        item=item_of(m, request.POST.get("item") or m.current_item_id),
        motion=motion_of(m, motion) if motion else None,
        text=request.POST.get("text", ""),
        action=request.POST.get("action", ""),
        responsible_unit=request.POST.get("responsible_unit", ""),
        supervisor=request.POST.get("supervisor", ""),
        due_on=_date(request.POST.get("due_on", ""), "due_on"),
        cost_source=request.POST.get("cost_source", ""),
    )
    return _("决议已记录。")


def _a_close(request: HttpRequest, m: Meeting) -> str:
    services.meeting_close(actor=request.user, meeting=m)
    return _("会议结束。")


CONSOLE_ACTIONS: dict[str, tuple[str, Callable[[HttpRequest, Meeting], str]]] = {
    "checkin": ("meeting_checkin", _a_checkin),
    "open": ("meeting_manage", _a_open),
    "agenda": ("meeting_manage", _a_agenda),
    "item": ("meeting_manage", _a_item),
    "hand": ("meeting_checkin", _a_hand),
    "speak": ("meeting_manage", _a_speak),
    "end_speech": ("meeting_manage", _a_end_speech),
    "move": ("meeting_manage", _a_move),
    "second": ("meeting_manage", _a_second),
    "withdraw": ("meeting_manage", _a_withdraw),
    "vote_open": ("meeting_manage", _a_vote_open),
    "vote_counts": ("meeting_manage", _a_vote_counts),
    "vote_close": ("meeting_manage", _a_vote_close),
    "chair_cast": ("meeting_manage", _a_chair_cast),
    "resolution": ("meeting_manage", _a_resolution),
    "close": ("meeting_manage", _a_close),
}


@require_POST
@staff_required("meeting_checkin")
def console_action(request: HttpRequest, meeting_id: str, action: str) -> HttpResponse:
    if action not in CONSOLE_ACTIONS:
        raise Http404
    permission, handler = CONSOLE_ACTIONS[action]
    meeting = access_meeting_by_id(request.user, meeting_id, permission=permission)
    try:
        messages.success(request, handler(request, meeting))
    except ValidationError as e:
        _flash(request, e)
    return redirect("meetings:console", meeting_id=meeting.pk)


# ---------------------------------------------------------------- the room view
def room(request: HttpRequest, meeting_id: str) -> HttpResponse:
    meeting = meeting_by_id_public(meeting_id)
    return render(request, "meetings/room.html", {"m": meeting, **_room_context(meeting)})


def room_live(request: HttpRequest, meeting_id: str) -> HttpResponse:
    meeting = meeting_by_id_public(meeting_id)
    return render(request, "meetings/_room_live.html", {"m": meeting, "poll": True, **_room_context(meeting)})


def _room_context(meeting: Meeting) -> dict[str, Any]:
    state = selectors.room_state(meeting)
    return {
        "s": state,
        "vote_text": selectors.vote_summary(state.last_vote) if state.last_vote else "",
    }


# ---------------------------------------------------------------- members' phones
@login_required
def my_meeting(request: HttpRequest, meeting_id: str) -> HttpResponse:
    """A member checks in and votes on their phone."""
    meeting = meeting_by_id_public(meeting_id)
    person = getattr(request.user, "person", None)
    if person is None:
        raise Http404
    if request.method == "POST":
        try:
            if request.POST.get("do") == "checkin":
                services.attendance_checkin(
                    actor=request.user,
                    meeting=meeting,
                    person=participant_of(meeting, person.pk),
                    by_phone=True,
                )
                messages.success(request, _("签到成功。"))
            elif request.POST.get("do") == "vote":
                vote = vote_of(meeting, request.POST.get("vote"))
                services.vote_cast_secret(
                    actor=request.user, vote=vote, person=person, choice=request.POST.get("choice", "")
                )
                messages.success(request, _("已投票，谢谢。"))
        except ValidationError as e:
            _flash(request, e)
        return redirect("meetings:my_meeting", meeting_id=meeting.pk)
    state = selectors.room_state(meeting)
    return render(
        request,
        "meetings/my_meeting.html",
        {
            "m": meeting,
            "s": state,
            "checked_in": meeting.attendance.filter(person=person).exists(),
            "voted": bool(state.open_vote and state.open_vote.participations.filter(person=person).exists()),
        },
    )


# ---------------------------------------------------------------- minutes
@staff_required("meeting_manage")
def minutes(request: HttpRequest, meeting_id: str) -> HttpResponse:
    meeting = access_meeting_by_id(request.user, meeting_id)
    if request.method == "POST":
        found = Minutes.objects.filter(meeting=meeting).first()
        do = request.POST.get("do")
        try:
            if do == "draft":
                services.minutes_draft(actor=request.user, meeting=meeting)
            elif found is None:
                raise ValidationError({"minutes": _("请先生成纪要草稿。")})
            elif do == "edit":
                services.minutes_edit(
                    actor=request.user, minutes=found, text_md=request.POST.get("text_md", "")
                )
            elif do == "approve":
                services.minutes_approve(
                    actor=request.user, minutes=found, signatories=request.POST.get("signatories", "")
                )
            elif do == "publish":
                services.minutes_publish(actor=request.user, minutes=found)
        except ValidationError as e:
            _flash(request, e)
        else:
            messages.success(request, _("已保存。"))
        return redirect("meetings:minutes", meeting_id=meeting.pk)
    return render(
        request,
        "meetings/minutes.html",
        {"m": meeting, "minutes": Minutes.objects.filter(meeting=meeting).first()},
    )


def _minutes_pdf(meeting: Meeting, text: str) -> HttpResponse:
    pdf = render_pdf("meetings/minutes_print.html", {"m": meeting, "text": text, "minutes": meeting.minutes})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="minutes-{meeting.pk}.pdf"'
    return response


@staff_required("meeting_manage")
def minutes_pdf(request: HttpRequest, meeting_id: str) -> HttpResponse:
    meeting = access_meeting_by_id(request.user, meeting_id)
    found = Minutes.objects.filter(meeting=meeting).first()
    if found is None:
        raise Http404
    return _minutes_pdf(meeting, found.text_md)


def minutes_public(request: HttpRequest, meeting_id: str) -> HttpResponse:
    """The published copy, residents' names masked."""
    meeting = meeting_by_id_public(meeting_id)
    found = Minutes.objects.filter(meeting=meeting, status=Minutes.Status.PUBLISHED).first()
    if found is None:
        raise Http404
    text = selectors.minutes_public_text(meeting)
    if request.GET.get("format") == "pdf":
        return _minutes_pdf(meeting, text)
    return render(request, "meetings/minutes_public.html", {"m": meeting, "text": text})


@staff_required("meeting_manage")
def quality(request: HttpRequest, meeting_id: str) -> HttpResponse:
    meeting = access_meeting_by_id(request.user, meeting_id)
    return render(
        request, "meetings/quality.html", {"m": meeting, "q": selectors.deliberation_quality(meeting)}
    )


# ---------------------------------------------------------------- Track I: issues and resolutions
@staff_required("meeting_manage")
def issues(request: HttpRequest) -> HttpResponse:
    """Ideas from intake put on a round table's (or council's) next agenda."""
    councils = councils_in_scope(request.user, "meeting_manage")
    ideas = Idea.objects.none()
    for scope in scopes_with(request.user, "meeting_manage"):
        ideas |= Idea.objects.filter(community__path__startswith=scope.path)
    if request.method == "POST":
        idea = ideas.filter(pk=_as_uuid(request.POST.get("idea"))).first()
        if idea is None:
            raise Http404
        council = access_council_by_id(request.user, request.POST.get("council"), permission="meeting_manage")
        try:
            services.agenda_item_propose(council, idea.problem[:200], idea, request.user)
        except ValidationError as e:
            _flash(request, e)
        else:
            messages.success(request, _("已列入 %(c)s 下次会议的议程。") % {"c": council.name})
        return redirect("meetings:issues")
    linked = set(
        AgendaItem.objects.filter(source_id__in=[str(i.pk) for i in ideas]).values_list(
            "source_id", flat=True
        )
    )
    return render(
        request,
        "meetings/issues.html",
        {
            "ideas": [(i, str(i.pk) in linked) for i in ideas.distinct().order_by("-created_at")[:50]],
            "councils": councils.order_by("name"),
        },
    )


@staff_required("resolution_track")
def resolution_list(request: HttpRequest) -> HttpResponse:
    services.resolutions_flag_overdue()
    today = timezone.localdate()
    found = resolutions_in_scope(request.user)
    start = date(today.year, 1, 1)
    return render(
        request,
        "meetings/resolutions.html",
        {
            "resolutions": found.order_by("status", "due_on"),
            "today": today,
            "rates": selectors.three_rates(found, start=start, end=today),
            "start": start,
            "alerts": alert_list_open(user=request.user)[:20],
        },
    )


def _money_action(request: HttpRequest, res: Resolution, do: str | None) -> str | None:
    """The money forms on the resolution page: refer to a PB cycle, apply for 自治金, decide."""
    if do == "refer":
        cycle = access_cycle_by_id(request.user, request.POST.get("cycle"), permission="resolution_track")
        idea = services.resolution_refer_to_cycle(actor=request.user, resolution=res, cycle=cycle)
        return _("已转入参与式预算，点子受理编号 %(no)s。") % {"no": idea.ack_number}
    if do == "apply":
        services.fund_application_submit(
            actor=request.user,
            resolution=res,
            fund=access_fund_by_id(request.user, request.POST.get("fund")),
            amount=_int(request, "amount"),
            purpose=request.POST.get("purpose", ""),
        )
        return _("已提交自治金申请，等待审批。")
    if do in ("approve", "reject"):
        application = access_fund_application_by_id(request.user, request.POST.get("application"))
        if application.resolution_id != res.pk:
            raise Http404
        services.fund_application_decide(
            actor=request.user,
            application=application,
            approve=do == "approve",
            reason=request.POST.get("reason", ""),
        )
        return _("已批准。") if do == "approve" else _("已记录不批准的理由。")
    return None


@staff_required("resolution_track")
def resolution_detail(request: HttpRequest, resolution_id: str) -> HttpResponse:
    res = access_resolution_by_id(request.user, resolution_id)
    if request.method == "POST":
        do = request.POST.get("do")
        try:
            done = _money_action(request, res, do)
            if do == "acknowledge":
                services.resolution_acknowledge(actor=request.user, resolution=res)
            elif do == "close":
                services.resolution_close(
                    actor=request.user, resolution=res, feedback=request.POST.get("feedback", "")
                )
        except ValidationError as e:
            _flash(request, e)
        else:
            messages.success(request, done or _("已保存。"))
        return redirect("meetings:resolution_detail", resolution_id=res.pk)
    return render(
        request,
        "meetings/resolution.html",
        {"r": res, "today": timezone.localdate(), **_money_context(request, res)},
    )


def _money_context(request: HttpRequest, res: Resolution) -> dict[str, Any]:
    community = services.resolution_community(res)
    cycles = []
    if community is not None:
        in_scope = cycles_in_scope(request.user, "resolution_track")
        cycles = [
            c
            for c in cycle_list_covering(place=community).filter(pk__in=in_scope.values("pk"))
            if phase_open_now(cycle=c, kind=Phase.Kind.INTAKE)
        ]
    funds = funds_for_resolution(request.user, res)
    return {
        "money": selectors.resolution_money(res),
        "applications": res.fund_applications.select_related("fund", "applied_by", "decided_by"),
        "cycles": cycles,
        "funds": [(f, services.fund_remaining(f)) for f in funds],
        "can_decide": has_permission(request.user, "self_gov_fund_decide"),
        "can_seek_money": res.status == Resolution.Status.OPEN
        and res.idea_id is None
        and not res.fund_applications.filter(status__in=services.LIVE_APPLICATION).exists(),
    }


@login_required
def my_resolutions(request: HttpRequest) -> HttpResponse:
    """What came of the issues I raised, and my rating."""
    person = getattr(request.user, "person", None)
    found = Resolution.objects.filter(item__submitter=person).select_related("item") if person else []
    if request.method == "POST":
        res = Resolution.objects.filter(
            item__submitter=person, pk=_as_uuid(request.POST.get("resolution"))
        ).first()
        if res is None:
            raise Http404
        try:
            services.resolution_rate(
                actor=request.user, resolution=res, rating=request.POST.get("rating", "")
            )
        except ValidationError as e:
            _flash(request, e)
        else:
            messages.success(request, _("谢谢您的评价。"))
        return redirect("meetings:my_resolutions")
    rows = list(found)
    for res in rows:
        res.money_text = selectors.resolution_money(res)  # type: ignore[attr-defined]
    return render(
        request, "meetings/my_resolutions.html", {"resolutions": rows, "ratings": Resolution.Rating.choices}
    )
