"""Public notice pages (names masked), the A4 PDF, objections and staff answers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from roundtable.accounts.decorators import staff_required
from roundtable.lib.feedback import page_feedback
from roundtable.lib.pdf import render_pdf
from roundtable.notices import services
from roundtable.notices.access import (
    access_objection_by_id,
    access_public_notice_by_id,
    access_staff_notice_by_id,
)
from roundtable.notices.forms import AnswerForm, ObjectionForm
from roundtable.notices.selectors import notice_get_public, notice_list_public


def notice_list(request: HttpRequest) -> HttpResponse:
    return render(request, "notices/list.html", {"notices": notice_list_public()[:50]})


def notice_detail(request: HttpRequest, notice_id: str) -> HttpResponse:
    notice = access_public_notice_by_id(notice_id)
    return render(request, "notices/detail.html", notice_get_public(notice=notice))


def notice_pdf(request: HttpRequest, notice_id: str) -> HttpResponse:
    notice = access_public_notice_by_id(notice_id)
    pdf = render_pdf("print/notice.html", notice_get_public(notice=notice))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="notice-{notice.pk.hex[:8]}.pdf"'
    return response


@login_required
def objection_new(request: HttpRequest, notice_id: str) -> HttpResponse:
    notice = access_public_notice_by_id(notice_id)
    person = getattr(request, "assisting", None) or request.user.person  # type: ignore[union-attr]
    if person is None:
        raise Http404
    form = ObjectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.objection_submit(
                actor=request.user,
                notice=notice,
                person=person,
                text=form.cleaned_data["text"],
                assisted=request.assisting is not None,  # type: ignore[attr-defined]
            )
        except ValidationError as e:
            for field, msgs in e.message_dict.items():
                form.add_error(field if field in form.fields else None, msgs)
        else:
            messages.success(request, _("异议已提交。社区会在规定时间内答复，答复会在公示页公开。"))
            return redirect("notices:detail", notice_id=notice.pk)
    return render(request, "notices/objection_new.html", {"notice": notice, "form": form})


@staff_required("notice_publish")
def staff_objections(request: HttpRequest, notice_id: str) -> HttpResponse:
    notice = access_staff_notice_by_id(request.user, notice_id)
    objections = notice.objections.select_related("submitter")
    return render(
        request,
        "notices/staff_objections.html",
        {"notice": notice, "objections": objections, "form": AnswerForm()},
    )


@staff_required("notice_publish")
def objection_answer(request: HttpRequest, objection_id: str) -> HttpResponse:
    objection = access_objection_by_id(request.user, objection_id)
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with page_feedback(request, _("答复已公开，并已告知提出异议的居民。")):
            services.objection_answer(
                actor=request.user, objection=objection, response=form.cleaned_data["response"]
            )
    else:
        for errs in form.errors.values():
            for m in errs:
                messages.error(request, m)
    return redirect("notices:staff_objections", notice_id=objection.notice_id)
