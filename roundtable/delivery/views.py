"""Delivery pages: the project's public page (progress, photos, money, report a problem), the staff
page with one small form per action, and the staff delivery dashboard (overruns, overdue)."""

from datetime import date
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
from roundtable.cycles.access import access_cycle_by_id
from roundtable.delivery import services
from roundtable.delivery.access import access_implementation_by_id, access_implementation_public
from roundtable.delivery.models import Acceptance, ChangeRequest, Implementation, Photo
from roundtable.delivery.selectors import delivery_rows, implementations_of_cycle
from roundtable.notices.models import PublicNotice
from roundtable.people.access import has_permission


def _notices(impl: Implementation) -> Any:
    return PublicNotice.objects.filter(
        source__in=[f"delivery.implementation:{impl.pk}", f"delivery.accounts:{impl.pk}"],
        status=PublicNotice.Status.POSTED,
    )


def public_page(request: HttpRequest, impl_id: str) -> HttpResponse:
    impl = access_implementation_public(impl_id)
    person = getattr(request.user, "person", None)
    context = {
        "impl": impl,
        "p": impl.proposal,
        "allowed": services.allowed_budget(impl),
        "spent": services.spent_total(impl),
        "notices": _notices(impl),
        "photos": impl.photos.filter(inspection__isnull=True),
        "on_panel": person is not None and impl.panel.filter(pk=person.pk).exists(),
        "results": Acceptance.Result.choices,
    }
    return render(request, "delivery/public.html", context)


def photo(request: HttpRequest, photo_id: int) -> HttpResponse:
    """Progress photos are public; inspection photos only for staff and supervisors in scope."""
    found = Photo.objects.filter(pk=photo_id).first()
    if found is None:
        raise Http404
    if found.inspection_id is not None:
        access_implementation_by_id(request.user, found.implementation_id, permission="delivery_inspect")
    return HttpResponse(bytes(found.data), content_type=found.content_type)


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationError({"date": _("日期格式应为 2026-10-01。")}) from None


def _int(value: str, field: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise ValidationError({field: _("请填写整数金额（元）。")}) from None


def _report(request: HttpRequest, error: ValidationError) -> None:
    for msg in error.messages:
        messages.error(request, msg)


@login_required
@require_POST
def resident_action(request: HttpRequest, impl_id: str) -> HttpResponse:
    """A resident reports a problem; a panel member records the acceptance."""
    impl = access_implementation_public(impl_id)
    person = getattr(request.user, "person", None)
    try:
        if request.POST.get("action") == "accept":
            services.acceptance_record(
                actor=request.user,
                implementation=impl,
                person=person,
                result=request.POST.get("result", ""),
                notes=request.POST.get("notes", ""),
                accepted_on=timezone.localdate(),
            )
            messages.success(request, _("验收结论已登记。"))
        else:
            if person is None:
                raise Http404
            services.problem_report(
                actor=request.user, implementation=impl, person=person, text=request.POST.get("text", "")
            )
            messages.success(request, _("谢谢，问题已转给社区，会尽快答复。"))
    except ValidationError as e:
        _report(request, e)
    return redirect("delivery:public", impl_id=impl.pk)


def _staff_action(request: HttpRequest, impl: Implementation, action: str) -> str:
    post, files, user = request.POST, request.FILES, request.user
    if action == "milestone":
        services.milestone_add(
            actor=user, implementation=impl, name=post["name"], due_on=_date(post["due_on"])
        )
        return _("节点已添加。")
    if action == "milestone_done":
        m = impl.milestones.get(pk=int(post["milestone"]))
        services.milestone_complete(actor=user, milestone=m)
        return _("节点已完成。")
    if action == "expenditure":
        services.expenditure_record(
            actor=user,
            implementation=impl,
            amount=_int(post["amount"], "amount"),
            spent_on=_date(post["spent_on"]),
            payee=post["payee"],
            voucher_ref=post["voucher_ref"],
        )
        return _("支出已登记。")
    if action == "change":
        cr = services.change_request_submit(
            actor=user,
            implementation=impl,
            reason=post["reason"],
            delta_budget=_int(post.get("delta_budget") or "0", "delta_budget"),
            scope_change=post.get("scope_change", ""),
            scope_major=bool(post.get("scope_major")),
        )
        if cr.status == ChangeRequest.Status.REFERRED:
            return _("变更超过规则规定的幅度，已提交议事会决定。")
        return _("变更申请已登记，等待审批。")
    if action in ("approve", "reject"):
        cr = impl.change_requests.get(pk=post["change_request"])
        services.change_request_approve(
            actor=user, change_request=cr, approve=action == "approve", reason=post["reason"]
        )
        return _("已审批。")
    if action == "inspection":
        services.inspection_record(
            actor=user,
            implementation=impl,
            inspector=user.person,  # type: ignore[union-attr]
            inspected_on=_date(post["inspected_on"]),
            findings=post["findings"],
            photos=files.getlist("photos"),
        )
        return _("检查记录已保存。")
    if action == "photo":
        services.progress_photo_add(
            actor=user, implementation=impl, photo=files["photo"], caption=post.get("caption", "")
        )
        return _("照片已上传。")
    if action == "answer":
        report = impl.problem_reports.get(pk=post["report"])
        services.problem_answer(actor=user, report=report, response=post["response"])
        return _("已答复居民。")
    if action == "progress":
        services.progress_notice_publish(actor=user, implementation=impl, body=post["body"])
        return _("进度已公开。")
    if action == "complete":
        services.implementation_complete(
            actor=user, implementation=impl, finish_actual=_date(post["finish_actual"])
        )
        return _("已登记完工，请验收小组验收。")
    if action == "accounts":
        services.accounts_publish(actor=user, implementation=impl)
        return _("决算已公开。")
    if action == "survey":
        from roundtable.surveys.services import survey_open

        survey_open(
            actor=user,
            instrument_code="satisfaction",
            title=_("满意度测评：%(t)s") % {"t": impl.proposal.title},
            jurisdiction=impl.proposal.cycle.jurisdiction,
            sampling="all_beneficiaries",
            implementation=impl,
        )
        return _("满意度测评已发起，受益居民会收到邀请。")
    raise Http404


@staff_required("delivery_inspect")
def staff_page(request: HttpRequest, impl_id: str) -> HttpResponse:
    impl = access_implementation_by_id(request.user, impl_id, permission="delivery_inspect")
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action != "inspection" and not has_permission(
            request.user, "delivery_manage", impl.proposal.cycle.jurisdiction
        ):
            raise Http404
        try:
            messages.success(request, _staff_action(request, impl, action))
        except (ValidationError, KeyError) as e:
            _report(request, e if isinstance(e, ValidationError) else ValidationError(_("表格缺少必填项。")))
        return redirect("delivery:staff", impl_id=impl.pk)
    row = delivery_rows(Implementation.objects.filter(pk=impl.pk))[0]
    context = {
        "impl": impl,
        "p": impl.proposal,
        "row": row,
        "notices": _notices(impl),
        "today": timezone.localdate(),
    }
    return render(request, "delivery/staff.html", context)


@staff_required("delivery_manage")
def staff_dashboard(request: HttpRequest, cycle_id: str) -> HttpResponse:
    cycle = access_cycle_by_id(request.user, cycle_id, permission="delivery_manage")
    rows = delivery_rows(implementations_of_cycle(cycle))
    selected = cycle.proposals.filter(status="selected", implementation__isnull=True)
    return render(request, "delivery/dashboard.html", {"cycle": cycle, "rows": rows, "unplanned": selected})


@staff_required("delivery_manage")
def plan_new(request: HttpRequest, proposal_id: str) -> HttpResponse:
    from roundtable.proposals.access import access_proposal_by_id

    proposal = access_proposal_by_id(request.user, proposal_id, permission="delivery_manage")
    if request.method == "POST":
        try:
            impl = services.implementation_create(
                actor=request.user,
                proposal=proposal,
                implementer=request.POST.get("implementer", ""),
                procurement_method=request.POST.get("procurement_method", ""),
                procurement_note=request.POST.get("procurement_note", ""),
                contract_ref=request.POST.get("contract_ref", ""),
                finish_planned=_date(request.POST["finish_planned"])
                if request.POST.get("finish_planned")
                else None,
            )
        except ValidationError as e:
            _report(request, e)
        else:
            return redirect("delivery:staff", impl_id=impl.pk)
    return render(
        request, "delivery/plan_new.html", {"p": proposal, "methods": Implementation.Procurement.choices}
    )
