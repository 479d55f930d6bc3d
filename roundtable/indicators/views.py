"""The public dashboard per community and cycle (ECharts), the staff drill-down, open data downloads,
feedback letters and the archive."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from roundtable.accounts.decorators import staff_required
from roundtable.cycles.access import access_cycle_by_id
from roundtable.delivery.selectors import delivery_rows, implementations_of_cycle
from roundtable.indicators import services
from roundtable.indicators.models import CycleRecord
from roundtable.indicators.opendata import TABLES, table_csv, votes_pb, workbook
from roundtable.indicators.selectors import access_public_cycle, cycle_figures, public_cycles
from roundtable.lib.feedback import page_feedback
from roundtable.surveys.models import Survey


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "indicators/index.html", {"cycles": public_cycles()})


def cycle_dashboard(request: HttpRequest, cycle_id: str) -> HttpResponse:
    cycle = access_public_cycle(cycle_id)
    figures = cycle_figures(cycle)
    return render(
        request,
        "indicators/cycle.html",
        {"cycle": cycle, "figures": figures, "tables": TABLES, "has_pb": False},
    )


def _snapshot(cycle_id: object) -> dict | None:
    record = CycleRecord.objects.filter(cycle_id=cycle_id, archived_at__isnull=False).first()
    return record.snapshot if record else None


def open_data_csv(request: HttpRequest, cycle_id: str, table: str) -> HttpResponse:
    cycle = access_public_cycle(cycle_id)
    if table not in TABLES:
        raise Http404
    response = HttpResponse(
        table_csv(cycle, table, _snapshot(cycle.pk)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="cycle-{cycle.pk}-{table}.csv"'
    return response


def open_data_xlsx(request: HttpRequest, cycle_id: str) -> HttpResponse:
    cycle = access_public_cycle(cycle_id)
    response = HttpResponse(
        workbook(cycle, _snapshot(cycle.pk)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="cycle-{cycle.pk}.xlsx"'
    return response


def open_data_pb(request: HttpRequest, cycle_id: str) -> HttpResponse:
    """A pool's votes as Pabulib `.pb` (``?pool=<id>`` when the cycle has more than one pool)."""
    cycle = access_public_cycle(cycle_id)
    text = votes_pb(cycle, request.GET.get("pool"))
    if text is None:
        raise Http404
    return HttpResponse(text, content_type="text/plain; charset=utf-8")


@staff_required("indicator_view")
def staff_view(request: HttpRequest, cycle_id: str) -> HttpResponse:
    cycle = access_cycle_by_id(request.user, cycle_id, permission="indicator_view")
    context = {
        "cycle": cycle,
        "figures": cycle_figures(cycle),
        "rows": delivery_rows(implementations_of_cycle(cycle)),
        "surveys": Survey.objects.filter(cycle=cycle).select_related("instrument"),
        "record": CycleRecord.objects.filter(cycle=cycle).first(),
    }
    return render(request, "indicators/staff.html", context)


@staff_required("cycle_manage")
@require_POST
def staff_close(request: HttpRequest, cycle_id: str) -> HttpResponse:
    cycle = access_cycle_by_id(request.user, cycle_id, permission="cycle_manage")
    with page_feedback(request):
        if request.POST.get("action") == "archive":
            services.cycle_archive(actor=request.user, cycle=cycle)
            messages.success(request, _("本周期已归档。"))
        else:
            n = services.feedback_letters_send(actor=request.user, cycle=cycle)
            messages.success(request, _("已给 %(n)s 位提案人发出反馈信。") % {"n": n})
    return redirect("indicators:staff", cycle_id=cycle.pk)
