"""The closing record of a cycle (P12): when feedback letters went out and the frozen archive.

Once archived, the cycle's published indicators and open data are the snapshot stored here, and the
delivery and survey services refuse further writes for the cycle.
"""

from django.conf import settings
from django.db import models

from roundtable.cycles.models import Cycle


class CycleRecord(models.Model):
    cycle = models.OneToOneField(Cycle, on_delete=models.PROTECT, related_name="record")
    feedback_sent_at = models.DateTimeField(null=True, blank=True)
    feedback_letters = models.PositiveIntegerField(default=0)
    archived_at = models.DateTimeField(null=True, blank=True)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    snapshot = models.JSONField(default=dict, blank=True)
    open_data_sha256 = models.CharField(max_length=64, blank=True)
