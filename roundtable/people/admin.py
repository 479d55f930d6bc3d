from django.contrib import admin

from roundtable.lib.admin import AuditedAdmin
from roundtable.people.models import Consent, Person, RoleAssignment


@admin.register(Person)
class PersonAdmin(AuditedAdmin):
    # Hashes and ciphertexts are never shown or edited here.
    fields = [
        "display_name",
        "birth_year",
        "gender",
        "preferred_language",
        "accessibility_needs",
        "id_verification_ref",
    ]
    list_display = ["display_name", "birth_year", "gender"]
    search_fields = ["display_name"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(AuditedAdmin):
    list_display = ["person", "role", "scope", "term_start", "term_end", "status"]
    list_filter = ["role", "status"]
    autocomplete_fields = ["person", "scope"]


@admin.register(Consent)
class ConsentAdmin(AuditedAdmin):
    list_display = ["person", "purpose", "text_version", "granted_at", "withdrawn_at", "channel"]
    list_filter = ["purpose", "channel"]
    readonly_fields = ["granted_at"]
