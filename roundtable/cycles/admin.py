from django.contrib import admin

from roundtable.cycles.models import Fund
from roundtable.lib.admin import AuditedAdmin


@admin.register(Fund)
class FundAdmin(AuditedAdmin):
    list_display = ("name", "source", "fiscal_year", "amount_total", "jurisdiction")
