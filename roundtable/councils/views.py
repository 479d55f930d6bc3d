"""Staff pages for bodies: list and create, seats and observers, alerts."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from roundtable.accounts.decorators import staff_required
from roundtable.councils import services
from roundtable.councils.access import (
    access_alert_by_id,
    access_council_by_id,
    access_observer_by_id,
    access_seat_by_id,
    councils_in_scope,
)
from roundtable.councils.forms import CouncilForm, ObserverForm, RulebookChangeForm, SeatEndForm, SeatForm
from roundtable.councils.selectors import alert_list_open, council_get_detail
from roundtable.lib.feedback import page_feedback
from roundtable.people.access import scopes_with


def add_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, msgs in error.message_dict.items():
            form.add_error(field if field in form.fields else None, msgs)
    else:
        form.add_error(None, error.messages)


@staff_required("council_manage")
def council_list(request: HttpRequest) -> HttpResponse:
    form = CouncilForm(request.POST or None, scopes=scopes_with(request.user, "council_manage"))
    if request.method == "POST" and form.is_valid():
        try:
            council = services.council_create(actor=request.user, **form.cleaned_data)
        except ValidationError as e:
            add_errors(form, e)
        else:
            messages.success(request, _("已建立 %(n)s。") % {"n": council.name})
            return redirect("meetings:council_detail", council_id=council.pk)
    context = {
        "councils": councils_in_scope(request.user).order_by("name"),
        "form": form,
        "alerts": alert_list_open(user=request.user)[:20],
    }
    return render(request, "councils/list.html", context)


def _forms(council: Any, data: Any = None, which: str = "") -> dict[str, Any]:
    return {
        "seat_form": SeatForm(data if which == "seat" else None, council=council),
        "observer_form": ObserverForm(data if which == "observer" else None, council=council),
        "rulebook_form": RulebookChangeForm(
            data if which == "rulebook" else None, initial={"rulebook": council.rulebook}
        ),
    }


@staff_required("council_manage")
def council_detail(request: HttpRequest, council_id: str) -> HttpResponse:
    council = access_council_by_id(request.user, council_id)
    which = request.POST.get("form", "") if request.method == "POST" else ""
    forms = _forms(council, request.POST, which)
    form = forms.get(f"{which}_form")
    if form is not None and form.is_valid():
        try:
            _apply(request, council, which, form.cleaned_data)
        except ValidationError as e:
            add_errors(form, e)
        else:
            messages.success(request, _("已保存。"))
            return redirect("meetings:council_detail", council_id=council.pk)
    detail = council_get_detail(council=council, user=request.user)
    return render(
        request, "councils/detail.html", {"d": detail, "end_form": SeatEndForm(), "which": which, **forms}
    )


def _apply(request: HttpRequest, council: Any, which: str, data: dict[str, Any]) -> None:
    if which == "seat":
        services.seat_fill(actor=request.user, council=council, **data)
    elif which == "observer":
        services.observer_register(actor=request.user, council=council, **data)
    elif which == "rulebook":
        services.council_set_rulebook(actor=request.user, council=council, rulebook=data["rulebook"])


@require_POST
@staff_required("council_manage")
def seat_end(request: HttpRequest, seat_id: str) -> HttpResponse:
    seat = access_seat_by_id(request.user, seat_id)
    form = SeatEndForm(request.POST)
    with page_feedback(request, _("席位已终止。")):
        if not form.is_valid():
            raise ValidationError(form.errors["reason"][0])
        services.seat_end(actor=request.user, seat=seat, reason=form.cleaned_data["reason"])
    return redirect("meetings:council_detail", council_id=seat.council_id)


@require_POST
@staff_required("council_manage")
def observer_remove(request: HttpRequest, observer_id: str) -> HttpResponse:
    observer = access_observer_by_id(request.user, observer_id)
    services.observer_remove(actor=request.user, observer=observer)
    messages.success(request, _("已不再列席。"))
    return redirect("meetings:council_detail", council_id=observer.council_id)


@require_POST
@staff_required()
def alert_resolve(request: HttpRequest, alert_id: str) -> HttpResponse:
    alert = access_alert_by_id(request.user, alert_id)
    services.staff_alert_resolve(actor=request.user, alert=alert)
    messages.success(request, _("提醒已处理。"))
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return redirect(next_url)
    return redirect("meetings:council_list")
