from django.contrib import admin

from roundtable.councils.models import Council, Observer, Seat
from roundtable.lib.admin import AuditedAdmin


class SeatInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Seat
    extra = 0
    fields = [
        "constituency",
        "constituency_kind",
        "reserved_category",
        "holder",
        "term_start",
        "term_end",
        "status",
    ]
    readonly_fields = ["status"]


class ObserverInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Observer
    extra = 0


@admin.register(Council)
class CouncilAdmin(AuditedAdmin):
    list_display = ["name", "type", "jurisdiction", "seat_count"]
    inlines = [SeatInline, ObserverInline]
