from django.contrib import admin

from roundtable.communities.models import Household, Jurisdiction, Organization
from roundtable.lib.admin import AuditedAdmin


@admin.register(Jurisdiction)
class JurisdictionAdmin(AuditedAdmin):
    list_display = ["name", "level", "parent", "code"]
    list_filter = ["level"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent", "grid"]


@admin.register(Household)
class HouseholdAdmin(AuditedAdmin):
    list_display = ["address_label", "household_type", "owner_flag"]
    list_filter = ["household_type"]
    autocomplete_fields = ["unit"]


@admin.register(Organization)
class OrganizationAdmin(AuditedAdmin):
    list_display = ["name", "type", "jurisdiction"]
    list_filter = ["type"]
    search_fields = ["name"]
