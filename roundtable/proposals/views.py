"""Pages about proposals: staff develop, review and vet them; residents read them and co-sign (附议)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from roundtable.accounts.decorators import staff_required
from roundtable.cycles.access import access_cycle_by_id
from roundtable.ideas.access import access_idea_by_id
from roundtable.lib.feedback import page_feedback
from roundtable.people.access import persons_in_scope
from roundtable.proposals import services
from roundtable.proposals.access import (
    access_proposal_by_id,
    access_proposal_for_resident,
    access_proposal_photo_by_id,
)
from roundtable.proposals.forms import (
    ConflictForm,
    CosignForm,
    FeasibilityForm,
    ProposalForm,
    ReviewForm,
    TransitionForm,
)
from roundtable.proposals.models import Proposal
from roundtable.proposals.selectors import proposal_get_detail, proposal_list_for_cycle


def _form_error(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, msgs in error.message_dict.items():
            form.add_error(field if field in form.fields else None, msgs)
    else:
        form.add_error(None, error)


@staff_required("proposal_review")
def proposal_list(request: HttpRequest, cycle_id: str) -> HttpResponse:
    cycle = access_cycle_by_id(request.user, cycle_id, permission="proposal_review")
    status = request.GET.get("status", "")
    context = {
        "cycle": cycle,
        "proposals": proposal_list_for_cycle(cycle=cycle, status=status),
        "status": status,
        "statuses": Proposal.Status.choices,
    }
    return render(request, "proposals/list.html", context)


@staff_required("idea_triage")
def proposal_new(request: HttpRequest, idea_id: str) -> HttpResponse:
    idea = access_idea_by_id(request.user, idea_id)
    initial = {"problem": idea.problem, "location": idea.location_id}
    form = ProposalForm(request.POST or None, cycle=idea.cycle, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.proposal_create(actor=request.user, idea=idea, **form.cleaned_data)
        except ValidationError as e:
            _form_error(form, e)
        else:
            messages.success(request, _("项目方案已建立。"))
            return redirect("proposals:detail", proposal_id=proposal.pk)
    return render(request, "proposals/new.html", {"form": form, "idea": idea})


def _staff_forms(request: HttpRequest, proposal: Proposal, which: str) -> dict[str, Any]:
    data = request.POST if request.method == "POST" else None
    residents = persons_in_scope(request.user)
    return {
        "cosign": CosignForm(data if which == "cosign" else None, residents=residents),
        "review": ReviewForm(data if which == "review" else None),
        "feasibility": FeasibilityForm(data if which == "feasibility" else None),
        "conflict": ConflictForm(data if which == "conflict" else None, residents=residents),
        "transition": TransitionForm(data if which == "transition" else None),
    }


def _apply(request: HttpRequest, proposal: Proposal, which: str, data: dict[str, Any]) -> None:
    actor = request.user
    if which == "cosign":
        services.proposal_cosign(actor=actor, proposal=proposal, person=data["person"], assisted=True)
    elif which == "review":
        services.proposal_review_add(actor=actor, proposal=proposal, **data)
    elif which == "feasibility":
        services.proposal_feasibility_set(actor=actor, proposal=proposal, **data)
    elif which == "conflict":
        services.proposal_coi_declare(actor=actor, proposal=proposal, **data)
    elif which == "transition":
        services.proposal_transition(actor=actor, proposal=proposal, **data)


@staff_required("proposal_review")
def proposal_detail(request: HttpRequest, proposal_id: str) -> HttpResponse:
    proposal = access_proposal_by_id(request.user, proposal_id)
    which = request.POST.get("form", "") if request.method == "POST" else ""
    forms = _staff_forms(request, proposal, which)
    form = forms.get(which)
    if form is not None and form.is_valid():
        try:
            _apply(request, proposal, which, form.cleaned_data)
        except ValidationError as e:
            _form_error(form, e)
        else:
            messages.success(request, _("已保存。"))
            return redirect("proposals:detail", proposal_id=proposal.pk)
    context = {"p": proposal_get_detail(proposal=proposal), "forms": forms}
    return render(request, "proposals/detail.html", context)


@require_POST
@staff_required("proposal_review")
def photo_add(request: HttpRequest, proposal_id: str) -> HttpResponse:
    proposal = access_proposal_by_id(request.user, proposal_id)
    upload = request.FILES.get("photo")
    with page_feedback(request, _("照片已上传，投票开始时第一张照片会显示在选票上。")):
        if upload is None:
            raise ValidationError({"photo": _("请选择一张 JPG 或 PNG 照片再上传。")})
        services.proposal_photo_add(actor=request.user, proposal=proposal, upload=upload)
    return redirect("proposals:detail", proposal_id=proposal.pk)


@require_POST
@staff_required("proposal_review")
def photo_remove(request: HttpRequest, photo_id: int) -> HttpResponse:
    photo = access_proposal_photo_by_id(request.user, photo_id)
    with page_feedback(request, _("照片已删除。")):
        services.proposal_photo_remove(actor=request.user, photo=photo)
    return redirect("proposals:detail", proposal_id=photo.proposal_id)


@staff_required("proposal_review")
def photo_show(request: HttpRequest, photo_id: int) -> HttpResponse:
    """The staff page's view of a photo: the thumbnail, or ``?full=1`` for the cleaned original."""
    photo = access_proposal_photo_by_id(request.user, photo_id)
    full = request.GET.get("full") == "1"
    response = HttpResponse(
        bytes(photo.data if full else photo.thumb), content_type=photo.content_type if full else "image/jpeg"
    )
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_POST
@staff_required("notice_publish")
def candidates_publish(request: HttpRequest, cycle_id: str) -> HttpResponse:
    cycle = access_cycle_by_id(request.user, cycle_id, permission="notice_publish")
    try:
        notice = services.candidate_notice_publish(actor=request.user, cycle=cycle)
    except ValidationError as e:
        for m in e.messages:
            messages.error(request, m)
        return redirect("proposals:list", cycle_id=cycle.pk)
    messages.success(request, _("候选项目公示已发布。"))
    return redirect("notices:detail", notice_id=notice.pk)


def _resident(request: HttpRequest) -> Any:
    person = getattr(request, "assisting", None) or getattr(request.user, "person", None)
    if person is None:
        raise Http404
    return person


@login_required
def resident_view(request: HttpRequest, proposal_id: str) -> HttpResponse:
    person = _resident(request)
    proposal = access_proposal_for_resident(person, proposal_id)
    if request.method == "POST":
        with page_feedback(request, _("附议成功，谢谢您的支持！")):
            services.proposal_cosign(
                actor=request.user,
                proposal=proposal,
                person=person,
                assisted=request.assisting is not None,  # type: ignore[attr-defined]
            )
        return redirect("proposals:resident", proposal_id=proposal.pk)
    signed = proposal.co_signatures.filter(person=person).exists()
    return render(
        request, "proposals/resident.html", {"p": proposal_get_detail(proposal=proposal), "signed": signed}
    )


@staff_required("proposal_review")
def proposal_export(request: HttpRequest, cycle_id: str) -> HttpResponse:
    from roundtable.proposals.xlsx import xlsx_bytes

    cycle = access_cycle_by_id(request.user, cycle_id, permission="proposal_review")
    proposals = proposal_list_for_cycle(cycle=cycle, status=request.GET.get("status", ""))
    header = [
        _("项目名称"),
        _("状态"),
        _("类型"),
        _("地点"),
        _("预算（元）"),
        _("附议人数"),
        _("可行性"),
        _("涉及共有部分"),
    ]
    rows: list[list[object]] = [
        [
            p.title,
            str(p.get_status_display()),
            str(p.get_type_display()),
            p.location.name,
            p.cost_estimate,
            p.n_cosigners,
            str(p.get_feasibility_display()),
            _("是") if p.touches_common_parts else _("否"),
        ]
        for p in proposals
    ]
    response = HttpResponse(
        xlsx_bytes(sheet=_("项目方案"), header=header, rows=rows),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="proposals-{cycle.pk.hex[:8]}.xlsx"'
    return response
