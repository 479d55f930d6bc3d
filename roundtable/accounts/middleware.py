"""Assisted entry (代录): while a staff member acts for a resident, request.assisting is that resident."""

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse

from roundtable.people.access import access_person_by_id

SESSION_KEY = "assisting_person_id"


class AssistedEntryMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.assisting = None  # type: ignore[attr-defined]
        person_id = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
        if person_id and request.user.is_authenticated:
            try:
                request.assisting = access_person_by_id(request.user, person_id, permission="assisted_entry")  # type: ignore[attr-defined]
            except Http404:
                # The staff member lost the role or the scope: the assisted session ends.
                del request.session[SESSION_KEY]
        return self.get_response(request)
