"""Staff pages to set up a cycle."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from roundtable.accounts.decorators import staff_required
from roundtable.cycles import services
from roundtable.cycles.access import access_cycle_by_id, cycles_in_scope
from roundtable.cycles.forms import CycleForm, NegativeItemForm, PhaseForm, PoolForm, RulebookChangeForm
from roundtable.cycles.selectors import cycle_get_detail
from roundtable.lib.feedback import page_feedback
from roundtable.people.access import scopes_with


@staff_required("cycle_manage")
def cycle_list(request: HttpRequest) -> HttpResponse:
    return render(request, "cycles/cycle_list.html", {"cycles": cycles_in_scope(request.user)})


@staff_required("cycle_manage")
def cycle_new(request: HttpRequest) -> HttpResponse:
    form = CycleForm(request.POST or None, scopes=scopes_with(request.user, "cycle_manage"))
    if request.method == "POST" and form.is_valid():
        try:
            cycle = services.cycle_create(actor=request.user, **form.cleaned_data)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            return redirect("cycles:detail", cycle_id=cycle.pk)
    return render(request, "cycles/cycle_new.html", {"form": form})


def _detail_forms(cycle, data=None, which=""):  # type: ignore[no-untyped-def]
    return {
        "rulebook_form": RulebookChangeForm(
            data if which == "rulebook" else None, initial={"rulebook": cycle.rulebook}
        ),
        "phase_form": PhaseForm(data if which == "phase" else None),
        "pool_form": PoolForm(data if which == "pool" else None, cycle_place=cycle.jurisdiction),
        "negative_form": NegativeItemForm(data if which == "negative" else None),
    }


@staff_required("cycle_manage")
def cycle_detail(request: HttpRequest, cycle_id: str) -> HttpResponse:
    cycle = access_cycle_by_id(request.user, cycle_id)
    which = request.POST.get("form", "") if request.method == "POST" else ""
    forms = _detail_forms(cycle, request.POST, which)
    form = forms.get(f"{which}_form")
    if form is not None and form.is_valid():
        try:
            _apply(request, cycle, which, form.cleaned_data)
        except ValidationError as e:
            form.add_error(None, e) if not hasattr(e, "error_dict") else _add(form, e)
        else:
            messages.success(request, _("已保存。"))
            return redirect("cycles:detail", cycle_id=cycle.pk)
    return render(request, "cycles/cycle_detail.html", {"cycle": cycle_get_detail(cycle=cycle), **forms})


def _add(form, error):  # type: ignore[no-untyped-def]
    for field, msgs in error.message_dict.items():
        form.add_error(field if field in form.fields else None, msgs)


def _apply(request, cycle, which, data):  # type: ignore[no-untyped-def]
    if which == "rulebook":
        services.cycle_set_rulebook(actor=request.user, cycle=cycle, rulebook=data["rulebook"])
    elif which == "phase":
        services.phase_set(actor=request.user, cycle=cycle, **data)
    elif which == "pool":
        services.pool_create(actor=request.user, cycle=cycle, **data)
    elif which == "negative":
        services.negative_item_add(actor=request.user, cycle=cycle, **data)


@require_POST
@staff_required("cycle_manage")
def cycle_start(request: HttpRequest, cycle_id: str) -> HttpResponse:
    cycle = access_cycle_by_id(request.user, cycle_id)
    with page_feedback(request, _("周期已启动。")):
        services.cycle_start(actor=request.user, cycle=cycle)
    return redirect("cycles:detail", cycle_id=cycle.pk)


@staff_required("idea_triage")
def cycle_work(request: HttpRequest, cycle_id: str) -> HttpResponse:
    from roundtable.cycles.worklist import work_list
    from roundtable.ideas.access import ideas_in_scope

    cycle = access_cycle_by_id(request.user, cycle_id, permission="idea_triage")
    stages = work_list(cycle=cycle, ideas=ideas_in_scope(request.user))
    return render(request, "cycles/work.html", {"cycle": cycle, "stages": stages})
