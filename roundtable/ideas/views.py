"""Pages about ideas: the resident's three steps and "my ideas"; staff 代录 and triage."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from roundtable.accounts.decorators import staff_required
from roundtable.cycles.access import access_cycle_by_id
from roundtable.ideas import services
from roundtable.ideas.access import (
    access_idea_by_id,
    access_my_idea_by_id,
    access_photo_by_id,
    ideas_in_scope,
)
from roundtable.ideas.forms import (
    AssistedIdeaForm,
    CategoryForm,
    ProblemForm,
    ReplyForm,
    TriageForm,
    WhereForm,
)
from roundtable.ideas.models import Idea
from roundtable.ideas.selectors import (
    cycle_for_intake,
    idea_get_detail,
    idea_list_for_staff,
    idea_list_mine,
    location_choices,
)
from roundtable.people.access import jurisdictions_under, persons_in_scope, scopes_with


def _form_error(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, msgs in error.message_dict.items():
            form.add_error(field if field in form.fields else None, msgs)
    else:
        form.add_error(None, error)


def _acting_person(request: HttpRequest) -> Any:
    """The resident this page acts for: the one staff assist (代录), or the signed-in resident."""
    person = getattr(request, "assisting", None) or request.user.person  # type: ignore[union-attr]
    if person is None:
        raise Http404
    return person


@login_required
def idea_new(request: HttpRequest) -> HttpResponse:
    person = _acting_person(request)
    cycle, phase = cycle_for_intake(person=person)
    if cycle is None or phase is None:
        return render(request, "ideas/closed.html", {"cycle": cycle, "explain": _closed_reason(cycle)})
    step = int(request.POST.get("step", "0")) if request.method == "POST" else 0
    data = request.POST if request.method == "POST" else None
    forms = [
        ProblemForm(data if step >= 1 else None),
        WhereForm(data if step >= 2 else None, locations=location_choices(person=person)),
        CategoryForm(data if step >= 3 else None, request.FILES if step >= 3 else None),
    ]
    done = [f.is_valid() for f in forms[:step]]
    current = next((i for i, ok in enumerate(done) if not ok), step)
    if step == 3 and all(done):
        try:
            idea = services.idea_submit(
                actor=request.user,
                person=person,
                cycle=cycle,
                location=forms[1].cleaned_data["location"],
                place_note=forms[1].cleaned_data["place_note"],
                problem=forms[0].cleaned_data["problem"],
                category=forms[2].cleaned_data["category"],
                photos=request.FILES.getlist("photos"),
                channel=Idea.Channel.DOOR_TO_DOOR if request.assisting else Idea.Channel.ONLINE,  # type: ignore[attr-defined]
                assisted=request.assisting is not None,  # type: ignore[attr-defined]
            )
        except ValidationError as e:
            _form_error(forms[2], e)
            current = 2
        else:
            messages.success(request, _("提交成功！受理编号 %(no)s，请记下。") % {"no": idea.ack_number})
            return redirect("ideas:mine_detail", idea_id=idea.pk)
    current = min(current, 2)
    context = {
        "cycle": cycle,
        "phase": phase,
        "form": forms[current],
        "earlier": forms[:current],
        "step": current + 1,
    }
    return render(request, "ideas/new.html", context)


def _closed_reason(cycle: Any) -> str:
    from roundtable.cycles.services import phase_require_open

    if cycle is None:
        return _("您所在的社区目前没有正在进行的点子征集。")
    try:
        phase_require_open(cycle=cycle, kind="p2")
    except ValidationError as e:
        return " ".join(e.messages)
    return ""


@login_required
def idea_mine(request: HttpRequest) -> HttpResponse:
    from roundtable.notices.selectors import letter_list_for_person

    person = _acting_person(request)
    context = {"ideas": idea_list_mine(person=person), "letters": letter_list_for_person(person=person)}
    return render(request, "ideas/mine.html", context)


@login_required
def idea_mine_detail(request: HttpRequest, idea_id: str) -> HttpResponse:
    idea = access_my_idea_by_id(request.user, idea_id)
    return render(request, "ideas/mine_detail.html", {"idea": idea_get_detail(idea=idea)})


@staff_required("idea_triage")
def staff_list(request: HttpRequest, cycle_id: str) -> HttpResponse:
    cycle = access_cycle_by_id(request.user, cycle_id, permission="idea_triage")
    chosen = {k: request.GET.get(k, "") for k in ("status", "community", "category")}
    ideas = idea_list_for_staff(ideas=ideas_in_scope(request.user), cycle=cycle, **chosen)
    communities = sorted(
        set(ideas_in_scope(request.user).filter(cycle=cycle).values_list("community__name", flat=True))
    )
    context = {
        "cycle": cycle,
        "ideas": ideas,
        "chosen": chosen,
        "filters": [
            ("status", _("状态"), Idea.Status.choices),
            ("community", _("社区"), [(c, c) for c in communities]),
            ("category", _("类别"), Idea.Category.choices),
        ],
    }
    return render(request, "ideas/staff_list.html", context)


@staff_required("assisted_entry")
def staff_new(request: HttpRequest, cycle_id: str) -> HttpResponse:
    cycle = access_cycle_by_id(request.user, cycle_id, permission="assisted_entry")
    scopes = scopes_with(request.user, "assisted_entry")
    locations = jurisdictions_under(scopes).filter(level__in=["estate", "building"]).select_related("parent")
    form = AssistedIdeaForm(
        request.POST or None, residents=persons_in_scope(request.user, "assisted_entry"), locations=locations
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            idea = services.idea_submit(
                actor=request.user,
                person=data["submitter"],
                cycle=cycle,
                location=data["location"],
                place_note=data["place_note"],
                problem=data["problem"],
                category=data["category"],
                channel=data["channel"],
                assisted=True,
            )
        except ValidationError as e:
            _form_error(form, e)
        else:
            messages.success(
                request,
                _("已为 %(name)s 代录点子，受理编号 %(no)s。")
                % {"name": data["submitter"].display_name, "no": idea.ack_number},
            )
            return redirect("ideas:staff_detail", idea_id=idea.pk)
    return render(request, "ideas/staff_new.html", {"form": form, "cycle": cycle})


@staff_required("idea_triage")
def staff_detail(request: HttpRequest, idea_id: str) -> HttpResponse:
    idea = access_idea_by_id(request.user, idea_id)
    form = TriageForm(request.POST or None, idea=idea)
    if request.method == "POST" and form.is_valid():
        try:
            services.idea_triage(actor=request.user, idea=idea, **form.cleaned_data)
        except ValidationError as e:
            _form_error(form, e)
        else:
            messages.success(request, _("分流结果已保存，并已告知提交人。"))
            return redirect("ideas:staff_detail", idea_id=idea.pk)
    return render(
        request,
        "ideas/staff_detail.html",
        {"idea": idea_get_detail(idea=idea), "form": form, "reply_form": ReplyForm()},
    )


@staff_required("idea_triage")
def staff_reply(request: HttpRequest, idea_id: str) -> HttpResponse:
    idea = access_idea_by_id(request.user, idea_id)
    form = ReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.idea_reply(actor=request.user, idea=idea, body=form.cleaned_data["body"])
        messages.success(request, _("答复已发送。"))
    return redirect("ideas:staff_detail", idea_id=idea.pk)


@staff_required("idea_triage")
def staff_photo(request: HttpRequest, photo_id: int) -> HttpResponse:
    photo = access_photo_by_id(request.user, photo_id)
    response = HttpResponse(bytes(photo.data), content_type=photo.content_type)
    response["Cache-Control"] = "private, no-store"
    return response
