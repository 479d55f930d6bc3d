from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from roundtable.accounts.models import User


@admin.register(User)
class RoundtableUserAdmin(UserAdmin):  # type: ignore[type-arg]
    list_display = ["username", "person", "is_staff", "is_active"]
    raw_id_fields = ["person"]
    fieldsets = (*UserAdmin.fieldsets, ("Roundtable", {"fields": ["person"]}))  # type: ignore[misc]
