from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from roundtable.accounts.decorators import staff_required
from roundtable.audit.services import audit_list_for_staff
from roundtable.front.selectors import dashboard_for_staff, home_for_user
from roundtable.people.access import has_permission


def home(request: HttpRequest) -> HttpResponse:
    context = {
        "home": home_for_user(user=request.user),
        "is_staff_member": has_permission(request.user, "staff_area"),
    }
    return render(request, "front/home.html", context)


@staff_required()
def staff_dashboard(request: HttpRequest) -> HttpResponse:
    dashboard = dashboard_for_staff(user=request.user, this_year=timezone.localdate().year)
    may = {
        name: has_permission(request.user, name)
        for name in (
            "assisted_entry",
            "outbox_view",
            "audit_view",
            "cycle_manage",
            "idea_triage",
            "vote_manage",
            "paper_ballot_entry",
            "meeting_manage",
            "resolution_track",
        )
    }
    return render(request, "front/staff_dashboard.html", {"dash": dashboard, "may": may})


@staff_required("audit_view")
def audit_log(request: HttpRequest) -> HttpResponse:
    entries = audit_list_for_staff(user=request.user)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "front/audit_log.html", {"page": page})
