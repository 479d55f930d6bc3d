from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse

from roundtable.people.access import has_permission


def staff_required(permission: str = "staff_area") -> Callable[..., Any]:
    """Signed-in staff holding `permission` somewhere; anyone else gets the staff sign-in or a 404."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), reverse("accounts:staff_login"))
            if not has_permission(request.user, permission):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
