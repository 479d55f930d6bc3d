"""Survey pages: a resident's open surveys, the answer form (phone-first, one question per card),
the one-time-link form, and the staff page with results and paper/phone entry."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from roundtable.accounts.decorators import staff_required
from roundtable.people.access import persons_in_scope
from roundtable.surveys import services
from roundtable.surveys.access import access_survey_by_id, access_survey_public
from roundtable.surveys.instruments import AGREE_LABELS, SATISFACTION_LABELS
from roundtable.surveys.models import Invitation, Response, Survey
from roundtable.surveys.selectors import invitations_open_for, survey_results


def _questions(survey: Survey, posted: Any = None) -> list[dict[str, Any]]:
    """Items with their answer options, labelled for the page."""
    out = []
    for item in survey.instrument.items:
        options: list[tuple[str, str]] = []
        if item["kind"] == "scale":
            labels = SATISFACTION_LABELS if item.get("labels") == "satisfaction" else AGREE_LABELS
            options = [(str(v), _(labels[v])) for v in range(item["max"], 0, -1)]
        elif item["kind"] == "bool":
            options = [("yes", _("是")), ("no", _("否"))]
        elif item["kind"] == "choice":
            options = [(o, _(o)) for o in item["options"]]
        chosen = posted.get(item["key"], "") if posted else ""
        out.append(item | {"options": options, "chosen": chosen, "text": _(item["text"])})
    return out


def _submit(request: HttpRequest, survey: Survey, invitation: Invitation, channel: str) -> dict[str, str]:
    answers = {k: v for k, v in request.POST.items() if k not in ("csrfmiddlewaretoken", "person", "channel")}
    try:
        services.survey_respond(
            actor=request.user, survey=survey, invitation=invitation, answers=answers, channel=channel
        )
    except ValidationError as e:
        return (
            {k: v[0] for k, v in e.message_dict.items()}
            if hasattr(e, "error_dict")
            else {"survey": e.messages[0]}
        )
    return {}


def _form(
    request: HttpRequest, survey: Survey, invitation: Invitation | None, errors: dict[str, str]
) -> HttpResponse:
    context = {
        "survey": survey,
        "questions": _questions(survey, request.POST if errors else None),
        "errors": errors,
        "done": invitation is not None and invitation.responded and not errors,
        "invited": invitation is not None,
    }
    return render(request, "surveys/answer.html", context)


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    person = getattr(request.user, "person", None)
    invitations = invitations_open_for(person) if person else []
    return render(request, "surveys/mine.html", {"invitations": invitations})


@login_required
def answer(request: HttpRequest, survey_id: str) -> HttpResponse:
    survey = access_survey_public(survey_id)
    person = getattr(request.user, "person", None)
    invitation = survey.invitations.filter(person=person).first() if person else None
    errors: dict[str, str] = {}
    if request.method == "POST":
        if invitation is None:
            errors = {"survey": _("这份问卷是抽样调查，您不在这次的抽样名单中。谢谢关心！")}
        else:
            errors = _submit(request, survey, invitation, Response.Channel.ONLINE)
            if not errors:
                messages.success(request, _("提交成功，谢谢您的评价！"))
                return redirect("surveys:answer", survey_id=survey.pk)
    return _form(request, survey, invitation, errors)


def answer_by_token(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.invitation_for_token(token)
    if invitation is None:
        raise Http404
    errors: dict[str, str] = {}
    if request.method == "POST":
        errors = _submit(request, invitation.survey, invitation, Response.Channel.ONLINE)
        if not errors:
            messages.success(request, _("提交成功，谢谢您的评价！"))
            return redirect("surveys:token", token=token)
    return _form(request, invitation.survey, invitation, errors)


@staff_required("survey_manage")
def staff_page(request: HttpRequest, survey_id: str) -> HttpResponse:
    survey = access_survey_by_id(request.user, survey_id)
    errors: dict[str, str] = {}
    if request.method == "POST":
        person = persons_in_scope(request.user).filter(pk=request.POST.get("person")).first()
        channel = request.POST.get("channel", Response.Channel.PAPER)
        invitation = survey.invitations.filter(person=person).first() if person else None
        if invitation is None or channel not in (Response.Channel.PAPER, Response.Channel.PHONE):
            errors = {"person": _("请选择抽样名单中的居民和代录方式。")}
        else:
            errors = _submit(request, survey, invitation, channel)
            if not errors:
                messages.success(request, _("已代录一份问卷。"))
                return redirect("surveys:staff", survey_id=survey.pk)
    pending = survey.invitations.filter(responded=False).select_related("person")
    context = {
        "survey": survey,
        "results": survey_results(survey),
        "questions": _questions(survey, request.POST if errors else None),
        "pending": pending,
        "errors": errors,
    }
    return render(request, "surveys/staff.html", context)


@staff_required("survey_manage")
def staff_new(request: HttpRequest, cycle_id: str) -> HttpResponse:
    """Open a cycle-level survey: the empowerment panel before or after, the appraisal, the
    participant survey (satisfaction surveys are opened from each accepted project)."""
    from roundtable.cycles.access import access_cycle_by_id

    cycle = access_cycle_by_id(request.user, cycle_id, permission="survey_manage")
    error = ""
    if request.method == "POST":
        try:
            size = int(request.POST.get("sample_size") or 0)
            survey, _tokens = services.survey_open(
                actor=request.user,
                instrument_code=request.POST.get("instrument", ""),
                title=request.POST.get("title", ""),
                jurisdiction=cycle.jurisdiction,
                sampling=request.POST.get("sampling", ""),
                cycle=cycle,
                wave=request.POST.get("wave", ""),
                sample_size=size,
            )
        except (ValidationError, ValueError) as e:
            error = "; ".join(e.messages) if isinstance(e, ValidationError) else _("请填写整数。")
        else:
            messages.success(request, _("问卷已发起，抽中的居民会收到邀请。"))
            return redirect("surveys:staff", survey_id=survey.pk)
    context = {
        "cycle": cycle,
        "error": error,
        "instruments": [
            ("empowerment", _("居民参与感受调查（赋权）")),
            ("appraisal", _("议事会与居民代表民主评议")),
            ("participant", _("参与者问卷")),
        ],
        "samplings": [
            c
            for c in Survey.Sampling.choices
            if c[0] != Survey.Sampling.ALL_BENEFICIARIES and c[0] != Survey.Sampling.ATTENDEES
        ],
        "waves": Survey.Wave.choices,
    }
    return render(request, "surveys/new.html", context)
