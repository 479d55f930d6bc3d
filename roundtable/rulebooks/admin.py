from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _

from roundtable.lib.admin import AuditedAdmin, PrivacyModelForm
from roundtable.rulebooks.models import Rulebook
from roundtable.rulebooks.parameters import ParameterError, parameters_clean, parameters_to_json


class RulebookForm(PrivacyModelForm):
    """The parameters are checked as the services check them: each bad key is named with the reason."""

    def clean_parameters(self) -> dict[str, Any]:
        raw = self.cleaned_data.get("parameters")
        if not isinstance(raw, dict):
            raise ValidationError(_('参数应为一个 JSON 对象，例如 {"council_size": 15}。'))
        try:
            return parameters_to_json(parameters_clean(raw))
        except ParameterError as e:
            raise ValidationError([f"{k}: {v}" for k, v in e.errors.items()]) from None


@admin.register(Rulebook)
class RulebookAdmin(AuditedAdmin):
    form = RulebookForm
    list_display = ["name", "version", "status", "effective_from"]
    list_filter = ["status"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Adopted versions are frozen; changes go through a new version.
        return super().has_change_permission(request, obj) and (
            obj is None or obj.status == Rulebook.Status.DRAFT
        )
