from typing import Any

from django.http import HttpRequest


def assisted_entry(request: HttpRequest) -> dict[str, Any]:
    return {"assisting": getattr(request, "assisting", None)}
