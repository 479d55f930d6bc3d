"""Staff pages about residents: the roll, registration by 代录, and acting for a resident."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from roundtable.accounts.decorators import staff_required
from roundtable.accounts.middleware import SESSION_KEY
from roundtable.people.access import access_person_by_id, scopes_with
from roundtable.people.forms import ResidentRegistrationForm, RosterImportForm
from roundtable.people.importing import MAX_BYTES, residents_import
from roundtable.people.selectors import person_list_for_staff, residency_list_for_person
from roundtable.people.services import assist_log, person_register


@staff_required("person_view")
def resident_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    people = person_list_for_staff(user=request.user, query=query)
    page = Paginator(people, 30).get_page(request.GET.get("page"))
    return render(request, "people/resident_list.html", {"page": page, "q": query})


@staff_required("person_view")
def resident_detail(request: HttpRequest, person_id: str) -> HttpResponse:
    person = access_person_by_id(request.user, person_id)
    context = {"person": person, "residencies": residency_list_for_person(person=person)}
    return render(request, "people/resident_detail.html", context)


@staff_required("assisted_entry")
def resident_register(request: HttpRequest) -> HttpResponse:
    form = ResidentRegistrationForm(request.POST or None, scopes=scopes_with(request.user, "assisted_entry"))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = person_register(
                actor=request.user,
                display_name=data["display_name"],
                legal_name=data["legal_name"],
                phone=data["phone"],
                birth_year=data["birth_year"],
                gender=data["gender"],
                community=data["community"],
                unit=data["unit"],
                basis=data["basis"],
                household_type=data["household_type"],
                channel=data["channel"],
                consents=form.consents(),
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("已为 %(name)s 完成代录登记。") % {"name": person.display_name})
            return redirect("people:detail", person_id=person.pk)
    return render(request, "people/resident_register.html", {"form": form})


@require_POST
@staff_required("assisted_entry")
def assist_begin(request: HttpRequest, person_id: str) -> HttpResponse:
    person = access_person_by_id(request.user, person_id, permission="assisted_entry")
    assist_log(staff=request.user, person=person, starting=True)
    request.session[SESSION_KEY] = str(person.pk)
    return redirect("front:home")


@require_POST
@staff_required("assisted_entry")
def assist_finish(request: HttpRequest) -> HttpResponse:
    person = getattr(request, "assisting", None)
    if person is not None:
        assist_log(staff=request.user, person=person, starting=False)
    request.session.pop(SESSION_KEY, None)
    return redirect("front:staff_dashboard")


@staff_required("assisted_entry")
def roster_import(request: HttpRequest) -> HttpResponse:
    scopes = scopes_with(request.user, "assisted_entry")
    form = RosterImportForm(request.POST or None, request.FILES or None, scopes=scopes)
    report = None
    if request.method == "POST" and form.is_valid():
        raw = form.cleaned_data["file"].read(MAX_BYTES + 1)
        report = residents_import(
            actor=request.user, raw=raw, community=form.cleaned_data["community"], scopes=scopes
        )
        if not report.errors:
            messages.success(request, _("已导入 %(n)s 位居民。") % {"n": report.imported})
            return redirect("people:list")
    return render(request, "people/roster_import.html", {"form": form, "report": report})
