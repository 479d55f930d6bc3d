from django.contrib import admin

from roundtable.councils.models import Council, Seat
from roundtable.lib.admin import AuditedAdmin


class SeatInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Seat
    extra = 0


@admin.register(Council)
class CouncilAdmin(AuditedAdmin):
    list_display = ["name", "type", "jurisdiction", "seat_count"]
    inlines = [SeatInline]
