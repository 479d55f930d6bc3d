from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from roundtable.lib.admin import AuditedAdmin
from roundtable.rulebooks.models import Rulebook


@admin.register(Rulebook)
class RulebookAdmin(AuditedAdmin):
    list_display = ["name", "version", "status", "effective_from"]
    list_filter = ["status"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Adopted versions are frozen; changes go through a new version.
        return super().has_change_permission(request, obj) and (
            obj is None or obj.status == Rulebook.Status.DRAFT
        )
