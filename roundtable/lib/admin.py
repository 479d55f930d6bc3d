"""Admin for staff reference data: every change is audited, and no text field accepts an ID-card number."""

from typing import Any

from django import forms
from django.contrib import admin
from django.db import transaction
from django.db.models import Model
from django.http import HttpRequest

from roundtable.audit.services import audit_record
from roundtable.people.forms import PrivacyFormMixin


class PrivacyModelForm(PrivacyFormMixin, forms.ModelForm):  # type: ignore[type-arg]
    pass


class AuditedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = PrivacyModelForm

    def save_model(self, request: HttpRequest, obj: Model, form: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            verb = "change" if change else "add"
            changed = list(form.changed_data) if change else []
            audit_record(actor=request.user, action=f"admin.{verb}", target=obj, data={"fields": changed})

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        with transaction.atomic():
            audit_record(actor=request.user, action="admin.delete", target=obj)
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        with transaction.atomic():
            for obj in queryset:
                audit_record(actor=request.user, action="admin.delete", target=obj)
            super().delete_queryset(request, queryset)
